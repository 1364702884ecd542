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
from . import request_context, scopes
from .principals import named, organization_levels, policies_of, principal_of

if TYPE_CHECKING:
    from .call import Call
    from .model import Role
    from .state import Backend


@dataclass(slots=True)
class CallerParts:
    """What authorizing one caller needs, kept per caller until its permissions may have changed."""

    principal: Principal
    policies: PolicySet
    keys: dict[str, Any]  # the condition keys that depend only on the caller
    # per role, by id: (role, its trust document, its pins, caller's set, role's account, RCPs, the set
    # to evaluate); see authorize_trust
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
    levels = caller.account.scps
    if levels:
        scps = organization_levels(levels, PolicyKind.SCP, caller.account.partition)
        if parts.policies.scps != scps:
            parts = _with_scps(backend, key, parts, scps)
    elif parts.policies.scps:
        parts = _with_scps(backend, key, parts, ())
    return parts


def _with_scps(
    backend: Backend, key: str, parts: CallerParts, scps: tuple[tuple[NamedPolicy, ...], ...]
) -> CallerParts:
    parts = replace(parts, policies=replace(parts.policies, scps=scps))
    backend.authz_cache[key] = (backend.permissions, parts)  # so the set's memory lasts too
    return parts


def authorize(call: Call, action: str, resource: str, context: Mapping[str, Any]) -> Decision | None:
    """Identity-side authorization of the caller for an action on an IAM/STS resource of its account."""
    caller = call.caller
    if caller is None:
        return None
    if caller.kind == "root" and not caller.account.scps and not call.full_decisions:
        # Only an SCP can deny the root user in its own account; without one the answer is known.
        return None
    parts = _caller_parts(call)
    memo = parts.contexts_now(call.backend.generation)
    full = request_context.build(call, parts.keys, resource, context, memo)
    request = Request(parts.principal, action, resource, full)
    decision = _finish(call, remembered(request, parts.policies))
    if caller.session is not None and caller.session.scope_down_policies:
        narrowed = scopes.narrowed(caller.session, request, parts.policies)
        if narrowed is not None:
            _finish(call, narrowed)
    return decision


def _finish(call: Call, decision: Decision) -> Decision:
    call.decisions.append(decision)
    if not decision.allowed:
        raise access_denied(decision.message)
    return decision


def authorize_trust(
    call: Call, role: Role, action: str, context: Mapping[str, Any], principal: Principal | None = None
) -> Decision:
    """Trust-policy evaluation of ``action`` (sts:AssumeRole, sts:TagSession …) on ``role``.

    ``principal`` is given for callers without credentials (web identity and SAML federation).
    """
    backend = call.backend
    role_arn = role.arn
    if principal is None:
        parts = _caller_parts(call)
        principal = parts.principal
        # The set to evaluate is kept per role while its inputs stand, so that the engine's memory of
        # it lasts too; checked by identity (documents and pins are replaced, never edited in place):
        # hashing or comparing the policies on every call costs more than the rest of this function.
        pins = role.pins
        kept = parts.trusts.get(id(role))
        if (
            kept is not None
            and kept[0] is role
            and kept[1] is role.trust_policy
            and kept[2] is pins
            and kept[3] is parts.policies
        ):
            # RCPs change through the mock's Python API, not through calls: read them fresh every time.
            rcps = _rcps(backend, kept[4])
            policies = kept[6] if rcps is kept[5] or rcps == kept[5] else _trusted(backend, parts, role, pins)
        else:
            policies = _trusted(backend, parts, role, pins)
        full = request_context.build(
            call, parts.keys, role_arn, context, parts.contexts_now(backend.generation)
        )
    else:
        role_account = role_arn.split(":", 5)[4]
        policies = PolicySet(
            resource=_trust_of(role, role.pins),
            resource_account=role_account,
            resource_must_allow=True,
            rcps=_rcps(backend, role_account),
        )
        full = request_context.build(call, {}, role_arn, context, None)
    tags = role.tags
    if tags:
        for key, value in tags.items():
            full.setdefault(f"aws:ResourceTag/{key}", value)
            full.setdefault(f"iam:ResourceTag/{key}", value)
    request = Request(principal, action, role_arn, full)
    decision = _finish(call, remembered(request, policies))
    session = call.caller.session if call.caller is not None else None
    if session is not None and session.scope_down_policies:
        narrowed = scopes.narrowed(session, request, policies)
        if narrowed is not None:
            _finish(call, narrowed)
    return decision


def _trusted(backend: Backend, parts: CallerParts, role: Role, pins: Mapping[str, str] | None) -> PolicySet:
    """The caller's policy set with ``role``'s trust policy and RCPs, kept in ``parts.trusts``."""
    role_account = role.arn.split(":", 5)[4]
    rcps = _rcps(backend, role_account)
    policies = replace(
        parts.policies,
        resource=_trust_of(role, pins),
        resource_account=role_account,
        resource_must_allow=True,
        rcps=rcps,
    )
    trusts = parts.trusts
    if len(trusts) >= _TRUSTS_KEPT:
        trusts.clear()
    # One tuple, stored at once: a reader sees either the old entry or the new one, never a mix.
    trusts[id(role)] = (role, role.trust_policy, pins, parts.policies, role_account, rcps, policies)
    return policies


_TRUSTS_KEPT = 256  # roles per caller


def _rcps(backend: Backend, account_id: str) -> tuple[tuple[NamedPolicy, ...], ...]:
    """The RCP levels over ``account_id`` (none while RCPs are off)."""
    account = backend.accounts[account_id]
    levels = account.rcps
    return organization_levels(levels, PolicyKind.RCP, account.partition) if levels else ()


def _trust_of(role: Role, pins: Mapping[str, str] | None) -> NamedPolicy:
    return _trust(role.trust_policy, role.name, tuple(sorted(pins.items())) if pins else ())


@lru_cache(maxsize=1024)
def _trust(document: str, role_name: str, pins: tuple[tuple[str, str], ...]) -> NamedPolicy:
    """A role's trust policy, compiled and pinned once per document and set of pinned principals."""
    trust = named(document, f"{role_name} trust policy", PolicyKind.TRUST, PolicyKind.TRUST)
    return replace(trust, policy=trust.policy.pinned(dict(pins))) if pins else trust
