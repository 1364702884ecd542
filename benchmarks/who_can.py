"""who_can: one question asked of every principal of a large account.

An account of 2,000 roles and 5,000 customer managed policies (AWS's raised quotas: "IAM and AWS STS
quotas", up to 5,000 roles and 5,000 managed policies per account) is loaded from an
authorization-details export (``IAMMock.load``, which raises the account's quotas as the export
needs): each policy has two statements (object access to a team's prefix, a table), every hundredth
one also allows ``s3:DeleteBucket`` on the production buckets; each role has three of them attached
and an inline policy. ``IAMMock.who_can("s3:DeleteBucket", "arn:aws:s3:::prod-data")`` then asks all
2,000 roles: the first question (every role's policy set gathered and planned for the first time; the
policies themselves were compiled when created), the same question again, and another action each
round (medians over rounds; the account is loaded once). Target: well under a second.
"""

from __future__ import annotations

import gc
import json
import time
from collections.abc import Callable
from typing import Any

from .timing import QUICK, Sizes, median

ACCOUNT = "123456789012"
ACTION = "s3:DeleteBucket"
RESOURCE = "arn:aws:s3:::prod-data"
ATTACHED_PER_ROLE = 3
LOGS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
}
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def _policy(i: int) -> str:
    statements: list[dict[str, Any]] = [
        {
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject", "s3:ListBucket"],
            "Resource": [f"arn:aws:s3:::data-{i % 50}", f"arn:aws:s3:::data-{i % 50}/team-{i}/*"],
        },
        {
            "Effect": "Allow",
            "Action": ["dynamodb:Query", "dynamodb:GetItem"],
            "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{i % 20}",
            "Condition": {"StringEquals": {"aws:RequestedRegion": "us-east-1"}},
        },
    ]
    if i % 100 == 0:
        statements.append({"Effect": "Allow", "Action": "s3:DeleteBucket", "Resource": "arn:aws:s3:::prod-*"})
    return json.dumps({"Version": "2012-10-17", "Statement": statements})


def _export(roles: int, policies: int) -> dict[str, Any]:
    """The account as ``aws iam get-account-authorization-details`` writes it (documents as JSON)."""
    arn = f"arn:aws:iam::{ACCOUNT}"
    managed = [
        {
            "PolicyName": f"policy-{i:05d}",
            "Arn": f"{arn}:policy/policy-{i:05d}",
            "Path": "/",
            "DefaultVersionId": "v1",
            "PolicyVersionList": [
                {"Document": json.loads(_policy(i)), "VersionId": "v1", "IsDefaultVersion": True}
            ],
        }
        for i in range(policies)
    ]
    role_list = [
        {
            "RoleName": f"role-{r:05d}",
            "Path": f"/team-{r % 10}/",
            "Arn": f"{arn}:role/team-{r % 10}/role-{r:05d}",
            "AssumeRolePolicyDocument": json.loads(TRUST),
            "RolePolicyList": [{"PolicyName": "logs", "PolicyDocument": LOGS}],
            "AttachedManagedPolicies": [
                {"PolicyName": p["PolicyName"], "PolicyArn": p["Arn"]}
                for p in (
                    managed[(r * ATTACHED_PER_ROLE + k * 7) % policies] for k in range(ATTACHED_PER_ROLE)
                )
            ],
        }
        for r in range(roles)
    ]
    return {"UserDetailList": [], "GroupDetailList": [], "RoleDetailList": role_list, "Policies": managed}


def run(sizes: Sizes, log: Callable[[str], None]) -> dict[str, float]:
    from iammock import mock_iam

    roles, policies = (40, 100) if sizes is QUICK else (2000, 5000)
    export = _export(roles, policies)
    with mock_iam() as aws:
        log(f"who_can: loading {roles:,} roles and {policies:,} managed policies")
        t0 = time.perf_counter_ns()
        aws.load(export)  # raises the account's quotas as far as the export needs
        build_s = (time.perf_counter_ns() - t0) / 1e9
        # The build left a full collection of its millions of objects pending: it is the build's cost,
        # which would otherwise land on whatever allocates next.
        gc.collect()
        t0, c0 = time.perf_counter_ns(), time.process_time_ns()
        allowed = aws.who_can(ACTION, RESOURCE)
        first_ms = (time.perf_counter_ns() - t0) / 1e6
        first_cpu_ms = (time.process_time_ns() - c0) / 1e6
        again: list[float] = []
        for _ in range(sizes.rounds):
            t0 = time.perf_counter_ns()
            aws.who_can(ACTION, RESOURCE)
            again.append((time.perf_counter_ns() - t0) / 1e6)
        other: list[float] = []
        for i in range(sizes.rounds):
            # Another action, never asked before in this account: plans for it are made afresh.
            t0 = time.perf_counter_ns()
            aws.who_can("dynamodb:Query", f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{i}")
            other.append((time.perf_counter_ns() - t0) / 1e6)
    return {
        "who_can.roles": float(roles),
        "who_can.policies": float(policies),
        "who_can.build_s": build_s,
        "who_can.allowed": float(len(allowed)),
        "who_can.first_ms": first_ms,
        "who_can.first_cpu_ms": first_cpu_ms,
        "who_can.repeat_ms": median(again),
        "who_can.other_action_ms": median(other),
    }


def render(fig: dict[str, Any]) -> list[str]:
    first = fig["who_can.first_ms"]  # wall time: on a shared machine, CPU time is the steadier figure
    return [
        f"who_can (IAMMock.who_can over {fig['who_can.roles']:,.0f} roles, "
        f"{fig['who_can.policies']:,.0f} managed policies, {ATTACHED_PER_ROLE} attached per role + 1 inline)",
        f"  loaded from an authorization-details export (IAMMock.load) in {fig['who_can.build_s']:.1f} s",
        f"  who_can('{ACTION}', '{RESOURCE}'): {first:.0f} ms the first time "
        f"(CPU {fig['who_can.first_cpu_ms']:.0f} ms), "
        f"{fig['who_can.allowed']:,.0f} allowed (target well under 1,000 ms of CPU: "
        f"{'met' if fig['who_can.first_cpu_ms'] < 1000 else 'MISSED'})",
        f"  ... asked again: {fig['who_can.repeat_ms']:.0f} ms; "
        f"another action each time: {fig['who_can.other_action_ms']:.0f} ms (median of rounds)",
    ]
