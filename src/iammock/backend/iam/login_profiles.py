"""Console passwords of users: login profiles, and users changing their own password."""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import datetime

from ...errors import AwsError, access_denied
from .. import lookup
from ..call import Call
from ..model import User
from ..registry import Output, Params, operation
from . import password_policy

HISTORY = 24  # the largest PasswordReusePrevention AWS allows


@dataclass(eq=False)
class LoginProfile:
    created: datetime
    salt: str = field(repr=False)
    password_hash: str = field(repr=False)
    reset_required: bool = False
    # Hashes of earlier passwords, newest first, for PasswordReusePrevention.
    history: list[str] = field(default_factory=list, repr=False)

    def hash(self, password: str) -> str:
        return hashlib.sha256(f"{self.salt}:{password}".encode()).hexdigest()

    def matches(self, password: str) -> bool:
        return hmac.compare_digest(self.password_hash, self.hash(password))

    def was_used(self, password: str, last: int) -> bool:
        candidate = self.hash(password)
        return any(hmac.compare_digest(candidate, old) for old in [self.password_hash, *self.history][:last])

    def set_password(self, password: str) -> None:
        self.history = [self.password_hash, *self.history][:HISTORY]
        self.password_hash = self.hash(password)


def _render(user: User, profile: LoginProfile) -> Output:
    return {
        "UserName": user.name,
        "CreateDate": profile.created,
        "PasswordResetRequired": profile.reset_required,
    }


def _profile(user: User) -> LoginProfile:
    profile: LoginProfile | None = user.login_profile
    if profile is None:
        raise lookup.no_such_entity(f"Login Profile for User {user.name} cannot be found.")
    return profile


def _target(call: Call, params: Params) -> User:
    """The named user, or the calling user; the account root has no login profile in IAM."""
    name = lookup.target_user_name(call, params)
    if name is None:
        raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials", 400)
    return lookup.user(call.account, name)


def _root_session(call: Call, params: Params) -> bool:
    """An AssumeRoot session omitting UserName: the request is about the member account's root user
    ("When you make this request with root user credentials, you must use an AssumeRoot session to omit
    the user name", IAM API Reference, CreateLoginProfile, GetLoginProfile, DeleteLoginProfile)."""
    caller = call.caller
    return (
        "UserName" not in params
        and caller is not None
        and caller.is_root
        and caller.session is not None
        and caller.session.task_policy_arn is not None
    )


def _render_root(call: Call, profile: LoginProfile) -> Output:
    # (unconfirmed) the root user's login profile names the account as its user.
    return {"UserName": call.account.id, "CreateDate": profile.created, "PasswordResetRequired": False}


def _root_profile(call: Call) -> LoginProfile:
    profile = call.account.root_login_profile
    if profile is None:
        raise lookup.no_such_entity(f"Login Profile for User {call.account.id} cannot be found.")
    return profile


def _authorize(call: Call, action: str, params: Params) -> None:
    name = lookup.target_user_name(call, params)
    call.authorize(action, lookup.user_arn(call.account, name) if name else call.account.root_arn)


@operation("iam", "CreateLoginProfile")
def create_login_profile(call: Call, params: Params) -> Output:
    _authorize(call, "iam:CreateLoginProfile", params)
    if _root_session(call, params):
        # "This parameter [Password] must be omitted when you make the request with an AssumeRoot
        # session": the root user recovers its password by email (wording unconfirmed).
        if params.get("Password") is not None:
            raise AwsError("ValidationError", "Password must be omitted in an AssumeRoot session.", 400)
        if call.account.root_login_profile is not None:
            raise AwsError(
                "EntityAlreadyExists", f"Login Profile for user {call.account.id} already exists.", 409
            )
        root = call.account.root_login_profile = LoginProfile(created=call.now, salt="", password_hash="")
        return {"LoginProfile": _render_root(call, root)}
    user = _target(call, params)
    if user.login_profile is not None:
        raise AwsError("EntityAlreadyExists", f"Login Profile for user {user.name} already exists.", 409)
    password: str | None = params.get("Password")
    if password is None:
        # Passwordless console access is only something the console's root-owned flows create.
        raise AwsError("ValidationError", "Password is required to create a login profile.", 400)
    password_policy.enforce(call.account, password)
    salt = call.backend.ids.hex(16)
    profile = LoginProfile(
        created=call.now,
        salt=salt,
        password_hash="",
        reset_required=bool(params.get("PasswordResetRequired", False)),
    )
    profile.password_hash = profile.hash(password)
    user.login_profile = profile
    return {"LoginProfile": _render(user, profile)}


@operation("iam", "GetLoginProfile")
def get_login_profile(call: Call, params: Params) -> Output:
    _authorize(call, "iam:GetLoginProfile", params)
    if _root_session(call, params):
        return {"LoginProfile": _render_root(call, _root_profile(call))}
    user = _target(call, params)
    return {"LoginProfile": _render(user, _profile(user))}


@operation("iam", "UpdateLoginProfile")
def update_login_profile(call: Call, params: Params) -> None:
    _authorize(call, "iam:UpdateLoginProfile", params)
    user = _target(call, params)
    profile = _profile(user)
    password: str | None = params.get("Password")
    if password is not None:
        password_policy.enforce(call.account, password)
    reset = params.get("PasswordResetRequired")
    if password is not None:
        profile.set_password(password)
    if reset is not None:
        profile.reset_required = bool(reset)
    return None


@operation("iam", "DeleteLoginProfile")
def delete_login_profile(call: Call, params: Params) -> None:
    _authorize(call, "iam:DeleteLoginProfile", params)
    if _root_session(call, params):
        _root_profile(call)
        call.account.root_login_profile = None
        return None
    user = _target(call, params)
    _profile(user)
    user.login_profile = None
    return None


@operation("iam", "ChangePassword")
def change_password(call: Call, params: Params) -> None:
    caller = call.caller
    assert caller is not None
    user = caller.user
    if caller.kind != "user" or user is None:
        raise AwsError("InvalidUserType", "Only IAM users can change their own password.", 400)
    account = call.account
    if not password_policy.allows_self_service(account):
        call.authorize("iam:ChangePassword", user.arn)
    profile = _profile(user)
    old: str = params["OldPassword"]
    new: str = params["NewPassword"]
    if not profile.matches(old):
        raise access_denied("The old password is incorrect.")
    policy: password_policy.PasswordPolicy | None = account.password_policy
    last = policy.reuse_prevention if policy is not None and policy.reuse_prevention else 0
    password_policy.enforce(account, new, reused=bool(last) and profile.was_used(new, last))
    profile.set_password(new)
    profile.reset_required = False
    return None
