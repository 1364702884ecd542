"""Per-call latency: iammock (as root, and as an IAM user whose policies the engine evaluates) against
moto's ``mock_aws`` and botocore's ``Stubber`` (pre-queued responses: botocore's own cost, the floor).

Each round enters a fresh mock per contender, builds the same state through boto3 (untimed), then times
every operation; contenders alternate round by round, in a rotating order.
"""

from __future__ import annotations

import contextlib
import copy
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import boto3
from botocore.exceptions import ClientError
from botocore.stub import Stubber

from .timing import Sizes, calls_for, median, ratio, time_calls

ACCOUNT = "123456789012"
REGION = "us-east-1"
ALICE_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app-deployer"
USERS = 100  # ListUsers answers all of them in one page

# create_user last: it grows the user list the other operations see.
OPERATIONS = (
    "iam.get_user",
    "iam.list_users",
    "sts.get_caller_identity",
    "sts.assume_role",
    "iam.simulate_principal_policy",
    "iam.create_user",
)
CONTENDERS = ("floor", "iammock_root", "iammock_user", "moto")
NOT_IMPLEMENTED = frozenset({"InvalidAction", "NotImplemented", "NotImplementedException"})


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


# The caller's permissions: two customer managed policies and one inline policy, 9 statements over
# several services, one with a condition, as a CI deployer's user might have.
BENCH_POLICIES = {
    "iam-read": _doc(
        {
            "Sid": "ReadUsers",
            "Effect": "Allow",
            "Action": ["iam:GetUser", "iam:ListUsers", "iam:ListAccessKeys", "iam:GetUserPolicy"],
            "Resource": f"arn:aws:iam::{ACCOUNT}:user/*",
        },
        {
            "Sid": "Simulate",
            "Effect": "Allow",
            "Action": ["iam:SimulatePrincipalPolicy", "iam:GetContextKeysForPrincipalPolicy"],
            "Resource": f"arn:aws:iam::{ACCOUNT}:user/*",
        },
        {
            "Sid": "ReadRoles",
            "Effect": "Allow",
            "Action": ["iam:GetRole", "iam:ListRole*"],
            "Resource": f"arn:aws:iam::{ACCOUNT}:role/app-*",
        },
    ),
    "deploy": _doc(
        {
            "Sid": "Assume",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": f"arn:aws:iam::{ACCOUNT}:role/app-*",
        },
        {
            "Sid": "Artifacts",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "s3:PutObject"],
            "Resource": "arn:aws:s3:::deploy-artifacts-*/*",
        },
        {
            "Sid": "Functions",
            "Effect": "Allow",
            "Action": ["lambda:UpdateFunctionCode", "lambda:GetFunction"],
            "Resource": f"arn:aws:lambda:*:{ACCOUNT}:function:app-*",
        },
        {
            "Sid": "NoProdTables",
            "Effect": "Deny",
            "Action": "dynamodb:*",
            "Resource": f"arn:aws:dynamodb:*:{ACCOUNT}:table/prod-*",
        },
    ),
}
BENCH_INLINE = _doc(
    {
        "Sid": "CreateFromOffice",
        "Effect": "Allow",
        "Action": ["iam:CreateUser", "iam:TagUser"],
        "Resource": f"arn:aws:iam::{ACCOUNT}:user/*",
        "Condition": {"IpAddress": {"aws:SourceIp": ["203.0.113.0/24", "198.51.100.0/24"]}},
    },
    {"Sid": "Logs", "Effect": "Allow", "Action": "logs:*", "Resource": f"arn:aws:logs:*:{ACCOUNT}:*"},
)
ALICE_INLINE = _doc(
    {"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"},
    {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::team-*/*"},
    {"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*"},
)
TRUST = _doc(
    {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}
)


def populate(iam: Any) -> dict[str, str]:
    """The state every operation runs against, built as root; returns the bench user's access key."""
    for i in range(USERS - 2):
        iam.create_user(UserName=f"user-{i:03d}", Path="/staff/")
    iam.create_user(UserName="alice")
    iam.put_user_policy(UserName="alice", PolicyName="team", PolicyDocument=ALICE_INLINE)
    iam.create_user(UserName="bench")
    for name, document in BENCH_POLICIES.items():
        arn = iam.create_policy(PolicyName=name, PolicyDocument=document)["Policy"]["Arn"]
        iam.attach_user_policy(UserName="bench", PolicyArn=arn)
    iam.put_user_policy(UserName="bench", PolicyName="inline", PolicyDocument=BENCH_INLINE)
    iam.create_role(RoleName="app-deployer", AssumeRolePolicyDocument=TRUST)
    key = iam.create_access_key(UserName="bench")["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


def operation(op: str, iam: Any, sts: Any, prefix: str) -> Callable[[int], object]:
    if op == "iam.get_user":
        return lambda i: iam.get_user(UserName="alice")
    if op == "iam.list_users":
        return lambda i: iam.list_users()
    if op == "sts.get_caller_identity":
        return lambda i: sts.get_caller_identity()
    if op == "sts.assume_role":
        return lambda i: sts.assume_role(RoleArn=ROLE_ARN, RoleSessionName="bench-session")
    if op == "iam.simulate_principal_policy":
        return lambda i: iam.simulate_principal_policy(
            PolicySourceArn=ALICE_ARN, ActionNames=["iam:GetUser", "s3:GetObject", "iam:DeleteUser"]
        )
    if op == "iam.create_user":
        return lambda i: iam.create_user(UserName=f"{prefix}{i}")
    raise ValueError(op)


def _not_implemented(error: BaseException) -> bool:
    if isinstance(error, NotImplementedError):
        return True
    if isinstance(error, ClientError):
        code = error.response.get("Error", {}).get("Code", "")
        message = error.response.get("Error", {}).get("Message", "")
        return code in NOT_IMPLEMENTED or "not been implemented" in message or "not implement" in message
    return False


@contextlib.contextmanager
def _mocked(contender: str) -> Iterator[tuple[Any, Any]]:
    """A fresh mock with the benchmark's state, and the IAM and STS clients the contender calls with."""
    if contender == "moto":
        from moto import mock_aws

        cm: Any = mock_aws()
    else:
        from iammock import mock_iam

        cm = mock_iam(seed=7)
    with cm:
        root_iam = boto3.client("iam", region_name=REGION)
        key = populate(root_iam)
        if contender == "iammock_user":
            yield (
                boto3.client("iam", region_name=REGION, **key),
                boto3.client("sts", region_name=REGION, **key),
            )
        else:
            yield root_iam, boto3.client("sts", region_name=REGION)


@dataclass
class _Floor:
    """Stubbed clients answering with pre-queued copies of a real parsed response of the same operation."""

    samples: dict[str, dict[str, Any]]
    clients: dict[str, Any] = field(default_factory=dict)

    def client(self, service: str) -> Any:
        if service not in self.clients:
            self.clients[service] = boto3.session.Session().client(
                service,
                region_name=REGION,
                aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
                aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            )
        return self.clients[service]

    def time(self, op: str, n: int, warmup: int) -> float:
        service, method = op.split(".")
        client = self.client(service)
        sample = self.samples[op]
        stubber = Stubber(client)
        for _ in range(n + warmup):
            response = copy.deepcopy(sample)
            metadata = response.pop("ResponseMetadata", None)
            stubber.add_response(method, response)
            if metadata is not None:
                response["ResponseMetadata"] = metadata  # validated without it, returned with it
        fn = operation(op, client if service == "iam" else None, client if service == "sts" else None, "x")
        with stubber:
            for i in range(warmup):
                fn(i)
            return time_calls(fn, n)


@dataclass
class CallResults:
    per_call_ns: dict[str, dict[str, float | None]]  # op -> contender -> median ns per call
    notes: list[str]
    calls: dict[str, dict[str, int]]


def run(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> CallResults:
    warmup = 2
    available: dict[str, dict[str, bool]] = {op: {} for op in OPERATIONS}
    samples: dict[str, dict[str, Any]] = {}
    estimates: dict[str, dict[str, float]] = {op: {} for op in OPERATIONS}
    notes: list[str] = []

    # Probe: which contender implements what, a real response per operation for the floor, a first estimate.
    for contender in CONTENDERS[1:]:
        with _mocked(contender) as (iam, sts):
            for op in OPERATIONS:
                fn = operation(op, iam, sts, "probe-")
                try:
                    response = fn(0)
                    for i in range(1, warmup + 1):
                        fn(i)
                except Exception as error:  # reported as n/a, whatever the reason
                    available[op][contender] = False
                    kind = "not implemented" if _not_implemented(error) else "failed"
                    notes.append(f"{op} on {contender}: {kind} ({type(error).__name__}: {str(error)[:120]})")
                    continue
                available[op][contender] = True
                if op not in samples or contender == "iammock_root":
                    samples[op] = copy.deepcopy(response)
                estimates[op][contender] = time_calls(lambda i, fn=fn: fn(i + 100), 3)
    for op in OPERATIONS:
        available[op]["floor"] = op in samples
    floor = _Floor(samples)
    for op in OPERATIONS:
        if available[op]["floor"]:
            estimates[op]["floor"] = floor.time(op, 5, warmup)

    counts = {
        op: {c: calls_for(sizes.round_budget_s, estimates[op][c], sizes.max_calls) for c in estimates[op]}
        for op in OPERATIONS
    }
    timings: dict[str, dict[str, list[float]]] = {op: {c: [] for c in CONTENDERS} for op in OPERATIONS}
    for r in range(sizes.rounds):
        order = CONTENDERS[r % len(CONTENDERS) :] + CONTENDERS[: r % len(CONTENDERS)]
        log(f"calls: round {r + 1}/{sizes.rounds} ({', '.join(order)})")
        for contender in order:
            if contender == "floor":
                for op in OPERATIONS:
                    if available[op]["floor"]:
                        timings[op]["floor"].append(floor.time(op, counts[op]["floor"], warmup))
                continue
            with _mocked(contender) as (iam, sts):
                for op in OPERATIONS:
                    if not available[op][contender]:
                        continue
                    fn = operation(op, iam, sts, f"new-{r}-")
                    for i in range(warmup):
                        fn(-1 - i)
                    timings[op][contender].append(time_calls(fn, counts[op][contender]))

    per_call = {
        op: {c: (median(timings[op][c]) if timings[op][c] else None) for c in CONTENDERS} for op in OPERATIONS
    }
    return CallResults(per_call, notes, counts)


def figures(results: CallResults) -> dict[str, float | None]:
    out: dict[str, float | None] = {}
    for op, by in results.per_call_ns.items():
        for contender, ns in by.items():
            out[f"calls.{op}.{contender}_us"] = None if ns is None else ns / 1000
        out[f"calls.{op}.iammock_root_x_floor"] = ratio(by["iammock_root"], by["floor"])
        out[f"calls.{op}.iammock_user_x_floor"] = ratio(by["iammock_user"], by["floor"])
        out[f"calls.{op}.moto_x_iammock_root"] = ratio(by["moto"], by["iammock_root"])
        out[f"calls.{op}.moto_x_iammock_user"] = ratio(by["moto"], by["iammock_user"])
        # What the target asks of iammock depends on how far moto itself is above botocore's floor:
        # moto at M floors leaves iammock M/10 floors. The work each mock adds beyond botocore's own,
        # compared directly, is the figure that does not depend on that.
        out[f"calls.{op}.moto_x_floor"] = ratio(by["moto"], by["floor"])
        iammock = by["iammock_root"] if by["iammock_root"] is not None else by["iammock_user"]
        floor = by["floor"]
        out[f"calls.{op}.moto_added_x_iammock_added"] = (
            None
            if by["moto"] is None or iammock is None or floor is None or iammock <= floor
            else ratio(by["moto"] - floor, iammock - floor)
        )
    return out
