"""Inline policies of users, groups and roles, through boto3."""

from __future__ import annotations

import json
import string
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain
from tests.iam.test_attachments import make_group, make_role

from iammock import IAMMock


def doc(action: str = "s3:GetObject", *, padding: int = 0) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": "*"}
    if padding:
        statement["Sid"] = "S" + "x" * (padding - 1)
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


def size(text: str) -> int:
    return sum(1 for c in text if c not in " \t\r\n")


NAME_CHARS = string.ascii_letters + string.digits + "_+=,.@-"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


@pytest.fixture
def entities(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_user(UserName="alice")
    make_group(iam_mock, iam, "admins")
    make_role(iam_mock, iam, "worker")


KINDS = [
    ("user", "UserName", "alice", 2048),
    ("group", "GroupName", "admins", 5120),
    ("role", "RoleName", "worker", 10240),
]


def _op(iam: Any, verb: str, kind: str) -> Any:
    return getattr(iam, f"{verb}_{kind}_polic{'ies' if verb == 'list' else 'y'}")


@pytest.mark.parametrize(("kind", "param", "name", "quota"), KINDS)
def test_put_get_list_delete(iam: Any, entities: None, kind: str, param: str, name: str, quota: int) -> None:
    owner = {param: name.upper()}  # names are found case-insensitively; answers use the stored case
    _op(iam, "put", kind)(**owner, PolicyName="zeta", PolicyDocument=doc())
    _op(iam, "put", kind)(**owner, PolicyName="alpha", PolicyDocument=doc("s3:PutObject"))
    got = _op(iam, "get", kind)(**owner, PolicyName="zeta")
    assert got[param] == name and got["PolicyName"] == "zeta"
    assert got["PolicyDocument"] == json.loads(doc())
    # Putting an existing name overwrites it.
    _op(iam, "put", kind)(**owner, PolicyName="zeta", PolicyDocument=doc("s3:DeleteObject"))
    assert _op(iam, "get", kind)(**owner, PolicyName="zeta")["PolicyDocument"] == json.loads(
        doc("s3:DeleteObject")
    )
    assert _op(iam, "list", kind)(**owner)["PolicyNames"] == ["alpha", "zeta"]
    _op(iam, "delete", kind)(**owner, PolicyName="zeta")
    assert _op(iam, "list", kind)(**owner)["PolicyNames"] == ["alpha"]
    message = f"The {kind} policy with name zeta cannot be found."
    with aws_error("NoSuchEntity", 404, message):
        _op(iam, "get", kind)(**owner, PolicyName="zeta")
    with aws_error("NoSuchEntity", 404, message):
        _op(iam, "delete", kind)(**owner, PolicyName="zeta")


@pytest.mark.parametrize(("kind", "param", "name", "quota"), KINDS)
def test_missing_owner_and_bad_documents(
    iam: Any, entities: None, kind: str, param: str, name: str, quota: int
) -> None:
    for verb, extra in (
        ("put", {"PolicyName": "p", "PolicyDocument": doc()}),
        ("get", {"PolicyName": "p"}),
        ("delete", {"PolicyName": "p"}),
        ("list", {}),
    ):
        with aws_error("NoSuchEntity", 404, f"The {kind} with name ghost cannot be found."):
            _op(iam, verb, kind)(**{param: "ghost"}, **extra)
    with aws_error("MalformedPolicyDocument", 400):
        _op(iam, "put", kind)(**{param: name}, PolicyName="p", PolicyDocument="{")
    with aws_error("MalformedPolicyDocument", 400):
        _op(iam, "put", kind)(**{param: name}, PolicyName="p", PolicyDocument=json.dumps({"Statement": []}))
    with aws_error("ValidationError", 400):
        _op(iam, "put", kind)(**{param: name}, PolicyName="bad name", PolicyDocument=doc())


@pytest.mark.parametrize(("kind", "param", "name", "quota"), KINDS)
def test_aggregate_size_quota(iam: Any, entities: None, kind: str, param: str, name: str, quota: int) -> None:
    base = size(doc(padding=1)) - 1
    half = quota // 2
    first = doc(padding=half - base)
    assert size(first) == half
    _op(iam, "put", kind)(**{param: name}, PolicyName="one", PolicyDocument=first)
    second = doc(padding=quota - half - base)
    # Whitespace is not counted: an indented document of exactly the remaining size fits.
    _op(iam, "put", kind)(
        **{param: name}, PolicyName="two", PolicyDocument=json.dumps(json.loads(second), indent=4)
    )
    third = doc()
    message = f"Maximum policy size of {quota} bytes exceeded for {kind} {name}"
    with aws_error("LimitExceeded", 409, message):
        _op(iam, "put", kind)(**{param: name}, PolicyName="three", PolicyDocument=third)
    # Replacing a policy counts the new size, not both.
    _op(iam, "put", kind)(**{param: name}, PolicyName="two", PolicyDocument=third)
    _op(iam, "put", kind)(**{param: name}, PolicyName="three", PolicyDocument=third)


def test_list_pages(iam: Any, entities: None) -> None:
    names = [f"p{i:02d}" for i in range(7)]
    for policy_name in reversed(names):
        iam.put_role_policy(RoleName="worker", PolicyName=policy_name, PolicyDocument=doc())
    first = iam.list_role_policies(RoleName="worker", MaxItems=3)
    assert first["PolicyNames"] == names[:3] and first["IsTruncated"]
    pages = list(
        iam.get_paginator("list_role_policies").paginate(RoleName="worker", PaginationConfig={"PageSize": 3})
    )
    assert [n for p in pages for n in p["PolicyNames"]] == names and len(pages) == 3


def test_delete_owner_needs_policies_gone_first(iam: Any, entities: None) -> None:
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=doc())
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must delete policies first."):
        iam.delete_user(UserName="alice")
    iam.delete_user_policy(UserName="alice", PolicyName="p")
    iam.delete_user(UserName="alice")


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any, entities: None) -> None:
    iam.put_user_policy(UserName="alice", PolicyName="big", PolicyDocument=doc(padding=1900))
    before = plain(iam_mock.backend.snapshot())
    attempts: list[Callable[[], object]] = [
        lambda: iam.put_user_policy(UserName="alice", PolicyName="more", PolicyDocument=doc(padding=200)),
        lambda: iam.put_user_policy(UserName="alice", PolicyName="big", PolicyDocument="not json"),
        lambda: iam.put_group_policy(GroupName="ghost", PolicyName="p", PolicyDocument=doc()),
        lambda: iam.delete_role_policy(RoleName="worker", PolicyName="absent"),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == before


def test_non_root_caller_is_denied(iam: Any, entities: None) -> None:
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=doc())
    assert "iam:PutUserPolicy on resource: arn:aws:iam::123456789012:user/alice" in error["Message"]
    assert iam.list_user_policies(UserName="alice")["PolicyNames"] == []


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.text(NAME_CHARS, min_size=1, max_size=128), max_size=6))
def test_random_policy_names_round_trip(iam_mock: IAMMock, names: list[str]) -> None:
    iam_mock.reset()
    iam = boto3.client("iam")
    iam.create_user(UserName="u")
    for policy_name in names:
        iam.put_user_policy(UserName="u", PolicyName=policy_name, PolicyDocument=doc())
    assert iam.list_user_policies(UserName="u")["PolicyNames"] == sorted(set(names))
    for policy_name in set(names):
        assert iam.get_user_policy(UserName="u", PolicyName=policy_name)["PolicyName"] == policy_name
        iam.delete_user_policy(UserName="u", PolicyName=policy_name)
    assert iam.list_user_policies(UserName="u")["PolicyNames"] == []
