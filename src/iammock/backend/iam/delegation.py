"""IAM delegation requests: a partner asks a customer for temporary access; the customer decides.

The state machine the API reference describes: a partner creates a request (UNASSIGNED, or ASSIGNED
to an owner account); a customer identity associates itself as owner (ASSIGNED), updates it
(PENDING_APPROVAL), accepts (ACCEPTED) or rejects (REJECTED); SendDelegationToken finalizes an
accepted request (FINALIZED). AWS gates CreateDelegationRequest behind partner onboarding, which the
mock does not model: every caller may act as a partner.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..paging import page
from ..registry import Output, Params, operation

# Open requests expire after a week, and so do rejected ones (API reference, RejectDelegationRequest).
LIFETIME = timedelta(days=7)
_OPEN = ("UNASSIGNED", "ASSIGNED", "PENDING_APPROVAL")


@dataclass(eq=False)
class DelegationRequest:
    request_id: str
    requestor_id: str  # the partner's account
    requestor_name: str
    workflow_id: str
    description: str
    permissions: Params  # the request's Permissions element, as given
    notification_channel: str
    session_duration: int
    created: datetime
    expires: datetime
    updated: datetime
    state: str
    owner_account_id: str | None = None
    owner_id: str | None = None  # ARN of the owning identity
    approver_id: str | None = None
    request_message: str | None = None
    redirect_url: str | None = None
    only_send_by_owner: bool = False
    notes: str | None = None
    rejection_reason: str | None = None


def _all(call: Call) -> list[DelegationRequest]:
    return [r for account in call.backend.accounts.values() for r in account.delegation_requests.values()]


def _arn(call: Call, request_id: str) -> str:
    return call.account.arn("iam", f"delegation-request/{request_id}")


def state_at(request: DelegationRequest, now: datetime) -> str:
    if request.state in (*_OPEN, "REJECTED", "ACCEPTED") and now >= request.expires:
        return "EXPIRED"
    return request.state


def _visible(call: Call, request: DelegationRequest) -> bool:
    """Who may see a request (GetDelegationRequest's rules), besides the partner that made it."""
    caller = call.caller
    assert caller is not None
    if request.requestor_id == caller.account_id:
        return True
    if request.owner_account_id is None:
        return True
    if request.owner_id is None:
        return request.owner_account_id == caller.account_id
    return request.owner_id == caller.arn or request.owner_account_id == caller.account_id


def visible_request(call: Call, request_id: str) -> DelegationRequest:
    for request in _all(call):
        if request.request_id == request_id and _visible(call, request):
            return request
    raise lookup.no_such_entity(f"Delegation request {request_id} not found.")


def _render(request: DelegationRequest, now: datetime) -> Output:
    return {
        "DelegationRequestId": request.request_id,
        "OwnerAccountId": request.owner_account_id,
        "Description": request.description,
        "RequestMessage": request.request_message,
        "Permissions": request.permissions,
        "OwnerId": request.owner_id,
        "ApproverId": request.approver_id,
        "State": state_at(request, now),
        "ExpirationTime": request.expires,
        "RequestorId": request.requestor_id,
        "RequestorName": request.requestor_name,
        "CreateDate": request.created,
        "SessionDuration": request.session_duration,
        "RedirectUrl": request.redirect_url,
        "Notes": request.notes,
        "RejectionReason": request.rejection_reason,
        "OnlySendByOwner": request.only_send_by_owner,
        "UpdatedTime": request.updated,
    }


def _invalid_state(request: DelegationRequest, now: datetime, action: str) -> AwsError:
    return AwsError(
        "InvalidInput",
        f"Cannot {action} delegation request {request.request_id} in state {state_at(request, now)}.",
        400,
    )


def _require_state(call: Call, request: DelegationRequest, action: str, *states: str) -> None:
    if state_at(request, call.now) not in states:
        raise _invalid_state(request, call.now, action)


def _require_owner_account(call: Call, request: DelegationRequest) -> None:
    caller = call.caller
    assert caller is not None
    if request.owner_account_id is not None and request.owner_account_id != caller.account_id:
        raise lookup.no_such_entity(f"Delegation request {request.request_id} not found.")


@operation("iam", "CreateDelegationRequest")
def create_delegation_request(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:CreateDelegationRequest", "*")
    workflow: str = params["RequestorWorkflowId"]
    mine = account.delegation_requests
    if any(r.workflow_id == workflow for r in mine.values()):
        raise AwsError(
            "EntityAlreadyExists", f"A delegation request for workflow {workflow} already exists.", 409
        )
    owner = params.get("OwnerAccountId")
    request = DelegationRequest(
        request_id="dr-" + call.backend.ids.hex(32),
        requestor_id=account.id,
        requestor_name=account.aliases[0] if account.aliases else account.id,
        workflow_id=workflow,
        description=params["Description"],
        permissions=params["Permissions"],
        notification_channel=params["NotificationChannel"],
        session_duration=params["SessionDuration"],
        created=call.now,
        expires=call.now + LIFETIME,
        updated=call.now,
        state="ASSIGNED" if owner else "UNASSIGNED",
        owner_account_id=owner,
        request_message=params.get("RequestMessage"),
        redirect_url=params.get("RedirectUrl"),
        only_send_by_owner=bool(params.get("OnlySendByOwner", False)),
    )
    account.delegation_requests[request.request_id] = request
    return {
        "DelegationRequestId": request.request_id,
        "ConsoleDeepLink": f"https://console.aws.amazon.com/iam/home#/delegation-requests/{request.request_id}",
    }


@operation("iam", "GetDelegationRequest")
def get_delegation_request(call: Call, params: Params) -> Output:
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:GetDelegationRequest", _arn(call, request_id))
    return {"DelegationRequest": _render(visible_request(call, request_id), call.now)}


@operation("iam", "ListDelegationRequests")
def list_delegation_requests(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    call.authorize("iam:ListDelegationRequests", "*")
    owner_id = params.get("OwnerId")
    # A request without an owner is not listed, even when it is assigned to the caller's account.
    found = [
        r
        for r in _all(call)
        if r.owner_id is not None
        and r.owner_account_id == caller.account_id
        and (owner_id is None or r.owner_id == owner_id)
    ]
    found.sort(key=lambda r: r.request_id)
    result = page(
        found,
        params,
        key=lambda r: r.request_id,
        result_key="DelegationRequests",
        render=lambda r: _render(r, call.now),
    )
    result["isTruncated"] = result.pop("IsTruncated")
    return result


@operation("iam", "AssociateDelegationRequest")
def associate_delegation_request(call: Call, params: Params) -> None:
    caller = call.caller
    assert caller is not None
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:AssociateDelegationRequest", _arn(call, request_id))
    request = visible_request(call, request_id)
    _require_owner_account(call, request)
    _require_state(call, request, "associate", "UNASSIGNED", "ASSIGNED")
    if request.owner_id is not None and request.owner_id != caller.arn:
        raise _invalid_state(request, call.now, "associate")
    request.owner_id = caller.arn
    request.owner_account_id = caller.account_id
    request.state = "ASSIGNED"
    request.updated = call.now
    return None


def _owned(call: Call, request_id: str, action: str) -> DelegationRequest:
    """A request the caller owns (its owner identity, or an identity of its owner account)."""
    request = visible_request(call, request_id)
    caller = call.caller
    assert caller is not None
    if request.owner_id is None or request.owner_account_id != caller.account_id:
        raise AwsError(
            "InvalidInput",
            f"Delegation request {request_id} must be associated with an owner to {action} it.",
            400,
        )
    return request


@operation("iam", "UpdateDelegationRequest")
def update_delegation_request(call: Call, params: Params) -> None:
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:UpdateDelegationRequest", _arn(call, request_id))
    request = _owned(call, request_id, "update")
    _require_state(call, request, "update", "ASSIGNED", "PENDING_APPROVAL")
    if "Notes" in params:
        request.notes = params["Notes"]
    request.state = "PENDING_APPROVAL"
    request.updated = call.now
    return None


@operation("iam", "AcceptDelegationRequest")
def accept_delegation_request(call: Call, params: Params) -> None:
    caller = call.caller
    assert caller is not None
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:AcceptDelegationRequest", _arn(call, request_id))
    request = _owned(call, request_id, "accept")
    _require_state(call, request, "accept", "ASSIGNED", "PENDING_APPROVAL")
    # The identity that accepts is the one the delegated credential will stand for.
    request.approver_id = caller.arn
    request.state = "ACCEPTED"
    request.updated = call.now
    return None


@operation("iam", "RejectDelegationRequest")
def reject_delegation_request(call: Call, params: Params) -> None:
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:RejectDelegationRequest", _arn(call, request_id))
    request = visible_request(call, request_id)
    _require_owner_account(call, request)
    _require_state(call, request, "reject", *_OPEN, "ACCEPTED")
    request.rejection_reason = params.get("Notes")
    request.state = "REJECTED"
    request.expires = call.now + LIFETIME
    request.updated = call.now
    return None


@operation("iam", "SendDelegationToken")
def send_delegation_token(call: Call, params: Params) -> None:
    caller = call.caller
    assert caller is not None
    request_id: str = params["DelegationRequestId"]
    call.authorize("iam:SendDelegationToken", _arn(call, request_id))
    request = _owned(call, request_id, "send the token of")
    _require_state(call, request, "send the token of", "ACCEPTED")
    if request.only_send_by_owner and caller.arn != request.owner_id:
        raise AwsError(
            "InvalidInput", f"Only the owner of delegation request {request_id} may send its token.", 400
        )
    request.state = "FINALIZED"
    request.updated = call.now
    return None
