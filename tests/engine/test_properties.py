"""Properties: the parser only ever raises MalformedPolicyDocument; evaluation is total and monotone."""

from __future__ import annotations

import json
from dataclasses import replace
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Request, authorize, parse_policy, remembered
from iammock.errors import AwsError

from .helpers import B_USER, FED, ROOT, SESSION, USER, USER_ARN, B

PARSER = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# fmt: off
json_scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from(
    ["", "*", "Allow", "Deny", "allow", "2012-10-17", "2008-10-17", "s3:GetObject", "iam:*",
     "arn:aws:s3:::b/*", "arn:aws:iam::111122223333:user/x", "${aws:username}", "${", "foo",
     "StringEquals", "aws:SourceIp"]
)
KEYS = ["Version", "Statement", "Id", "Sid", "Effect", "Action", "NotAction", "Resource",
        "NotResource", "Principal", "NotPrincipal", "Condition", "AWS", "Service", "StringEquals",
        "DateLessThan", "ForAnyValue:StringLike", "NumericLessThanIfExists", "Null", "IpAddress",
        "aws:username", "x"]
# fmt: on
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS), inner, max_size=5),
    max_leaves=25,
)
KINDS = st.sampled_from(list(PolicyKind))


def _parse_or_malformed(text: str, kind: PolicyKind) -> None:
    try:
        parse_policy(text, kind)
    except AwsError as err:
        assert (err.code, err.status) == ("MalformedPolicyDocument", 400)


@PARSER
@given(st.text(max_size=200), KINDS)
def test_parser_total_on_text(text: str, kind: PolicyKind) -> None:
    _parse_or_malformed(text, kind)


@PARSER
@given(json_values, KINDS)
def test_parser_total_on_json(value: Any, kind: PolicyKind) -> None:
    _parse_or_malformed(json.dumps(value), kind)


@PARSER
@given(st.dictionaries(st.sampled_from(KEYS), json_values, max_size=6), KINDS)
def test_parser_total_on_statement_shapes(statement: dict[str, Any], kind: PolicyKind) -> None:
    _parse_or_malformed(json.dumps({"Version": "2012-10-17", "Statement": [statement]}), kind)


# ---------- valid documents

ACTIONS = [
    "*",
    "s3:*",
    "s3:Get*",
    "s3:GetObject",
    "iam:*",
    "iam:GetUser",
    "sts:AssumeRole",
    "s3:*Object",
    "ec2:*",
]
RESOURCES = ["*", "arn:aws:s3:::b/*", "arn:aws:s3:::b/${aws:username}/*", "arn:aws:iam::111122223333:user/*",
             "arn:aws:s3:::b/k?", "arn:aws:*:*:*:*"]  # fmt: skip
CONDITIONS: list[dict[str, Any]] = [
    {"StringEquals": {"aws:username": "alice"}},
    {"StringNotEquals": {"aws:PrincipalTag/team": ["red", "blue"]}},
    {"StringLikeIfExists": {"s3:prefix": "home/${aws:username}/*"}},
    {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}},
    {"NotIpAddress": {"aws:SourceIp": ["198.51.100.0/24"]}},
    {"Bool": {"aws:SecureTransport": "true"}},
    {"NumericLessThan": {"s3:max-keys": "10"}},
    {"DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"}},
    {"ForAllValues:StringEquals": {"aws:TagKeys": ["a", "b"]}},
    {"ForAnyValue:StringNotLike": {"aws:TagKeys": "a*"}},
    {"Null": {"aws:TokenIssueTime": "true"}},
    {"ArnLike": {"aws:PrincipalArn": "arn:aws:iam::111122223333:user/*"}},
]
PRINCIPALS: list[Any] = [
    "*",
    {"AWS": USER_ARN},
    {"AWS": "111122223333"},
    {"AWS": B},
    {"AWS": "arn:aws:iam::111122223333:role/app/Deployer"},
    {"Service": "lambda.amazonaws.com"},
]


