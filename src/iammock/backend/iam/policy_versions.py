"""Versions of managed policies: create, read, list, delete, and choose the default."""

from __future__ import annotations

from ...engine import PolicyKind, check_managed_policy_size, parse_policy
from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import ManagedPolicy, PolicyVersion
from ..paging import page
from ..registry import Output, Params, operation
from .managed_policies import check_arn, customer_policy, find

MAX_VERSIONS = 5


def _render(policy: ManagedPolicy, version: PolicyVersion, *, document: bool) -> Output:
    """Only GetPolicyVersion (and account details) carry the document; create and list leave it out."""
    data: Output = {
        "VersionId": version.version_id,
        "IsDefaultVersion": version.version_id == policy.default_version,
        "CreateDate": version.created,
    }
    if document:
        data["Document"] = version.document
    return data


def _version(policy: ManagedPolicy, version_id: str) -> PolicyVersion:
    found = policy.versions.get(version_id)
    if found is None:
        raise lookup.no_such_entity(
            f"Policy {policy.arn} version {version_id} does not exist or is not attachable."
        )
    return found


def _number(version_id: str) -> int:
    return int(version_id[1:].split(".", 1)[0])


def _touch(policy: ManagedPolicy) -> None:
    # AWS: UpdateDate is the creation date of the newest version the policy still has.
    policy.updated = max(v.created for v in policy.versions.values())


@operation("iam", "CreatePolicyVersion")
def create_policy_version(call: Call, params: Params) -> Output:
    arn: str = params["PolicyArn"]
    document: str = params["PolicyDocument"]
    policy = customer_policy(call, "iam:CreatePolicyVersion", arn)
    check_managed_policy_size(document)
    parse_policy(document, PolicyKind.MANAGED, call.account.partition)
    if len(policy.versions) >= MAX_VERSIONS:
        raise AwsError(
            "LimitExceeded",
            f"A managed policy can have up to {MAX_VERSIONS} versions. Before you create a new version, "
            "you must delete an existing version.",
            409,
        )
    # Version ids only ever grow: a deleted v2 is never handed out again.
    version = PolicyVersion(f"v{policy.next_version}", document, call.now)
    policy.next_version += 1
    policy.versions[version.version_id] = version
    if params.get("SetAsDefault"):
        policy.default_version = version.version_id
    _touch(policy)
    return {"PolicyVersion": _render(policy, version, document=False)}


@operation("iam", "GetPolicyVersion")
def get_policy_version(call: Call, params: Params) -> Output:
    arn: str = params["PolicyArn"]
    call.authorize("iam:GetPolicyVersion", arn)
    check_arn(arn, call.account.partition)
    policy = find(call.account, arn)
    version = _version(policy, params["VersionId"])
    return {"PolicyVersion": _render(policy, version, document=True)}


@operation("iam", "ListPolicyVersions")
def list_policy_versions(call: Call, params: Params) -> Output:
    arn: str = params["PolicyArn"]
    call.authorize("iam:ListPolicyVersions", arn)
    check_arn(arn, call.account.partition)
    policy = find(call.account, arn)
    # Newest first, as AWS lists them; the key counts down so that it still ascends along the list.
    newest_first = sorted(policy.versions.values(), key=lambda v: _number(v.version_id), reverse=True)
    return page(
        newest_first,
        params,
        key=lambda v: f"{10**9 - _number(v.version_id):010d}",
        result_key="Versions",
        render=lambda v: _render(policy, v, document=False),
    )


@operation("iam", "DeletePolicyVersion")
def delete_policy_version(call: Call, params: Params) -> None:
    arn: str = params["PolicyArn"]
    policy = customer_policy(call, "iam:DeletePolicyVersion", arn)
    version = _version(policy, params["VersionId"])
    if version.version_id == policy.default_version:
        raise AwsError("DeleteConflict", "Cannot delete the default version of a policy.", 409)
    del policy.versions[version.version_id]
    _touch(policy)
    return None


@operation("iam", "SetDefaultPolicyVersion")
def set_default_policy_version(call: Call, params: Params) -> None:
    arn: str = params["PolicyArn"]
    policy = customer_policy(call, "iam:SetDefaultPolicyVersion", arn)
    policy.default_version = _version(policy, params["VersionId"]).version_id
    return None
