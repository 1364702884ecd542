"""Tags on users, roles and instance profiles: Tag*, Untag*, List*Tags."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged
from ..paging import page
from ..registry import operation
from .instance_profiles import profile, profile_arn

Finder = Callable[[Account, str], Tagged]
ArnOf = Callable[[Account, str], str]

# entity kind -> (name parameter, finder, ARN for authorization, tag keys case-insensitive)
_KINDS: dict[str, tuple[str, Finder, ArnOf, bool]] = {
    "User": ("UserName", lookup.user, lookup.user_arn, True),
    "Role": ("RoleName", lookup.role, lookup.role_arn, True),
    "InstanceProfile": ("InstanceProfileName", profile, profile_arn, False),
}


def _tag(call: Call, params: dict[str, Any], kind: str) -> None:
    param, find, arn_of, case_insensitive = _KINDS[kind]
    account = call.account
    name: str = params[param]
    given = params["Tags"]
    call.authorize(f"iam:Tag{kind}", arn_of(account, name), tags.request_context(given))
    entity = find(account, name)
    entity.tags = tags.merge(entity.tags, given, case_insensitive=case_insensitive)


def _untag(call: Call, params: dict[str, Any], kind: str) -> None:
    param, find, arn_of, case_insensitive = _KINDS[kind]
    account = call.account
    name: str = params[param]
    keys: list[str] = params["TagKeys"]
    call.authorize(f"iam:Untag{kind}", arn_of(account, name), {"aws:TagKeys": keys})
    entity = find(account, name)
    if case_insensitive:
        gone = {k.lower() for k in keys}
        entity.tags = {k: v for k, v in entity.tags.items() if k.lower() not in gone}
    else:
        entity.tags = {k: v for k, v in entity.tags.items() if k not in keys}


def _list(call: Call, params: dict[str, Any], kind: str) -> dict[str, Any]:
    param, find, arn_of, _ = _KINDS[kind]
    account = call.account
    name: str = params[param]
    call.authorize(f"iam:List{kind}Tags", arn_of(account, name))
    entity = find(account, name)
    # Tags keep insertion order; the marker is a position, zero-padded so that it sorts.
    numbered = list(enumerate(tags.as_list(entity.tags)))
    return page(
        numbered, params, key=lambda item: f"{item[0]:04d}", result_key="Tags", render=lambda item: item[1]
    )


@operation("iam", "TagUser")
def tag_user(call: Call, params: dict[str, Any]) -> None:
    _tag(call, params, "User")


@operation("iam", "UntagUser")
def untag_user(call: Call, params: dict[str, Any]) -> None:
    _untag(call, params, "User")


@operation("iam", "ListUserTags")
def list_user_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return _list(call, params, "User")


@operation("iam", "TagRole")
def tag_role(call: Call, params: dict[str, Any]) -> None:
    _tag(call, params, "Role")


@operation("iam", "UntagRole")
def untag_role(call: Call, params: dict[str, Any]) -> None:
    _untag(call, params, "Role")


@operation("iam", "ListRoleTags")
def list_role_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return _list(call, params, "Role")


@operation("iam", "TagInstanceProfile")
def tag_instance_profile(call: Call, params: dict[str, Any]) -> None:
    _tag(call, params, "InstanceProfile")


@operation("iam", "UntagInstanceProfile")
def untag_instance_profile(call: Call, params: dict[str, Any]) -> None:
    _untag(call, params, "InstanceProfile")


@operation("iam", "ListInstanceProfileTags")
def list_instance_profile_tags(call: Call, params: dict[str, Any]) -> dict[str, Any]:
    return _list(call, params, "InstanceProfile")
