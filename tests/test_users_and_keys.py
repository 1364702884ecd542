"""The first slice end to end through boto3: users and their access keys."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def test_create_get_delete_user(iam) -> None:  # type: ignore[no-untyped-def]
    created = iam.create_user(
        UserName="alice", Path="/engineering/", Tags=[{"Key": "team", "Value": "core"}]
    )["User"]
    assert created["Arn"] == "arn:aws:iam::123456789012:user/engineering/alice"
    assert created["UserId"].startswith("AIDA")
    assert created["Path"] == "/engineering/"
    assert created["CreateDate"].tzinfo is not None
    assert created["Tags"] == [{"Key": "team", "Value": "core"}]
    fetched = iam.get_user(UserName="alice")["User"]
    assert fetched == created
    iam.delete_user(UserName="alice")
    with aws_error("NoSuchEntity", 404, "The user with name alice cannot be found."):
        iam.get_user(UserName="alice")
    with aws_error("NoSuchEntity", 404):
        iam.delete_user(UserName="alice")


def test_get_user_without_name_is_the_caller(iam) -> None:  # type: ignore[no-untyped-def]
    root = iam.get_user()["User"]
    assert root["Arn"] == "arn:aws:iam::123456789012:root"
    assert root["UserId"] == "123456789012"
    assert "UserName" not in root


def test_names_are_unique_case_insensitively(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="Alice")
    with aws_error("EntityAlreadyExists", 409, "User with name alice already exists."):
        iam.create_user(UserName="alice")
    assert iam.get_user(UserName="ALICE")["User"]["UserName"] == "Alice"


def test_list_users_pages_with_marker(iam) -> None:  # type: ignore[no-untyped-def]
    names = [f"user{i:02d}" for i in range(25)]
    for name in reversed(names):
        iam.create_user(UserName=name)
    seen: list[str] = []
    params: dict[str, object] = {"MaxItems": 10}
    pages = 0
    while True:
        answer = iam.list_users(**params)
        pages += 1
        seen += [u["UserName"] for u in answer["Users"]]
        if not answer["IsTruncated"]:
            assert "Marker" not in answer
            break
        params["Marker"] = answer["Marker"]
    assert seen == names and pages == 3
    listed = iam.list_users()["Users"][0]
    assert "Tags" not in listed and "PermissionsBoundary" not in listed


def test_list_users_with_botocore_paginator_and_path_prefix(iam) -> None:  # type: ignore[no-untyped-def]
    for i in range(7):
        iam.create_user(UserName=f"dev{i}", Path="/dev/")
    for i in range(3):
        iam.create_user(UserName=f"ops{i}", Path="/ops/")
    paginator = iam.get_paginator("list_users")
    pages = list(paginator.paginate(PaginationConfig={"PageSize": 2}))
    assert len(pages) == 5
    assert sum(len(p["Users"]) for p in pages) == 10
    dev = [u["UserName"] for p in paginator.paginate(PathPrefix="/dev/") for u in p["Users"]]
    assert dev == [f"dev{i}" for i in range(7)]


def test_access_keys_lifecycle(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    first = iam.create_access_key(UserName="alice")["AccessKey"]
    assert first["AccessKeyId"].startswith("AKIA") and len(first["AccessKeyId"]) == 20
    assert len(first["SecretAccessKey"]) == 40 and first["Status"] == "Active"
    second = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for AccessKeysPerUser: 2"):
        iam.create_access_key(UserName="alice")
    listed = iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]
    assert [k["AccessKeyId"] for k in listed] == [first["AccessKeyId"], second["AccessKeyId"]]
    assert all("SecretAccessKey" not in k for k in listed)
    iam.update_access_key(UserName="alice", AccessKeyId=first["AccessKeyId"], Status="Inactive")
    statuses = {
        k["AccessKeyId"]: k["Status"] for k in iam.list_access_keys(UserName="alice")["AccessKeyMetadata"]
    }
    assert statuses[first["AccessKeyId"]] == "Inactive"
    # Deactivating does not free a slot.
    with aws_error("LimitExceeded", 409):
        iam.create_access_key(UserName="alice")
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must delete access keys first."):
        iam.delete_user(UserName="alice")
    for key in (first, second):
        iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    with aws_error("NoSuchEntity", 404, f"The Access Key with id {first['AccessKeyId']} cannot be found."):
        iam.delete_access_key(UserName="alice", AccessKeyId=first["AccessKeyId"])
    iam.delete_user(UserName="alice")


def test_key_of_another_user_is_not_found(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("NoSuchEntity", 404):
        iam.update_access_key(UserName="bob", AccessKeyId=key["AccessKeyId"], Status="Inactive")


def test_keys_for_missing_user(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        iam.create_access_key(UserName="ghost")


def test_root_manages_its_own_keys(iam) -> None:  # type: ignore[no-untyped-def]
    keys = iam.list_access_keys()["AccessKeyMetadata"]
    assert len(keys) == 1  # the key the mock put in the environment
    extra = iam.create_access_key()["AccessKey"]
    assert client_for("sts", extra).get_caller_identity()["Arn"].endswith(":root")
    with aws_error("LimitExceeded", 409):
        iam.create_access_key()


def test_access_key_last_used_follows_real_calls(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    unused = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])
    assert unused["UserName"] == "alice"
    assert unused["AccessKeyLastUsed"] == {"ServiceName": "N/A", "Region": "N/A"}
    boto3.client(
        "sts",
        region_name="eu-west-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    ).get_caller_identity()
    used = iam.get_access_key_last_used(AccessKeyId=key["AccessKeyId"])["AccessKeyLastUsed"]
    assert used["ServiceName"] == "sts" and used["Region"] == "eu-west-1"
    assert "LastUsedDate" in used


def test_validation_errors_use_aws_wording(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("ValidationError", 400) as error:
        iam.create_user(UserName="has space")
    assert error["Message"] == (
        "1 validation error detected: Value 'has space' at 'userName' failed to satisfy constraint: "
        "Member must satisfy regular expression pattern: [\\w+=,.@-]+"
    )
    with aws_error("ValidationError", 400) as error:
        iam.create_user(UserName="x" * 65)
    assert "Member must have length less than or equal to 64" in error["Message"]
    with aws_error("ValidationError", 400):
        iam.list_users(MaxItems=1001)


def test_failed_call_changes_nothing(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    iam.create_access_key(UserName="alice")
    iam.create_access_key(UserName="alice")
    before = iam_mock.backend.snapshot()
    for attempt in (
        lambda: iam.create_user(UserName="alice"),
        lambda: iam.create_access_key(UserName="alice"),
        lambda: iam.delete_user(UserName="alice"),
        lambda: iam.create_user(UserName="bad name"),
        lambda: iam.create_user(
            UserName="carol", PermissionsBoundary="arn:aws:iam::123456789012:policy/none"
        ),
    ):
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    after = iam_mock.backend.snapshot()
    assert _plain(after) == _plain(before)


def _plain(snapshot: dict[str, object]) -> object:
    import dataclasses

    def walk(value: object) -> object:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: walk(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, dict):
            return {k: walk(v) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [walk(v) for v in value]
        return value

    return walk(snapshot)


def test_non_root_caller_is_asked_about(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = client_for("iam", key)
    with aws_error("AccessDenied", 403) as error:
        as_alice.create_user(UserName="mallory")
    assert error["Message"].startswith(
        "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: iam:CreateUser "
        "on resource: arn:aws:iam::123456789012:user/mallory"
    )
    with aws_error("NoSuchEntity", 404):
        iam.get_user(UserName="mallory")


def test_update_user_renames_and_moves(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    iam.update_user(UserName="alice", NewUserName="alicia", NewPath="/x/")
    user = iam.get_user(UserName="alicia")["User"]
    assert user["Arn"] == "arn:aws:iam::123456789012:user/x/alicia"
    assert client_for("sts", key).get_caller_identity()["Arn"] == user["Arn"]


def test_a_listing_asked_again_is_the_callers_own(iam) -> None:  # type: ignore[no-untyped-def]
    """Listings are rendered once per state; an answer changed by its caller does not change the next."""
    iam.create_user(UserName="alice")
    first = iam.list_users()["Users"]
    first[0]["UserName"] = "mallory"
    del first[0]["Arn"]
    again = iam.list_users()["Users"]
    assert again[0]["UserName"] == "alice"
    assert again[0]["Arn"] == "arn:aws:iam::123456789012:user/alice"
