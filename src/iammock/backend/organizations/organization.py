"""The organization itself: create, describe, delete, feature set, roots, trusted service access,
delegated administrators and the organization's resource policy."""

from __future__ import annotations

import json

from ...errors import AwsError
from ..call import Call
from ..iam.service_linked_roles import create_service_linked_role, role_name_for
from ..registry import Output, Params, operation
from . import common
from .errors import constraint, error, invalid_input, not_found
from .handshakes import new_handshake, organization_resource
from .policies import aws_managed_policies
from .records import Delegation, Member, Organization, ResourcePolicy


@operation("organizations", "CreateOrganization")
def create_organization(call: Call, params: Params) -> Output:
    # "The account whose user is calling the CreateOrganization operation automatically becomes the
    # management account of the new organization" (API Reference, CreateOrganization); FeatureSet ALL
    # unless CONSOLIDATED_BILLING is asked for.
    common.authorize(call, "CreateOrganization")
    account = call.account
    if account.organization is not None:
        raise error(
            "AlreadyInOrganizationException", "The AWS account is already a member of an organization."
        )
    _service_linked_role(call)
    org_id = common.new_id(call, "o-", 10)
    root_id = common.new_id(call, "r-", 4)
    org = Organization(
        org_id,
        root_id,
        account.id,
        partition=account.partition,
        feature_set=params.get("FeatureSet", "ALL"),
        management_email=common.email_of(account.id),
        created=call.now,
    )
    for managed in aws_managed_policies(account.partition):
        org.policies[managed.id] = managed
    org.accounts[account.id] = Member(
        account.id, account.id, org.management_email, root_id, "CREATED", call.now
    )
    account.organization = org
    common.changed(call.backend, org)
    return {"Organization": render(org)}


ORGANIZATIONS_SERVICE = "organizations.amazonaws.com"


def _service_linked_role(call: Call) -> None:
    """Organizations creates its service-linked role, AWSServiceRoleForOrganizations, in the management
    account with the caller's ``iam:CreateServiceLinkedRole`` permission; without it the call fails with
    AccessDeniedForDependencyException (API Reference, CreateOrganization; User Guide, "AWS Organizations
    and service-linked roles")."""
    if role_name_for(ORGANIZATIONS_SERVICE).lower() in call.account.roles:
        return
    try:
        create_service_linked_role(call, {"AWSServiceName": ORGANIZATIONS_SERVICE})
    except AwsError as denied:
        if denied.code != "AccessDenied":
            raise
        raise error(
            "AccessDeniedForDependencyException",
            "The operation that you attempted requires you to have the iam:CreateServiceLinkedRole for "
            "organizations.amazonaws.com permission so that Organizations can create the required "
            "service-linked role. You don't have that permission.",
            "ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE",
        ) from None


def render(org: Organization) -> Output:
    return {
        "Id": org.id,
        "Arn": org.arn("organization", ""),
        "FeatureSet": org.feature_set,
        "MasterAccountArn": org.arn("account", org.management_account_id),
        "MasterAccountId": org.management_account_id,
        "MasterAccountEmail": org.management_email,
        "AvailablePolicyTypes": [{"Type": t, "Status": s} for t, s in org.policy_types.items()],
    }


@operation("organizations", "DescribeOrganization")
def describe_organization(call: Call, params: Params) -> Output:
    org = common.member_org(call, "DescribeOrganization", lambda o: o.arn("organization", ""))
    return {"Organization": render(org)}


@operation("organizations", "DeleteOrganization")
def delete_organization(call: Call, params: Params) -> None:
    org = common.managing_org(call, "DeleteOrganization", lambda o: o.arn("organization", ""))
    if len(org.accounts) > 1:
        raise error(
            "OrganizationNotEmptyException",
            "The organization isn't empty. To delete an organization, you must first remove all accounts "
            "except the management account.",
        )
    account = call.account
    account.organization = None
    account.scps, account.rcps = [], []


@operation("organizations", "EnableAllFeatures")
def enable_all_features(call: Call, params: Params) -> Output:
    """AWS sends every member an APPROVE_ALL_FEATURES handshake and switches once all accepted; iammock
    switches at once and answers with the ENABLE_ALL_FEATURES handshake already ACCEPTED."""
    org = common.managing_org(call, "EnableAllFeatures", lambda o: o.arn("organization", ""))
    if org.feature_set == "ALL":
        raise error(
            "HandshakeConstraintViolationException",
            "The requested operation would violate the constraint identified in the reason code.",
            "ORGANIZATION_ALREADY_HAS_ALL_FEATURES",
        )
    shake = new_handshake(
        call,
        org,
        "ENABLE_ALL_FEATURES",
        ((org.id, "ORGANIZATION"),),
        (organization_resource(org),),
        None,
    )
    shake.state = "ACCEPTED"
    org.feature_set = "ALL"
    return {"Handshake": common.render_handshake(shake)}


