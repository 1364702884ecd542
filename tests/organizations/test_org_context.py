"""The organization's condition keys in every kind of policy: aws:PrincipalOrgID, aws:PrincipalOrgPaths,
aws:ResourceOrgID, aws:ResourceOrgPaths and aws:ResourceAccount ("AWS global condition context keys",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).

The paths have the form the page gives, ``o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/``: the
organization, the root and each OU down to the account's parent, each followed by a slash. The keys are
present only while the account is a member of an organization.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error, client_for

from iammock import IAMMock, mock_iam

OUTSIDER = "444455556666"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


@dataclass
class Org:
    aws: IAMMock
    client: Any  # organizations, as the management account's root
    id: str
    root_id: str

    def ou(self, name: str, parent: str | None = None) -> str:
        unit = self.client.create_organizational_unit(ParentId=parent or self.root_id, Name=name)
        return str(unit["OrganizationalUnit"]["Id"])

    def account(self, name: str, parent: str | None = None) -> str:
        status = self.client.create_account(Email=f"{name}@example.com", AccountName=name)[
            "CreateAccountStatus"
        ]
        for _ in range(10):
            if status["State"] == "SUCCEEDED":
                break
            status = self.client.describe_create_account_status(CreateAccountRequestId=status["Id"])[
                "CreateAccountStatus"
            ]
        account_id = str(status["AccountId"])
        if parent is not None:
            self.move(account_id, parent)
        return account_id

    def move(self, account_id: str, parent: str) -> None:
        [current] = self.client.list_parents(ChildId=account_id)["Parents"]
        self.client.move_account(
            AccountId=account_id, SourceParentId=current["Id"], DestinationParentId=parent
        )

    def user(self, account_id: str, name: str, *statements: dict[str, Any]) -> dict[str, Any]:
        iam = self.aws.session(account_id).client("iam")
        iam.create_user(UserName=name)
        if statements:
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
        key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
        return key


@pytest.fixture
def org() -> Iterator[Org]:
    with mock_iam() as aws, mock_aws():
        client = boto3.client("organizations")
        organization = client.create_organization(FeatureSet="ALL")["Organization"]
        root_id = client.list_roots()["Roots"][0]["Id"]
        yield Org(aws, client, organization["Id"], root_id)


def test_bucket_policy_with_principal_org_id(org: Org) -> None:
    member = org.account("member")
    s3 = org.aws.session(member).client("s3")
    s3.create_bucket(Bucket="org-only")
    s3.put_bucket_policy(
        Bucket="org-only",
        Policy=doc(
            allow(
                "s3:GetObject",
                "arn:aws:s3:::org-only/*",
                Principal="*",
                Condition={"StringEquals": {"aws:PrincipalOrgID": org.id}},
            )
        ),
    )
    s3.put_object(Bucket="org-only", Key="k", Body=b"v")
    reader = allow("s3:GetObject", "arn:aws:s3:::org-only/*")
    inside = org.user(org.aws.account_id, "inside", reader)  # the management account's user
    outside = org.user(OUTSIDER, "outside", reader)
    assert client_for("s3", inside).get_object(Bucket="org-only", Key="k")["Body"].read() == b"v"
    with aws_error("AccessDenied", 403) as error:
        client_for("s3", outside).get_object(Bucket="org-only", Key="k")
    assert "no resource-based policy allows" in error["Message"]
    # An account invited into the organization is admitted from the next call on.
    handshake = org.client.invite_account_to_organization(Target={"Id": OUTSIDER, "Type": "ACCOUNT"})
    org.aws.session(OUTSIDER).client("organizations").accept_handshake(
        HandshakeId=handshake["Handshake"]["Id"]
    )
    assert client_for("s3", outside).get_object(Bucket="org-only", Key="k")["Body"].read() == b"v"


def test_trust_policy_with_principal_org_paths(org: Org) -> None:
    platform = org.ou("Platform")
    teams = org.ou("Teams", platform)
    target = org.account("target")
    caller_account = org.account("caller")
    iam = org.aws.session(target).client("iam")
    path = f"{org.id}/{org.root_id}/{platform}/*"
    role = iam.create_role(
        RoleName="from-platform",
        AssumeRolePolicyDocument=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "sts:AssumeRole",
                "Condition": {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": [path]}},
            }
        ),
    )["Role"]["Arn"]
    key = org.user(caller_account, "caller", allow("sts:AssumeRole"))
    sts = client_for("sts", key)
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=role, RoleSessionName="session")  # the caller's account is under the root
    org.move(caller_account, teams)  # Teams is inside Platform
    sts.assume_role(RoleArn=role, RoleSessionName="session")
    # The exact path of an account two OUs down, as the page shows it.
    exact = f"{org.id}/{org.root_id}/{platform}/{teams}/"
    iam.update_assume_role_policy(
        RoleName="from-platform",
        PolicyDocument=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": "*"},
                "Action": "sts:AssumeRole",
                "Condition": {"ForAnyValue:StringEquals": {"aws:PrincipalOrgPaths": [exact]}},
            }
        ),
    )
    sts.assume_role(RoleArn=role, RoleSessionName="session")
    org.move(caller_account, platform)
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=role, RoleSessionName="session")


def test_rcp_with_resource_org_id(org: Org) -> None:
    """A data perimeter RCP: the member account's buckets only for principals of their own organization."""
    member = org.account("member")
    s3 = org.aws.session(member).client("s3")
    s3.create_bucket(Bucket="perimeter")
    s3.put_object(Bucket="perimeter", Key="k", Body=b"v")
    s3.put_bucket_policy(
        Bucket="perimeter",
        Policy=doc(allow("s3:GetObject", "arn:aws:s3:::perimeter/*", Principal={"AWS": OUTSIDER})),
    )
    outside = org.user(OUTSIDER, "outside", allow("s3:GetObject"))
    assert client_for("s3", outside).get_object(Bucket="perimeter", Key="k")["Body"].read() == b"v"
    org.client.enable_policy_type(RootId=org.root_id, PolicyType="RESOURCE_CONTROL_POLICY")
    rcp = org.client.create_policy(
        Name="Perimeter",
        Description="principals of the resource's own organization only",
        Type="RESOURCE_CONTROL_POLICY",
        Content=doc(
            {
                "Effect": "Deny",
                "Principal": "*",
                "Action": "s3:*",
                "Resource": "*",
                "Condition": {"StringNotEqualsIfExists": {"aws:PrincipalOrgID": "${aws:ResourceOrgID}"}},
            }
        ),
    )["Policy"]["PolicySummary"]["Id"]
    org.client.attach_policy(PolicyId=rcp, TargetId=org.root_id)
    with aws_error("AccessDenied", 403) as error:
        client_for("s3", outside).get_object(Bucket="perimeter", Key="k")
    assert "resource control policy" in error["Message"]
    # The member account's own principals are in the bucket's organization.
    assert s3.get_object(Bucket="perimeter", Key="k")["Body"].read() == b"v"


