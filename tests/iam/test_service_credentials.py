"""Service-specific credentials through boto3."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error
from tests.iam.state_helpers import plain

from iammock import IAMMock

ACCT = "123456789012"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_user(UserName="alice")
    return client


def test_codecommit_credential_lifecycle(iam: Any, iam_mock: IAMMock) -> None:
    cred = iam.create_service_specific_credential(UserName="alice", ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"
    ]
    cred_id = cred["ServiceSpecificCredentialId"]
    assert cred_id.startswith("ACCA") and cred["Status"] == "Active"
    assert cred["ServiceUserName"] == f"alice-at-{ACCT}" and len(cred["ServicePassword"]) == 44
    assert "ExpirationDate" not in cred
    stored = iam_mock.backend.accounts[ACCT].users["alice"].service_specific_credentials[cred_id]
    assert cred["ServicePassword"] not in repr(stored)
    listed = iam.list_service_specific_credentials(UserName="alice")["ServiceSpecificCredentials"]
    assert [c["ServiceSpecificCredentialId"] for c in listed] == [
        cred_id
    ] and "ServicePassword" not in listed[0]
    reset = iam.reset_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=cred_id)[
        "ServiceSpecificCredential"
    ]
    assert reset["ServicePassword"] != cred["ServicePassword"]
    iam.update_service_specific_credential(
        UserName="alice", ServiceSpecificCredentialId=cred_id, Status="Inactive"
    )
    assert iam.list_service_specific_credentials(UserName="alice")["ServiceSpecificCredentials"][0][
        "Status"
    ] == ("Inactive")
    with aws_error("DeleteConflict", 409):
        iam.delete_user(UserName="alice")
    iam.delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=cred_id)
    with aws_error("NoSuchEntity", 404, f"No such credential {cred_id} exists"):
        iam.delete_service_specific_credential(UserName="alice", ServiceSpecificCredentialId=cred_id)
    iam.delete_user(UserName="alice")


def test_two_per_service_and_unsupported_services(iam: Any, iam_mock: IAMMock) -> None:
    for _ in range(2):
        iam.create_service_specific_credential(UserName="alice", ServiceName="cassandra.amazonaws.com")
    before = plain(iam_mock.backend.snapshot())
    with aws_error("LimitExceeded", 409):
        iam.create_service_specific_credential(UserName="alice", ServiceName="cassandra.amazonaws.com")
    with aws_error("NotSupportedService", 404):
        iam.create_service_specific_credential(UserName="alice", ServiceName="s3.amazonaws.com")
    with aws_error("InvalidInput", 400):
        iam.create_service_specific_credential(
            UserName="alice", ServiceName="codecommit.amazonaws.com", CredentialAgeDays=5
        )
    with aws_error("NoSuchEntity", 404):
        iam.create_service_specific_credential(UserName="ghost", ServiceName="codecommit.amazonaws.com")
    assert plain(iam_mock.backend.snapshot()) == before
    # Another service has its own two.
    iam.create_service_specific_credential(UserName="alice", ServiceName="codecommit.amazonaws.com")
    only = iam.list_service_specific_credentials(UserName="alice", ServiceName="codecommit.amazonaws.com")
    assert len(only["ServiceSpecificCredentials"]) == 1


def test_bedrock_api_key_expires(iam: Any) -> None:
    cred = iam.create_service_specific_credential(
        UserName="alice", ServiceName="bedrock.amazonaws.com", CredentialAgeDays=30
    )["ServiceSpecificCredential"]
    assert cred["ServiceCredentialAlias"].startswith("BedrockAPIKey-")
    assert cred["ServiceCredentialAlias"].endswith(f"-at-{ACCT}")
    assert cred["ServiceCredentialSecret"].startswith("ABSK") and "ServicePassword" not in cred
    assert cred["ExpirationDate"] - cred["CreateDate"] == timedelta(days=30)


def test_list_all_users_and_paging(iam: Any) -> None:
    iam.create_user(UserName="bob")
    for user in ("alice", "bob"):
        for service in ("codecommit.amazonaws.com", "cassandra.amazonaws.com"):
            iam.create_service_specific_credential(UserName=user, ServiceName=service)
    everyone = iam.list_service_specific_credentials(AllUsers=True)["ServiceSpecificCredentials"]
    assert sorted({c["UserName"] for c in everyone}) == ["alice", "bob"] and len(everyone) == 4
    with aws_error("InvalidInput", 400):
        iam.list_service_specific_credentials(AllUsers=True, UserName="alice")
    first = iam.list_service_specific_credentials(AllUsers=True, MaxItems=3)
    assert first["IsTruncated"] and len(first["ServiceSpecificCredentials"]) == 3
    rest = iam.list_service_specific_credentials(AllUsers=True, MaxItems=3, Marker=first["Marker"])
    assert len(rest["ServiceSpecificCredentials"]) == 1 and not rest["IsTruncated"]
