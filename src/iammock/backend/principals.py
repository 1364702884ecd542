"""From backend state to what the policy engine needs: the principal and the policies that apply to it."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..engine import NamedPolicy, PolicyKind, PolicySet, Principal, parse_policy
from . import lookup
from .caller import Caller
from .model import Account, ManagedPolicy, Role, User


@lru_cache(maxsize=4096)
def named(
    text: str, name: str, parse_as: PolicyKind, gate: PolicyKind, partition: str = "aws"
) -> NamedPolicy:
    """Compiled once per (document, name): the engine memoises matches inside a NamedPolicy. ``partition``:
    where the document was validated when it was saved."""
    return NamedPolicy(parse_policy(text, parse_as, partition), name, gate)


def principal_of(caller: Caller) -> Principal:
    account = caller.account.id
    session = caller.session
    if caller.kind == "root":
        return Principal("root", caller.arn, account)
    if caller.kind == "user":
        user = caller.user
        return Principal(
            "user",
            caller.arn,
            account,
            entity_arn=user.arn if user else caller.arn,
            entity_id=user.user_id if user else caller.user_id,
        )
    if caller.kind == "assumed_role" and session is not None:
        return Principal(
            "assumed_role", session.arn, account, entity_arn=session.role_arn, entity_id=session.role_id
        )
    if caller.kind == "federated_user" and session is not None:
        parent = caller.user.arn if caller.user else None
        return Principal("federated_user", session.arn, account, parent_arn=parent)
    return Principal(caller.kind, caller.arn, account)


_ROOT_ALL = named(
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}',
    "account root",
    PolicyKind.INLINE,
    PolicyKind.IDENTITY,
)


def _managed(account: Account, arn: str) -> ManagedPolicy | None:
    return lookup.managed_policy(account, arn)


def _identity_of_user(account: Account, user: User) -> list[NamedPolicy]:
    out = [
        named(doc, name, PolicyKind.INLINE, PolicyKind.IDENTITY, account.partition)
        for name, doc in user.inline_policies.items()
    ]
    out += _attached(account, user.attached_policies)
    for group_name in user.groups:
        group = account.groups.get(group_name.lower())
        if group is None:
            continue
        out += [
            named(doc, name, PolicyKind.INLINE, PolicyKind.IDENTITY, account.partition)
            for name, doc in group.inline_policies.items()
        ]
        out += _attached(account, group.attached_policies)
    return out


def _identity_of_role(account: Account, role: Role) -> list[NamedPolicy]:
    out = [
        named(doc, name, PolicyKind.INLINE, PolicyKind.IDENTITY, account.partition)
        for name, doc in role.inline_policies.items()
    ]
    return out + _attached(account, role.attached_policies)


def _attached(account: Account, arns: Sequence[str]) -> list[NamedPolicy]:
    out = []
    for arn in arns:
        policy = _managed(account, arn)
        if policy is not None:
            out.append(
                named(policy.document, arn, PolicyKind.MANAGED, PolicyKind.IDENTITY, account.partition)
            )
    return out


def _boundary(account: Account, arn: str | None) -> NamedPolicy | None:
    if not arn:
        return None
    policy = _managed(account, arn)
    if policy is None:
        return None
    return named(policy.document, arn, PolicyKind.MANAGED, PolicyKind.BOUNDARY, account.partition)


def organization_levels(
    levels: list[list[tuple[str, str]]], kind: PolicyKind, partition: str = "aws"
) -> tuple[tuple[NamedPolicy, ...], ...]:
    if not levels:
        return ()  # no organization: every trust evaluation asks, so skip building the generators
    return tuple(tuple(named(doc, name, kind, kind, partition) for name, doc in level) for level in levels)


def policies_of(caller: Caller) -> PolicySet:
    """Identity policies, boundary, session policies and SCPs of the caller (no resource policy)."""
    account = caller.account
    scps = organization_levels(account.scps, PolicyKind.SCP, account.partition)
    session = caller.session
    if caller.kind == "root":
        return PolicySet(scps=scps)
    if caller.kind == "user":
        user = caller.user
        if user is None:
            return PolicySet(scps=scps)
        return PolicySet(
            identity=tuple(_identity_of_user(account, user)),
            boundary=_boundary(account, user.boundary),
            scps=scps,
        )
    session_policies = (
        _session_policies(account, session.session_policies, session.session_policy_arns) if session else None
    )
    if caller.kind == "assumed_role" and session is not None:
        role = account.roles.get((session.role_name or "").lower())
        if role is None or role.role_id != session.role_id:
            # The role was deleted (or replaced by a namesake): its sessions keep no permissions.
            return PolicySet(session=session_policies, scps=scps)
        return PolicySet(
            identity=tuple(_identity_of_role(account, role)),
            boundary=_boundary(account, role.boundary),
            session=session_policies,
            scps=scps,
        )
    if caller.kind == "federated_user" and session is not None:
        user = caller.user
        # A federated session of the account root has the root's permissions, cut by the session policy.
        root_parent = user is None and not session.user_name
        identity = tuple(_identity_of_user(account, user)) if user else (_ROOT_ALL,) if root_parent else ()
        return PolicySet(
            identity=identity,
            boundary=_boundary(account, user.boundary if user else None),
            session=session_policies,
            scps=scps,
        )
    return PolicySet(scps=scps)


def _session_policies(
    account: Account, documents: tuple[str, ...] | None, arns: tuple[str, ...]
) -> tuple[NamedPolicy, ...] | None:
    if documents is None and not arns:
        return None
    out = [
        named(doc, "session policy", PolicyKind.SESSION, PolicyKind.SESSION, account.partition)
        for doc in documents or ()
    ]
    for arn in arns:
        policy = _managed(account, arn)
        if policy is not None:
            out.append(named(policy.document, arn, PolicyKind.SESSION, PolicyKind.SESSION, account.partition))
    return tuple(out)
