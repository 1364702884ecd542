"""IAM's AWS Organizations operations: centralized root access and Organizations access reports.

Every operation answers from the organization the Organizations API built (``Account.organization``,
backend/organizations), with AWS's errors for an account outside one. IAM's own per-organization state
(the enabled root access features, the access reports) lives on that organization's record.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account
from ..paging import page
from ..registry import Output, Params, operation
from .access_reports import service_name

if TYPE_CHECKING:
    from ..organizations.records import Organization

FEATURES = ("RootCredentialsManagement", "RootSessions")


@dataclass(frozen=True, slots=True)
class AccessDetail:
    """One service of an Organizations access report (an ``AccessDetail`` element)."""

    service_name: str
    namespace: str
    region: str
    entity_path: str
    last_authenticated: datetime
    total_entities: int

    def render(self) -> Output:
        return {
            "ServiceName": self.service_name,
            "ServiceNamespace": self.namespace,
            "Region": self.region,
            "EntityPath": self.entity_path,
            "LastAuthenticatedTime": self.last_authenticated,
            "TotalAuthenticatedEntities": self.total_entities,
        }


@dataclass(frozen=True, slots=True)
class AccessReport:
    created: datetime
    details: tuple[AccessDetail, ...]  # by service namespace


def organization_of(account: Account) -> Organization | None:
    """The organization the account is a member of (AWS Organizations' state, backend/organizations)."""
    return account.organization


def _error(code: str, message: str) -> AwsError:
    return AwsError(code, message, 400)


def _administered(call: Call, *, management_only: bool = False) -> Organization:
    """The caller's organization, if the caller may manage centralized root access in it."""
    account = call.account
    org = organization_of(account)
    if org is None:
        raise _error(
            "OrganizationNotFoundException",
            "The request was rejected because no organization is associated with your account.",
        )
    if not org.all_features:
        raise _error(
            "OrganizationNotInAllFeaturesModeException",
            "The request was rejected because your organization does not have All features enabled.",
        )
    is_management = account.id == org.management_account_id
    if not is_management and account.id not in org.delegated_administrators:
        raise _error(
            "AccountNotManagementOrDelegatedAdministratorException",
            "The request was rejected because the account making the request is not the management account "
            "or delegated administrator account for centralized root access.",
        )
    if management_only and not is_management:
        raise _error(
            "CallerIsNotManagementAccountException",
            "The request was rejected because the account making the request is not the management account "
            "for the organization.",
        )
    if not org.iam_trusted_access:
        raise _error(
            "ServiceAccessNotEnabledException",
            "The request was rejected because trusted access is not enabled for IAM in Organizations.",
        )
    return org


def _features(org: Organization) -> Output:
    return {"OrganizationId": org.id, "EnabledFeatures": [f for f in FEATURES if f in org.enabled_features]}


@operation("iam", "ListOrganizationsFeatures")
def list_organizations_features(call: Call, params: Params) -> Output:
    call.authorize("iam:ListOrganizationsFeatures", "*")
    return _features(_administered(call))


def _switch(call: Call, action: str, feature: str, enable: bool) -> Output:
    call.authorize(f"iam:{action}", "*")
    org = _administered(call, management_only=enable)
    if enable and feature not in org.enabled_features:
        org.enabled_features.append(feature)
    if not enable and feature in org.enabled_features:
        org.enabled_features.remove(feature)
    return _features(org)


@operation("iam", "EnableOrganizationsRootCredentialsManagement")
def enable_root_credentials_management(call: Call, params: Params) -> Output:
    return _switch(call, "EnableOrganizationsRootCredentialsManagement", "RootCredentialsManagement", True)


@operation("iam", "DisableOrganizationsRootCredentialsManagement")
def disable_root_credentials_management(call: Call, params: Params) -> Output:
    return _switch(call, "DisableOrganizationsRootCredentialsManagement", "RootCredentialsManagement", False)


@operation("iam", "EnableOrganizationsRootSessions")
def enable_root_sessions(call: Call, params: Params) -> Output:
    return _switch(call, "EnableOrganizationsRootSessions", "RootSessions", True)


@operation("iam", "DisableOrganizationsRootSessions")
def disable_root_sessions(call: Call, params: Params) -> Output:
    return _switch(call, "DisableOrganizationsRootSessions", "RootSessions", False)


def _reporting_org(call: Call) -> Organization:
    """Access reports are for the management account of an organization only."""
    org = organization_of(call.account)
    if org is None:
        raise _error("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")
    if call.account.id != org.management_account_id:
        raise AwsError(
            "AccessDenied", "You must be signed in to the management account of the organization.", 403
        )
    return org


def _accounts_under(org: Organization, path: str) -> list[str]:
    """Member accounts an entity path covers (IAM API Reference, GenerateOrganizationsAccessReport:
    ``o-…/r-…/ou-…/…/<account>``, each step the child of the one before); the management account is
    not reported, SCPs do not apply to it."""
    parts = path.rstrip("/").split("/")
    if len(parts) < 2 or parts[0] != org.id or parts[1] != org.root_id:
        raise AwsError("InvalidInput", f"Invalid entity path: {path}", 400)
    for step, parent in zip(parts[2:], parts[1:], strict=False):
        member = org.accounts.get(step)
        unit = org.units.get(step)
        found = member.parent_id if member else unit.parent_id if unit else None
        if found != parent or (member is not None and step != parts[-1]):
            raise AwsError("InvalidInput", f"Invalid entity path: {path}", 400)
    entity = parts[-1]
    return sorted(
        account_id
        for account_id in org.accounts
        if account_id != org.management_account_id and entity in org.chain(account_id)
    )


@operation("iam", "GenerateOrganizationsAccessReport")
def generate_organizations_access_report(call: Call, params: Params) -> Output:
    call.authorize("iam:GenerateOrganizationsAccessReport", "*")
    org = _reporting_org(call)
    path: str = params["EntityPath"]
    account_ids = set(_accounts_under(org, path))
    backend = call.backend
    # Activity keys are principal ARNs; their account is the fifth ARN field.
    latest: dict[str, tuple[datetime, str, str, set[str]]] = {}
    for (arn, namespace), use in backend.activity.service_access.items():
        account_id = arn.split(":")[4]
        if account_id not in account_ids:
            continue
        when, region, who, principals = latest.get(namespace, (use.when, use.region, account_id, set()))
        principals.add(arn)
        if use.when >= when:
            when, region, who = use.when, use.region, account_id
        latest[namespace] = (when, region, who, principals)
    details = []
    for namespace in sorted(latest):
        when, region, who, principals = latest[namespace]
        details.append(
            AccessDetail(
                service_name(namespace),
                namespace,
                region,
                "/".join((org.id, *org.chain(who))),  # the path of the account that last accessed it
                when,
                len(principals),
            )
        )
    job_id = backend.ids.request_id()
    org.reports[job_id] = AccessReport(call.now, tuple(details))
    return {"JobId": job_id}


def _by_namespace(d: AccessDetail) -> str:
    return d.namespace


def _by_time(d: AccessDetail) -> float:
    return d.last_authenticated.timestamp()


_SORTS: dict[str, tuple[Callable[[AccessDetail], str] | Callable[[AccessDetail], float], bool]] = {
    "SERVICE_NAMESPACE_ASCENDING": (_by_namespace, False),
    "SERVICE_NAMESPACE_DESCENDING": (_by_namespace, True),
    "LAST_AUTHENTICATED_TIME_ASCENDING": (_by_time, False),
    "LAST_AUTHENTICATED_TIME_DESCENDING": (_by_time, True),
}


@operation("iam", "GetOrganizationsAccessReport")
def get_organizations_access_report(call: Call, params: Params) -> Output:
    call.authorize("iam:GetOrganizationsAccessReport", "*")
    org = _reporting_org(call)
    job_id: str = params["JobId"]
    report = org.reports.get(job_id)
    if report is None:
        raise lookup.no_such_entity(f"The job with ID {job_id} cannot be found.")
    sort_key, reverse = _SORTS[params.get("SortKey", "SERVICE_NAMESPACE_ASCENDING")]
    ordered = sorted(report.details, key=sort_key, reverse=reverse)
    keyed = [(f"{i:06d}", d) for i, d in enumerate(ordered)]
    result = page(
        keyed, params, key=lambda k: k[0], result_key="AccessDetails", render=lambda k: k[1].render()
    )
    return {
        "JobStatus": "COMPLETED",
        "JobCreationDate": report.created,
        "JobCompletionDate": report.created,
        "NumberOfServicesAccessible": len(ordered),
        "NumberOfServicesNotAccessed": 0,
        **result,
    }
