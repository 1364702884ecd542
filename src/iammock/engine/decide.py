"""The decision (reference §1.2-1.6): explicit denies, RCP/SCP levels, resource policy per table 1.3,
identity, boundary and session gates, cross-account and role-trust rules."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Final, Literal

from . import explain as _explain
from .context import ContextValue, Principal, RequestContext, as_context
from .document import Policy, Statement
from .index import GateStatements
from .jsonpos import Position
from .kinds import PolicyKind
from .match import CAPPED, DIRECT, NO_MATCH, excluded_by, match_principal, split_arn

ALLOWED: Final = "allowed"
IMPLICIT_DENY: Final = "implicit_deny"
EXPLICIT_DENY: Final = "explicit_deny"
NOT_APPLICABLE: Final = "not_applicable"

_IAM_PRINCIPALS: Final = frozenset({"user", "assumed_role", "federated_user"})
_NO_CONTEXT: Final[Mapping[str, ContextValue]] = MappingProxyType({})  # Request() without a context
_FOREIGN_PRINCIPALS: Final = frozenset({"service", "web_identity", "saml", "anonymous"})


@dataclass(frozen=True, slots=True)
class MatchedStatement:
    policy_name: str
    policy_kind: PolicyKind
    sid_or_index: str | int  # the Sid, or the 0-based index of a statement without one
    effect: str
    start: Position
    end: Position


@dataclass(frozen=True)
class NamedPolicy:
    policy: Policy
    name: str  # policy name, or ARN for managed policies
    kind: PolicyKind
    _matched: dict[int, tuple[MatchedStatement]] = field(default_factory=dict, compare=False, repr=False)

    def matched(self, st: Statement) -> MatchedStatement:
        return self.matched_alone(st)[0]

    def matched_alone(self, st: Statement) -> tuple[MatchedStatement]:
        """The statement as a decision's whole ``statements``: decisions that match one statement (most
        do) share this tuple rather than each keeping one more object alive."""
        one = self._matched.get(st.index)
        if one is None:
            m = MatchedStatement(self.name, self.kind, st.sid_or_index, st.effect, st.start, st.end)
            one = self._matched[st.index] = (m,)
        return one


@dataclass(frozen=True)
class PolicySet:
    identity: tuple[NamedPolicy, ...] = ()
    boundary: NamedPolicy | None = None
    session: tuple[NamedPolicy, ...] | None = None  # None (or empty): no session policy
    resource: NamedPolicy | None = None  # resource-based policy, or the role trust policy
    resource_account: str | None = None  # None: same account as the principal
    scps: tuple[tuple[NamedPolicy, ...], ...] = ()  # one tuple per level, org root -> account
    rcps: tuple[tuple[NamedPolicy, ...], ...] = ()
    resource_must_allow: bool = False  # role trust policies, KMS key policies
    _plans: dict[str, _Plan] = field(default_factory=dict, init=False, compare=False, repr=False)
    _decisions: dict[tuple[object, ...], Decision] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _read: tuple[tuple[str, str], ...] | Literal[False] | None = field(
        default=False, init=False, compare=False, repr=False
    )

    def reads(self) -> tuple[tuple[str, str], ...] | None:
        """The context keys (as written, lower-cased) any of these policies reads; None when one of them
        changes from call to call (the current time), so that decisions are not worth remembering."""
        found = self._read
        if found is False:
            # Every spelling: a context may hold one key under two spellings, and each lookup sees its own.
            keys = {k: k.lower() for named in self._all() for k in named.policy.spellings}
            found = None if _VOLATILE & set(keys.values()) else tuple(keys.items())
            object.__setattr__(self, "_read", found)
        return found

    def _all(self) -> list[NamedPolicy]:
        out = [n for level in self.rcps for n in level] + [n for level in self.scps for n in level]
        out.extend(self.identity)
        out.extend(self.session or ())
        out.extend(n for n in (self.resource, self.boundary) if n is not None)
        return out

    def plan(self, action_lower: str) -> _Plan:
        """The statements each gate holds for an action, gathered once per action and policy set."""
        plan = self._plans.get(action_lower)
        if plan is None:
            if len(self._plans) >= _PLAN_LIMIT:
                self._plans.clear()
            plan = self._plans[action_lower] = _Plan(self, action_lower)
        return plan

    def _plan_as_asked(self, action: str) -> _Plan:
        # Also kept under the action as spelt (iam:CreateUser), so that evaluate() finds it without
        # lower-casing the action first.
        plan = self._plans[action] = self.plan(action.lower())
        return plan


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
        # result is the decision (see _identity_alone), as it is for most backend calls.
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

    # Every authorization makes one: the generated frozen __init__ (an object.__setattr__ per field)
    # costs about twice what storing through the slots' own descriptors does.
    def __init__(
        self,
        principal: Principal,
        action: str,
        resource: str,
        context: Mapping[str, ContextValue] = _NO_CONTEXT,
    ) -> None:
        _set_principal(self, principal)
        _set_action(self, action)
        _set_resource(self, resource)
        _set_context(self, {} if context is _NO_CONTEXT else context)


_set_principal = Request.__dict__["principal"].__set__
_set_action = Request.__dict__["action"].__set__
_set_resource = Request.__dict__["resource"].__set__
_set_context = Request.__dict__["context"].__set__


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


class _Eval:
    """One request, prepared once: lower-cased action, split ARN, lazily built case-insensitive context."""

    __slots__ = (
        "_ctx",
        "action_lower",
        "denied",
        "has_boundary",
        "missing",
        "parts",
        "principal",
        "raw",
        "resource",
    )

    def __init__(self, request: Request, has_boundary: bool) -> None:
        self.principal = request.principal
        self.action_lower = request.action.lower()
        self.resource = request.resource
        self.parts = split_arn(request.resource)
        self.raw = request.context
        self._ctx: RequestContext | None = None
        self.missing: set[str] = set()
        self.has_boundary = has_boundary
        self.denied = False

    def ctx(self) -> RequestContext:
        if self._ctx is None:
            self._ctx = as_context(self.raw)
        return self._ctx


class _Scan:
    """The statements of one policy that apply to the request (only built when at least one does)."""

    __slots__ = ("allows", "best", "denies", "named")

    def __init__(self, named: NamedPolicy) -> None:
        self.named = named
        self.allows: list[Statement] = []
        self.denies: list[Statement] = []
        self.best = NO_MATCH


def _scan(
    named: NamedPolicy, ev: _Eval, with_principal: bool, candidates: tuple[Statement, ...] | None = None
) -> _Scan | None:
    out: _Scan | None = None
    if candidates is None:
        candidates = named.policy.candidates(ev.action_lower)
    resource, parts, ctx_fn, missing = ev.resource, ev.parts, ev.ctx, ev.missing
    for st in candidates:
        if not st.resource_matcher.match(resource, parts, ctx_fn, missing):
            continue
        level = DIRECT
        if with_principal:
            if st.principal is not None:
                level = match_principal(st.principal, ev.principal)
                if level == NO_MATCH:
                    continue
            elif st.not_principal is not None:
                # Reference §1.3 gotcha: a NotPrincipal Deny always hits a principal with a boundary.
                gotcha = st.is_deny and ev.has_boundary
                if not gotcha and excluded_by(st.not_principal, ev.principal):
                    continue
        if st.conditions and not _holds(st, ctx_fn(), missing):
            continue
        if out is None:
            out = _Scan(named)
        if st.is_deny:
            out.denies.append(st)
            ev.denied = True
        else:
            out.allows.append(st)
            if level > out.best:
                out.best = level
    return out


def _holds(st: Statement, ctx: RequestContext, missing: set[str]) -> bool:
    """Whether every condition of ``st`` holds. No short-circuit: every condition runs, so that all
    missing keys get reported."""
    ok = True
    for c in st.conditions:
        if not c.evaluate(ctx, missing):
            ok = False
    return ok


def _scan_gate(gate: GateStatements | None, ev: _Eval, with_principal: bool) -> list[_Scan]:
    out: list[_Scan] = []
    if gate is not None:
        for named, candidates in gate.reach(ev.resource):
            s = _scan(named, ev, with_principal, candidates)
            if s is not None:
                out.append(s)
    return out


def _matched(scans: list[_Scan], deny: bool) -> list[tuple[MatchedStatement]]:
    return [s.named.matched_alone(st) for s in scans for st in (s.denies if deny else s.allows)]


def _listed(ones: list[tuple[MatchedStatement]]) -> tuple[MatchedStatement, ...]:
    """A decision's ``statements`` from ``matched_alone`` tuples."""
    if len(ones) == 1:
        return ones[0]
    return tuple([one[0] for one in ones])


