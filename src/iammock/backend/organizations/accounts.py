"""The organization's accounts: create, describe, list, move, remove, leave and close them.

CreateAccount answers ``IN_PROGRESS`` as AWS does, and the request completes before the next call:
the account exists at once (with the role named by ``RoleName``), and every later
DescribeCreateAccountStatus or ListCreateAccountStatus reports it ``SUCCEEDED`` with its ID, so code that
polls the status until it leaves ``IN_PROGRESS`` works without waiting.
"""

from __future__ import annotations

import json

from ..call import Call
from ..iam.managed_policies import adjust
from ..model import Role
from ..registry import Output, Params, operation
from . import common
from .errors import access_denied, constraint, error, not_found
from .policies import attach_defaults
from .records import CreateAccountStatus, Member, Organization

DEFAULT_ROLE = "OrganizationAccountAccessRole"
ADMINISTRATOR_ACCESS = "AdministratorAccess"


def _access_role(call: Call, org: Organization, account_id: str, role_name: str) -> None:
    """The role AWS creates in an account made by CreateAccount: "grants administrator permissions to the
    member account" and "trusts the management account" (AWS Organizations User Guide, "Accessing a member
    account that has a management account access role")."""
    account = call.backend.account(account_id, call.now, partition=org.partition)
    trust = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:{org.partition}:iam::{org.management_account_id}:root"},
                    "Action": "sts:AssumeRole",
                }
            ],
        }
    )
    role = Role(
        name=role_name,
        role_id=call.backend.ids.unique_id("AROA"),
        arn=account.iam_arn("role", "/", role_name),
        path="/",
        created=call.now,
        trust_policy=trust,
    )
    policy_arn = f"arn:{org.partition}:iam::aws:policy/{ADMINISTRATOR_ACCESS}"
    role.attached_policies = (policy_arn,)
    account.roles[role_name.lower()] = role
    adjust(account, policy_arn, attachments=1)


def _create(call: Call, params: Params, gov_cloud: bool) -> Output:
    action = "CreateGovCloudAccount" if gov_cloud else "CreateAccount"
    org = common.managing_org(call, action)
    tags = common.requested_tags(call, params)
    email: str = params["Email"]
    status = CreateAccountStatus(common.new_id(call, "car-", 32), params["AccountName"], "", call.now)
    org.create_statuses[status.id] = status
    answer: Output = {"CreateAccountStatus": _render_status(status)}
    if any(m.email.lower() == email.lower() for m in org.accounts.values()):
        status.state, status.completed = "FAILED", call.now
        status.failure = "EMAIL_ALREADY_EXISTS"
        return answer
    account_id = common.new_account_id(call)
    _access_role(call, org, account_id, params.get("RoleName", DEFAULT_ROLE))
    member = Member(account_id, params["AccountName"], email, org.root_id, "CREATED", call.now)
    org.accounts[account_id] = member
    if tags:
        org.tags[account_id] = tags
    call.backend.account(account_id).organization = org
    attach_defaults(org, account_id)
    status.account_id = account_id
    if gov_cloud:
        status.gov_cloud_account_id = common.new_account_id(call)
    status.state, status.completed = "SUCCEEDED", call.now
    common.changed(call.backend, org)
    return answer


def _render_status(status: CreateAccountStatus) -> Output:
    out: Output = {
        "Id": status.id,
        "AccountName": status.account_name,
        "State": status.state,
        "RequestedTimestamp": status.requested,
    }
    if status.state != "IN_PROGRESS":
        out["CompletedTimestamp"] = status.completed
    if status.account_id:
        out["AccountId"] = status.account_id
    if status.gov_cloud_account_id:
        out["GovCloudAccountId"] = status.gov_cloud_account_id
    if status.failure:
        out["FailureReason"] = status.failure
    return out


@operation("organizations", "CreateAccount")
def create_account(call: Call, params: Params) -> Output:
    return _create(call, params, gov_cloud=False)


@operation("organizations", "CreateGovCloudAccount")
def create_gov_cloud_account(call: Call, params: Params) -> Output:
    return _create(call, params, gov_cloud=True)


@operation("organizations", "DescribeCreateAccountStatus")
def describe_create_account_status(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "DescribeCreateAccountStatus", delegated=True)
    status = org.create_statuses.get(params["CreateAccountRequestId"])
    if status is None:
        raise not_found("create_status")
    return {"CreateAccountStatus": _render_status(status)}


