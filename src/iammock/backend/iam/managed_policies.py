"""Customer managed policies (and read access to AWS managed ones): create, read, list, delete, tag.

Shared helpers for the other policy families (versions, attachments, boundaries) live here too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from ...engine import ContextValue, PolicyKind, check_managed_policy_size
from ...errors import AwsError, access_denied
from .. import lookup, partitions, quotas, tags
from ..call import Call
from ..managed import all_aws_managed_policies, is_aws_managed
from ..model import Account, Group, ManagedPolicy, PolicyVersion, Role, User
from ..paging import page
from ..principals import named
from ..registry import Output, Params, operation

_POLICY_ARN = re.compile(r"arn:([\w-]+):iam::(?:\d{12}|aws):policy(/.*)?/[\w+=,.@-]+")


def invalid_arn(arn: str) -> AwsError:
    return AwsError("InvalidInput", f"ARN {arn} is not valid.", 400)


def check_arn(arn: str, partition: str) -> None:
    """A policy ARN of the account's partition. One of another partition AWS knows is refused as AWS refuses
    ``arn:aws:iam::aws:policy/...`` in aws-cn (``ValidationError: Invalid ARN partition``, reported from
    AttachRolePolicy in cn-northwest-1: https://github.com/pulumi/pulumi-aws-apigateway/issues/347)."""
    found = _POLICY_ARN.fullmatch(arn)
    if found is None:
        raise invalid_arn(arn)
    if found.group(1) != partition:
        if found.group(1) in partitions.known():
            raise AwsError("ValidationError", "Invalid ARN partition", 400)
        raise invalid_arn(arn)


def not_found(arn: str) -> AwsError:
    return lookup.no_such_entity(f"Policy {arn} was not found.")


def arn_path_and_name(arn: str) -> tuple[str, str]:
    """A policy ARN's path and name, without looking the policy up."""
    rest = arn.split(":policy", 1)[1]
    cut = rest.rfind("/") + 1
    return rest[:cut], rest[cut:]


def find(account: Account, arn: str) -> ManagedPolicy:
    policy = lookup.managed_policy(account, arn)
    if policy is None:
        raise not_found(arn)
    return policy


def customer_policy(
    call: Call, action: str, arn: str, context: dict[str, ContextValue] | None = None
) -> ManagedPolicy:
    """The customer managed policy an operation changes; AWS managed ones belong to AWS, not the caller."""
    call.authorize(action, arn, context)
    if is_aws_managed(arn):
        caller = call.caller
        assert caller is not None
        raise access_denied(f"User: {caller.arn} is not authorized to perform: {action} on resource: {arn}")
    check_arn(arn, call.account.partition)
    policy = call.account.policies.get(arn)
    if policy is None:
        raise not_found(arn)
    return policy


@dataclass
class Usage:
    """How often each policy is attached, and used as a permissions boundary, in one account."""

    attachments: Counter[str]
    boundaries: Counter[str]

    def of(self, policy: ManagedPolicy) -> tuple[int, int]:
        return self.attachments[policy.arn], self.boundaries[policy.arn]


def usage(account: Account) -> Usage:
    """Counted from the account's users, groups and roles.

    AWS managed policies are shared by every account, so their counts cannot live on the policy; counting
    the account's own entities keeps them per account and never out of step. Customer managed policies
    also keep counters on the record (``attachments`` / ``boundary_uses``) for other readers; answers are
    computed here so that an entity family forgetting a counter cannot make them wrong.
    """
    attachments: Counter[str] = Counter()
    boundaries: Counter[str] = Counter()
    owners: list[User | Group | Role] = [*account.users.values(), *account.groups.values()]
    owners.extend(account.roles.values())
    for owner in owners:
        attachments.update(owner.attached_policies)
        boundary = None if isinstance(owner, Group) else owner.boundary
        if boundary:
            boundaries[boundary] += 1
    return Usage(attachments, boundaries)


def counts(account: Account, policy: ManagedPolicy) -> tuple[int, int]:
    """(AttachmentCount, PermissionsBoundaryUsageCount) of ``policy`` in ``account``."""
    return usage(account).of(policy)


def adjust(account: Account, arn: str, *, attachments: int = 0, boundary_uses: int = 0) -> None:
    """Keep a customer managed policy's counters in step (AWS managed ones are counted on demand)."""
    policy = account.policies.get(arn)
    if policy is not None:
        policy.attachments += attachments
        policy.boundary_uses += boundary_uses


def render(policy: ManagedPolicy, attachments: int, boundary_uses: int, *, full: bool) -> Output:
    """A ``Policy`` element; ListPolicies leaves out the description and tags, as AWS does."""
    data: Output = {
        "PolicyName": policy.name,
        "PolicyId": policy.policy_id,
        "Arn": policy.arn,
        "Path": policy.path,
        "DefaultVersionId": policy.default_version,
        "AttachmentCount": attachments,
        "PermissionsBoundaryUsageCount": boundary_uses,
        "IsAttachable": True,
        "CreateDate": policy.created,
        "UpdateDate": policy.updated,
    }
    if full:
        data["Description"] = policy.description
        # GetPolicy returns Tags even when there are none (an empty list), as AWS does.
        data["Tags"] = tags.as_list(policy.tags)
    return data


def _sort_key(policy: ManagedPolicy) -> str:
    return f"{policy.name.lower()}\x00{policy.arn}"


@operation("iam", "CreatePolicy")
def create_policy(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["PolicyName"]
    path: str = params.get("Path", "/")
    document: str = params["PolicyDocument"]
    given_tags = params.get("Tags", [])
    arn = account.iam_arn("policy", path, name)
    context = tags.request_context(given_tags)
    call.authorize("iam:CreatePolicy", arn, context)
    if given_tags:
        call.authorize("iam:TagPolicy", arn, context)
    policy_tags = tags.merge({}, given_tags, case_insensitive=False)
    check_managed_policy_size(document)
    # Validated by compiling it as the identity policy it will be (principals.named keeps the result): the
    # first decision of each principal it is attached to finds it compiled (IAMMock.who_can asks them all).
    named(document, arn, PolicyKind.MANAGED, PolicyKind.IDENTITY, account.partition)
    if name.lower() in account.policy_names:
        raise AwsError(
            "EntityAlreadyExists",
            f"A policy called {name} already exists. Duplicate names are not allowed.",
            409,
        )
    most = quotas.limit(account, "PoliciesQuota")
    if len(account.policies) >= most:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for PoliciesPerAccount: {most}", 409)
    policy = ManagedPolicy(
        name=name,
        policy_id=call.backend.ids.unique_id("ANPA"),
        arn=arn,
        path=path,
        created=call.now,
        updated=call.now,
        description=params.get("Description"),
        versions={"v1": PolicyVersion("v1", document, call.now)},
        default_version="v1",
        tags=policy_tags,
    )
    account.policies[arn] = policy
    account.policy_names[name.lower()] = arn
    answer = render(policy, 0, 0, full=True)
    # AWS's CreatePolicy answer has no Description, and Tags only when some were given.
    del answer["Description"]
    if not policy_tags:
        del answer["Tags"]
    return {"Policy": answer}


@operation("iam", "GetPolicy")
def get_policy(call: Call, params: Params) -> Output:
    account = call.account
    arn: str = params["PolicyArn"]
    call.authorize("iam:GetPolicy", arn)
    check_arn(arn, call.account.partition)
    policy = find(account, arn)
    return {"Policy": render(policy, *counts(account, policy), full=True)}


@operation("iam", "ListPolicies")
def list_policies(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListPolicies", "*")
    scope = params.get("Scope", "All")
    prefix = params.get("PathPrefix", "/")
    only_attached = params.get("OnlyAttached", False)
    usage_filter = params.get("PolicyUsageFilter")
    candidates: list[ManagedPolicy] = []
    if scope in ("All", "Local"):
        candidates.extend(account.policies.values())
    if scope in ("All", "AWS"):
        candidates.extend(all_aws_managed_policies(account.partition))
    used = usage(account)

    def wanted(policy: ManagedPolicy) -> bool:
        if not policy.path.startswith(prefix):
            return False
        attached, bounding = used.of(policy)
        if (only_attached or usage_filter == "PermissionsPolicy") and not attached:
            return False
        return not (usage_filter == "PermissionsBoundary" and not bounding)

    chosen = sorted((p for p in candidates if wanted(p)), key=_sort_key)
    return page(
        chosen,
        params,
        key=_sort_key,
        result_key="Policies",
        render=lambda p: render(p, *used.of(p), full=False),
    )


@operation("iam", "DeletePolicy")
def delete_policy(call: Call, params: Params) -> None:
    account = call.account
    arn: str = params["PolicyArn"]
    policy = customer_policy(call, "iam:DeletePolicy", arn)
    if any(counts(account, policy)):
        raise AwsError("DeleteConflict", "Cannot delete a policy attached to entities.", 409)
    if len(policy.versions) > 1:
        raise AwsError(
            "DeleteConflict",
            "This policy has more than one version. Before you delete a policy, you must delete the "
            "policy's versions. The default version is deleted with the policy.",
            409,
        )
    del account.policies[arn]
    del account.policy_names[policy.name.lower()]
    return None


@operation("iam", "TagPolicy")
def tag_policy(call: Call, params: Params) -> None:
    arn: str = params["PolicyArn"]
    given = params["Tags"]
    policy = customer_policy(call, "iam:TagPolicy", arn, tags.request_context(given))
    policy.tags = tags.merge(policy.tags, given, case_insensitive=False)
    return None


@operation("iam", "UntagPolicy")
def untag_policy(call: Call, params: Params) -> None:
    arn: str = params["PolicyArn"]
    keys: list[str] = params["TagKeys"]
    policy = customer_policy(call, "iam:UntagPolicy", arn, {"aws:TagKeys": keys})
    policy.tags = {k: v for k, v in policy.tags.items() if k not in keys}
    return None


@operation("iam", "ListPolicyTags")
def list_policy_tags(call: Call, params: Params) -> Output:
    arn: str = params["PolicyArn"]
    call.authorize("iam:ListPolicyTags", arn)
    check_arn(arn, call.account.partition)
    policy = find(call.account, arn)
    # Tags keep insertion order; the marker is the position, as tags have no other stable order.
    items = [(f"{i:04d}", k, v) for i, (k, v) in enumerate(policy.tags.items())]
    return page(
        items,
        params,
        key=lambda t: t[0],
        result_key="Tags",
        render=lambda t: {"Key": t[1], "Value": t[2]},
    )
