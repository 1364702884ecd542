"""The Python decision API: explain, authorize, least privilege, SCPs/RCPs, and secret-free trail events."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from tests.helpers import aws_error, client_for

from iammock import AwsError, Decision, IAMMock
from iammock.organizations import OrganizationPolicyError

ACCOUNT = "123456789012"


def _allow(*actions: str, resource: str = "*", **extra: Any) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Action": list(actions), "Resource": resource, **extra}
    return {"Version": "2012-10-17", "Statement": [statement]}


def _user(iam: Any, name: str, *policies: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    arn = iam.create_user(UserName=name)["User"]["Arn"]
    for i, policy in enumerate(policies):
        iam.put_user_policy(UserName=name, PolicyName=f"p{i}", PolicyDocument=json.dumps(policy))
    return arn, iam.create_access_key(UserName=name)["AccessKey"]


# -- explain ----------------------------------------------------------------------------------------


def test_explain_a_denied_call_from_the_error_or_its_request_id(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    arn, key = _user(iam, "alice", _allow("iam:GetUser"))
    with pytest.raises(ClientError) as caught:
        client_for("iam", key).create_user(UserName="bob")
    text = iam_mock.explain(caught.value)
    assert text == iam_mock.explain(caught.value.response["ResponseMetadata"]["RequestId"])
    assert "iam:CreateUser" in text and "failed: AccessDenied" in text
    assert f"Principal: {arn} (user)" in text
    assert f"Resource:  arn:aws:iam::{ACCOUNT}:user/bob" in text
    assert "Denied by: Identity-based policies" in text
    assert "p0 (inline)" in text or "p0" in text
    assert "no statement matched" in text


def test_explain_an_allowed_call_names_the_statement(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Sid": "ReadSelf", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}],
    }
    _, key = _user(iam, "alice", policy)
    response = client_for("iam", key).get_user(UserName="alice")
    text = iam_mock.explain(response)
    assert "succeeded" in text and "Decision:  allowed" in text and "Sid ReadSelf" in text


def test_explain_reports_missing_context_keys(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    mfa_only = _allow("iam:GetUser", Condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    _, key = _user(iam, "alice", mfa_only)
    with pytest.raises(ClientError) as caught:
        client_for("iam", key).get_user(UserName="alice")
    assert "aws:MultiFactorAuthPresent" in iam_mock.explain(caught.value)


def test_explain_unknown_request(iam_mock: IAMMock) -> None:
    with pytest.raises(KeyError):
        iam_mock.explain("00000000-0000-0000-0000-000000000000")
    with pytest.raises(TypeError):
        iam_mock.explain(42)


# -- authorize --------------------------------------------------------------------------------------


def test_authorize_a_user(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    arn, _ = _user(iam, "alice", _allow("iam:GetUser", resource=f"arn:aws:iam::{ACCOUNT}:user/alice"))
    yes = iam_mock.authorize(arn, "iam:GetUser", arn)
    assert isinstance(yes, Decision) and yes.allowed and yes.request is not None
    no = iam_mock.authorize(arn, "iam:DeleteUser", arn)
    assert not no.allowed and no.outcome == "implicit_deny"
    assert "because no identity-based policy allows the iam:DeleteUser action" in no.message
    assert len(iam_mock.trail) == 3  # the hypothetical requests are not on the trail


def test_authorize_with_context(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    policy = _allow("iam:ListUsers", Condition={"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}})
    arn, _ = _user(iam, "alice", policy)
    assert not iam_mock.authorize(arn, "iam:ListUsers", "*").allowed
    assert iam_mock.authorize(arn, "iam:ListUsers", "*", {"aws:SourceIp": "10.1.2.3"}).allowed


def test_authorize_a_role_root_and_live_session(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="reader", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="reader", PolicyName="p", PolicyDocument=json.dumps(_allow("iam:ListRoles")))
    decision = iam_mock.authorize(role["Arn"], "iam:ListRoles", "*")
    assert decision.allowed and decision.request is not None
    assert decision.request.principal.kind == "assumed_role"
    assert not iam_mock.authorize(role["Arn"], "iam:ListUsers", "*").allowed
    assert iam_mock.authorize(f"arn:aws:iam::{ACCOUNT}:root", "iam:ListUsers", "*").allowed

    user_arn, key = _user(iam, "alice", _allow("sts:AssumeRole"))
    assumed = client_for("sts", key).assume_role(RoleArn=role["Arn"], RoleSessionName="s1")
    session_arn = assumed["AssumedRoleUser"]["Arn"]
    assert iam_mock.authorize(session_arn, "iam:ListRoles", "*").allowed
    # sts:AssumeRole on a role: its trust policy is evaluated along with the caller's policies.
    assert iam_mock.authorize(user_arn, "sts:AssumeRole", role["Arn"]).allowed
    bob_arn, _ = _user(iam, "bob")
    denied = iam_mock.authorize(bob_arn, "sts:AssumeRole", role["Arn"])
    assert not denied.allowed


def test_authorize_rejects_unknown_principals(iam_mock: IAMMock) -> None:
    with pytest.raises(ValueError, match="no such user"):
        iam_mock.authorize(f"arn:aws:iam::{ACCOUNT}:user/nobody", "iam:GetUser", "*")
    with pytest.raises(ValueError, match="no live session"):
        iam_mock.authorize(f"arn:aws:sts::{ACCOUNT}:assumed-role/r/s", "iam:GetUser", "*")
    with pytest.raises(ValueError):
        iam_mock.authorize("not-an-arn", "iam:GetUser", "*")


# -- least privilege ----------------------------------------------------------------------------------


def test_least_privilege_policy_reproduces_the_calls(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    alice_arn, key = _user(iam, "alice", _allow("iam:*"))
    as_alice = client_for("iam", key)
    as_alice.create_user(UserName="bob")
    as_alice.get_user(UserName="bob")
    as_alice.tag_user(UserName="bob", Tags=[{"Key": "team", "Value": "a"}])
    as_alice.list_users()
    with pytest.raises(ClientError):
        as_alice.get_user(UserName="nobody")  # allowed, then NoSuchEntity: still a permission it used

    generated = iam_mock.least_privilege_policy(alice_arn)
    assert generated == iam_mock.least_privilege_policy(alice_arn)  # deterministic
    user = f"arn:aws:iam::{ACCOUNT}:user/"
    assert generated == {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["iam:CreateUser", "iam:TagUser"], "Resource": [user + "bob"]},
            {"Effect": "Allow", "Action": ["iam:GetUser"], "Resource": [user + "bob", user + "nobody"]},
            {"Effect": "Allow", "Action": ["iam:ListUsers"], "Resource": [user]},
        ],
    }

    # Attached to a fresh principal, it allows the same calls and nothing else.
    iam.untag_user(UserName="bob", TagKeys=["team"])
    iam.delete_user(UserName="bob")
    _, carol_key = _user(iam, "carol", generated)
    as_carol = client_for("iam", carol_key)
    as_carol.create_user(UserName="bob")
    as_carol.get_user(UserName="bob")
    as_carol.tag_user(UserName="bob", Tags=[{"Key": "team", "Value": "a"}])
    as_carol.list_users()
    with aws_error("AccessDenied"):
        as_carol.create_user(UserName="eve")
    with aws_error("AccessDenied"):
        as_carol.delete_user(UserName="bob")


def test_least_privilege_counts_role_sessions_for_the_role(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.put_role_policy(RoleName="app", PolicyName="p", PolicyDocument=json.dumps(_allow("iam:List*")))
    _, key = _user(iam, "alice", _allow("sts:AssumeRole"))
    for name in ("one", "two"):
        creds = client_for("sts", key).assume_role(RoleArn=role["Arn"], RoleSessionName=name)["Credentials"]
        client_for("iam", creds).list_roles() if name == "one" else client_for("iam", creds).list_groups()
    generated = iam_mock.least_privilege_policy(role["Arn"])
    assert [a for s in generated["Statement"] for a in s["Action"]] == ["iam:ListGroups", "iam:ListRoles"]
    session_only = iam_mock.least_privilege_policy(f"arn:aws:sts::{ACCOUNT}:assumed-role/app/two")
    assert [a for s in session_only["Statement"] for a in s["Action"]] == ["iam:ListGroups"]
    assert iam_mock.least_privilege_policy(f"arn:aws:iam::{ACCOUNT}:user/nobody")["Statement"] == []


# -- SCPs and RCPs ----------------------------------------------------------------------------------------

DENY_USERS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}],
}


def test_scp_deny_blocks_even_the_account_root(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    name = iam_mock.attach_scp(DENY_USERS, name="NoNewUsers")
    assert name == "NoNewUsers"
    with aws_error("AccessDenied") as error:
        iam.create_user(UserName="bob")
    assert "with an explicit deny in a service control policy" in error["Message"]
    iam.create_group(GroupName="still-fine")  # FullAWSAccess, put there when SCPs were enabled, allows it
    iam_mock.detach_scp("NoNewUsers")
    iam.create_user(UserName="bob")


def test_detaching_full_aws_access_at_one_level_denies_everything(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    iam_mock.attach_scp(_allow("iam:*"), name="IamOnly", level="root")
    from iammock import organizations

    levels = organizations.attached(iam_mock.backend, "SCP", iam_mock.account_id)
    assert levels == {
        "root": ["FullAWSAccess", "IamOnly"],
        "ou": ["FullAWSAccess"],
        "account": ["FullAWSAccess"],
    }
    iam.list_users()
    # AWS keeps at least one SCP on every target ("MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED", AWS
    # Organizations API Reference, DetachPolicy): the only one cannot go, another must come first.
    with pytest.raises(OrganizationPolicyError, match="ConstraintViolationException"):
        iam_mock.detach_scp("FullAWSAccess", level="ou")
    iam_mock.attach_scp(_allow("iam:ListUsers"), name="ListOnly", level="ou")
    iam_mock.detach_scp("FullAWSAccess", level="ou")
    iam.list_users()
    with aws_error("AccessDenied") as error:
        iam.list_groups()
    assert "with an explicit deny in a service control policy" in error["Message"]


def test_scps_apply_per_account(iam_mock: IAMMock) -> None:
    iam_mock.attach_scp(DENY_USERS, account_id="222233334444")
    boto3.client("iam").create_user(UserName="bob")
    with aws_error("AccessDenied"):
        iam_mock.session("222233334444").client("iam").create_user(UserName="bob")


def test_organization_policy_errors(iam_mock: IAMMock) -> None:
    with pytest.raises(AwsError) as malformed:
        iam_mock.attach_scp(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Maybe","Action":"*","Resource":"*"}]}'
        )
    assert malformed.value.code == "MalformedPolicyDocument"
    iam_mock.attach_scp(DENY_USERS, name="x")
    with pytest.raises(OrganizationPolicyError, match="DuplicatePolicyAttachment"):
        iam_mock.attach_scp(DENY_USERS, name="x")
    with pytest.raises(OrganizationPolicyError, match="PolicyNotAttached"):
        iam_mock.detach_scp("nope")
    with pytest.raises(ValueError, match="level must be one of"):
        iam_mock.attach_scp(DENY_USERS, level="galaxy")
    # RCPFullAWSAccess cannot be detached: DetachPolicy's ConstraintViolationException (the shortcut runs it).
    with pytest.raises(OrganizationPolicyError, match="ConstraintViolationException"):
        iam_mock.detach_rcp("RCPFullAWSAccess")


def test_rcps_are_enabled_with_a_full_access_policy(iam_mock: IAMMock) -> None:
    rcp = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}],
    }
    name = iam_mock.attach_rcp(rcp)
    from iammock import organizations

    assert organizations.attached(iam_mock.backend, "RCP", iam_mock.account_id)["account"] == [
        "RCPFullAWSAccess",
        name,
    ]
    iam_mock.detach_rcp(name)
    assert organizations.attached(iam_mock.backend, "RCP", iam_mock.account_id)["account"] == [
        "RCPFullAWSAccess"
    ]


# -- the trail never shows secrets --------------------------------------------------------------------------


def test_trail_events_hide_secrets(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role_arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    _, key = _user(iam, "alice", _allow("sts:AssumeRole"))
    creds = client_for("sts", key).assume_role(RoleArn=role_arn, RoleSessionName="s1")["Credentials"]
    iam.create_login_profile(UserName="alice", Password="Correct-Horse-Battery-9")
    secrets = [
        key["SecretAccessKey"],
        creds["SecretAccessKey"],
        creds["SessionToken"],
        "Correct-Horse-Battery-9",
    ]
    text = json.dumps(iam_mock.trail.events(), default=str)
    for secret in secrets:
        assert secret not in text
    created = iam_mock.trail.events(event_name="CreateAccessKey")[0]
    assert created["responseElements"]["accessKey"]["secretAccessKey"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    assumed = iam_mock.trail.events(event_name="AssumeRole")[0]
    assert assumed["responseElements"]["credentials"]["sessionToken"] == "HIDDEN_DUE_TO_SECURITY_REASONS"
    assert assumed["responseElements"]["credentials"]["accessKeyId"] == creds["AccessKeyId"]
