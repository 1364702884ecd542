"""IAM users: create, read, list, update, delete."""

from __future__ import annotations

from ...errors import AwsError
from ...fixed import Fixed
from .. import lookup, tags
from ..call import Call
from ..model import User, renamed
from ..paging import ordered, page
from ..registry import Output, Params, operation

MAX_USERS = 5000

# What still hangs off a user, in the order DeleteUser reports it, with AWS's message.
_DELETE_BLOCKERS = (
    ("login_profile", "Cannot delete entity, must delete login profile first."),
    ("access_keys", "Cannot delete entity, must delete access keys first."),
    ("signing_certificates", "Cannot delete entity, must remove referenced objects first."),
    ("ssh_public_keys", "Cannot delete entity, must remove referenced objects first."),
    ("service_specific_credentials", "Cannot delete entity, must remove referenced objects first."),
    ("mfa_devices", "Cannot delete entity, must delete MFA device first."),
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
    ("groups", "Cannot delete entity, must remove users from group first."),
)


def render(user: User, *, full: bool) -> Output:
    """A ``User`` element; List* omits tags and the permissions boundary, as AWS does."""
    data: Output = {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn,
        "CreateDate": user.created,
        "PasswordLastUsed": user.password_last_used,
    }
    if full:
        if user.boundary:
            data["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": user.boundary,
            }
        if user.tags:
            data["Tags"] = tags.as_list(user.tags)
    return data


def _blocker(user: User) -> str | None:
    for attribute, message in _DELETE_BLOCKERS:
        if getattr(user, attribute):
            return message
    return None


@operation("iam", "CreateUser")
def create_user(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["UserName"]
    path: str = params.get("Path", "/")
    given_tags = params.get("Tags", [])
    boundary = params.get("PermissionsBoundary")
    arn = account.iam_arn("user", path, name)
    context = tags.request_context(given_tags) if given_tags else {}
    if boundary:
        context["iam:PermissionsBoundary"] = boundary
    call.authorize("iam:CreateUser", arn, context)
    if given_tags:
        call.authorize("iam:TagUser", arn, context)
    key = name.lower()
    if key in account.users:
        raise AwsError("EntityAlreadyExists", f"User with name {name} already exists.", 409)
    if boundary and lookup.managed_policy(account, boundary) is None:
        raise lookup.no_such_entity(f"Scope ARN: {boundary} does not exist or is not attachable.")
    if len(account.users) >= MAX_USERS:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for UsersPerAccount: {MAX_USERS}", 409)
    user_tags = tags.merge({}, given_tags, case_insensitive=True) if given_tags else {}
    user = User(
        name=name,
        user_id=call.backend.ids.unique_id("AIDA"),
        arn=arn,
        path=path,
        created=call.now,
        boundary=boundary,
        tags=user_tags,
    )
    if boundary:
        policy = lookup.managed_policy(account, boundary)
        assert policy is not None
        policy.boundary_uses += 1
    account.users[key] = user
    return {"User": render(user, full=True)}


@operation("iam", "GetUser")
def get_user(call: Call, params: Params) -> Output:
    account = call.account
    name = lookup.target_user_name(call, params)
    if name is None:  # the account root asking about itself
        call.authorize("iam:GetUser", account.root_arn)
        return {"User": {"UserId": account.id, "Arn": account.root_arn, "CreateDate": account.created}}
    call.authorize("iam:GetUser", lookup.user_arn(account, name))
    return {"User": render(lookup.user(account, name), full=True)}


@operation("iam", "ListUsers")
def list_users(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListUsers", account.iam_arn("user", "/", ""))
    prefix = params.get("PathPrefix", "/")
    # Rendered with the ordering, once per state generation: listings are read far more than written.
    users = ordered(
        call,
        ("ListUsers", prefix),
        lambda: [
            (u.name.lower(), Fixed(render(u, full=False)))
            for u in sorted(
                (u for u in account.users.values() if u.path.startswith(prefix)), key=lambda u: u.name.lower()
            )
        ],
    )
    return page(users, params, key=lambda pair: pair[0], result_key="Users", render=lambda pair: pair[1])


@operation("iam", "UpdateUser")
def update_user(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:UpdateUser", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    new_name: str = params.get("NewUserName", user.name)
    new_path: str = params.get("NewPath", user.path)
    if new_name.lower() != user.name.lower() and new_name.lower() in account.users:
        raise AwsError("EntityAlreadyExists", f"User with name {new_name} already exists.", 409)
    del account.users[user.name.lower()]
    old_name = user.name
    user.name, user.path = new_name, new_path
    user.arn = account.iam_arn("user", new_path, new_name)
    account.users[new_name.lower()] = user
    for key in user.access_keys.values():
        key.user_name = new_name
    for group_name in user.groups:
        group = account.groups[group_name.lower()]
        group.members = renamed(group.members, old_name, new_name)
    return None


@operation("iam", "DeleteUser")
def delete_user(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:DeleteUser", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    blocker = _blocker(user)
    if blocker:
        raise AwsError("DeleteConflict", blocker, 409)
    if user.boundary:
        policy = lookup.managed_policy(account, user.boundary)
        if policy is not None:
            policy.boundary_uses -= 1
    del account.users[name.lower()]
    return None
