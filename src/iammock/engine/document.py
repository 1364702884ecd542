"""Policy documents: IAM's validation (messages, stage order) and compilation to an immutable Policy."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ..errors import AwsError
from . import validate
from .conditions import Condition, compile_condition, condition_variable_keys
from .context import RequestContext
from .jsonpos import JsonError, LineIndex, Position, PositionedObject, loads
from .kinds import PolicyKind
from .match import (
    ActionMatcher,
    ArnPattern,
    PrincipalSpec,
    Tokens,
    action_service,
    arn_pattern,
    build_principal_spec,
    tokenize,
)
from .variables import Template, assemble, parse_template, resolve_values

VERSION_2012 = "2012-10-17"
VERSION_2008 = "2008-10-17"


def malformed(message: str) -> AwsError:
    return AwsError("MalformedPolicyDocument", message, 400)


CtxFn = Callable[[], RequestContext]


class _Dynamic:
    """A Resource entry with variables: its ARN head, and the pattern for each combination of values met."""

    __slots__ = ("patterns", "prefix", "template")

    def __init__(self, prefix: str, template: Template) -> None:
        # The head keeps its wildcards ("arn:aws:iam::*:", as in AWS's own self-service examples):
        # it is tokenized like any pattern, only the resource part holds variables.
        self.prefix: Tokens = tokenize(prefix)
        self.template = template
        # A statement meets the same few values decision after decision: compile each pattern once.
        self.patterns: dict[tuple[str, ...], ArnPattern] = {}

    def pattern(self, values: tuple[str, ...]) -> ArnPattern:
        found = self.patterns.get(values)
        if found is None:
            if len(self.patterns) >= 256:
                self.patterns.clear()
            found = self.patterns[values] = arn_pattern((*self.prefix, *assemble(self.template, values)))
        return found


class ResourceMatcher:
    """A statement's Resource / NotResource list, with variables in the resource part (2012 only)."""

    __slots__ = ("_any", "_dynamic", "_negate", "_static", "keys")

    def __init__(self, patterns: tuple[str, ...] | None, negate: bool, variables: bool) -> None:
        self._negate = negate
        # No Resource at all (trust policies): the statement is about the resource it is attached to.
        self._any = patterns is None or (not negate and "*" in patterns)
        static: list[ArnPattern] = []
        dynamic: list[_Dynamic] = []
        keys: list[str] = []
        for p in patterns or ():
            parts = p.split(":", 5)
            template = parse_template(parts[5]) if variables and len(parts) == 6 else None
            if template is None:
                static.append(arn_pattern(p))
            else:
                dynamic.append(_Dynamic(":".join(parts[:5]) + ":", template))
                keys.extend(template.keys)
        self._static = tuple(static)
        self._dynamic = tuple(dynamic)
        self.keys = tuple(keys)

    def match(self, arn: str, parts: list[str] | None, ctx: CtxFn, missing: set[str] | None) -> bool:
        if self._any:
            return True
        for p in self._static:
            if p.match(arn, parts):
                return not self._negate
        if self._dynamic:
            c = ctx()
            for d in self._dynamic:
                values = resolve_values(d.template, c, missing)
                # An entry whose variable cannot be resolved matches nothing ("IAM policy elements:
                # Variables and tags", policy variables with no value,
                # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-no-value).
                if values is not None and d.pattern(values).match(arn, parts):
                    return not self._negate
        return self._negate


@dataclass(frozen=True, slots=True)
class Statement:
    index: int  # 0-based position in the Statement list
    sid: str | None
    effect: str  # "Allow" | "Deny"
    actions: tuple[str, ...] | None
    not_actions: tuple[str, ...] | None
    resources: tuple[str, ...] | None
    not_resources: tuple[str, ...] | None
    principal: PrincipalSpec | None
    not_principal: PrincipalSpec | None
    conditions: tuple[Condition, ...]
    start: Position
    end: Position
    action_matcher: ActionMatcher = field(repr=False, compare=False)
    resource_matcher: ResourceMatcher = field(repr=False, compare=False)

    @property
    def sid_or_index(self) -> str | int:
        return self.sid if self.sid else self.index

    @property
    def is_deny(self) -> bool:
        return self.effect == "Deny"

    def matches_action(self, action_lower: str) -> bool:
        hit = self.action_matcher.match(action_lower)
        return hit if self.actions is not None else not hit


_MEMO_LIMIT = 4096


