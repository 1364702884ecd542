"""EC2 instance profiles: containers for at most one role."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup, quotas, tags
from ..call import Call
from ..model import Account, InstanceProfile, Role, without
from ..paging import page
from ..registry import Output, Params, operation
from .roles import render as render_role

MAX_ROLES_PER_PROFILE = 1


def profile(account: Account, name: str) -> InstanceProfile:
    found = account.instance_profiles.get(name.lower())
    if found is None:
        raise lookup.no_such_entity(f"Instance Profile {name} cannot be found.")
    return found


def profile_arn(account: Account, name: str) -> str:
    found = account.instance_profiles.get(name.lower())
    return found.arn if found else account.iam_arn("instance-profile", "/", name)


def render(call: Call, item: InstanceProfile, *, full: bool) -> Output:
    """An ``InstanceProfile`` element; List* omits tags, as AWS does."""
    account = call.account
    data: Output = {
        "Path": item.path,
        "InstanceProfileName": item.name,
        "InstanceProfileId": item.profile_id,
        "Arn": item.arn,
        "CreateDate": item.created,
        "Roles": [_profile_role(call, account.roles[r.lower()]) for r in item.roles],
    }
    if full:
        # GetInstanceProfile answers Tags even when there are none (an empty list), as AWS does.
        data["Tags"] = tags.as_list(item.tags)
    return data


def _profile_role(call: Call, role: Role) -> Output:
    """A role inside an instance profile: AWS leaves out MaxSessionDuration there (LocalStack's
    AWS-validated snapshot, tests/aws/services/iam/test_iam_instance_profiles.snapshot.json)."""
    data = render_role(call, role, full=False)
    data.pop("MaxSessionDuration", None)
    return data


def _page(call: Call, profiles: list[InstanceProfile], params: Params) -> Output:
    ordered = sorted(profiles, key=lambda p: p.name.lower())
    return page(
        ordered,
        params,
        key=lambda p: p.name.lower(),
        result_key="InstanceProfiles",
        render=lambda p: render(call, p, full=False),
    )


@operation("iam", "CreateInstanceProfile")
def create_instance_profile(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["InstanceProfileName"]
    path: str = params.get("Path", "/")
    given_tags = params.get("Tags", [])
    arn = account.iam_arn("instance-profile", path, name)
    context = tags.request_context(given_tags)
    call.authorize("iam:CreateInstanceProfile", arn, context)
    if given_tags:
        call.authorize("iam:TagInstanceProfile", arn, context)
    if name.lower() in account.instance_profiles:
        raise AwsError("EntityAlreadyExists", f"Instance Profile {name} already exists.", 409)
    profile_tags = tags.merge({}, given_tags, case_insensitive=False)
    most = quotas.limit(account, "InstanceProfilesQuota")
    if len(account.instance_profiles) >= most:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for InstanceProfilesPerAccount: {most}",
            409,
        )
    item = InstanceProfile(
        name=name,
        profile_id=call.backend.ids.unique_id("AIPA"),
        arn=arn,
        path=path,
        created=call.now,
        tags=profile_tags,
    )
    account.instance_profiles[name.lower()] = item
    answer = render(call, item, full=True)
    if not profile_tags:
        del answer["Tags"]  # AWS's CreateInstanceProfile answer has Tags only when some were given
    return {"InstanceProfile": answer}


@operation("iam", "GetInstanceProfile")
def get_instance_profile(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["InstanceProfileName"]
    call.authorize("iam:GetInstanceProfile", profile_arn(account, name))
    return {"InstanceProfile": render(call, profile(account, name), full=True)}


@operation("iam", "ListInstanceProfiles")
def list_instance_profiles(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListInstanceProfiles", account.iam_arn("instance-profile", "/", ""))
    prefix = params.get("PathPrefix", "/")
    return _page(call, [p for p in account.instance_profiles.values() if p.path.startswith(prefix)], params)


@operation("iam", "ListInstanceProfilesForRole")
def list_instance_profiles_for_role(call: Call, params: Params) -> Output:
    account = call.account
    role_name: str = params["RoleName"]
    call.authorize("iam:ListInstanceProfilesForRole", lookup.role_arn(account, role_name))
    role = lookup.role(account, role_name)
    return _page(call, [account.instance_profiles[p.lower()] for p in role.instance_profiles], params)


@operation("iam", "DeleteInstanceProfile")
def delete_instance_profile(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["InstanceProfileName"]
    call.authorize("iam:DeleteInstanceProfile", profile_arn(account, name))
    item = profile(account, name)
    if item.roles:
        raise AwsError(
            "DeleteConflict", "Cannot delete entity, must remove roles from instance profile first.", 409
        )
    del account.instance_profiles[name.lower()]
    return None


@operation("iam", "AddRoleToInstanceProfile")
def add_role_to_instance_profile(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["InstanceProfileName"]
    role_name: str = params["RoleName"]
    call.authorize("iam:AddRoleToInstanceProfile", profile_arn(account, name))
    # AWS documents that the caller must also be allowed to pass the role.
    call.authorize("iam:PassRole", lookup.role_arn(account, role_name))
    item = profile(account, name)
    role = lookup.role(account, role_name)
    if len(item.roles) >= MAX_ROLES_PER_PROFILE:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for InstanceSessionsPerInstanceProfile: {MAX_ROLES_PER_PROFILE}",
            409,
        )
    item.roles.append(role.name)
    role.instance_profiles = (*role.instance_profiles, item.name)
    return None


@operation("iam", "RemoveRoleFromInstanceProfile")
def remove_role_from_instance_profile(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["InstanceProfileName"]
    role_name: str = params["RoleName"]
    call.authorize("iam:RemoveRoleFromInstanceProfile", profile_arn(account, name))
    item = profile(account, name)
    role = lookup.role(account, role_name)
    if role.name not in item.roles:
        raise lookup.no_such_entity(f"The role with name {role_name} cannot be found.")
    item.roles.remove(role.name)
    role.instance_profiles = without(role.instance_profiles, item.name)
    return None
