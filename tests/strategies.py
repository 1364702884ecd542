"""Hypothesis strategies for operation *inputs*, built from botocore's IAM and STS input shapes.

Valid and invalid values on purpose: strings at, just under and just beyond their length limits,
strings matching and violating the model's pattern, odd Unicode, wrong enum values, lists at and
beyond their limits, numbers at and beyond their ranges, ARNs of other accounts, and — through
``pools`` — names and ARNs of entities that exist, so calls reach real code paths and not only
``NoSuchEntity``. botocore's own client validation (required members, types, ``min``) will reject some
of what is drawn with ``ParamValidationError``; callers accept that.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from iammock.hook.params import _translate

OTHER_ACCOUNT = "210987654321"

# Characters that stress escaping, normalisation and regex classes; plus any non-surrogate code point.
_ODD = st.sampled_from(
    [
        "",
        " ",
        "\t",
        "\n",
        "é",
        "É",
        "ß",
        "İ",
        "ǅ",
        "日本",
        "😀",
        "\u200b",
        "\u202e",
        "\ufeff",
        "\x00",
        "\x7f",
        "\u2028",
        "&<>\"'",
        "]]>",
        "%00",
        "../",
        "*",
        "?",
        "${aws:username}",
        "\\",
        "Ω" * 3,
    ]
)
_CHARS = st.characters(blacklist_categories=["Cs"])
ODD_TEXT = st.lists(st.one_of(_ODD, _CHARS), max_size=10).map("".join)

_ALLOW_ALL = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
_TRUST_ROOT = {
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
            "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
        }
    ],
}
_SMALL_DOCS = [
    json.dumps(_ALLOW_ALL),
    json.dumps(_TRUST_ROOT),
    json.dumps(
        {"Version": "2012-10-17", "Statement": {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}}
    ),
    '{"Version": "2012-10-17", "Statement": []}',
    "{}",
    "[]",
    "",
    "null",
    "not json",
    '{"Version": "2012-10-17", "Version": "2008-10-17", "Statement": []}',
    '{"Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Condition": {"Bogus": {}}}]}',
]
POLICY_TEXT = st.one_of(
    st.sampled_from(_SMALL_DOCS),
    st.dictionaries(
        ODD_TEXT, st.one_of(ODD_TEXT, st.integers(), st.lists(ODD_TEXT, max_size=2)), max_size=3
    ).map(json.dumps),
    st.integers(0, 3000).map(lambda n: json.dumps({**_ALLOW_ALL, "Id": "x" * n})),
)

_TIMES = st.one_of(
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 1, 1), timezones=st.just(UTC)),
    st.sampled_from([datetime(2000, 1, 1, tzinfo=UTC), datetime.now(UTC) + timedelta(days=1)]),
)


def _is_policy_member(shape: Any, member: str) -> bool:
    return "policyDocument" in shape.name or member.endswith("PolicyDocument") or member == "Policy"


def _pattern_strategy(pattern: str, low: int, high: int) -> st.SearchStrategy[str] | None:
    """Strings the model's pattern (Java) matches, within the length limits; None if not expressible."""
    key = (pattern, low, high)
    if key not in _PATTERN_CACHE:
        _PATTERN_CACHE[key] = _build_pattern_strategy(pattern, low, high)
    return _PATTERN_CACHE[key]


_PATTERN_CACHE: dict[tuple[str, int, int], st.SearchStrategy[str] | None] = {}


def _build_pattern_strategy(pattern: str, low: int, high: int) -> st.SearchStrategy[str] | None:
    translated = _translate(pattern)
    # \p{..} is beyond Python's re; and classes spanning most of Unicode ("printable unicode" in the STS
    # models) take hypothesis minutes to set up. The length-edge strings cover those patterns.
    if "\\p{" in translated or "\\P{" in translated or "\\U0001" in translated:
        return None
    try:
        compiled = re.compile(translated)
        strategy = st.from_regex(compiled, fullmatch=True)
    except Exception:  # hypothesis cannot generate from every construct; fall back to other sources
        return None
    return strategy.filter(lambda s: low <= len(s) <= high)


