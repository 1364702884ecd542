"""The decision, as the IAM User Guide's "Policy evaluation logic" describes it
(https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html): explicit
denies, RCP/SCP levels, the resource-based policy, identity, boundary and session gates, cross-account
and role-trust rules. docs/policy-evaluation.md summarises the rules this module implements.

One procedure, ``evaluate``, decides every request. Its ``shortcut`` parameter lets a request whose
policy set holds identity policies alone (the usual backend call) skip the gates that cannot apply; the
property tests in tests/engine/test_properties.py compare it with ``shortcut=False``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Final, Literal

from . import explain as _explain
from .context import ContextValue, Principal, RequestContext, as_context
from .document import Statement
from .index import GateStatements, Reach
from .kinds import PolicyKind
from .match import CAPPED, DIRECT, NO_MATCH, excluded_by, match_principal
from .named import MatchedStatement, NamedPolicy

ALLOWED: Final = "allowed"
IMPLICIT_DENY: Final = "implicit_deny"
EXPLICIT_DENY: Final = "explicit_deny"
NOT_APPLICABLE: Final = "not_applicable"

_IAM_PRINCIPALS: Final = frozenset({"user", "assumed_role", "federated_user"})
_FOREIGN_PRINCIPALS: Final = frozenset({"service", "web_identity", "saml", "anonymous"})


@dataclass(frozen=True)
class PolicySet:
    """The policies that decide a request, and how they combine: a plain value. What deciding under a
    set learns (per-action plans, remembered decisions) lives beside it, in a :class:`DecisionCache`."""

    identity: tuple[NamedPolicy, ...] = ()
    boundary: NamedPolicy | None = None
    session: tuple[NamedPolicy, ...] | None = None  # None (or empty): no session policy
    resource: NamedPolicy | None = None  # resource-based policy, or the role trust policy
    resource_account: str | None = None  # None: same account as the principal
    scps: tuple[tuple[NamedPolicy, ...], ...] = ()  # one tuple per level, org root -> account
    rcps: tuple[tuple[NamedPolicy, ...], ...] = ()
    resource_must_allow: bool = False  # role trust policies, KMS key policies

    def reads(self) -> tuple[tuple[str, str], ...] | None:
        """The context keys (as written, lower-cased) any of these policies reads; None when one of them
        changes from call to call (the current time), so that decisions are not worth remembering."""
        # Every spelling: a context may hold one key under two spellings, and each lookup sees its own.
        keys = {k: k.lower() for named in self._all() for k in named.policy.spellings}
        return None if _VOLATILE & set(keys.values()) else tuple(keys.items())

    def _all(self) -> list[NamedPolicy]:
        out = [n for level in self.rcps for n in level] + [n for level in self.scps for n in level]
        out.extend(self.identity)
        out.extend(self.session or ())
        out.extend(n for n in (self.resource, self.boundary) if n is not None)
        return out


class DecisionCache:
    """What deciding under one policy set has learnt: the statements each gate holds per action (plans),
    remembered decisions (``remembered``) and the context keys the set reads. Kept by whoever keeps the
    set alive (the backend's per-caller parts, a prepared simulation) and passed with it; a caller that
    passes none gets the one kept beside the set by the engine (``cache_of``)."""

    __slots__ = ("decisions", "plans", "policies", "read")

    def __init__(self, policies: PolicySet) -> None:
        self.policies: Final = policies  # the set this cache is for, and only that one
        self.plans: dict[str, _Plan] = {}
        self.decisions: dict[tuple[object, ...], Decision] = {}
        self.read: tuple[tuple[str, str], ...] | Literal[False] | None = False  # False: not yet known

    def reads(self) -> tuple[tuple[str, str], ...] | None:
        """``PolicySet.reads``, worked out once."""
        found = self.read
        if found is False:
            found = self.read = self.policies.reads()
        return found

    def plan(self, action_lower: str) -> _Plan:
        """The statements each gate holds for an action, gathered once per action."""
        plans = self.plans
        plan = plans.get(action_lower)
        if plan is None:
            if len(plans) >= _PLAN_LIMIT:
                plans.clear()
            plan = plans[action_lower] = _Plan(self.policies, action_lower)
        return plan

    def _plan_as_asked(self, action: str) -> _Plan:
        # Also kept under the action as spelt (iam:CreateUser), so that evaluate() finds it without
        # lower-casing the action first.
        plan = self.plans[action] = self.plan(action.lower())
        return plan


# The caches of sets asked without one (tests, benchmarks, the engine used on its own), by the set's
# identity: each cache holds its set, so that an id stays its set's while the entry lasts. The last one
# asked is checked first: a caller asking one set again and again (the engine benchmark's fresh
# decisions) then pays an identity test, not a dict lookup.
_beside: dict[int, DecisionCache] = {}
_BESIDE_LIMIT: Final = 64


def cache_of(policies: PolicySet) -> DecisionCache:
    """The cache the engine keeps beside ``policies`` for callers that keep none."""
    global _last
    cache = _beside.get(id(policies))
    if cache is None or cache.policies is not policies:
        if len(_beside) >= _BESIDE_LIMIT:
            _beside.clear()
        cache = _beside[id(policies)] = DecisionCache(policies)
    _last = cache
    return cache


def _not_its_cache() -> ValueError:
    return ValueError("a DecisionCache answers only for the PolicySet it was made for")


_PLAN_LIMIT: Final = 1024
_DECISION_LIMIT: Final = 1024
# Keys whose value differs on every call: a policy set that reads one gains nothing from remembering.
_VOLATILE: Final = frozenset({"aws:currenttime", "aws:epochtime", "aws:multifactorauthage"})


class _Plan:
    __slots__ = ("alone", "boundary", "identity", "rcps", "resource", "scps", "session")

    def __init__(self, policies: PolicySet, action_lower: str) -> None:
        def gate(named: tuple[NamedPolicy, ...]) -> GateStatements | None:
            g = GateStatements(named, action_lower)
            return None if g.empty else g

        # Organisation levels are kept even when empty: a level without an Allow denies.
        self.rcps = tuple(GateStatements(level, action_lower) for level in policies.rcps)
        self.scps = tuple(GateStatements(level, action_lower) for level in policies.scps)
        self.resource = gate((policies.resource,)) if policies.resource is not None else None
        self.identity = gate(policies.identity)
        self.boundary = gate((policies.boundary,)) if policies.boundary is not None else None
        self.session = gate(policies.session) if policies.session else None
        # Only identity policies, same account: for a user or a role session, the identity gate's
        # result is the decision (evaluate's shortcut), as it is for most backend calls.
        self.alone = (
            not policies.rcps
            and not policies.scps
            and policies.resource is None
            and policies.boundary is None
            and not policies.session
            and policies.resource_account is None
            and not policies.resource_must_allow
        )


@dataclass(frozen=True, slots=True)
class Request:
    principal: Principal
    action: str
    resource: str
    context: Mapping[str, ContextValue] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    outcome: str  # "allowed" | "implicit_deny" | "explicit_deny"
    statements: tuple[MatchedStatement, ...]
    denied_by: PolicyKind | None
    message: str  # AccessDenied message; "" when allowed
    missing_context_keys: tuple[str, ...]
    identity: str = NOT_APPLICABLE  # per gate: allowed | implicit_deny | explicit_deny | not_applicable
    boundary: str = NOT_APPLICABLE
    session: str = NOT_APPLICABLE
    resource: str = NOT_APPLICABLE
    scp: str = NOT_APPLICABLE
    rcp: str = NOT_APPLICABLE
    request: Request | None = field(default=None, compare=False, repr=False)
    policies: PolicySet | None = field(default=None, compare=False, repr=False)

    def explain(self) -> str:
        reports: list[_explain.PolicyReport] = []
        if self.request is not None and self.policies is not None:
            reports = _reports(self.request, self.policies)
        req = self.request
        return _explain.render(
            principal_arn=req.principal.arn if req else "?",
            principal_kind=req.principal.kind if req else "?",
            action=req.action if req else "?",
            resource=req.resource if req else "?",
            outcome=self.outcome,
            message=self.message,
            denied_by=self.denied_by,
            gates=[
                ("rcp", self.rcp),
                ("scp", self.scp),
                ("resource", self.resource),
                ("identity", self.identity),
                ("boundary", self.boundary),
                ("session", self.session),
            ],
            reports=reports,
            missing=self.missing_context_keys,
        )


# What one gate (or one organisation level, or one policy) says about a request: its matching Allows
# and Denies in document order, as ``matched_alone`` tuples, and how closely an Allow's Principal named
# the caller (resource-side gates). A plain tuple: one is made per gate on every authorization.
_Found = tuple[list[tuple[MatchedStatement]], list[tuple[MatchedStatement]], int]


def _result(found: _Found) -> str:
    """A gate's result, when the gate applies."""
    return EXPLICIT_DENY if found[1] else ALLOWED if found[0] else IMPLICIT_DENY


def _find(
    reach: Reach,
    with_principal: bool,
    principal: Principal,
    resource: str,
    ctx: RequestContext,
    missing: set[str],
    has_boundary: bool,
) -> _Found:
    """The statements among ``reach`` (a gate's, or one policy's) that apply to the request; context
    keys they read and the request lacks are added to ``missing``."""
    allows: list[tuple[MatchedStatement]] = []
    denies: list[tuple[MatchedStatement]] = []
    best = NO_MATCH
    ctx_fn = ctx.itself
    for named, candidates in reach:
        for st in candidates:
            # The ARN is not split up front (parts None): patterns with a literal partition, service,
            # region and account, the usual kind, match without its parts; the others split it.
            if not st.resource_matcher.match(resource, None, ctx_fn, missing):
                continue
            level = DIRECT
            if with_principal:
                if st.principal is not None:
                    level = match_principal(st.principal, principal)
                    if level == NO_MATCH:
                        continue
                elif st.not_principal is not None:
                    # A NotPrincipal Deny always applies to a principal with a permissions boundary
                    # (IAM User Guide, "NotPrincipal", on NotPrincipal with Deny and boundaries:
                    # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notprincipal.html).
                    gotcha = st.effect == "Deny" and has_boundary
                    if not gotcha and excluded_by(st.not_principal, principal):
                        continue
            if st.conditions and not _holds(st, ctx, missing):
                continue
            if st.effect == "Deny":  # (not Statement.is_deny: a property call per statement)
                denies.append(named.matched_alone(st))
            else:
                allows.append(named.matched_alone(st))
                if level > best:
                    best = level
    return allows, denies, best


_NOTHING: Final[Reach] = ()
_NONE_FOUND: Final[_Found] = ([], [], NO_MATCH)  # a gate with nothing to scan; never mutated


def _find_in(
    gate: GateStatements | None,
    with_principal: bool,
    principal: Principal,
    resource: str,
    ctx: RequestContext,
    missing: set[str],
    has_boundary: bool,
) -> _Found:
    """``_find`` over the statements of ``gate`` that may apply to ``resource``."""
    reach = gate.reach(resource) if gate is not None else _NOTHING
    return _find(reach, with_principal, principal, resource, ctx, missing, has_boundary)


def _holds(st: Statement, ctx: RequestContext, missing: set[str]) -> bool:
    """Whether every condition of ``st`` holds. No short-circuit: every condition runs, so that all
    missing keys get reported."""
    ok = True
    for c in st.conditions:
        if not c.evaluate(ctx, missing):
            ok = False
    return ok


def _listed(ones: list[tuple[MatchedStatement]]) -> tuple[MatchedStatement, ...]:
    """A decision's ``statements`` from ``matched_alone`` tuples."""
    if len(ones) == 1:
        return ones[0]
    return tuple([one[0] for one in ones])


def _levels(levels: list[_Found]) -> str:
    results = [_result(level) for level in levels]
    if EXPLICIT_DENY in results:
        return EXPLICIT_DENY
    return ALLOWED if all(r == ALLOWED for r in results) else IMPLICIT_DENY


def _joined(levels: list[_Found]) -> _Found:
    """Organisation levels as one gate, for the statements a decision reports."""
    return [m for level in levels for m in level[0]], [m for level in levels for m in level[1]], NO_MATCH


class _Unfrozen:
    """Decision's exact layout without the frozen ``__setattr__``: a decision is filled in with plain
    attribute stores and then becomes a Decision by ``__class__`` assignment (same slots, so Python
    allows it).

    Kept because it pays. ``python -m benchmarks --only engine``, run alternately with this and with
    the plain ``Decision(...)`` constructor (2026-12, a shared 2-CPU machine): the same request again
    (remembered) 1.1-1.5 us against 2.5-3.1 us a decision; 5 policies 5.1-6.6 against 5.9-7.0 us;
    1,000 statements 6.8-9.6 against 8.7-10.2 us. Interleaved in one process on the benchmark's
    cases: remembered 0.95 against 2.28 us, 10 statements 2.73 against 4.08 us."""

    __slots__ = Decision.__slots__
    allowed: bool
    outcome: str
    statements: tuple[MatchedStatement, ...]
    denied_by: PolicyKind | None
    message: str
    missing_context_keys: tuple[str, ...]
    identity: str
    boundary: str
    session: str
    resource: str
    scp: str
    rcp: str
    request: Request | None
    policies: PolicySet | None


_as_decision = object.__setattr__


def _new_decision(
    allowed: bool,
    outcome: str,
    statements: tuple[MatchedStatement, ...],
    denied_by: PolicyKind | None,
    message: str,
    missing: tuple[str, ...],
    gates: tuple[str, str, str, str, str, str],
    request: Request,
    policies: PolicySet,
) -> Decision:
    d = _Unfrozen()
    d.allowed = allowed
    d.outcome = outcome
    d.statements = statements
    d.denied_by = denied_by
    d.message = message
    d.missing_context_keys = missing
    d.identity, d.boundary, d.session, d.resource, d.scp, d.rcp = gates
    d.request = request
    d.policies = policies
    _as_decision(d, "__class__", Decision)
    return d  # type: ignore[return-value]


def _asked_again(kept: Decision, request: Request) -> Decision:
    """``kept`` carrying ``request``."""
    return _new_decision(
        kept.allowed,
        kept.outcome,
        kept.statements,
        kept.denied_by,
        kept.message,
        kept.missing_context_keys,
        (kept.identity, kept.boundary, kept.session, kept.resource, kept.scp, kept.rcp),
        request,
        kept.policies,  # type: ignore[arg-type]
    )


_last = DecisionCache(PolicySet())  # the cache last used without one being passed (cache_of)

_NO_LEVELS: Final[list[_Found]] = []  # shared by policy sets without organisation levels; never mutated

# Callers whose decision, with identity policies alone, is the identity gate's result (a federated
# user also needs a session policy, the root user needs none).
_IDENTITY_ALONE: Final = frozenset({"user", "assumed_role"})


def authorize(
    request: Request, policies: PolicySet, *, shortcut: bool = True, cache: DecisionCache | None = None
) -> Decision:
    """Decide one request the way AWS does (``shortcut``: see ``evaluate``; ``cache``: the
    :class:`DecisionCache` kept for ``policies``, else the engine's own beside the set)."""
    return evaluate(request, policies, None, shortcut=shortcut, cache=cache)


def remembered(request: Request, policies: PolicySet, cache: DecisionCache | None = None) -> Decision:
    """``authorize``, answered from memory when this policy set was asked the same question before
    (the memory is ``cache``, the :class:`DecisionCache` kept for ``policies``, else the engine's own).

    A decision depends only on the principal, the action, the resource and the context keys the
    policies read, so it is remembered per policy set under exactly those: test suites ask the same
    question again and again, and the answer (statements, explanation) is the same. The returned
    decision carries the request as asked this time.
    """
    if cache is None:
        cache = _last
        if cache.policies is not policies:
            cache = cache_of(policies)
    elif cache.policies is not policies:
        raise _not_its_cache()
    reads = cache.read
    if reads is False:
        reads = cache.reads()
    if reads is None:
        return evaluate(request, policies, None, cache=cache)
    values = request.context
    # The case-insensitive view is only made when a key is not there as spelt, or for a fresh
    # decision: a remembered one (the usual answer) reads a plain dict directly.
    ctx = None if type(values) is dict else as_context(values)
    p = request.principal
    key: list[object] = [id(p), request.action, request.resource]
    for k, low in reads:
        if ctx is None:
            value = values.get(k)
            if value is None:  # RequestContext.lookup's second step
                ctx = RequestContext(values)
                value = ctx.get_lower(low)
        else:
            value = ctx.lookup(k, low)
        # With its type: True == 1 == 1.0 in Python, but Bool and Numeric conditions tell them apart.
        # A str or None (most values) is equal to nothing of another type, and to no tuple: as is.
        if value is None or type(value) is str:
            key.append(value)
        elif isinstance(value, (list, tuple)):  # (not list | tuple: a union is the slower test)
            key.append(tuple((type(v), v) for v in value))
        else:
            key.append((type(value), value))
    frozen = tuple(key)
    memo = cache.decisions
    try:
        hit = memo.get(frozen)
    except TypeError:  # an unhashable context value: decide afresh
        return evaluate(request, policies, ctx, cache=cache)
    # The kept decision's request keeps its principal alive, so that principal's id is its own.
    if hit is not None and hit.request.principal is p:  # type: ignore[union-attr]
        return _asked_again(hit, request)
    decision = evaluate(request, policies, ctx, cache=cache)
    if len(memo) >= _DECISION_LIMIT:
        memo.clear()
    memo[frozen] = decision
    return decision


def evaluate(
    request: Request,
    policies: PolicySet,
    ctx: RequestContext | None,
    *,
    shortcut: bool = True,
    cache: DecisionCache | None = None,
) -> Decision:
    """The decision, worked out statement by statement (``ctx``: the context already wrapped, if it was;
    ``cache``: where the per-action plans of ``policies`` are kept, see ``authorize``).

    ``shortcut``: when the policy set holds identity policies alone (``_Plan.alone``) and the caller is
    a user or a role session, only the identity gate is worked out and its result is the decision. That
    is what the full procedure concludes there (every other gate is not applicable, and ``_verdict``
    then allows exactly when the identity gate does), without its bookkeeping. False works every gate
    out in every case; tests/engine/test_properties.py checks that both give the same decisions.
    """
    p = request.principal
    kind = p.kind
    if cache is None:
        cache = _last  # (inline: a function call here costs the engine benchmark's fresh decisions)
        if cache.policies is not policies:
            cache = cache_of(policies)
    elif cache.policies is not policies:
        raise _not_its_cache()
    plan = cache.plans.get(request.action) or cache._plan_as_asked(request.action)
    boundary = policies.boundary
    has_boundary = boundary is not None
    rs = request.resource
    if ctx is None:
        ctx = as_context(request.context)
    missing: set[str] = set()
    reach = plan.identity.reach(rs) if plan.identity is not None else _NOTHING
    ids = _find(reach, False, p, rs, ctx, missing, has_boundary)
    gate: PolicyKind | None = None  # the gate to blame for a denial; None when allowed
    message: str | None = None  # a denial's own wording, for denials no gate words
    if shortcut and plan.alone and kind in _IDENTITY_ALONE:
        # The identity gate's result is the decision, and its statements the decision's.
        r_id = _result(ids)
        results = (r_id, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE, NOT_APPLICABLE)
        explicit = r_id is EXPLICIT_DENY
        if r_id is ALLOWED:
            ones = ids[0]
        else:
            gate = PolicyKind.IDENTITY
            ones = ids[1]
    else:
        # (No closure for these calls: its cells would slow the shortcut's path through this function.)
        asked = (p, rs, ctx, missing, has_boundary)
        rcps = [_find_in(level, True, *asked) for level in plan.rcps] if plan.rcps else _NO_LEVELS
        scps = [_find_in(level, False, *asked) for level in plan.scps] if plan.scps else _NO_LEVELS
        resource = policies.resource
        res = _find_in(plan.resource, True, *asked) if plan.resource is not None else _NONE_FOUND
        bnd = _find_in(plan.boundary, False, *asked) if plan.boundary is not None else _NONE_FOUND
        ses = _find_in(plan.session, False, *asked) if plan.session is not None else _NONE_FOUND
        res_gate = _resource_gate(policies)
        r_rcp = _levels(rcps) if rcps else NOT_APPLICABLE
        r_scp = _levels(scps) if scps else NOT_APPLICABLE
        r_res = _result(res) if resource is not None else NOT_APPLICABLE
        r_id = _result(ids) if kind in _IAM_PRINCIPALS else NOT_APPLICABLE
        r_bnd = _result(bnd) if boundary is not None else NOT_APPLICABLE
        # A GetFederationToken session without a session policy has no permissions, though a
        # resource-based policy naming the session can still grant ("Permissions for
        # GetFederationToken", IAM User Guide,
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_control-access_getfederationtoken.html).
        r_ses = _result(ses) if policies.session or kind == "federated_user" else NOT_APPLICABLE
        results = (r_id, r_bnd, r_ses, r_res, r_scp, r_rcp)
        # The gates in the order of "Policy evaluation logic"'s flow chart (RCPs, SCPs, resource-based,
        # identity-based, boundary, session policies), the order denials are blamed in:
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
        order = (
            (PolicyKind.RCP, _joined(rcps) if rcps else _NONE_FOUND, r_rcp),
            (PolicyKind.SCP, _joined(scps) if scps else _NONE_FOUND, r_scp),
            (res_gate, res, r_res),
            (PolicyKind.IDENTITY, ids, r_id),
            (PolicyKind.BOUNDARY, bnd, r_bnd),
            (PolicyKind.SESSION, ses, r_ses),
        )
        explicit = False
        for _, found, _ in order:
            if found[1]:
                explicit = True
                break
        ones = []
        if explicit:
            # An explicit Deny in any policy denies; the first denying gate in order is blamed, and
            # every matching Deny is reported.
            gate = next(g for g, found, _ in order if found[1])
            for _, found, _ in order:
                ones += found[1]
        elif kind == "root" and request.action.lower() == "sts:assumerole":
            message = _explain.ROOT_CANNOT_ASSUME
        elif r_rcp == IMPLICIT_DENY:
            gate = PolicyKind.RCP  # organisation policies need an Allow at every level
        elif r_scp == IMPLICIT_DENY:
            gate = PolicyKind.SCP
        else:
            gate = _verdict(policies, p, res[2], res_gate, r_id, r_bnd, r_ses)
            if gate is None:  # allowed: the Allows of every gate that allowed are reported
                for _, found, r in order:
                    if r is ALLOWED:
                        ones += found[0]

    allowed = gate is None and message is None
    outcome = EXPLICIT_DENY if explicit else ALLOWED if allowed else IMPLICIT_DENY
    statements = _listed(ones) if ones and (allowed or explicit) else ()
    text = message or ""
    if gate is not None:
        # AWS words SCP/RCP denials as explicit even when only an Allow is missing ("Troubleshoot
        # access denied error messages",
        # https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html).
        wording_explicit = explicit or gate is PolicyKind.SCP or gate is PolicyKind.RCP
        text = _explain.denial_message(p.arn, request.action, request.resource, gate, wording_explicit)
    keys = tuple(sorted(missing)) if missing else ()
    return _new_decision(allowed, outcome, statements, gate, text, keys, results, request, policies)


