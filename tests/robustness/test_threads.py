"""Eight threads, thousands of mixed operations through shared clients: the backend stays consistent.

Each thread owns some names (its own users and roles, to detect lost updates) and fights over shared
ones (conflicts must end in AWS errors, never in broken state). At the end: the invariants of
``invariants.check`` hold, the API's attachment counts equal the real attachments, and every thread's
own entities are exactly those it created and did not delete.
"""

from __future__ import annotations

import json
import os
import random
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import boto3
from botocore.exceptions import ClientError

from iammock import IAMMock
from iammock.botocore_sessions import new_session

from . import invariants

ACCOUNT = "123456789012"
THREADS = 8
# 8 x 2000 as asked; IAMMOCK_STRESS_OPS scales it (e.g. on a loaded CI machine).
OPS_PER_THREAD = int(os.environ.get("IAMMOCK_STRESS_OPS", "2000"))
EXPECTED = frozenset(
    {"NoSuchEntity", "EntityAlreadyExists", "DeleteConflict", "LimitExceeded", "AccessDenied"}
)
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
SHARED_USERS = [f"shared{i}" for i in range(4)]


def _session_client(service: str, creds: dict[str, Any]) -> Any:
    return boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
        region_name="us-east-1",
        botocore_session=new_session(),
    ).client(service)


class Worker:
    def __init__(self, index: int, iam: Any, sts: Any, policies: list[str]) -> None:
        self.index = index
        self.iam = iam
        self.sts = sts
        self.policies = policies
        self.random = random.Random(index)
        self.users: set[str] = set()  # this thread's own users that exist
        self.roles: set[str] = set()
        self.errors: dict[str, int] = {}
        self.counter = 0
        self.sessions = 0

    def _name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.index}-{self.counter}"

    def step(self) -> None:
        r = self.random
        iam = self.iam
        op = r.randrange(14)
        own_user = r.choice(sorted(self.users)) if self.users else None
        user = r.choice([*SHARED_USERS, own_user] if own_user else SHARED_USERS)
        if op == 0:
            name = self._name("u")
            iam.create_user(UserName=name)
            self.users.add(name)
        elif op == 1 and own_user:
            # Whatever is attached must go first; another thread may attach meanwhile (DeleteConflict).
            for arn in [
                p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=own_user)["AttachedPolicies"]
            ]:
                iam.detach_user_policy(UserName=own_user, PolicyArn=arn)
            for key in iam.list_access_keys(UserName=own_user)["AccessKeyMetadata"]:
                iam.delete_access_key(UserName=own_user, AccessKeyId=key["AccessKeyId"])
            for name in iam.list_user_policies(UserName=own_user)["PolicyNames"]:
                iam.delete_user_policy(UserName=own_user, PolicyName=name)
            iam.delete_user(UserName=own_user)
            self.users.discard(own_user)
        elif op == 2:
            iam.create_user(UserName=r.choice(SHARED_USERS))
        elif op == 3:
            iam.attach_user_policy(UserName=user, PolicyArn=r.choice(self.policies))
        elif op == 4:
            iam.detach_user_policy(UserName=user, PolicyArn=r.choice(self.policies))
        elif op == 5:
            iam.put_user_policy(UserName=user, PolicyName=r.choice(["a", "b"]), PolicyDocument=ALLOW_ALL)
        elif op == 6:
            iam.create_access_key(UserName=user)
        elif op == 7:
            keys = iam.list_access_keys(UserName=user)["AccessKeyMetadata"]
            if keys:
                iam.delete_access_key(UserName=user, AccessKeyId=r.choice(keys)["AccessKeyId"])
        elif op == 8:
            name = self._name("r")
            iam.create_role(RoleName=name, AssumeRolePolicyDocument=TRUST)
            self.roles.add(name)
        elif op == 9 and self.roles:
            role = r.choice(sorted(self.roles))
            if r.random() < 0.5:
                iam.attach_role_policy(RoleName=role, PolicyArn=r.choice(self.policies))
            else:
                for p in iam.list_attached_role_policies(RoleName=role)["AttachedPolicies"]:
                    iam.detach_role_policy(RoleName=role, PolicyArn=p["PolicyArn"])
                iam.delete_role(RoleName=role)
                self.roles.discard(role)
        elif op == 10 and self.roles and r.random() < 0.1:
            # Client creation is costly: sessions are assumed now and then, and used at once.
            role = r.choice(sorted(self.roles))
            creds = self.sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/{role}", RoleSessionName="th")
            session = _session_client("sts", creds["Credentials"])
            assert session.get_caller_identity()["Arn"].endswith(f":assumed-role/{role}/th")
            self.sessions += 1
        elif op == 11:
            iam.list_users(MaxItems=50)
        elif op == 12:
            iam.get_policy(PolicyArn=r.choice(self.policies))
        else:
            iam.list_entities_for_policy(PolicyArn=r.choice(self.policies))

    def run(self) -> Worker:
        for _ in range(OPS_PER_THREAD):
            try:
                self.step()
            except ClientError as error:
                code = error.response["Error"]["Code"]
                assert code in EXPECTED, error.response
                self.errors[code] = self.errors.get(code, 0) + 1
        return self


def test_eight_threads_of_mixed_operations_leave_the_backend_consistent(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")  # one IAM and one STS client shared by every thread
    iam.create_user(UserName="assumer")  # the root may not assume roles; a user with every permission may
    iam.put_user_policy(UserName="assumer", PolicyName="all", PolicyDocument=ALLOW_ALL)
    sts = _session_client("sts", iam.create_access_key(UserName="assumer")["AccessKey"])
    policies = [
        iam.create_policy(PolicyName=f"p{i}", PolicyDocument=ALLOW_ALL)["Policy"]["Arn"] for i in range(4)
    ] + ["arn:aws:iam::aws:policy/ReadOnlyAccess"]
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        workers = list(pool.map(lambda i: Worker(i, iam, sts, policies).run(), range(THREADS)))

    invariants.check(iam_mock.backend)
    users = {u["UserName"] for p in iam.get_paginator("list_users").paginate() for u in p["Users"]}
    roles = {r["RoleName"] for p in iam.get_paginator("list_roles").paginate() for r in p["Roles"]}
    for worker in workers:  # no lost update: each thread's own entities are exactly what it kept
        assert {u for u in users if u.startswith(f"u{worker.index}-")} == worker.users
        assert {r for r in roles if r.startswith(f"r{worker.index}-")} == worker.roles
    for arn in policies[:4]:
        count = iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"]
        entities = iam.list_entities_for_policy(PolicyArn=arn)
        assert count == len(entities["PolicyUsers"]) + len(entities["PolicyRoles"]) + len(
            entities["PolicyGroups"]
        )
    for name in users:
        assert len(iam.list_access_keys(UserName=name)["AccessKeyMetadata"]) <= 2
    user_keys = sum(1 for k in iam_mock.backend.access_keys.values() if k.user_name is not None)
    listed = sum(len(iam.list_access_keys(UserName=n)["AccessKeyMetadata"]) for n in users)
    assert user_keys == listed
    errors = {code for w in workers for code in w.errors}
    assert "EntityAlreadyExists" in errors  # the threads did contend for the shared names
    assert "AccessDenied" not in errors
    assert sum(w.sessions for w in workers) > 0
