"""A conftest.py to copy into an application's test suite.

iammock's fixtures (``iam_mock`` …) come from its pytest plugin as soon as it is installed; this
file only shows how an application typically builds on them.
"""

from __future__ import annotations

from collections.abc import Iterator

import boto3
import pytest

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> Iterator[object]:
    """An IAM client acting as the root of the mock's default account."""
    yield boto3.client("iam")


@pytest.fixture
def alice(iam: object, iam_mock: IAMMock) -> boto3.Session:
    """A boto3 session signing as an IAM user of the default account."""
    iam.create_user(UserName="alice")  # type: ignore[attr-defined]
    key = iam.create_access_key(UserName="alice")["AccessKey"]  # type: ignore[attr-defined]
    return boto3.Session(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
