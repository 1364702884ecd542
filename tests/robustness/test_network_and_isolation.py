"""No network, ever; no state from one test reaches the next; handler bugs never reach users as tracebacks."""

from __future__ import annotations

import json
import logging
import socket
from typing import Any

import boto3
import botocore.endpoint
import botocore.httpsession
import pytest
from botocore.exceptions import ClientError

from iammock import IAMMock, mock_iam
from iammock.backend import registry
from iammock.hook import dispatch

ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)


# -- the guard itself ---------------------------------------------------------------------------------


def test_the_suite_guard_refuses_raw_connections() -> None:
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.create_connection(("192.0.2.1", 443), timeout=0.01)
    with pytest.raises(AssertionError, match="network access attempted"):
        socket.getaddrinfo("iam.amazonaws.com", 443)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as raw, pytest.raises(AssertionError):
        raw.connect(("192.0.2.1", 443))


def workload(mock: IAMMock) -> None:
    """A mixed IAM and STS workload, including failures and a session's own calls."""
    iam = boto3.client("iam")
    sts = boto3.client("sts")
    iam.create_user(UserName="net")
    key = iam.create_access_key(UserName="net")["AccessKey"]
    iam.put_user_policy(UserName="net", PolicyName="all", PolicyDocument=ALLOW_ALL)
    arn = iam.create_policy(PolicyName="p", PolicyDocument=ALLOW_ALL)["Policy"]["Arn"]
    iam.attach_user_policy(UserName="net", PolicyArn=arn)
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    with pytest.raises(ClientError):
        iam.get_user(UserName="nobody")
    as_user_sts = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    creds = as_user_sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="net")[
        "Credentials"
    ]
    session = boto3.client(
        "sts",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    assert ":assumed-role/r/net" in session.get_caller_identity()["Arn"]
    as_user = boto3.client(
        "iam", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    assert as_user.list_users()["Users"]
    list(iam.get_paginator("list_policies").paginate(Scope="Local"))
    sts.get_session_token()


def test_iammock_never_sends_a_request(monkeypatch: pytest.MonkeyPatch) -> None:
    sent: list[Any] = []

    def loud(*args: Any, **kwargs: Any) -> None:
        sent.append(args)
        raise AssertionError("iammock let a request reach botocore's HTTP layer")

    monkeypatch.setattr(botocore.endpoint.Endpoint, "_send", loud)
    monkeypatch.setattr(botocore.httpsession.URLLib3Session, "send", loud)
    with mock_iam() as mock:
        workload(mock)
    assert not sent


# -- isolation: a pair of tests, in either order, each sees an empty mock --------------------------------


def _assert_empty_then_fill(mock: IAMMock) -> None:
    iam = boto3.client("iam")
    assert iam.list_users()["Users"] == []
    assert iam.list_roles()["Roles"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert len(mock.trail) == 3
    assert len(mock.backend.access_keys) == 1  # the root key only
    workload(mock)


def test_isolation_first_of_pair(iam_mock: IAMMock) -> None:
    _assert_empty_then_fill(iam_mock)


def test_isolation_second_of_pair(iam_mock: IAMMock) -> None:
    _assert_empty_then_fill(iam_mock)


def test_no_mock_leaks_out_of_a_test() -> None:
    assert dispatch.active() is None
    with mock_iam():
        pass
    assert dispatch.active() is None


# -- an unexpected exception inside a handler -----------------------------------------------------------


@pytest.fixture
def broken_get_user(monkeypatch: pytest.MonkeyPatch) -> None:
    real = registry.handler_for

    def boom(call: Any, params: dict[str, Any]) -> None:
        raise ZeroDivisionError("handler bug")

    def handler_for(service: str, name: str) -> Any:
        return boom if name in ("GetUser", "GetCallerIdentity") else real(service, name)

    monkeypatch.setattr(registry, "handler_for", handler_for)


@pytest.mark.iammock_internal_failure
def test_in_the_suite_a_handler_bug_is_what_users_get(iam_mock: IAMMock, broken_get_user: None) -> None:
    # The suite's wire check is an extra assertion, not another program: the fault is answered as for
    # users, and the suite's conftest fails the test that met it (unless marked, as here).
    assert dispatch.WIRE_CHECK
    with pytest.raises(ClientError) as caught:
        boto3.client("iam").get_user()
    error = caught.value.response["Error"]
    assert error["Code"] == "ServiceFailure"
    assert error["Type"] == "Receiver"
    assert "ZeroDivisionError raised inside iammock" in error["Message"]
    assert "test_network_and_isolation.py" in error["Message"]  # where it was raised
    assert "bug in iammock" in error["Message"]


@pytest.mark.iammock_internal_failure
def test_for_users_a_handler_bug_is_a_service_failure_and_logged(
    iam_mock: IAMMock,
    broken_get_user: None,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    monkeypatch.setattr(dispatch, "WIRE_CHECK", False)
    caplog.set_level(logging.ERROR, logger="iammock")
    with pytest.raises(ClientError) as caught:
        boto3.client("iam").get_user(UserName="someone")
    response = caught.value.response
    assert response["Error"]["Code"] == "ServiceFailure"
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 500
    with pytest.raises(ClientError) as caught:
        boto3.client("sts").get_caller_identity()
    assert caught.value.response["Error"]["Code"] == "InternalFailure"
    records = [r for r in caplog.records if r.name == "iammock"]
    assert len(records) == 2
    assert records[0].exc_info is not None and records[0].exc_info[0] is ZeroDivisionError
    assert "GetUser" in records[0].getMessage() and "someone" not in records[0].getMessage()
    failed = iam_mock.trail.events(failed=True)
    assert [e["errorCode"] for e in failed] == ["ServiceFailure", "InternalFailure"]
    # The mock goes on answering.
    assert boto3.client("iam").list_users()["Users"] == []
