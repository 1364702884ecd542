"""IAM roles: create, read, list, update, delete; trust policies with pinned principals."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup, quotas, tags
from ..call import Call
from ..model import Role, SourceRoleTemplate
from ..paging import ordered, page
from ..registry import Output, Params, operation
from ..trust import compile_trust_policy, rendered_trust_policy

# What still hangs off a role, in the order DeleteRole reports it, with AWS's message.
_DELETE_BLOCKERS = (
    ("inline_policies", "Cannot delete entity, must delete policies first."),
    ("attached_policies", "Cannot delete entity, must detach all policies first."),
    ("instance_profiles", "Cannot delete entity, must remove roles from instance profile first."),
)


def check_modifiable(role: Role) -> None:
    """Service-linked roles belong to their service: ordinary write operations are refused.

    For every operation that changes a role other than its description (policies, trust, deletion…).
    """
    if role.service_linked:
        raise AwsError(
            "UnmodifiableEntity",
            f"Cannot perform the operation on the protected role '{role.name}' - "
            "this role is only modifiable by AWS",
            400,
        )


def _source_template(source: SourceRoleTemplate | None) -> Output | None:
    if source is None:
        return None
    return {"TemplateArn": source.template_arn, "TemplateMinorVersion": source.minor_version}


def render(call: Call, role: Role, *, full: bool) -> Output:
    """A ``Role`` element. List* omits tags, the boundary and RoleLastUsed, as AWS does."""
    data: Output = {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.created,
        "AssumeRolePolicyDocument": rendered_trust_policy(call.backend, role),
        "Description": role.description,
        "MaxSessionDuration": role.max_session_duration,
        "SourceRoleTemplate": _source_template(role.source_role_template),
    }
    if full:
        if role.boundary:
            data["PermissionsBoundary"] = {
                "PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                "PermissionsBoundaryArn": role.boundary,
            }
        if role.tags:
            data["Tags"] = tags.as_list(role.tags)
        data["RoleLastUsed"] = _last_used(call, role)
    return data


def _last_used(call: Call, role: Role) -> Output:
    use = call.backend.activity.role_last_used.get(role.arn)
    if use is not None:
        return {"LastUsedDate": use.when, "Region": use.region}
    if role.last_used is not None:
        return {"LastUsedDate": role.last_used, "Region": role.last_used_region}
    return {}


def add_role(
    call: Call,
    *,
    name: str,
    path: str,
    trust_text: str,
    pins: dict[str, str],
    description: str | None,
    max_session_duration: int,
    role_tags: dict[str, str],
    boundary: str | None,
    service: str | None = None,
) -> Role:
    """Store a new role; every check has been made by the caller."""
    account = call.account
    role = Role(
        name=name,
        role_id=call.backend.ids.unique_id("AROA"),
        arn=account.iam_arn("role", path, name),
        path=path,
        created=call.now,
        trust_policy=trust_text,
        description=description,
        max_session_duration=max_session_duration,
        boundary=boundary,
        tags=role_tags,
    )
    role.pins = pins
    if service:
        role.service_linked = service
    if boundary:
        policy = lookup.managed_policy(account, boundary)
        assert policy is not None
        policy.boundary_uses += 1
    account.roles[name.lower()] = role
    return role


def check_room(call: Call) -> None:
    most = quotas.limit(call.account, "RolesQuota")
    if len(call.account.roles) >= most:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for RolesPerAccount: {most}", 409)


@operation("iam", "CreateRole")
def create_role(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["RoleName"]
    path: str = params.get("Path", "/")
    given_tags = params.get("Tags", [])
    boundary = params.get("PermissionsBoundary")
    arn = account.iam_arn("role", path, name)
    context = tags.request_context(given_tags)
    if boundary:
        context["iam:PermissionsBoundary"] = boundary
    call.authorize("iam:CreateRole", arn, context)
    if given_tags:
        call.authorize("iam:TagRole", arn, context)
    if name.lower() in account.roles:
        raise AwsError("EntityAlreadyExists", f"Role with name {name} already exists.", 409)
    _, pins = compile_trust_policy(
        call.backend,
        params["AssumeRolePolicyDocument"],
        account.partition,
        size_quota=quotas.limit(account, "AssumeRolePolicySizeQuota"),
    )
    if boundary and lookup.managed_policy(account, boundary) is None:
        raise lookup.no_such_entity(f"Scope ARN: {boundary} does not exist or is not attachable.")
    role_tags = tags.merge({}, given_tags, case_insensitive=True)
    check_room(call)
    role = add_role(
        call,
        name=name,
        path=path,
        trust_text=params["AssumeRolePolicyDocument"],
        pins=pins,
        description=params.get("Description"),
        max_session_duration=params.get("MaxSessionDuration", 3600),
        role_tags=role_tags,
        boundary=boundary,
    )
    data = render(call, role, full=True)
    # CreateRole answers without the attributes that only describe later use or defaults.
    del data["RoleLastUsed"]
    del data["MaxSessionDuration"]
    return {"Role": data}


@operation("iam", "GetRole")
def get_role(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:GetRole", lookup.role_arn(account, name))
    return {"Role": render(call, lookup.role(account, name), full=True)}


@operation("iam", "ListRoles")
def list_roles(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListRoles", account.iam_arn("role", "/", ""))
    prefix = params.get("PathPrefix", "/")
    roles = ordered(
        call,
        ("ListRoles", prefix),
        lambda: sorted(
            (r for r in account.roles.values() if r.path.startswith(prefix)), key=lambda r: r.name.lower()
        ),
    )
    return page(
        roles,
        params,
        key=lambda r: r.name.lower(),
        result_key="Roles",
        render=lambda r: render(call, r, full=False),
    )


@operation("iam", "UpdateRole")
def update_role(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:UpdateRole", lookup.role_arn(account, name))
    role = lookup.role(account, name)
    if "MaxSessionDuration" in params:
        check_modifiable(role)
    if "Description" in params:
        role.description = params["Description"]
    if "MaxSessionDuration" in params:
        role.max_session_duration = params["MaxSessionDuration"]
    return None


@operation("iam", "UpdateRoleDescription")
def update_role_description(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:UpdateRoleDescription", lookup.role_arn(account, name))
    role = lookup.role(account, name)
    # The description is the one attribute of a service-linked role its owner may change.
    role.description = params["Description"]
    return {"Role": render(call, role, full=True)}


@operation("iam", "UpdateAssumeRolePolicy")
def update_assume_role_policy(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:UpdateAssumeRolePolicy", lookup.role_arn(account, name))
    role = lookup.role(account, name)
    check_modifiable(role)
    text: str = params["PolicyDocument"]
    _, pins = compile_trust_policy(
        call.backend, text, account.partition, size_quota=quotas.limit(account, "AssumeRolePolicySizeQuota")
    )
    role.trust_policy = text
    role.pins = pins
    return None


def remove_role(call: Call, role: Role) -> None:
    """Delete a role whose blockers have been checked."""
    account = call.account
    if role.boundary:
        policy = lookup.managed_policy(account, role.boundary)
        if policy is not None:
            policy.boundary_uses -= 1
    del account.roles[role.name.lower()]


def delete_blocker(role: Role) -> str | None:
    for attribute, message in _DELETE_BLOCKERS:
        if getattr(role, attribute):
            return message
    return None


@operation("iam", "DeleteRole")
def delete_role(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:DeleteRole", lookup.role_arn(account, name))
    role = lookup.role(account, name)
    check_modifiable(role)
    blocker = delete_blocker(role)
    if blocker:
        raise AwsError("DeleteConflict", blocker, 409)
    remove_role(call, role)
    return None
