"""Organizations features and access reports: standalone accounts and a configured organization."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock
from iammock.backend.iam.organizations import Organization, configure
from iammock.backend.organizations.records import Delegation

MEMBER = "210987654321"
ORG = "o-abcdefghij"
ROOT = "r-ab12"


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def _root_client(iam_mock: IAMMock, account_id: str, service: str = "iam") -> object:
    key = iam_mock.backend.account(account_id).root_key
    return client_for(service, {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret})


@pytest.mark.parametrize(
    "call",
    [
        "list_organizations_features",
        "enable_organizations_root_credentials_management",
        "disable_organizations_root_credentials_management",
        "enable_organizations_root_sessions",
        "disable_organizations_root_sessions",
    ],
)
def test_standalone_account_has_no_organization(iam, call: str) -> None:  # type: ignore[no-untyped-def]
    with aws_error("OrganizationNotFoundException", 400):
        getattr(iam, call)()


def test_access_report_outside_an_organization(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("AWSOrganizationsNotInUseException", 400):
        iam.generate_organizations_access_report(EntityPath=f"{ORG}/{ROOT}")
    with aws_error("AWSOrganizationsNotInUseException", 400):
        iam.get_organizations_access_report(JobId="00000000-0000-4000-8000-000000000000")


def test_features_state_machine(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    org = configure(iam_mock.backend, Organization(ORG, ROOT, "123456789012"), MEMBER)
    with aws_error("ServiceAccessNotEnabledException", 400):
        iam.list_organizations_features()
    org.iam_trusted_access = True
    assert iam.list_organizations_features()["EnabledFeatures"] == []
    answer = iam.enable_organizations_root_sessions()
    assert answer["OrganizationId"] == ORG and answer["EnabledFeatures"] == ["RootSessions"]
    iam.enable_organizations_root_credentials_management()
    assert iam.list_organizations_features()["EnabledFeatures"] == [
        "RootCredentialsManagement",
        "RootSessions",
    ]
    member = _root_client(iam_mock, MEMBER)
    with aws_error("AccountNotManagementOrDelegatedAdministratorException", 400):
        member.list_organizations_features()  # type: ignore[attr-defined]
    org.delegations.append(Delegation(MEMBER, "iam.amazonaws.com", iam_mock.backend.account(MEMBER).created))
    assert member.disable_organizations_root_sessions()["EnabledFeatures"] == [  # type: ignore[attr-defined]
        "RootCredentialsManagement"
    ]
    with aws_error("CallerIsNotManagementAccountException", 400):
        member.enable_organizations_root_sessions()  # type: ignore[attr-defined]
    org.all_features = False
    with aws_error("OrganizationNotInAllFeaturesModeException", 400):
        iam.list_organizations_features()


def test_access_report_in_an_organization(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    configure(iam_mock.backend, Organization(ORG, ROOT, "123456789012"), MEMBER)
    member = _root_client(iam_mock, MEMBER)
    member.create_user(UserName="worker")  # type: ignore[attr-defined]
    key = member.create_access_key(UserName="worker")["AccessKey"]  # type: ignore[attr-defined]
    client_for("sts", key).get_caller_identity()
    job = iam.generate_organizations_access_report(EntityPath=f"{ORG}/{ROOT}")["JobId"]
    report = iam.get_organizations_access_report(JobId=job)
    assert report["JobStatus"] == "COMPLETED"
    [detail] = report["AccessDetails"]
    assert detail["ServiceNamespace"] == "sts" and detail["TotalAuthenticatedEntities"] == 1
    assert detail["EntityPath"] == f"{ORG}/{ROOT}/{MEMBER}"
    with aws_error("AccessDenied", 403):
        member.generate_organizations_access_report(EntityPath=f"{ORG}/{ROOT}")  # type: ignore[attr-defined]
    with aws_error("InvalidInput", 400):
        iam.generate_organizations_access_report(EntityPath=f"o-zzzzzzzzzz/{ROOT}")
    with aws_error("NoSuchEntity", 404):
        iam.get_organizations_access_report(JobId="00000000-0000-4000-8000-000000000000")
