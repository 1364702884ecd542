"""Instance profiles and the role they hold, through boto3."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

ACCT = "123456789012"
EC2 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_create_get_delete_instance_profile(iam: Any) -> None:
    created = iam.create_instance_profile(
        InstanceProfileName="web", Path="/apps/", Tags=[{"Key": "env", "Value": "prod"}]
    )["InstanceProfile"]
    assert created["Arn"] == f"arn:aws:iam::{ACCT}:instance-profile/apps/web"
    assert created["InstanceProfileId"].startswith("AIPA") and len(created["InstanceProfileId"]) == 21
    assert created["Roles"] == [] and created["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert iam.get_instance_profile(InstanceProfileName="WEB")["InstanceProfile"] == created
    iam.delete_instance_profile(InstanceProfileName="web")
    with aws_error("NoSuchEntity", 404, "Instance Profile web cannot be found."):
        iam.get_instance_profile(InstanceProfileName="web")
    with aws_error("NoSuchEntity", 404):
        iam.delete_instance_profile(InstanceProfileName="web")


def test_duplicate_name(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="Web")
    with aws_error("EntityAlreadyExists", 409, "Instance Profile web already exists."):
        iam.create_instance_profile(InstanceProfileName="web")


def test_role_membership(iam: Any) -> None:
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)["Role"]
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=EC2)
    iam.create_instance_profile(InstanceProfileName="web")
    iam.create_instance_profile(InstanceProfileName="api")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app")
    iam.add_role_to_instance_profile(InstanceProfileName="api", RoleName="app")
    roles = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]
    assert [r["Arn"] for r in roles] == [role["Arn"]]
    assert roles[0]["AssumeRolePolicyDocument"] == json.loads(EC2)
    message = "Cannot exceed quota for InstanceSessionsPerInstanceProfile: 1"
    with aws_error("LimitExceeded", 409, message):
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="other")
    with aws_error("LimitExceeded", 409, message):
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app")
    listed = iam.list_instance_profiles_for_role(RoleName="app")["InstanceProfiles"]
    assert [p["InstanceProfileName"] for p in listed] == ["api", "web"]
    assert iam.list_instance_profiles_for_role(RoleName="other")["InstanceProfiles"] == []
    with aws_error(
        "DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."
    ):
        iam.delete_instance_profile(InstanceProfileName="web")
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="app")
    with aws_error("NoSuchEntity", 404):
        iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="app")
    assert [
        p["InstanceProfileName"]
        for p in iam.list_instance_profiles_for_role(RoleName="app")["InstanceProfiles"]
    ] == ["api"]
    iam.delete_instance_profile(InstanceProfileName="web")


def test_membership_errors(iam: Any) -> None:
    iam.create_instance_profile(InstanceProfileName="web")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    with aws_error("NoSuchEntity", 404, "The role with name ghost cannot be found."):
        iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="ghost")
    with aws_error("NoSuchEntity", 404, "Instance Profile nope cannot be found."):
        iam.add_role_to_instance_profile(InstanceProfileName="nope", RoleName="app")
    with aws_error("NoSuchEntity", 404):
        iam.remove_role_from_instance_profile(InstanceProfileName="nope", RoleName="app")
    with aws_error("NoSuchEntity", 404):
        iam.list_instance_profiles_for_role(RoleName="ghost")


def test_list_instance_profiles_pages_and_omits_tags(iam: Any) -> None:
    for i in range(11):
        iam.create_instance_profile(
            InstanceProfileName=f"ip{i:02d}", Path="/a/" if i < 3 else "/", Tags=[{"Key": "k", "Value": "v"}]
        )
    pages = list(iam.get_paginator("list_instance_profiles").paginate(PaginationConfig={"PageSize": 4}))
    assert [len(p["InstanceProfiles"]) for p in pages] == [4, 4, 3]
    profiles = [p for page in pages for p in page["InstanceProfiles"]]
    assert [p["InstanceProfileName"] for p in profiles] == [f"ip{i:02d}" for i in range(11)]
    assert all("Tags" not in p for p in profiles)
    under_a = iam.list_instance_profiles(PathPrefix="/a/", MaxItems=2)
    assert under_a["IsTruncated"] and len(under_a["InstanceProfiles"]) == 2
    rest = iam.list_instance_profiles(PathPrefix="/a/", Marker=under_a["Marker"])
    assert [p["InstanceProfileName"] for p in rest["InstanceProfiles"]] == ["ip02"]
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    for i in range(3):
        iam.create_instance_profile(InstanceProfileName=f"for{i}")
        iam.add_role_to_instance_profile(InstanceProfileName=f"for{i}", RoleName="app")
    paged = iam.get_paginator("list_instance_profiles_for_role").paginate(
        RoleName="app", PaginationConfig={"PageSize": 2}
    )
    assert [p["InstanceProfileName"] for page in paged for p in page["InstanceProfiles"]] == [
        "for0",
        "for1",
        "for2",
    ]


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    iam.create_role(RoleName="other", AssumeRolePolicyDocument=EC2)
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app")
    before = iam_mock.backend.snapshot()
    attempts: list[Callable[[], object]] = [
        lambda: iam.create_instance_profile(InstanceProfileName="WEB"),
        lambda: iam.create_instance_profile(
            InstanceProfileName="x", Tags=[{"Key": f"k{i}", "Value": ""} for i in range(51)]
        ),
        lambda: iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="other"),
        lambda: iam.delete_instance_profile(InstanceProfileName="web"),
        lambda: iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="other"),
        lambda: iam.delete_role(RoleName="app"),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_non_root_caller_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_instance_profile(InstanceProfileName="sneaky")
    assert "iam:CreateInstanceProfile" in error["Message"]
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
