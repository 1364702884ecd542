"""Action, resource, condition and variable cases, each decided end to end through authorize().

ACTION_CASES:    (action patterns, NotAction?, requested action, allowed?)
RESOURCE_CASES:  (resource patterns, NotResource?, requested resource, context, version, allowed?)
CONDITION_CASES: (id, Condition block, context, allowed?)  — Allow s3:GetObject on * with that block
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

LONG = "a" * 10_000

ACTION_CASES: list[tuple[str | list[str], bool, str, bool]] = [
    ("iam:ListUsers", False, "iam:ListUsers", True),
    ("iam:ListUsers", False, "IAM:listusers", True),
    ("IAM:LISTUSERS", False, "iam:ListUsers", True),
    ("iam:List*", False, "iam:ListAccessKeys", True),
    ("iam:List*", False, "iam:GetUser", False),
    ("iam:*AccessKey*", False, "iam:CreateAccessKey", True),
    ("iam:*AccessKey*", False, "iam:ListAccessKeys", True),
    ("iam:*AccessKey*", False, "iam:CreateUser", False),
    ("iam:Get?ser", False, "iam:GetUser", True),
    ("iam:Get?ser", False, "iam:GetUUser", False),
    ("*", False, "sts:GetCallerIdentity", True),
    ("iam:*", False, "s3:GetObject", False),
    ("*:GetUser", False, "iam:GetUser", True),
    ("*:GetUser", False, "iam:ListUsers", False),
    ("s3:Get*", False, "iam:GetUser", False),
    (["s3:GetObject", "iam:GetUser"], False, "iam:GetUser", True),
    ("iam:ListUser", False, "iam:ListUsers", False),
    ("iam:*", False, "iam:CreateUser", True),
    ("*:*", False, "iam:CreateUser", True),
    ("iam:Create*User", False, "iam:CreateUser", True),
    ("iam:Create*User", False, "iam:CreateServiceLinkedRole", False),
    ("iam:*a*a*a*a*a*a*a*a*b", False, "iam:" + LONG, False),
    ("iam:*", True, "s3:GetObject", True),
    ("iam:*", True, "iam:GetUser", False),
    (["iam:*", "sts:*"], True, "ec2:RunInstances", True),
    (["iam:*", "sts:*"], True, "STS:AssumeRole", False),
    ("s3:Get*", True, "s3:PutObject", True),
]

B = "arn:aws:s3:::bucket"
NONE: dict[str, Any] = {}
V12, V08 = "2012-10-17", "2008-10-17"

RESOURCE_CASES: list[tuple[str | list[str], bool, str, dict[str, Any], str | None, bool]] = [
    ("*", False, f"{B}/key", NONE, V12, True),
    ("*", False, "*", NONE, V12, True),
    (f"{B}/*", False, f"{B}/key", NONE, V12, True),
    (f"{B}/*", False, B, NONE, V12, False),
    (f"{B}*", False, f"{B}-2/x", NONE, V12, True),
    ("arn:aws:s3:::*", False, "*", NONE, V12, False),
    ("arn:aws:s3:::*", False, f"{B}/k:with:colons", NONE, V12, True),
    (
        "arn:aws:iam::111122223333:user/*",
        False,
        "arn:aws:iam::111122223333:user/division/alice",
        NONE,
        V12,
        True,
    ),
    ("arn:aws:iam::*:user/alice", False, "arn:aws:iam::444455556666:user/alice", NONE, V12, True),
    ("arn:aws:iam::111122223333:user/alice", False, "arn:aws:iam::111122223333:user/Alice", NONE, V12, False),
    ("arn:aws:iam::111122223333:user/?lice", False, "arn:aws:iam::111122223333:user/alice", NONE, V12, True),
    ("arn:aws:sqs:*:111122223333:q", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, True),
    ("arn:aws:sqs:us-*:111122223333:q", False, "arn:aws:sqs:eu-west-1:111122223333:q", NONE, V12, False),
    ("arn:aws:sqs:*:*:q", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, True),
    # A wildcard in parts 1-5 never spans a colon: "*" is the region, "q" must be the account.
    ("arn:aws:sqs:*:q", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, False),
    # Short ARN: missing segments behave as "*" (independent simulators; AWS unconfirmed).
    ("arn:aws:sqs", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, True),
    # Parts 1-5 case-insensitive (independent simulators; AWS unconfirmed), resource part not.
    ("arn:aws:SQS:*:111122223333:q", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, True),
    ("arn:aws:sqs:*:111122223333:Q", False, "arn:aws:sqs:us-east-1:111122223333:q", NONE, V12, False),
    (f"{B}/a?c", False, f"{B}/abc", NONE, V12, True),
    (f"{B}/a?c", False, f"{B}/ac", NONE, V12, False),
    (f"{B}/*a*a*a*a*a*a*a*a*b", False, f"{B}/{LONG}", NONE, V12, False),
    (f"{B}/*a*a*a*a*a*a*a*a*b", False, f"{B}/{LONG}b", NONE, V12, True),
    ([f"{B}/x", f"{B}/y"], False, f"{B}/y", NONE, V12, True),
    ("arn:aws:s3:::secret/*", True, "arn:aws:s3:::public/x", NONE, V12, True),
    ("arn:aws:s3:::secret/*", True, "arn:aws:s3:::secret/x", NONE, V12, False),
    # ---- policy variables in the resource part
    (f"{B}/${{aws:username}}/*", False, f"{B}/alice/x", {"aws:username": "alice"}, V12, True),
    (f"{B}/${{aws:username}}/*", False, f"{B}/bob/x", {"aws:username": "alice"}, V12, False),
    (f"{B}/${{aws:username}}/*", False, f"{B}/alice/x", {"AWS:UserName": "alice"}, V12, True),
    (f"{B}/${{aws:username}}/*", False, f"{B}/alice/x", NONE, V12, False),
    (f"{B}/${{aws:username}}/*", False, f"{B}//x", NONE, V12, False),
    # A substituted value is literal: a user called "*" does not become a wildcard.
    (f"{B}/${{aws:username}}/*", False, f"{B}/bob/x", {"aws:username": "*"}, V12, False),
    (f"{B}/${{aws:username}}/*", False, f"{B}/*/x", {"aws:username": "*"}, V12, True),
    # 2008 documents (and documents without Version) read variables as literal text.
    (f"{B}/${{aws:username}}/*", False, f"{B}/alice/x", {"aws:username": "alice"}, V08, False),
    (f"{B}/${{aws:username}}/*", False, f"{B}/${{aws:username}}/x", {"aws:username": "alice"}, V08, True),
    (f"{B}/${{aws:username}}/*", False, f"{B}/alice/x", {"aws:username": "alice"}, None, False),
    (f"{B}/${{aws:PrincipalTag/team, 'shared'}}/*", False, f"{B}/shared/x", NONE, V12, True),
    (
        f"{B}/${{aws:PrincipalTag/team, 'shared'}}/*",
        False,
        f"{B}/red/x",
        {"aws:PrincipalTag/team": "red"},
        V12,
        True,
    ),
    (f"{B}/${{*}}", False, f"{B}/*", NONE, V12, True),
    (f"{B}/${{*}}", False, f"{B}/x", NONE, V12, False),
    (f"{B}/a${{?}}", False, f"{B}/a?", NONE, V12, True),
    (f"{B}/a${{?}}", False, f"{B}/ab", NONE, V12, False),
    (f"{B}/${{$}}x", False, f"{B}/$x", NONE, V12, True),
    # Variables outside the resource part are not substituted.
    (
        "arn:aws:sqs:*:${aws:PrincipalAccount}:q",
        False,
        "arn:aws:sqs:us-east-1:111122223333:q",
        {"aws:PrincipalAccount": "111122223333"},
        V12,
        False,
    ),
    # NotResource with an unresolvable variable: the entry matches nothing, so the statement applies.
    (f"{B}/${{aws:username}}/*", True, f"{B}/alice/x", NONE, V12, True),
    (f"{B}/${{aws:username}}/*", True, f"{B}/alice/x", {"aws:username": "alice"}, V12, False),
]

UN = "aws:username"
TAG = "aws:PrincipalTag/team"
RT = "aws:RequestTag/team"
KEYS = "aws:TagKeys"
IP = "aws:SourceIp"
NOW = "aws:CurrentTime"
SRC = "aws:SourceArn"
FIN = "arn:aws:someservice:*:111122223333:finance/*"
FIN_REQ = "arn:aws:someservice:us-east-2:999999999999:store/abc:111122223333:finance/document.txt"
TOPIC = "arn:aws:sns:us-east-1:111122223333:topic"

CONDITION_CASES: list[tuple[str, dict[str, Any], dict[str, Any], bool]] = [
    # ---- String
    ("str-eq", {"StringEquals": {UN: "alice"}}, {UN: "alice"}, True),
    ("str-eq-case", {"StringEquals": {UN: "alice"}}, {UN: "Alice"}, False),
    ("str-eq-missing", {"StringEquals": {UN: "alice"}}, {}, False),
    ("str-eq-or", {"StringEquals": {UN: ["bob", "alice"]}}, {UN: "alice"}, True),
    ("str-ne", {"StringNotEquals": {UN: "bob"}}, {UN: "alice"}, True),
    ("str-ne-same", {"StringNotEquals": {UN: "bob"}}, {UN: "bob"}, False),
    ("str-ne-missing", {"StringNotEquals": {UN: "bob"}}, {}, True),
    ("str-ne-nor-hit", {"StringNotEquals": {UN: ["alice", "bob"]}}, {UN: "alice"}, False),
    ("str-ne-nor-miss", {"StringNotEquals": {UN: ["alice", "bob"]}}, {UN: "carol"}, True),
    ("str-eq-ic", {"StringEqualsIgnoreCase": {UN: "ALICE"}}, {UN: "alice"}, True),
    ("str-ne-ic", {"StringNotEqualsIgnoreCase": {UN: "ALICE"}}, {UN: "alice"}, False),
    ("str-ne-ic-missing", {"StringNotEqualsIgnoreCase": {UN: "ALICE"}}, {}, True),
    ("str-like-star", {"StringLike": {UN: "ali*"}}, {UN: "alice"}, True),
    ("str-like-qmark", {"StringLike": {UN: "a?ice"}}, {UN: "alice"}, True),
    ("str-like-case", {"StringLike": {UN: "A*"}}, {UN: "alice"}, False),
    ("str-like-or", {"StringLike": {UN: ["b*", "a*"]}}, {UN: "alice"}, True),
    ("str-not-like", {"StringNotLike": {UN: "ali*"}}, {UN: "alice"}, False),
    ("str-not-like-other", {"StringNotLike": {UN: "ali*"}}, {UN: "bob"}, True),
    ("str-not-like-missing", {"StringNotLike": {UN: "ali*"}}, {}, True),
    ("str-like-vs-arn", {"StringLike": {SRC: FIN}}, {SRC: FIN_REQ}, True),
    ("key-case-policy", {"StringEquals": {"AWS:USERNAME": "alice"}}, {UN: "alice"}, True),
    ("key-case-context", {"StringEquals": {UN: "alice"}}, {"AWS:UserName": "alice"}, True),
    (
        "tag-key-case",
        {"StringEquals": {"aws:PrincipalTag/Team": "blue"}},
        {"aws:principaltag/team": "blue"},
        True,
    ),
    ("str-number-value", {"StringEquals": {"s3:max-keys": 10}}, {"s3:max-keys": "10"}, True),
    ("str-multi-valued-plain-op", {"StringEquals": {KEYS: "a"}}, {KEYS: ["a", "b"]}, False),
    ("str-single-element-list", {"StringEquals": {UN: "alice"}}, {UN: ["alice"]}, True),
    ("str-ifexists-missing", {"StringEqualsIfExists": {UN: "alice"}}, {}, True),
    ("str-ifexists-mismatch", {"StringEqualsIfExists": {UN: "alice"}}, {UN: "bob"}, False),
    ("str-ifexists-match", {"StringEqualsIfExists": {UN: "alice"}}, {UN: "alice"}, True),
    ("str-ne-ifexists-missing", {"StringNotEqualsIfExists": {UN: "alice"}}, {}, True),
    ("str-ne-ifexists-equal", {"StringNotEqualsIfExists": {UN: "alice"}}, {UN: "alice"}, False),
    ("keys-and", {"StringEquals": {UN: "alice", TAG: "blue"}}, {UN: "alice", TAG: "blue"}, True),
    ("keys-and-one-fails", {"StringEquals": {UN: "alice", TAG: "blue"}}, {UN: "alice", TAG: "red"}, False),
    (
        "operators-and",
        {"StringEquals": {UN: "alice"}, "Bool": {"aws:SecureTransport": "true"}},
        {UN: "alice", "aws:SecureTransport": False},
        False,
    ),
    ("empty-condition", {}, {}, True),
    ("unknown-operator-empty", {"StringEqualz": {}}, {}, True),
    # ---- Numeric
    ("num-eq", {"NumericEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 10}, True),
    ("num-eq-decimal", {"NumericEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": "10.0"}, True),
    ("num-eq-other", {"NumericEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 11}, False),
    ("num-ne", {"NumericNotEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 11}, True),
    ("num-ne-missing", {"NumericNotEquals": {"s3:max-keys": "10"}}, {}, True),
    ("num-lt", {"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": 9}, True),
    ("num-lt-equal", {"NumericLessThan": {"s3:max-keys": "10"}}, {"s3:max-keys": 10}, False),
    ("num-le", {"NumericLessThanEquals": {"s3:max-keys": "10"}}, {"s3:max-keys": 10}, True),
    ("num-gt", {"NumericGreaterThan": {"s3:max-keys": "10"}}, {"s3:max-keys": 11}, True),
    ("num-gt-garbage", {"NumericGreaterThan": {"s3:max-keys": "10"}}, {"s3:max-keys": "abc"}, False),
    ("num-ge", {"NumericGreaterThanEquals": {"s3:max-keys": 10}}, {"s3:max-keys": 10}, True),
    ("num-lt-or", {"NumericLessThan": {"s3:max-keys": ["5", "10"]}}, {"s3:max-keys": 7}, True),
    ("num-float", {"NumericLessThan": {"k": "2"}}, {"k": 1.5}, True),
    ("num-mfa-age-ifexists", {"NumericLessThanIfExists": {"aws:MultiFactorAuthAge": "3600"}}, {}, True),
    (
        "num-mfa-age-old",
        {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}},
        {"aws:MultiFactorAuthAge": 7200},
        False,
    ),
    (
        "num-epochtime",
        {"NumericLessThan": {"aws:EpochTime": "2000000000"}},
        {"aws:EpochTime": 1714521600},
        True,
    ),
    ("num-bool-context", {"NumericEquals": {"k": "1"}}, {"k": True}, False),
    # ---- Date
    ("date-gt", {"DateGreaterThan": {NOW: "2020-01-01T00:00:00Z"}}, {NOW: "2024-05-01T00:00:00Z"}, True),
    ("date-lt", {"DateLessThan": {NOW: "2020-01-01T00:00:00Z"}}, {NOW: "2024-05-01T00:00:00Z"}, False),
    (
        "date-eq-datetime",
        {"DateEquals": {NOW: "2024-05-01T00:00:00Z"}},
        {NOW: datetime(2024, 5, 1, tzinfo=UTC)},
        True,
    ),
    (
        "date-naive-datetime-utc",
        {"DateEquals": {NOW: "2024-05-01T00:00:00Z"}},
        {NOW: datetime(2024, 5, 1)},
        True,
    ),
    ("date-epoch-policy", {"DateLessThan": {NOW: "1714521600"}}, {NOW: "2024-04-30T23:59:59Z"}, True),
    ("date-only", {"DateGreaterThan": {NOW: "2024-05-01"}}, {NOW: "2024-05-01T00:00:01Z"}, True),
    ("date-offset", {"DateEquals": {NOW: "2024-05-01T02:00:00+02:00"}}, {NOW: "2024-05-01T00:00:00Z"}, True),
    ("date-ne-missing", {"DateNotEquals": {NOW: "2024-05-01T00:00:00Z"}}, {}, True),
    (
        "date-fraction",
        {"DateLessThanEquals": {NOW: "2024-05-01T00:00:00.500Z"}},
        {NOW: "2024-05-01T00:00:00Z"},
        True,
    ),
    (
        "date-ge",
        {"DateGreaterThanEquals": {NOW: "2024-05-01T00:00:00Z"}},
        {NOW: "2024-05-01T00:00:00Z"},
        True,
    ),
    (
        "date-epochtime-key",
        {"DateGreaterThan": {"aws:EpochTime": "2020-01-01T00:00:00Z"}},
        {"aws:EpochTime": 1714521600},
        True,
    ),
    (
        "date-token-issue",
        {"DateLessThan": {"aws:TokenIssueTime": "2020-01-01T00:00:00Z"}},
        {"aws:TokenIssueTime": datetime(2024, 1, 1, tzinfo=UTC)},
        False,
    ),
    # ---- Bool
    ("bool-true", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": True}, True),
    ("bool-false-ctx", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": False}, False),
    ("bool-string-ctx", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "true"}, True),
    ("bool-case", {"Bool": {"aws:SecureTransport": "TRUE"}}, {"aws:SecureTransport": True}, True),
    ("bool-json", {"Bool": {"aws:SecureTransport": True}}, {"aws:SecureTransport": True}, True),
    ("bool-missing", {"Bool": {"aws:MultiFactorAuthPresent": "false"}}, {}, False),
    ("bool-ifexists-missing", {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}, {}, True),
    ("bool-garbage-ctx", {"Bool": {"aws:SecureTransport": "true"}}, {"aws:SecureTransport": "yes"}, False),
    # ---- Binary
    ("binary-bytes", {"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}, {"k": b"BinaryValue"}, True),
    ("binary-other", {"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}, {"k": b"x"}, False),
    ("binary-base64-ctx", {"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}, {"k": "QmluYXJ5VmFsdWU="}, True),
    ("binary-missing", {"BinaryEquals": {"k": "QmluYXJ5VmFsdWU="}}, {}, False),
    # ---- IP
    ("ip-in", {"IpAddress": {IP: "203.0.113.0/24"}}, {IP: "203.0.113.7"}, True),
    ("ip-out", {"IpAddress": {IP: "203.0.113.0/24"}}, {IP: "198.51.100.1"}, False),
    ("ip-bare", {"IpAddress": {IP: "203.0.113.7"}}, {IP: "203.0.113.7"}, True),
    ("ip-bare-other", {"IpAddress": {IP: "203.0.113.7"}}, {IP: "203.0.113.8"}, False),
    ("ip-v6", {"IpAddress": {IP: "2001:db8::/32"}}, {IP: "2001:db8::1"}, True),
    ("ip-v6-vs-v4", {"IpAddress": {IP: "2001:db8::/32"}}, {IP: "203.0.113.7"}, False),
    ("ip-or", {"IpAddress": {IP: ["203.0.113.0/24", "198.51.100.0/24"]}}, {IP: "198.51.100.9"}, True),
    ("notip-out", {"NotIpAddress": {IP: "203.0.113.0/24"}}, {IP: "198.51.100.1"}, True),
    ("notip-in", {"NotIpAddress": {IP: "203.0.113.0/24"}}, {IP: "203.0.113.7"}, False),
    ("notip-missing", {"NotIpAddress": {IP: "203.0.113.0/24"}}, {}, True),
    ("notip-nor", {"NotIpAddress": {IP: ["203.0.113.0/24", "198.51.100.0/24"]}}, {IP: "198.51.100.9"}, False),
    ("ip-garbage-ctx", {"IpAddress": {IP: "203.0.113.0/24"}}, {IP: "not-an-ip"}, False),
    # ---- ARN
    ("arn-like", {"ArnLike": {SRC: "arn:aws:sns:*:111122223333:topic"}}, {SRC: TOPIC}, True),
    ("arn-equals-wildcard", {"ArnEquals": {SRC: "arn:aws:sns:*:111122223333:*"}}, {SRC: TOPIC}, True),
    ("arn-like-doc-example", {"ArnLike": {SRC: FIN}}, {SRC: FIN_REQ}, False),
    ("arn-not-like-match", {"ArnNotLike": {SRC: "arn:aws:sns:*:111122223333:topic"}}, {SRC: TOPIC}, False),
    ("arn-not-like-other", {"ArnNotLike": {SRC: "arn:aws:sns:*:444455556666:*"}}, {SRC: TOPIC}, True),
    ("arn-not-equals-missing", {"ArnNotEquals": {SRC: TOPIC}}, {}, True),
    ("arn-case-sensitive", {"ArnLike": {SRC: "arn:aws:SNS:*:111122223333:topic"}}, {SRC: TOPIC}, False),
    ("arn-ctx-not-arn", {"ArnLike": {SRC: "arn:aws:sns:*:*:*"}}, {SRC: "topic"}, False),
    ("arn-not-equals-not-arn", {"ArnNotEquals": {SRC: TOPIC}}, {SRC: "topic"}, True),
    ("arn-region-no-colon-span", {"ArnLike": {SRC: "arn:aws:sns:*:topic"}}, {SRC: TOPIC}, False),
    # ---- Null
    ("null-true-missing", {"Null": {"aws:TokenIssueTime": "true"}}, {}, True),
    (
        "null-true-present",
        {"Null": {"aws:TokenIssueTime": "true"}},
        {"aws:TokenIssueTime": "2024-01-01T00:00:00Z"},
        False,
    ),
    ("null-false-present", {"Null": {UN: "false"}}, {UN: "alice"}, True),
    ("null-false-missing", {"Null": {UN: "false"}}, {}, False),
    ("null-json-bool", {"Null": {UN: True}}, {}, True),
    ("null-empty-list", {"Null": {KEYS: "true"}}, {KEYS: []}, True),
    # ---- Set operators
    ("all-eq-subset", {"ForAllValues:StringEquals": {KEYS: ["a", "b"]}}, {KEYS: ["a"]}, True),
    ("all-eq-extra", {"ForAllValues:StringEquals": {KEYS: ["a", "b"]}}, {KEYS: ["a", "c"]}, False),
    ("all-eq-missing", {"ForAllValues:StringEquals": {KEYS: ["a", "b"]}}, {}, True),
    ("all-eq-empty", {"ForAllValues:StringEquals": {KEYS: ["a", "b"]}}, {KEYS: []}, True),
    ("any-eq-hit", {"ForAnyValue:StringEquals": {KEYS: ["a", "b"]}}, {KEYS: ["c", "a"]}, True),
    ("any-eq-miss", {"ForAnyValue:StringEquals": {KEYS: ["a", "b"]}}, {KEYS: ["c"]}, False),
    ("any-eq-missing", {"ForAnyValue:StringEquals": {KEYS: ["a", "b"]}}, {}, False),
    ("all-ne-none-listed", {"ForAllValues:StringNotEquals": {KEYS: "a"}}, {KEYS: ["b", "c"]}, True),
    ("all-ne-one-listed", {"ForAllValues:StringNotEquals": {KEYS: "a"}}, {KEYS: ["a", "b"]}, False),
    ("any-ne-some-unlisted", {"ForAnyValue:StringNotEquals": {KEYS: "a"}}, {KEYS: ["a", "b"]}, True),
    ("any-ne-all-listed", {"ForAnyValue:StringNotEquals": {KEYS: "a"}}, {KEYS: ["a"]}, False),
    ("any-ne-missing", {"ForAnyValue:StringNotEquals": {KEYS: "a"}}, {}, False),
    ("all-like", {"ForAllValues:StringLike": {KEYS: "team*"}}, {KEYS: ["team-a", "team-b"]}, True),
    ("any-single-valued-ctx", {"ForAnyValue:StringEquals": {KEYS: ["a"]}}, {KEYS: "a"}, True),
    ("all-null-guard", {"ForAllValues:StringEquals": {KEYS: ["a"]}, "Null": {KEYS: "false"}}, {}, False),
    ("any-ignorecase", {"ForAnyValue:StringEqualsIgnoreCase": {KEYS: ["A"]}}, {KEYS: ["a"]}, True),
    ("all-ifexists-missing", {"ForAllValues:StringEqualsIfExists": {KEYS: ["a"]}}, {}, True),
    (
        "any-amr",
        {"ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"}},
        {"cognito-identity.amazonaws.com:amr": ["authenticated", "accounts.google.com"]},
        True,
    ),
    # ---- Variables in condition values
    ("var-eq", {"StringEquals": {RT: "${aws:PrincipalTag/team}"}}, {RT: "blue", TAG: "blue"}, True),
    ("var-eq-mismatch", {"StringEquals": {RT: "${aws:PrincipalTag/team}"}}, {RT: "blue", TAG: "red"}, False),
    ("var-eq-unresolvable", {"StringEquals": {RT: "${aws:PrincipalTag/team}"}}, {RT: "blue"}, False),
    ("var-ne-unresolvable", {"StringNotEquals": {RT: "${aws:PrincipalTag/team}"}}, {RT: "blue"}, True),
    (
        "var-like",
        {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
        {"s3:prefix": "home/alice/x", UN: "alice"},
        True,
    ),
    (
        "var-like-other",
        {"StringLike": {"s3:prefix": "home/${aws:username}/*"}},
        {"s3:prefix": "home/bob/x", UN: "alice"},
        False,
    ),
    (
        "var-default",
        {"StringEquals": {RT: "${aws:PrincipalTag/team, 'company-wide'}"}},
        {RT: "company-wide"},
        True,
    ),
    (
        "var-default-unused",
        {"StringEquals": {RT: "${aws:PrincipalTag/team, 'company-wide'}"}},
        {RT: "blue", TAG: "blue"},
        True,
    ),
    ("var-escape-star-eq", {"StringEquals": {"k": "${*}"}}, {"k": "*"}, True),
    ("var-escape-star-like-literal", {"StringLike": {"k": "a${*}"}}, {"k": "ab"}, False),
    ("var-escape-star-like", {"StringLike": {"k": "a${*}"}}, {"k": "a*"}, True),
    ("var-escape-dollar", {"StringEquals": {"k": "${$}"}}, {"k": "$"}, True),
    ("var-escape-qmark", {"StringEquals": {"k": "${?}"}}, {"k": "?"}, True),
    (
        "var-numeric-literal",
        {"NumericEquals": {"k": "${aws:EpochTime}"}},
        {"k": 5, "aws:EpochTime": 5},
        False,
    ),
    (
        "var-bool",
        {"Bool": {"aws:SecureTransport": "${aws:ViaAWSService}"}},
        {"aws:SecureTransport": True, "aws:ViaAWSService": True},
        True,
    ),
    (
        "var-arn",
        {"ArnLike": {SRC: "arn:aws:sns:*:${aws:PrincipalAccount}:*"}},
        {SRC: TOPIC, "aws:PrincipalAccount": "111122223333"},
        True,
    ),
    (
        "var-multi-valued-unresolvable",
        {"StringEquals": {"k": "${aws:TagKeys}"}},
        {"k": "a", KEYS: ["a", "b"]},
        False,
    ),
    ("var-ifexists-unresolved", {"StringEqualsIfExists": {RT: "${aws:PrincipalTag/team}"}}, {}, True),
]
