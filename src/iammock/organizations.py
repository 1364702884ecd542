"""Service control and resource control policies from Python: thin helpers over the Organizations state.

Each helper runs the AWS Organizations operations a test would call through boto3 (CreateOrganization,
InviteAccountToOrganization and AcceptHandshake, CreateOrganizationalUnit, MoveAccount, EnablePolicyType,
CreatePolicy, AttachPolicy, DetachPolicy), with the same handlers and the same state, as the root user of
the organization's management account (and of the invited account for its handshake). They are not
recorded in the trail.

Which organization: the target account's own; else the one the mock's default account belongs to; else
one the helpers create, whose management account is :data:`MANAGEMENT_ACCOUNT` (never the target: "SCPs
don't affect users or roles in the management account", AWS Organizations User Guide, "Service control
policies (SCPs)"; the same holds for RCPs). An account the helpers bring into an organization is placed
in an OU named :data:`OU_NAME` under the root, so that its three levels are ``root``, ``ou`` and
``account``. A policy type is enabled on first use, which attaches ``FullAWSAccess`` (SCPs) or
``RCPFullAWSAccess`` (RCPs) to the root, every OU and every account, as AWS does.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

from . import clock
from .errors import AwsError

if TYPE_CHECKING:
    from .backend.organizations.records import Organization
    from .backend.state import Backend

LEVELS: Final = ("root", "ou", "account")
SCP_FULL_ACCESS: Final = "FullAWSAccess"
RCP_FULL_ACCESS: Final = "RCPFullAWSAccess"
# The management account of the organization the helpers create when there is none to use.
MANAGEMENT_ACCOUNT: Final = "999999999999"
_SPARE_MANAGEMENT_ACCOUNT: Final = "999999999998"  # when a test targets MANAGEMENT_ACCOUNT itself
OU_NAME: Final = "iammock"
_TYPES: Final = {"SCP": "SERVICE_CONTROL_POLICY", "RCP": "RESOURCE_CONTROL_POLICY"}


class OrganizationPolicyError(ValueError):
    """An SCP/RCP change AWS Organizations refuses: the message starts with its error code
    (``DuplicatePolicyAttachmentException: …``, ``ConstraintViolationException: …``)."""


def _text(document: str | Mapping[str, Any]) -> str:
    if isinstance(document, str):
        return document
    return json.dumps(document, separators=(",", ":"))


def _level_index(level: str) -> int:
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}") from None


def _run(backend: Backend, account_id: str, operation: str, **params: Any) -> Any:
    """One Organizations operation, answered by its handler as the root user of ``account_id``."""
    from .backend import registry
    from .backend.call import Call
    from .backend.caller import root_caller

    handler = registry.handler_for("organizations", operation)
    assert handler is not None, operation
    account = backend.account(account_id)
    caller = root_caller(account, account.root_key.access_key_id)
    call = Call(backend, caller, "organizations", operation, clock.now(), "us-east-1")
    try:
        return handler(call, params)
    except AwsError as refused:
        if refused.code == "MalformedPolicyDocumentException":
            raise
        raise OrganizationPolicyError(f"{refused.code}: {refused.message}") from None
    finally:
        backend.touch()  # as an API call that changes state: callers' memoised inputs are stale


def _organization(backend: Backend, account_id: str) -> Organization:
    """The target's organization, bringing the account into one when it is in none (see the module)."""
    account = backend.account(account_id)
    org = account.organization
    if org is not None:
        return org
    default = backend.account(backend.default_account_id).organization
    org = default if default is not None else _helpers_organization(backend, account_id)
    if account_id not in org.accounts:
        invited = _run(
            backend,
            org.management_account_id,
            "InviteAccountToOrganization",
            Target={"Id": account_id, "Type": "ACCOUNT"},
        )
        _run(backend, account_id, "AcceptHandshake", HandshakeId=invited["Handshake"]["Id"])
        unit = next(
            (u.id for u in org.units.values() if u.name == OU_NAME and u.parent_id == org.root_id), None
        )
        if unit is None:
            made = _run(
                backend,
                org.management_account_id,
                "CreateOrganizationalUnit",
                ParentId=org.root_id,
                Name=OU_NAME,
            )
            unit = str(made["OrganizationalUnit"]["Id"])
        _run(
            backend,
            org.management_account_id,
            "MoveAccount",
            AccountId=account_id,
            SourceParentId=org.root_id,
            DestinationParentId=unit,
        )
    return org


