"""Wildcards and policy variables mixed in every ARN segment, against straightforward glob semantics.

The reference below is written from AWS's documentation, not from the engine:
- "IAM JSON policy elements: Resource": an ARN is six colon-separated segments; ``*`` (any run) and
  ``?`` (one character) may appear, several times, in every segment; everything after the fifth
  colon is one segment (a wildcard there also spans ``/`` and ``:``).
- "IAM policy elements: Variables and tags": variables are replaced by the request's values first, a
  value is literal text (``${*}``, ``${?}``, ``${$}`` are the literal characters), ``${key, 'default'}``
  uses the default when the key is missing, and an entry whose variable cannot be resolved matches
  nothing. In ``Resource`` a variable is substituted only in the resource part, after the fifth colon;
  in ``ArnLike`` condition values anywhere.
- "IAM JSON policy elements: Condition operators" (ARN operators): segment by segment, case-sensitive.

Generated ARNs keep their first five segments in lower case, so the answer does not depend on whether
those compare ignoring case (the engine's choice for Resource, which AWS does not document).

Each policy holds enough statements for the engine to index them by resource prefix; the answer is
checked against the reference and against the engine trying every statement.
"""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Request, authorize, index, parse_policy

from .helpers import USER

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

UN, TEAM = "aws:username", "aws:PrincipalTag/team"
# Variables as written in a policy: (text, key or None for an escape, default, literal for an escape).
VARIABLES: list[tuple[str, str | None, str | None, str]] = [
    ("${aws:username}", UN, None, ""),
    ("${aws:PrincipalTag/team}", TEAM, None, ""),
    ("${aws:PrincipalTag/team, 'dflt'}", TEAM, "dflt", ""),
    ("${*}", None, None, "*"),
    ("${?}", None, None, "?"),
    ("${$}", None, None, "$"),
]
HEAD_TEXT = ["a", "b", "ab", "us", "-", "1", "0"]
TAIL_TEXT = ["a", "B", "x1", "/", "-", ":", "."]
VALUES = ["a", "ab", "B", "x1", "", "*", "?", "a/b"]

Piece = tuple[str, Any]  # ("lit", text) | ("*", None) | ("?", None) | ("var", index into VARIABLES)


def pieces(text: list[str], variables: bool) -> st.SearchStrategy[list[Piece]]:
    one: st.SearchStrategy[Piece] = st.one_of(
        st.tuples(st.just("lit"), st.sampled_from(text)),
        st.tuples(st.sampled_from(["*", "?"]), st.none()),
    )
    if variables:
        one = one | st.tuples(st.just("var"), st.integers(0, len(VARIABLES) - 1))
    return st.lists(one, max_size=4)


def write(segment: list[Piece]) -> str:
    out = []
    for kind, arg in segment:
        out.append(arg if kind == "lit" else VARIABLES[arg][0] if kind == "var" else kind)
    return "".join(out)


def reference_regex(segment: list[Piece], context: dict[str, str]) -> str | None:
    """The segment as a regex: variables replaced by their (literal) values; None when unresolvable."""
    out = []
    for kind, arg in segment:
        if kind == "lit":
            out.append(re.escape(arg))
        elif kind == "*":
            out.append(".*")
        elif kind == "?":
            out.append(".")
        else:
            _, key, default, literal = VARIABLES[arg]
            if key is None:
                out.append(re.escape(literal))
                continue
            value = context.get(key, default)
            if value is None:
                return None
            out.append(re.escape(value))
    return "".join(out)


def reference_match(segments: list[list[Piece]], arn: str, context: dict[str, str]) -> bool:
    """An ArnLike value: variables substituted in every segment, then segment by segment."""
    parts = arn.split(":", 5)
    if len(parts) != 6:
        return False
    for segment, part in zip(segments, parts, strict=True):
        rx = reference_regex(segment, context)
        if rx is None or re.fullmatch(rx, part, re.DOTALL) is None:
            return False
    return True


