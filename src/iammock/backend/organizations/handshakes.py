"""Handshakes: inviting an existing account, and its answer (accept, decline) or the inviter's cancel.

An invitation is OPEN for 15 days ("the invitation expires after 15 days", User Guide, "Inviting an
AWS account to join your organization"); the invited account accepts or declines it, the management
account cancels it. Accepting joins the account to the root, with the full-access policy of each
enabled type attached, as AWS attaches it.
"""

from __future__ import annotations

from datetime import timedelta

from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import access_denied, error, handshake_constraint, invalid_input
from .policies import attach_defaults
from .records import Handshake, HandshakeResource, Member, Organization

EXPIRY = timedelta(days=15)


def new_handshake(
    call: Call,
    org: Organization,
    action: str,
    parties: tuple[tuple[str, str], ...],
    resources: tuple[HandshakeResource, ...],
    target_account: str | None,
) -> Handshake:
    handshake_id = common.new_id(call, "h-", 10)
    shake = Handshake(
        handshake_id,
        org.arn("handshake", f"{action.lower()}/{handshake_id}"),
        action,
        parties,
        resources,
        call.now,
        call.now + EXPIRY,
        target_account=target_account,
    )
    org.handshakes[handshake_id] = shake
    return shake


def organization_resource(org: Organization) -> HandshakeResource:
    management = org.accounts.get(org.management_account_id)
    return HandshakeResource(
        org.id,
        "ORGANIZATION",
        (
            HandshakeResource(org.management_email, "MASTER_EMAIL"),
            HandshakeResource(management.name if management else org.management_account_id, "MASTER_NAME"),
            HandshakeResource(
                "FULL" if org.feature_set == "ALL" else "CONSOLIDATED_BILLING", "ORGANIZATION_FEATURE_SET"
            ),
        ),
    )


@operation("organizations", "InviteAccountToOrganization")
def invite_account_to_organization(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "InviteAccountToOrganization")
    tags = common.requested_tags(call, params)
    target = params["Target"]
    target_id: str = target["Id"]
    if target["Type"] == "ACCOUNT":
        if not (len(target_id) == 12 and target_id.isdigit()):
            raise invalid_input(
                "INVALID_PARTY_TYPE_TARGET", "You specified the wrong type for the handshake's party."
            )
        account_id = target_id
    else:
        # An email address or an organization: iammock resolves only accounts it created by email.
        account_id = next((m.id for m in org.accounts.values() if m.email == target_id), "")
        if not account_id:
            raise invalid_input(
                "INVALID_PARTY_TYPE_TARGET", "You specified the wrong type for the handshake's party."
            )
    if account_id in org.accounts:
        raise handshake_constraint(
            "ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization."
        )
    if any(h.target_account == account_id and h.state == "OPEN" for h in org.handshakes.values()):
        raise error(
            "DuplicateHandshakeException",
            "A handshake with the same action and target already exists.",
        )
    # As the API Reference's example shows them: the organization (with its management account's email
    # and name and its feature set, "FULL" for all features), then the invited party and the notes.
    resources = [organization_resource(org), HandshakeResource(target_id, target["Type"])]
    if params.get("Notes"):
        resources.append(HandshakeResource(params["Notes"], "NOTES"))
    shake = new_handshake(
        call,
        org,
        "INVITE",
        ((org.id, "ORGANIZATION"), (target_id, target["Type"])),
        tuple(resources),
        account_id,
    )
    call.backend.account(account_id, call.now, partition=org.partition)
    if tags:
        org.tags[shake.id] = tags
    return {"Handshake": common.render_handshake(shake)}


def _owner_of(call: Call, shake: Handshake) -> Organization:
    for org in common.organizations(call.backend):
        if org.handshakes.get(shake.id) is shake:
            return org
    raise AssertionError("a handshake belongs to an organization")


def _transition(shake: Handshake, call: Call, state: str) -> None:
    if shake.state == state:
        raise error(
            "HandshakeAlreadyInStateException",
            "The specified handshake is already in the requested state. For example, you can't accept a "
            "handshake that was already accepted.",
        )
    if shake.state != "OPEN" or call.now >= shake.expires:
        raise error(
            "InvalidHandshakeTransitionException",
            "You can't perform the operation on the handshake in its current state. For example, you can't "
            "cancel a handshake that was already accepted or accept a handshake that was already declined.",
        )


def _addressed(call: Call, params: Params, action: str) -> Handshake:
    """The handshake the call answers, which only the account it was sent to may accept or decline."""
    common.authorize(call, action)
    shake = common.handshake(call.account.organization, params["HandshakeId"], call)
    if shake.target_account != call.account.id:
        raise access_denied()
    return shake


@operation("organizations", "AcceptHandshake")
def accept_handshake(call: Call, params: Params) -> Output:
    shake = _addressed(call, params, "AcceptHandshake")
    _transition(shake, call, "ACCEPTED")
    org = _owner_of(call, shake)
    if shake.action == "INVITE":
        if call.account.organization is not None:
            raise handshake_constraint(
                "ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization."
            )
        account_id = call.account.id
        org.accounts[account_id] = Member(
            account_id, account_id, common.email_of(account_id), org.root_id, "INVITED", call.now
        )
        call.account.organization = org
        attach_defaults(org, account_id)
        common.changed(call.backend, org)
    shake.state = "ACCEPTED"
    return {"Handshake": common.render_handshake(shake)}


@operation("organizations", "DeclineHandshake")
def decline_handshake(call: Call, params: Params) -> Output:
    shake = _addressed(call, params, "DeclineHandshake")
    _transition(shake, call, "DECLINED")
    shake.state = "DECLINED"
    return {"Handshake": common.render_handshake(shake)}


@operation("organizations", "CancelHandshake")
def cancel_handshake(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "CancelHandshake")
    shake = org.handshakes.get(params["HandshakeId"])
    if shake is None:
        shake = common.handshake(None, params["HandshakeId"], call)
    _transition(shake, call, "CANCELED")
    shake.state = "CANCELED"
    return {"Handshake": common.render_handshake(shake)}


@operation("organizations", "DescribeHandshake")
def describe_handshake(call: Call, params: Params) -> Output:
    common.authorize(call, "DescribeHandshake")
    shake = common.handshake(call.account.organization, params["HandshakeId"], call)
    return {"Handshake": common.render_handshake(_aged(shake, call))}


def _aged(shake: Handshake, call: Call) -> Handshake:
    if shake.state == "OPEN" and call.now >= shake.expires:
        shake.state = "EXPIRED"
    return shake


def _filtered(shakes: list[Handshake], params: Params) -> list[Handshake]:
    wanted = params.get("Filter") or {}
    action = wanted.get("ActionType")
    return [h for h in shakes if action is None or h.action == action]


@operation("organizations", "ListHandshakesForAccount")
def list_handshakes_for_account(call: Call, params: Params) -> Output:
    common.authorize(call, "ListHandshakesForAccount")
    account_id = call.account.id
    found = [
        _aged(h, call)
        for org in common.organizations(call.backend)
        for h in org.handshakes.values()
        if h.target_account == account_id
    ]
    return common.page(
        _filtered(found, params),
        params,
        lambda h: h.id,
        result_key="Handshakes",
        render=common.render_handshake,
    )


@operation("organizations", "ListHandshakesForOrganization")
def list_handshakes_for_organization(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListHandshakesForOrganization", delegated=True)
    found = [_aged(h, call) for h in org.handshakes.values()]
    return common.page(
        _filtered(found, params),
        params,
        lambda h: h.id,
        result_key="Handshakes",
        render=common.render_handshake,
    )
