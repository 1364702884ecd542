"""Engine behaviour beyond the case table: sizes, positions, pinning, context keys, explanations."""

from __future__ import annotations

import dataclasses
import json

import pytest

from iammock.engine import (
    INLINE_QUOTAS,
    NamedPolicy,
    PolicyKind,
    PolicySet,
    Principal,
    Request,
    authorize,
    check_inline_policy_sizes,
    check_managed_policy_size,
    check_trust_policy_size,
    glob_match,
    invalid_principal,
    key_info,
    parse_policy,
    policy_size,
    principal_context,
)
from iammock.engine.match import arn_match
from iammock.errors import AwsError

from .helpers import ROLE_ARN, ROLE_ID, SESSION, USER, USER_ARN, USER_ID, A, allow, deny, doc

TARGET = f"arn:aws:iam::{A}:role/Target"


def _limit(fn: object, *args: object) -> AwsError:
    with pytest.raises(AwsError) as info:
        fn(*args)  # type: ignore[operator]
    assert (info.value.code, info.value.status) == ("LimitExceeded", 409)
    return info.value


# ---------- sizes


def test_policy_size_ignores_whitespace() -> None:
    assert policy_size('{ "a" :\n\t1 }\r\n') == len('{"a":1}')


def test_managed_size_boundary() -> None:
    pad = "x" * (6144 - policy_size(doc(allow(resource="arn:aws:s3:::"))))
    exact = doc(allow(resource="arn:aws:s3:::" + pad))
    assert policy_size(exact) == 6144
    check_managed_policy_size(exact)
    err = _limit(check_managed_policy_size, exact.replace(pad, pad + "y"))
    assert err.message == "Cannot exceed quota for PolicySize: 6144"


