"""The account password policy through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

ACCT = "123456789012"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_no_policy_is_no_such_entity(iam: Any) -> None:
    message = f"The Password Policy with domain name {ACCT} cannot be found."
    with aws_error("NoSuchEntity", 404, message):
        iam.get_account_password_policy()
    # DeleteAccountPasswordPolicy words it otherwise (LocalStack's AWS-validated snapshot,
    # tests/aws/services/iam/test_iam_account_password_policy.snapshot.json).
    with aws_error("NoSuchEntity", 404, "The account policy with name PasswordPolicy cannot be found."):
        iam.delete_account_password_policy()


def test_update_replaces_the_whole_policy(iam: Any) -> None:
    iam.update_account_password_policy(
        MinimumPasswordLength=14,
        RequireSymbols=True,
        RequireNumbers=True,
        RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True,
        AllowUsersToChangePassword=True,
        MaxPasswordAge=90,
        PasswordReusePrevention=24,
        HardExpiry=False,
    )
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy == {
        "MinimumPasswordLength": 14,
        "RequireSymbols": True,
        "RequireNumbers": True,
        "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True,
        "AllowUsersToChangePassword": True,
        "ExpirePasswords": True,
        "MaxPasswordAge": 90,
        "PasswordReusePrevention": 24,
        "HardExpiry": False,
    }
    # No partial updates: what is not given goes back to its default.
    iam.update_account_password_policy(RequireNumbers=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy == {
        "MinimumPasswordLength": 6,
        "RequireSymbols": False,
        "RequireNumbers": True,
        "RequireUppercaseCharacters": False,
        "RequireLowercaseCharacters": False,
        "AllowUsersToChangePassword": False,
        "ExpirePasswords": False,
    }
    iam.delete_account_password_policy()
    with aws_error("NoSuchEntity", 404):
        iam.get_account_password_policy()


def test_ranges_are_validated(iam: Any) -> None:
    with aws_error("ValidationError", 400):
        iam.update_account_password_policy(MinimumPasswordLength=129)
    with aws_error("ValidationError", 400):
        iam.update_account_password_policy(PasswordReusePrevention=25)
    with aws_error("ValidationError", 400):
        iam.update_account_password_policy(MaxPasswordAge=1096)


def test_users_may_read_the_policy_only_when_allowed_to_change_passwords(iam: Any) -> None:
    iam.create_user(UserName="alice")
    alice = client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"])
    iam.update_account_password_policy(MinimumPasswordLength=10)
    with aws_error("AccessDenied", 403):
        alice.get_account_password_policy()
    with aws_error("AccessDenied", 403):
        alice.update_account_password_policy(MinimumPasswordLength=8)
    iam.update_account_password_policy(MinimumPasswordLength=10, AllowUsersToChangePassword=True)
    assert alice.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 10
