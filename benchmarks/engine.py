"""The policy engine alone: ``iammock.engine.authorize`` decisions per second, and how a decision's cost
grows with the number of statements a principal carries."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from iammock.engine import (
    NamedPolicy,
    PolicyKind,
    PolicySet,
    Principal,
    Request,
    authorize,
    parse_policy,
    remembered,
)

from .timing import Sizes, median, ratio

ACCOUNT = "111122223333"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/ci/deployer"
PRINCIPAL = Principal("user", USER_ARN, ACCOUNT, USER_ARN, "AIDARBENCHDEPLOYER01")

# (actions, resource) templates over many services, with action and ARN wildcards as real policies have.
TEMPLATES: tuple[tuple[tuple[str, ...], str], ...] = (
    (("s3:GetObject", "s3:GetObjectVersion"), "arn:aws:s3:::artifacts-{n}/*"),
    (("s3:List*",), "arn:aws:s3:::artifacts-{n}"),
    (("ec2:Describe*",), "*"),
    (("ec2:StartInstances", "ec2:StopInstances"), "arn:aws:ec2:us-east-1:{a}:instance/i-{n:017x}"),
    (("dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"), "arn:aws:dynamodb:*:{a}:table/orders-{n}"),
    (("lambda:InvokeFunction",), "arn:aws:lambda:eu-west-1:{a}:function:worker-{n}:*"),
    (("sqs:SendMessage", "sqs:ReceiveMessage"), "arn:aws:sqs:us-east-1:{a}:queue-{n}"),
    (("sns:Publish",), "arn:aws:sns:*:{a}:alerts-{n}"),
    (
        ("kms:Decrypt", "kms:GenerateDataKey*"),
        "arn:aws:kms:us-east-1:{a}:key/{n:08x}-aaaa-bbbb-cccc-dddddddddddd",
    ),
    (("logs:CreateLogStream", "logs:PutLogEvents"), "arn:aws:logs:*:{a}:log-group:/app/{n}:*"),
    (("secretsmanager:GetSecretValue",), "arn:aws:secretsmanager:*:{a}:secret:app/{n}-??????"),
    (("iam:Get*", "iam:List*"), "arn:aws:iam::{a}:role/service-{n}-*"),
    (("iam:PassRole",), "arn:aws:iam::{a}:role/app-{n}"),
    (("cloudwatch:PutMetricData",), "*"),
    (("sts:AssumeRole",), "arn:aws:iam::{a}:role/deploy-{n}"),
)
CONTEXT = {
    "aws:SourceIp": "203.0.113.7",
    "aws:username": "deployer",
    "aws:userid": "AIDARBENCHDEPLOYER01",
    "aws:PrincipalArn": USER_ARN,
    "aws:PrincipalAccount": ACCOUNT,
    "aws:PrincipalType": "User",
    "aws:PrincipalTag/team": "platform",
    "aws:RequestTag/team": "platform",
    "aws:TagKeys": ["team"],
    "aws:SecureTransport": True,
    "aws:CurrentTime": "2024-05-01T12:00:00Z",
    "aws:EpochTime": 1714564800,
    "aws:MultiFactorAuthPresent": False,
}


def _statement(i: int) -> dict[str, Any]:
    actions, resource = TEMPLATES[i % len(TEMPLATES)]
    return {
        "Sid": f"S{i}",
        "Effect": "Allow",
        "Action": list(actions),
        "Resource": resource.format(a=ACCOUNT, n=i),
    }


def _named(name: str, statements: list[dict[str, Any]]) -> NamedPolicy:
    text = json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)
    kind = PolicyKind.MANAGED if len(text) <= 6144 else PolicyKind.INLINE
    return NamedPolicy(parse_policy(text, kind), f"arn:aws:iam::{ACCOUNT}:policy/{name}", kind)


def five_policies() -> tuple[PolicySet, Request]:
    """5 attached policies, 25 statements, 2 with conditions; the request is allowed by the last one."""
    statements = [_statement(i) for i in range(23)]
    statements.append(
        {
            "Sid": "DenyOutsideOffice",
            "Effect": "Deny",
            "Action": ["iam:*", "sts:*"],
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}},
        }
    )
    statements.append(
        {
            "Sid": "CreateTeamUsers",
            "Effect": "Allow",
            "Action": ["iam:CreateUser", "iam:TagUser"],
            "Resource": f"arn:aws:iam::{ACCOUNT}:user/${{aws:PrincipalTag/team}}/*",
            "Condition": {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"}},
        }
    )
    policies = tuple(_named(f"deployer-{p}", statements[p * 5 : p * 5 + 5]) for p in range(5))
    request = Request(PRINCIPAL, "iam:CreateUser", f"arn:aws:iam::{ACCOUNT}:user/platform/carol", CONTEXT)
    return PolicySet(identity=policies), request


def statements_per_principal(n: int) -> tuple[PolicySet, Request]:
    """``n`` statements in policies of at most 25 (a managed policy's realistic size); only the last
    allows the request, every 15th is an IAM statement the action matches but the resource does not."""
    statements = [_statement(i) for i in range(n - 1)]
    statements.append(
        {
            "Sid": "ReadSelf",
            "Effect": "Allow",
            "Action": ["iam:GetUser", "iam:ListAccessKeys"],
            "Resource": f"arn:aws:iam::{ACCOUNT}:user/ci/${{aws:username}}",
        }
    )
    chunks = [statements[i : i + 25] for i in range(0, n, 25)]
    policies = tuple(_named(f"p{k}", chunk) for k, chunk in enumerate(chunks))
    return PolicySet(identity=policies), Request(PRINCIPAL, "iam:GetUser", USER_ARN, CONTEXT)


def fresh_requests(request: Request, count: int) -> list[Request]:
    """The same question asked by ``count`` distinct (equal) principal objects, so that the cost of
    each decision includes touching a request it has not seen just before."""
    return [
        Request(replace(request.principal), request.action, request.resource, request.context)
        for _ in range(count)
    ]


def _rate_round(
    policies: PolicySet, requests: list[Request], budget_s: float, decide: Callable[..., object] = authorize
) -> float:
    """Decisions per second over about ``budget_s`` seconds, cycling through ``requests``."""
    count = 0
    t0 = time.perf_counter_ns()
    deadline = t0 + int(budget_s * 1e9)
    now = t0
    while now < deadline or count == 0:
        for request in requests:
            decide(request, policies)
        count += len(requests)
        now = time.perf_counter_ns()
    return count * 1e9 / (now - t0)


def run(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> dict[str, float | None]:
    cases = {"five_policies": five_policies()}
    for n in (10, 100, 1000):
        cases[f"statements_{n}"] = statements_per_principal(n)
    for name, (policies, request) in cases.items():
        decision = authorize(request, policies)
        if not decision.allowed:
            raise RuntimeError(f"engine benchmark {name}: expected an Allow, got {decision.message}")
    fresh = {name: fresh_requests(request, sizes.engine_fresh) for name, (_, request) in cases.items()}
    rates: dict[str, list[float]] = {name: [] for name in cases}
    repeated: list[float] = []
    for r in range(sizes.rounds):
        log(f"engine: round {r + 1}/{sizes.rounds}")
        for name, (policies, _) in cases.items():
            rates[name].append(_rate_round(policies, fresh[name], sizes.engine_budget_s))
        policies, request = cases["five_policies"]
        repeated.append(_rate_round(policies, [request] * 256, sizes.engine_budget_s, remembered))
    med = {name: median(values) for name, values in rates.items()}
    out: dict[str, float | None] = {f"engine.{name}.decisions_per_s": med[name] for name in cases}
    for name in cases:
        out[f"engine.{name}.us_per_decision"] = 1e6 / med[name]
    out["engine.five_policies.repeated.decisions_per_s"] = median(repeated)
    out["engine.five_policies.repeated.us_per_decision"] = 1e6 / median(repeated)
    out["engine.cost_1000_x_10"] = ratio(med["statements_10"], med["statements_1000"])
    out["engine.cost_100_x_10"] = ratio(med["statements_10"], med["statements_100"])
    t0 = time.perf_counter_ns()
    parse_policy.cache_clear()  # type: ignore[attr-defined]
    statements_per_principal(1000)
    out["engine.parse_1000_statements_ms"] = (time.perf_counter_ns() - t0) / 1e6
    return out
