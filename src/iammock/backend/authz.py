"""The authorization seam every operation goes through before it acts.

It gathers what applies from backend state and asks the policy engine; the engine's decision is
kept on the call (for explanations and the audit trail) and a denial becomes AWS's AccessDenied.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from ..engine import Decision, PolicyKind, PolicySet, Principal, Request
from ..engine import authorize as decide
from ..errors import access_denied
from . import request_context
from .principals import named, organization_levels, policies_of, principal_of

if TYPE_CHECKING:
    from .call import Call
    from .model import Role


def _caller_parts(call: Call) -> tuple[Principal, PolicySet, dict[str, Any]]:
    caller = call.caller
    assert caller is not None
    backend = call.backend
    key = caller.access_key_id or caller.arn
    cached = backend.authz_cache.get(key)
    if cached is not None and cached[0] == backend.generation:
        parts: tuple[Principal, PolicySet, dict[str, Any]] = cached[1]
    else:
        principal = principal_of(caller)
        parts = (principal, policies_of(caller), request_context.principal_keys(caller, principal))
        backend.authz_cache[key] = (backend.generation, parts)
    # SCPs change through the mock's Python API, not through calls: read them fresh every time.
    scps = organization_levels(caller.account.scps, PolicyKind.SCP) if caller.account.scps else ()
    if parts[1].scps != scps:
        parts = (parts[0], replace(parts[1], scps=scps), parts[2])
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
    principal, policies, principal_keys = _caller_parts(call)
    full = request_context.build(call, principal_keys, resource, context)
    return _finish(call, decide(Request(principal, action, resource, full), policies))


def authorize_trust(
    call: Call, role: Role, action: str, context: Mapping[str, Any], principal: Principal | None = None
) -> Decision:
    """Trust-policy evaluation of ``action`` (sts:AssumeRole, sts:TagSession …) on ``role``.

    ``principal`` is given for callers without credentials (web identity and SAML federation).
    """
    pins = role.extra.get("pins") or {}
    trust = named(role.trust_policy, f"{role.name} trust policy", PolicyKind.TRUST, PolicyKind.TRUST)
    if pins:
        trust = replace(trust, policy=trust.policy.pinned(pins))
    role_account = role.arn.split(":")[4]
    backend = call.backend
    rcps = organization_levels(backend.accounts[role_account].rcps, PolicyKind.RCP)
    if principal is None:
        principal, policies, principal_keys = _caller_parts(call)
    else:
        policies, principal_keys = PolicySet(), {}
    policies = replace(
        policies, resource=trust, resource_account=role_account, resource_must_allow=True, rcps=rcps
    )
    full = request_context.build(call, principal_keys, role.arn, context)
    for key, value in role.tags.items():
        full.setdefault(f"aws:ResourceTag/{key}", value)
        full.setdefault(f"iam:ResourceTag/{key}", value)
    return _finish(call, decide(Request(principal, action, role.arn, full), policies))
