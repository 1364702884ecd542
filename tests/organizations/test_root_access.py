"""Centralized root access over the real organization: IAM's Organizations features and sts:AssumeRoot.

IAM User Guide, "Centralize root access for member accounts": the features need an organization with
all features and trusted access for IAM in AWS Organizations (``EnableAWSServiceAccess`` of
``iam.amazonaws.com``); the management account enables them, a delegated administrator for IAM
(``RegisterDelegatedAdministrator``) may list and disable them and call ``AssumeRoot``. STS API
Reference, "AssumeRoot": credentials of the management account or of a delegated administrator for IAM,
never root user credentials; the session lasts at most 900 seconds, is the member account's root and is
scoped by one of AWS's task policies (``arn:aws:iam::aws:policy/root-task/<name>``).
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

AUDIT = {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}
DELETE = {"arn": "arn:aws:iam::aws:policy/root-task/IAMDeleteRootUserCredentials"}
OUTSIDER = "444455556666"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@dataclass
class World:
    aws: IAMMock
    org: Any  # organizations, as the management account's root
    id: str
    root_id: str

    def account(self, name: str) -> str:
        status = self.org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]
        for _ in range(10):
            if status["State"] == "SUCCEEDED":
                break
            status = self.org.describe_create_account_status(CreateAccountRequestId=status["Id"])[
                "CreateAccountStatus"
            ]
        return str(status["AccountId"])

    def user(self, account_id: str, name: str, *actions: str, resource: str = "*") -> dict[str, Any]:
        iam = self.aws.session(account_id).client("iam")
        iam.create_user(UserName=name)
        if actions:
            policy = doc({"Effect": "Allow", "Action": list(actions), "Resource": resource})
            iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
        key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
        return key


@pytest.fixture
def world() -> Iterator[World]:
    with mock_iam() as aws:
        org = boto3.client("organizations")
        organization = org.create_organization(FeatureSet="ALL")["Organization"]
        yield World(aws, org, organization["Id"], org.list_roots()["Roots"][0]["Id"])


def test_features_need_trusted_access_for_iam(world: World) -> None:
    iam = boto3.client("iam")
    with aws_error("ServiceAccessNotEnabledException", 400):
        iam.list_organizations_features()
    with aws_error("ServiceAccessNotEnabledException", 400):
        iam.enable_organizations_root_sessions()
    world.org.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    assert iam.list_organizations_features()["OrganizationId"] == world.id
    assert iam.enable_organizations_root_credentials_management()["EnabledFeatures"] == [
        "RootCredentialsManagement"
    ]
    iam.enable_organizations_root_sessions()
    assert iam.list_organizations_features()["EnabledFeatures"] == [
        "RootCredentialsManagement",
        "RootSessions",
    ]
    # Disabling trusted access for IAM takes the features' precondition away.
    world.org.disable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    with aws_error("ServiceAccessNotEnabledException", 400):
        iam.list_organizations_features()


def test_member_accounts_and_delegated_administrators(world: World) -> None:
    world.org.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    member = world.account("member")
    member_iam = world.aws.session(member).client("iam")
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member_iam.list_organizations_features()
    boto3.client("iam").enable_organizations_root_sessions()
    # A delegated administrator for another service is not one for IAM.
    world.org.register_delegated_administrator(AccountId=member, ServicePrincipal="sso.amazonaws.com")
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member_iam.list_organizations_features()
    world.org.register_delegated_administrator(AccountId=member, ServicePrincipal="iam.amazonaws.com")
    assert member_iam.list_organizations_features()["EnabledFeatures"] == ["RootSessions"]
    with aws_error("CallerIsNotManagementAccountException", 400):
        member_iam.enable_organizations_root_credentials_management()
    assert member_iam.disable_organizations_root_sessions()["EnabledFeatures"] == []
    world.org.deregister_delegated_administrator(AccountId=member, ServicePrincipal="iam.amazonaws.com")
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member_iam.list_organizations_features()
    # An account outside the organization has none.
    with aws_error("OrganizationNotFoundException", 400):
        world.aws.session(OUTSIDER).client("iam").list_organizations_features()


def _enable_root_sessions(world: World) -> None:
    world.org.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    boto3.client("iam").enable_organizations_root_sessions()


def test_assume_root_from_the_management_account(world: World) -> None:
    member = world.account("member")
    member_root_key = world.aws.backend.account(member).root_key.access_key_id
    admin = world.user(world.aws.account_id, "admin", "sts:AssumeRoot")
    sts = client_for("sts", admin)
    with aws_error("AccessDenied", 403):
        sts.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)  # root sessions not enabled yet
    _enable_root_sessions(world)
    answer = sts.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)
    session = answer["Credentials"]
    identity = client_for("sts", session).get_caller_identity()
    assert identity == {
        "UserId": member,
        "Account": member,
        "Arn": f"arn:aws:iam::{member}:root",
        "ResponseMetadata": identity["ResponseMetadata"],
    }
    # The task policy: auditing the root's credentials only.
    audit = client_for("iam", session)
    assert [k["AccessKeyId"] for k in audit.list_access_keys()["AccessKeyMetadata"]] == [member_root_key]
    with aws_error("AccessDenied", 403) as error:
        audit.delete_access_key(AccessKeyId=member_root_key)
    assert "explicit deny" in error["Message"]
    with aws_error("AccessDenied", 403):
        audit.create_user(UserName="nobody")
    # Deleting the root's credentials, with the task policy for it: the root key stops working.
    deleting = client_for("iam", sts.assume_root(TargetPrincipal=member, TaskPolicyArn=DELETE)["Credentials"])
    deleting.delete_access_key(AccessKeyId=member_root_key)
    with aws_error("InvalidClientTokenId", 403):
        world.aws.session(member).client("sts").get_caller_identity()
    assert audit.list_access_keys()["AccessKeyMetadata"] == []


def test_assume_root_rules(world: World) -> None:
    member = world.account("member")
    _enable_root_sessions(world)
    # Root user credentials never may.
    with aws_error("AccessDenied", 403):
        boto3.client("sts").assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)
    # The caller's policies must allow sts:AssumeRoot on the member account's root.
    nobody = client_for("sts", world.user(world.aws.account_id, "nobody", "sts:GetCallerIdentity"))
    with aws_error("AccessDenied", 403) as error:
        nobody.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)
    assert "sts:AssumeRoot" in error["Message"] and f"arn:aws:iam::{member}:root" in error["Message"]
    other = world.account("other")
    scoped = world.user(
        world.aws.account_id, "scoped", "sts:AssumeRoot", resource=f"arn:aws:iam::{member}:root"
    )
    client_for("sts", scoped).assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)
    with aws_error("AccessDenied", 403):
        client_for("sts", scoped).assume_root(TargetPrincipal=other, TaskPolicyArn=AUDIT)
    admin = client_for("sts", world.user(world.aws.account_id, "admin", "sts:AssumeRoot"))
    # The target must be a member account: not the management account, not an account outside.
    with aws_error("AccessDenied", 403):
        admin.assume_root(TargetPrincipal=world.aws.account_id, TaskPolicyArn=AUDIT)
    world.aws.session(OUTSIDER)
    with aws_error("AccessDenied", 403):
        admin.assume_root(TargetPrincipal=OUTSIDER, TaskPolicyArn=AUDIT)
    # Task policies are AWS's five, and sessions last at most 900 seconds.
    with aws_error("ValidationError", 400):
        admin.assume_root(
            TargetPrincipal=member, TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/AdministratorAccess"}
        )
    with aws_error("ValidationError", 400):
        admin.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT, DurationSeconds=901)
    # A member account that is not a delegated administrator for IAM may not.
    member_admin = client_for("sts", world.user(member, "admin", "sts:AssumeRoot"))
    with aws_error("AccessDenied", 403):
        member_admin.assume_root(TargetPrincipal=other, TaskPolicyArn=AUDIT)
    world.org.register_delegated_administrator(AccountId=member, ServicePrincipal="iam.amazonaws.com")
    session = member_admin.assume_root(TargetPrincipal=other, TaskPolicyArn=AUDIT)["Credentials"]
    assert client_for("sts", session).get_caller_identity()["Arn"] == f"arn:aws:iam::{other}:root"


def test_root_sessions_are_subject_to_the_member_accounts_scps(world: World) -> None:
    member = world.account("member")
    _enable_root_sessions(world)
    admin = client_for("sts", world.user(world.aws.account_id, "admin", "sts:AssumeRoot"))
    session = admin.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)["Credentials"]
    audit = client_for("iam", session)
    audit.list_access_keys()
    world.org.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = world.org.create_policy(
        Name="NoAudit",
        Description="",
        Type="SERVICE_CONTROL_POLICY",
        Content=doc({"Effect": "Deny", "Action": "iam:ListAccessKeys", "Resource": "*"}),
    )["Policy"]["PolicySummary"]["Id"]
    world.org.attach_policy(PolicyId=policy, TargetId=member)
    with aws_error("AccessDenied", 403) as error:
        audit.list_access_keys()
    assert "service control policy" in error["Message"]


def test_unlocking_a_bucket_policy_that_denies_everyone() -> None:
    """S3UnlockBucketPolicy: the member account's root may delete a bucket policy that denies everyone,
    its own root included ("the root principal in a bucket owner's Amazon Web Services account can
    perform the GetBucketPolicy, PutBucketPolicy, and DeleteBucketPolicy API actions, even if their
    bucket policy explicitly denies the root principal's access", Amazon S3 API Reference,
    DeleteBucketPolicy); any other task policy may not."""
    with mock_iam() as aws, mock_aws():
        org = boto3.client("organizations")
        org.create_organization(FeatureSet="ALL")
        world = World(aws, org, "", org.list_roots()["Roots"][0]["Id"])
        member = world.account("member")
        _enable_root_sessions(world)
        admin = world.user(member, "admin", "s3:*")
        s3 = client_for("s3", admin)
        s3.create_bucket(Bucket="locked")
        everything = ["arn:aws:s3:::locked", "arn:aws:s3:::locked/*"]
        s3.put_bucket_policy(
            Bucket="locked",
            Policy=doc({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": everything}),
        )
        with aws_error("AccessDenied", 403):
            s3.delete_bucket_policy(Bucket="locked")
        with aws_error("AccessDenied", 403):
            s3.put_object(Bucket="locked", Key="k", Body=b"v")
        sts = client_for("sts", world.user(aws.account_id, "operator", "sts:AssumeRoot"))
        audit = sts.assume_root(TargetPrincipal=member, TaskPolicyArn=AUDIT)["Credentials"]
        with aws_error("AccessDenied", 403):
            client_for("s3", audit).delete_bucket_policy(Bucket="locked")
        unlock = {"arn": "arn:aws:iam::aws:policy/root-task/S3UnlockBucketPolicy"}
        root = client_for("s3", sts.assume_root(TargetPrincipal=member, TaskPolicyArn=unlock)["Credentials"])
        with aws_error("AccessDenied", 403):
            root.put_object(Bucket="locked", Key="k", Body=b"v")  # not one of the task's actions
        assert "Deny" in root.get_bucket_policy(Bucket="locked")["Policy"]
        root.delete_bucket_policy(Bucket="locked")
        s3.put_object(Bucket="locked", Key="k", Body=b"v")


def test_features_need_all_features() -> None:
    with mock_iam():
        boto3.client("organizations").create_organization(FeatureSet="CONSOLIDATED_BILLING")
        with aws_error("OrganizationNotInAllFeaturesModeException", 400):
            boto3.client("iam").list_organizations_features()


def test_the_root_users_password_from_root_sessions(world: World) -> None:
    """IAMCreateRootUserPassword, IAMAuditRootUserCredentials and IAMDeleteRootUserCredentials on the root's
    login profile: an AssumeRoot session omits UserName, and CreateLoginProfile's Password "must be
    omitted when you make the request with an AssumeRoot session" (IAM API Reference, CreateLoginProfile)."""
    member = world.account("member")
    _enable_root_sessions(world)
    sts = client_for("sts", world.user(world.aws.account_id, "operator", "sts:AssumeRoot"))

    def session(task: str) -> Any:
        policy = {"arn": f"arn:aws:iam::aws:policy/root-task/{task}"}
        return client_for("iam", sts.assume_root(TargetPrincipal=member, TaskPolicyArn=policy)["Credentials"])

    creating, audit, deleting = (
        session("IAMCreateRootUserPassword"),
        session("IAMAuditRootUserCredentials"),
        session("IAMDeleteRootUserCredentials"),
    )
    with aws_error("NoSuchEntity", 404):
        audit.get_login_profile()
    with aws_error("ValidationError", 400):
        creating.create_login_profile(Password="Correct-Horse-1")
    created = creating.create_login_profile()["LoginProfile"]
    assert audit.get_login_profile()["LoginProfile"]["CreateDate"] == created["CreateDate"]
    with aws_error("EntityAlreadyExists", 409):
        creating.create_login_profile()
    with aws_error("AccessDenied", 403):
        audit.delete_login_profile()
    # The root user's own credentials may not omit UserName: only an AssumeRoot session may.
    with aws_error("ValidationError", 400):
        world.aws.session(member).client("iam").get_login_profile()
    deleting.delete_login_profile()
    with aws_error("NoSuchEntity", 404):
        audit.get_login_profile()