@st.composite
def statements(draw: st.DrawFn, effect: str | None = None, principal: bool = False) -> dict[str, Any]:
    s: dict[str, Any] = {"Effect": effect or draw(st.sampled_from(["Allow", "Deny"]))}
    s["NotAction" if draw(st.booleans()) and draw(st.booleans()) else "Action"] = draw(
        st.lists(st.sampled_from(ACTIONS), min_size=1, max_size=3)
    )
    s["NotResource" if draw(st.integers(0, 5)) == 0 else "Resource"] = draw(
        st.lists(st.sampled_from(RESOURCES), min_size=1, max_size=2)
    )
    if draw(st.booleans()):
        s["Condition"] = draw(st.sampled_from(CONDITIONS))
    if principal:
        s["Principal"] = draw(st.sampled_from(PRINCIPALS))
    return s


def policy(stmts: list[dict[str, Any]], kind: PolicyKind, name: str) -> NamedPolicy:
    text = json.dumps({"Version": "2012-10-17", "Statement": stmts})
    return NamedPolicy(parse_policy(text, kind), name, kind)


@st.composite
def requests(draw: st.DrawFn) -> Request:
    principal = draw(st.sampled_from([USER, SESSION, FED, B_USER, ROOT]))
    context: dict[str, Any] = draw(
        st.fixed_dictionaries(
            {},
            optional={
                "aws:username": st.sampled_from(["alice", "bob"]),
                "aws:PrincipalTag/team": st.sampled_from(["red", "green"]),
                "aws:SourceIp": st.sampled_from(["203.0.113.9", "198.51.100.1", "2001:db8::1"]),
                "aws:SecureTransport": st.booleans(),
                "s3:max-keys": st.integers(0, 20),
                "aws:CurrentTime": st.sampled_from(["2019-01-01T00:00:00Z", "2024-01-01T00:00:00Z"]),
                "aws:TagKeys": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3),
                "aws:PrincipalArn": st.just(USER_ARN),
                "s3:prefix": st.sampled_from(["home/alice/x", "home/bob/"]),
            },
        )
    )
    return Request(
        principal,
        draw(
            st.sampled_from(
                ["s3:GetObject", "s3:PutObject", "iam:GetUser", "sts:AssumeRole", "ec2:RunInstances"]
            )
        ),
        draw(
            st.sampled_from(
                ["*", "arn:aws:s3:::b/alice/k", "arn:aws:s3:::b/k1", "arn:aws:iam::111122223333:user/x"]
            )
        ),
        context,
    )


@st.composite
def policy_sets(draw: st.DrawFn) -> PolicySet:
    identity = tuple(
        policy(draw(st.lists(statements(), min_size=1, max_size=4)), PolicyKind.INLINE, f"i{i}")
        for i in range(draw(st.integers(0, 3)))
    )
    boundary = None
    if draw(st.booleans()):
        boundary = policy(draw(st.lists(statements(), min_size=1, max_size=3)), PolicyKind.BOUNDARY, "b")
    session = None
    if draw(st.booleans()):
        session = (policy(draw(st.lists(statements(), min_size=1, max_size=2)), PolicyKind.SESSION, "s"),)
    resource = None
    if draw(st.booleans()):
        resource = policy(
            draw(st.lists(statements(principal=True), min_size=1, max_size=3)), PolicyKind.RESOURCE, "r"
        )
    scps: tuple[tuple[NamedPolicy, ...], ...] = ()
    if draw(st.booleans()):
        scps = ((policy([{"Effect": "Allow", "Action": "*", "Resource": "*"}], PolicyKind.SCP, "full"),),)
        scps += ((policy(draw(st.lists(statements(), min_size=1, max_size=2)), PolicyKind.SCP, "ou"),),)
    return PolicySet(
        identity=identity,
        boundary=boundary,
        session=session,
        resource=resource,
        resource_account=draw(st.sampled_from([None, "111122223333", B])),
        scps=scps,
        resource_must_allow=draw(st.booleans()),
    )


@SETTINGS
@given(requests(), policy_sets())
def test_evaluation_is_total(request: Request, policies: PolicySet) -> None:
    decision = authorize(request, policies)
    assert decision.outcome in ("allowed", "implicit_deny", "explicit_deny")
    assert decision.allowed is (decision.outcome == "allowed")
    assert bool(decision.message) is (not decision.allowed)
    assert decision.explain()


@SETTINGS
@given(requests(), policy_sets(), statements(effect="Deny"))
def test_adding_deny_never_allows(request: Request, policies: PolicySet, extra: dict[str, Any]) -> None:
    before = authorize(request, policies)
    more = replace(policies, identity=(*policies.identity, policy([extra], PolicyKind.INLINE, "d")))
    after = authorize(request, more)
    assert before.allowed or not after.allowed


