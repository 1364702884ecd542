"""moto side by side: IAM and STS answered by iammock, every other service by moto.

moto hooks botocore sessions created after it is imported, so it is imported at module level
(in an application suite: at the top of conftest.py).
"""

from __future__ import annotations

import boto3
import pytest

from iammock import IAMMock, mock_iam

moto = pytest.importorskip("moto")


def test_moto_answers_s3_while_iammock_answers_iam(iam_mock: IAMMock) -> None:
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="side-by-side")
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["side-by-side"]
        boto3.client("iam").create_user(UserName="from-iammock")
        assert boto3.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{iam_mock.account_id}:root"
    assert "from-iammock" in iam_mock.backend.accounts[iam_mock.account_id].users
    assert iam_mock.trail.events(event_name="CreateUser")


def test_moto_started_first() -> None:
    with moto.mock_aws(), mock_iam() as aws:
        boto3.client("s3", region_name="us-east-1").create_bucket(Bucket="bucket-one")
        boto3.client("iam").create_user(UserName="u")
        assert "u" in aws.backend.accounts[aws.account_id].users
