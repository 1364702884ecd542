"""GetAccountAuthorizationDetails: users, groups, roles and managed policies, paged together."""

from __future__ import annotations

from collections.abc import Sequence

from .. import lookup, tags
from ..call import Call
from ..managed import is_aws_managed
from ..model import Account, Group, ManagedPolicy, Role, User
from ..paging import ordered, window
from ..registry import Output, Params, operation

_ALL = ("User", "Group", "Role", "LocalManagedPolicy", "AWSManagedPolicy")
# Output lists in AWS's order; an item's paging key starts with its list's position.
_LISTS = (("User", "UserDetailList"), ("Group", "GroupDetailList"), ("Role", "RoleDetailList"))


def _boundary(arn: str | None) -> dict[str, str] | None:
    if not arn:
        return None
    return {"PermissionsBoundaryType": "PermissionsBoundaryPolicy", "PermissionsBoundaryArn": arn}


def _attached(account: Account, arns: Sequence[str]) -> list[dict[str, str]]:
    result = []
    for arn in arns:
        policy = lookup.managed_policy(account, arn)
        result.append({"PolicyName": policy.name if policy else arn.rsplit("/", 1)[-1], "PolicyArn": arn})
    return result


def _inline(policies: dict[str, str]) -> list[dict[str, str]]:
    return [{"PolicyName": name, "PolicyDocument": doc} for name, doc in policies.items()]


def _user(account: Account, user: User) -> Output:
    return {
        "Path": user.path,
        "UserName": user.name,
        "UserId": user.user_id,
        "Arn": user.arn,
        "CreateDate": user.created,
        "UserPolicyList": _inline(user.inline_policies),
        "GroupList": list(user.groups),
        "AttachedManagedPolicies": _attached(account, user.attached_policies),
        "PermissionsBoundary": _boundary(user.boundary),
        "Tags": tags.as_list(user.tags) or None,
    }


def _group(account: Account, group: Group) -> Output:
    return {
        "Path": group.path,
        "GroupName": group.name,
        "GroupId": group.group_id,
        "Arn": group.arn,
        "CreateDate": group.created,
        "GroupPolicyList": _inline(group.inline_policies),
        "AttachedManagedPolicies": _attached(account, group.attached_policies),
    }


def _last_used(role: Role) -> Output:
    if role.last_used is None:
        return {}
    return {"LastUsedDate": role.last_used, "Region": role.last_used_region}


def _role_summary(role: Role) -> Output:
    """A role inside an instance profile, as GetInstanceProfile shows it."""
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.created,
        "AssumeRolePolicyDocument": role.trust_policy,
        "Description": role.description,
        "MaxSessionDuration": role.max_session_duration,
        "PermissionsBoundary": _boundary(role.boundary),
        "Tags": tags.as_list(role.tags) or None,
        "RoleLastUsed": _last_used(role),
    }


def _role(account: Account, role: Role) -> Output:
    profiles = []
    for name in role.instance_profiles:
        profile = account.instance_profiles.get(name.lower())
        if profile is None:
            continue
        members = [account.roles[r.lower()] for r in profile.roles if r.lower() in account.roles]
        profiles.append(
            {
                "Path": profile.path,
                "InstanceProfileName": profile.name,
                "InstanceProfileId": profile.profile_id,
                "Arn": profile.arn,
                "CreateDate": profile.created,
                "Roles": [_role_summary(r) for r in members],
                "Tags": tags.as_list(profile.tags) or None,
            }
        )
    return {
        "Path": role.path,
        "RoleName": role.name,
        "RoleId": role.role_id,
        "Arn": role.arn,
        "CreateDate": role.created,
        "AssumeRolePolicyDocument": role.trust_policy,
        "InstanceProfileList": profiles,
        "RolePolicyList": _inline(role.inline_policies),
        "AttachedManagedPolicies": _attached(account, role.attached_policies),
        "PermissionsBoundary": _boundary(role.boundary),
        "Tags": tags.as_list(role.tags),
        "RoleLastUsed": _last_used(role),
    }


