"""Decision cases (reference §1.2-1.6, table 1.3, §6 messages).

Each case: (id, principal, action, resource, policy-set spec, context, expected outcome,
expected denied_by, expected message or None to skip the message check).
"""

from __future__ import annotations

from typing import Any

from iammock.engine import Principal
from iammock.engine import PolicyKind as K

from .helpers import (
    A,
    ANON,
    B,
    B_ROOT,
    B_USER,
    B_USER_ARN,
    BOB,
    FED,
    FED_ARN,
    LAMBDA,
    ROLE_ARN,
    ROOT,
    SESSION,
    SESSION_ARN,
    USER,
    USER_ARN,
    WEB,
    allow,
    deny,
)

OBJ = "arn:aws:s3:::bucket/key"
GET = "s3:GetObject"
TARGET = f"arn:aws:iam::{A}:role/Target"
AR = "sts:AssumeRole"
ALLOWED, IMPLICIT, EXPLICIT = "allowed", "implicit_deny", "explicit_deny"

ALLOW_ALL = [allow()]
ALLOW_GET = [allow(GET)]
ALLOW_IAM = [allow("iam:*")]


def rbp(principal: Any, effect: str = "Allow", action: str = GET, **extra: Any) -> list[dict[str, Any]]:
    st = (allow if effect == "Allow" else deny)(action, "arn:aws:s3:::bucket/*", Principal=principal, **extra)
    return [st]


def tp(principal: Any, effect: str = "Allow", action: str = AR, **extra: Any) -> list[dict[str, Any]]:
    st: dict[str, Any] = {"Effect": effect, "Action": action, "Principal": principal, **extra}
    return [st]


def msg(who: Principal | str, action: str, resource: str | None, tail: str) -> str:
    arn = who if isinstance(who, str) else who.arn
    on = f" on resource: {resource}" if resource else ""
    return f"User: {arn} is not authorized to perform: {action}{on} {tail}"


def no(kind: str, action: str = GET) -> str:
    return f"because no {kind} allows the {action} action"


def _notprincipal_policy(listed: list[str]) -> list[dict[str, Any]]:
    return [
        allow(GET, "arn:aws:s3:::bucket/*", Principal="*"),
        deny("s3:*", "arn:aws:s3:::bucket/*", NotPrincipal={"AWS": listed}),
    ]


_LISTED = [USER_ARN, f"arn:aws:iam::{A}:root"]


Case = tuple[str, Principal, str, str, dict[str, Any], dict[str, Any], str, K | None, str | None]

