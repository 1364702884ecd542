"""Shared set-up for the Organizations tests: a management-account administrator and an organization."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from tests.helpers import client_for

from iammock import IAMMock

ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"


def document(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def deny(action: str) -> str:
    return document({"Effect": "Deny", "Action": action, "Resource": "*"})


def administrator(iam: Any, name: str) -> dict[str, Any]:
    """A user of ``iam``'s account with AdministratorAccess; its access key."""
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def root_key(aws: IAMMock, account_id: str) -> dict[str, str]:
    key = aws.backend.account(account_id).root_key
    return {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret}


@dataclass
class World:
    aws: IAMMock
    admin_key: dict[str, Any]
    orgs: Any  # the management-account administrator's Organizations client
    org: dict[str, Any]
    root_id: str

    def client(self, service: str) -> Any:
        return client_for(service, self.admin_key)

    def new_account(self, name: str) -> str:
        status = self.orgs.create_account(Email=f"{name}@example.com", AccountName=name)[
            "CreateAccountStatus"
        ]
        done = self.orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])
        account_id: str = done["CreateAccountStatus"]["AccountId"]
        return account_id

    def member_session(self, account_id: str, role: str = "OrganizationAccountAccessRole") -> dict[str, Any]:
        credentials: dict[str, Any] = self.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{account_id}:role/{role}", RoleSessionName="admin"
        )["Credentials"]
        return credentials


@pytest.fixture
def world(iam_mock: IAMMock) -> World:
    key = administrator(boto3.client("iam"), "org-admin")
    orgs = client_for("organizations", key)
    org = orgs.create_organization()["Organization"]
    root_id = orgs.list_roots()["Roots"][0]["Id"]
    return World(iam_mock, key, orgs, org, root_id)