def _usage(account: Account) -> tuple[dict[str, int], dict[str, int]]:
    """Attachments and boundary uses per managed policy ARN, counted from the entities themselves."""
    attachments: dict[str, int] = {}
    boundaries: dict[str, int] = {}
    for store in (account.users, account.groups, account.roles):
        for entity in store.values():
            for arn in entity.attached_policies:
                attachments[arn] = attachments.get(arn, 0) + 1
            boundary = getattr(entity, "boundary", None)
            if boundary:
                boundaries[boundary] = boundaries.get(boundary, 0) + 1
    return attachments, boundaries


def _policy(policy: ManagedPolicy, attachments: dict[str, int], boundaries: dict[str, int]) -> Output:
    versions = sorted(
        policy.versions.values(), key=lambda v: int(v.version_id[1:].split(".")[0]), reverse=True
    )
    return {
        "PolicyName": policy.name,
        "PolicyId": policy.policy_id,
        "Arn": policy.arn,
        "Path": policy.path,
        "DefaultVersionId": policy.default_version,
        "AttachmentCount": attachments.get(policy.arn, 0),
        "PermissionsBoundaryUsageCount": boundaries.get(policy.arn, 0),
        "IsAttachable": True,
        "Description": policy.description,
        "CreateDate": policy.created,
        "UpdateDate": policy.updated,
        "PolicyVersionList": [
            {
                "Document": v.document,
                "VersionId": v.version_id,
                "IsDefaultVersion": v.version_id == policy.default_version,
                "CreateDate": v.created,
            }
            for v in versions
        ],
    }


# (paging key, list name, entity)
_Item = tuple[str, str, User | Group | Role | ManagedPolicy]


def _items(
    account: Account, wanted: set[str], attachments: dict[str, int], boundaries: dict[str, int]
) -> list[_Item]:
    """Every item of the four lists, in paging order."""
    items: list[_Item] = []
    by_name: dict[str, list[User] | list[Group] | list[Role]] = {
        "User": sorted(account.users.values(), key=lambda e: e.name.lower()),
        "Group": sorted(account.groups.values(), key=lambda e: e.name.lower()),
        "Role": sorted(account.roles.values(), key=lambda e: e.name.lower()),
    }
    for position, (kind, list_name) in enumerate(_LISTS):
        if kind in wanted:
            for entity in by_name[kind]:
                items.append((f"{position}|{entity.name.lower()}", list_name, entity))
    policies: list[ManagedPolicy] = []
    if "LocalManagedPolicy" in wanted:
        policies += account.policies.values()
    if "AWSManagedPolicy" in wanted:
        # Only the AWS managed policies this account uses, as AWS lists them.
        used = sorted({arn for arn in (*attachments, *boundaries) if is_aws_managed(arn)})
        policies += [p for p in (lookup.managed_policy(account, arn) for arn in used) if p is not None]
    for policy in sorted(policies, key=lambda p: (p.name.lower(), p.arn)):
        items.append((f"3|{policy.name.lower()}|{policy.arn}", "Policies", policy))
    return items


@operation("iam", "GetAccountAuthorizationDetails")
def get_account_authorization_details(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:GetAccountAuthorizationDetails", "*")
    wanted = set(params.get("Filter") or _ALL)
    attachments, boundaries = ordered(call, "GAAD usage", lambda: [_usage(account)])[0]
    items = ordered(
        call, ("GAAD", tuple(sorted(wanted))), lambda: _items(account, wanted, attachments, boundaries)
    )

    def rendered(item: _Item) -> tuple[str, Output]:
        entity = item[2]
        if isinstance(entity, User):
            return item[1], _user(account, entity)
        if isinstance(entity, Group):
            return item[1], _group(account, entity)
        if isinstance(entity, Role):
            return item[1], _role(account, entity)
        return item[1], _policy(entity, attachments, boundaries)

    chosen, rest = window(items, params, key=lambda i: i[0])
    lists: dict[str, list[Output]] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    for item in chosen:
        list_name, data = rendered(item)
        lists[list_name].append(data)
    return {**lists, **rest}
