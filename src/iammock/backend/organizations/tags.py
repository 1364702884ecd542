"""Tags on a root, OU, account, policy, resource policy or responsibility transfer (TagResource …).

At most 50 per resource (``common.checked_tags``).
"""

from __future__ import annotations

from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import not_found
from .records import Organization


def _resource(org: Organization, resource_id: str) -> str:
    if (
        resource_id == org.root_id
        or resource_id in org.units
        or resource_id in org.accounts
        or resource_id in org.policies
        or resource_id in org.transfers
        or (org.resource_policy is not None and resource_id == org.resource_policy.id)
    ):
        return resource_id
    raise not_found("target")


def _arn(org: Organization, resource_id: str) -> str:
    """The resource's ARN, what the tag operations are authorized on (Service Authorization Reference,
    "Actions defined by AWS Organizations": account, ou, policy, resourcepolicy, root)."""
    found = org.policies.get(resource_id)
    if found is not None:
        return found.arn
    if org.resource_policy is not None and resource_id == org.resource_policy.id:
        return org.resource_policy.arn
    if resource_id == org.root_id or resource_id in org.units or resource_id in org.accounts:
        return common.target_arn(org, resource_id)
    return "*"


@operation("organizations", "TagResource")
def tag_resource(call: Call, params: Params) -> None:
    org = common.managing_org(call, "TagResource", lambda o: _arn(o, params["ResourceId"]))
    resource_id = _resource(org, params["ResourceId"])
    tags = common.checked_tags(org.tags.get(resource_id, {}), params["Tags"])
    org.tags[resource_id] = tags


@operation("organizations", "UntagResource")
def untag_resource(call: Call, params: Params) -> None:
    org = common.managing_org(call, "UntagResource", lambda o: _arn(o, params["ResourceId"]))
    resource_id = _resource(org, params["ResourceId"])
    tags = dict(org.tags.get(resource_id, {}))
    for key in params["TagKeys"]:
        tags.pop(key, None)
    org.tags[resource_id] = tags


@operation("organizations", "ListTagsForResource")
def list_tags_for_resource(call: Call, params: Params) -> Output:
    org = common.managing_org(
        call, "ListTagsForResource", lambda o: _arn(o, params["ResourceId"]), delegated=True
    )
    resource_id = _resource(org, params["ResourceId"])
    items = list(org.tags.get(resource_id, {}).items())
    return common.page(
        items, params, lambda kv: kv[0], result_key="Tags", render=lambda kv: {"Key": kv[0], "Value": kv[1]}
    )
