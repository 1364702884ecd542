"""What enforcement costs on other services: an S3 GetObject (plain and SSE-KMS, whose KMS use on the
caller's behalf is decided too) and a Lambda CreateFunction, moto alone against iammock in front of moto.

Figures per call: the whole call, wall time and CPU time of the calling thread (moto runs in it too), for
moto alone and for iammock + moto; and the CPU time spent inside iammock's enforcement itself
(``Responder.enforce``, timed around each call: authentication, mapping, the policies, the resource policy
and KMS on the caller's behalf), which is the cost iammock adds. The difference of two whole-call figures
is small next to moto's own cost and drowns in a shared machine's noise; CPU time does not count the time
the thread waits for a CPU, so the enforcement figure and its ratio to moto's CPU time hold under load.

All contenders run inside moto's ``mock_aws`` (Lambda without docker): "moto" alone as its root, and
iammock started inside it, as the account root and as an IAM user whose inline policy the engine
evaluates on each call. moto's Lambda finds the execution role in iammock's IAM (``services.moto_iam``):
with iammock the role is created once, through iammock; moto alone creates it in its own IAM.
"""

from __future__ import annotations

import contextlib
import io
import json
import time
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3

from .timing import Sizes, calls_for, median, ratio, time_calls

REGION = "us-east-1"
OPERATIONS = ("s3.get_object", "s3.get_object_sse_kms", "lambda.create_function")
CONTENDERS = ("moto", "iammock_root", "iammock_user")
ROLE = "bench-fn-role"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
BODY = b"x" * 1024


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


ZIP = _zip()


@dataclass
class _Clients:
    s3: Any
    lam: Any
    role_arn: str


