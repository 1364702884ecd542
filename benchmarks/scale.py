"""Scale: holding many users and roles (each with an inline policy), and listing them.

Everything is created through boto3 as the account root, the way a test suite would (with the
account's user and role quotas raised, see ``_quotas``). The timing pass
grows the population step by step and, at each size, pages through ``ListUsers`` and
``GetAccountAuthorizationDetails`` to the end; the per-item cost at each size shows linear growth.
A second pass, under ``tracemalloc``, measures the memory of the largest population.
"""

from __future__ import annotations

import contextlib
import gc
import json
import time
import tracemalloc
from collections.abc import Callable, Iterator
from typing import Any
from unittest import mock

import boto3

from .timing import Sizes, median, ratio

ACCOUNT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


def _inline(i: int) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["s3:GetObject", "s3:PutObject"],
                    "Resource": f"arn:aws:s3:::data-{i % 50}/team-{i}/*",
                },
                {
                    "Effect": "Allow",
                    "Action": "dynamodb:Query",
                    "Resource": f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/t-{i % 20}",
                },
            ],
        }
    )


@contextlib.contextmanager
def _quotas(population: int) -> Iterator[None]:
    """AWS caps an account at 5,000 users and 1,000 roles by default (iammock enforces both): the
    benchmark raises both for its own duration, without touching iammock's code."""
    from iammock.backend import quotas
    from iammock.backend.iam import users

    with (
        mock.patch.object(users, "MAX_USERS", max(users.MAX_USERS, population)),
        mock.patch.dict(quotas.DEFAULTS, {"RolesQuota": max(quotas.DEFAULTS["RolesQuota"], population)}),
    ):
        yield


def _grow(iam: Any, start: int, stop: int) -> None:
    for i in range(start, stop):
        document = _inline(i)
        iam.create_user(UserName=f"user-{i:05d}", Path=f"/team-{i % 10}/")
        iam.put_user_policy(UserName=f"user-{i:05d}", PolicyName="data", PolicyDocument=document)
        iam.create_role(RoleName=f"role-{i:05d}", AssumeRolePolicyDocument=TRUST)
        iam.put_role_policy(RoleName=f"role-{i:05d}", PolicyName="data", PolicyDocument=document)


def _page_all(iam: Any, operation: str, keys: tuple[str, ...]) -> tuple[float, int]:
    t0 = time.perf_counter_ns()
    items = 0
    for page in iam.get_paginator(operation).paginate():
        items += sum(len(page.get(k, ())) for k in keys)
    return time.perf_counter_ns() - t0, items


def run(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> dict[str, float | None]:
    from iammock import mock_iam

    out: dict[str, float | None] = {}
    reps = 2 if sizes.rounds > 3 else 1
    with _quotas(max(sizes.scale_sizes)), mock_iam(seed=11):
        iam = boto3.client("iam", region_name="us-east-1")
        held = 0
        create_ns = 0
        for size in sizes.scale_sizes:
            log(f"scale: growing to {size} users and {size} roles")
            t0 = time.perf_counter_ns()
            _grow(iam, held, size)
            create_ns += time.perf_counter_ns() - t0
            held = size
            _page_all(iam, "list_users", ("Users",))  # untimed: paginator models, caches
            lists, details = [], []
            for _ in range(reps):
                ns, count = _page_all(iam, "list_users", ("Users",))
                if count != size:
                    raise RuntimeError(f"ListUsers returned {count} users, expected {size}")
                lists.append(ns)
                ns, count = _page_all(
                    iam, "get_account_authorization_details", ("UserDetailList", "RoleDetailList")
                )
                if count != 2 * size:
                    raise RuntimeError(
                        f"GetAccountAuthorizationDetails returned {count} items, not {2 * size}"
                    )
                details.append(ns)
            out[f"scale.list_users.{size}.ms"] = median(lists) / 1e6
            out[f"scale.list_users.{size}.us_per_user"] = median(lists) / size / 1e3
            out[f"scale.authorization_details.{size}.ms"] = median(details) / 1e6
            out[f"scale.authorization_details.{size}.us_per_item"] = median(details) / (2 * size) / 1e3
        largest = sizes.scale_sizes[-1]
        out["scale.create.us_per_user_and_role"] = create_ns / largest / 1e3
        out["scale.create.seconds"] = create_ns / 1e9
    smallest = sizes.scale_sizes[0]
    out["scale.list_users.per_item_growth"] = ratio(
        out[f"scale.list_users.{largest}.us_per_user"], out[f"scale.list_users.{smallest}.us_per_user"]
    )
    out["scale.authorization_details.per_item_growth"] = ratio(
        out[f"scale.authorization_details.{largest}.us_per_item"],
        out[f"scale.authorization_details.{smallest}.us_per_item"],
    )
    out.update(memory(sizes.population, log))
    return out


def memory(population: int, log: Callable[[str], None] = lambda _: None) -> dict[str, float | None]:
    """tracemalloc: peak while creating ``population`` users and roles, and what the mock then holds
    (including its audit trail: one entry per call, kept until the next start)."""
    from iammock import mock_iam

    log(f"scale: memory of {population} users and {population} roles (tracemalloc)")
    gc.collect()
    tracemalloc.start()
    try:
        with _quotas(population), mock_iam(seed=12) as aws:
            iam = boto3.client("iam", region_name="us-east-1")
            iam.list_users(MaxItems=1)  # the first call loads what every call needs
            gc.collect()
            base, _ = tracemalloc.get_traced_memory()
            tracemalloc.reset_peak()
            _grow(iam, 0, population)
            gc.collect()
            held, peak = tracemalloc.get_traced_memory()
            entries = len(aws.trail)
    finally:
        tracemalloc.stop()
    mib = 1024 * 1024
    return {
        "scale.memory.population": float(population),
        "scale.memory.held_mib": (held - base) / mib,
        "scale.memory.peak_mib": (peak - base) / mib,
        "scale.memory.kib_per_user_and_role": (held - base) / population / 1024,
        "scale.memory.trail_entries": float(entries),
    }