def _resource_gate(policies: PolicySet) -> PolicyKind:
    """The resource-side gate's name: a role's trust policy, or a resource-based policy."""
    resource = policies.resource
    return (
        PolicyKind.TRUST
        if resource is not None and resource.kind is PolicyKind.TRUST
        else PolicyKind.RESOURCE
    )


def _verdict(
    policies: PolicySet, p: Principal, rbp: int, res_gate: PolicyKind, r_id: str, r_bnd: str, r_ses: str
) -> PolicyKind | None:
    """The gates after explicit denies and organisation policies: None to allow, else the gate to blame
    for the implicit deny. Sources: "Policy evaluation logic" (same-account resource-based policies and
    what boundaries and session policies cap), "Cross-account policy evaluation logic"
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html)
    and, for role trust, AssumeRole in the AWS STS API Reference
    (https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html). docs/policy-evaluation.md
    sets the rules out in one place."""
    kind = p.kind
    if kind in _FOREIGN_PRINCIPALS:
        # Services, identity providers and anonymous callers have no identity side: only the RBP counts.
        return None if rbp != NO_MATCH else res_gate
    if kind == "root":
        id_ok = pb_ok = sp_ok = True
    else:
        id_ok = r_id == ALLOWED
        pb_ok = r_bnd != IMPLICIT_DENY
        sp_ok = r_ses != IMPLICIT_DENY
    caller_ok = id_ok and pb_ok and sp_ok
    first_failing = (
        PolicyKind.IDENTITY
        if not id_ok
        else PolicyKind.BOUNDARY
        if not pb_ok
        else PolicyKind.SESSION
        if not sp_ok
        else res_gate
    )
    if policies.resource_account is None or policies.resource_account == p.account:
        if rbp == DIRECT or (rbp == CAPPED and pb_ok and sp_ok):
            return None
        if policies.resource_must_allow and rbp == NO_MATCH:
            # Role trust and KMS key policies must allow the caller themselves, even in the same account
            # ("Policy evaluation logic", resource-based policies; "Key policies in AWS KMS",
            # https://docs.aws.amazon.com/kms/latest/developerguide/key-policies.html).
            return res_gate
        if caller_ok:
            return None
        if rbp == CAPPED:
            # The resource policy stood in for the identity policy; what failed is the cap.
            return PolicyKind.BOUNDARY if not pb_ok else PolicyKind.SESSION
        return first_failing
    # Cross-account ("Cross-account policy evaluation logic"): the resource side must name the caller,
    # its role/session or its account, and the caller's own account must allow as well.
    if rbp != NO_MATCH:
        return None if caller_ok else first_failing
    return res_gate if policies.resource_must_allow or caller_ok else first_failing