@SETTINGS
@given(requests(), policy_sets(), statements(effect="Allow"))
def test_adding_identity_allow_never_denies(
    request: Request, policies: PolicySet, extra: dict[str, Any]
) -> None:
    before = authorize(request, policies)
    more = replace(policies, identity=(*policies.identity, policy([extra], PolicyKind.INLINE, "a")))
    after = authorize(request, more)
    assert not before.allowed or after.allowed


@SETTINGS
@given(requests(), policy_sets(), st.lists(statements(), min_size=1, max_size=3))
def test_boundary_never_widens(request: Request, policies: PolicySet, bound: list[dict[str, Any]]) -> None:
    without = replace(policies, boundary=None)
    with_boundary = replace(policies, boundary=policy(bound, PolicyKind.BOUNDARY, "b"))
    assert not authorize(request, with_boundary).allowed or authorize(request, without).allowed


Q = "arn:aws:sqs:us-east-1:111122223333"
RESOURCE_POOL = [
    f"{Q}:q1",
    "arn:aws:sqs:*:111122223333:q?",
    "arn:aws:SQS:us-east-1:111122223333:q1",
    "arn:aws:sqs:*:*:q1",
    "arn:aws:sqs",
    f"{Q}:${{aws:username}}",
    f"{Q}:a${{*}}",
    "arn:*:sqs:us-east-1:111122223333:q1",
    f"{Q}:*",
    "*",
]
REQUEST_RESOURCES = [
    f"{Q}:q1",
    f"{Q}:q2",
    "arn:aws:sqs:us-east-1:444455556666:q1",
    "arn:aws:sqs:eu-west-1:111122223333:q1",
    f"{Q}:alice",
    f"{Q}:a*",
    "*",
]


@SETTINGS
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["Allow", "Deny"]),
            st.lists(st.sampled_from(RESOURCE_POOL), min_size=1, max_size=2),
        ),
        min_size=17,
        max_size=30,
    ),
    st.sampled_from(REQUEST_RESOURCES),
)
def test_resource_index_agrees_with_linear_scan(rows: list[tuple[str, list[str]]], resource: str) -> None:
    stmts = [{"Effect": effect, "Action": "sqs:SendMessage", "Resource": res} for effect, res in rows]
    request = Request(USER, "sqs:SendMessage", resource, {"aws:username": "alice"})
    whole = authorize(request, PolicySet(identity=(policy(stmts, PolicyKind.INLINE, "big"),)))
    split = authorize(
        request,
        PolicySet(identity=tuple(policy([s], PolicyKind.INLINE, f"p{i}") for i, s in enumerate(stmts))),
    )
    assert (whole.outcome, len(whole.statements)) == (split.outcome, len(split.statements))
    assert [m.sid_or_index for m in whole.statements] == sorted(m.sid_or_index for m in whole.statements)  # type: ignore[type-var]


# ---------- the resource index gives the answer of trying every statement

MANY_RESOURCES = [*RESOURCES, "arn:aws:s3:::b/k1", "arn:aws:s3:::B/k1", "arn:aws:S3:::b/*", "arn:aws:s3:::b",
                  "arn:aws:iam::111122223333:user/x", "arn:aws:iam::111122223333:user/X",
                  "arn:aws:iam::111122223333:user/${aws:username}", "arn:aws:s3:::b/${aws:username}/k",
                  "arn:aws:s3:::b/alice/*", "arn:aws:iam::*:user/x"]  # fmt: skip


@st.composite
def crowded_statements(draw: st.DrawFn) -> dict[str, Any]:
    s = draw(statements())
    key = "Resource" if "Resource" in s else "NotResource"
    s[key] = draw(st.lists(st.sampled_from(MANY_RESOURCES), min_size=1, max_size=3))
    return s


@SETTINGS
@given(requests(), st.lists(st.lists(crowded_statements(), min_size=1, max_size=12), min_size=1, max_size=5))
def test_resource_index_agrees_with_trying_every_statement(
    request: Request, chunks: list[list[dict[str, Any]]]
) -> None:
    from iammock.engine import index

    identity = tuple(policy(c, PolicyKind.INLINE, f"p{i}") for i, c in enumerate(chunks))
    indexed = authorize(request, PolicySet(identity=identity))
    saved = index._INDEX_THRESHOLD
    index._INDEX_THRESHOLD = 10**9  # type: ignore[misc]
    try:
        plain = authorize(request, PolicySet(identity=identity))
    finally:
        index._INDEX_THRESHOLD = saved  # type: ignore[misc]
    assert (indexed.outcome, indexed.statements, indexed.missing_context_keys) == (
        plain.outcome,
        plain.statements,
        plain.missing_context_keys,
    )


