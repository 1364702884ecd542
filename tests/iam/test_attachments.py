"""Attaching managed policies to users, groups and roles; ListEntitiesForPolicy; permissions boundaries."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock
from iammock.backend.model import Group, Role
from iammock.backend.registry import implemented

ACCT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
READ_ONLY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
S3_READ = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"
LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
DOC = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
)


def make_role(iam_mock: IAMMock, iam: Any, name: str, path: str = "/") -> None:
    """Through boto3 when CreateRole exists; otherwise straight into the backend (another family)."""
    if "CreateRole" in implemented("iam") and not path.startswith("/aws-service-role/"):
        iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=TRUST)
        return
    backend = iam_mock.backend
    account = backend.account(backend.default_account_id)
    account.roles[name.lower()] = Role(
        name=name,
        role_id=backend.ids.unique_id("AROA"),
        arn=account.iam_arn("role", path, name),
        path=path,
        created=datetime.now(UTC),
        trust_policy=TRUST,
    )


def make_group(iam_mock: IAMMock, iam: Any, name: str, path: str = "/") -> None:
    if "CreateGroup" in implemented("iam"):
        iam.create_group(GroupName=name, Path=path)
        return
    backend = iam_mock.backend
    account = backend.account(backend.default_account_id)
    account.groups[name.lower()] = Group(
        name=name,
        group_id=backend.ids.unique_id("AGPA"),
        arn=account.iam_arn("group", path, name),
        path=path,
        created=datetime.now(UTC),
    )


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


@pytest.fixture
def entities(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_user(UserName="alice", Path="/people/")
    make_group(iam_mock, iam, "admins", "/teams/")
    make_role(iam_mock, iam, "worker", "/apps/")


KINDS = [
    ("user", "UserName", "alice", "PoliciesPerUser"),
    ("group", "GroupName", "admins", "PoliciesPerGroup"),
    ("role", "RoleName", "worker", "PoliciesPerRole"),
]


def _call(iam: Any, verb: str, kind: str, **params: Any) -> Any:
    return getattr(iam, f"{verb}_{kind}_polic{'ies' if verb.startswith('list') else 'y'}")(**params)


@pytest.mark.parametrize(("kind", "param", "name", "quota"), KINDS)
def test_attach_list_detach(iam: Any, entities: None, kind: str, param: str, name: str, quota: str) -> None:
    local = iam.create_policy(PolicyName="local", Path="/custom/", PolicyDocument=DOC)["Policy"]["Arn"]
    for arn in (ADMIN, READ_ONLY, S3_READ, LAMBDA_BASIC, local):
        _call(iam, "attach", kind, **{param: name}, PolicyArn=arn)
    _call(iam, "attach", kind, **{param: name}, PolicyArn=ADMIN)  # a second attach changes nothing
    listed = _call(iam, "list_attached", kind, **{param: name})["AttachedPolicies"]
    assert [p["PolicyName"] for p in listed] == [
        "AdministratorAccess",
        "AmazonS3ReadOnlyAccess",
        "AWSLambdaBasicExecutionRole",
        "local",
        "ReadOnlyAccess",
    ]
    assert {p["PolicyArn"] for p in listed} == {ADMIN, READ_ONLY, S3_READ, LAMBDA_BASIC, local}
    only_custom = _call(iam, "list_attached", kind, **{param: name}, PathPrefix="/custom/")[
        "AttachedPolicies"
    ]
    assert only_custom == [{"PolicyName": "local", "PolicyArn": local}]
    paginator = iam.get_paginator(f"list_attached_{kind}_policies")
    pages = list(paginator.paginate(**{param: name}, PaginationConfig={"PageSize": 2}))
    assert [len(p["AttachedPolicies"]) for p in pages] == [2, 2, 1]
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["AttachmentCount"] == 1
    assert iam.get_policy(PolicyArn=local)["Policy"]["AttachmentCount"] == 1
    _call(iam, "detach", kind, **{param: name}, PolicyArn=local)
    assert iam.get_policy(PolicyArn=local)["Policy"]["AttachmentCount"] == 0
    with aws_error("NoSuchEntity", 404, f"Policy {local} was not found."):
        _call(iam, "detach", kind, **{param: name}, PolicyArn=local)


@pytest.mark.parametrize(("kind", "param", "name", "quota"), KINDS)
def test_attach_errors(iam: Any, entities: None, kind: str, param: str, name: str, quota: str) -> None:
    missing = f"arn:aws:iam::{ACCT}:policy/ghost"
    with aws_error("NoSuchEntity", 404, f"Policy {missing} does not exist or is not attachable."):
        _call(iam, "attach", kind, **{param: name}, PolicyArn=missing)
    with aws_error(
        "NoSuchEntity", 404, "Policy arn:aws:iam::aws:policy/NotAPolicy does not exist or is not attachable."
    ):
        _call(iam, "attach", kind, **{param: name}, PolicyArn="arn:aws:iam::aws:policy/NotAPolicy")
    with aws_error("InvalidInput", 400):
        _call(iam, "attach", kind, **{param: name}, PolicyArn="arn:aws:s3:::some-bucket-name")
    with aws_error("NoSuchEntity", 404, f"The {kind} with name ghost cannot be found."):
        _call(iam, "attach", kind, **{param: "ghost"}, PolicyArn=ADMIN)
    slr_policy = "arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"
    with aws_error("PolicyNotAttachable", 400, "Cannot attach a Service Role Policy to a Customer Role."):
        _call(iam, "attach", kind, **{param: name}, PolicyArn=slr_policy)
    arns = [iam.create_policy(PolicyName=f"p{i}", PolicyDocument=DOC)["Policy"]["Arn"] for i in range(11)]
    for arn in arns[:10]:
        _call(iam, "attach", kind, **{param: name}, PolicyArn=arn)
    _call(iam, "attach", kind, **{param: name}, PolicyArn=arns[0])  # already attached: not over the quota
    with aws_error("LimitExceeded", 409, f"Cannot exceed quota for {quota}: 10"):
        _call(iam, "attach", kind, **{param: name}, PolicyArn=arns[10])


def test_list_entities_for_policy(iam_mock: IAMMock, iam: Any, entities: None) -> None:
    arn = iam.create_policy(PolicyName="shared", PolicyDocument=DOC)["Policy"]["Arn"]
    iam.create_user(UserName="bob")
    make_role(iam_mock, iam, "other", "/other/")
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    iam.attach_group_policy(GroupName="admins", PolicyArn=arn)
    iam.attach_role_policy(RoleName="worker", PolicyArn=arn)
    iam.put_user_permissions_boundary(UserName="bob", PermissionsBoundary=arn)
    iam.put_role_permissions_boundary(RoleName="other", PermissionsBoundary=arn)
    everything = iam.list_entities_for_policy(PolicyArn=arn)
    assert [u["UserName"] for u in everything["PolicyUsers"]] == ["alice", "bob"]
    assert [g["GroupName"] for g in everything["PolicyGroups"]] == ["admins"]
    assert [r["RoleName"] for r in everything["PolicyRoles"]] == ["other", "worker"]
    assert everything["PolicyUsers"][0]["UserId"] == iam.get_user(UserName="alice")["User"]["UserId"]
    as_policy = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsPolicy")
    assert [u["UserName"] for u in as_policy["PolicyUsers"]] == ["alice"]
    assert [r["RoleName"] for r in as_policy["PolicyRoles"]] == ["worker"]
    as_boundary = iam.list_entities_for_policy(PolicyArn=arn, PolicyUsageFilter="PermissionsBoundary")
    assert [u["UserName"] for u in as_boundary["PolicyUsers"]] == ["bob"]
    assert as_boundary["PolicyGroups"] == []
    roles_only = iam.list_entities_for_policy(PolicyArn=arn, EntityFilter="Role", PathPrefix="/apps/")
    assert [r["RoleName"] for r in roles_only["PolicyRoles"]] == ["worker"]
    assert roles_only["PolicyUsers"] == [] and roles_only["PolicyGroups"] == []
    pages = list(
        iam.get_paginator("list_entities_for_policy").paginate(
            PolicyArn=arn, PaginationConfig={"PageSize": 2}
        )
    )
    assert len(pages) == 3
    assert sum(len(p["PolicyUsers"]) + len(p["PolicyGroups"]) + len(p["PolicyRoles"]) for p in pages) == 5
    got = iam.get_policy(PolicyArn=arn)["Policy"]
    assert got["AttachmentCount"] == 3 and got["PermissionsBoundaryUsageCount"] == 2
    with aws_error("NoSuchEntity", 404):
        iam.list_entities_for_policy(PolicyArn=f"arn:aws:iam::{ACCT}:policy/ghost")
    aws = iam.list_entities_for_policy(PolicyArn=ADMIN)
    assert aws["PolicyUsers"] == [] and aws["PolicyRoles"] == [] and aws["PolicyGroups"] == []


@pytest.mark.parametrize(
    ("kind", "param", "name"), [("user", "UserName", "alice"), ("role", "RoleName", "worker")]
)
def test_permissions_boundaries(iam: Any, entities: None, kind: str, param: str, name: str) -> None:
    first = iam.create_policy(PolicyName="first", PolicyDocument=DOC)["Policy"]["Arn"]
    second = iam.create_policy(PolicyName="second", PolicyDocument=DOC)["Policy"]["Arn"]
    put = getattr(iam, f"put_{kind}_permissions_boundary")
    delete = getattr(iam, f"delete_{kind}_permissions_boundary")
    get = getattr(iam, f"get_{kind}")
    put(**{param: name}, PermissionsBoundary=first)
    assert get(**{param: name})[kind.title()]["PermissionsBoundary"] == {
        "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
        "PermissionsBoundaryArn": first,
    }
    assert iam.get_policy(PolicyArn=first)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    put(**{param: name}, PermissionsBoundary=first)  # same boundary again: counted once
    assert iam.get_policy(PolicyArn=first)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    put(**{param: name}, PermissionsBoundary=second)
    assert iam.get_policy(PolicyArn=first)["Policy"]["PermissionsBoundaryUsageCount"] == 0
    assert iam.get_policy(PolicyArn=second)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    put(**{param: name}, PermissionsBoundary=ADMIN)
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["PermissionsBoundaryUsageCount"] == 1
    assert iam.get_policy(PolicyArn=second)["Policy"]["PermissionsBoundaryUsageCount"] == 0
    missing = f"arn:aws:iam::{ACCT}:policy/ghost"
    with aws_error("NoSuchEntity", 404, f"Scope ARN: {missing} does not exist or is not attachable."):
        put(**{param: name}, PermissionsBoundary=missing)
    with aws_error("NoSuchEntity", 404):
        put(**{param: "ghost"}, PermissionsBoundary=first)
    delete(**{param: name})
    assert "PermissionsBoundary" not in get(**{param: name})[kind.title()]
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["PermissionsBoundaryUsageCount"] == 0
    delete(**{param: name})  # nothing to remove: still succeeds
    with aws_error("NoSuchEntity", 404):
        delete(**{param: "ghost"})


def test_service_linked_roles_are_protected(iam_mock: IAMMock, iam: Any) -> None:
    make_role(iam_mock, iam, "AWSServiceRoleForECS", "/aws-service-role/ecs.amazonaws.com/")
    with aws_error("UnmodifiableEntity", 400):
        iam.attach_role_policy(RoleName="AWSServiceRoleForECS", PolicyArn=ADMIN)
    with aws_error("UnmodifiableEntity", 400):
        iam.put_role_policy(RoleName="AWSServiceRoleForECS", PolicyName="p", PolicyDocument=DOC)
    with aws_error("UnmodifiableEntity", 400):
        iam.put_role_permissions_boundary(RoleName="AWSServiceRoleForECS", PermissionsBoundary=ADMIN)


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any, entities: None) -> None:
    arns = [iam.create_policy(PolicyName=f"p{i}", PolicyDocument=DOC)["Policy"]["Arn"] for i in range(11)]
    for arn in arns[:10]:
        iam.attach_role_policy(RoleName="worker", PolicyArn=arn)
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arns[0])
    before = plain(iam_mock.backend.snapshot())
    attempts: list[Callable[[], object]] = [
        lambda: iam.attach_role_policy(RoleName="worker", PolicyArn=arns[10]),
        lambda: iam.attach_role_policy(RoleName="worker", PolicyArn=f"arn:aws:iam::{ACCT}:policy/ghost"),
        lambda: iam.attach_user_policy(
            UserName="alice", PolicyArn="arn:aws:iam::aws:policy/aws-service-role/AmazonECSServiceRolePolicy"
        ),
        lambda: iam.detach_user_policy(UserName="alice", PolicyArn=ADMIN),
        lambda: iam.put_user_permissions_boundary(
            UserName="alice", PermissionsBoundary=f"arn:aws:iam::{ACCT}:policy/x"
        ),
        lambda: iam.delete_policy(PolicyArn=arns[0]),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == before


def test_non_root_caller_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).attach_user_policy(UserName="alice", PolicyArn=ADMIN)
    assert f"iam:AttachUserPolicy on resource: arn:aws:iam::{ACCT}:user/alice" in error["Message"]
    assert iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"] == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from([ADMIN, READ_ONLY, S3_READ, LAMBDA_BASIC]), max_size=12))
def test_attach_detach_sequences_keep_counts(iam_mock: IAMMock, arns: list[str]) -> None:
    """Any sequence of attaches and detaches: the count equals the number of users holding the policy."""
    iam_mock.reset()
    iam = boto3.client("iam")
    iam.create_user(UserName="u1")
    iam.create_user(UserName="u2")
    held: dict[str, set[str]] = {}
    for i, arn in enumerate(arns):
        user = f"u{i % 2 + 1}"
        holders = held.setdefault(arn, set())
        if user in holders and i % 3 == 0:
            iam.detach_user_policy(UserName=user, PolicyArn=arn)
            holders.discard(user)
        else:
            iam.attach_user_policy(UserName=user, PolicyArn=arn)
            holders.add(user)
    for arn in (ADMIN, READ_ONLY, S3_READ, LAMBDA_BASIC):
        assert iam.get_policy(PolicyArn=arn)["Policy"]["AttachmentCount"] == len(held.get(arn, ()))
