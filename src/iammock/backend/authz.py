"""The one way to ask for an authorization decision: :func:`check`, built on :func:`decide`.

Every question goes through them: IAM and STS handlers (through ``Call.authorize`` and
:func:`authorize_trust`), enforcement on other services (``iammock.services.enforce``), hypothetical
requests (``iammock.explain``) and the GetScopedCredentials scope-down layers ask :func:`check`, which
gathers what applies from backend state (the caller's policies, the resource's policy and owner, the
organization's RCPs) and hands the request to :func:`decide`: the engine's decision, kept on the call
(for explanations and the audit trail) and narrowed by the caller's scope-down layers. The policy
simulator asks :func:`decide` directly with the principal and policy set of its inputs (gathered with
:func:`principals.identity_sources`, as this module does), which are not the caller's: its decisions are
neither kept on the Simulate call nor narrowed by the caller's layers.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from ..engine import (
    Decision,
    DecisionCache,
    NamedPolicy,
    PolicyKind,
    PolicySet,
    Principal,
    Request,
    remembered,
)
from ..engine import authorize as engine_authorize
from ..errors import access_denied
from . import request_context, scopes
from .principals import (
    exempt_from_organization_policies,
    named,
    organization_levels,
    policies_of,
    principal_of,
)

if TYPE_CHECKING:
    from ..engine import ContextValue
    from .call import Call
    from .model import Role
    from .state import Backend


@dataclass(frozen=True, slots=True)
class ResourcePlan:
    """One caller's policy set joined to a resource-based policy (a role's trust policy, a bucket policy
    …) and the RCPs over its owner, kept while all of its inputs stand, so that the engine's memory of the
    joined set lasts as long as they do. Checked by identity (compiled policies are shared and replaced,
    never edited in place): comparing the policies on every call costs more than the rest of a check."""

    caller_set: PolicySet
    resource_policy: NamedPolicy | None
    rcps: tuple[tuple[NamedPolicy, ...], ...]
    policies: PolicySet
    cache: DecisionCache  # the engine's plans and remembered decisions for ``policies``


@dataclass(slots=True)
class CallerParts:
    """What authorizing one caller needs, kept per caller until its permissions may have changed."""

    permissions: int  # Backend.permissions when these parts were made
    principal: Principal
    policies: PolicySet
    keys: dict[str, ContextValue]  # the condition keys that depend only on the caller
    cache: DecisionCache  # the engine's plans and remembered decisions for ``policies``
    # A service-linked role's session: no SCP or RCP applies to it.
    exempt: bool
    # Per (resource policy, resource account, policy must allow): trust policies and other services'.
    resources: dict[tuple[int, str | None, bool], ResourcePlan] = field(default_factory=dict)
    # request_context memo (resource tags and all), valid for one state generation only
    contexts: dict[tuple[str, str, str], dict[str, ContextValue]] = field(default_factory=dict)
    contexts_at: int = -1

    def contexts_now(self, generation: int) -> dict[tuple[str, str, str], dict[str, ContextValue]]:
        if self.contexts_at != generation:
            self.contexts = {}
            self.contexts_at = generation
        return self.contexts


_PLANS_KEPT = 256  # resource plans per caller


def check(
    call: Call,
    action: str,
    resource: str,
    context: Mapping[str, ContextValue] | None = None,
    *,
    resource_policy: NamedPolicy | None = None,
    resource_owner: str | None = None,
    resource_must_allow: bool = False,
    resource_tags: Mapping[str, str] | None = None,
    principal: Principal | None = None,
) -> Decision | None:
    """The decision on ``action`` over ``resource`` for the call's caller; never raises.

    ``resource_policy``: the resource-based policy (a role's trust policy, a bucket policy …);
    ``resource_owner``: the account owning the resource, given for a role (trust) and for other services'
    resources: its RCPs apply (IAM's own operations are exempt from RCPs, not AssumeRole or S3, as the
    AWS Organizations User Guide's "Resource control policies (RCPs)" lists) and a cross-account request
    needs the resource policy too;
    ``resource_must_allow``: the resource policy must allow by itself (trust policies, KMS key policies);
    ``resource_tags``: the resource's tags, as ``aws:ResourceTag/…`` unless the context says otherwise;
    ``principal``: for calls without credentials (web identity and SAML federation).

    Every decision asked is kept on ``call.decisions``; the returned one is the first denial, else the
    allow. None when no decision is needed: an unsigned call with no principal, or the account root
    acting on its own account's IAM with no SCP over it (only an SCP can deny the root user there).
    """
    caller = call.caller
    if principal is not None or caller is None:
        # Without credentials only the resource's side applies (and the principal's given identity).
        if principal is None:
            return None
        policies = PolicySet(
            resource=resource_policy,
            resource_account=resource_owner,
            resource_must_allow=resource_must_allow,
            rcps=_rcps(call.backend, resource_owner) if resource_owner else (),
        )
        full = request_context.build(call, {}, resource, context or {}, None)
        request = Request(principal, action, resource, _tagged(full, resource_tags))
        return decide(request, policies, call=call, cache=DecisionCache(policies))
    if (
        caller.kind == "root"
        and (caller.session is None or caller.session.task_policy_arn is None)
        and resource_owner is None
        and resource_policy is None
        and not caller.account.scps
        and not call.full_decisions
    ):
        return None
    parts = _caller_parts(call)
    policies, cache = parts.policies, parts.cache
    if resource_owner is not None or resource_policy is not None:
        plan = _resource_plan(call.backend, parts, resource_policy, resource_owner, resource_must_allow)
        policies, cache = plan.policies, plan.cache
    full = request_context.build(
        call, parts.keys, resource, context or {}, parts.contexts_now(call.backend.generation)
    )
    return decide(
        Request(parts.principal, action, resource, _tagged(full, resource_tags)),
        policies,
        call=call,
        cache=cache,
    )


def authorize(
    call: Call, action: str, resource: str, context: Mapping[str, ContextValue] | None = None
) -> Decision | None:
    """:func:`check` for an IAM/STS resource of the caller's account; a denial raises AWS's AccessDenied."""
    return _raising(call, check(call, action, resource, context))


def authorize_trust(
    call: Call,
    role: Role,
    action: str,
    context: Mapping[str, ContextValue] | None = None,
    principal: Principal | None = None,
) -> Decision:
    """:func:`check` of ``action`` (sts:AssumeRole, sts:TagSession …) on ``role``, with its trust policy as
    the resource policy (which must allow by itself); a denial raises AWS's AccessDenied.

    ``principal`` is given for callers without credentials (web identity and SAML federation).
    """
    decision = check(
        call,
        action,
        role.arn,
        context,
        resource_policy=_trust_of(role, role.pins),
        resource_owner=role.arn.split(":", 5)[4],
        resource_must_allow=True,
        resource_tags=role.tags,
        principal=principal,
    )
    result = _raising(call, decision)
    assert result is not None
    return result


def stops(call: Call, decision: Decision | None) -> bool:
    """Whether ``decision`` stops the call: the one place a denial becomes an error, for IAM and STS
    (:func:`authorize`, :func:`authorize_trust`) and for other services (``iammock.services.enforce``).

    In audit mode (``call.audit``) nothing stops: the denial stays on ``call.decisions`` (hence on the
    trail, for ``IAMMock.audit``) and the call proceeds as if allowed. Authentication is not a decision
    and is never relaxed.
    """
    return decision is not None and not decision.allowed and not call.audit


def _raising(call: Call, decision: Decision | None) -> Decision | None:
    if stops(call, decision):
        assert decision is not None
        raise access_denied(decision.message)
    return decision


def decide(
    request: Request,
    policies: PolicySet,
    *,
    call: Call | None = None,
    remember: bool = True,
    cache: DecisionCache | None = None,
) -> Decision:
    """The engine's decision on ``request`` under ``policies``: the one procedure :func:`check` ends in.

    ``call``: the call the request is the caller's own for (what :func:`check` passes). Each decision is
    kept on ``call.decisions``, and when the caller's session has scope-down layers (GetScopedCredentials)
    each layer is asked too: every layer must allow. None for a request that is not the caller's: the
    policy simulator's, whose principal and policies are its inputs ("The simulation does not perform
    the API operations; it only checks the authorization", IAM API Reference, SimulatePrincipalPolicy
    and SimulateCustomPolicy), so that neither the Simulate call's trail nor the caller's layers see it.
    ``remember``: answered from the engine's memory of ``policies`` (``engine.remembered``); False asks
    afresh, for a caller that keeps its own answers (the simulator keeps each rendered result).
    ``cache``: the engine's memory of ``policies`` (its plans and decisions), kept by the caller beside
    the set; None uses the engine's own (the scope-down layers, whose sets ``scopes`` keeps, use it too).
    """
    if remember:
        decision = remembered(request, policies, cache)
    else:
        decision = engine_authorize(request, policies, cache=cache)
    if call is None:
        return decision
    call.decisions.append(decision)
    caller = call.caller
    if decision.allowed and caller is not None and caller.session is not None:
        # Only a denying layer is kept: the session's own decision already says the call was allowed.
        for layered in scopes.layered(caller.session, policies):
            narrowed = remembered(request, layered)
            if not narrowed.allowed:
                call.decisions.append(narrowed)
                return narrowed
    return decision


def _tagged(full: dict[str, ContextValue], tags: Mapping[str, str] | None) -> dict[str, ContextValue]:
    if tags:
        for key, value in tags.items():
            full.setdefault(f"aws:ResourceTag/{key}", value)
            full.setdefault(f"iam:ResourceTag/{key}", value)
    return full


def _caller_parts(call: Call) -> CallerParts:
    caller = call.caller
    assert caller is not None
    backend = call.backend
    key = caller.access_key_id or caller.arn
    parts = backend.authz_cache.get(key)
    if parts is None or parts.permissions != backend.permissions:
        principal = principal_of(caller)
        policies = policies_of(caller)
        parts = CallerParts(
            backend.permissions,
            principal,
            policies,
            request_context.principal_keys(caller, principal),
            DecisionCache(policies),
            exempt_from_organization_policies(caller),
        )
        backend.authz_cache[key] = parts
    # SCPs change through the mock's Python API too, not only through calls: read them fresh every time.
    levels = caller.account.scps
    if levels and not parts.exempt:
        scps = organization_levels(levels, PolicyKind.SCP, caller.account.partition)
        if parts.policies.scps != scps:
            parts = _with_scps(backend, key, parts, scps)
    elif parts.policies.scps:
        parts = _with_scps(backend, key, parts, ())
    return parts


def _with_scps(
    backend: Backend, key: str, parts: CallerParts, scps: tuple[tuple[NamedPolicy, ...], ...]
) -> CallerParts:
    policies = replace(parts.policies, scps=scps)
    parts = replace(parts, policies=policies, cache=DecisionCache(policies), resources={})
    backend.authz_cache[key] = parts  # so the set's memory lasts too
    return parts


def _resource_plan(
    backend: Backend,
    parts: CallerParts,
    resource_policy: NamedPolicy | None,
    owner: str | None,
    must_allow: bool,
) -> ResourcePlan:
    caller_account = parts.principal.account
    resource_account = owner if owner and owner != caller_account else None
    rcps = () if parts.exempt else _rcps(backend, owner or caller_account)
    key = (id(resource_policy), resource_account, must_allow)
    kept = parts.resources.get(key)
    if (
        kept is not None
        and kept.caller_set is parts.policies
        and kept.resource_policy is resource_policy
        and (kept.rcps is rcps or kept.rcps == rcps)
    ):
        return kept
    policies = replace(
        parts.policies,
        resource=resource_policy,
        resource_account=resource_account,
        resource_must_allow=must_allow and resource_policy is not None,
        rcps=rcps,
    )
    if len(parts.resources) >= _PLANS_KEPT:
        parts.resources.clear()
    plan = parts.resources[key] = ResourcePlan(
        parts.policies, resource_policy, rcps, policies, DecisionCache(policies)
    )
    return plan


def _rcps(backend: Backend, account_id: str) -> tuple[tuple[NamedPolicy, ...], ...]:
    """The RCP levels over ``account_id`` (none while RCPs are off, or for an account the mock lacks)."""
    account = backend.existing_account(account_id)
    if account is None:
        return ()
    levels = account.rcps
    return organization_levels(levels, PolicyKind.RCP, account.partition) if levels else ()


def _trust_of(role: Role, pins: Mapping[str, str] | None) -> NamedPolicy:
    return _trust(role.trust_policy, role.name, tuple(sorted(pins.items())) if pins else ())


@lru_cache(maxsize=1024)
def _trust(document: str, role_name: str, pins: tuple[tuple[str, str], ...]) -> NamedPolicy:
    """A role's trust policy, compiled and pinned once per document and set of pinned principals."""
    trust = named(document, f"{role_name} trust policy", PolicyKind.TRUST, PolicyKind.TRUST)
    return replace(trust, policy=trust.policy.pinned(dict(pins))) if pins else trust
