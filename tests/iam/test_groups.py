"""Groups and membership through boto3."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock, mock_iam

ACCT = "123456789012"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_create_get_list_delete_group(iam: Any) -> None:
    group = iam.create_group(GroupName="admins", Path="/ops/")["Group"]
    assert group["Arn"] == f"arn:aws:iam::{ACCT}:group/ops/admins"
    assert group["GroupId"].startswith("AGPA") and len(group["GroupId"]) == 21
    assert group["Path"] == "/ops/" and group["CreateDate"].tzinfo is not None
    fetched = iam.get_group(GroupName="ADMINS")
    assert fetched["Group"] == group
    assert fetched["Users"] == [] and fetched["IsTruncated"] is False
    assert iam.list_groups()["Groups"] == [group]
    assert iam.list_groups(PathPrefix="/dev/")["Groups"] == []
    iam.delete_group(GroupName="admins")
    with aws_error("NoSuchEntity", 404, "The group with name admins cannot be found."):
        iam.get_group(GroupName="admins")
    with aws_error("NoSuchEntity", 404):
        iam.delete_group(GroupName="admins")


def test_group_names_unique_case_insensitively(iam: Any) -> None:
    iam.create_group(GroupName="Admins")
    with aws_error("EntityAlreadyExists", 409, "Group with name admins already exists."):
        iam.create_group(GroupName="admins")


def test_membership(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_group(GroupName="ops")
    for name in ("carol", "alice", "bob"):
        iam.create_user(UserName=name)
        iam.add_user_to_group(GroupName="devs", UserName=name)
    iam.add_user_to_group(GroupName="ops", UserName="alice")
    iam.add_user_to_group(GroupName="ops", UserName="alice")  # already a member: no error, no duplicate
    members = iam.get_group(GroupName="devs")["Users"]
    assert [u["UserName"] for u in members] == ["alice", "bob", "carol"]
    assert "Tags" not in members[0]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs", "ops"]
    assert len(iam.get_group(GroupName="ops")["Users"]) == 1
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must remove users from group first."):
        iam.delete_group(GroupName="ops")
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must remove users from group first."):
        iam.delete_user(UserName="alice")
    iam.remove_user_from_group(GroupName="ops", UserName="alice")
    with aws_error("NoSuchEntity", 404):
        iam.remove_user_from_group(GroupName="ops", UserName="alice")
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs"]
    iam.delete_group(GroupName="ops")


def test_membership_errors(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_user(UserName="alice")
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        iam.add_user_to_group(GroupName="devs", UserName="ghost")
    with aws_error("NoSuchEntity", 404, "The group with name nope cannot be found."):
        iam.add_user_to_group(GroupName="nope", UserName="alice")
    with aws_error("NoSuchEntity", 404):
        iam.list_groups_for_user(UserName="ghost")
    with aws_error("NoSuchEntity", 404):
        iam.remove_user_from_group(GroupName="nope", UserName="alice")


def test_user_in_at_most_ten_groups(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_user(UserName="alice")
    for i in range(11):
        iam.create_group(GroupName=f"g{i:02d}")
    for i in range(10):
        iam.add_user_to_group(GroupName=f"g{i:02d}", UserName="alice")
    before = iam_mock.backend.snapshot()
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for GroupsPerUser: 10"):
        iam.add_user_to_group(GroupName="g10", UserName="alice")
    assert plain(iam_mock.backend.snapshot()) == plain(before)
    assert iam.get_group(GroupName="g10")["Users"] == []


def test_update_group_renames_and_keeps_members(iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_group(GroupName="ops")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    with aws_error("EntityAlreadyExists", 409, "Group with name OPS already exists."):
        iam.update_group(GroupName="devs", NewGroupName="OPS")
    iam.update_group(GroupName="devs", NewGroupName="engineers", NewPath="/eng/")
    group = iam.get_group(GroupName="engineers")
    assert group["Group"]["Arn"] == f"arn:aws:iam::{ACCT}:group/eng/engineers"
    assert [u["UserName"] for u in group["Users"]] == ["alice"]
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["engineers"]
    with aws_error("NoSuchEntity", 404):
        iam.get_group(GroupName="devs")
    # Renaming a user keeps the membership consistent too.
    iam.update_user(UserName="alice", NewUserName="alicia")
    assert [u["UserName"] for u in iam.get_group(GroupName="engineers")["Users"]] == ["alicia"]
    with aws_error("NoSuchEntity", 404):
        iam.update_group(GroupName="devs", NewPath="/x/")


def test_list_groups_and_members_paginate(iam: Any) -> None:
    for i in range(12):
        iam.create_group(GroupName=f"group{i:02d}", Path="/a/" if i % 2 else "/b/")
        iam.create_user(UserName=f"user{i:02d}")
        iam.add_user_to_group(GroupName="group00", UserName=f"user{i:02d}")
    pages = list(iam.get_paginator("list_groups").paginate(PaginationConfig={"PageSize": 5}))
    assert [len(p["Groups"]) for p in pages] == [5, 5, 2]
    names = [g["GroupName"] for p in pages for g in p["Groups"]]
    assert names == [f"group{i:02d}" for i in range(12)]
    odd = [
        g["GroupName"]
        for p in iam.get_paginator("list_groups").paginate(PathPrefix="/a/")
        for g in p["Groups"]
    ]
    assert odd == [f"group{i:02d}" for i in range(1, 12, 2)]
    first = iam.get_group(GroupName="group00", MaxItems=7)
    assert first["IsTruncated"] and len(first["Users"]) == 7
    rest = iam.get_group(GroupName="group00", Marker=first["Marker"])
    assert not rest["IsTruncated"] and len(rest["Users"]) == 5
    users = [
        u["UserName"]
        for p in iam.get_paginator("get_group").paginate(GroupName="group00")
        for u in p["Users"]
    ]
    assert users == [f"user{i:02d}" for i in range(12)]
    iam.add_user_to_group(GroupName="group01", UserName="user00")
    for_user = list(
        iam.get_paginator("list_groups_for_user").paginate(
            UserName="user00", PaginationConfig={"PageSize": 1}
        )
    )
    assert [g["GroupName"] for p in for_user for g in p["Groups"]] == ["group00", "group01"]


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_group(GroupName="devs")
    iam.create_group(GroupName="ops")
    iam.create_user(UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    before = iam_mock.backend.snapshot()
    attempts: list[Callable[[], object]] = [
        lambda: iam.create_group(GroupName="DEVS"),
        lambda: iam.delete_group(GroupName="devs"),
        lambda: iam.update_group(GroupName="devs", NewGroupName="ops"),
        lambda: iam.add_user_to_group(GroupName="devs", UserName="ghost"),
        lambda: iam.remove_user_from_group(GroupName="ops", UserName="alice"),
        lambda: iam.create_group(GroupName="bad name"),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_non_root_caller_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_group(GroupName="sneaky")
    assert "iam:CreateGroup" in error["Message"]
    assert iam.list_groups()["Groups"] == []


_NAMES = st.from_regex(r"[A-Za-z0-9+=,.@_-]{1,128}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(names=st.lists(_NAMES, min_size=1, max_size=6, unique_by=str.lower))
def test_any_valid_names_round_trip(names: list[str]) -> None:
    with mock_iam():
        iam = boto3.client("iam")
        for name in names:
            assert iam.create_group(GroupName=name)["Group"]["GroupName"] == name
        listed = [g["GroupName"] for g in iam.list_groups()["Groups"]]
        assert listed == sorted(names, key=str.lower)
        for name in names:
            assert iam.get_group(GroupName=name.upper())["Group"]["GroupName"] == name
            iam.delete_group(GroupName=name)
        assert iam.list_groups()["Groups"] == []
