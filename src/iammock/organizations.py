"""Service control and resource control policies, set from Python (the mock has no Organizations API).

An account's organisation is modelled as three levels, from the top: the organisation ``root``, the
``ou`` the account sits in, and the ``account`` itself. AWS requires an Allow at every level for an
SCP or RCP to let a request through, and enabling a policy type attaches the AWS managed full-access
policy at every level: ``FullAWSAccess`` for SCPs (it can be detached, which then denies everything
at that level) and ``RCPFullAWSAccess`` for RCPs (it cannot be detached).

The management account is not exempt here as it is in AWS: policies apply to whichever account they
are attached to.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from .backend.state import Backend

LEVELS: Final = ("root", "ou", "account")
FULL_ACCESS_DOCUMENT: Final = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
)
# RCPs are written like resource-based policies, so AWS's RCPFullAWSAccess names its principals: all.
RCP_FULL_ACCESS_DOCUMENT: Final = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
)
SCP_FULL_ACCESS: Final = "FullAWSAccess"
RCP_FULL_ACCESS: Final = "RCPFullAWSAccess"
# AWS Organizations' quotas: 5 SCPs (or RCPs) attached per root, OU or account.
MAX_PER_LEVEL: Final = 5


class OrganizationPolicyError(ValueError):
    """An SCP/RCP change AWS Organizations would refuse (duplicate, not attached, quota …)."""


def _text(document: str | Mapping[str, Any]) -> str:
    if isinstance(document, str):
        return document
    return json.dumps(document, separators=(",", ":"))


def _level_index(level: str) -> int:
    try:
        return LEVELS.index(level)
    except ValueError:
        raise ValueError(f"level must be one of {', '.join(LEVELS)}; got {level!r}") from None


def _store(account: Any, kind: str) -> list[list[tuple[str, str]]]:
    levels: list[list[tuple[str, str]]] = account.scps if kind == "SCP" else account.rcps
    return levels


def _full_access(kind: str) -> str:
    return SCP_FULL_ACCESS if kind == "SCP" else RCP_FULL_ACCESS


def enable(backend: Backend, kind: str, account_id: str) -> None:
    """Turn the policy type on for the account (idempotent): the full-access policy at every level."""
    with backend.lock:
        account = backend.account(account_id)
        if not _store(account, kind):
            document = FULL_ACCESS_DOCUMENT if kind == "SCP" else RCP_FULL_ACCESS_DOCUMENT
            fresh = [[(_full_access(kind), document)] for _ in LEVELS]
            if kind == "SCP":
                account.scps = fresh
            else:
                account.rcps = fresh


def attach(
    backend: Backend,
    kind: str,
    document: str | Mapping[str, Any],
    *,
    account_id: str,
    name: str | None = None,
    level: str = "account",
) -> str:
    from .backend.principals import named
    from .engine import PolicyKind, parse_policy

    policy_kind = PolicyKind.SCP if kind == "SCP" else PolicyKind.RCP
    text = _text(document)
    existing = backend.existing_account(account_id)
    partition = existing.partition if existing is not None else backend.partition
    parse_policy(text, policy_kind, partition)  # AwsError MalformedPolicyDocument, in the engine's words
    index = _level_index(level)
    policy_name = name or f"{kind.lower()}-{hashlib.sha256(text.encode()).hexdigest()[:10]}"
    with backend.lock:
        enable(backend, kind, account_id)
        account = backend.account(account_id)
        levels = [list(lvl) for lvl in _store(account, kind)]
        current = levels[index]
        if any(n == policy_name for n, _ in current):
            raise OrganizationPolicyError(
                f"DuplicatePolicyAttachmentException: {kind} {policy_name!r} "
                f"is already attached at the {level} level"
            )
        if len(current) >= MAX_PER_LEVEL:
            raise OrganizationPolicyError(
                f"ConstraintViolationException: at most {MAX_PER_LEVEL} {kind}s can be attached at one level"
            )
        # Compiled now, not on the first request.
        named(text, policy_name, policy_kind, policy_kind, account.partition)
        current.append((policy_name, text))
        # A new list each time: a call being authorized keeps reading the one it started with.
        if kind == "SCP":
            account.scps = levels
        else:
            account.rcps = levels
    return policy_name


def detach(backend: Backend, kind: str, name: str, *, account_id: str, level: str = "account") -> None:
    index = _level_index(level)
    if kind == "RCP" and name == RCP_FULL_ACCESS:
        raise OrganizationPolicyError(f"ConstraintViolationException: {RCP_FULL_ACCESS} cannot be detached")
    with backend.lock:
        enable(backend, kind, account_id)
        account = backend.account(account_id)
        levels = [list(lvl) for lvl in _store(account, kind)]
        kept = [(n, d) for n, d in levels[index] if n != name]
        if len(kept) == len(levels[index]):
            raise OrganizationPolicyError(
                f"PolicyNotAttachedException: {kind} {name!r} is not attached at the {level} level"
            )
        levels[index] = kept
        if kind == "SCP":
            account.scps = levels
        else:
            account.rcps = levels


def attached(backend: Backend, kind: str, account_id: str) -> dict[str, list[str]]:
    """The names attached at each level, e.g. ``{"root": ["FullAWSAccess"], "ou": [...], ...}``."""
    with backend.lock:
        account = backend.account(account_id)
        levels = _store(account, kind)
        return {LEVELS[i]: [n for n, _ in lvl] for i, lvl in enumerate(levels)}
