"""Roles, trust policies with pinned principals, and service-linked roles, through boto3."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from botocore.exceptions import ParamValidationError
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock
from iammock.backend.model import Use

ACCT = "123456789012"


def trust(principal: Any, action: str = "sts:AssumeRole") -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": principal, "Action": action}],
        }
    )


EC2 = trust({"Service": "ec2.amazonaws.com"})


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_create_get_delete_role(iam: Any) -> None:
    created = iam.create_role(
        RoleName="app",
        Path="/svc/",
        AssumeRolePolicyDocument=EC2,
        Description="the app",
        MaxSessionDuration=7200,
        Tags=[{"Key": "team", "Value": "core"}],
    )["Role"]
    assert created["Arn"] == f"arn:aws:iam::{ACCT}:role/svc/app"
    assert created["RoleId"].startswith("AROA") and len(created["RoleId"]) == 21
    assert created["AssumeRolePolicyDocument"] == json.loads(EC2)
    assert created["Description"] == "the app"
    assert created["Tags"] == [{"Key": "team", "Value": "core"}]
    assert "RoleLastUsed" not in created
    role = iam.get_role(RoleName="APP")["Role"]
    assert role["RoleName"] == "app" and role["MaxSessionDuration"] == 7200
    assert role["RoleLastUsed"] == {}
    assert role["CreateDate"] == created["CreateDate"]
    iam.delete_role(RoleName="app")
    with aws_error("NoSuchEntity", 404, "The role with name app cannot be found."):
        iam.get_role(RoleName="app")
    with aws_error("NoSuchEntity", 404):
        iam.delete_role(RoleName="app")


def test_role_defaults_and_duplicate_name(iam: Any) -> None:
    iam.create_role(RoleName="App", AssumeRolePolicyDocument=EC2)
    role = iam.get_role(RoleName="App")["Role"]
    assert role["Path"] == "/" and role["MaxSessionDuration"] == 3600
    assert "Description" not in role and "Tags" not in role and "PermissionsBoundary" not in role
    with aws_error("EntityAlreadyExists", 409, "Role with name app already exists."):
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)


def test_trust_policy_validation(iam: Any) -> None:
    with aws_error("MalformedPolicyDocument", 400, "Syntax errors in policy."):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument="{not json")
    no_principal = json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole"}]}
    )
    with aws_error("MalformedPolicyDocument", 400) as error:
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=no_principal)
    assert error["Message"].startswith("Invalid principal in policy")
    big = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"Service": [f"svc{i:04d}.amazonaws.com" for i in range(100)]},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=big)
    with pytest.raises(ParamValidationError):  # botocore checks the minimum itself
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=EC2, MaxSessionDuration=3599)
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=EC2, MaxSessionDuration=43201)
    with aws_error("NoSuchEntity", 404) as error:
        iam.create_role(
            RoleName="r",
            AssumeRolePolicyDocument=EC2,
            PermissionsBoundary=f"arn:aws:iam::{ACCT}:policy/none",
        )
    assert (
        error["Message"] == f"Scope ARN: arn:aws:iam::{ACCT}:policy/none does not exist or is not attachable."
    )
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName="r")


def test_trust_policy_naming_missing_principal_is_rejected(iam: Any) -> None:
    ghost = f"arn:aws:iam::{ACCT}:user/ghost"
    with aws_error("MalformedPolicyDocument", 400, f'Invalid principal in policy: "AWS":"{ghost}"'):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": ghost}))
    # A role cannot trust itself by ARN before it exists.
    me = f"arn:aws:iam::{ACCT}:role/r"
    with aws_error("MalformedPolicyDocument", 400, f'Invalid principal in policy: "AWS":"{me}"'):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": me}))
    # The path is part of the ARN: a user under /x/ is not user/<name>.
    iam.create_user(UserName="pathy", Path="/x/")
    wrong = f"arn:aws:iam::{ACCT}:user/pathy"
    with aws_error("MalformedPolicyDocument", 400, f'Invalid principal in policy: "AWS":"{wrong}"'):
        iam.create_role(RoleName="r", AssumeRolePolicyDocument=trust({"AWS": wrong}))
    # Accounts the mock has never seen cannot be checked, and account principals are always fine.
    iam.create_role(
        RoleName="r",
        AssumeRolePolicyDocument=trust(
            {"AWS": ["arn:aws:iam::210987654321:role/x", ACCT, f"{wrong[:-5]}x/pathy"]}
        ),
    )


def test_pinned_principal_shows_unique_id_once_deleted(iam_mock: IAMMock, iam: Any) -> None:
    bob = iam.create_user(UserName="bob")["User"]
    runner = iam.create_role(RoleName="runner", AssumeRolePolicyDocument=EC2)["Role"]
    doc = trust({"AWS": [bob["Arn"], runner["Arn"]]})
    iam.create_role(RoleName="target", AssumeRolePolicyDocument=doc)
    assert iam.get_role(RoleName="target")["Role"]["AssumeRolePolicyDocument"] == json.loads(doc)
    pins = iam_mock.backend.accounts[ACCT].roles["target"].pins
    assert pins == {bob["Arn"]: bob["UserId"], runner["Arn"]: runner["RoleId"]}
    iam.delete_user(UserName="bob")
    iam.create_user(UserName="bob")  # same name, different principal
    shown = iam.get_role(RoleName="target")["Role"]["AssumeRolePolicyDocument"]
    assert shown["Statement"][0]["Principal"]["AWS"] == [bob["UserId"], runner["Arn"]]
    listed = iam.list_roles()["Roles"]
    assert [r["AssumeRolePolicyDocument"] for r in listed if r["RoleName"] == "target"] == [shown]
    # The compiled trust policy (for STS) only matches the original principal.
    from iammock.backend.trust import trust_policy

    policy = trust_policy(iam_mock.backend.accounts[ACCT].roles["target"])
    assert policy.statements[0].principal is not None
    assert dict(policy.statements[0].principal.pinned_users) == {bob["Arn"]: bob["UserId"]}
    # Re-saving the trust policy pins the new bob.
    iam.update_assume_role_policy(RoleName="target", PolicyDocument=doc)
    new_bob = iam.get_user(UserName="bob")["User"]
    assert iam.get_role(RoleName="target")["Role"]["AssumeRolePolicyDocument"] == json.loads(doc)
    assert iam_mock.backend.accounts[ACCT].roles["target"].pins[bob["Arn"]] == new_bob["UserId"]


def test_pinned_user_renamed_shows_new_arn(iam: Any) -> None:
    bob = iam.create_user(UserName="bob")["User"]
    iam.create_role(RoleName="target", AssumeRolePolicyDocument=trust({"AWS": bob["Arn"]}))
    iam.update_user(UserName="bob", NewUserName="robert")
    shown = iam.get_role(RoleName="target")["Role"]["AssumeRolePolicyDocument"]
    assert shown["Statement"][0]["Principal"]["AWS"] == f"arn:aws:iam::{ACCT}:user/robert"


def test_update_assume_role_policy(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    lam = trust({"Service": "lambda.amazonaws.com"})
    iam.update_assume_role_policy(RoleName="app", PolicyDocument=lam)
    assert iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"] == json.loads(lam)
    before = iam_mock.backend.snapshot()
    with aws_error("MalformedPolicyDocument", 400):
        iam.update_assume_role_policy(
            RoleName="app", PolicyDocument=trust({"AWS": f"arn:aws:iam::{ACCT}:role/no"})
        )
    with aws_error("MalformedPolicyDocument", 400):
        iam.update_assume_role_policy(RoleName="app", PolicyDocument="[]")
    with aws_error("NoSuchEntity", 404):
        iam.update_assume_role_policy(RoleName="nope", PolicyDocument=lam)
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_update_role_and_description(iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    assert iam.update_role(RoleName="app", Description="d1", MaxSessionDuration=43200)["ResponseMetadata"]
    role = iam.get_role(RoleName="app")["Role"]
    assert role["Description"] == "d1" and role["MaxSessionDuration"] == 43200
    answer = iam.update_role_description(RoleName="app", Description="d2")["Role"]
    assert answer["Description"] == "d2" and answer["RoleName"] == "app"
    with aws_error("ValidationError", 400):
        iam.update_role(RoleName="app", MaxSessionDuration=50000)
    with aws_error("NoSuchEntity", 404):
        iam.update_role(RoleName="nope", Description="x")
    with aws_error("NoSuchEntity", 404):
        iam.update_role_description(RoleName="nope", Description="x")


def test_role_last_used_comes_from_activity(iam_mock: IAMMock, iam: Any) -> None:
    arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)["Role"]["Arn"]
    when = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)
    iam_mock.backend.activity.role_last_used[arn] = Use(when=when, service="sts", region="eu-west-1")
    assert iam.get_role(RoleName="app")["Role"]["RoleLastUsed"] == {
        "LastUsedDate": when,
        "Region": "eu-west-1",
    }
    assert "RoleLastUsed" not in iam.list_roles()["Roles"][0]


def test_list_roles_pages_and_omits_tags(iam: Any) -> None:
    for i in range(13):
        iam.create_role(
            RoleName=f"role{i:02d}",
            Path="/a/" if i < 4 else "/",
            AssumeRolePolicyDocument=EC2,
            Tags=[{"Key": "k", "Value": "v"}],
        )
    pages = list(iam.get_paginator("list_roles").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Roles"]) for p in pages] == [5, 5, 3]
    roles = [r for p in pages for r in p["Roles"]]
    assert [r["RoleName"] for r in roles] == [f"role{i:02d}" for i in range(13)]
    assert all("Tags" not in r and "PermissionsBoundary" not in r for r in roles)
    assert roles[0]["MaxSessionDuration"] == 3600 and roles[0]["AssumeRolePolicyDocument"] == json.loads(EC2)
    first = iam.list_roles(MaxItems=2, PathPrefix="/a/")
    assert first["IsTruncated"] and [r["RoleName"] for r in first["Roles"]] == ["role00", "role01"]
    rest = iam.list_roles(MaxItems=2, PathPrefix="/a/", Marker=first["Marker"])
    assert not rest["IsTruncated"] and "Marker" not in rest
    assert [r["RoleName"] for r in rest["Roles"]] == ["role02", "role03"]


def test_delete_role_conflicts(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app")
    with aws_error(
        "DeleteConflict", 409, "Cannot delete entity, must remove roles from instance profile first."
    ):
        iam.delete_role(RoleName="app")
    role = iam_mock.backend.accounts[ACCT].roles["app"]
    role.inline_policies["p"] = "{}"
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must delete policies first."):
        iam.delete_role(RoleName="app")
    del role.inline_policies["p"]
    role.attached_policies = (f"arn:aws:iam::{ACCT}:policy/x",)
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must detach all policies first."):
        iam.delete_role(RoleName="app")
    role.attached_policies = ()
    iam.remove_role_from_instance_profile(InstanceProfileName="web", RoleName="app")
    iam.delete_role(RoleName="app")


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    before = iam_mock.backend.snapshot()
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    attempts: list[Callable[[], object]] = [
        lambda: iam.create_role(RoleName="APP", AssumeRolePolicyDocument=EC2),
        lambda: iam.create_role(RoleName="new", AssumeRolePolicyDocument=EC2, Tags=tags),
        lambda: iam.create_role(RoleName="new", AssumeRolePolicyDocument="{}"),
        lambda: iam.update_role(RoleName="AWSServiceRoleForECS", MaxSessionDuration=7200),
        lambda: iam.delete_role(RoleName="AWSServiceRoleForECS"),
        lambda: iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com"),
        lambda: iam.delete_service_linked_role(RoleName="app"),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_non_root_caller_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_role(RoleName="sneaky", AssumeRolePolicyDocument=EC2)
    assert f"arn:aws:iam::{ACCT}:role/sneaky" in error["Message"]
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName="sneaky")


# ------------------------------------------------------------------------------------ service-linked


def test_create_service_linked_role(iam: Any) -> None:
    role = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", Description="asg")[
        "Role"
    ]
    assert role["RoleName"] == "AWSServiceRoleForAutoScaling"
    assert role["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    assert role["Arn"] == (
        f"arn:aws:iam::{ACCT}:role/aws-service-role/autoscaling.amazonaws.com/AWSServiceRoleForAutoScaling"
    )
    assert role["Description"] == "asg"
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"Service": ["autoscaling.amazonaws.com"]}
    assert statement["Action"] == "sts:AssumeRole"
    assert iam.get_role(RoleName="AWSServiceRoleForAutoScaling")["Role"]["Arn"] == role["Arn"]
    with aws_error(
        "InvalidInput",
        400,
        "Service role name AWSServiceRoleForAutoScaling has been taken in this account, "
        "please try a different suffix.",
    ):
        iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")
    custom = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com", CustomSuffix="blue")
    assert custom["Role"]["RoleName"] == "AWSServiceRoleForAutoScaling_blue"
    with aws_error("InvalidInput", 400, "Custom suffix is not allowed for es.amazonaws.com"):
        iam.create_service_linked_role(AWSServiceName="es.amazonaws.com", CustomSuffix="x")
    es = iam.create_service_linked_role(AWSServiceName="es.amazonaws.com")["Role"]
    assert es["RoleName"] == "AWSServiceRoleForAmazonElasticsearchService"
    other = iam.create_service_linked_role(AWSServiceName="newthing.amazonaws.com")["Role"]
    assert other["RoleName"] == "AWSServiceRoleForNewthing"
    with aws_error("InvalidInput", 400):
        iam.create_service_linked_role(AWSServiceName="not-a-service")


def test_service_linked_role_is_unmodifiable(iam: Any) -> None:
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    message = (
        "Cannot perform the operation on the protected role 'AWSServiceRoleForECS' - "
        "this role is only modifiable by AWS"
    )
    with aws_error("UnmodifiableEntity", 400, message):
        iam.delete_role(RoleName="AWSServiceRoleForECS")
    with aws_error("UnmodifiableEntity", 400, message):
        iam.update_assume_role_policy(RoleName="AWSServiceRoleForECS", PolicyDocument=EC2)
    with aws_error("UnmodifiableEntity", 400, message):
        iam.update_role(RoleName="AWSServiceRoleForECS", MaxSessionDuration=7200)
    # Its description is the one thing the account may change.
    iam.update_role_description(RoleName="AWSServiceRoleForECS", Description="mine")
    iam.update_role(RoleName="AWSServiceRoleForECS", Description="again")
    assert iam.get_role(RoleName="AWSServiceRoleForECS")["Role"]["Description"] == "again"


def test_delete_service_linked_role(iam: Any) -> None:
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")["DeletionTaskId"]
    prefix = "task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/"
    assert task.startswith(prefix) and len(task) == len(prefix) + 36
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "SUCCEEDED" and "Reason" not in status
    with aws_error("NoSuchEntity", 404):
        iam.get_role(RoleName="AWSServiceRoleForECS")
    with aws_error("NoSuchEntity", 404):
        iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")
    unknown = prefix + "00000000-0000-4000-8000-000000000000"
    with aws_error("NoSuchEntity", 404):
        iam.get_service_linked_role_deletion_status(DeletionTaskId=unknown)
    with aws_error("InvalidInput", 400):
        iam.get_service_linked_role_deletion_status(DeletionTaskId="garbage")
    iam.create_role(RoleName="plain", AssumeRolePolicyDocument=EC2)
    with aws_error("InvalidInput", 400):
        iam.delete_service_linked_role(RoleName="plain")
    # The name is free again.
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")


def test_service_linked_role_in_instance_profile_fails_deletion(iam: Any) -> None:
    iam.create_service_linked_role(AWSServiceName="ecs.amazonaws.com")
    iam.create_instance_profile(InstanceProfileName="ip")
    iam.add_role_to_instance_profile(InstanceProfileName="ip", RoleName="AWSServiceRoleForECS")
    task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForECS")["DeletionTaskId"]
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "FAILED" and status["Reason"]["Reason"]
    assert iam.get_role(RoleName="AWSServiceRoleForECS")["Role"]