def _gate(scans: list[_Scan]) -> str:
    """An applicable gate's result from the scans of its policies."""
    allowed = False
    for s in scans:
        if s.denies:
            return EXPLICIT_DENY
        if s.allows:
            allowed = True
    return ALLOWED if allowed else IMPLICIT_DENY


def _levels(levels: list[list[_Scan]]) -> str:
    results = [_gate(level) for level in levels]
    if EXPLICIT_DENY in results:
        return EXPLICIT_DENY
    return ALLOWED if all(r == ALLOWED for r in results) else IMPLICIT_DENY


class _Unfrozen:
    """Decision's exact layout without the frozen ``__setattr__``: a decision is filled in with plain
    attribute stores and then becomes a Decision by ``__class__`` assignment (same slots, so Python
    allows it). The frozen dataclass's ``__init__`` pays one ``object.__setattr__`` per field, three
    times the cost, on a path every authorization takes."""

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


_NO_SCANS: Final[list[_Scan]] = []  # shared by gates with nothing to scan; never mutated


def authorize(request: Request, policies: PolicySet) -> Decision:
    """Decide one request the way AWS does."""
    return evaluate(request, policies, None)


def remembered(request: Request, policies: PolicySet) -> Decision:
    """``authorize``, answered from memory when this policy set was asked the same question before.

    A decision depends only on the principal, the action, the resource and the context keys the
    policies read, so it is remembered per policy set under exactly those: test suites ask the same
    question again and again, and the answer (statements, explanation) is the same. The returned
    decision carries the request as asked this time.
    """
    reads = policies._read
    if reads is False:
        reads = policies.reads()
    if reads is None:
        return evaluate(request, policies, None)
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
    memo = policies._decisions
    try:
        hit = memo.get(frozen)
    except TypeError:  # an unhashable context value: decide afresh
        return evaluate(request, policies, ctx)
    # The kept decision's request keeps its principal alive, so that principal's id is its own.
    if hit is not None and hit.request.principal is p:  # type: ignore[union-attr]
        return _asked_again(hit, request)
    decision = evaluate(request, policies, ctx)
    if len(memo) >= _DECISION_LIMIT:
        memo.clear()
    memo[frozen] = decision
    return decision