@pytest.mark.parametrize(("owner", "quota"), sorted(INLINE_QUOTAS.items()))
def test_inline_aggregate_sizes(owner: str, quota: int) -> None:
    half = "x" * (quota // 2)
    check_inline_policy_sizes(owner, "alice", [half, half])
    err = _limit(check_inline_policy_sizes, owner, "alice", [half, half, "y"])
    assert err.message == f"Maximum policy size of {quota} bytes exceeded for {owner} alice"


def test_trust_size() -> None:
    check_trust_policy_size("x" * 2048)
    assert (
        _limit(check_trust_policy_size, "x" * 2049).message == "Cannot exceed quota for ACLSizePerRole: 2048"
    )
    check_trust_policy_size("x" * 4096, 4096)


def test_invalid_principal_wording() -> None:
    err = invalid_principal("AWS", "arn:aws:iam::111122223333:role/X")
    assert (err.code, err.message) == (
        "MalformedPolicyDocument",
        'Invalid principal in policy: "AWS":"arn:aws:iam::111122223333:role/X"',
    )


# ---------- compiled policy

TEXT = """{
  "Version": "2012-10-17",
  "Statement": [
    {"Sid": "Read", "Effect": "Allow", "Action": "s3:GetObject",
     "Resource": "arn:aws:s3:::b/${aws:username}/*"},
    {
      "Effect": "Deny",
      "Action": "s3:*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:SecureTransport": "false"},
                    "StringNotEquals": {"AWS:RequestedRegion": "us-east-1"}}
    }
  ]
}"""


def test_statement_positions_and_identity() -> None:
    policy = parse_policy(TEXT, PolicyKind.INLINE)
    first, second = policy.statements
    assert (first.sid_or_index, first.effect, second.sid_or_index) == ("Read", "Allow", 1)
    assert (first.start.line, first.start.column) == (4, 5)
    assert TEXT[first.start.offset] == "{" and TEXT[first.end.offset - 1] == "}"
    assert (first.end.line, first.end.column) == (5, 53)
    assert (second.start.line, second.start.column) == (6, 5)
    assert (second.end.line, second.end.column) == (12, 6)
    assert json.loads(TEXT[second.start.offset : second.end.offset])["Effect"] == "Deny"


def test_context_keys_and_cache() -> None:
    policy = parse_policy(TEXT, PolicyKind.INLINE)
    assert policy.context_keys == ("aws:username", "aws:SecureTransport", "AWS:RequestedRegion")
    assert parse_policy(TEXT, PolicyKind.INLINE) is policy
    assert parse_policy(TEXT, PolicyKind.MANAGED) is not policy
    with pytest.raises(dataclasses.FrozenInstanceError):
        policy.version = "2008-10-17"  # type: ignore[misc]


def test_decision_statements_carry_positions() -> None:
    policy = parse_policy(TEXT, PolicyKind.INLINE)
    decision = authorize(
        Request(USER, "s3:GetObject", "arn:aws:s3:::b/alice/k", {"aws:username": "alice"}),
        PolicySet(identity=(NamedPolicy(policy, "inline-read", PolicyKind.INLINE),)),
    )
    assert decision.allowed
    (m,) = decision.statements
    assert (m.policy_name, m.policy_kind, m.sid_or_index, m.start.line) == (
        "inline-read",
        PolicyKind.INLINE,
        "Read",
        4,
    )
    assert set(decision.missing_context_keys) == {"aws:SecureTransport", "AWS:RequestedRegion"}


def test_missing_keys_reported_on_deny() -> None:
    policy = parse_policy(
        doc(allow("s3:*", Condition={"StringEquals": {"aws:PrincipalTag/team": "blue"}})), PolicyKind.INLINE
    )
    decision = authorize(
        Request(USER, "s3:GetObject", "*", {}),
        PolicySet(identity=(NamedPolicy(policy, "p", PolicyKind.INLINE),)),
    )
    assert not decision.allowed and decision.missing_context_keys == ("aws:PrincipalTag/team",)
    text = decision.explain()
    for fragment in (
        USER_ARN,
        "s3:GetObject",
        "no statement matched",
        "aws:PrincipalTag/team",
        "Identity-based",
    ):
        assert fragment in text


def test_explain_names_matching_statements() -> None:
    policy = parse_policy(doc(allow("s3:*"), deny("s3:GetObject", Sid="NoGet")), PolicyKind.INLINE)
    decision = authorize(
        Request(USER, "s3:GetObject", "*", {}),
        PolicySet(identity=(NamedPolicy(policy, "mine", PolicyKind.INLINE),)),
    )
    text = decision.explain()
    assert decision.outcome == "explicit_deny"
    assert "Allow: statement #0" in text and "Deny:  Sid NoGet" in text and "explicit deny" in text


def test_condition_variables_are_literal_in_2008() -> None:
    text = doc(
        allow("s3:*", Condition={"StringEquals": {"s3:prefix": "${aws:username}"}}), version="2008-10-17"
    )
    named = NamedPolicy(parse_policy(text, PolicyKind.INLINE), "p", PolicyKind.INLINE)
    ctx = {"aws:username": "alice", "s3:prefix": "alice"}
    assert not authorize(Request(USER, "s3:ListBucket", "*", ctx), PolicySet(identity=(named,))).allowed
    ctx["s3:prefix"] = "${aws:username}"
    assert authorize(Request(USER, "s3:ListBucket", "*", ctx), PolicySet(identity=(named,))).allowed


def test_gate_details_for_simulator() -> None:
    ident = NamedPolicy(parse_policy(doc(allow()), PolicyKind.INLINE), "i", PolicyKind.INLINE)
    bnd = NamedPolicy(parse_policy(doc(allow("iam:*")), PolicyKind.BOUNDARY), "b", PolicyKind.BOUNDARY)
    scp = NamedPolicy(parse_policy(doc(allow()), PolicyKind.SCP), "FullAWSAccess", PolicyKind.SCP)
    d = authorize(
        Request(USER, "s3:GetObject", "*", {}), PolicySet(identity=(ident,), boundary=bnd, scps=((scp,),))
    )
    assert (d.identity, d.boundary, d.session, d.resource, d.scp, d.rcp) == (
        "allowed",
        "implicit_deny",
        "not_applicable",
        "not_applicable",
        "allowed",
        "not_applicable",
    )


# ---------- pinning


def _trust(principal: str) -> NamedPolicy:
    text = doc({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"})
    return NamedPolicy(parse_policy(text, PolicyKind.TRUST), "trust", PolicyKind.TRUST)


def _assume(principal: Principal, trust: NamedPolicy) -> bool:
    return authorize(
        Request(principal, "sts:AssumeRole", TARGET, {}), PolicySet(resource=trust, resource_must_allow=True)
    ).allowed


def test_pinned_user_survives_only_with_same_id() -> None:
    trust = _trust(USER_ARN)
    assert trust.policy.principal_arns == {USER_ARN}
    pinned = NamedPolicy(trust.policy.pinned({USER_ARN: USER_ID}), "trust", PolicyKind.TRUST)
    assert _assume(USER, pinned)
    recreated = dataclasses.replace(USER, entity_id="AIDAQ3EGNEWALICE00001")
    assert _assume(recreated, trust)  # unpinned: matches by ARN
    assert not _assume(recreated, pinned)  # pinned: the new alice is someone else


def test_pinned_role_matches_sessions_by_id() -> None:
    pinned = NamedPolicy(_trust(ROLE_ARN).policy.pinned({ROLE_ARN: ROLE_ID}), "trust", PolicyKind.TRUST)
    assert _assume(SESSION, pinned)
    assert not _assume(dataclasses.replace(SESSION, entity_id="AROAQ3EGOTHERROLE0001"), pinned)


def test_pinning_unrelated_arn_is_identity() -> None:
    policy = _trust(USER_ARN).policy
    assert policy.pinned({ROLE_ARN: ROLE_ID}) is policy
    assert policy.aws_principals == (USER_ARN,)


# ---------- matching


def test_pathological_glob_is_linear() -> None:
    text = "a" * 10_000
    pattern = "*a*a*a*a*a*a*a*a*b"
    assert not glob_match(pattern, text)
    assert glob_match(pattern, text + "b")
    assert not glob_match("*?a*a*?a*a*a*?a*a*b", text)
    assert not arn_match("arn:aws:s3:::*a*a*a*a*a*a*a*a*b", "arn:aws:s3:::" + text)
    assert not glob_match("*a*a*a*a*a*a*a*a*b", text, icase=True)


def test_glob_agrees_with_reference_semantics() -> None:
    import re

    def reference(pattern: str, text: str) -> bool:
        regex = "".join(".*" if c == "*" else "." if c == "?" else re.escape(c) for c in pattern)
        return re.fullmatch(regex, text, re.DOTALL) is not None

    import itertools

    for pattern_chars in itertools.product("a*?", repeat=4):
        pattern = "".join(pattern_chars)
        for n in range(6):
            for text in ("a" * n, "ab" * n, "b" + "a" * n):
                assert glob_match(pattern, text) is reference(pattern, text), (pattern, text)


# ---------- context helpers


def test_key_info() -> None:
    assert key_info("AWS:SOURCEIP") is not None and key_info("aws:SourceIp").type == "IPAddress"  # type: ignore[union-attr]
    tag = key_info("aws:PrincipalTag/CostCenter")
    assert tag is not None and tag.name == "aws:PrincipalTag/CostCenter" and not tag.multi
    assert key_info("aws:TagKeys").multi  # type: ignore[union-attr]
    assert key_info("nonsense:key") is None


def test_principal_context() -> None:
    assert principal_context(USER) == {
        "aws:PrincipalType": "User",
        "aws:PrincipalAccount": A,
        "aws:PrincipalArn": USER_ARN,
        "aws:userid": USER_ID,
        "aws:username": "alice",
        "aws:PrincipalIsAWSService": False,
    }
    ctx = principal_context(SESSION)
    assert ctx["aws:PrincipalArn"] == ROLE_ARN and ctx["aws:userid"] == f"{ROLE_ID}:build-42"


def test_resource_index_keeps_short_and_wildcard_patterns() -> None:
    filler = [allow("sqs:SendMessage", f"arn:aws:sqs:us-east-1:{A}:queue{i}") for i in range(40)]
    for pattern in ("arn:aws:sqs", "arn:aws:sqs:*:*:target", "arn:aws:SQS:us-east-1:*:t*", "*"):
        text = doc(*filler, allow("sqs:SendMessage", pattern, Sid="Hit"))
        named = NamedPolicy(parse_policy(text, PolicyKind.INLINE), "big", PolicyKind.INLINE)
        request = Request(USER, "sqs:SendMessage", f"arn:aws:sqs:us-east-1:{A}:target", {})
        decision = authorize(request, PolicySet(identity=(named,)))
        assert [m.sid_or_index for m in decision.statements] == ["Hit"], pattern
