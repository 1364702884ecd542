"""Tags on a root, OU, account, policy, resource policy or responsibility transfer (TagResource …).

AWS Organizations allows 50 tags per resource ("Quotas for AWS Organizations": "Tags per resource").
"""

from __future__ import annotations

from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import constraint, invalid_input, not_found
from .records import Organization

MAX_TAGS = 50


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


@operation("organizations", "TagResource")
def tag_resource(call: Call, params: Params) -> None:
    org = common.managing_org(call, "TagResource")
    resource_id = _resource(org, params["ResourceId"])
    tags = dict(org.tags.get(resource_id, {}))
    for tag in params["Tags"]:
        if tag["Key"].lower().startswith("aws:"):
            raise invalid_input(
                "INVALID_SYSTEM_TAGS_PARAMETER", "You can't add tags with the reserved prefix aws:."
            )
        tags[tag["Key"]] = tag.get("Value", "")
    if len(tags) > MAX_TAGS:
        raise constraint(
            "MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource."
        )
    org.tags[resource_id] = tags


@operation("organizations", "UntagResource")
def untag_resource(call: Call, params: Params) -> None:
    org = common.managing_org(call, "UntagResource")
    resource_id = _resource(org, params["ResourceId"])
    tags = dict(org.tags.get(resource_id, {}))
    for key in params["TagKeys"]:
        tags.pop(key, None)
    org.tags[resource_id] = tags


@operation("organizations", "ListTagsForResource")
def list_tags_for_resource(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListTagsForResource", delegated=True)
    resource_id = _resource(org, params["ResourceId"])
    items = list(org.tags.get(resource_id, {}).items())
    return common.page(
        items, params, lambda kv: kv[0], result_key="Tags", render=lambda kv: {"Key": kv[0], "Value": kv[1]}
    )
