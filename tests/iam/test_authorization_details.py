"""GetAccountAuthorizationDetails through boto3."""

from __future__ import annotations

import boto3
import pytest

from iammock import IAMMock

TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
)
POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=POLICY)
    iam.put_group_policy(GroupName="devs", PolicyName="group-inline", PolicyDocument=POLICY)
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    iam.create_instance_profile(InstanceProfileName="app-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="app-profile", RoleName="app")
    arn = iam.create_policy(PolicyName="read", PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=POLICY, SetAsDefault=True)
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    return iam


def test_everything(iam) -> None:  # type: ignore[no-untyped-def]
    details = iam.get_account_authorization_details()
    assert not details["IsTruncated"]
    alice, bob = details["UserDetailList"]
    assert alice["UserName"] == "alice" and alice["GroupList"] == ["devs"]
    assert alice["UserPolicyList"][0]["PolicyName"] == "inline"
    assert alice["UserPolicyList"][0]["PolicyDocument"]["Statement"][0]["Action"] == "s3:GetObject"
    assert bob["GroupList"] == [] and bob["AttachedManagedPolicies"] == []
    [group] = details["GroupDetailList"]
    assert group["GroupPolicyList"][0]["PolicyName"] == "group-inline"
    assert group["AttachedManagedPolicies"] == [
        {"PolicyName": "read", "PolicyArn": "arn:aws:iam::123456789012:policy/read"}
    ]
    [role] = details["RoleDetailList"]
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Action"] == "sts:AssumeRole"
    assert role["InstanceProfileList"][0]["InstanceProfileName"] == "app-profile"
    assert role["InstanceProfileList"][0]["Roles"][0]["RoleName"] == "app"
    assert role["RoleLastUsed"] == {}
    [policy] = details["Policies"]
    assert policy["AttachmentCount"] == 2 and policy["DefaultVersionId"] == "v2"
    assert [v["VersionId"] for v in policy["PolicyVersionList"]] == ["v2", "v1"]
    assert [v["IsDefaultVersion"] for v in policy["PolicyVersionList"]] == [True, False]


def test_filter(iam) -> None:  # type: ignore[no-untyped-def]
    only_roles = iam.get_account_authorization_details(Filter=["Role"])
    assert len(only_roles["RoleDetailList"]) == 1
    assert only_roles["UserDetailList"] == only_roles["GroupDetailList"] == only_roles["Policies"] == []
    assert iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"] == []
    iam.attach_user_policy(UserName="bob", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    aws = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"]
    assert [p["PolicyName"] for p in aws] == ["ReadOnlyAccess"] and aws[0]["AttachmentCount"] == 1


def test_four_lists_page_together(iam) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, list[str]] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    pages = list(
        iam.get_paginator("get_account_authorization_details").paginate(PaginationConfig={"PageSize": 2})
    )
    assert len(pages) == 3
    for p in pages:
        for name in seen:
            seen[name] += [
                item.get("UserName") or item.get("GroupName") or item.get("RoleName") or item["PolicyName"]
                for item in p[name]
            ]
    assert seen == {
        "UserDetailList": ["alice", "bob"],
        "GroupDetailList": ["devs"],
        "RoleDetailList": ["app"],
        "Policies": ["read"],
    }