def evaluate(request: Request, policies: PolicySet, ctx: RequestContext | None) -> Decision:
    """The decision, worked out statement by statement (``ctx``: the context already wrapped, if it was)."""
    p = request.principal
    kind = p.kind
    plan = policies._plans.get(request.action) or policies._plan_as_asked(request.action)
    if plan.alone and kind in _IDENTITY_ALONE:
        return _identity_alone(request, policies, plan.identity, ctx)
    boundary = policies.boundary
    ev = _Eval(request, boundary is not None)
    ev._ctx = ctx
    rcps = [_scan_gate(level, ev, True) for level in plan.rcps] if plan.rcps else _NO_SCANS_LEVELS
    scps = [_scan_gate(level, ev, False) for level in plan.scps] if plan.scps else _NO_SCANS_LEVELS
    resource = policies.resource
    res = _scan_gate(plan.resource, ev, True) if plan.resource is not None else _NO_SCANS
    ids = _scan_gate(plan.identity, ev, False) if plan.identity is not None else _NO_SCANS
    bnd = _scan_gate(plan.boundary, ev, False) if plan.boundary is not None else _NO_SCANS
    ses = _scan_gate(plan.session, ev, False) if plan.session is not None else _NO_SCANS

    res_gate = (
        PolicyKind.TRUST
        if resource is not None and resource.kind is PolicyKind.TRUST
        else PolicyKind.RESOURCE
    )
    r_rcp = _levels(rcps) if rcps else NOT_APPLICABLE
    r_scp = _levels(scps) if scps else NOT_APPLICABLE
    r_res = _gate(res) if resource is not None else NOT_APPLICABLE
    r_id = _gate(ids) if kind in _IAM_PRINCIPALS else NOT_APPLICABLE
    r_bnd = _gate(bnd) if boundary is not None else NOT_APPLICABLE
    # A GetFederationToken session without a session policy has no permissions (§1.2 step 7).
    r_ses = _gate(ses) if policies.session or kind == "federated_user" else NOT_APPLICABLE

    gate: PolicyKind | None = None
    explicit = False
    message: str | None = None
    statements: tuple[MatchedStatement, ...] = ()
    if ev.denied:
        # Gate 1: an explicit Deny anywhere wins; the first gate in §1.2 order is the one reported.
        gates = _gates(rcps, scps, res_gate, res, ids, bnd, ses)
        denying = [(g, scans) for g, scans in gates if any(s.denies for s in scans)]
        gate, explicit = denying[0][0], True
        statements = _listed([m for _, scans in denying for m in _matched(scans, True)])
    elif kind == "root" and ev.action_lower == "sts:assumerole":
        message = _explain.ROOT_CANNOT_ASSUME
    elif r_rcp == IMPLICIT_DENY:
        gate = PolicyKind.RCP  # organisation policies need an Allow at every level
    elif r_scp == IMPLICIT_DENY:
        gate = PolicyKind.SCP
    else:
        gate = _verdict(policies, p, res[0].best if res else NO_MATCH, res_gate, r_id, r_bnd, r_ses)
        if gate is None:
            allowing: list[_Scan] = []
            for result, scans in ((r_rcp, rcps), (r_scp, scps)):
                if result == ALLOWED:
                    allowing.extend(s for level in scans for s in level)
            for result, scan in ((r_res, res), (r_id, ids), (r_bnd, bnd), (r_ses, ses)):
                if result == ALLOWED:
                    allowing.extend(scan)
            statements = _listed(_matched(allowing, False))

    if gate is None and message is None:
        allowed, outcome, text = True, ALLOWED, ""
    else:
        allowed = False
        outcome = EXPLICIT_DENY if explicit else IMPLICIT_DENY
        text = message or ""
        if gate is not None:
            # AWS words SCP/RCP denials as explicit even when only an Allow is missing (§1.2).
            wording_explicit = explicit or gate is PolicyKind.SCP or gate is PolicyKind.RCP
            text = _explain.denial_message(p.arn, request.action, request.resource, gate, wording_explicit)
    missing = tuple(sorted(ev.missing)) if ev.missing else ()
    results = (r_id, r_bnd, r_ses, r_res, r_scp, r_rcp)
    return _new_decision(allowed, outcome, statements, gate, text, missing, results, request, policies)


