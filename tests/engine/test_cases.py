"""The case table: every row is an AWS answer the engine must reproduce."""

from __future__ import annotations

from typing import Any

import pytest

from iammock.engine import PolicyKind, Principal, Request, authorize, parse_policy
from iammock.errors import AwsError

from .cases_decide import DECISION_CASES
from .cases_match import ACTION_CASES, CONDITION_CASES, RESOURCE_CASES
from .cases_parse import PARSE_CASES
from .helpers import USER, allow, doc, named, policy_set


@pytest.mark.parametrize(
    ("kind", "text", "expected"), [c[1:] for c in PARSE_CASES], ids=[c[0] for c in PARSE_CASES]
)
def test_parse(kind: PolicyKind, text: str, expected: str | None) -> None:
    if expected is None:
        parse_policy(text, kind)
        return
    with pytest.raises(AwsError) as info:
        parse_policy(text, kind)
    assert (info.value.code, info.value.message, info.value.status) == (
        "MalformedPolicyDocument",
        expected,
        400,
    )


def _decide(
    statement: dict[str, Any], action: str, resource: str, context: dict[str, Any], version: str | None
):
    from iammock.engine import NamedPolicy, PolicySet

    policy = parse_policy(doc(statement, version=version), PolicyKind.INLINE)
    return authorize(
        Request(USER, action, resource, context),
        PolicySet(identity=(NamedPolicy(policy, "p", PolicyKind.INLINE),)),
    )


@pytest.mark.parametrize(
    ("patterns", "negate", "action", "expected"), ACTION_CASES, ids=lambda v: str(v)[:40]
)
def test_action_matching(patterns: str | list[str], negate: bool, action: str, expected: bool) -> None:
    st: dict[str, Any] = {"Effect": "Allow", ("NotAction" if negate else "Action"): patterns, "Resource": "*"}
    assert _decide(st, action, "*", {}, "2012-10-17").allowed is expected


@pytest.mark.parametrize(
    ("patterns", "negate", "resource", "context", "version", "expected"),
    RESOURCE_CASES,
    ids=lambda v: str(v)[:50],
)
def test_resource_matching(
    patterns: str | list[str],
    negate: bool,
    resource: str,
    context: dict[str, Any],
    version: str | None,
    expected: bool,
) -> None:
    st: dict[str, Any] = {
        "Effect": "Allow",
        "Action": "s3:GetObject",
        ("NotResource" if negate else "Resource"): patterns,
    }
    assert _decide(st, "s3:GetObject", resource, context, version).allowed is expected


@pytest.mark.parametrize(
    ("condition", "context", "expected"),
    [c[1:] for c in CONDITION_CASES],
    ids=[c[0] for c in CONDITION_CASES],
)
def test_conditions(condition: dict[str, Any], context: dict[str, Any], expected: bool) -> None:
    st = allow("s3:GetObject", "*", Condition=condition)
    assert _decide(st, "s3:GetObject", "arn:aws:s3:::b/k", context, "2012-10-17").allowed is expected


@pytest.mark.parametrize(
    ("principal", "action", "resource", "spec", "context", "outcome", "denied_by", "message"),
    [c[1:] for c in DECISION_CASES],
    ids=[c[0] for c in DECISION_CASES],
)
def test_decisions(
    principal: Principal,
    action: str,
    resource: str,
    spec: dict[str, Any],
    context: dict[str, Any],
    outcome: str,
    denied_by: PolicyKind | None,
    message: str | None,
) -> None:
    decision = authorize(Request(principal, action, resource, context), policy_set(spec))
    assert (decision.outcome, decision.denied_by) == (outcome, denied_by)
    assert decision.allowed is (outcome == "allowed")
    if message is not None:
        assert decision.message == message
    if outcome == "explicit_deny":
        assert decision.statements and all(m.effect == "Deny" for m in decision.statements)
    elif outcome == "allowed":
        assert all(m.effect == "Allow" for m in decision.statements)
        assert decision.statements or principal.kind == "root"
    else:
        assert decision.statements == ()
    assert decision.explain()


def test_table_size() -> None:
    total = (
        len(PARSE_CASES)
        + len(ACTION_CASES)
        + len(RESOURCE_CASES)
        + len(CONDITION_CASES)
        + len(DECISION_CASES)
    )
    assert total >= 300


def test_named_helper_kinds() -> None:
    assert named([allow()], PolicyKind.INLINE).policy.kind is PolicyKind.INLINE
