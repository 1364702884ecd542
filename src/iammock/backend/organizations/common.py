"""What every Organizations operation shares: finding the caller's organization, authorizing, IDs,
lookups, pagination and the renderings of the API's data types."""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Sequence
from typing import TypeVar

from ...errors import AwsError
from ..call import Call
from ..registry import Output, Params
from ..state import Backend
from . import levels
from .errors import access_denied, constraint, invalid_input, not_found, not_in_use
from .records import Handshake, HandshakeResource, Member, Organization, OrganizationalUnit, Policy

T = TypeVar("T")

LOWER_ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789"
# MaxResults' default: "Organizations returns at most 20 results when MaxResults is not given" is how
# the API behaves (each List operation's MaxResults is 1-20 in the model).
DEFAULT_PAGE = 20


def authorize(call: Call, action: str, resource: str = "*") -> None:
    """IAM authorization of ``organizations:<action>``; Organizations calls its denial
    ``AccessDeniedException`` (the API Reference, "AccessDeniedException")."""
    try:
        call.authorize(f"organizations:{action}", resource)
    except AwsError as denied:
        if denied.code == "AccessDenied":
            raise access_denied(denied.message) from None
        raise


def member_org(
    call: Call, action: str, resource: Callable[[Organization], str] | None = None
) -> Organization:
    """The caller's organization, any member may call ``action``."""
    org = call.account.organization
    authorize(call, action, resource(org) if resource and org else "*")
    if org is None:
        raise not_in_use()
    return org


def managing_org(
    call: Call,
    action: str,
    resource: Callable[[Organization], str] | None = None,
    *,
    delegated: bool = False,
) -> Organization:
    """The caller's organization when the caller's account manages it: the management account, or (for
    ``delegated`` operations, the read-only ones) a delegated administrator. Otherwise AWS's
    AccessDeniedException ("This operation can be called only from the organization's management
    account", each operation's page in the API Reference)."""
    org = member_org(call, action, resource)
    account_id = call.account.id
    if account_id != org.management_account_id and not (delegated and org.delegated(account_id)):
        raise access_denied()
    return org


# "Tags per resource: 50" (User Guide, "Quotas for AWS Organizations").
MAX_TAGS = 50


def checked_tags(existing: dict[str, str], given: list[dict[str, str]]) -> dict[str, str]:
    """``existing`` with ``given`` applied, or AWS's error: no ``aws:`` keys, at most 50 tags."""
    tags = dict(existing)
    for tag in given:
        if tag["Key"].lower().startswith("aws:"):
            raise invalid_input(
                "INVALID_SYSTEM_TAGS_PARAMETER", "You can't add tags with the reserved prefix aws:."
            )
        tags[tag["Key"]] = tag.get("Value", "")
    if len(tags) > MAX_TAGS:
        raise constraint(
            "MAX_TAG_LIMIT_EXCEEDED", "You have exceeded the number of tags allowed on this resource."
        )
    return tags


def requested_tags(call: Call, params: Params) -> dict[str, str]:
    """A create request's ``Tags``, checked before anything is created: "If the request includes tags,
    then the requester must have the organizations:TagResource permission" (API Reference, CreateAccount,
    CreateOrganizationalUnit, CreatePolicy, InviteAccountToOrganization …)."""
    given = params.get("Tags") or []
    if not given:
        return {}
    authorize(call, "TagResource")
    return checked_tags({}, given)


def changed(backend: Backend, org: Organization) -> None:
    """The tree, its attachments or its policies changed: every member account's levels follow."""
    levels.refresh(backend, org)


def new_id(call: Call, prefix: str, length: int) -> str:
    return prefix + call.backend.ids.token(LOWER_ALNUM, length)


def new_account_id(call: Call) -> str:
    backend = call.backend
    while True:
        candidate = backend.ids.digits(12)
        if candidate[0] != "0" and candidate not in backend.accounts:
            return candidate


def email_of(account_id: str) -> str:
    """iammock's accounts have no email address; the organization shows this one for an account that
    was not created with one (the management account, invited accounts)."""
    return f"aws+{account_id}@example.com"


# --- lookups ----------------------------------------------------------------------------------------


def account(org: Organization, account_id: str) -> Member:
    found = org.accounts.get(account_id)
    if found is None:
        raise not_found("account")
    return found


def unit(org: Organization, unit_id: str) -> OrganizationalUnit:
    found = org.units.get(unit_id)
    if found is None:
        raise not_found("ou")
    return found


def parent(org: Organization, parent_id: str, kind: str = "parent") -> str:
    if parent_id == org.root_id or parent_id in org.units:
        return parent_id
    raise not_found(kind)