@dataclass(frozen=True, eq=False)
class Policy:
    text: str
    kind: PolicyKind
    version: str | None
    id: str | None
    statements: tuple[Statement, ...]
    principal_arns: frozenset[str]  # user and role ARNs named in Principal / NotPrincipal (pinnable)
    aws_principals: tuple[str, ...]  # every "AWS" principal value, as written
    context_keys: tuple[str, ...]  # condition keys and variables, first spelling, in order of appearance
    spellings: tuple[str, ...]  # the same keys in every spelling they are written in (what lookups use)
    _index: Mapping[str, tuple[Statement, ...]] = field(repr=False)
    _wild: tuple[Statement, ...] = field(repr=False)
    _memo: dict[str, tuple[Statement, ...]] = field(default_factory=dict, repr=False)
    _pinned: dict[tuple[tuple[str, str], ...], Policy] = field(default_factory=dict, repr=False)

    @property
    def variables(self) -> bool:
        return self.version == VERSION_2012

    def candidates(self, action_lower: str) -> tuple[Statement, ...]:
        """Statements whose Action/NotAction clause matches (memoised per action), in document order."""
        hit = self._memo.get(action_lower)
        if hit is None:
            pool = self._index.get(action_lower.partition(":")[0], self._wild)
            hit = tuple(st for st in pool if st.matches_action(action_lower))
            if len(self._memo) >= _MEMO_LIMIT:
                self._memo.clear()
            self._memo[action_lower] = hit
        return hit

    def pinned(self, pins: Mapping[str, str]) -> Policy:
        """A copy in which each user/role ARN in ``pins`` only matches the entity with that unique ID."""
        if not pins or not (self.principal_arns & pins.keys()):
            return self
        key = tuple(sorted((arn, pins[arn]) for arn in self.principal_arns & pins.keys()))
        found = self._pinned.get(key)
        if found is None:
            found = self._pinned[key] = self._pin(dict(key))
        return found

    def _pin(self, pins: Mapping[str, str]) -> Policy:
        statements = tuple(
            dataclasses.replace(
                st,
                principal=st.principal.pinned(pins) if st.principal else None,
                not_principal=st.not_principal.pinned(pins) if st.not_principal else None,
            )
            for st in self.statements
        )
        return _assemble(self.text, self.kind, self.version, self.id, statements)


def _assemble(
    text: str, kind: PolicyKind, version: str | None, pid: str | None, statements: tuple[Statement, ...]
) -> Policy:
    services: dict[str, None] = {}
    for st in statements:
        if st.actions is not None:
            for a in st.actions:
                svc = action_service(a)
                if svc is not None:
                    services[svc] = None
    wild = tuple(st for st in statements if _bucket(st) is None)
    index = {
        svc: tuple(st for st in statements if (b := _bucket(st)) is None or svc in b) for svc in services
    }
    arns: set[str] = set()
    aws: list[str] = []
    spellings: dict[str, None] = {}  # every key as written, in order of appearance
    for st in statements:
        for spec in (st.principal, st.not_principal):
            if spec is not None:
                arns |= spec.user_role_arns
        for c in st.conditions:
            spellings[c.key] = None
            spellings.update(dict.fromkeys(condition_variable_keys(c, version == VERSION_2012)))
        spellings.update(dict.fromkeys(st.resource_matcher.keys))
    keys: dict[str, str] = {}
    for k in spellings:
        keys.setdefault(k.lower(), k)
    for st in statements:
        aws.extend(_aws_values(st))
    return Policy(
        text=text,
        kind=kind,
        version=version,
        id=pid,
        statements=statements,
        principal_arns=frozenset(arns),
        aws_principals=tuple(dict.fromkeys(aws)),
        context_keys=tuple(keys.values()),
        spellings=tuple(spellings),
        _index=index,
        _wild=wild,
    )


def _bucket(st: Statement) -> frozenset[str] | None:
    """Services a statement can match, or None when it may match any (``*``, ``i*:…``, NotAction)."""
    if st.actions is None:
        return None
    out: set[str] = set()
    for a in st.actions:
        svc = action_service(a)
        if svc is None:
            return None
        out.add(svc)
    return frozenset(out)


def _aws_values(st: Statement) -> list[str]:
    out: list[str] = []
    for spec in (st.principal, st.not_principal):
        if spec is None:
            continue
        if spec.any:
            out.append("*")
        out.extend(sorted(spec.accounts))
        for group in (spec.users, spec.roles, spec.sessions, spec.unique_ids, spec.others):
            out.extend(sorted(group))
        out.extend(a for a, _ in spec.pinned_users)
        out.extend(a for a, _ in spec.pinned_roles)
    return out


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return (value,)
    assert isinstance(value, list)
    return tuple(str(v) for v in value)


