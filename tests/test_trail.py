"""Every answered call is in the audit trail, shaped like CloudTrail, without secrets."""

from __future__ import annotations

import json

import boto3
from tests.helpers import aws_error, client_for

from iammock import IAMMock


def test_calls_and_errors_are_recorded(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("NoSuchEntity"):
        iam.get_user(UserName="ghost")
    with aws_error("AccessDenied"):
        client_for("iam", key).list_users()

    created = iam_mock.trail.events(event_name="CreateUser")
    assert len(created) == 1
    event = created[0]
    assert event["eventSource"] == "iam.amazonaws.com"
    assert event["userIdentity"]["type"] == "Root"
    assert event["requestParameters"] == {"userName": "alice"}
    assert event["responseElements"]["user"]["userName"] == "alice"
    assert event["awsRegion"] == "us-east-1" and event["sourceIPAddress"] == "203.0.113.10"

    key_event = iam_mock.trail.events(event_name="CreateAccessKey")[0]
    assert key_event["responseElements"]["accessKey"]["secretAccessKey"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    assert key["SecretAccessKey"] not in json.dumps(iam_mock.trail.events(), default=str)

    missing = iam_mock.trail.events(error_code="NoSuchEntity")[0]
    assert missing["errorMessage"] == "The user with name ghost cannot be found."
    denied = iam_mock.trail.events(principal="arn:aws:iam::123456789012:user/alice")
    assert [e["errorCode"] for e in denied] == ["AccessDenied"]
    assert denied[0]["userIdentity"]["userName"] == "alice"


def test_trail_survives_stop_until_next_start() -> None:
    from iammock import mock_iam

    mock = mock_iam()
    with mock:
        boto3.client("sts").get_caller_identity()
    assert [e["eventName"] for e in mock.trail.events()] == ["GetCallerIdentity"]
    with mock:
        assert mock.trail.events() == []


def test_only_changes_show_their_response(iam_mock: IAMMock) -> None:
    """CloudTrail's responseElements is present for actions that make changes, not for reads."""
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.get_user(UserName="alice")
    iam.list_users()
    sts = boto3.client("sts")
    sts.get_caller_identity()
    sts.get_session_token()

    def shown(name: str) -> object:
        return iam_mock.trail.events(event_name=name)[0]["responseElements"]

    assert shown("CreateUser") is not None
    assert [shown(name) for name in ("GetUser", "ListUsers", "GetCallerIdentity")] == [None, None, None]
    # Read-only by name, but it issues credentials: CloudTrail shows them (the token hidden).
    issued = shown("GetSessionToken")
    assert isinstance(issued, dict)
    assert issued["credentials"]["sessionToken"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
