"""Responsibility transfers (billing) between organizations: the management account invites another
organization's management account; the transfer is REQUESTED until that handshake is answered.

iammock keeps the records and their listings; the billing side has no effect on authorization.
"""

from __future__ import annotations

from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import error, not_found
from .handshakes import new_handshake
from .records import HandshakeResource, Organization, Transfer


def _arn(org: Organization, transfer: Transfer, direction: str) -> str:
    return org.arn("transfer", f"{transfer.type.lower()}/{direction}/{transfer.id}")


def _render(org: Organization, transfer: Transfer, direction: str) -> Output:
    out: Output = {
        "Arn": _arn(org, transfer, direction),
        "Name": transfer.name,
        "Id": transfer.id,
        "Type": transfer.type,
        "Status": transfer.status,
        "Source": {
            "ManagementAccountId": transfer.source_account,
            "ManagementAccountEmail": common.email_of(transfer.source_account),
        },
        "Target": {
            "ManagementAccountId": transfer.target_account,
            "ManagementAccountEmail": common.email_of(transfer.target_account),
        },
        "StartTimestamp": transfer.start,
        "ActiveHandshakeId": transfer.handshake_id,
    }
    if transfer.end is not None:
        out["EndTimestamp"] = transfer.end
    return out


@operation("organizations", "InviteOrganizationToTransferResponsibility")
def invite_organization_to_transfer_responsibility(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "InviteOrganizationToTransferResponsibility")
    tags = common.requested_tags(call, params)
    target_id: str = params["Target"]["Id"]
    transfer_id = common.new_id(call, "rt-", 10)
    shake = new_handshake(
        call,
        org,
        "TRANSFER_RESPONSIBILITY",
        ((org.id, "ORGANIZATION"), (target_id, params["Target"]["Type"])),
        (
            HandshakeResource(transfer_id, "RESPONSIBILITY_TRANSFER"),
            HandshakeResource(params["Type"], "TRANSFER_TYPE"),
        ),
        target_id if target_id.isdigit() else None,
    )
    org.transfers[transfer_id] = Transfer(
        transfer_id,
        params["SourceName"],
        params["Type"],
        "outbound",
        org.management_account_id,
        target_id,
        params["StartTimestamp"],
        shake.id,
    )
    if tags:
        org.tags[transfer_id] = tags
    return {"Handshake": common.render_handshake(shake)}


def _inbound(call: Call) -> list[tuple[Organization, Transfer]]:
    me = call.account.id
    return [
        (o, t)
        for o in common.organizations(call.backend)
        for t in o.transfers.values()
        if t.target_account == me
    ]


def _find(call: Call, org: Organization, transfer_id: str) -> tuple[Organization, Transfer, str]:
    found = org.transfers.get(transfer_id)
    if found is not None:
        return org, found, "outbound"
    for owner, transfer in _inbound(call):
        if transfer.id == transfer_id:
            return owner, transfer, "inbound"
    raise not_found("transfer")


@operation("organizations", "DescribeResponsibilityTransfer")
def describe_responsibility_transfer(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "DescribeResponsibilityTransfer")
    owner, transfer, direction = _find(call, org, params["Id"])
    return {"ResponsibilityTransfer": _render(owner, transfer, direction)}


@operation("organizations", "ListOutboundResponsibilityTransfers")
def list_outbound_responsibility_transfers(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListOutboundResponsibilityTransfers")
    found = [t for t in org.transfers.values() if t.type == params["Type"]]
    return common.page(
        found,
        params,
        lambda t: t.id,
        result_key="ResponsibilityTransfers",
        render=lambda t: _render(org, t, "outbound"),
    )


@operation("organizations", "ListInboundResponsibilityTransfers")
def list_inbound_responsibility_transfers(call: Call, params: Params) -> Output:
    common.managing_org(call, "ListInboundResponsibilityTransfers")
    found = [
        (o, t) for o, t in _inbound(call) if t.type == params["Type"] and params.get("Id") in (None, t.id)
    ]
    return common.page(
        found,
        params,
        lambda pair: pair[1].id,
        result_key="ResponsibilityTransfers",
        render=lambda pair: _render(pair[0], pair[1], "inbound"),
    )


@operation("organizations", "TerminateResponsibilityTransfer")
def terminate_responsibility_transfer(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "TerminateResponsibilityTransfer")
    owner, transfer, direction = _find(call, org, params["Id"])
    if transfer.status in ("WITHDRAWN", "CANCELED", "DECLINED", "EXPIRED"):
        raise error(
            "ResponsibilityTransferAlreadyInStatusException",
            "The responsibility transfer is already in the status that you specified.",
        )
    transfer.status = "WITHDRAWN"
    transfer.end = params.get("EndTimestamp", call.now)
    return {"ResponsibilityTransfer": _render(owner, transfer, direction)}


@operation("organizations", "UpdateResponsibilityTransfer")
def update_responsibility_transfer(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "UpdateResponsibilityTransfer")
    owner, transfer, direction = _find(call, org, params["Id"])
    transfer.name = params["Name"]
    return {"ResponsibilityTransfer": _render(owner, transfer, direction)}