# ---------- a remembered decision is the decision


def _fields(d: Any) -> tuple[Any, ...]:
    return (d.outcome, d.statements, d.denied_by, d.message, d.missing_context_keys, d.identity, d.boundary,
            d.session, d.resource, d.scp, d.rcp)  # fmt: skip


@SETTINGS
@given(st.lists(requests(), min_size=2, max_size=6), policy_sets())
def test_remembered_decisions_equal_fresh_ones(asked: list[Request], policies: PolicySet) -> None:
    # The same principal, action and resource asked with each drawn context, so a remembered answer
    # is offered for every context the policies may read differently.
    first = asked[0]
    for request in asked:
        for same in (request, Request(first.principal, first.action, first.resource, request.context)):
            answer = remembered(same, policies)  # the set remembers what it was asked before
            fresh = authorize(same, policies)
            assert _fields(answer) == _fields(fresh)
            assert answer.request is same


# ---------- identity policies alone: the short path gives the answer of the full evaluation


@st.composite
def identity_sets(draw: st.DrawFn) -> PolicySet:
    crowd = draw(st.booleans())  # enough statements for the resource index to be used
    chunk = crowded_statements() if crowd else statements()
    identity = tuple(
        policy(draw(st.lists(chunk, min_size=1, max_size=12 if crowd else 4)), PolicyKind.INLINE, f"i{i}")
        for i in range(draw(st.integers(0, 3)))
    )
    return PolicySet(identity=identity)


@SETTINGS
@given(requests(), identity_sets())
def test_identity_alone_agrees_with_every_gate(request: Request, policies: PolicySet) -> None:
    short = authorize(request, policies)
    full = authorize(request, policies, shortcut=False)
    assert _fields(short) == _fields(full)
    assert (short.allowed, short.request, short.policies) == (full.allowed, full.request, full.policies)
    assert short.explain() == full.explain()


def test_the_shortcut_parameter_chooses_the_path(monkeypatch: Any) -> None:
    # Without this, a shortcut=False that still took the shortcut would make the test above compare
    # the shortcut with itself.
    from iammock.engine import decide

    asked: list[object] = []
    real = decide._verdict
    monkeypatch.setattr(decide, "_verdict", lambda *a: asked.append(a) or real(*a))
    everything = {"Effect": "Allow", "Action": "*", "Resource": "*"}
    policies = PolicySet(identity=(policy([everything], PolicyKind.INLINE, "all"),))
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k")
    assert authorize(request, policies).allowed and not asked
    assert authorize(request, policies, shortcut=False).allowed and len(asked) == 1


# ---------- ARN patterns: the whole-prefix shortcut answers what matching part by part answers

ARN_PIECES = [
    "arn",
    "aws",
    "AWS",
    "s3",
    "iam",
    "",
    "111122223333",
    "user",
    "User/x",
    "b",
    "k*",
    "*",
    "?",
    "/",
]


@st.composite
def arns(draw: st.DrawFn, wild: bool) -> str:
    pieces = [p for p in ARN_PIECES if wild or ("*" not in p and "?" not in p)]
    return ":".join(draw(st.lists(st.sampled_from(pieces), min_size=1, max_size=7)))


@SETTINGS
@given(st.one_of(arns(wild=True), st.sampled_from(MANY_RESOURCES + RESOURCE_POOL)), arns(wild=False))
def test_arn_pattern_shortcuts_agree_with_matching_part_by_part(pattern: str, arn: str) -> None:
    from iammock.engine.match import ArnPattern, split_arn

    for icase in (True, False):
        fast = ArnPattern(pattern, icase)
        slow = ArnPattern(pattern, icase)
        slow._prefix = slow._tail_starts = None  # each of the five parts, then the rest, on its own
        expected = slow.match(arn, split_arn(arn))
        assert fast.match(arn, split_arn(arn)) == expected
        assert fast.match(arn, None) == expected