def policy(org: Organization, policy_id: str) -> Policy:
    found = org.policies.get(policy_id)
    if found is None:
        raise not_found("policy")
    return found


def target(org: Organization, target_id: str) -> str:
    """A root, OU or account of the organization."""
    if target_id == org.root_id or target_id in org.units or target_id in org.accounts:
        return target_id
    raise not_found("target")


def target_arn(org: Organization, target_id: str) -> str:
    if target_id.startswith("r-"):
        return org.arn("root", target_id)
    if target_id.startswith("ou-"):
        return org.arn("ou", target_id)
    return org.arn("account", target_id)


def handshake(org: Organization | None, handshake_id: str, call: Call) -> Handshake:
    """A handshake the caller's account is a party to (its organization's, or one inviting it)."""
    found = org.handshakes.get(handshake_id) if org else None
    if found is None:
        for other in _organizations(call.backend):
            candidate = other.handshakes.get(handshake_id)
            if candidate is not None and candidate.target_account == call.account.id:
                found = candidate
    if found is None:
        raise not_found("handshake")
    return found


def _organizations(backend: Backend) -> list[Organization]:
    seen: dict[int, Organization] = {}
    for acct in backend.accounts.values():
        if acct.organization is not None:
            seen[id(acct.organization)] = acct.organization
    return list(seen.values())


def organizations(backend: Backend) -> list[Organization]:
    """Every organization of the mock."""
    return _organizations(backend)


# --- pagination -------------------------------------------------------------------------------------


def page(
    items: Sequence[T],
    params: Params,
    key: Callable[[T], str],
    *,
    result_key: str,
    render: Callable[[T], object],
) -> Output:
    """One page of ``items`` sorted by ``key``: ``MaxResults`` (default 20) and an opaque ``NextToken``
    naming the first item of the next page, so deletions between pages neither skip nor repeat items."""
    ordered = sorted(items, key=key)
    size = params.get("MaxResults") or DEFAULT_PAGE
    start = 0
    token = params.get("NextToken")
    if token is not None:
        try:
            position = base64.b64decode(token.encode("ascii"), validate=True).decode("utf-8")
        except (binascii.Error, UnicodeError, ValueError):
            raise invalid_input(
                "INVALID_PAGINATION_TOKEN", "You specified an invalid value for nextToken."
            ) from None
        start = bisect.bisect_left(ordered, position, key=key)
    chosen = ordered[start : start + size]
    out: Output = {result_key: [render(item) for item in chosen]}
    if start + size < len(ordered):
        out["NextToken"] = base64.b64encode(key(ordered[start + size]).encode("utf-8")).decode("ascii")
    return out


# --- renderings ---------------------------------------------------------------------------------------


def render_account(org: Organization, member: Member) -> Output:
    return {
        "Id": member.id,
        "Arn": org.arn("account", member.id),
        "Email": member.email,
        "Name": member.name,
        "Status": member.status,
        "State": member.state,
        "JoinedMethod": member.joined_method,
        "JoinedTimestamp": member.joined,
    }


def render_unit(org: Organization, ou: OrganizationalUnit) -> Output:
    return {"Id": ou.id, "Arn": org.arn("ou", ou.id), "Name": ou.name, "Path": org.path(ou.id)}


def render_policy_summary(policy_record: Policy) -> Output:
    return {
        "Id": policy_record.id,
        "Arn": policy_record.arn,
        "Name": policy_record.name,
        "Description": policy_record.description,
        "Type": policy_record.type,
        "AwsManaged": policy_record.aws_managed,
    }


def render_policy(policy_record: Policy) -> Output:
    return {"PolicySummary": render_policy_summary(policy_record), "Content": policy_record.content}


def render_root(org: Organization) -> Output:
    return {
        "Id": org.root_id,
        "Arn": org.arn("root", org.root_id),
        "Name": "Root",
        "PolicyTypes": [{"Type": t, "Status": s} for t, s in org.policy_types.items()],
    }


def render_handshake(shake: Handshake) -> Output:
    return {
        "Id": shake.id,
        "Arn": shake.arn,
        "Parties": [{"Id": i, "Type": t} for i, t in shake.parties],
        "State": shake.state,
        "RequestedTimestamp": shake.requested,
        "ExpirationTimestamp": shake.expires,
        "Action": shake.action,
        "Resources": [_render_resource(r) for r in shake.resources],
    }


def _render_resource(resource: HandshakeResource) -> Output:
    out: Output = {"Value": resource.value, "Type": resource.type}
    if resource.resources:
        out["Resources"] = [_render_resource(r) for r in resource.resources]
    return out