def instantiate(segment: list[Piece], context: dict[str, str], draw: st.DrawFn, tail: bool) -> str:
    """A text the segment probably matches (so that matches are common), sometimes nudged."""
    out = []
    for kind, arg in segment:
        if kind == "lit":
            out.append(arg)
        elif kind == "*":
            out.append(draw(st.sampled_from(["", "a", "zz", "a:b", "/"])))
        elif kind == "?":
            out.append(draw(st.sampled_from(["a", "Z", ":"])))
        else:
            _, key, default, literal = VARIABLES[arg]
            out.append(literal if key is None else context.get(key, default or "a"))
    text = "".join(out)
    if draw(st.integers(0, 4)) == 0:
        text = draw(st.sampled_from(["", "x", text + "x", text[1:], text.upper() if tail else text]))
    return text


@st.composite
def contexts(draw: st.DrawFn) -> dict[str, str]:
    return draw(
        st.fixed_dictionaries({}, optional={UN: st.sampled_from(VALUES), TEAM: st.sampled_from(VALUES)})
    )


@st.composite
def resource_patterns(draw: st.DrawFn) -> list[list[Piece]]:
    """Six segments for a Resource entry IAM saves: a known partition and service, anything else after.

    Region and account may hold a variable too, which AWS does not substitute there (and whose own
    colon then moves the fifth colon of the text)."""
    service = draw(st.sampled_from(["sqs", "dynamodb", "sns"]))
    heads = [[("lit", "arn")], [("lit", "aws")], [("lit", service)]]
    head_pieces = pieces(HEAD_TEXT, variables=False) | st.lists(
        st.tuples(st.just("lit"), st.sampled_from(HEAD_TEXT))
        | st.tuples(st.just("*"), st.none())
        | st.tuples(st.just("var"), st.integers(0, 2)),
        max_size=3,
    )
    heads += [draw(head_pieces) for _ in range(2)]
    return [*heads, draw(pieces(TAIL_TEXT, variables=True))]


_RESOURCE_PART = re.compile(r"(\$\{[^}]*\}|\*|\?)")
_HEAD_PART = re.compile(r"(\*|\?)")
_DEFAULTED = re.compile(r"^\s*(.*?)\s*,\s*'([^']*)'\s*$")


def _variable(inner: str, context: dict[str, str]) -> str | None:
    """What ``${inner}`` stands for: an escape's character, the key's value, its default, or None."""
    if inner in ("*", "?", "$"):
        return inner
    m = _DEFAULTED.match(inner)
    key, default = (m.group(1), m.group(2)) if m else (inner.strip(), None)
    return context.get(key, default)


def _raw_regex(text: str, context: dict[str, str] | None) -> str | None:
    """``text`` as a regex; variables substituted (literally) when ``context`` is given."""
    out = []
    for piece in (_RESOURCE_PART if context is not None else _HEAD_PART).split(text):
        if piece == "*":
            out.append(".*")
        elif piece == "?":
            out.append(".")
        elif context is not None and piece.startswith("${") and piece.endswith("}"):
            value = _variable(piece[2:-1], context)
            if value is None:
                return None
            out.append(re.escape(value))
        else:
            out.append(re.escape(piece))
    return "".join(out)


def reference_resource_match(text: str, arn: str, context: dict[str, str]) -> bool:
    """A Resource entry as written: split at its first five colons, variables only after the fifth."""
    pattern, parts = text.split(":", 5), arn.split(":", 5)
    if len(pattern) != 6 or len(parts) != 6:
        return False
    for i, (segment, part) in enumerate(zip(pattern, parts, strict=True)):
        rx = _raw_regex(segment, context if i == 5 else None)
        if rx is None or re.fullmatch(rx, part, re.DOTALL) is None:
            return False
    return True


def instantiate_text(text: str, context: dict[str, str], draw: st.DrawFn) -> str:
    """An ARN the Resource entry probably matches, built from its text as AWS splits it."""
    out = []
    for i, segment in enumerate(text.split(":", 5)):
        built = []
        for piece in (_RESOURCE_PART if i == 5 else _HEAD_PART).split(segment):
            if piece == "*":
                built.append(draw(st.sampled_from(["", "a", "zz", "a:b" if i == 5 else "b", "/"])))
            elif piece == "?":
                built.append(draw(st.sampled_from(["a", "Z", ":" if i == 5 else "0"])))
            elif i == 5 and piece.startswith("${") and piece.endswith("}"):
                built.append(_variable(piece[2:-1], context) or "a")
            else:
                built.append(piece)
        segment_text = "".join(built)
        if draw(st.integers(0, 6)) == 0:
            segment_text = draw(st.sampled_from(["", "x", segment_text + "x", segment_text[1:]]))
        out.append(segment_text)
    return ":".join(out)


