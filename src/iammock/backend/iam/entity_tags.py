"""Tags on users, roles and instance profiles: Tag*, Untag*, List*Tags."""

from __future__ import annotations

from collections.abc import Callable

from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged
from ..registry import Output, Params, operation
from .instance_profiles import profile, profile_arn

Finder = Callable[[Account, str], Tagged]
ArnOf = Callable[[Account, str], str]

# entity kind -> (name parameter, finder, ARN for authorization, tag keys case-insensitive)
_KINDS: dict[str, tuple[str, Finder, ArnOf, bool]] = {
    "User": ("UserName", lookup.user, lookup.user_arn, True),
    "Role": ("RoleName", lookup.role, lookup.role_arn, True),
    "InstanceProfile": ("InstanceProfileName", profile, profile_arn, False),
}


def _parts(call: Call, params: Params, kind: str) -> tuple[str, tags.Find, bool]:
    param, find, arn_of, case_insensitive = _KINDS[kind]
    account = call.account
    name: str = params[param]
    return arn_of(account, name), lambda: find(account, name), case_insensitive


def _tag(call: Call, params: Params, kind: str) -> None:
    arn, find, case_insensitive = _parts(call, params, kind)
    tags.tag(call, f"iam:Tag{kind}", arn, find, params["Tags"], case_insensitive=case_insensitive)


def _untag(call: Call, params: Params, kind: str) -> None:
    arn, find, case_insensitive = _parts(call, params, kind)
    tags.untag(call, f"iam:Untag{kind}", arn, find, params["TagKeys"], case_insensitive=case_insensitive)


def _list(call: Call, params: Params, kind: str) -> Output:
    arn, find, _ = _parts(call, params, kind)
    return tags.listing(call, f"iam:List{kind}Tags", arn, find, params)


@operation("iam", "TagUser")
def tag_user(call: Call, params: Params) -> None:
    _tag(call, params, "User")


@operation("iam", "UntagUser")
def untag_user(call: Call, params: Params) -> None:
    _untag(call, params, "User")


@operation("iam", "ListUserTags")
def list_user_tags(call: Call, params: Params) -> Output:
    return _list(call, params, "User")


@operation("iam", "TagRole")
def tag_role(call: Call, params: Params) -> None:
    _tag(call, params, "Role")


@operation("iam", "UntagRole")
def untag_role(call: Call, params: Params) -> None:
    _untag(call, params, "Role")


@operation("iam", "ListRoleTags")
def list_role_tags(call: Call, params: Params) -> Output:
    return _list(call, params, "Role")


@operation("iam", "TagInstanceProfile")
def tag_instance_profile(call: Call, params: Params) -> None:
    _tag(call, params, "InstanceProfile")


@operation("iam", "UntagInstanceProfile")
def untag_instance_profile(call: Call, params: Params) -> None:
    _untag(call, params, "InstanceProfile")


@operation("iam", "ListInstanceProfileTags")
def list_instance_profile_tags(call: Call, params: Params) -> Output:
    return _list(call, params, "InstanceProfile")
