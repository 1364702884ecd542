"""Hypothetical requests ("may X do Y on Z?", ``IAMMock.authorize``): a synthetic caller for a principal
ARN, asked through ``authz.check`` as a real call would be, with nothing recorded on the trail."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from .. import clock
from ..engine import Decision
from ..errors import AwsError
from . import authz, partitions
from .call import Call
from .caller import Caller, root_caller, session_caller
from .model import Role, TemporaryCredentials
from .state import Backend

if TYPE_CHECKING:
    from ..engine import ContextValue, NamedPolicy

ROLE_SESSION_NAME = "iammock-authorize"
_TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"})


def decide(
    backend: Backend,
    principal_arn: str,
    action: str,
    resource: str,
    context: Mapping[str, ContextValue] | None = None,
    *,
    region: str,
    source_ip: str,
    resource_policy: NamedPolicy | None = None,
    resource_owner: str | None = None,
    resource_must_allow: bool = False,
) -> Decision:
    """The engine's decision, as if ``principal_arn`` asked now from ``region`` (moved into the caller's
    partition when it lives in another). For a trust action on a role ARN, the role's trust policy decides
    together with the caller's policies, as for AssumeRole. ``resource_policy``, ``resource_owner`` and
    ``resource_must_allow``: another service's resource as enforcement sees it (``authz.check``), such as
    a bucket policy moto holds."""
    with backend.lock:
        now = clock.now()
        caller = caller_for(backend, principal_arn, now)
        if partitions.of_region(region).name != caller.account.partition:
            region = partitions.iam_region(caller.account.partition)  # a region of the caller's partition
        service = action.split(":", 1)[0].lower()
        call = Call(backend, caller, service, "Authorize", now, region, source_ip, full_decisions=True)
        role = _assumable_role(backend, action, resource)
        try:
            if role is not None:
                authz.authorize_trust(call, role, action, dict(context or {}))
            elif resource_owner is not None or resource_policy is not None:
                authz.check(
                    call,
                    action,
                    resource,
                    dict(context or {}),
                    resource_policy=resource_policy,
                    resource_owner=resource_owner,
                    resource_must_allow=resource_must_allow,
                )
            else:
                authz.authorize(call, action, resource, dict(context or {}))
        except AwsError:
            pass  # the decision is kept on the call either way
        decision: Decision = call.decisions[-1]
        return decision


def caller_for(backend: Backend, principal_arn: str, now: datetime) -> Caller:
    """A caller acting as ``principal_arn``: a user, a fresh session of a role, a live session, a root."""
    parts = principal_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ValueError(f"not an ARN: {principal_arn!r}")
    service, account_id, rest = parts[2], parts[4], parts[5]
    account = backend.existing_account(account_id)
    if account is None:
        raise ValueError(f"account {account_id} does not exist in this mock")
    if parts[1] != account.partition:
        raise ValueError(f"account {account_id} lives in partition {account.partition}, not {parts[1]}")
    if service == "iam" and rest == "root":
        return root_caller(account, None)
    kind, _, path_and_name = rest.partition("/")
    name = path_and_name.rsplit("/", 1)[-1]
    if service == "iam" and kind == "user":
        user = account.users.get(name.lower())
        if user is None or user.arn != principal_arn:
            raise ValueError(f"no such user: {principal_arn}")
        return Caller("user", account, user.arn, user.user_id, None, user=user)
    if service == "iam" and kind == "role":
        role = account.roles.get(name.lower())
        if role is None or role.arn != principal_arn:
            raise ValueError(f"no such role: {principal_arn}")
        session = TemporaryCredentials(
            access_key_id="",
            secret="",
            token="",
            account_id=account.id,
            kind="assumed_role",
            arn=account.arn("sts", f"assumed-role/{role.name}/{ROLE_SESSION_NAME}"),
            user_id=f"{role.role_id}:{ROLE_SESSION_NAME}",
            issued=now,
            expiration=now + timedelta(seconds=role.max_session_duration),
            role_name=role.name,
            role_arn=role.arn,
            role_id=role.role_id,
            session_name=ROLE_SESSION_NAME,
        )
        return session_caller(backend, session)
    if service == "sts" and kind in ("assumed-role", "federated-user"):
        live = [s for s in backend.temporary.values() if s.arn == principal_arn and s.expiration > now]
        if not live:
            raise ValueError(f"no live session with ARN {principal_arn}")
        return session_caller(backend, max(live, key=lambda s: s.issued))
    raise ValueError(
        f"unsupported principal ARN {principal_arn!r}: "
        "give a user, role, assumed-role session or account root ARN"
    )


def _assumable_role(backend: Backend, action: str, resource: str) -> Role | None:
    if action.lower() not in _TRUST_ACTIONS or resource.split(":", 3)[::2] != ["arn", "iam"]:
        return None
    parts = resource.split(":", 5)
    account = backend.existing_account(parts[4]) if len(parts) == 6 else None
    kind, _, path_and_name = parts[5].partition("/") if len(parts) == 6 else ("", "", "")
    if account is None or kind != "role":
        return None
    role = account.roles.get(path_and_name.rsplit("/", 1)[-1].lower())
    return role if role is not None and role.arn == resource else None