@operation("organizations", "ListRoots")
def list_roots(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListRoots", delegated=True)
    return common.page([org], params, lambda o: o.root_id, result_key="Roots", render=common.render_root)


# --- trusted access for AWS services ------------------------------------------------------------------


@operation("organizations", "EnableAWSServiceAccess")
def enable_aws_service_access(call: Call, params: Params) -> None:
    org = common.managing_org(call, "EnableAWSServiceAccess", lambda o: o.arn("organization", ""))
    _all_features(org)
    org.service_access.setdefault(params["ServicePrincipal"], call.now)


@operation("organizations", "DisableAWSServiceAccess")
def disable_aws_service_access(call: Call, params: Params) -> None:
    org = common.managing_org(call, "DisableAWSServiceAccess", lambda o: o.arn("organization", ""))
    _all_features(org)
    org.service_access.pop(params["ServicePrincipal"], None)


@operation("organizations", "ListAWSServiceAccessForOrganization")
def list_aws_service_access(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListAWSServiceAccessForOrganization", delegated=True)
    return common.page(
        list(org.service_access.items()),
        params,
        lambda item: item[0],
        result_key="EnabledServicePrincipals",
        render=lambda item: {"ServicePrincipal": item[0], "DateEnabled": item[1]},
    )


def _all_features(org: Organization) -> None:
    if org.feature_set != "ALL":
        raise constraint(
            "ORGANIZATION_NOT_IN_ALL_FEATURES_MODE",
            "You attempted to perform an operation that requires the organization to be configured to "
            "support all features.",
        )


# --- delegated administrators ---------------------------------------------------------------------------


@operation("organizations", "RegisterDelegatedAdministrator")
def register_delegated_administrator(call: Call, params: Params) -> None:
    org = common.managing_org(
        call, "RegisterDelegatedAdministrator", lambda o: o.arn("account", params["AccountId"])
    )
    account_id, principal = params["AccountId"], params["ServicePrincipal"]
    common.account(org, account_id)
    if account_id == org.management_account_id:
        raise constraint(
            "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR",
            "You cannot register the management account of the organization as a delegated administrator for "
            "an AWS service integrated with Organizations.",
        )
    if any(d.account_id == account_id and d.service_principal == principal for d in org.delegations):
        raise error(
            "AccountAlreadyRegisteredException",
            "The specified account is already a delegated administrator for this AWS service.",
        )
    org.delegations.append(Delegation(account_id, principal, call.now))


@operation("organizations", "DeregisterDelegatedAdministrator")
def deregister_delegated_administrator(call: Call, params: Params) -> None:
    org = common.managing_org(
        call, "DeregisterDelegatedAdministrator", lambda o: o.arn("account", params["AccountId"])
    )
    account_id, principal = params["AccountId"], params["ServicePrincipal"]
    common.account(org, account_id)
    kept = [
        d for d in org.delegations if not (d.account_id == account_id and d.service_principal == principal)
    ]
    if len(kept) == len(org.delegations):
        raise error(
            "AccountNotRegisteredException",
            "The specified account is not a delegated administrator for this AWS service.",
        )
    org.delegations = kept


@operation("organizations", "ListDelegatedAdministrators")
def list_delegated_administrators(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListDelegatedAdministrators", delegated=True)
    wanted = params.get("ServicePrincipal")
    first: dict[str, Delegation] = {}
    for d in org.delegations:
        if (wanted is None or d.service_principal == wanted) and d.account_id in org.accounts:
            first.setdefault(d.account_id, d)

    def render_admin(d: Delegation) -> object:
        return {**common.render_account(org, org.accounts[d.account_id]), "DelegationEnabledDate": d.enabled}

    return common.page(
        list(first.values()),
        params,
        lambda d: d.account_id,
        result_key="DelegatedAdministrators",
        render=render_admin,
    )


@operation("organizations", "ListDelegatedServicesForAccount")
def list_delegated_services_for_account(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListDelegatedServicesForAccount", delegated=True)
    account_id = params["AccountId"]
    common.account(org, account_id)
    found = [d for d in org.delegations if d.account_id == account_id]
    if not found:
        raise error(
            "AccountNotRegisteredException",
            "The specified account is not a delegated administrator for this AWS service.",
        )
    return common.page(
        found,
        params,
        lambda d: d.service_principal,
        result_key="DelegatedServices",
        render=lambda d: {"ServicePrincipal": d.service_principal, "DelegationEnabledDate": d.enabled},
    )


# --- the organization's resource policy -----------------------------------------------------------------

# "Resource-based delegation policy ... maximum size 40,000 characters" (AWS Organizations User Guide,
# "Quotas for AWS Organizations").
MAX_RESOURCE_POLICY = 40000


@operation("organizations", "PutResourcePolicy")
def put_resource_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "PutResourcePolicy")
    tags = common.requested_tags(call, params)
    content: str = params["Content"]
    try:
        json.loads(content)
    except ValueError:
        raise invalid_input("INVALID_SYNTAX_POLICY", "You provided a policy that isn't valid JSON.") from None
    if len(content) > MAX_RESOURCE_POLICY:
        raise constraint(
            "POLICY_CONTENT_LIMIT_EXCEEDED", "You attempted to create a policy larger than the maximum size."
        )
    existing = org.resource_policy
    policy_id = existing.id if existing else common.new_id(call, "rp-", 8)
    org.resource_policy = ResourcePolicy(policy_id, org.arn("resourcepolicy", policy_id), content)
    if tags:
        org.tags[policy_id] = tags
    return {"ResourcePolicy": _render_resource_policy(org.resource_policy)}


def _render_resource_policy(policy: ResourcePolicy) -> Output:
    return {"ResourcePolicySummary": {"Id": policy.id, "Arn": policy.arn}, "Content": policy.content}


@operation("organizations", "DescribeResourcePolicy")
def describe_resource_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "DescribeResourcePolicy", delegated=True)
    if org.resource_policy is None:
        raise not_found("resource_policy")
    return {"ResourcePolicy": _render_resource_policy(org.resource_policy)}


@operation("organizations", "DeleteResourcePolicy")
def delete_resource_policy(call: Call, params: Params) -> None:
    org = common.managing_org(call, "DeleteResourcePolicy")
    if org.resource_policy is None:
        raise not_found("resource_policy")
    org.tags.pop(org.resource_policy.id, None)
    org.resource_policy = None