def _describe(m: MatchedStatement) -> str:
    label = f"Sid {m.sid_or_index}" if isinstance(m.sid_or_index, str) else f"statement #{m.sid_or_index}"
    return f"{label} (line {m.start.line}, column {m.start.column})"


def _reports(request: Request, policies: PolicySet) -> list[_explain.PolicyReport]:
    """For ``Decision.explain``: per policy, in evaluation order, the statements that apply to the
    request, found by the same ``_find`` the decision uses (every policy is listed, even one that
    matches nothing, so this scans each policy's candidates rather than the gates' index)."""
    ctx = as_context(request.context)
    p, rs, missing, has_boundary = (
        request.principal,
        request.resource,
        set[str](),
        policies.boundary is not None,
    )
    action_lower = request.action.lower()
    out: list[_explain.PolicyReport] = []
    groups: list[tuple[PolicyKind, tuple[NamedPolicy, ...], bool]] = [
        (PolicyKind.RCP, tuple(n for level in policies.rcps for n in level), True),
        (PolicyKind.SCP, tuple(n for level in policies.scps for n in level), False),
        (_resource_gate(policies), (policies.resource,) if policies.resource else (), True),
        (PolicyKind.IDENTITY, policies.identity, False),
        (PolicyKind.BOUNDARY, (policies.boundary,) if policies.boundary else (), False),
        (PolicyKind.SESSION, policies.session or (), False),
    ]
    for gate, named, with_principal in groups:
        for n in named:
            reach = ((n, n.policy.candidates(action_lower)),)
            allows, denies, _ = _find(reach, with_principal, p, rs, ctx, missing, has_boundary)
            out.append(
                _explain.PolicyReport(
                    gate=gate,
                    name=n.name,
                    kind=n.kind,
                    allows=tuple(_describe(m) for (m,) in allows),
                    denies=tuple(_describe(m) for (m,) in denies),
                )
            )
    return out