def _helpers_organization(backend: Backend, account_id: str) -> Organization:
    for candidate in (MANAGEMENT_ACCOUNT, _SPARE_MANAGEMENT_ACCOUNT):
        if candidate == account_id:
            continue
        existing = backend.account(candidate).organization
        if existing is not None:
            return existing
        _run(backend, candidate, "CreateOrganization", FeatureSet="ALL")
        made = backend.account(candidate).organization
        assert made is not None
        return made
    raise AssertionError("unreachable: two candidates, one target")


def enable(backend: Backend, kind: str, account_id: str) -> Organization:
    """Put ``account_id`` in an organization with the policy type enabled (idempotent)."""
    with backend.lock:
        org = _organization(backend, account_id)
        if _TYPES[kind] not in org.policy_types:
            _run(
                backend,
                org.management_account_id,
                "EnablePolicyType",
                RootId=org.root_id,
                PolicyType=_TYPES[kind],
            )
        return org


def _target(org: Organization, account_id: str, level: str) -> str:
    index = _level_index(level)
    if index == 0:
        return org.root_id
    if index == 2:
        return account_id
    parent = org.accounts[account_id].parent_id
    if parent == org.root_id:
        raise ValueError(
            f"account {account_id} sits directly under the organization's root: it has no OU level"
        )
    return parent


def _policy_id(org: Organization, kind: str, name: str) -> str | None:
    return next((p.id for p in org.policies.values() if p.type == _TYPES[kind] and p.name == name), None)


def attach(
    backend: Backend,
    kind: str,
    document: str | Mapping[str, Any],
    *,
    account_id: str,
    name: str | None = None,
    level: str = "account",
) -> str:
    """CreatePolicy (unless a policy of that name and content exists) and AttachPolicy at ``level``."""
    from .engine import PolicyKind, parse_policy

    text = _text(document)
    existing = backend.existing_account(account_id)
    partition = existing.partition if existing is not None else backend.partition
    # AwsError MalformedPolicyDocument, in the engine's words, before anything changes.
    parse_policy(text, PolicyKind.SCP if kind == "SCP" else PolicyKind.RCP, partition)
    _level_index(level)
    policy_name = name or f"{kind.lower()}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"
    with backend.lock:
        org = enable(backend, kind, account_id)
        target = _target(org, account_id, level)
        policy_id = _policy_id(org, kind, policy_name)
        if policy_id is None:
            made = _run(
                backend,
                org.management_account_id,
                "CreatePolicy",
                Name=policy_name,
                Description="attached by iammock's attach_scp/attach_rcp",
                Type=_TYPES[kind],
                Content=text,
            )
            policy_id = str(made["Policy"]["PolicySummary"]["Id"])
        elif org.policies[policy_id].content != text:
            raise OrganizationPolicyError(
                f"DuplicatePolicyException: a {kind} named {policy_name!r} with other content already exists"
            )
        _run(backend, org.management_account_id, "AttachPolicy", PolicyId=policy_id, TargetId=target)
    return policy_name


def detach(backend: Backend, kind: str, name: str, *, account_id: str, level: str = "account") -> None:
    """DetachPolicy of the policy named ``name`` from ``level``."""
    _level_index(level)
    with backend.lock:
        org = enable(backend, kind, account_id)
        target = _target(org, account_id, level)
        policy_id = _policy_id(org, kind, name)
        if policy_id is None or policy_id not in org.attachments.get(target, ()):
            raise OrganizationPolicyError(
                f"PolicyNotAttachedException: {kind} {name!r} is not attached at the {level} level"
            )
        _run(backend, org.management_account_id, "DetachPolicy", PolicyId=policy_id, TargetId=target)


def attached(backend: Backend, kind: str, account_id: str) -> dict[str, list[str]]:
    """The names attached at each level, e.g. ``{"root": ["FullAWSAccess"], "ou": [...], ...}`` (empty
    for an account in no organization or without the policy type; "ou" is the account's own parent)."""
    with backend.lock:
        account = backend.account(account_id)
        org = account.organization
        out: dict[str, list[str]] = {level: [] for level in LEVELS}
        if org is None or account_id not in org.accounts or _TYPES[kind] not in org.policy_types:
            return out
        parent = org.accounts[account_id].parent_id
        targets = {
            "root": org.root_id,
            "ou": parent if parent != org.root_id else None,
            "account": account_id,
        }
        for level, target in targets.items():
            if target is None:
                continue
            for policy_id in org.attachments.get(target, ()):
                policy = org.policies[policy_id]
                if policy.type == _TYPES[kind]:
                    out[level].append(policy.name)
        return out
