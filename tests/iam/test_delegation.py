"""Delegation requests: the state machine the API reference describes."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

CUSTOMER = "210987654321"
PERMISSIONS = {
    "PolicyTemplateArn": "arn:aws:iam::aws:policy-template/ReadOnly",
    "Parameters": [{"Name": "bucket", "Values": ["b"], "Type": "string"}],
}


@pytest.fixture
def partner(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


@pytest.fixture
def customer(iam_mock: IAMMock) -> object:
    key = iam_mock.backend.account(CUSTOMER).root_key
    return client_for("iam", {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret})


def _create(partner, **extra) -> str:  # type: ignore[no-untyped-def]
    answer = partner.create_delegation_request(
        Description="read access",
        Permissions=PERMISSIONS,
        RequestorWorkflowId=extra.pop("workflow", "workflow-1"),
        NotificationChannel="arn:aws:sns:us-east-1:123456789012:topic",
        SessionDuration=3600,
        **extra,
    )
    assert answer["ConsoleDeepLink"].startswith("https://")
    return str(answer["DelegationRequestId"])


def test_full_lifecycle(iam_mock: IAMMock, partner, customer) -> None:  # type: ignore[no-untyped-def]
    request_id = _create(partner)
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "UNASSIGNED" and got["RequestorId"] == "123456789012"
    assert got["Permissions"] == PERMISSIONS
    assert customer.list_delegation_requests()["DelegationRequests"] == []  # no owner yet
    customer.associate_delegation_request(DelegationRequestId=request_id)
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "ASSIGNED" and got["OwnerAccountId"] == CUSTOMER
    assert got["OwnerId"] == f"arn:aws:iam::{CUSTOMER}:root"
    customer.update_delegation_request(DelegationRequestId=request_id, Notes="looks fine")
    listed = customer.list_delegation_requests()
    assert [r["State"] for r in listed["DelegationRequests"]] == ["PENDING_APPROVAL"]
    assert listed["isTruncated"] is False
    with aws_error("InvalidInput", 400):
        customer.send_delegation_token(DelegationRequestId=request_id)
    customer.accept_delegation_request(DelegationRequestId=request_id)
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "ACCEPTED" and got["ApproverId"] == f"arn:aws:iam::{CUSTOMER}:root"
    customer.send_delegation_token(DelegationRequestId=request_id)
    assert (
        customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]["State"]
        == "FINALIZED"
    )
    before = plain(iam_mock.backend.snapshot())
    with aws_error("InvalidInput", 400):
        customer.reject_delegation_request(DelegationRequestId=request_id)
    assert plain(iam_mock.backend.snapshot()) == before


def test_reject(partner, customer) -> None:  # type: ignore[no-untyped-def]
    request_id = _create(partner, OwnerAccountId=CUSTOMER)
    assert (
        customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]["State"]
        == "ASSIGNED"
    )
    customer.reject_delegation_request(DelegationRequestId=request_id, Notes="no")
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "REJECTED" and got["RejectionReason"] == "no"
    with aws_error("InvalidInput", 400):
        customer.accept_delegation_request(DelegationRequestId=request_id)


def test_visibility_and_duplicates(iam_mock: IAMMock, partner, customer) -> None:  # type: ignore[no-untyped-def]
    request_id = _create(partner, OwnerAccountId="111122223333")
    with aws_error("NoSuchEntity", 404):
        customer.get_delegation_request(DelegationRequestId=request_id)
    with aws_error("NoSuchEntity", 404):
        customer.associate_delegation_request(DelegationRequestId=request_id)
    with aws_error("EntityAlreadyExists", 409):
        _create(partner)
    with aws_error("NoSuchEntity", 404):
        partner.get_delegation_request(DelegationRequestId="dr-" + "0" * 32)