def _populate(account: str) -> dict[str, str]:
    """Buckets, objects and a key, made as root; returns the key ARN and role ARN."""
    s3 = boto3.client("s3", region_name=REGION)
    key = boto3.client("kms", region_name=REGION).create_key()["KeyMetadata"]["Arn"]
    s3.create_bucket(Bucket="bench-plain")
    s3.put_object(Bucket="bench-plain", Key="k", Body=BODY)
    s3.create_bucket(Bucket="bench-kms")
    s3.put_bucket_encryption(
        Bucket="bench-kms",
        ServerSideEncryptionConfiguration={
            "Rules": [
                {"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "aws:kms", "KMSMasterKeyID": key}}
            ]
        },
    )
    s3.put_object(Bucket="bench-kms", Key="k", Body=BODY)
    return {"key": key, "role": f"arn:aws:iam::{account}:role/{ROLE}"}


def _user_key(made: dict[str, str]) -> dict[str, str]:
    iam = boto3.client("iam", region_name=REGION)
    iam.create_user(UserName="bench-user")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bench-*/*"},
            {"Effect": "Allow", "Action": "kms:Decrypt", "Resource": made["key"]},
            {
                "Effect": "Allow",
                "Action": ["lambda:CreateFunction", "lambda:GetFunction"],
                "Resource": "arn:aws:lambda:*:*:function:bench-*",
            },
            {"Effect": "Allow", "Action": "iam:PassRole", "Resource": made["role"]},
        ],
    }
    iam.put_user_policy(UserName="bench-user", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="bench-user")["AccessKey"]
    return {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}


@contextlib.contextmanager
def _mocked(contender: str) -> Iterator[_Clients]:
    from moto import mock_aws

    with mock_aws(config={"lambda": {"use_docker": False}}):
        if contender == "moto":
            boto3.client("iam", region_name=REGION).create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)
            made = _populate("123456789012")
            yield _Clients(
                boto3.client("s3", region_name=REGION),
                boto3.client("lambda", region_name=REGION),
                made["role"],
            )
            return
        from iammock import mock_iam

        with mock_iam(seed=7) as aws:
            boto3.client("iam", region_name=REGION).create_role(RoleName=ROLE, AssumeRolePolicyDocument=TRUST)
            made = _populate(aws.account_id)
            creds: dict[str, str] = _user_key(made) if contender == "iammock_user" else {}
            yield _Clients(
                boto3.client("s3", region_name=REGION, **creds),
                boto3.client("lambda", region_name=REGION, **creds),
                made["role"],
            )


def operation(op: str, clients: _Clients, prefix: str) -> Callable[[int], object]:
    if op == "s3.get_object":
        return lambda i: clients.s3.get_object(Bucket="bench-plain", Key="k")["Body"].read()
    if op == "s3.get_object_sse_kms":
        return lambda i: clients.s3.get_object(Bucket="bench-kms", Key="k")["Body"].read()
    if op == "lambda.create_function":
        return lambda i: clients.lam.create_function(
            FunctionName=f"bench-{prefix}{i}",
            Runtime="python3.12",
            Role=clients.role_arn,
            Handler="handler.handler",
            Code={"ZipFile": ZIP},
        )
    raise ValueError(op)


@contextlib.contextmanager
def _timed_enforcement(sink: list[int]) -> Iterator[None]:
    """Appends the CPU nanoseconds each call spends in iammock's enforcement to ``sink``."""
    from iammock.responder import Responder

    original = Responder.enforce

    def timed(self: Any, *args: Any, **kwargs: Any) -> Any:
        t0 = time.thread_time_ns()
        try:
            return original(self, *args, **kwargs)
        finally:
            sink.append(time.thread_time_ns() - t0)

    setattr(Responder, "enforce", timed)  # noqa: B010 (a method patched for the measurement only)
    try:
        yield
    finally:
        setattr(Responder, "enforce", original)  # noqa: B010


@dataclass
class ServiceResults:
    per_call_ns: dict[str, dict[str, float | None]]  # op -> contender -> median wall ns per call
    cpu_ns: dict[str, dict[str, float | None]]  # op -> contender -> median CPU ns per call
    enforce_ns: dict[str, dict[str, float | None]]  # op -> iammock contender -> median CPU ns in enforcement
    notes: list[str]


def run(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> ServiceResults:
    warmup = 2
    notes: list[str] = []
    estimates: dict[str, dict[str, float]] = {op: {} for op in OPERATIONS}
    for contender in CONTENDERS:
        with _mocked(contender) as clients:
            for op in OPERATIONS:
                fn = operation(op, clients, "probe-")
                try:
                    for i in range(warmup + 1):
                        fn(i)
                except Exception as error:  # reported as n/a, whatever the reason
                    notes.append(f"{op} on {contender}: {type(error).__name__}: {str(error)[:160]}")
                    continue
                estimates[op][contender] = time_calls(lambda i, fn=fn: fn(i + 100), 3)
    counts = {
        op: {c: calls_for(sizes.round_budget_s, estimates[op][c], sizes.max_calls) for c in estimates[op]}
        for op in OPERATIONS
    }
    timings: dict[str, dict[str, list[float]]] = {op: {c: [] for c in CONTENDERS} for op in OPERATIONS}
    inside: dict[str, dict[str, list[float]]] = {op: {c: [] for c in CONTENDERS} for op in OPERATIONS}
    cpu: dict[str, dict[str, list[float]]] = {op: {c: [] for c in CONTENDERS} for op in OPERATIONS}
    sink: list[int] = []
    for r in range(sizes.rounds):
        order = CONTENDERS[r % len(CONTENDERS) :] + CONTENDERS[: r % len(CONTENDERS)]
        log(f"services: round {r + 1}/{sizes.rounds} ({', '.join(order)})")
        for contender in order:
            with _mocked(contender) as clients:
                for op in OPERATIONS:
                    if contender not in counts[op]:
                        continue
                    warm = operation(op, clients, f"r{r}-w-")
                    for i in range(warmup):
                        warm(i)
                    fn = operation(op, clients, f"r{r}-")
                    n = counts[op][contender]
                    sink.clear()
                    with _timed_enforcement(sink) if contender != "moto" else contextlib.nullcontext():
                        cpu0 = time.thread_time_ns()
                        timings[op][contender].append(time_calls(fn, n))
                        cpu[op][contender].append((time.thread_time_ns() - cpu0) / n)
                    if contender != "moto":
                        inside[op][contender].append(sum(sink) / n)
    per_call = {
        op: {c: (median(timings[op][c]) if timings[op][c] else None) for c in CONTENDERS} for op in OPERATIONS
    }
    cpu_per_call = {
        op: {c: (median(cpu[op][c]) if cpu[op][c] else None) for c in CONTENDERS} for op in OPERATIONS
    }
    in_enforcement = {
        op: {c: (median(inside[op][c]) if inside[op][c] else None) for c in CONTENDERS[1:]}
        for op in OPERATIONS
    }
    return ServiceResults(per_call, cpu_per_call, in_enforcement, notes)


def figures(results: ServiceResults) -> dict[str, Any]:
    out: dict[str, Any] = {"services.notes": results.notes}
    for op, by in results.per_call_ns.items():
        for contender, ns in by.items():
            out[f"services.{op}.{contender}_us"] = None if ns is None else ns / 1000
            used = results.cpu_ns[op][contender]
            out[f"services.{op}.{contender}_cpu_us"] = None if used is None else used / 1000
        moto = by["moto"]
        for who in ("iammock_root", "iammock_user"):
            mine = by[who]
            out[f"services.{op}.{who}_x_moto"] = ratio(mine, moto)
            out[f"services.{op}.{who}_added_us"] = (
                None if mine is None or moto is None else (mine - moto) / 1000
            )
            spent = results.enforce_ns[op][who]
            out[f"services.{op}.{who}_enforce_us"] = None if spent is None else spent / 1000
            out[f"services.{op}.{who}_enforce_x_moto"] = ratio(spent, results.cpu_ns[op]["moto"])
    return out


def render(fig: dict[str, Any]) -> list[str]:
    header = (
        f"{'operation':<24}{'moto':>9}{'as user':>10}{'moto':>9}{'iammock':>9}{'enforce':>9}"
        f"{'as user':>9}{'enforce':>9}{'/moto':>7}"
    )
    lines = [
        "Other services, us per call (median of rounds): moto alone, and iammock deciding in front of moto",
        f"{'':<24}{'wall time':^19}{'CPU time of the calling thread':^52}",
        header,
        "-" * len(header),
    ]

    def f(value: float | None, digits: int = 0, suffix: str = "") -> str:
        return "n/a" if value is None else f"{value:,.{digits}f}{suffix}"

    for op in OPERATIONS:
        p = f"services.{op}."
        lines.append(
            f"{op:<24}{f(fig[p + 'moto_us']):>9}{f(fig[p + 'iammock_user_us']):>10}"
            f"{f(fig[p + 'moto_cpu_us']):>9}{f(fig[p + 'iammock_root_cpu_us']):>9}"
            f"{f(fig[p + 'iammock_root_enforce_us']):>9}{f(fig[p + 'iammock_user_cpu_us']):>9}"
            f"{f(fig[p + 'iammock_user_enforce_us']):>9}"
            f"{f(fig[p + 'iammock_user_enforce_x_moto'], 3, 'x'):>7}"
        )
    lines.append(
        "  iammock: as the account root; enforce: inside iammock's enforcement (authentication, mapping,"
        " policies, resource policy, KMS on the caller's behalf); /moto: the user's enforce over moto's CPU"
    )
    for note in fig.get("services.notes", []):
        lines.append(f"  n/a: {note}")
    return lines