@operation("organizations", "ListCreateAccountStatus")
def list_create_account_status(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListCreateAccountStatus", delegated=True)
    states = params.get("States")
    found = [s for s in org.create_statuses.values() if not states or s.state in states]
    return common.page(
        found, params, lambda s: s.id, result_key="CreateAccountStatuses", render=_render_status
    )


@operation("organizations", "DescribeAccount")
def describe_account(call: Call, params: Params) -> Output:
    account_id = params["AccountId"]
    org = common.managing_org(call, "DescribeAccount", lambda o: o.arn("account", account_id), delegated=True)
    common.account(org, account_id)
    return {"Account": common.render_account(org, org.accounts[account_id])}


@operation("organizations", "ListAccounts")
def list_accounts(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListAccounts", delegated=True)
    return _accounts_page(org, list(org.accounts.values()), params)


def _accounts_page(org: Organization, members: list[Member], params: Params) -> Output:
    return common.page(
        members, params, lambda m: m.id, result_key="Accounts", render=lambda m: common.render_account(org, m)
    )


@operation("organizations", "ListAccountsForParent")
def list_accounts_for_parent(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListAccountsForParent", delegated=True)
    parent_id = common.parent(org, params["ParentId"])
    return _accounts_page(org, [m for m in org.accounts.values() if m.parent_id == parent_id], params)


@operation("organizations", "MoveAccount")
def move_account(call: Call, params: Params) -> None:
    account_id = params["AccountId"]
    org = common.managing_org(call, "MoveAccount", lambda o: o.arn("account", account_id))
    source = common.parent(org, params["SourceParentId"], "source")
    destination = common.parent(org, params["DestinationParentId"], "destination")
    member = common.account(org, account_id)
    if member.parent_id != source:
        raise not_found("source")
    if member.parent_id == destination:
        raise error(
            "DuplicateAccountException", "That account is already present in the specified destination."
        )
    member.parent_id = destination
    common.changed(call.backend, org)


def detach_account(call: Call, org: Organization, account_id: str) -> None:
    """Take the account out of the organization: its levels go, and what is attached to it."""
    del org.accounts[account_id]
    org.attachments.pop(account_id, None)
    org.tags.pop(account_id, None)
    org.delegations = [d for d in org.delegations if d.account_id != account_id]
    account = call.backend.existing_account(account_id)
    if account is not None:
        account.organization = None
        account.scps, account.rcps = [], []
    common.changed(call.backend, org)


def _removable(org: Organization, account_id: str) -> None:
    if account_id == org.management_account_id:
        raise error(
            "MasterCannotLeaveOrganizationException",
            "You can't remove a management account from an organization. If you want the management account "
            "to become a member account in another organization, you must first delete the current "
            "organization of the management account.",
        )
    if org.delegated(account_id):
        raise constraint(
            "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG",
            "You must first deregister this account as a delegated administrator before removing it from "
            "the organization.",
        )


@operation("organizations", "RemoveAccountFromOrganization")
def remove_account_from_organization(call: Call, params: Params) -> None:
    account_id = params["AccountId"]
    org = common.managing_org(call, "RemoveAccountFromOrganization", lambda o: o.arn("account", account_id))
    common.account(org, account_id)
    _removable(org, account_id)
    detach_account(call, org, account_id)


@operation("organizations", "LeaveOrganization")
def leave_organization(call: Call, params: Params) -> None:
    org = common.member_org(call, "LeaveOrganization")
    _removable(org, call.account.id)
    detach_account(call, org, call.account.id)


@operation("organizations", "CloseAccount")
def close_account(call: Call, params: Params) -> None:
    """The account is closed at once (AWS shows PENDING_CLOSURE for up to 90 days, then SUSPENDED): its
    Status becomes SUSPENDED and its State CLOSED; it stays in the organization, as AWS keeps it there."""
    account_id = params["AccountId"]
    org = common.managing_org(call, "CloseAccount", lambda o: o.arn("account", account_id))
    member = common.account(org, account_id)
    if account_id == org.management_account_id:
        # The management account is closed from the Billing console, not through CloseAccount.
        raise access_denied()
    if member.state == "CLOSED":
        raise error(
            "AccountAlreadyClosedException", "You attempted to close an account that is already closed."
        )
    member.status, member.state = "SUSPENDED", "CLOSED"
