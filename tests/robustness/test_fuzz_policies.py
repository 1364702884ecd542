"""Random and adversarial policy documents: accepted or refused with the right code, never a crash.

Documents go through PutUserPolicy, CreatePolicy (then attached) and CreateRole; whatever is accepted
is then evaluated by the engine (``IAMMock.authorize``), which must decide without raising.
"""

from __future__ import annotations

import itertools
import json
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from iammock import IAMMock
from iammock.engine import arn_match, glob_match

from . import invariants

ACCOUNT = "123456789012"
ALLOWED_REFUSALS = frozenset({"MalformedPolicyDocument", "LimitExceeded", "ValidationError"})

_BASE_OPERATORS = [
    "StringEquals", "StringNotEquals", "StringEqualsIgnoreCase", "StringNotEqualsIgnoreCase",
    "StringLike", "StringNotLike", "NumericEquals", "NumericNotEquals", "NumericLessThan",
    "NumericLessThanEquals", "NumericGreaterThan", "NumericGreaterThanEquals", "DateEquals",
    "DateNotEquals", "DateLessThan", "DateLessThanEquals", "DateGreaterThan", "DateGreaterThanEquals",
    "Bool", "BinaryEquals", "IpAddress", "NotIpAddress", "ArnEquals", "ArnLike", "ArnNotEquals",
    "ArnNotLike", "Null",
]  # fmt: skip
OPERATORS = [
    f"{prefix}{op}{suffix}"
    for op in _BASE_OPERATORS
    for prefix in ("", "ForAllValues:", "ForAnyValue:")
    for suffix in ("", "IfExists")
    if not (op == "Null" and suffix)
] + ["StringEqualsBogus", "stringequals", "", "ForSomeValues:StringLike"]
KEYS = [
    "aws:username", "aws:SourceIp", "aws:CurrentTime", "aws:EpochTime", "aws:MultiFactorAuthPresent",
    "aws:MultiFactorAuthAge", "aws:PrincipalArn", "aws:RequestTag/team", "aws:TagKeys",
    "aws:PrincipalTag/team", "aws:SecureTransport", "s3:prefix", "iam:PolicyARN", "sts:ExternalId",
    "aws:SourceVpce", "bogus", "", "aws:", "AWS:USERNAME", "ec2:ResourceTag/${aws:username}",
]  # fmt: skip
_ODD = st.sampled_from(
    ["", " ", "é", "日本", "😀", "\u202e", "\x00", "\ufeff", "${aws:username}", "${", "*", "?"]
)
TEXT = st.one_of(
    st.sampled_from(["*", "iam:*", "s3:Get*", "*a*a*a*a*a*a*a*a*a*a*b", "arn:aws:s3:::b/*", "Allow", "Deny"]),
    st.lists(st.one_of(_ODD, st.characters(blacklist_categories=["Cs"])), max_size=6).map("".join),
)
VALUES = st.one_of(
    TEXT,
    st.integers(-(2**70), 2**70),
    st.floats(allow_nan=True, allow_infinity=False),
    st.booleans(),
    st.none(),
    st.sampled_from(
        [
            "2024-01-01T00:00:00Z", "1700000000", "10.0.0.0/8", "203.0.113.10", "::1/128", "300.1.1.1/40",
            "true", "false", "QUJD", "arn:aws:iam::123456789012:user/*", "arn:aws:*:*:*:*",
        ]
    ),
)  # fmt: skip
SCALARS_OR_LISTS = st.one_of(VALUES, st.lists(VALUES, max_size=4), st.dictionaries(TEXT, VALUES, max_size=2))
ACTIONS = st.one_of(
    TEXT, st.lists(TEXT, max_size=4), st.integers(), st.none(), st.dictionaries(TEXT, TEXT, max_size=1)
)
PRINCIPALS = st.one_of(
    st.just("*"),
    st.fixed_dictionaries(
        {},
        optional={
            "AWS": st.one_of(
                st.sampled_from(
                    [f"arn:aws:iam::{ACCOUNT}:root", ACCOUNT, "*", "arn:aws:iam::210987654321:role/x"]
                ),
                st.lists(TEXT, max_size=3),
            ),
            "Service": st.one_of(st.just("ec2.amazonaws.com"), TEXT),
            "Federated": TEXT,
            "CanonicalUser": TEXT,
        },
    ),
    VALUES,
)
CONDITIONS = st.one_of(
    st.dictionaries(
        st.sampled_from(OPERATORS),
        st.dictionaries(st.sampled_from(KEYS), SCALARS_OR_LISTS, max_size=3),
        max_size=3,
    ),
    SCALARS_OR_LISTS,
)
STATEMENT = st.fixed_dictionaries(
    {"Effect": st.one_of(st.sampled_from(["Allow", "Allow", "Deny"]), VALUES)},
    optional={
        "Sid": st.one_of(st.sampled_from(["s1", "S 1", ""]), VALUES),
        "Action": ACTIONS,
        "NotAction": ACTIONS,
        "Resource": ACTIONS,
        "NotResource": ACTIONS,
        "Principal": PRINCIPALS,
        "NotPrincipal": PRINCIPALS,
        "Condition": CONDITIONS,
        "Bogus": VALUES,
    },
)
STRUCTURED = st.fixed_dictionaries(
    {
        "Statement": st.one_of(
            STATEMENT,
            st.lists(STATEMENT, max_size=4),
            st.tuples(STATEMENT, st.integers(100, 400)).map(lambda p: [p[0]] * p[1]),  # huge arrays
            VALUES,
        )
    },
    optional={"Version": st.one_of(st.sampled_from(["2012-10-17", "2008-10-17"]), VALUES), "Id": VALUES},
).map(json.dumps)