_NO_SCANS_LEVELS: Final[list[list[_Scan]]] = []

# Callers whose decision, with identity policies alone, is the identity gate's result (a federated
# user also needs a session policy, the root user needs none).
_IDENTITY_ALONE: Final = frozenset({"user", "assumed_role"})


def _identity_alone(
    request: Request, policies: PolicySet, gate: GateStatements | None, ctx: RequestContext | None
) -> Decision:
    """``evaluate`` for a plan whose only gate is the identity one (``_Plan.alone``): any matching Deny
    denies explicitly, else any matching Allow allows, else the identity gate denies implicitly. The
    same statements are tried in the same order as ``_scan`` does, without its bookkeeping."""
    resource = request.resource
    allows: list[tuple[MatchedStatement]] = []
    denies: list[tuple[MatchedStatement]] = []
    missing: set[str] = set()
    if gate is not None:
        if ctx is None:
            ctx = as_context(request.context)
        ctx_fn = ctx.itself
        for named, candidates in gate.reach(resource):
            for st in candidates:
                # The ARN is not split up front: patterns with a literal account and service, the
                # usual kind, match without its parts.
                if not st.resource_matcher.match(resource, None, ctx_fn, missing):
                    continue
                if st.conditions and not _holds(st, ctx, missing):
                    continue
                (denies if st.effect == "Deny" else allows).append(named.matched_alone(st))
    d = _Unfrozen()
    if denies:
        d.allowed = False
        d.outcome = d.identity = EXPLICIT_DENY
        d.denied_by = PolicyKind.IDENTITY
        d.statements = _listed(denies)
        d.message = _explain.denial_message(
            request.principal.arn, request.action, resource, PolicyKind.IDENTITY, True
        )
    elif allows:
        d.allowed = True
        d.outcome = d.identity = ALLOWED
        d.denied_by = None
        d.statements = allows[0] if len(allows) == 1 else _listed(allows)
        d.message = ""
    else:
        d.allowed = False
        d.outcome = d.identity = IMPLICIT_DENY
        d.denied_by = PolicyKind.IDENTITY
        d.statements = ()
        d.message = _explain.denial_message(
            request.principal.arn, request.action, resource, PolicyKind.IDENTITY, False
        )
    d.missing_context_keys = tuple(sorted(missing)) if missing else ()
    d.boundary = d.session = d.resource = d.scp = d.rcp = NOT_APPLICABLE
    d.request = request
    d.policies = policies
    _as_decision(d, "__class__", Decision)
    return d  # type: ignore[return-value]


