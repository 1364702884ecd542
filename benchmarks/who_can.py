"""who_can: one question asked of every principal of a large account.

An account of 2,000 roles and 5,000 customer managed policies (AWS's raised quotas: "IAM and AWS STS
quotas", up to 5,000 roles and 5,000 managed policies per account) is built through boto3 as the
account root: each policy has two statements (object access to a team's prefix, a table), every
hundredth one also allows ``s3:DeleteBucket`` on the production buckets; each role has three of
them attached and an inline policy. ``IAMMock.who_can("s3:DeleteBucket", "arn:aws:s3:::prod-data")``
then asks all 2,000 roles: the first question (every role's policy set gathered and planned for the
first time; the policies themselves were compiled when created), the same question again, and another
action each round (medians over rounds; the account is built once). Target: well under a second.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import boto3

from .timing import QUICK, Sizes, median

ACCOUNT = "123456789012"
ACTION = "s3:DeleteBucket"
RESOURCE = "arn:aws:s3:::prod-data"
ATTACHED_PER_ROLE = 3
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


@contextlib.contextmanager
def _quotas(aws: Any, roles: int, policies: int) -> Iterator[None]:
    """AWS's default quotas are 1,000 roles and 1,500 managed policies per account (iammock enforces
    both): raised for the benchmark's duration, as an approved Service Quotas increase would
    (``IAMMock.raise_quota`` where the mock has it, else iammock's module-level quotas)."""
    from iammock.backend.iam import managed_policies
    from iammock.backend.iam import roles as role_module

    raise_quota = getattr(aws, "raise_quota", None)
    if raise_quota is not None:
        raise_quota("RolesQuota", roles)
        raise_quota("PoliciesQuota", policies)
    with contextlib.ExitStack() as stack:
        for module, name, value in (
            (role_module, "MAX_ROLES", roles),
            (managed_policies, "MAX_POLICIES", policies),
        ):
            if raise_quota is None and hasattr(module, name):
                stack.enter_context(mock.patch.object(module, name, max(getattr(module, name), value)))
        yield


def _build(iam: Any, roles: int, policies: int) -> None:
    arns = [
        iam.create_policy(PolicyName=f"policy-{i:05d}", PolicyDocument=_policy(i))["Policy"]["Arn"]
        for i in range(policies)
    ]
    for r in range(roles):
        name = f"role-{r:05d}"
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST, Path=f"/team-{r % 10}/")
        for k in range(ATTACHED_PER_ROLE):
            iam.attach_role_policy(RoleName=name, PolicyArn=arns[(r * ATTACHED_PER_ROLE + k * 7) % policies])
        iam.put_role_policy(
            RoleName=name,
            PolicyName="logs",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "logs:PutLogEvents", "Resource": "*"}],
                }
            ),
        )


def run(sizes: Sizes, log: Callable[[str], None]) -> dict[str, float]:
    from iammock import mock_iam

    roles, policies = (40, 100) if sizes is QUICK else (2000, 5000)
    with mock_iam() as aws, _quotas(aws, roles, policies):
        iam = boto3.client("iam")
        log(f"who_can: building {roles:,} roles and {policies:,} managed policies")
        t0 = time.perf_counter_ns()
        _build(iam, roles, policies)
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
        f"  built through boto3 in {fig['who_can.build_s']:.1f} s",
        f"  who_can('{ACTION}', '{RESOURCE}'): {first:.0f} ms the first time "
        f"(CPU {fig['who_can.first_cpu_ms']:.0f} ms), "
        f"{fig['who_can.allowed']:,.0f} allowed (target well under 1,000 ms of CPU: "
        f"{'met' if fig['who_can.first_cpu_ms'] < 1000 else 'MISSED'})",
        f"  ... asked again: {fig['who_can.repeat_ms']:.0f} ms; "
        f"another action each time: {fig['who_can.other_action_ms']:.0f} ms (median of rounds)",
    ]
