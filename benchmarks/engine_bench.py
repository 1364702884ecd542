"""Throughput of engine.authorize; prints figures, asserts nothing.

Run from the repository root: PYTHONPATH=src python benchmarks/engine_bench.py
"""

from __future__ import annotations

import json
import time

from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Principal, Request, authorize, parse_policy

ACCT = "111122223333"
USER = f"arn:aws:iam::{ACCT}:user/alice"
PRINCIPAL = Principal("user", USER, ACCT, USER, "AIDAQ3EGUSERALICE0001")
SERVICES = ("iam", "s3", "ec2", "sqs", "sns", "dynamodb", "lambda", "kms", "logs", "sts")


def _doc(statements: list[dict[str, object]]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": statements}, indent=2)


def five_policies() -> PolicySet:
    """5 attached policies, 25 statements, 2 of them with conditions."""
    named = []
    for p in range(5):
        statements: list[dict[str, object]] = []
        for s in range(5):
            svc = SERVICES[(p * 5 + s) % len(SERVICES)]
            st: dict[str, object] = {
                "Sid": f"P{p}S{s}",
                "Effect": "Allow",
                "Action": [f"{svc}:Get*", f"{svc}:List{s}*", f"{svc}:Describe{p}"],
                "Resource": f"arn:aws:iam::{ACCT}:role/thing{s}/*"
                if svc == "iam"
                else f"arn:aws:{svc}::{ACCT}:thing{s}/*",
            }
            statements.append(st)
        named.append(
            NamedPolicy(parse_policy(_doc(statements), PolicyKind.MANAGED), f"policy{p}", PolicyKind.MANAGED)
        )
    conditional = [
        {
            "Sid": "Tagged",
            "Effect": "Allow",
            "Action": "iam:CreateUser",
            "Resource": f"arn:aws:iam::{ACCT}:user/*",
            "Condition": {"StringEquals": {"aws:RequestTag/team": "${aws:PrincipalTag/team}"}},
        },
        {
            "Sid": "Network",
            "Effect": "Deny",
            "Action": "iam:*",
            "Resource": "*",
            "Condition": {"NotIpAddress": {"aws:SourceIp": ["203.0.113.0/24", "2001:db8::/32"]}},
        },
    ]
    # Replace the last two statements of policy 0 to keep the total at 25 statements.
    first = json.loads(named[0].policy.text)
    first["Statement"] = first["Statement"][:3] + conditional
    named[0] = NamedPolicy(parse_policy(json.dumps(first), PolicyKind.MANAGED), "policy0", PolicyKind.MANAGED)
    return PolicySet(identity=tuple(named))


def many(n: int) -> PolicySet:
    statements: list[dict[str, object]] = [
        {
            "Effect": "Allow",
            "Action": f"{SERVICES[i % len(SERVICES)]}:Action{i}",
            "Resource": f"arn:aws:s3:::b{i}/*",
        }
        for i in range(n - 1)
    ]
    statements.append({"Effect": "Allow", "Action": "iam:GetUser", "Resource": USER})
    return PolicySet(
        identity=(NamedPolicy(parse_policy(_doc(statements), PolicyKind.INLINE), "big", PolicyKind.INLINE),)
    )


def same_action(n: int) -> PolicySet:
    """Harder shape: every statement names the request's action; only the resources differ."""
    statements: list[dict[str, object]] = [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": f"arn:aws:iam::{ACCT}:user/team{i}/*"}
        for i in range(n - 1)
    ]
    statements.append({"Effect": "Allow", "Action": "iam:GetUser", "Resource": USER})
    policy = parse_policy(_doc(statements), PolicyKind.INLINE)
    return PolicySet(identity=(NamedPolicy(policy, "big", PolicyKind.INLINE),))


def rate(policies: PolicySet, request: Request, seconds: float = 0.5, trials: int = 5) -> float:
    """Best of several trials, as timeit advises: slower trials measure other load, not the engine."""
    assert authorize(request, policies).allowed
    best = 0.0
    for _ in range(trials):
        # CPU time of this process: other jobs sharing the two cores distort it less than wall time.
        count, start = 0, time.process_time()
        while (elapsed := time.process_time() - start) < seconds:
            for _ in range(500):
                authorize(request, policies)
            count += 500
        best = max(best, count / elapsed)
    return best


def main() -> None:
    context = {
        "aws:SourceIp": "203.0.113.7",
        "aws:RequestTag/team": "blue",
        "aws:PrincipalTag/team": "blue",
        "aws:username": "alice",
        "aws:CurrentTime": "2024-05-01T00:00:00Z",
    }
    create = Request(PRINCIPAL, "iam:CreateUser", f"arn:aws:iam::{ACCT}:user/bob", context)
    r5 = rate(five_policies(), create)
    print(f"5 policies / 25 statements / 2 conditions: {r5:,.0f} decisions/s (target >= 50,000)")
    get = Request(PRINCIPAL, "iam:GetUser", USER, context)
    r10 = rate(many(10), get)
    r1000 = rate(many(1000), get)
    print(f"10 statements:    {r10:,.0f} decisions/s")
    print(f"1,000 statements: {r1000:,.0f} decisions/s  (cost ratio {r10 / r1000:.2f}x, target <= 5x)")
    s10, s1000 = rate(same_action(10), get), rate(same_action(1000), get)
    print(
        f"same action, resources differ: 10 statements {s10:,.0f}/s, 1,000 statements {s1000:,.0f}/s "
        f"(cost ratio {s10 / s1000:.2f}x)"
    )
    parse_policy.cache_clear()
    t0 = time.process_time()
    many(1000)
    print(f"parse + compile of a 1,000-statement policy: {(time.process_time() - t0) * 1000:.1f} ms")


if __name__ == "__main__":
    main()