@lru_cache(maxsize=4096)
def parse_policy(text: str, kind: PolicyKind, partition: str | None = "aws") -> Policy:
    """Validate ``text`` as IAM does for ``kind`` and compile it; raises AwsError MalformedPolicyDocument.

    ``partition``: where IAM validates the document; a Resource ARN must name it (or ``*``). None: a
    document validated when it was saved, whose partition is not checked again."""
    try:
        doc = loads(text)
    except (JsonError, RecursionError, ValueError):
        raise malformed(validate.SYNTAX) from None
    statements = validate.validate(doc, kind, partition)
    assert isinstance(doc, dict)
    version = doc.get("Version")
    variables = version == VERSION_2012
    lines = LineIndex(text)
    compiled: list[Statement] = []
    for i, raw in enumerate(statements):
        assert isinstance(raw, PositionedObject)
        compiled.append(_compile_statement(i, raw, variables, lines))
    pid = doc.get("Id")
    return _assemble(
        text,
        kind,
        version if isinstance(version, str) else None,
        pid if isinstance(pid, str) else None,
        tuple(compiled),
    )


def _compile_statement(index: int, raw: PositionedObject, variables: bool, lines: LineIndex) -> Statement:
    actions = _strings(raw.get("Action"))
    not_actions = _strings(raw.get("NotAction"))
    resources = _strings(raw.get("Resource"))
    not_resources = _strings(raw.get("NotResource"))
    conditions: list[Condition] = []
    block = raw.get("Condition")
    if isinstance(block, dict):
        for op_name, pairs in block.items():
            assert isinstance(pairs, dict)
            for key, value in pairs.items():
                cond = compile_condition(op_name, key, value, variables)
                if cond is not None:
                    conditions.append(cond)
    principal = raw.get("Principal")
    not_principal = raw.get("NotPrincipal")
    sid = raw.get("Sid")
    effect = raw.get("Effect")
    assert isinstance(effect, str)
    return Statement(
        index=index,
        sid=sid if isinstance(sid, str) and sid else None,
        effect=effect,
        actions=actions,
        not_actions=not_actions,
        resources=resources,
        not_resources=not_resources,
        principal=build_principal_spec(principal) if principal is not None else None,
        not_principal=build_principal_spec(not_principal) if not_principal is not None else None,
        conditions=tuple(conditions),
        start=lines.position(raw.start),
        end=lines.position(raw.end),
        action_matcher=ActionMatcher(actions if actions is not None else not_actions or ()),
        resource_matcher=ResourceMatcher(
            resources if resources is not None else not_resources,
            resources is None and not_resources is not None,
            variables,
        ),
    )


# ---------------------------------------------------------------------------------------------- sizes

MANAGED_POLICY_QUOTA = 6144
INLINE_QUOTAS: Mapping[str, int] = {"user": 2048, "group": 5120, "role": 10240}
TRUST_POLICY_QUOTA = 2048

_WHITESPACE = str.maketrans("", "", " \t\n\r")


def policy_size(text: str) -> int:
    """Characters excluding whitespace, as IAM counts them against its quotas ("IAM and AWS STS quotas",
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)."""
    return len(text.translate(_WHITESPACE))


def limit_exceeded(message: str) -> AwsError:
    return AwsError("LimitExceeded", message, 409)


def check_managed_policy_size(text: str) -> None:
    if policy_size(text) > MANAGED_POLICY_QUOTA:
        raise limit_exceeded(f"Cannot exceed quota for PolicySize: {MANAGED_POLICY_QUOTA}")


def check_inline_policy_sizes(
    owner_type: str, owner_name: str, documents: list[str] | tuple[str, ...]
) -> None:
    """``owner_type``: "user", "group" or "role"; ``documents``: all its inline policies after the write."""
    quota = INLINE_QUOTAS[owner_type]
    if sum(policy_size(d) for d in documents) > quota:
        raise limit_exceeded(f"Maximum policy size of {quota} bytes exceeded for {owner_type} {owner_name}")


def check_trust_policy_size(text: str, quota: int = TRUST_POLICY_QUOTA) -> None:
    if policy_size(text) > quota:
        raise limit_exceeded(f"Cannot exceed quota for ACLSizePerRole: {quota}")


def invalid_principal(key: str, value: str) -> AwsError:
    """What IAM says when a trust policy names a principal that does not exist ("AWS JSON policy
    elements: Principal", IAM roles, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html)."""
    return malformed(f'Invalid principal in policy: "{key}":"{value}"')