class InputStrategies:
    """One strategy per (shape, member name); ``pools`` maps member names to values that exist."""

    def __init__(self, pools: Mapping[str, Sequence[Any]] | None = None, max_list: int = 3) -> None:
        self._pools = {k: list(v) for k, v in (pools or {}).items() if v}
        self._cache: dict[tuple[str, str], st.SearchStrategy[Any]] = {}
        self._max_list = max_list

    def for_operation(self, operation_model: Any) -> st.SearchStrategy[dict[str, Any]]:
        shape = operation_model.input_shape
        if shape is None:
            return st.just({})
        return self.for_shape(shape, "")

    def for_shape(self, shape: Any, member: str) -> st.SearchStrategy[Any]:
        key = (shape.name, member)
        if key not in self._cache:
            self._cache[key] = st.deferred(lambda: self._build(shape, member))
        return self._cache[key]

    def _pool(self, member: str) -> list[Any] | None:
        if member in self._pools:
            return self._pools[member]
        for suffix in ("Arn", "Name", "Id"):
            if member.endswith(suffix) and f"*{suffix}" in self._pools:
                return self._pools[f"*{suffix}"]
        return None

    def _build(self, shape: Any, member: str) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        if kind == "structure":
            required = set(shape.required_members)
            mandatory = {n: self.for_shape(m, n) for n, m in shape.members.items() if n in required}
            optional = {n: self.for_shape(m, n) for n, m in shape.members.items() if n not in required}
            return st.fixed_dictionaries(mandatory, optional=optional)
        if kind == "list":
            return self._list(shape, member)
        if kind == "map":
            return st.dictionaries(
                self.for_shape(shape.key, member),
                self.for_shape(shape.value, member),
                max_size=self._max_list,
            )
        if kind == "string":
            return self._string(shape, member)
        if kind in ("integer", "long"):
            low, high = shape.metadata.get("min"), shape.metadata.get("max")
            edges = [0, 1, -1, 2**31 - 1, -(2**31), 2**63 - 1]
            for bound in (low, high):
                if bound is not None:
                    edges += [bound - 1, bound, bound + 1]
            inner = st.integers(low if low is not None else -1000, high if high is not None else 10**6)
            return st.one_of(st.sampled_from(edges), inner)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            return _TIMES
        if kind == "blob":
            high = shape.metadata.get("max") or 64
            return st.one_of(
                st.binary(max_size=32),
                st.sampled_from([b"", b"\x00" * min(high + 1, 100_000), b"-----BEGIN CERTIFICATE-----\n"]),
            )
        if kind in ("float", "double"):
            return st.floats(allow_nan=False, allow_infinity=False)
        raise NotImplementedError(kind)

    def _list(self, shape: Any, member: str) -> st.SearchStrategy[Any]:
        item = self.for_shape(shape.member, member)
        high = shape.metadata.get("max")
        small = st.lists(item, max_size=self._max_list)
        # Huge lists by repetition: drawing thousands of distinct items would only slow hypothesis down.
        sizes = [high, high + 1] if high is not None else [200]
        huge = st.tuples(item, st.sampled_from(sizes)).map(lambda pair: [pair[0]] * pair[1])
        return st.one_of(small, small, small, huge)

    def _string(self, shape: Any, member: str) -> st.SearchStrategy[str]:
        meta = shape.metadata
        enum = meta.get("enum")
        if enum:
            wrong = [enum[0].lower(), enum[0].upper() + "x", "", "Bogus"]
            return st.one_of(st.sampled_from(enum), st.sampled_from(enum), st.sampled_from(wrong))
        low, high = meta.get("min", 0), meta.get("max", 2048)
        options: list[st.SearchStrategy[str]] = []
        pool = self._pool(member)
        if pool:
            options += [st.sampled_from(pool)] * 3
        if _is_policy_member(shape, member):
            options += [POLICY_TEXT] * 2
        pattern = meta.get("pattern")
        matching = _pattern_strategy(pattern, low, high) if pattern else None
        if matching is not None:
            options.append(matching)
        edges = {max(low, 1), high, high + 1, max(low - 1, 0)}
        options.append(
            st.tuples(st.sampled_from(["a", "Z", "0", "é", "/", "😀"]), st.sampled_from(sorted(edges))).map(
                lambda pair: pair[0] * pair[1]
            )
        )
        options.append(ODD_TEXT)
        if member.endswith("Arn") or member.endswith("Arns") or member == "PermissionsBoundary":
            options.append(
                st.sampled_from(
                    [
                        f"arn:aws:iam::{OTHER_ACCOUNT}:policy/shared",
                        f"arn:aws:iam::{OTHER_ACCOUNT}:role/other",
                        f"arn:aws:iam::{OTHER_ACCOUNT}:user/someone",
                        "arn:aws:iam::aws:policy/ReadOnlyAccess",
                        "arn:aws:iam::aws:policy/NoSuchPolicy",
                        "arn:aws-cn:iam::123456789012:policy/x",
                        "arn:aws:s3:::bucket",
                        "arn:aws:iam::123456789012:",
                        "arn:",
                    ]
                )
            )
        return st.one_of(*options)
