"""IAM groups and their members."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup, quotas
from ..call import Call
from ..model import Group, renamed, without
from ..paging import page
from ..registry import Output, Params, operation
from .users import render as render_user

MAX_GROUPS_PER_USER = 10

_DELETE_BLOCKERS = (
    ("members", "Cannot delete entity, must remove users from group first."),
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
)


def render(group: Group) -> Output:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn,
        "CreateDate": group.created,
    }


def _by_name(groups: list[Group]) -> list[Group]:
    return sorted(groups, key=lambda g: g.name.lower())


@operation("iam", "CreateGroup")
def create_group(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["GroupName"]
    path: str = params.get("Path", "/")
    arn = account.iam_arn("group", path, name)
    call.authorize("iam:CreateGroup", arn)
    if name.lower() in account.groups:
        raise AwsError("EntityAlreadyExists", f"Group with name {name} already exists.", 409)
    most = quotas.limit(account, "GroupsQuota")
    if len(account.groups) >= most:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for GroupsPerAccount: {most}", 409)
    group = Group(
        name=name,
        group_id=call.backend.ids.unique_id("AGPA"),
        arn=arn,
        path=path,
        created=call.now,
    )
    account.groups[name.lower()] = group
    return {"Group": render(group)}


@operation("iam", "GetGroup")
def get_group(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["GroupName"]
    call.authorize("iam:GetGroup", lookup.group_arn(account, name))
    group = lookup.group(account, name)
    members = sorted((account.users[m.lower()] for m in group.members), key=lambda u: u.name.lower())
    result = page(
        members,
        params,
        key=lambda u: u.name.lower(),
        result_key="Users",
        render=lambda u: render_user(u, full=False),
    )
    return {"Group": render(group), **result}


@operation("iam", "ListGroups")
def list_groups(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListGroups", account.iam_arn("group", "/", ""))
    prefix = params.get("PathPrefix", "/")
    groups = _by_name([g for g in account.groups.values() if g.path.startswith(prefix)])
    return page(groups, params, key=lambda g: g.name.lower(), result_key="Groups", render=render)


@operation("iam", "UpdateGroup")
def update_group(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["GroupName"]
    call.authorize("iam:UpdateGroup", lookup.group_arn(account, name))
    group = lookup.group(account, name)
    new_name: str = params.get("NewGroupName", group.name)
    new_path: str = params.get("NewPath", group.path)
    if new_name.lower() != group.name.lower() and new_name.lower() in account.groups:
        raise AwsError("EntityAlreadyExists", f"Group with name {new_name} already exists.", 409)
    old_name = group.name
    del account.groups[old_name.lower()]
    group.name, group.path = new_name, new_path
    group.arn = account.iam_arn("group", new_path, new_name)
    account.groups[new_name.lower()] = group
    for member in group.members:
        user = account.users[member.lower()]
        user.groups = renamed(user.groups, old_name, new_name)
    return None


@operation("iam", "DeleteGroup")
def delete_group(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["GroupName"]
    call.authorize("iam:DeleteGroup", lookup.group_arn(account, name))
    group = lookup.group(account, name)
    for attribute, message in _DELETE_BLOCKERS:
        if getattr(group, attribute):
            raise AwsError("DeleteConflict", message, 409)
    del account.groups[name.lower()]
    return None


@operation("iam", "AddUserToGroup")
def add_user_to_group(call: Call, params: Params) -> None:
    account = call.account
    group_name: str = params["GroupName"]
    call.authorize("iam:AddUserToGroup", lookup.group_arn(account, group_name))
    group = lookup.group(account, group_name)
    user = lookup.user(account, params["UserName"])
    if user.name in group.members:
        return None  # already a member: AWS answers success and changes nothing
    if len(user.groups) >= MAX_GROUPS_PER_USER:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for GroupsPerUser: {MAX_GROUPS_PER_USER}", 409)
    group.members = (*group.members, user.name)
    user.groups = (*user.groups, group.name)
    return None


@operation("iam", "RemoveUserFromGroup")
def remove_user_from_group(call: Call, params: Params) -> None:
    account = call.account
    group_name: str = params["GroupName"]
    call.authorize("iam:RemoveUserFromGroup", lookup.group_arn(account, group_name))
    group = lookup.group(account, group_name)
    user = lookup.user(account, params["UserName"])
    if user.name not in group.members:
        raise lookup.no_such_entity(f"User {user.name} is not in group {group.name}.")
    group.members = without(group.members, user.name)
    user.groups = without(user.groups, group.name)
    return None


@operation("iam", "ListGroupsForUser")
def list_groups_for_user(call: Call, params: Params) -> Output:
    account = call.account
    user_name: str = params["UserName"]
    call.authorize("iam:ListGroupsForUser", lookup.user_arn(account, user_name))
    user = lookup.user(account, user_name)
    groups = _by_name([account.groups[g.lower()] for g in user.groups])
    return page(groups, params, key=lambda g: g.name.lower(), result_key="Groups", render=render)
