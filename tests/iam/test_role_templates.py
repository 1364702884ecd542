"""Role templates: GetRoleTemplateVersion and AcquireRole, through boto3."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock
from iammock.backend.iam.role_templates import register_template

TEMPLATE = "arn:aws:iam::aws:role-template/AppRole"
ACCT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "@{Service}"}, "Action": "sts:AssumeRole"}
        ],
    }
)
INLINE = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "@{Buckets}"}],
    }
)
BOUNDARY = "arn:aws:iam::aws:policy/PowerUserAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def version(minor: int, **extra: Any) -> dict[str, Any]:
    return {
        "MinorVersion": minor,
        "RoleNamePattern": "app-@{Env}",
        "RolePathPattern": "/apps/@{Env}/",
        "RoleDescriptionPattern": "Role for @{Env}",
        "AssumeRolePolicyDocumentTemplate": TRUST,
        "InlinePolicyTemplates": [{"PolicyName": "read-@{Env}", "PolicyDocument": INLINE}],
        "ManagedPolicyArns": [READ_ONLY],
        "PermissionBoundaryArn": BOUNDARY,
        "RoleTagsTemplate": [{"Key": "env", "Value": "@{Env}"}],
        "MaxSessionDuration": 7200,
        "ParametersDefinition": [
            {"Name": "Env", "Type": "String", "IsRequired": True},
            {"Name": "Service", "Type": "String", "DefaultValue": "ec2.amazonaws.com"},
            {"Name": "Buckets", "Type": "ArnList", "DefaultValue": "arn:aws:s3:::default/*"},
        ],
        **extra,
    }


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    register_template(iam_mock, TEMPLATE, versions=[version(1), version(2)], default_minor_version=1)
    return boto3.client("iam")


def env(value: str) -> dict[str, Any]:
    return {"Env": {"Values": [value]}}


def test_get_role_template_version(iam: Any) -> None:
    found = iam.get_role_template_version(TemplateArn=TEMPLATE)["RoleTemplateVersion"]
    assert found["TemplateArn"] == TEMPLATE
    assert found["TemplateName"] == "AppRole"
    assert found["MinorVersion"] == 1 and found["DefaultMinorVersion"] == 1
    assert found["Enabled"] is True and found["VersionEnabled"] is True
    assert found["AssumeRolePolicyDocumentTemplate"] == json.loads(TRUST)
    assert found["ParametersDefinition"][0] == {"Name": "Env", "Type": "String", "IsRequired": True}
    assert found["MaxSessionDuration"] == 7200
    assert (
        iam.get_role_template_version(TemplateArn=TEMPLATE, MinorVersion=2)["RoleTemplateVersion"][
            "MinorVersion"
        ]
        == 2
    )


def test_unknown_template_or_version(iam: Any) -> None:
    with aws_error("NoSuchEntity", 404):
        iam.get_role_template_version(TemplateArn="arn:aws:iam::aws:role-template/Nope")
    with aws_error("NoSuchEntity", 404):
        iam.get_role_template_version(TemplateArn=TEMPLATE, MinorVersion=9)


def test_acquire_role_builds_the_role(iam: Any) -> None:
    role = iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("prod"))["Role"]
    assert role["RoleName"] == "app-prod"
    assert role["Path"] == "/apps/prod/"
    assert role["Arn"] == f"arn:aws:iam::{ACCT}:role/apps/prod/app-prod"
    assert role["Description"] == "Role for prod"
    assert role["MaxSessionDuration"] == 7200
    assert role["Tags"] == [{"Key": "env", "Value": "prod"}]
    assert role["PermissionsBoundary"]["PermissionsBoundaryArn"] == BOUNDARY
    assert role["SourceRoleTemplate"] == {"TemplateArn": TEMPLATE, "TemplateMinorVersion": 1}
    trust = role["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"] == {"Service": "ec2.amazonaws.com"}

    got = iam.get_role(RoleName="app-prod")["Role"]
    assert got["SourceRoleTemplate"] == {"TemplateArn": TEMPLATE, "TemplateMinorVersion": 1}
    assert iam.list_role_policies(RoleName="app-prod")["PolicyNames"] == ["read-prod"]
    inline = iam.get_role_policy(RoleName="app-prod", PolicyName="read-prod")["PolicyDocument"]
    assert inline["Statement"][0]["Resource"] == ["arn:aws:s3:::default/*"]
    attached = iam.list_attached_role_policies(RoleName="app-prod")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [READ_ONLY]


def test_list_parameters_and_minor_version(iam: Any) -> None:
    values = {
        **env("dev"),
        "Service": {"Values": ["lambda.amazonaws.com"]},
        "Buckets": {"Values": ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]},
    }
    role = iam.acquire_role(TemplateArn=TEMPLATE, TemplateMinorVersion=2, ReplacementValues=values)["Role"]
    assert role["SourceRoleTemplate"]["TemplateMinorVersion"] == 2
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": "lambda.amazonaws.com"
    }
    inline = iam.get_role_policy(RoleName="app-dev", PolicyName="read-dev")["PolicyDocument"]
    assert inline["Statement"][0]["Resource"] == ["arn:aws:s3:::a/*", "arn:aws:s3:::b/*"]


def test_acquired_role_counts_as_a_policy_attachment(iam: Any, iam_mock: IAMMock) -> None:
    policy = iam.create_policy(
        PolicyName="p",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
        ),
    )["Policy"]
    arn = "arn:aws:iam::aws:role-template/Custom"
    register_template(iam_mock.backend, arn, versions=[version(1, ManagedPolicyArns=[policy["Arn"]])])
    iam.acquire_role(TemplateArn=arn, ReplacementValues=env("x"))
    assert iam.get_policy(PolicyArn=policy["Arn"])["Policy"]["AttachmentCount"] == 1


def test_errors_change_no_state(iam: Any, iam_mock: IAMMock) -> None:
    before = iam_mock.backend.snapshot()
    with aws_error("NoSuchEntity", 404):
        iam.acquire_role(TemplateArn="arn:aws:iam::aws:role-template/Nope", ReplacementValues=env("a"))
    with aws_error("NoSuchEntity", 404):
        iam.acquire_role(TemplateArn=TEMPLATE, TemplateMinorVersion=7, ReplacementValues=env("a"))
    with aws_error("InvalidInput", 400):
        iam.acquire_role(TemplateArn=TEMPLATE)  # required parameter missing
    with aws_error("InvalidInput", 400):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues={**env("a"), "Bogus": {"Values": ["x"]}})
    with aws_error("InvalidInput", 400):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues={"Env": {"Values": ["a", "b"]}})
    with aws_error("InvalidInput", 400):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("bad name!"))
    with aws_error("InvalidInput", 400):
        iam.acquire_role(
            TemplateArn=TEMPLATE, ReplacementValues={**env("a"), "Buckets": {"Values": ["nope"]}}
        )
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_already_exists_and_name_conflict(iam: Any, iam_mock: IAMMock) -> None:
    iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("prod"))
    before = iam_mock.backend.snapshot()
    with aws_error("EntityAlreadyExists", 409):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("prod"))
    iam.create_role(
        RoleName="app-test", AssumeRolePolicyDocument=TRUST.replace("@{Service}", "ec2.amazonaws.com")
    )
    before = iam_mock.backend.snapshot()
    with aws_error("NameConflict", 409):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("TEST"))
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_disabled_template_version_or_account(iam: Any, iam_mock: IAMMock) -> None:
    disabled = "arn:aws:iam::aws:role-template/Disabled"
    register_template(iam_mock, disabled, versions=[version(1)], enabled=False)
    off_version = "arn:aws:iam::aws:role-template/OffVersion"
    register_template(iam_mock, off_version, versions=[version(1, VersionEnabled=False)])
    before = iam_mock.backend.snapshot()
    with aws_error("RoleTemplateDisabled", 400):
        iam.acquire_role(TemplateArn=disabled, ReplacementValues=env("a"))
    with aws_error("RoleTemplateDisabled", 400):
        iam.acquire_role(TemplateArn=off_version, ReplacementValues=env("a"))
    assert plain(iam_mock.backend.snapshot()) == plain(before)
    iam.put_account_properties(Properties={"RoleManager/Enabled": "false"})
    with aws_error("RoleTemplateDisabled", 400):
        iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("a"))
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    assert iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("a"))["Role"]["RoleName"] == "app-a"


def test_missing_policies_and_malformed_documents(iam: Any, iam_mock: IAMMock) -> None:
    missing = "arn:aws:iam::aws:role-template/Missing"
    register_template(
        iam_mock, missing, versions=[version(1, ManagedPolicyArns=[f"arn:aws:iam::{ACCT}:policy/none"])]
    )
    bad = "arn:aws:iam::aws:role-template/BadTrust"
    register_template(iam_mock, bad, versions=[version(1, AssumeRolePolicyDocumentTemplate='{"Version": 1}')])
    no_boundary = "arn:aws:iam::aws:role-template/NoBoundary"
    register_template(
        iam_mock, no_boundary, versions=[version(1, PermissionBoundaryArn=f"arn:aws:iam::{ACCT}:policy/none")]
    )
    before = iam_mock.backend.snapshot()
    with aws_error("NoSuchEntity", 404):
        iam.acquire_role(TemplateArn=missing, ReplacementValues=env("a"))
    with aws_error("MalformedPolicyDocument", 400):
        iam.acquire_role(TemplateArn=bad, ReplacementValues=env("a"))
    with aws_error("NoSuchEntity", 404):
        iam.acquire_role(TemplateArn=no_boundary, ReplacementValues=env("a"))
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_acquired_role_is_an_ordinary_role(iam: Any) -> None:
    iam.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("tmp"))
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["app-tmp"]
    iam.delete_role_policy(RoleName="app-tmp", PolicyName="read-tmp")
    iam.detach_role_policy(RoleName="app-tmp", PolicyArn=READ_ONLY)
    iam.delete_role(RoleName="app-tmp")
    assert iam.list_roles()["Roles"] == []


def test_register_template_rejects_bad_definitions(iam_mock: IAMMock) -> None:
    with pytest.raises(ValueError):
        register_template(iam_mock, TEMPLATE, versions=[])
    with pytest.raises(ValueError):
        register_template(iam_mock, TEMPLATE, versions=[{"MinorVersion": 1}])
    with pytest.raises(ValueError):
        register_template(iam_mock, TEMPLATE, versions=[version(1, Bogus=1)])


def test_non_root_user_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    alice = client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"])
    with aws_error("AccessDenied", 403):
        alice.acquire_role(TemplateArn=TEMPLATE, ReplacementValues=env("a"))
    with aws_error("AccessDenied", 403):
        alice.get_role_template_version(TemplateArn=TEMPLATE)
