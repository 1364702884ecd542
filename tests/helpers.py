"""Small helpers shared by the black-box tests."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError


@contextmanager
def aws_error(code: str, status: int | None = None, message: str | None = None) -> Iterator[dict[str, Any]]:
    """Expect a ClientError with this code (and HTTP status / exact message); yields its Error dict."""
    found: dict[str, Any] = {}
    with pytest.raises(ClientError) as caught:
        yield found
    error = caught.value.response["Error"]
    found.update(error)
    assert error["Code"] == code, error
    if status is not None:
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == status
    if message is not None:
        assert error["Message"] == message


def client_for(service: str, key: dict[str, Any]) -> Any:
    """A client signing with credentials as IAM's or STS's answers hand them out."""
    return boto3.client(
        service,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        aws_session_token=key.get("SessionToken"),
    )


def unchanged(snapshot: Callable[[], Any]) -> Any:
    return snapshot()
