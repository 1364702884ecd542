"""Organizational units and the tree: create, describe, rename and delete OUs; children and parents."""

from __future__ import annotations

from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import constraint, error, not_found
from .policies import attach_defaults
from .records import Organization, OrganizationalUnit

# "OU maximum nesting in a root: five levels of OUs deep under a root" (User Guide, "Quotas").
MAX_DEPTH = 5


def _duplicate(org: Organization, parent_id: str, name: str, own: str | None = None) -> None:
    if any(u.parent_id == parent_id and u.name == name and u.id != own for u in org.units.values()):
        raise error("DuplicateOrganizationalUnitException", "An OU with the same name already exists.")


@operation("organizations", "CreateOrganizationalUnit")
def create_organizational_unit(call: Call, params: Params) -> Output:
    org = common.managing_org(
        call, "CreateOrganizationalUnit", lambda o: common.target_arn(o, params["ParentId"])
    )
    tags = common.requested_tags(call, params)
    parent_id = common.parent(org, params["ParentId"])
    name: str = params["Name"]
    if len(org.chain(parent_id)) > MAX_DEPTH:  # the root and the OUs above
        raise constraint(
            "OU_DEPTH_LIMIT_EXCEEDED",
            "You attempted to create an OU tree that is too many levels deep.",
        )
    _duplicate(org, parent_id, name)
    # "ou-" + the root's suffix + "-" + 8 characters (API Reference, OrganizationalUnit.Id).
    unit_id = common.new_id(call, f"ou-{org.root_id[2:]}-", 8)
    created = OrganizationalUnit(unit_id, name, parent_id)
    org.units[unit_id] = created
    if tags:
        org.tags[unit_id] = tags
    attach_defaults(org, unit_id)
    return {"OrganizationalUnit": common.render_unit(org, created)}


@operation("organizations", "DescribeOrganizationalUnit")
def describe_organizational_unit(call: Call, params: Params) -> Output:
    unit_id = params["OrganizationalUnitId"]
    org = common.managing_org(
        call, "DescribeOrganizationalUnit", lambda o: o.arn("ou", unit_id), delegated=True
    )
    return {"OrganizationalUnit": common.render_unit(org, common.unit(org, unit_id))}


@operation("organizations", "UpdateOrganizationalUnit")
def update_organizational_unit(call: Call, params: Params) -> Output:
    unit_id = params["OrganizationalUnitId"]
    org = common.managing_org(call, "UpdateOrganizationalUnit", lambda o: o.arn("ou", unit_id))
    found = common.unit(org, unit_id)
    if "Name" in params:
        _duplicate(org, found.parent_id, params["Name"], found.id)
        found.name = params["Name"]
    return {"OrganizationalUnit": common.render_unit(org, found)}


@operation("organizations", "DeleteOrganizationalUnit")
def delete_organizational_unit(call: Call, params: Params) -> None:
    unit_id = params["OrganizationalUnitId"]
    org = common.managing_org(call, "DeleteOrganizationalUnit", lambda o: o.arn("ou", unit_id))
    common.unit(org, unit_id)
    if any(u.parent_id == unit_id for u in org.units.values()) or any(
        m.parent_id == unit_id for m in org.accounts.values()
    ):
        raise error(
            "OrganizationalUnitNotEmptyException",
            "The specified OU is not empty. Move all accounts to another root or to other OUs, remove all "
            "child OUs, and try the operation again.",
        )
    del org.units[unit_id]
    org.attachments.pop(unit_id, None)
    org.tags.pop(unit_id, None)


@operation("organizations", "ListOrganizationalUnitsForParent")
def list_organizational_units_for_parent(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListOrganizationalUnitsForParent", delegated=True)
    parent_id = common.parent(org, params["ParentId"])
    return common.page(
        [u for u in org.units.values() if u.parent_id == parent_id],
        params,
        lambda u: u.id,
        result_key="OrganizationalUnits",
        render=lambda u: common.render_unit(org, u),
    )


@operation("organizations", "ListChildren")
def list_children(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListChildren", delegated=True)
    parent_id = common.parent(org, params["ParentId"])
    kind: str = params["ChildType"]
    if kind == "ACCOUNT":
        ids = [m.id for m in org.accounts.values() if m.parent_id == parent_id]
    else:
        ids = [u.id for u in org.units.values() if u.parent_id == parent_id]
    return common.page(
        ids, params, lambda i: i, result_key="Children", render=lambda i: {"Id": i, "Type": kind}
    )


@operation("organizations", "ListParents")
def list_parents(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListParents", delegated=True)
    child_id: str = params["ChildId"]
    member = org.accounts.get(child_id)
    found = org.units.get(child_id)
    if member is None and found is None:
        raise not_found("child")
    parent_id = member.parent_id if member else found.parent_id if found else org.root_id
    kind = "ROOT" if parent_id == org.root_id else "ORGANIZATIONAL_UNIT"
    return common.page(
        [parent_id], params, lambda i: i, result_key="Parents", render=lambda i: {"Id": i, "Type": kind}
    )