def test_identity_policy_with_resource_org_keys(org: Org) -> None:
    """aws:ResourceOrgID, aws:ResourceOrgPaths and aws:ResourceAccount name the bucket owner's place."""
    workloads = org.ou("Workloads")
    member = org.account("member", workloads)
    for owner, bucket in ((member, "in-org"), (OUTSIDER, "outside-org")):
        s3 = org.aws.session(owner).client("s3")
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="k", Body=b"v")
        s3.put_bucket_policy(
            Bucket=bucket,
            Policy=doc(
                allow("s3:GetObject", f"arn:aws:s3:::{bucket}/*", Principal={"AWS": org.aws.account_id})
            ),
        )
    by_org = org.user(
        org.aws.account_id,
        "by-org",
        allow("s3:GetObject", Condition={"StringEquals": {"aws:ResourceOrgID": "${aws:PrincipalOrgID}"}}),
    )
    by_path = org.user(
        org.aws.account_id,
        "by-path",
        allow(
            "s3:GetObject",
            Condition={
                "ForAnyValue:StringLike": {"aws:ResourceOrgPaths": [f"{org.id}/{org.root_id}/{workloads}/*"]}
            },
        ),
    )
    by_account = org.user(
        org.aws.account_id,
        "by-account",
        allow("s3:GetObject", Condition={"StringEquals": {"aws:ResourceAccount": member}}),
    )
    for key in (by_org, by_path, by_account):
        s3 = client_for("s3", key)
        assert s3.get_object(Bucket="in-org", Key="k")["Body"].read() == b"v"
        with aws_error("AccessDenied", 403) as error:
            s3.get_object(Bucket="outside-org", Key="k")
        assert "no identity-based policy allows" in error["Message"]


def test_iam_resources_carry_the_organization_of_their_account(org: Org) -> None:
    """An identity policy over IAM resources with aws:ResourceOrgID and aws:ResourceAccount: the same
    policy allows in a member account and not in an account outside the organization."""
    member = org.account("member")
    policy = allow(
        "iam:CreateGroup",
        Condition={
            "StringEquals": {"aws:ResourceOrgID": org.id, "aws:ResourceAccount": "${aws:PrincipalAccount}"}
        },
    )
    client_for("iam", org.user(member, "admin", policy)).create_group(GroupName="in-org")
    with aws_error("AccessDenied", 403):
        client_for("iam", org.user(OUTSIDER, "admin", policy)).create_group(GroupName="out-of-org")


def test_keys_are_absent_outside_an_organization() -> None:
    """Keys of an account in no organization are missing, so ...IfExists and Null conditions match."""
    with mock_iam() as aws:
        iam = aws.session().client("iam")
        iam.create_user(UserName="u")
        policy = doc(
            allow("iam:ListUsers", Condition={"StringEqualsIfExists": {"aws:PrincipalOrgID": "o-none"}}),
            allow(
                "iam:ListGroups",
                Condition={"Null": {"aws:PrincipalOrgID": "true", "aws:ResourceOrgID": "true"}},
            ),
        )
        iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=policy)
        user = client_for("iam", iam.create_access_key(UserName="u")["AccessKey"])
        user.list_users()
        user.list_groups()
