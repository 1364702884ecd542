"""GetHumanReadableSummary for delegation requests: template-written, with the request's visibility."""

from __future__ import annotations

import boto3
from tests.helpers import aws_error
from tests.iam.test_delegation import _create

from iammock import IAMMock


def test_summary_of_a_delegation_request(iam_mock: IAMMock) -> None:
    partner = boto3.client("iam")
    request_id = _create(partner)
    arn = f"arn:aws:iam::123456789012:delegation-request/{request_id}"
    summary = partner.get_human_readable_summary(EntityArn=arn)
    assert summary["SummaryState"] == "AVAILABLE"
    assert summary["Locale"] == "en"
    assert "policy-template/ReadOnly" in summary["SummaryContent"]
    assert "bucket=b" in summary["SummaryContent"] and "1 hour" in summary["SummaryContent"]
    other = partner.get_human_readable_summary(EntityArn=arn, Locale="ja")
    assert other["SummaryState"] == "NOT_SUPPORTED" and other["SummaryContent"] == ""


def test_unsupported_entity_and_unknown_request(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    with aws_error("InvalidInput", 400):
        iam.get_human_readable_summary(EntityArn="arn:aws:iam::123456789012:user/alice")
    with aws_error("NoSuchEntity", 404):
        iam.get_human_readable_summary(EntityArn="arn:aws:iam::123456789012:delegation-request/dr-missing")
