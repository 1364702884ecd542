"""Login profiles (console passwords) and ChangePassword through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

GOOD = "Correct-Horse-9"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_login_profile_lifecycle(iam: Any) -> None:
    iam.create_user(UserName="alice")
    created = iam.create_login_profile(UserName="alice", Password=GOOD, PasswordResetRequired=True)
    profile = created["LoginProfile"]
    assert profile["UserName"] == "alice" and profile["PasswordResetRequired"] is True
    assert profile["CreateDate"].tzinfo is not None
    assert iam.get_login_profile(UserName="alice")["LoginProfile"] == profile
    with aws_error("EntityAlreadyExists", 409, "Login Profile for user alice already exists."):
        iam.create_login_profile(UserName="alice", Password=GOOD)
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must delete login profile first."):
        iam.delete_user(UserName="alice")
    iam.update_login_profile(UserName="alice", PasswordResetRequired=False)
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    iam.update_login_profile(UserName="alice", Password="Another-Pass-1")
    iam.delete_login_profile(UserName="alice")
    for call in (iam.get_login_profile, iam.delete_login_profile):
        with aws_error("NoSuchEntity", 404, "Login Profile for User alice cannot be found."):
            call(UserName="alice")
    with aws_error("NoSuchEntity", 404):
        iam.update_login_profile(UserName="alice", Password=GOOD)
    iam.delete_user(UserName="alice")


def test_missing_user(iam: Any) -> None:
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        iam.create_login_profile(UserName="ghost", Password=GOOD)


def test_password_is_not_kept_in_repr(iam: Any, iam_mock: IAMMock) -> None:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=GOOD)
    profile = iam_mock.backend.accounts["123456789012"].users["alice"].login_profile
    assert GOOD not in repr(profile) and "hash" not in repr(profile)


def test_default_policy_applies_without_a_custom_one(iam: Any) -> None:
    iam.create_user(UserName="alice")
    with aws_error("PasswordPolicyViolation", 400) as error:
        iam.create_login_profile(UserName="alice", Password="short")
    assert "Password should have a minimum length of 8" in error["Message"]
    with aws_error("PasswordPolicyViolation", 400):
        iam.create_login_profile(UserName="alice", Password="onlylowercase")


def test_custom_policy_lists_every_failed_rule(iam: Any, iam_mock: IAMMock) -> None:
    iam.create_user(UserName="alice")
    iam.update_account_password_policy(
        MinimumPasswordLength=12,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        RequireNumbers=True,
        RequireSymbols=True,
    )
    before = plain(iam_mock.backend.snapshot())
    with aws_error("PasswordPolicyViolation", 400) as error:
        iam.create_login_profile(UserName="alice", Password="abc")
    assert error["Message"] == (
        "Password should have a minimum length of 12; Password should have at least one uppercase letter; "
        "Password should have at least one number; Password should have at least one symbol"
    )
    assert plain(iam_mock.backend.snapshot()) == before
    iam.create_login_profile(UserName="alice", Password="Abcdefghij1!")
    with aws_error("PasswordPolicyViolation", 400, "Password should have at least one uppercase letter"):
        iam.update_login_profile(UserName="alice", Password="abcdefghij1!")


def _user_with_password(iam: Any, **policy: Any) -> Any:
    iam.create_user(UserName="alice")
    iam.create_login_profile(UserName="alice", Password=GOOD, PasswordResetRequired=True)
    if policy:
        iam.update_account_password_policy(**policy)
    return client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"])


def test_change_password_by_the_user(iam: Any) -> None:
    alice = _user_with_password(iam, AllowUsersToChangePassword=True, PasswordReusePrevention=2)
    with aws_error("AccessDenied", 403, "The old password is incorrect."):
        alice.change_password(OldPassword="wrong", NewPassword="New-Password-1")
    with aws_error("PasswordPolicyViolation", 400, "Password should not be one of your previous 2 passwords"):
        alice.change_password(OldPassword=GOOD, NewPassword=GOOD)
    alice.change_password(OldPassword=GOOD, NewPassword="New-Password-1")
    assert iam.get_login_profile(UserName="alice")["LoginProfile"]["PasswordResetRequired"] is False
    alice.change_password(OldPassword="New-Password-1", NewPassword="Third-Password-1")
    # Two changes later, the first password is out of the remembered window.
    alice.change_password(OldPassword="Third-Password-1", NewPassword=GOOD)


def test_change_password_needs_permission_without_self_service(iam: Any) -> None:
    alice = _user_with_password(iam, AllowUsersToChangePassword=False)
    with aws_error("AccessDenied", 403):
        alice.change_password(OldPassword=GOOD, NewPassword="New-Password-1")


def test_change_password_is_for_iam_users_only(iam: Any) -> None:
    with aws_error("InvalidUserType", 400):
        iam.change_password(OldPassword=GOOD, NewPassword="New-Password-1")


def test_change_password_without_login_profile(iam: Any) -> None:
    iam.create_user(UserName="bob")
    iam.update_account_password_policy(AllowUsersToChangePassword=True)
    bob = client_for("iam", iam.create_access_key(UserName="bob")["AccessKey"])
    with aws_error("NoSuchEntity", 404, "Login Profile for User bob cannot be found."):
        bob.change_password(OldPassword=GOOD, NewPassword="New-Password-1")


_password = st.text(alphabet=st.characters(min_codepoint=0x21, max_codepoint=0x7E), min_size=1, max_size=40)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(password=_password)
def test_policy_accepts_exactly_the_passwords_that_follow_it(iam_mock: IAMMock, password: str) -> None:
    iam_mock.reset()
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.update_account_password_policy(
        MinimumPasswordLength=10, RequireUppercaseCharacters=True, RequireNumbers=True
    )
    follows = (
        len(password) >= 10
        and any(c.isascii() and c.isupper() for c in password)
        and any(c.isdigit() for c in password)
    )
    if follows:
        iam.create_login_profile(UserName="alice", Password=password)
    else:
        with aws_error("PasswordPolicyViolation", 400):
            iam.create_login_profile(UserName="alice", Password=password)