@st.composite
def condition_patterns(draw: st.DrawFn) -> list[list[Piece]]:
    segments = [[("lit", "arn")]]
    segments += [draw(pieces(HEAD_TEXT, variables=True)) for _ in range(4)]
    return [*segments, draw(pieces(TAIL_TEXT, variables=True))]


def policy(statements: list[dict[str, Any]]) -> NamedPolicy:
    text = json.dumps({"Version": "2012-10-17", "Statement": statements})
    return NamedPolicy(parse_policy(text, PolicyKind.INLINE), "p", PolicyKind.INLINE)


def decide_both_ways(request: Request, policies: PolicySet) -> bool:
    """The indexed answer, asserted equal to the answer of trying every statement."""
    indexed = authorize(request, policies)
    saved = index._INDEX_THRESHOLD
    index._INDEX_THRESHOLD = 10**9  # type: ignore[misc]
    try:
        plain = authorize(request, policies)
    finally:
        index._INDEX_THRESHOLD = saved  # type: ignore[misc]
    assert (indexed.outcome, indexed.statements, indexed.missing_context_keys) == (
        plain.outcome,
        plain.statements,
        plain.missing_context_keys,
    )
    return indexed.allowed


def _arn(segments: list[list[Piece]], context: dict[str, str], draw: st.DrawFn) -> str:
    return ":".join(instantiate(s, context, draw, i == 5) for i, s in enumerate(segments))


@SETTINGS
@given(st.data(), st.lists(resource_patterns(), min_size=1, max_size=12), contexts(), st.booleans())
def test_resource_globs_and_variables(
    data: st.DataObject, patterns: list[list[list[Piece]]], context: dict[str, str], negate: bool
) -> None:
    target = write_all(data.draw(st.sampled_from(patterns)))
    arn = data.draw(st.composite(lambda draw: instantiate_text(target, context, draw))())
    key = "NotResource" if negate else "Resource"
    # Ten statements at least, so that the engine indexes them; only the generated ones can allow.
    statements = [{"Effect": "Allow", "Action": "sqs:SendMessage", key: write_all(p)} for p in patterns]
    statements += [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": f"arn:aws:sqs:::nothing-{i}"}
                   for i in range(10 - len(statements))]  # fmt: skip
    hits = [reference_resource_match(write_all(p), arn, context) for p in patterns]
    expected = any(not h for h in hits) if negate else any(hits)
    allowed = decide_both_ways(
        Request(USER, "sqs:SendMessage", arn, dict(context)), PolicySet(identity=(policy(statements),))
    )
    assert allowed is expected


def write_all(segments: list[list[Piece]]) -> str:
    return ":".join(write(s) for s in segments)


@SETTINGS
@given(
    st.data(),
    st.lists(condition_patterns(), min_size=1, max_size=3),
    contexts(),
    st.sampled_from(["ArnLike", "ArnEquals", "ArnNotLike", "ArnNotEquals"]),
)
def test_arn_condition_globs_and_variables(
    data: st.DataObject, patterns: list[list[list[Piece]]], context: dict[str, str], operator: str
) -> None:
    """ArnEquals is ArnLike and ArnNotEquals is ArnNotLike ("Condition operators"): the negated ones
    hold when no value matches, an unresolvable one included ("Variables and tags")."""
    target = data.draw(st.sampled_from(patterns))
    arn = data.draw(st.composite(lambda draw: _arn(target, context, draw))())
    source = "aws:SourceArn"
    statements = [
        {
            "Effect": "Allow",
            "Action": "sqs:SendMessage",
            "Resource": "*",
            "Condition": {operator: {source: [write_all(p) for p in patterns]}},
        }
    ]
    matched = any(reference_match(p, arn, context) for p in patterns)
    expected = not matched if "Not" in operator else matched
    request = Request(
        USER, "sqs:SendMessage", "arn:aws:sqs:us-east-1:111122223333:q", {**context, source: arn}
    )
    assert decide_both_ways(request, PolicySet(identity=(policy(statements),))) is expected