def _nested(depth: int, kind: str) -> str:
    inner = '"Action": "*"'
    value = "[" * depth + '"*"' + "]" * depth if kind == "list" else '{"a": ' * depth + "1" + "}" * depth
    return f'{{"Version": "2012-10-17", "Statement": {{"Effect": "Allow", {inner}, "Resource": {value}}}}}'


ADVERSARIAL = st.one_of(
    st.builds(_nested, st.sampled_from([50, 500, 5000, 100_000]), st.sampled_from(["list", "dict"])),
    st.sampled_from(
        [
            # duplicate keys at every level
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Effect": "Deny", "Action": "*",'
            ' "Resource": "*"}}',
            '{"Statement": [], "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],'
            ' "Version": "2012-10-17"}',
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*",'
            ' "Condition": {"StringEquals": {"aws:username": "a", "aws:username": "b"}}}}',
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}} x',
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "\\ud800",'
            ' "Resource": "*"}}',
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": NaN, "Resource": "*"}}',
            '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "*", "Resource": 1e999}}',
            "\ufeff{}",
            "{" * 100_000,
            "[" * 3000 + "]" * 3000,
            '"' + "\\u0000" * 1000 + '"',
        ]
    ),
    st.integers(1, 140_000).map(
        lambda n: json.dumps({"Version": "2012-10-17", "Statement": [], "Id": "x" * n})
    ),
)
DOCUMENTS = st.one_of(STRUCTURED, STRUCTURED, ADVERSARIAL)
CONTEXTS = st.dictionaries(st.sampled_from(KEYS), SCALARS_OR_LISTS, max_size=3)
REQUESTS = st.tuples(
    st.sampled_from(["iam:GetUser", "s3:GetObject", "sts:AssumeRole", "ec2:RunInstances", "Iam:getuser"]),
    st.sampled_from(
        ["*", f"arn:aws:iam::{ACCOUNT}:user/p", "arn:aws:s3:::b/" + "a" * 2000, "arn:aws:s3:::b"]
    ),
    CONTEXTS,
)

_names = itertools.count()
FUZZ = settings(max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck))


def _attempt(fn: Any, **params: Any) -> bool:
    try:
        fn(**params)
    except ParamValidationError:
        return False
    except ClientError as error:
        assert error.response["Error"]["Code"] in ALLOWED_REFUSALS, error.response["Error"]
        return False
    return True


def _decide(mock: IAMMock, principal: str, requests: list[tuple[str, str, dict[str, Any]]]) -> None:
    for action, resource, context in requests:
        decision = mock.authorize(principal, action, resource, context)
        assert decision.outcome in ("allowed", "implicit_deny", "explicit_deny")


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_user(UserName="p")
    client.create_user(UserName="q")
    return client


