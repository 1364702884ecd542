"""Tags on users, roles and instance profiles, through boto3."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

EC2 = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_user(UserName="alice")
    client.create_role(RoleName="app", AssumeRolePolicyDocument=EC2)
    client.create_instance_profile(InstanceProfileName="web")
    return client


# kind -> (name parameter, name, tag, untag, list, tag keys case-insensitive)
KINDS = {
    "user": ("UserName", "alice", "tag_user", "untag_user", "list_user_tags", True),
    "role": ("RoleName", "app", "tag_role", "untag_role", "list_role_tags", True),
    "instance_profile": (
        "InstanceProfileName",
        "web",
        "tag_instance_profile",
        "untag_instance_profile",
        "list_instance_profile_tags",
        False,
    ),
}


def _tags(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in pairs]


@pytest.mark.parametrize("kind", KINDS)
def test_tag_list_untag(iam: Any, kind: str) -> None:
    param, name, tag, untag, list_tags, _ = KINDS[kind]
    assert getattr(iam, list_tags)(**{param: name})["Tags"] == []
    getattr(iam, tag)(**{param: name, "Tags": _tags(("team", "core"), ("env", "prod"))})
    getattr(iam, tag)(**{param: name, "Tags": _tags(("env", "dev"), ("cost", ""))})
    listed = getattr(iam, list_tags)(**{param: name})
    assert listed["Tags"] == _tags(("team", "core"), ("env", "dev"), ("cost", ""))
    assert listed["IsTruncated"] is False
    getattr(iam, untag)(**{param: name, "TagKeys": ["team", "absent"]})
    assert getattr(iam, list_tags)(**{param: name})["Tags"] == _tags(("env", "dev"), ("cost", ""))


@pytest.mark.parametrize("kind", KINDS)
def test_tag_key_case(iam: Any, kind: str) -> None:
    param, name, tag, untag, list_tags, insensitive = KINDS[kind]
    getattr(iam, tag)(**{param: name, "Tags": _tags(("Department", "a"))})
    getattr(iam, tag)(**{param: name, "Tags": _tags(("department", "b"))})
    listed = getattr(iam, list_tags)(**{param: name})["Tags"]
    if insensitive:
        assert listed == _tags(("department", "b"))
        getattr(iam, untag)(**{param: name, "TagKeys": ["DEPARTMENT"]})
        assert getattr(iam, list_tags)(**{param: name})["Tags"] == []
    else:
        assert listed == _tags(("Department", "a"), ("department", "b"))
        getattr(iam, untag)(**{param: name, "TagKeys": ["DEPARTMENT", "department"]})
        assert getattr(iam, list_tags)(**{param: name})["Tags"] == _tags(("Department", "a"))


@pytest.mark.parametrize("kind", KINDS)
def test_tag_limits_and_errors(iam_mock: IAMMock, iam: Any, kind: str) -> None:
    param, name, tag, untag, list_tags, _ = KINDS[kind]
    getattr(iam, tag)(**{param: name, "Tags": _tags(*((f"k{i:02d}", "v") for i in range(50)))})
    before = iam_mock.backend.snapshot()
    with aws_error("LimitExceeded", 409):
        getattr(iam, tag)(**{param: name, "Tags": _tags(("one-more", "v"))})
    with aws_error("InvalidInput", 400):
        getattr(iam, tag)(**{param: name, "Tags": _tags(("aws:reserved", "v"))})
    with aws_error("NoSuchEntity", 404):
        getattr(iam, tag)(**{param: "ghost", "Tags": _tags(("a", "b"))})
    with aws_error("NoSuchEntity", 404):
        getattr(iam, untag)(**{param: "ghost", "TagKeys": ["a"]})
    with aws_error("NoSuchEntity", 404):
        getattr(iam, list_tags)(**{param: "ghost"})
    assert plain(iam_mock.backend.snapshot()) == plain(before)
    # Replacing an existing key does not count against the limit.
    getattr(iam, tag)(**{param: name, "Tags": _tags(("k00", "new"))})


@pytest.mark.parametrize("kind", KINDS)
def test_list_tags_paginates(iam: Any, kind: str) -> None:
    param, name, tag, _, list_tags, _ = KINDS[kind]
    wanted = _tags(*((f"key{i}", str(i)) for i in (5, 3, 9, 1, 7, 0, 2)))
    getattr(iam, tag)(**{param: name, "Tags": wanted})
    first = getattr(iam, list_tags)(**{param: name, "MaxItems": 3})
    assert first["IsTruncated"] and first["Tags"] == wanted[:3]
    second = getattr(iam, list_tags)(**{param: name, "MaxItems": 3, "Marker": first["Marker"]})
    assert second["Tags"] == wanted[3:6]
    pages = iam.get_paginator(list_tags).paginate(**{param: name}, PaginationConfig={"PageSize": 2})
    assert [t for p in pages for t in p["Tags"]] == wanted


def test_tags_show_on_get_but_not_list(iam: Any) -> None:
    iam.tag_user(UserName="alice", Tags=_tags(("a", "1")))
    iam.tag_role(RoleName="app", Tags=_tags(("b", "2")))
    iam.tag_instance_profile(InstanceProfileName="web", Tags=_tags(("c", "3")))
    assert iam.get_user(UserName="alice")["User"]["Tags"] == _tags(("a", "1"))
    assert iam.get_role(RoleName="app")["Role"]["Tags"] == _tags(("b", "2"))
    assert iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Tags"] == _tags(("c", "3"))
    assert "Tags" not in iam.list_roles()["Roles"][0]


def test_non_root_caller_is_denied(iam: Any) -> None:
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).tag_role(RoleName="app", Tags=_tags(("a", "b")))
    assert "iam:TagRole" in error["Message"]
    assert iam.list_role_tags(RoleName="app")["Tags"] == []
