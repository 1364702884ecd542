"""Managed policies attached to users, groups and roles; and who a policy is attached to."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup, quotas
from ..call import Call
from ..model import Group, Role, User, without
from ..paging import page, window
from ..registry import Output, Params, operation
from .inline_policies import GROUP, ROLE, USER, Kind, protect_service_linked
from .managed_policies import adjust, arn_path_and_name, check_arn, find

_SERVICE_LINKED_POLICY_PATH = "/aws-service-role/"


def _attach(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    arn: str = params["PolicyArn"]
    call.authorize(f"iam:Attach{kind.title}Policy", kind.arn(account, owner_name), {"iam:PolicyARN": arn})
    owner = kind.find(account, owner_name)
    protect_service_linked(owner)
    check_arn(arn, call.account.partition)
    if lookup.managed_policy(account, arn) is None:
        raise lookup.no_such_entity(f"Policy {arn} does not exist or is not attachable.")
    if arn_path_and_name(arn)[0].startswith(_SERVICE_LINKED_POLICY_PATH):
        # Service-linked role policies go only on service-linked roles, which the account cannot change.
        raise AwsError("PolicyNotAttachable", "Cannot attach a Service Role Policy to a Customer Role.", 400)
    if arn in owner.attached_policies:
        return None
    most = quotas.limit(account, f"AttachedPoliciesPer{kind.title}Quota")
    if len(owner.attached_policies) >= most:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for PoliciesPer{kind.title}: {most}", 409)
    owner.attached_policies = (*owner.attached_policies, arn)
    adjust(account, arn, attachments=1)
    return None


def _detach(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    arn: str = params["PolicyArn"]
    call.authorize(f"iam:Detach{kind.title}Policy", kind.arn(account, owner_name), {"iam:PolicyARN": arn})
    owner = kind.find(account, owner_name)
    protect_service_linked(owner)
    check_arn(arn, call.account.partition)
    if arn not in owner.attached_policies:
        raise lookup.no_such_entity(f"Policy {arn} was not found.")
    owner.attached_policies = without(owner.attached_policies, arn)
    adjust(account, arn, attachments=-1)
    return None


def _attached_key(arn: str) -> str:
    return f"{arn_path_and_name(arn)[1].lower()}\x00{arn}"


def _list_attached(kind: Kind, call: Call, params: Params) -> Output:
    account = call.account
    owner_name: str = params[kind.name_param]
    call.authorize(f"iam:ListAttached{kind.title}Policies", kind.arn(account, owner_name))
    owner = kind.find(account, owner_name)
    prefix = params.get("PathPrefix", "/")
    arns = sorted(
        (a for a in owner.attached_policies if arn_path_and_name(a)[0].startswith(prefix)), key=_attached_key
    )
    return page(
        arns,
        params,
        key=_attached_key,
        result_key="AttachedPolicies",
        render=lambda a: {"PolicyName": arn_path_and_name(a)[1], "PolicyArn": a},
    )


@operation("iam", "AttachUserPolicy")
def attach_user_policy(call: Call, params: Params) -> None:
    return _attach(USER, call, params)


@operation("iam", "AttachGroupPolicy")
def attach_group_policy(call: Call, params: Params) -> None:
    return _attach(GROUP, call, params)


@operation("iam", "AttachRolePolicy")
def attach_role_policy(call: Call, params: Params) -> None:
    return _attach(ROLE, call, params)


@operation("iam", "DetachUserPolicy")
def detach_user_policy(call: Call, params: Params) -> None:
    return _detach(USER, call, params)


@operation("iam", "DetachGroupPolicy")
def detach_group_policy(call: Call, params: Params) -> None:
    return _detach(GROUP, call, params)


@operation("iam", "DetachRolePolicy")
def detach_role_policy(call: Call, params: Params) -> None:
    return _detach(ROLE, call, params)


@operation("iam", "ListAttachedUserPolicies")
def list_attached_user_policies(call: Call, params: Params) -> Output:
    return _list_attached(USER, call, params)


@operation("iam", "ListAttachedGroupPolicies")
def list_attached_group_policies(call: Call, params: Params) -> Output:
    return _list_attached(GROUP, call, params)


@operation("iam", "ListAttachedRolePolicies")
def list_attached_role_policies(call: Call, params: Params) -> Output:
    return _list_attached(ROLE, call, params)


# EntityFilter value -> which lists ListEntitiesForPolicy fills (the two policy filters name none).
_FILTERS = {
    None: ("Group", "User", "Role"),
    "User": ("User",),
    "Group": ("Group",),
    "Role": ("Role",),
    "LocalManagedPolicy": (),
    "AWSManagedPolicy": (),
}
_RESULT_KEYS = {"Group": "PolicyGroups", "User": "PolicyUsers", "Role": "PolicyRoles"}
_ORDER = {"Group": 0, "User": 1, "Role": 2}


@operation("iam", "ListEntitiesForPolicy")
def list_entities_for_policy(call: Call, params: Params) -> Output:
    account = call.account
    arn: str = params["PolicyArn"]
    call.authorize("iam:ListEntitiesForPolicy", arn)
    check_arn(arn, call.account.partition)
    find(account, arn)
    kinds = _FILTERS[params.get("EntityFilter")]
    usage_filter = params.get("PolicyUsageFilter")
    prefix = params.get("PathPrefix", "/")
    holders: list[tuple[str, User | Group | Role, str]] = [
        *(("Group", g, g.group_id) for g in account.groups.values()),
        *(("User", u, u.user_id) for u in account.users.values()),
        *(("Role", r, r.role_id) for r in account.roles.values()),
    ]
    found: list[tuple[str, str, str, str]] = []  # (order key, kind, name, id)
    for kind, entity, entity_id in holders:
        if kind not in kinds or not entity.path.startswith(prefix):
            continue
        as_policy = usage_filter != "PermissionsBoundary" and arn in entity.attached_policies
        boundary = None if isinstance(entity, Group) else entity.boundary
        as_boundary = usage_filter != "PermissionsPolicy" and boundary == arn
        if as_policy or as_boundary:
            found.append((f"{_ORDER[kind]}\x00{entity.name.lower()}", kind, entity.name, entity_id))
    found.sort()
    chosen, result = window(found, params, key=lambda f: f[0])
    for kind, result_key in _RESULT_KEYS.items():
        result[result_key] = [
            {f"{kind}Name": name, f"{kind}Id": entity_id} for _, k, name, entity_id in chosen if k == kind
        ]
    return result
