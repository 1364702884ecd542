"""The multi-account article's scenario, end to end, black-box through boto3 (with moto for S3).

An organization is created, a member account is created in it; an administrator of the management
account switches into the member account through ``OrganizationAccountAccessRole`` and creates a user
there; an SCP on the account's OU denies that user and the member account's root an action while the
management account is not affected (AWS Organizations User Guide, "Service control policies (SCPs)":
"SCPs don't affect users or roles in the management account"); a bucket policy with
``aws:PrincipalOrgID`` admits the organization's principals only; ``AssumeRoot`` works from the
management account (IAM User Guide, "Centralize root access for member accounts").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error, client_for

from iammock import IAMMock, mock_iam

OUTSIDER = "444455556666"


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def new_account(org: Any, name: str) -> str:
    """CreateAccount, then DescribeCreateAccountStatus until AWS reports SUCCEEDED."""
    status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
    for _ in range(10):
        if status["State"] == "SUCCEEDED":
            return str(status["AccountId"])
        assert status["State"] == "IN_PROGRESS", status
        status = org.describe_create_account_status(CreateAccountRequestId=status["Id"])[
            "CreateAccountStatus"
        ]
    raise AssertionError(f"the account was never created: {status}")


def admin_key(iam: Any, name: str) -> dict[str, Any]:
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def test_the_article_walkthrough(aws: IAMMock) -> None:
    management = aws.account_id
    org = boto3.client("organizations")  # the management account's root
    organization = org.create_organization(FeatureSet="ALL")["Organization"]
    assert organization["MasterAccountId"] == management
    root_id = org.list_roots()["Roots"][0]["Id"]
    ou_id = org.create_organizational_unit(ParentId=root_id, Name="Workloads")["OrganizationalUnit"]["Id"]
    member = new_account(org, "dev")
    org.move_account(AccountId=member, SourceParentId=root_id, DestinationParentId=ou_id)

    # A management-account administrator switches into the member account and creates a user there.
    admin = admin_key(boto3.client("iam"), "admin")
    role_arn = f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole"
    switched = client_for("sts", admin).assume_role(RoleArn=role_arn, RoleSessionName="admin")["Credentials"]
    member_iam = client_for("iam", switched)
    assert client_for("sts", switched).get_caller_identity()["Account"] == member
    developer = admin_key(member_iam, "developer")
    member_root = aws.session(member)

    # Before any SCP: everyone may create buckets.
    client_for("s3", developer).create_bucket(Bucket="dev-before")

    # An SCP on the member account's OU denies s3:CreateBucket to everyone in the member account.
    org.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    scp = org.create_policy(
        Name="NoNewBuckets",
        Description="no new buckets",
        Type="SERVICE_CONTROL_POLICY",
        Content=doc({"Effect": "Deny", "Action": "s3:CreateBucket", "Resource": "*"}),
    )["Policy"]["PolicySummary"]["Id"]
    org.attach_policy(PolicyId=scp, TargetId=ou_id)
    with aws_error("AccessDenied", 403) as error:
        client_for("s3", developer).create_bucket(Bucket="dev-after")
    assert "explicit deny in a service control policy" in error["Message"]
    with aws_error("AccessDenied", 403):
        member_root.client("s3").create_bucket(Bucket="root-after")
    with aws_error("AccessDenied", 403):
        client_for("s3", switched).create_bucket(Bucket="switched-after")
    # The developer's other permissions stand (FullAWSAccess is on every level).
    member_iam.list_users()
    client_for("iam", developer).list_users()
    # The management account is exempt from SCPs, its administrator and its root alike.
    client_for("s3", admin).create_bucket(Bucket="management-admin")
    boto3.client("s3").create_bucket(Bucket="management-root")

    org.detach_policy(PolicyId=scp, TargetId=ou_id)
    client_for("s3", developer).create_bucket(Bucket="dev-restored")
    member_root.client("s3").create_bucket(Bucket="root-restored")

    # A bucket policy with aws:PrincipalOrgID admits principals of the organization only.
    org_id = organization["Id"]
    boto3.client("s3").put_bucket_policy(
        Bucket="management-root",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::management-root/*",
                "Condition": {"StringEquals": {"aws:PrincipalOrgID": org_id}},
            }
        ),
    )
    client_for("s3", developer).put_object(Bucket="management-root", Key="from-dev", Body=b"d")
    outsider = admin_key(aws.session(OUTSIDER).client("iam"), "outsider")
    with aws_error("AccessDenied", 403):
        client_for("s3", outsider).put_object(Bucket="management-root", Key="from-outside", Body=b"o")
    keys = [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket="management-root")["Contents"]]
    assert keys == ["from-dev"]

    # AssumeRoot from the management account: trusted access for IAM, then root sessions.
    org.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    iam = boto3.client("iam")
    iam.enable_organizations_root_sessions()
    sts = client_for("sts", admin)
    root_session = sts.assume_root(
        TargetPrincipal=member,
        TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"},
    )["Credentials"]
    identity = client_for("sts", root_session).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:iam::{member}:root" and identity["Account"] == member
    client_for("iam", root_session).list_access_keys()  # the task policy allows auditing the root
    with aws_error("AccessDenied", 403):
        client_for("iam", root_session).create_user(UserName="not-a-task")
