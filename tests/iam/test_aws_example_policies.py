"""AWS's own self-service example policies, exactly as published, through boto3.

IAM User Guide, "Example IAM identity-based policies": "AWS: Allows IAM users to manage their own
credentials on the My Security Credentials page" and "AWS: Allows MFA-authenticated IAM users to
manage their own credentials on the My Security Credentials page". Both name the caller's own user as
``arn:aws:iam::*:user/${aws:username}``: a user holding them manages their own credentials and nobody
else's.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.engine.cases_aws_examples import SELF_MANAGE_MFA, SELF_MANAGE_NO_MFA
from tests.helpers import aws_error, client_for

from iammock import IAMMock
from iammock.testing.totp import consecutive_codes, totp

ACCT = "123456789012"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    admin = boto3.client("iam")
    admin.create_user(UserName="bob")
    return admin


def _user_with(iam: Any, document: str, *, via_group: bool) -> dict[str, Any]:
    iam.create_user(UserName="alice")
    if via_group:
        # As the page suggests: a customer managed policy attached to a group of such users.
        arn = iam.create_policy(PolicyName="SelfManage", PolicyDocument=document)["Policy"]["Arn"]
        iam.create_group(GroupName="staff")
        iam.attach_group_policy(GroupName="staff", PolicyArn=arn)
        iam.add_user_to_group(GroupName="staff", UserName="alice")
    else:
        iam.put_user_policy(UserName="alice", PolicyName="SelfManage", PolicyDocument=document)
    key: dict[str, Any] = iam.create_access_key(UserName="alice")["AccessKey"]
    return key


def _denied(action: str, target: str) -> str:
    return (
        f"User: arn:aws:iam::{ACCT}:user/alice is not authorized to perform: {action} on resource: "
        f"arn:aws:iam::{ACCT}:user/{target} because no identity-based policy allows the {action} action"
    )


@pytest.mark.parametrize("via_group", [False, True], ids=["inline", "group-managed"])
def test_self_management_policy_manages_own_credentials_only(iam: Any, via_group: bool) -> None:
    alice = client_for("iam", _user_with(iam, SELF_MANAGE_NO_MFA, via_group=via_group))
    assert alice.get_user()["User"]["UserName"] == "alice"
    assert alice.get_user(UserName="alice")["User"]["Arn"] == f"arn:aws:iam::{ACCT}:user/alice"
    assert len(alice.list_access_keys(UserName="alice")["AccessKeyMetadata"]) == 1
    assert len(alice.list_access_keys()["AccessKeyMetadata"]) == 1
    new = alice.create_access_key()["AccessKey"]
    assert new["UserName"] == "alice"
    alice.update_access_key(AccessKeyId=new["AccessKeyId"], Status="Inactive")
    alice.delete_access_key(AccessKeyId=new["AccessKeyId"])
    assert alice.get_account_summary()["SummaryMap"]["Users"] == 2
    with aws_error("AccessDenied", 403, _denied("iam:GetUser", "bob")):
        alice.get_user(UserName="bob")
    with aws_error("AccessDenied", 403, _denied("iam:ListAccessKeys", "bob")):
        alice.list_access_keys(UserName="bob")
    with aws_error("AccessDenied", 403, _denied("iam:CreateAccessKey", "bob")):
        alice.create_access_key(UserName="bob")
    with aws_error("AccessDenied", 403):
        alice.list_users()
    assert iam.list_access_keys(UserName="bob")["AccessKeyMetadata"] == []


@pytest.mark.iammock_clock("2030-01-01T12:00:05Z")
def test_mfa_self_management_policy_needs_mfa_for_anything_but_enrolling(iam: Any, iam_clock: Any) -> None:
    key = _user_with(iam, SELF_MANAGE_MFA, via_group=False)
    alice = client_for("iam", key)
    # Without MFA: only what enrolling a device needs.
    assert alice.get_user()["User"]["UserName"] == "alice"
    with aws_error("AccessDenied", 403) as error:
        alice.create_access_key()
    assert "with an explicit deny in an identity-based policy" in error["Message"]
    device = alice.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    with aws_error("AccessDenied", 403):
        alice.create_virtual_mfa_device(VirtualMFADeviceName="bob")
    first, second = consecutive_codes(device["Base32StringSeed"], iam_clock.now())
    alice.enable_mfa_device(
        UserName="alice",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=first,
        AuthenticationCode2=second,
    )
    # Signed in with MFA: the deny no longer applies, and the allows reach alice only.
    iam_clock.advance(60)  # a code of its own, not one enabling the device used
    sts = client_for("sts", key)
    creds = sts.get_session_token(
        SerialNumber=device["SerialNumber"], TokenCode=totp(device["Base32StringSeed"], iam_clock.now())
    )
    with_mfa = client_for("iam", creds["Credentials"])
    assert with_mfa.create_access_key()["AccessKey"]["UserName"] == "alice"
    assert len(with_mfa.list_access_keys()["AccessKeyMetadata"]) == 2
    with aws_error("AccessDenied", 403, _denied("iam:CreateAccessKey", "bob")):
        with_mfa.create_access_key(UserName="bob")
    with aws_error("AccessDenied", 403, _denied("iam:GetUser", "bob")):
        with_mfa.get_user(UserName="bob")
    assert json.loads(SELF_MANAGE_MFA)["Statement"][-1]["Sid"] == "DenyAllExceptListedIfNoMFA"
