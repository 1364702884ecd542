"""Fixtures for the STS tests: users with keys and roles, made through boto3 as a user would."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest

from iammock import IAMMock

ACCOUNT = "123456789012"
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)


def trust(
    principal: dict[str, Any], actions: Any = "sts:AssumeRole", condition: dict[str, Any] | None = None
) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Principal": principal, "Action": actions}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def client(service: str, creds: dict[str, Any]) -> Any:
    return boto3.client(
        service,
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
    )


class World:
    def __init__(self, aws: IAMMock) -> None:
        self.aws = aws
        self.iam = boto3.client("iam")
        self.sts = boto3.client("sts")

    def user(self, name: str, policy: str | None = ALLOW_ALL, iam: Any = None) -> dict[str, Any]:
        iam = iam or self.iam
        iam.create_user(UserName=name)
        if policy:
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
        key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
        return key

    def role(
        self, name: str, trust_policy: str, policy: str | None = ALLOW_ALL, iam: Any = None, **kw: Any
    ) -> str:
        iam = iam or self.iam
        arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust_policy, **kw)["Role"]["Arn"]
        if policy:
            iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=policy)
        return arn


@pytest.fixture
def world(iam_mock: IAMMock) -> World:
    return World(iam_mock)
