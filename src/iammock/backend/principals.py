"""From backend state to what the policy engine needs: the principal and the policies that apply to it."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ..engine import NamedPolicy, PolicyKind, PolicySet, Principal, parse_policy
from . import lookup
from .caller import Caller
from .model import Account, Group, Role, User


@lru_cache(maxsize=8192)  # above the 5,000 managed policies an account may hold (raised quota)
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


@dataclass(frozen=True, slots=True)
class PolicySource:
    """One identity policy of a principal, as stored: where it comes from and its document."""

    document: str
    name: str  # the inline policy's name, or the managed policy's ARN
    policy_name: str  # the inline or managed policy's name
    managed: bool
    holder: str  # "user", "group" or "role": the entity the policy is embedded in or attached to


def identity_sources(account: Account, entity: User | Group | Role) -> list[PolicySource]:
    """The identity policies of a user (then those of its groups, in order), a group or a role: inline
    first, then attached managed policies (a managed policy deleted meanwhile is skipped).

    The one place that gathers them: authorization (``policies_of``) and the policy simulator use it."""
    holder = "user" if isinstance(entity, User) else "group" if isinstance(entity, Group) else "role"
    out = _sources_of(account, entity, holder)
    if isinstance(entity, User):
        for group_name in entity.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                out += _sources_of(account, group, "group")
    return out


def _sources_of(account: Account, owner: User | Group | Role, holder: str) -> list[PolicySource]:
    out = [PolicySource(doc, name, name, False, holder) for name, doc in owner.inline_policies.items()]
    for arn in owner.attached_policies:
        policy = lookup.managed_policy(account, arn)
        if policy is not None:
            out.append(PolicySource(policy.document, arn, policy.name, True, holder))
    return out


def _identity_of(account: Account, entity: User | Role) -> list[NamedPolicy]:
    return [
        named(
            source.document,
            source.name,
            PolicyKind.MANAGED if source.managed else PolicyKind.INLINE,
            PolicyKind.IDENTITY,
            account.partition,
        )
        for source in identity_sources(account, entity)
    ]


def _boundary(account: Account, arn: str | None) -> NamedPolicy | None:
    if not arn:
        return None
    policy = lookup.managed_policy(account, arn)
    if policy is None:
        return None
    return named(policy.document, arn, PolicyKind.MANAGED, PolicyKind.BOUNDARY, account.partition)


def organization_levels(
    levels: list[list[tuple[str, str]]], kind: PolicyKind, partition: str = "aws"
) -> tuple[tuple[NamedPolicy, ...], ...]:
    if not levels:
        return ()  # no organization: every trust evaluation asks, so skip building the generators
    return tuple(tuple(named(doc, name, kind, kind, partition) for name, doc in level) for level in levels)


def exempt_from_organization_policies(caller: Caller) -> bool:
    """A service-linked role's sessions: "SCPs do not affect service-linked roles" and RCPs do not apply
    to them either (AWS Organizations User Guide, "Service control policies (SCPs)" and "Resource
    control policies (RCPs)")."""
    session = caller.session
    if caller.kind != "assumed_role" or session is None:
        return False
    role = caller.account.roles.get((session.role_name or "").lower())
    return role is not None and role.service_linked is not None


def policies_of(caller: Caller) -> PolicySet:
    """Identity policies, boundary, session policies and SCPs of the caller (no resource policy)."""
    account = caller.account
    exempt = exempt_from_organization_policies(caller)
    scps = () if exempt else organization_levels(account.scps, PolicyKind.SCP, account.partition)
    session = caller.session
    if caller.kind == "root":
        if session is not None and session.task_policy_arn:
            # An AssumeRoot session: the member account's root, scoped by the task policy AWS chose
            # (deny statements only: "AssumeRoot", AWS STS API Reference).
            return PolicySet(identity=_task_policy(account, session.task_policy_arn), scps=scps)
        return PolicySet(scps=scps)
    if caller.kind == "user":
        user = caller.user
        if user is None:
            return PolicySet(scps=scps)
        return PolicySet(
            identity=tuple(_identity_of(account, user)),
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
            identity=tuple(_identity_of(account, role)),
            boundary=_boundary(account, role.boundary),
            session=session_policies,
            scps=scps,
        )
    if caller.kind == "federated_user" and session is not None:
        user = caller.user
        # A federated session of the account root has the root's permissions, cut by the session policy.
        root_parent = user is None and not session.user_name
        identity = tuple(_identity_of(account, user)) if user else (_ROOT_ALL,) if root_parent else ()
        return PolicySet(
            identity=identity,
            boundary=_boundary(account, user.boundary if user else None),
            session=session_policies,
            scps=scps,
        )
    return PolicySet(scps=scps)


def _task_policy(account: Account, arn: str) -> tuple[NamedPolicy, ...]:
    policy = lookup.managed_policy(account, arn)
    if policy is None:
        return ()
    return (named(policy.document, arn, PolicyKind.MANAGED, PolicyKind.IDENTITY, account.partition),)


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
        policy = lookup.managed_policy(account, arn)
        if policy is not None:
            out.append(named(policy.document, arn, PolicyKind.SESSION, PolicyKind.SESSION, account.partition))
    return tuple(out)