def _gates(
    rcps: list[list[_Scan]],
    scps: list[list[_Scan]],
    res_gate: PolicyKind,
    res: list[_Scan],
    ids: list[_Scan],
    bnd: list[_Scan],
    ses: list[_Scan],
) -> tuple[tuple[PolicyKind, list[_Scan]], ...]:
    """The scans of each gate, in the order of reference §1.2."""
    return (
        (PolicyKind.RCP, [s for level in rcps for s in level]),
        (PolicyKind.SCP, [s for level in scps for s in level]),
        (res_gate, res),
        (PolicyKind.IDENTITY, ids),
        (PolicyKind.BOUNDARY, bnd),
        (PolicyKind.SESSION, ses),
    )


def _verdict(
    policies: PolicySet, p: Principal, rbp: int, res_gate: PolicyKind, r_id: str, r_bnd: str, r_ses: str
) -> PolicyKind | None:
    """Gates 4-7 (table 1.3, §1.4, §1.5): None to allow, else the gate to blame for the implicit deny."""
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
            # Role trust and KMS key policies must allow the caller themselves (§1.5).
            return res_gate
        if caller_ok:
            return None
        if rbp == CAPPED:
            # The resource policy stood in for the identity policy; what failed is the cap.
            return PolicyKind.BOUNDARY if not pb_ok else PolicyKind.SESSION
        return first_failing
    # Cross-account (§1.4): the resource side must name the caller, its role/session or its account,
    # and the caller's own account must allow as well.
    if rbp != NO_MATCH:
        return None if caller_ok else first_failing
    return res_gate if policies.resource_must_allow or caller_ok else first_failing


def _describe(st: Statement) -> str:
    label = f"Sid {st.sid}" if st.sid else f"statement #{st.index}"
    return f"{label} (line {st.start.line}, column {st.start.column})"


def _reports(request: Request, policies: PolicySet) -> list[_explain.PolicyReport]:
    ev = _Eval(request, policies.boundary is not None)
    out: list[_explain.PolicyReport] = []
    res_gate = PolicyKind.TRUST if policies.resource and policies.resource.kind is PolicyKind.TRUST else None
    groups: list[tuple[PolicyKind, tuple[NamedPolicy, ...], bool]] = [
        (PolicyKind.RCP, tuple(n for level in policies.rcps for n in level), True),
        (PolicyKind.SCP, tuple(n for level in policies.scps for n in level), False),
        (res_gate or PolicyKind.RESOURCE, (policies.resource,) if policies.resource else (), True),
        (PolicyKind.IDENTITY, policies.identity, False),
        (PolicyKind.BOUNDARY, (policies.boundary,) if policies.boundary else (), False),
        (PolicyKind.SESSION, policies.session or (), False),
    ]
    for gate, named, with_principal in groups:
        for n in named:
            s = _scan(n, ev, with_principal) or _Scan(n)
            out.append(
                _explain.PolicyReport(
                    gate=gate,
                    name=n.name,
                    kind=n.kind,
                    allows=tuple(_describe(st) for st in s.allows),
                    denies=tuple(_describe(st) for st in s.denies),
                )
            )
    return out
