"""Organizations features and access reports: standalone accounts, and the organization built through the
Organizations API (centralized root access: tests/organizations/test_root_access.py)."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

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


def _new_account(org: object, name: str) -> str:
    status = org.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]  # type: ignore[attr-defined]
    for _ in range(10):
        if status["State"] == "SUCCEEDED":
            break
        status = org.describe_create_account_status(CreateAccountRequestId=status["Id"])[  # type: ignore[attr-defined]
            "CreateAccountStatus"
        ]
    return str(status["AccountId"])


def _use_sts(iam_mock: IAMMock, account_id: str, name: str) -> None:
    iam = iam_mock.session(account_id).client("iam")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    client_for("sts", key).get_caller_identity()


def test_access_report_over_the_organization_tree(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    """GenerateOrganizationsAccessReport over the root, an OU and an account of the real organization
    (IAM API Reference, GenerateOrganizationsAccessReport: "o-a1b2c3d4e5/r-f6g7h8i9j0example/
    ou-rge0-awsabcde/123456789012"); the management account is not reported."""
    org = boto3.client("organizations")
    org_id = org.create_organization(FeatureSet="ALL")["Organization"]["Id"]
    root = org.list_roots()["Roots"][0]["Id"]
    ou = org.create_organizational_unit(ParentId=root, Name="Teams")["OrganizationalUnit"]["Id"]
    in_ou = _new_account(org, "in-ou")
    org.move_account(AccountId=in_ou, SourceParentId=root, DestinationParentId=ou)
    under_root = _new_account(org, "under-root")
    _use_sts(iam_mock, in_ou, "worker")
    _use_sts(iam_mock, under_root, "other")
    _use_sts(iam_mock, iam_mock.account_id, "manager")

    def report(path: str) -> list[dict[str, object]]:
        job = iam.generate_organizations_access_report(EntityPath=path)["JobId"]
        answer = iam.get_organizations_access_report(JobId=job)
        assert answer["JobStatus"] == "COMPLETED"
        return list(answer.get("AccessDetails", []))

    [everything] = report(f"{org_id}/{root}")
    assert everything["ServiceNamespace"] == "sts" and everything["TotalAuthenticatedEntities"] == 2
    [in_unit] = report(f"{org_id}/{root}/{ou}/")
    assert in_unit["TotalAuthenticatedEntities"] == 1
    assert in_unit["EntityPath"] == f"{org_id}/{root}/{ou}/{in_ou}"
    [one] = report(f"{org_id}/{root}/{under_root}")
    assert one["EntityPath"] == f"{org_id}/{root}/{under_root}"
    # A path that is not the tree's: the account is not in that OU, the OU is unknown.
    with aws_error("InvalidInput", 400):
        iam.generate_organizations_access_report(EntityPath=f"{org_id}/{root}/{ou}/{under_root}")
    with aws_error("InvalidInput", 400):
        iam.generate_organizations_access_report(EntityPath=f"{org_id}/{root}/ou-zzzz-zzzzzzzz")
    with aws_error("InvalidInput", 400):
        iam.generate_organizations_access_report(EntityPath=f"o-zzzzzzzzzz/{root}")
    with aws_error("NoSuchEntity", 404):
        iam.get_organizations_access_report(JobId="00000000-0000-4000-8000-000000000000")
    # Only the management account may ask.
    member = _root_client(iam_mock, in_ou)
    with aws_error("AccessDenied", 403):
        member.generate_organizations_access_report(EntityPath=f"{org_id}/{root}")  # type: ignore[attr-defined]
