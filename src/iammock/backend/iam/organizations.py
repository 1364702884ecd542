"""IAM's AWS Organizations operations: centralized root access and Organizations access reports.

The mock's accounts stand alone unless a test puts them in an organization with :func:`configure`;
every operation answers from that state, with AWS's errors for an account outside one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account
from ..organizations.records import Member, Organization
from ..paging import page
from ..registry import Output, Params, operation
from ..state import Backend
from .access_reports import service_name

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


def configure(backend: Backend, organization: Organization, *account_ids: str) -> Organization:
    """Put the management account and ``account_ids`` in ``organization`` (a test's set-up)."""
    with backend.lock:
        for account_id in (organization.management_account_id, *account_ids):
            backend.account(account_id).organization = organization
            if account_id not in organization.accounts:
                organization.accounts[account_id] = Member(
                    account_id,
                    account_id,
                    f"aws+{account_id}@example.com",
                    organization.root_id,
                    "INVITED",
                    backend.account(account_id).created,
                )
    return organization


def organization_of(account: Account) -> Organization | None:
    found = account.organization
    return found


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
    """Member accounts an entity path covers: the root covers all but the management account."""
    parts = path.rstrip("/").split("/")
    if parts[0] != org.id or parts[1] != org.root_id:
        raise AwsError("InvalidInput", f"Invalid entity path: {path}", 400)
    members = sorted(org.members - {org.management_account_id})
    accounts = [p for p in parts[2:] if p.isdigit()]
    return [a for a in members if a in accounts] if accounts else members


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
                f"{path.rstrip('/')}/{who}" if who not in path else path,
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
