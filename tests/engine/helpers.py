"""Builders shared by the engine tests: principals, statements and policy sets in a few characters."""

from __future__ import annotations

import json
from typing import Any

from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Principal, parse_policy

A = "111122223333"  # the caller's account
B = "444455556666"  # another account
USER_ARN = f"arn:aws:iam::{A}:user/alice"
USER_ID = "AIDAQ3EGALICEEXAMPLE1"
ROLE_ARN = f"arn:aws:iam::{A}:role/app/Deployer"
ROLE_ID = "AROAQ3EGROLEEXAMPLE01"
SESSION_ARN = f"arn:aws:sts::{A}:assumed-role/Deployer/build-42"
FED_ARN = f"arn:aws:sts::{A}:federated-user/bob"
B_USER_ARN = f"arn:aws:iam::{B}:user/carol"

USER = Principal("user", USER_ARN, A, USER_ARN, USER_ID)
BOB = Principal(
    "user", f"arn:aws:iam::{A}:user/bob", A, f"arn:aws:iam::{A}:user/bob", "AIDAQ3EGBOBEXAMPLE001"
)
SESSION = Principal("assumed_role", SESSION_ARN, A, ROLE_ARN, ROLE_ID)
FED = Principal("federated_user", FED_ARN, A, None, None, parent_arn=USER_ARN)
ROOT = Principal("root", f"arn:aws:iam::{A}:root", A)
B_USER = Principal("user", B_USER_ARN, B, B_USER_ARN, "AIDAQ3EGCAROLEXAMPLE1")
B_ROOT = Principal("root", f"arn:aws:iam::{B}:root", B)
LAMBDA = Principal("service", "lambda.amazonaws.com", "", service="lambda.amazonaws.com")
WEB = Principal("web_identity", "accounts.google.com", "", provider="accounts.google.com")
ANON = Principal("anonymous", "anonymous", "")

Stmt = dict[str, Any]


def allow(action: str | list[str] = "*", resource: str | list[str] | None = "*", **extra: Any) -> Stmt:
    st: Stmt = {"Effect": "Allow", "Action": action}
    if resource is not None:
        st["Resource"] = resource
    st.update(extra)
    return st


def deny(action: str | list[str] = "*", resource: str | list[str] | None = "*", **extra: Any) -> Stmt:
    st = allow(action, resource, **extra)
    st["Effect"] = "Deny"
    return st


def doc(*statements: Stmt, version: str | None = "2012-10-17") -> str:
    d: dict[str, Any] = {"Statement": list(statements)}
    if version is not None:
        d = {"Version": version, **d}
    return json.dumps(d, indent=2)


def named(statements: list[Stmt] | tuple[Stmt, ...], kind: PolicyKind, name: str = "p") -> NamedPolicy:
    return NamedPolicy(parse_policy(doc(*statements), kind), name, kind)


def policy_set(spec: dict[str, Any]) -> PolicySet:
    """A PolicySet from a case dict (identity, boundary, session, resource, trust, scps, rcps, …)."""
    identity = tuple(
        named(stmts, PolicyKind.INLINE, f"identity{i}") for i, stmts in enumerate(spec.get("identity", []))
    )
    boundary = named(spec["boundary"], PolicyKind.BOUNDARY, "boundary") if "boundary" in spec else None
    session = None
    if "session" in spec:
        session = tuple(named(s, PolicyKind.SESSION, f"session{i}") for i, s in enumerate(spec["session"]))
    resource = None
    must = spec.get("must_allow", False)
    if "trust" in spec:
        resource = named(spec["trust"], PolicyKind.TRUST, "trust")
        must = True
    elif "resource" in spec:
        resource = named(spec["resource"], PolicyKind.RESOURCE, "bucket-policy")
    scps = tuple(
        tuple(named(p, PolicyKind.SCP, f"scp{lv}.{i}") for i, p in enumerate(level))
        for lv, level in enumerate(spec.get("scps", []))
    )
    rcps = tuple(
        tuple(named(p, PolicyKind.RCP, f"rcp{lv}.{i}") for i, p in enumerate(level))
        for lv, level in enumerate(spec.get("rcps", []))
    )
    return PolicySet(
        identity=identity,
        boundary=boundary,
        session=session,
        resource=resource,
        resource_account=spec.get("resource_account"),
        scps=scps,
        rcps=rcps,
        resource_must_allow=must,
    )