def test_put_user_policy(iam_mock: IAMMock, iam: Any) -> None:
    @FUZZ
    @given(DOCUMENTS, st.lists(REQUESTS, min_size=1, max_size=3))
    def run(document: str, requests: list[Any]) -> None:
        before = iam_mock.backend.snapshot()
        if _attempt(iam.put_user_policy, UserName="p", PolicyName="fuzz", PolicyDocument=document):
            _decide(iam_mock, f"arn:aws:iam::{ACCOUNT}:user/p", requests)
            invariants.check(iam_mock.backend)
        else:
            invariants.assert_same_state(before, iam_mock.backend.snapshot(), "refused PutUserPolicy")

    run()


def test_create_policy_and_attach(iam_mock: IAMMock, iam: Any) -> None:
    @FUZZ
    @given(DOCUMENTS, st.lists(REQUESTS, min_size=1, max_size=3))
    def run(document: str, requests: list[Any]) -> None:
        name = f"fuzz{next(_names)}"
        before = iam_mock.backend.snapshot()
        if not _attempt(iam.create_policy, PolicyName=name, PolicyDocument=document):
            invariants.assert_same_state(before, iam_mock.backend.snapshot(), "refused CreatePolicy")
            return
        arn = f"arn:aws:iam::{ACCOUNT}:policy/{name}"
        iam.attach_user_policy(UserName="q", PolicyArn=arn)
        try:
            _decide(iam_mock, f"arn:aws:iam::{ACCOUNT}:user/q", requests)
            invariants.check(iam_mock.backend)
        finally:
            iam.detach_user_policy(UserName="q", PolicyArn=arn)
            iam.delete_policy(PolicyArn=arn)

    run()


def test_create_role_trust_policy(iam_mock: IAMMock, iam: Any) -> None:
    @FUZZ
    @given(DOCUMENTS, CONTEXTS)
    def run(document: str, context: dict[str, Any]) -> None:
        name = f"role{next(_names)}"
        before = iam_mock.backend.snapshot()
        if not _attempt(iam.create_role, RoleName=name, AssumeRolePolicyDocument=document):
            invariants.assert_same_state(before, iam_mock.backend.snapshot(), "refused CreateRole")
            return
        try:
            role_arn = f"arn:aws:iam::{ACCOUNT}:role/{name}"
            for principal in (f"arn:aws:iam::{ACCOUNT}:user/p", f"arn:aws:iam::{ACCOUNT}:root"):
                decision = iam_mock.authorize(principal, "sts:AssumeRole", role_arn, context)
                assert decision.outcome in ("allowed", "implicit_deny", "explicit_deny")
        finally:
            iam.delete_role(RoleName=name)

    run()


def test_wildcard_matching_is_linear() -> None:
    # A backtracking matcher needs ~n**k steps for k stars that cannot match: this would not finish.
    pattern = "*a" * 40 + "b"
    text = "a" * 20_000
    assert not glob_match(pattern, text)
    assert not glob_match(pattern.upper(), text, True)
    assert not glob_match("?*a" * 40 + "b", text)
    assert not arn_match("arn:aws:s3:::" + pattern, "arn:aws:s3:::" + text)
    assert glob_match(pattern[:-1], text)


def test_wildcard_resource_against_long_arn_through_the_engine(iam_mock: IAMMock, iam: Any) -> None:
    stars = "*a" * 40 + "b"
    document = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:*", "Resource": f"arn:aws:s3:::{stars}"},
                {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": "*",
                    "Condition": {"StringLike": {"s3:prefix": stars}},
                },
            ],
        }
    )
    iam.put_user_policy(UserName="p", PolicyName="stars", PolicyDocument=document)
    arn = f"arn:aws:iam::{ACCOUNT}:user/p"
    decision = iam_mock.authorize(
        arn, "s3:GetObject", "arn:aws:s3:::" + "a" * 20_000, {"s3:prefix": "a" * 20_000}
    )
    assert decision.outcome == "implicit_deny"
    assert iam_mock.authorize(arn, "s3:GetObject", "arn:aws:s3:::" + "a" * 5000 + "b").allowed
