"""``aws.who_can(action, resource)``: every user and role that would be allowed, each with its decision.
Black-box: entities through boto3, buckets through moto, the answer checked against real calls."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam

ACCOUNT = "123456789012"
OTHER = "210987654321"
PROD = "arn:aws:s3:::prod-data"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


def trust(account: str = ACCOUNT) -> str:
    return doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    )


def role(iam: Any, name: str, *statements: dict[str, Any], managed: str | None = None) -> str:
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust())["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=doc(*statements))
    if managed:
        iam.attach_role_policy(RoleName=name, PolicyArn=managed)
    return arn


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def names(found: list[Any]) -> list[str]:
    return [a.principal for a in found]


def test_only_the_deploy_role_can_delete_the_production_bucket(aws: IAMMock) -> None:
    """A bucket policy denying everyone but the deploy role narrows what identity policies allow (IAM User
    Guide, "Policy evaluation logic": an explicit deny in any policy wins)."""
    iam = boto3.client("iam")
    deploy = role(iam, "deploy", allow("s3:DeleteBucket", "arn:aws:s3:::prod-*"))
    role(iam, "reader", allow(["s3:GetObject", "s3:ListBucket"], "*"))
    admin = role(iam, "admin", managed="arn:aws:iam::aws:policy/AdministratorAccess")
    iam.create_user(UserName="ops")
    iam.attach_user_policy(UserName="ops", PolicyArn="arn:aws:iam::aws:policy/AmazonS3FullAccess")
    ops = f"arn:aws:iam::{ACCOUNT}:user/ops"
    boto3.client("s3").create_bucket(Bucket="prod-data")

    # Before the bucket policy: whoever's identity policies allow it.
    assert names(aws.who_can("s3:DeleteBucket", PROD)) == [admin, deploy, ops]

    boto3.client("s3").put_bucket_policy(
        Bucket="prod-data",
        Policy=doc(
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:DeleteBucket",
                "Resource": PROD,
                "Condition": {"ArnNotEquals": {"aws:PrincipalArn": deploy}},
            }
        ),
    )
    [only] = aws.who_can("s3:DeleteBucket", PROD)
    assert only.principal == deploy
    assert only.decision.allowed and only.decision.outcome == "allowed"
    assert ("p", "Allow") in [
        (s.policy_name, s.effect) for s in only.decision.statements
    ]  # its inline policy

    # The answer agrees with real calls: the admin role's session is refused, the deploy role's is not.
    admin_s3 = _assumed(iam, admin).client("s3")
    with aws_error("AccessDenied", 403):
        admin_s3.delete_bucket(Bucket="prod-data")
    _assumed(iam, deploy).client("s3").delete_bucket(Bucket="prod-data")


def _assumed(iam: Any, role_arn: str) -> boto3.Session:
    iam.create_user(UserName=f"assumer-{role_arn.rsplit('/', 1)[1]}")
    name = f"assumer-{role_arn.rsplit('/', 1)[1]}"
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(allow("sts:AssumeRole", role_arn)))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    sts = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="check")["Credentials"]
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
        region_name="us-east-1",
    )


def test_a_role_of_another_account_counts_when_the_bucket_policy_lets_it_in(aws: IAMMock) -> None:
    """Cross-account access needs both sides: the caller's identity policy and the bucket policy (IAM User
    Guide, "Cross account resource access in IAM")."""
    boto3.client("s3").create_bucket(Bucket="prod-data")
    other_iam = aws.session(OTHER).client("iam")
    partner = other_iam.create_role(RoleName="partner", AssumeRolePolicyDocument=trust(OTHER))["Role"]["Arn"]
    other_iam.put_role_policy(
        RoleName="partner", PolicyName="p", PolicyDocument=doc(allow("s3:GetObject", f"{PROD}/*"))
    )
    assert names(aws.who_can("s3:GetObject", f"{PROD}/report.csv")) == []
    boto3.client("s3").put_bucket_policy(
        Bucket="prod-data",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": partner},
                "Action": "s3:GetObject",
                "Resource": f"{PROD}/*",
            }
        ),
    )
    assert names(aws.who_can("s3:GetObject", f"{PROD}/report.csv")) == [partner]


def test_iam_actions_count_boundaries_and_scps(aws: IAMMock) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    boundary = iam.create_policy(PolicyName="no-iam", PolicyDocument=doc(allow("s3:*")))["Policy"]["Arn"]
    iam.create_user(UserName="bounded", PermissionsBoundary=boundary)
    iam.attach_user_policy(UserName="bounded", PolicyArn="arn:aws:iam::aws:policy/IAMFullAccess")
    iam.create_user(UserName="nobody")
    target = f"arn:aws:iam::{ACCOUNT}:user/new"
    assert names(aws.who_can("iam:CreateUser", target)) == [f"arn:aws:iam::{ACCOUNT}:user/alice"]
    aws.attach_scp(doc({"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}), name="frozen")
    assert aws.who_can("iam:CreateUser", target) == []


def test_assume_role_counts_the_trust_policy(aws: IAMMock) -> None:
    iam = boto3.client("iam")
    ci = role(iam, "ci", allow("sts:AssumeRole"))
    target = iam.create_role(
        RoleName="target",
        AssumeRolePolicyDocument=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:role/ci"},
                "Action": "sts:AssumeRole",
            }
        ),
    )["Role"]["Arn"]
    role(iam, "other", allow("sts:AssumeRole"))  # its policy allows, the trust policy does not name it
    assert names(aws.who_can("sts:AssumeRole", target)) == [ci]


def test_context_decides_conditions(aws: IAMMock) -> None:
    iam = boto3.client("iam")
    mfa = role(
        iam,
        "mfa-admin",
        allow("ec2:TerminateInstances", "*", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}}),
    )
    resource = f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/i-0123456789abcdef0"
    assert aws.who_can("ec2:TerminateInstances", resource) == []
    [found] = aws.who_can("ec2:TerminateInstances", resource, context={"aws:MultiFactorAuthPresent": True})
    assert found.principal == mfa


def test_every_account_of_the_mock_is_asked(aws: IAMMock) -> None:
    boto3.client("iam").create_user(UserName="here")
    boto3.client("iam").attach_user_policy(
        UserName="here", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess"
    )
    other = aws.session(OTHER).client("iam")
    other.create_user(UserName="there")
    other.attach_user_policy(UserName="there", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    # Each user reads its own account's IAM; neither may read the other account's (no resource policy).
    assert names(aws.who_can("iam:ListRoles", f"arn:aws:iam::{OTHER}:role/")) == [
        f"arn:aws:iam::{OTHER}:user/there"
    ]
    assert names(aws.who_can("iam:ListRoles", f"arn:aws:iam::{ACCOUNT}:role/")) == [
        f"arn:aws:iam::{ACCOUNT}:user/here"
    ]


def test_nothing_is_recorded(aws: IAMMock) -> None:
    boto3.client("iam").create_user(UserName="u")
    before = len(aws.trail)
    aws.who_can("iam:CreateUser", "*")
    assert len(aws.trail) == before
