"""The account password policy, and the check every password a user is given goes through."""

from __future__ import annotations

from dataclasses import dataclass

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account
from ..registry import Output, Params, operation

# What AWS counts as a symbol in a password (IAM User Guide, "Setting an account password policy").
SYMBOLS = frozenset("!@#$%^&*()_+-=[]{}|'")


@dataclass(eq=False)
class PasswordPolicy:
    """UpdateAccountPasswordPolicy replaces the whole policy: an omitted setting takes its default."""

    minimum_length: int = 6
    require_symbols: bool = False
    require_numbers: bool = False
    require_uppercase: bool = False
    require_lowercase: bool = False
    allow_users_to_change: bool = False
    max_age: int | None = None
    reuse_prevention: int | None = None
    hard_expiry: bool | None = None


def _has(password: str, kind: str) -> bool:
    if kind == "upper":
        return any("A" <= c <= "Z" for c in password)
    if kind == "lower":
        return any("a" <= c <= "z" for c in password)
    if kind == "number":
        return any("0" <= c <= "9" for c in password)
    return any(c in SYMBOLS for c in password)


def violations(account: Account, password: str) -> list[str]:
    """The rules ``password`` breaks, in AWS's wording; empty when it is acceptable.

    Without a custom policy AWS applies its default one: at least 8 characters and at least three of
    the four character types.
    """
    policy: PasswordPolicy | None = account.password_policy
    failed: list[str] = []
    if policy is None:
        if len(password) < 8:
            failed.append("Password should have a minimum length of 8")
        if sum(_has(password, kind) for kind in ("upper", "lower", "number", "symbol")) < 3:
            failed.append(
                "Password should have at least three of the following character types: "
                "uppercase letters, lowercase letters, numbers and symbols"
            )
        return failed
    if len(password) < policy.minimum_length:
        failed.append(f"Password should have a minimum length of {policy.minimum_length}")
    for required, kind, words in (
        (policy.require_uppercase, "upper", "one uppercase letter"),
        (policy.require_lowercase, "lower", "one lowercase letter"),
        (policy.require_numbers, "number", "one number"),
        (policy.require_symbols, "symbol", "one symbol"),
    ):
        if required and not _has(password, kind):
            failed.append(f"Password should have at least {words}")
    return failed


def enforce(account: Account, password: str, *, reused: bool = False) -> None:
    """Raise PasswordPolicyViolation listing every failed rule; ``reused``: among the last N passwords."""
    failed = violations(account, password)
    policy: PasswordPolicy | None = account.password_policy
    if reused and policy is not None and policy.reuse_prevention:
        failed.append(f"Password should not be one of your previous {policy.reuse_prevention} passwords")
    if failed:
        raise AwsError("PasswordPolicyViolation", "; ".join(failed), 400)


def allows_self_service(account: Account) -> bool:
    """AllowUsersToChangePassword grants every user ChangePassword on itself and GetAccountPasswordPolicy."""
    policy: PasswordPolicy | None = account.password_policy
    return policy is not None and policy.allow_users_to_change


def _render(policy: PasswordPolicy) -> Output:
    data: Output = {
        "MinimumPasswordLength": policy.minimum_length,
        "RequireSymbols": policy.require_symbols,
        "RequireNumbers": policy.require_numbers,
        "RequireUppercaseCharacters": policy.require_uppercase,
        "RequireLowercaseCharacters": policy.require_lowercase,
        "AllowUsersToChangePassword": policy.allow_users_to_change,
        "ExpirePasswords": policy.max_age is not None,
        "MaxPasswordAge": policy.max_age,
        "PasswordReusePrevention": policy.reuse_prevention,
        "HardExpiry": policy.hard_expiry,
    }
    return data


@operation("iam", "UpdateAccountPasswordPolicy")
def update_account_password_policy(call: Call, params: Params) -> None:
    call.authorize("iam:UpdateAccountPasswordPolicy", "*")
    call.account.password_policy = PasswordPolicy(
        minimum_length=params.get("MinimumPasswordLength", 6),
        require_symbols=params.get("RequireSymbols", False),
        require_numbers=params.get("RequireNumbers", False),
        require_uppercase=params.get("RequireUppercaseCharacters", False),
        require_lowercase=params.get("RequireLowercaseCharacters", False),
        allow_users_to_change=params.get("AllowUsersToChangePassword", False),
        max_age=params.get("MaxPasswordAge"),
        reuse_prevention=params.get("PasswordReusePrevention"),
        hard_expiry=params.get("HardExpiry"),
    )
    return None


def _no_policy(account: Account) -> AwsError:
    return lookup.no_such_entity(f"The Password Policy with domain name {account.id} cannot be found.")


@operation("iam", "GetAccountPasswordPolicy")
def get_account_password_policy(call: Call, params: Params) -> Output:
    account = call.account
    caller = call.caller
    if not (caller is not None and caller.kind == "user" and allows_self_service(account)):
        call.authorize("iam:GetAccountPasswordPolicy", "*")
    if account.password_policy is None:
        raise _no_policy(account)
    return {"PasswordPolicy": _render(account.password_policy)}


@operation("iam", "DeleteAccountPasswordPolicy")
def delete_account_password_policy(call: Call, params: Params) -> None:
    account = call.account
    call.authorize("iam:DeleteAccountPasswordPolicy", "*")
    if account.password_policy is None:
        # AWS words this one apart from GetAccountPasswordPolicy's (LocalStack's AWS-validated snapshot,
        # test_iam_account_password_policy.snapshot.json, test_delete_account_password_policy_not_found).
        raise lookup.no_such_entity("The account policy with name PasswordPolicy cannot be found.")
    account.password_policy = None
    return None
