"""Condition operators: families, IfExists, ForAnyValue/ForAllValues, missing keys ("IAM JSON policy
elements: Condition operators", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html)."""

from __future__ import annotations

import base64
import binascii
import ipaddress
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any, Final, cast

from .context import ContextScalar, RequestContext, to_text
from .match import ArnPattern, Glob, arn_pattern, compile_tokens, glob, split_arn, tokenize
from .variables import Template, parse_template, resolve, resolve_text

_NUMERIC: Final = {
    "NumericEquals": operator.eq,
    "NumericNotEquals": operator.eq,
    "NumericLessThan": operator.lt,
    "NumericLessThanEquals": operator.le,
    "NumericGreaterThan": operator.gt,
    "NumericGreaterThanEquals": operator.ge,
}
_DATE: Final = {
    "DateEquals": operator.eq,
    "DateNotEquals": operator.eq,
    "DateLessThan": operator.lt,
    "DateLessThanEquals": operator.le,
    "DateGreaterThan": operator.gt,
    "DateGreaterThanEquals": operator.ge,
}
_STRING: Final = frozenset(
    {
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
    }
)
_ARN: Final = frozenset({"ArnEquals", "ArnLike", "ArnNotEquals", "ArnNotLike"})
OPERATORS: Final = frozenset(
    _STRING
    | _ARN
    | set(_NUMERIC)
    | set(_DATE)
    | {"Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "Null"}
)
NEGATED: Final = frozenset(
    {
        "StringNotEquals",
        "StringNotEqualsIgnoreCase",
        "StringNotLike",
        "NumericNotEquals",
        "DateNotEquals",
        "NotIpAddress",
        "ArnNotEquals",
        "ArnNotLike",
    }
)
# Policy variables are honoured only with these ("IAM policy elements: Variables and tags", where you
# can use policy variables, https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-wheretouse).
VARIABLE_FAMILIES: Final = frozenset(_STRING | _ARN | {"Bool"})

SET_NONE: Final = 0
SET_ANY: Final = 1
SET_ALL: Final = 2


def split_operator(name: str) -> tuple[int, str, bool] | None:
    """(set mode, base operator, IfExists) or None when the name is not a known operator."""
    mode = SET_NONE
    rest = name
    if name.startswith("ForAnyValue:"):
        mode, rest = SET_ANY, name[len("ForAnyValue:") :]
    elif name.startswith("ForAllValues:"):
        mode, rest = SET_ALL, name[len("ForAllValues:") :]
    if_exists = False
    if rest.endswith("IfExists") and rest[: -len("IfExists")] in OPERATORS:
        rest, if_exists = rest[: -len("IfExists")], True
        if rest == "Null":
            return None
    if rest not in OPERATORS:
        return None
    return mode, rest, if_exists


# ---------------------------------------------------------------------------------------------- dates

# Joda's ISO parser, which IAM's legacy parser uses: date ['T' [time] [offset]]. A bare "T" is allowed
# ("01T", year 1, is saved by AWS: LocalStack's AWS-validated test_iam_policies.py, valid document 30).
_ISO_DATE = re.compile(
    r"^(-?\d{1,9})(?:-(\d{1,2})(?:-(\d{1,2}))?)?"
    r"(?:[Tt](?:(\d{1,2})(?::(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?)?)?)?"
    r"([Zz]|[+-]\d{2}(?::?\d{2})?)?$"
)


def legacy_date_ok(value: str) -> bool:
    """IAM's save-time date check: ISO-8601 within Joda's range, or a non-negative epoch ("IAM JSON
    policy elements: Condition operators", date condition operators,
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Date)."""
    if value.isdigit():
        return int(value) <= 9223372036854775807
    m = _ISO_DATE.match(value)
    if m is None:
        return False
    year, month, day, hh, mm, ss = (int(g) if g else None for g in m.groups()[:6])
    assert year is not None
    return (
        -292275054 <= year <= 292278993
        and (month is None or 1 <= month <= 12)
        and (day is None or 1 <= day <= 31)
        and (hh is None or hh <= 23)
        and (mm is None or mm <= 59)
        and (ss is None or ss <= 59)
    )


def parse_date(value: ContextScalar) -> float | None:
    """Seconds since the epoch for a policy or context date value; None when unparsable."""
    if isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return (value if value.tzinfo else value.replace(tzinfo=UTC)).timestamp()
    if isinstance(value, int | float):
        return float(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if text.isdigit():
        return float(int(text))
    m = _ISO_DATE.match(text)
    if m is None:
        return None
    year, month, day, hh, mm, ss = (int(g) if g else None for g in m.groups()[:6])
    frac, tz = m.group(7), m.group(8)
    try:
        dt = datetime(year or 1, month or 1, day or 1, hh or 0, mm or 0, ss or 0, tzinfo=UTC)
    except ValueError:
        return None
    seconds = dt.timestamp() + (float("0." + frac) if frac else 0.0)
    if tz and tz not in ("Z", "z"):
        sign = 1 if tz[0] == "+" else -1
        digits = tz[1:].replace(":", "")
        offset = int(digits[:2]) * 3600 + (int(digits[2:4]) * 60 if len(digits) >= 4 else 0)
        seconds -= sign * offset
    return seconds


def _decimal(value: ContextScalar) -> Decimal | None:
    if isinstance(value, bool | datetime | bytes):
        return None
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        return None
    return d if d.is_finite() else None


# ---------------------------------------------------------------------------------------------- tests

Tester = Callable[[ContextScalar, RequestContext, "set[str] | None"], bool]


def _string_tester(base: str, raw: tuple[str, ...], variables: bool) -> Tester:
    icase = "IgnoreCase" in base
    like = "Like" in base
    static: set[str] = set()
    globs: list[Glob] = []
    templates: list[Template] = []
    for v in raw:
        t = parse_template(v) if variables else None
        if t is not None:
            templates.append(t)
        elif like:
            globs.append(glob(v))
        else:
            static.add(v.lower() if icase else v)
    frozen = frozenset(static)
    globs_t = tuple(globs)
    templates_t = tuple(templates)

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        text = to_text(value)
        cmp = text.lower() if icase else text
        if cmp in frozen or (globs_t and any(g.match(text) for g in globs_t)):
            return True
        for t in templates_t:
            if like:
                tokens = resolve(t, ctx, missing)
                if tokens is not None and compile_tokens(tokens).match(text):
                    return True
            else:
                s = resolve_text(t, ctx, missing)
                if s is not None and (s.lower() if icase else s) == cmp:
                    return True
        return False

    return test


def _arn_tester(raw: tuple[str, ...], variables: bool) -> Tester:
    static: list[ArnPattern] = []
    templates: list[Template] = []
    for v in raw:
        t = parse_template(v) if variables else None
        if t is not None:
            templates.append(t)
        else:
            static.append(arn_pattern(v, False))
    static_t, templates_t = tuple(static), tuple(templates)

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        text = to_text(value)
        parts = split_arn(text)
        if any(p.match(text, parts) for p in static_t):
            return True
        for t in templates_t:
            tokens = resolve(t, ctx, missing)
            if tokens is not None and arn_pattern(tokens, False).match(text, parts):
                return True
        return False

    return test


def _bool_tester(raw: tuple[str, ...], variables: bool) -> Tester:
    static = frozenset(v.lower() for v in raw if not (variables and parse_template(v)))
    templates = tuple(t for v in raw if variables and (t := parse_template(v)) is not None)

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        text = to_text(value).lower()
        if text in static:
            return True
        for t in templates:
            s = resolve_text(t, ctx, missing)
            if s is not None and s.lower() == text:
                return True
        return False

    return test


def _ordered_tester(
    raw: tuple[str, ...], parse: Callable[[ContextScalar], Any], cmp: Callable[[Any, Any], Any]
) -> Tester:
    wanted = tuple(p for p in (parse(v) for v in raw) if p is not None)

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        got = parse(value)
        return got is not None and any(cmp(got, w) for w in wanted)

    return test


def _binary_tester(raw: tuple[str, ...]) -> Tester:
    wanted: set[bytes] = set()
    for v in raw:
        try:
            wanted.add(base64.b64decode(v, validate=True))
        except (binascii.Error, ValueError):
            continue

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        if isinstance(value, bytes):
            return value in wanted
        try:
            return base64.b64decode(to_text(value), validate=True) in wanted
        except (binascii.Error, ValueError):
            return False

    return test


@lru_cache(maxsize=4096)
def _address(text: str) -> tuple[int, int] | None:
    """(IP version, address as an integer) for a context value, or None when it is not an address."""
    try:
        addr = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return addr.version, int(addr)


def _ip_tester(raw: tuple[str, ...]) -> Tester:
    # Networks as (version, network bits, mask): membership is one AND and one compare.
    nets: list[tuple[int, int, int]] = []
    for v in raw:
        try:
            n = ipaddress.ip_network(v.strip(), strict=False)
        except ValueError:
            continue
        nets.append((n.version, int(n.network_address), int(n.netmask)))
    nets_t = tuple(nets)
    # Per address met: a caller's source address is the same call after call.
    seen: dict[str, bool] = {}

    def inside(text: str) -> bool:
        addr = _address(text)
        if addr is None:
            return False
        version, bits = addr
        for v, net, mask in nets_t:  # noqa: SIM110 - a loop, not any(): no generator per test
            if v == version and bits & mask == net:
                return True
        return False

    def test(value: ContextScalar, ctx: RequestContext, missing: set[str] | None) -> bool:
        if type(value) is not str:
            return inside(to_text(value))
        found = seen.get(value)
        if found is None:
            if len(seen) >= 256:
                seen.clear()
            found = seen[value] = inside(value)
        return found

    return test


def _tester(base: str, raw: tuple[str, ...], variables: bool) -> Tester:
    if base in _STRING:
        return _string_tester(base, raw, variables)
    if base in _ARN:
        return _arn_tester(raw, variables)
    if base == "Bool":
        return _bool_tester(raw, variables)
    if base in _NUMERIC:
        return _ordered_tester(raw, _decimal, _NUMERIC[base])
    if base in _DATE:
        return _ordered_tester(raw, parse_date, _DATE[base])
    if base == "BinaryEquals":
        return _binary_tester(raw)
    return _ip_tester(raw)


def condition_value_text(value: object) -> str:
    """Condition values may be written unquoted (numbers, JSON booleans); AWS reads them as strings."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return value if isinstance(value, str) else str(value)


@dataclass(frozen=True, slots=True)
class Condition:
    operator: str  # as written, e.g. "ForAllValues:StringLikeIfExists"
    base: str  # e.g. "StringLike"
    key: str  # as written
    values: tuple[str, ...]
    set_mode: int
    if_exists: bool
    negated: bool
    key_lower: str = field(repr=False)
    _test: Tester | None = field(repr=False, compare=False)
    # ``_test`` when the operator is a plain one (no set qualifier), else None: the common case in one test.
    _plain: Tester | None = field(default=None, repr=False, compare=False)

    def evaluate(self, ctx: RequestContext, missing: set[str] | None = None) -> bool:
        raw = ctx.lookup(self.key, self.key_lower)
        plain = self._plain
        # (isinstance with a tuple, not with list | tuple: a union is the slower test)
        if plain is not None and raw is not None and not isinstance(raw, (list, tuple)):
            # One value and a plain operator (raw is a scalar here; no cast(): it is a call).
            return plain(raw, ctx, missing) != self.negated  # type: ignore[arg-type]
        test = self._test
        multi = isinstance(raw, (list, tuple))
        present = raw is not None and not (multi and len(raw) == 0)  # type: ignore[arg-type]
        if test is None:  # Null
            return any((v.lower() == "true") != present for v in self.values)
        if not present:
            if missing is not None:
                missing.add(self.key)
            if self.set_mode == SET_ANY:
                return False
            if self.set_mode == SET_ALL or self.if_exists:
                return True
            return self.negated
        negated = self.negated
        if self.set_mode == SET_NONE:
            if not multi:
                return test(cast(ContextScalar, raw), ctx, missing) != negated
            # A plain operator on a genuinely multi-valued value is false, as the IAM policy simulator
            # answers (multivalued keys need a set operator: "Single-valued vs. multivalued context keys",
            # https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html).
            if len(raw) != 1:  # type: ignore[arg-type]
                return False
            return test(raw[0], ctx, missing) != negated  # type: ignore[index]
        items: tuple[ContextScalar, ...] = tuple(raw) if multi else (cast(ContextScalar, raw),)  # type: ignore[arg-type]
        if self.set_mode == SET_ANY:
            return any(test(v, ctx, missing) != negated for v in items)
        return all(test(v, ctx, missing) != negated for v in items)


def compile_condition(op_name: str, key: str, raw: object, variables: bool) -> Condition | None:
    """Compile one (operator, key, values) triple; None for an unknown operator (its block is empty)."""
    parsed = split_operator(op_name)
    if parsed is None:
        return None
    mode, base, if_exists = parsed
    items = raw if isinstance(raw, list) else [raw]
    values = tuple(condition_value_text(v) for v in items)
    tester = None if base == "Null" else _tester(base, values, variables and base in VARIABLE_FAMILIES)
    return Condition(
        operator=op_name,
        base=base,
        key=key,
        values=values,
        set_mode=mode,
        if_exists=if_exists,
        negated=base in NEGATED,
        key_lower=key.lower(),
        _test=tester,
        _plain=tester if mode == SET_NONE else None,
    )


def condition_variable_keys(cond: Condition, variables: bool) -> tuple[str, ...]:
    """Context keys referenced through ``${…}`` in the condition's values."""
    if not variables or cond.base not in VARIABLE_FAMILIES:
        return ()
    out: list[str] = []
    for v in cond.values:
        t = parse_template(v)
        if t is not None:
            out.extend(t.keys)
    return tuple(out)


__all__ = [
    "NEGATED",
    "OPERATORS",
    "Condition",
    "compile_condition",
    "condition_value_text",
    "legacy_date_ok",
    "parse_date",
    "split_operator",
    "tokenize",
]
