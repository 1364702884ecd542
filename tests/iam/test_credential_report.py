"""The credential report through boto3."""

from __future__ import annotations

import csv
import io

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock
from iammock.backend.iam.credential_report import COLUMNS


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def _rows(iam) -> list[dict[str, str]]:  # type: ignore[no-untyped-def]
    content = iam.get_credential_report()["Content"].decode()
    reader = csv.DictReader(io.StringIO(content))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    return list(reader)


def test_not_present_until_generated(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("ReportNotPresent", 410):
        iam.get_credential_report()
    first = iam.generate_credential_report()
    assert first["State"] == "STARTED"
    assert first["Description"] == "No report exists. Starting a new report generation task"
    second = iam.generate_credential_report()
    assert second["State"] == "COMPLETE" and "Description" not in second
    report = iam.get_credential_report()
    assert report["ReportFormat"] == "text/csv" and report["GeneratedTime"].tzinfo is not None


def test_rows_reflect_state(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="bob")
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Secret-123-abc")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    second = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.update_access_key(UserName="alice", AccessKeyId=second["AccessKeyId"], Status="Inactive")
    boto3.client(
        "sts",
        region_name="eu-west-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    ).get_caller_identity()
    iam.generate_credential_report()
    root, alice, bob = _rows(iam)
    assert root["user"] == "<root_account>" and root["arn"] == "arn:aws:iam::123456789012:root"
    assert root["password_enabled"] == "not_supported"
    assert root["password_last_changed"] == root["password_next_rotation"] == "not_supported"
    assert root["access_key_1_active"] == "true"  # the mock's root key, in the environment
    assert alice["user"] == "alice" and alice["arn"] == "arn:aws:iam::123456789012:user/alice"
    assert alice["password_enabled"] == "true" and alice["password_last_used"] == "no_information"
    assert alice["password_last_changed"].endswith("+00:00") and alice["password_next_rotation"] == "N/A"
    assert alice["mfa_active"] == "false"
    assert alice["access_key_1_active"] == "true" and alice["access_key_1_last_rotated"].endswith("+00:00")
    assert alice["access_key_1_last_used_region"] == "eu-west-1"
    assert alice["access_key_1_last_used_service"] == "sts"
    assert alice["access_key_1_last_used_date"].endswith("+00:00")
    assert alice["access_key_2_active"] == "false" and alice["access_key_2_last_used_date"] == "N/A"
    assert alice["cert_1_active"] == "false" and alice["cert_1_last_rotated"] == "N/A"
    assert bob["password_enabled"] == "false"
    assert [bob[c] for c in ("password_last_used", "password_last_changed", "password_next_rotation")] == [
        "N/A"
    ] * 3
    assert bob["access_key_1_active"] == "false" and bob["access_key_1_last_rotated"] == "N/A"


def test_password_policy_max_age_sets_next_rotation(iam) -> None:  # type: ignore[no-untyped-def]
    iam.update_account_password_policy(MaxPasswordAge=90)
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password="Secret-123-abc")
    iam.generate_credential_report()
    alice = _rows(iam)[1]
    assert alice["password_next_rotation"] != "N/A"


def test_report_is_a_snapshot(iam) -> None:  # type: ignore[no-untyped-def]
    iam.generate_credential_report()
    iam.create_user(UserName="late")
    assert [r["user"] for r in _rows(iam)] == ["<root_account>"]


def test_non_root_user_is_denied(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403):
        client_for("iam", key).generate_credential_report()
