"""The authorization seam every operation goes through before it acts.

It gathers what applies from backend state and asks the policy engine; the engine's decision is
kept on the call (for explanations and the audit trail) and a denial becomes AWS's AccessDenied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from ..engine import Decision, NamedPolicy, PolicyKind, PolicySet, Principal, Request, remembered
from ..errors import access_denied
from . import request_context
from .principals import named, organization_levels, policies_of, principal_of

if TYPE_CHECKING:
    from .call import Call
    from .model import Role


@dataclass(slots=True)
class CallerParts:
    """What authorizing one caller needs, kept per caller until its permissions may have changed."""

    principal: Principal
    policies: PolicySet
    keys: dict[str, Any]  # the condition keys that depend only on the caller
    # per role trust policy: (trust, its account, RCPs, caller's set, the set to evaluate)
    trusts: dict[int, tuple[Any, ...]] = field(default_factory=dict)
    # request_context memo (resource tags and all), valid for one state generation only
    contexts: dict[Any, dict[str, Any]] = field(default_factory=dict)
    contexts_at: int = -1

    def contexts_now(self, generation: int) -> dict[Any, dict[str, Any]]:
        if self.contexts_at != generation:
            self.contexts = {}
            self.contexts_at = generation
        return self.contexts


def _caller_parts(call: Call) -> CallerParts:
    caller = call.caller
    assert caller is not None
    backend = call.backend
    key = caller.access_key_id or caller.arn
    cached = backend.authz_cache.get(key)
    if cached is not None and cached[0] == backend.permissions:
        parts: CallerParts = cached[1]
    else:
        principal = principal_of(caller)
        parts = CallerParts(principal, policies_of(caller), request_context.principal_keys(caller, principal))
        backend.authz_cache[key] = (backend.permissions, parts)
    # SCPs change through the mock's Python API, not through calls: read them fresh every time.
    scps = organization_levels(caller.account.scps, PolicyKind.SCP) if caller.account.scps else ()
    if parts.policies.scps != scps:
        parts = replace(parts, policies=replace(parts.policies, scps=scps))
        backend.authz_cache[key] = (backend.permissions, parts)  # so the set's memory lasts too
    return parts


def _finish(call: Call, decision: Decision) -> Decision:
    call.decisions.append(decision)
    if not decision.allowed:
        raise access_denied(decision.message)
    return decision


def authorize(call: Call, action: str, resource: str, context: Mapping[str, Any]) -> Decision | None:
    """Identity-side authorization of the caller for an action on an IAM/STS resource of its account."""
    caller = call.caller
    if caller is None:
        return None
    if caller.kind == "root" and not caller.account.scps and not call.full_decisions:
        # Only an SCP can deny the root user in its own account; without one the answer is known.
        return None
    parts = _caller_parts(call)
    full = request_context.build(
        call, parts.keys, resource, context, parts.contexts_now(call.backend.generation)
    )
    return _finish(call, remembered(Request(parts.principal, action, resource, full), parts.policies))


def authorize_trust(
    call: Call, role: Role, action: str, context: Mapping[str, Any], principal: Principal | None = None
) -> Decision:
    """Trust-policy evaluation of ``action`` (sts:AssumeRole, sts:TagSession …) on ``role``.

    ``principal`` is given for callers without credentials (web identity and SAML federation).
    """
    pins = role.extra.get("pins")
    trust = _trust(role.trust_policy, role.name, tuple(sorted(pins.items())) if pins else ())
    role_account = role.arn.split(":")[4]
    backend = call.backend
    rcps = organization_levels(backend.accounts[role_account].rcps, PolicyKind.RCP)
    memo = None
    if principal is None:
        parts = _caller_parts(call)
        principal, principal_keys = parts.principal, parts.keys
        memo = parts.contexts_now(backend.generation)
        # Kept per role while the state stands, so that the engine's memory of the set lasts too.
        # By identity (``_trust`` and ``named`` hand out the same objects while nothing changed): hashing
        # the frozen policy dataclasses on every call costs more than the rest of this lookup.
        kept = parts.trusts.get(id(trust))
        if (
            kept is not None
            and kept[0] is trust
            and kept[1] == role_account
            and kept[2] == rcps
            and kept[3] is parts.policies
        ):
            policies = kept[4]
        else:
            policies = replace(
                parts.policies,
                resource=trust,
                resource_account=role_account,
                resource_must_allow=True,
                rcps=rcps,
            )
            parts.trusts[id(trust)] = (trust, role_account, rcps, parts.policies, policies)
    else:
        principal_keys = {}
        policies = PolicySet(
            resource=trust, resource_account=role_account, resource_must_allow=True, rcps=rcps
        )
    full = request_context.build(call, principal_keys, role.arn, context, memo)
    for key, value in role.tags.items():
        full.setdefault(f"aws:ResourceTag/{key}", value)
        full.setdefault(f"iam:ResourceTag/{key}", value)
    return _finish(call, remembered(Request(principal, action, role.arn, full), policies))


@lru_cache(maxsize=1024)
def _trust(document: str, role_name: str, pins: tuple[tuple[str, str], ...]) -> NamedPolicy:
    """A role's trust policy, compiled and pinned once per document and set of pinned principals."""
    trust = named(document, f"{role_name} trust policy", PolicyKind.TRUST, PolicyKind.TRUST)
    return replace(trust, policy=trust.policy.pinned(dict(pins))) if pins else trust