DECISION_CASES: list[Case] = [
    # ---- identity, boundary, session (§1.2)
    ("identity-allow", USER, GET, OBJ, {"identity": [ALLOW_GET]}, {}, ALLOWED, None, ""),
    (
        "no-policies",
        USER,
        GET,
        OBJ,
        {},
        {},
        IMPLICIT,
        K.IDENTITY,
        msg(USER, GET, OBJ, no("identity-based policy")),
    ),  # fmt: skip
    ("identity-other-action", USER, GET, OBJ, {"identity": [ALLOW_IAM]}, {}, IMPLICIT, K.IDENTITY, None),
    (
        "identity-explicit-deny",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL, [deny("s3:*")]]},
        {},
        EXPLICIT,
        K.IDENTITY,
        msg(USER, GET, OBJ, "with an explicit deny in an identity-based policy"),
    ),  # fmt: skip
    (
        "deny-same-policy",
        USER,
        GET,
        OBJ,
        {"identity": [[allow(), deny(GET, OBJ)]]},
        {},
        EXPLICIT,
        K.IDENTITY,
        None,
    ),
    (
        "deny-notaction",
        USER,
        GET,
        OBJ,
        {"identity": [[allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]]},
        {},
        EXPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "deny-notaction-excluded",
        USER,
        "iam:GetUser",
        USER_ARN,
        {"identity": [[allow(), {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*"}]]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "no-resource-suffix-for-star",
        USER,
        "iam:ListUsers",
        "*",
        {},
        {},
        IMPLICIT,
        K.IDENTITY,
        msg(USER, "iam:ListUsers", None, no("identity-based policy", "iam:ListUsers")),
    ),  # fmt: skip
    (
        "boundary-allows",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "boundary": [allow("s3:*")]},
        {},
        ALLOWED,
        None,
        "",
    ),
    (
        "boundary-caps",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "boundary": ALLOW_IAM},
        {},
        IMPLICIT,
        K.BOUNDARY,
        msg(USER, GET, OBJ, no("permissions boundary")),
    ),  # fmt: skip
    ("boundary-cannot-grant", USER, GET, OBJ, {"boundary": ALLOW_ALL}, {}, IMPLICIT, K.IDENTITY, None),
    (
        "boundary-explicit",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "boundary": [allow(), deny(GET)]},
        {},
        EXPLICIT,
        K.BOUNDARY,
        msg(USER, GET, OBJ, "with an explicit deny in a permissions boundary"),
    ),  # fmt: skip
    ("role-no-session-policy", SESSION, GET, OBJ, {"identity": [ALLOW_GET]}, {}, ALLOWED, None, ""),
    (
        "role-session-policy-allows",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "session": [ALLOW_ALL]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "role-session-policy-caps",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "session": [ALLOW_IAM]},
        {},
        IMPLICIT,
        K.SESSION,
        msg(SESSION_ARN, GET, OBJ, no("session policy")),
    ),  # fmt: skip
    (
        "role-session-policy-deny",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "session": [[allow(), deny(GET)]]},
        {},
        EXPLICIT,
        K.SESSION,
        msg(SESSION_ARN, GET, OBJ, "with an explicit deny in a sessions policy"),
    ),  # fmt: skip
    (
        "session-cannot-grant",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_IAM], "session": [ALLOW_ALL]},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "session-any-of-several",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "session": [ALLOW_IAM, ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "federated-no-session-policy",
        FED,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL]},
        {},
        IMPLICIT,
        K.SESSION,
        msg(FED_ARN, GET, OBJ, no("session policy")),
    ),  # fmt: skip
    (
        "federated-session-policy",
        FED,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "session": [ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "federated-session-caps",
        FED,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "session": [ALLOW_IAM]},
        {},
        IMPLICIT,
        K.SESSION,
        None,
    ),  # fmt: skip
    (
        "boundary-and-session",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "boundary": ALLOW_GET, "session": [ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "boundary-before-session",
        SESSION,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "boundary": ALLOW_IAM, "session": [ALLOW_IAM]},
        {},
        IMPLICIT,
        K.BOUNDARY,
        None,
    ),  # fmt: skip
    (
        "explicit-identity-before-boundary",
        USER,
        GET,
        OBJ,
        {"identity": [[deny(GET)]], "boundary": [deny(GET)]},
        {},
        EXPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    # ---- same-account resource policy, table 1.3
    ("rbp-user-arn", USER, GET, OBJ, {"resource": rbp({"AWS": USER_ARN})}, {}, ALLOWED, None, ""),
    (
        "rbp-user-arn-other-user",
        BOB,
        GET,
        OBJ,
        {"resource": rbp({"AWS": USER_ARN})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),
    (
        "rbp-user-arn-ignores-boundary",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": USER_ARN}), "boundary": ALLOW_IAM},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    ("rbp-role-arn", SESSION, GET, OBJ, {"resource": rbp({"AWS": ROLE_ARN})}, {}, ALLOWED, None, ""),
    (
        "rbp-role-arn-boundary-caps",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": ROLE_ARN}), "boundary": ALLOW_IAM},
        {},
        IMPLICIT,
        K.BOUNDARY,
        None,
    ),  # fmt: skip
    (
        "rbp-role-arn-session-caps",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": ROLE_ARN}), "session": [ALLOW_IAM]},
        {},
        IMPLICIT,
        K.SESSION,
        None,
    ),  # fmt: skip
    (
        "rbp-role-arn-session-allows",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": ROLE_ARN}), "session": [ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-session-arn-ignores-caps",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": SESSION_ARN}), "session": [ALLOW_IAM], "boundary": ALLOW_IAM},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-other-session-arn",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": f"arn:aws:sts::{A}:assumed-role/Deployer/other"})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    ("rbp-federated-arn", FED, GET, OBJ, {"resource": rbp({"AWS": FED_ARN})}, {}, ALLOWED, None, ""),
    (
        "rbp-parent-user-federated-capped",
        FED,
        GET,
        OBJ,
        {"resource": rbp({"AWS": USER_ARN}), "session": [ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-parent-user-federated-no-session",
        FED,
        GET,
        OBJ,
        {"resource": rbp({"AWS": USER_ARN})},
        {},
        IMPLICIT,
        K.SESSION,
        None,
    ),  # fmt: skip
    (
        "rbp-account-needs-identity",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": A})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),
    (
        "rbp-account-with-identity",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": A}), "identity": [ALLOW_GET]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-root-arn-needs-identity",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": f"arn:aws:iam::{A}:root"})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    ("rbp-star", BOB, GET, OBJ, {"resource": rbp("*")}, {}, ALLOWED, None, ""),
    ("rbp-aws-star", BOB, GET, OBJ, {"resource": rbp({"AWS": "*"})}, {}, ALLOWED, None, ""),
    (
        "rbp-star-principalarn-ignores-boundary",
        USER,
        GET,
        OBJ,
        {
            "resource": rbp("*", Condition={"ArnEquals": {"aws:PrincipalArn": USER_ARN}}),
            "boundary": ALLOW_IAM,
        },
        {"aws:PrincipalArn": USER_ARN},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-star-condition-fails",
        BOB,
        GET,
        OBJ,
        {"resource": rbp("*", Condition={"ArnEquals": {"aws:PrincipalArn": USER_ARN}})},
        {"aws:PrincipalArn": BOB.arn},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    ("rbp-unique-id", USER, GET, OBJ, {"resource": rbp({"AWS": USER.entity_id})}, {}, ALLOWED, None, ""),
    (
        "rbp-explicit-deny",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": USER_ARN}, "Deny"), "identity": [ALLOW_ALL]},
        {},
        EXPLICIT,
        K.RESOURCE,
        msg(USER, GET, OBJ, "with an explicit deny in a resource-based policy"),
    ),  # fmt: skip
    (
        "rbp-deny-other-principal",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": BOB.arn}, "Deny"), "identity": [ALLOW_ALL]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rbp-other-action",
        USER,
        "s3:PutObject",
        OBJ,
        {"resource": rbp({"AWS": USER_ARN})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "rbp-canonical-user-no-match",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"CanonicalUser": "79a59df900b949e55d96a1e6"})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
]

DECISION_CASES += [
    # ---- NotPrincipal, and the boundary gotcha (§1.3)
    (
        "notprincipal-deny-excluded",
        USER,
        GET,
        OBJ,
        {"resource": _notprincipal_policy(_LISTED)},
        {},
        ALLOWED,
        None,
        "",
    ),
    (
        "notprincipal-boundary-gotcha",
        USER,
        GET,
        OBJ,
        {"resource": _notprincipal_policy(_LISTED), "boundary": ALLOW_ALL, "identity": [ALLOW_ALL]},
        {},
        EXPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "notprincipal-not-listed",
        BOB,
        GET,
        OBJ,
        {"resource": _notprincipal_policy(_LISTED), "identity": [ALLOW_ALL]},
        {},
        EXPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "notprincipal-without-account",
        USER,
        GET,
        OBJ,
        {"resource": _notprincipal_policy([USER_ARN]), "identity": [ALLOW_ALL]},
        {},
        EXPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "notprincipal-session-arn",
        SESSION,
        GET,
        OBJ,
        {"resource": _notprincipal_policy([SESSION_ARN, f"arn:aws:iam::{A}:root"])},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    # ---- principal forms against callers
    (
        "service-principal",
        LAMBDA,
        GET,
        OBJ,
        {"resource": rbp({"Service": "lambda.amazonaws.com"})},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "service-principal-other",
        LAMBDA,
        GET,
        OBJ,
        {"resource": rbp({"Service": ["ec2.amazonaws.com"]})},
        {},
        IMPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "service-principal-vs-user",
        USER,
        GET,
        OBJ,
        {"resource": rbp({"Service": "lambda.amazonaws.com"})},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    ("anonymous-star", ANON, GET, OBJ, {"resource": rbp("*")}, {}, ALLOWED, None, ""),
    ("anonymous-named", ANON, GET, OBJ, {"resource": rbp({"AWS": USER_ARN})}, {}, IMPLICIT, K.RESOURCE, None),
    ("anonymous-no-policy", ANON, GET, OBJ, {}, {}, IMPLICIT, K.RESOURCE, None),
    # ---- cross-account (§1.4)
    (
        "xacct-account-and-identity",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B}), "identity": [ALLOW_GET], "resource_account": A},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "xacct-account-no-identity",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B}), "resource_account": A},
        {},
        IMPLICIT,
        K.IDENTITY,
        msg(B_USER, GET, OBJ, no("identity-based policy")),
    ),  # fmt: skip
    (
        "xacct-arn-still-needs-identity",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B_USER_ARN}), "resource_account": A},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "xacct-arn-with-identity",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B_USER_ARN}), "identity": [ALLOW_GET], "resource_account": A},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "xacct-no-rbp",
        B_USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "resource_account": A},
        {},
        IMPLICIT,
        K.RESOURCE,
        msg(B_USER, GET, OBJ, no("resource-based policy")),
    ),  # fmt: skip
    (
        "xacct-rbp-other-account",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": "999988887777"}), "identity": [ALLOW_GET], "resource_account": A},
        {},
        IMPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "xacct-rbp-deny",
        B_USER,
        GET,
        OBJ,
        {
            "resource": rbp({"AWS": B}) + rbp({"AWS": B_USER_ARN}, "Deny"),
            "identity": [ALLOW_GET],
            "resource_account": A,
        },
        {},
        EXPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "xacct-boundary-caps",
        B_USER,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B}), "identity": [ALLOW_GET], "boundary": ALLOW_IAM, "resource_account": A},
        {},
        IMPLICIT,
        K.BOUNDARY,
        None,
    ),  # fmt: skip
    (
        "xacct-root",
        B_ROOT,
        GET,
        OBJ,
        {"resource": rbp({"AWS": B}), "resource_account": A},
        {},
        ALLOWED,
        None,
        "",
    ),
    (
        "xacct-root-not-named",
        B_ROOT,
        GET,
        OBJ,
        {"resource": rbp({"AWS": A}), "resource_account": A},
        {},
        IMPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
    (
        "xacct-role-session",
        SESSION,
        GET,
        OBJ,
        {"resource": rbp({"AWS": ROLE_ARN}), "identity": [ALLOW_GET], "resource_account": B},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    # ---- root user
    ("root-own-account", ROOT, GET, OBJ, {}, {}, ALLOWED, None, ""),
    ("root-rbp-deny", ROOT, GET, OBJ, {"resource": rbp({"AWS": A}, "Deny")}, {}, EXPLICIT, K.RESOURCE, None),
    (
        "root-scp-blocks",
        ROOT,
        GET,
        OBJ,
        {"scps": [[ALLOW_IAM]]},
        {},
        IMPLICIT,
        K.SCP,
        msg(ROOT, GET, OBJ, "with an explicit deny in a service control policy"),
    ),  # fmt: skip
    (
        "root-cannot-assume",
        ROOT,
        AR,
        TARGET,
        {"trust": tp({"AWS": A})},
        {},
        IMPLICIT,
        None,
        "Roles may not be assumed by root accounts.",
    ),  # fmt: skip
    # ---- role trust policies (§1.5)
    ("trust-user-explicit", USER, AR, TARGET, {"trust": tp({"AWS": USER_ARN})}, {}, ALLOWED, None, ""),
    (
        "trust-account-no-identity",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": A})},
        {},
        IMPLICIT,
        K.IDENTITY,
        msg(USER, AR, TARGET, no("identity-based policy", AR)),
    ),  # fmt: skip
    (
        "trust-account-identity",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": A}), "identity": [[allow(AR, TARGET)]]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-account-identity-other-role",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": A}), "identity": [[allow(AR, f"arn:aws:iam::{A}:role/Other")]]},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "trust-not-named",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": BOB.arn}), "identity": [ALLOW_ALL]},
        {},
        IMPLICIT,
        K.TRUST,
        msg(USER, AR, TARGET, no("role trust policy", AR)),
    ),  # fmt: skip
    (
        "trust-identity-alone-insufficient",
        USER,
        AR,
        TARGET,
        {"trust": tp({"Service": "ec2.amazonaws.com"}), "identity": [ALLOW_ALL]},
        {},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-explicit-deny",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": A}) + tp({"AWS": USER_ARN}, "Deny"), "identity": [ALLOW_ALL]},
        {},
        EXPLICIT,
        K.TRUST,
        msg(USER, AR, TARGET, "with an explicit deny in the role trust policy"),
    ),  # fmt: skip
    (
        "trust-user-ignores-boundary",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": USER_ARN}), "boundary": ALLOW_IAM},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-identity-deny-wins",
        USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": USER_ARN}), "identity": [[deny("sts:*")]]},
        {},
        EXPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    ("trust-role-chaining", SESSION, AR, TARGET, {"trust": tp({"AWS": ROLE_ARN})}, {}, ALLOWED, None, ""),
    (
        "trust-role-chaining-session-caps",
        SESSION,
        AR,
        TARGET,
        {"trust": tp({"AWS": ROLE_ARN}), "session": [ALLOW_IAM]},
        {},
        IMPLICIT,
        K.SESSION,
        None,
    ),  # fmt: skip
    (
        "trust-session-arn",
        SESSION,
        AR,
        TARGET,
        {"trust": tp({"AWS": SESSION_ARN}), "session": [ALLOW_IAM]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-no-self-assume",
        SESSION,
        AR,
        ROLE_ARN,
        {"trust": tp({"Service": "ec2.amazonaws.com"}), "identity": [ALLOW_ALL]},
        {},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-xacct-account",
        B_USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": B}), "identity": [[allow(AR)]], "resource_account": A},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-xacct-arn-no-identity",
        B_USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": B_USER_ARN}), "resource_account": A},
        {},
        IMPLICIT,
        K.IDENTITY,
        None,
    ),  # fmt: skip
    (
        "trust-xacct-not-trusted",
        B_USER,
        AR,
        TARGET,
        {"trust": tp({"AWS": A}), "identity": [[allow(AR)]], "resource_account": A},
        {},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-xacct-scp",
        B_USER,
        AR,
        TARGET,
        {
            "trust": tp({"AWS": B}),
            "identity": [[allow(AR)]],
            "resource_account": A,
            "scps": [[[deny("sts:*")]]],
        },
        {},
        EXPLICIT,
        K.SCP,
        None,
    ),  # fmt: skip
    (
        "trust-external-id",
        B_USER,
        AR,
        TARGET,
        {
            "trust": tp({"AWS": B}, Condition={"StringEquals": {"sts:ExternalId": "xyz"}}),
            "identity": [[allow(AR)]],
            "resource_account": A,
        },
        {"sts:ExternalId": "xyz"},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-external-id-wrong",
        B_USER,
        AR,
        TARGET,
        {
            "trust": tp({"AWS": B}, Condition={"StringEquals": {"sts:ExternalId": "xyz"}}),
            "identity": [[allow(AR)]],
            "resource_account": A,
        },
        {"sts:ExternalId": "abc"},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-web-identity",
        WEB,
        "sts:AssumeRoleWithWebIdentity",
        TARGET,
        {
            "trust": tp(
                {"Federated": "accounts.google.com"},
                action="sts:AssumeRoleWithWebIdentity",
                Condition={"StringEquals": {"accounts.google.com:aud": "my-app"}},
            )
        },
        {"accounts.google.com:aud": "my-app"},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-web-identity-wrong-aud",
        WEB,
        "sts:AssumeRoleWithWebIdentity",
        TARGET,
        {
            "trust": tp(
                {"Federated": "accounts.google.com"},
                action="sts:AssumeRoleWithWebIdentity",
                Condition={"StringEquals": {"accounts.google.com:aud": "my-app"}},
            )
        },
        {"accounts.google.com:aud": "other"},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-web-identity-wrong-action",
        WEB,
        "sts:AssumeRoleWithWebIdentity",
        TARGET,
        {"trust": tp({"Federated": "accounts.google.com"})},
        {},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    (
        "trust-service",
        LAMBDA,
        AR,
        TARGET,
        {"trust": tp({"Service": "lambda.amazonaws.com"})},
        {},
        ALLOWED,
        None,
        "",
    ),
    (
        "trust-tag-session",
        USER,
        "sts:TagSession",
        TARGET,
        {"trust": tp({"AWS": USER_ARN}, action=["sts:AssumeRole", "sts:TagSession"])},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "trust-tag-session-missing",
        USER,
        "sts:TagSession",
        TARGET,
        {"trust": tp({"AWS": USER_ARN})},
        {},
        IMPLICIT,
        K.TRUST,
        None,
    ),  # fmt: skip
    # ---- SCPs (levels) and RCPs
    (
        "scp-full-access",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "scps": [[ALLOW_ALL]]},
        {},
        ALLOWED,
        None,
        "",
    ),
    (
        "scp-level-missing-allow",
        USER,
        "iam:CreateUser",
        "*",
        {"identity": [ALLOW_ALL], "scps": [[ALLOW_ALL], [[allow("s3:*")]]]},
        {},
        IMPLICIT,
        K.SCP,
        msg(USER, "iam:CreateUser", None, "with an explicit deny in a service control policy"),
    ),  # fmt: skip
    (
        "scp-every-level-allows",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "scps": [[ALLOW_ALL], [[allow("s3:*")]], [ALLOW_GET]]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "scp-any-policy-in-level",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "scps": [[ALLOW_IAM, ALLOW_GET]]},
        {},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "scp-deny-any-level",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_ALL], "scps": [[ALLOW_ALL], [[allow(), deny(GET)]]]},
        {},
        EXPLICIT,
        K.SCP,
        msg(USER, GET, OBJ, "with an explicit deny in a service control policy"),
    ),  # fmt: skip
    ("scp-cannot-grant", USER, GET, OBJ, {"scps": [[ALLOW_ALL]]}, {}, IMPLICIT, K.IDENTITY, None),
    (
        "scp-deny-before-identity-deny",
        USER,
        GET,
        OBJ,
        {"identity": [[deny(GET)]], "scps": [[[allow(), deny(GET)]]]},
        {},
        EXPLICIT,
        K.SCP,
        None,
    ),  # fmt: skip
    (
        "scp-region-condition",
        USER,
        GET,
        OBJ,
        {
            "identity": [ALLOW_ALL],
            "scps": [
                [[allow(), deny(Condition={"StringNotEquals": {"aws:RequestedRegion": ["us-east-1"]}})]]
            ],
        },
        {"aws:RequestedRegion": "eu-west-1"},
        EXPLICIT,
        K.SCP,
        None,
    ),  # fmt: skip
    (
        "rcp-external-deny",
        B_USER,
        GET,
        OBJ,
        {
            "resource": rbp({"AWS": B}),
            "identity": [ALLOW_GET],
            "resource_account": A,
            "rcps": [
                [
                    [allow(Principal="*")],
                    [deny("s3:*", Principal="*", Condition={"StringNotEquals": {"aws:PrincipalAccount": A}})],
                ]
            ],
        },
        {"aws:PrincipalAccount": B},
        EXPLICIT,
        K.RCP,
        msg(B_USER, GET, OBJ, "with an explicit deny in a resource control policy"),
    ),  # fmt: skip
    (
        "rcp-internal-ok",
        USER,
        GET,
        OBJ,
        {
            "identity": [ALLOW_GET],
            "rcps": [
                [
                    [allow(Principal="*")],
                    [deny("s3:*", Principal="*", Condition={"StringNotEquals": {"aws:PrincipalAccount": A}})],
                ]
            ],
        },
        {"aws:PrincipalAccount": A},
        ALLOWED,
        None,
        "",
    ),  # fmt: skip
    (
        "rcp-level-missing-allow",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "rcps": [[[allow("sqs:*", Principal="*")]]]},
        {},
        IMPLICIT,
        K.RCP,
        None,
    ),  # fmt: skip
    (
        "rcp-before-scp",
        USER,
        GET,
        OBJ,
        {"identity": [ALLOW_GET], "rcps": [[[deny(GET, Principal="*")]]], "scps": [[[deny(GET)]]]},
        {},
        EXPLICIT,
        K.RCP,
        None,
    ),  # fmt: skip
    (
        "kms-style-must-allow",
        USER,
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:111122223333:key/k",
        {"identity": [ALLOW_ALL], "must_allow": True},
        {},
        IMPLICIT,
        K.RESOURCE,
        None,
    ),  # fmt: skip
]
