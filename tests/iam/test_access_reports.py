"""Service last accessed data and ListPoliciesGrantingServiceAccess, from calls the mock saw."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

ACCT = "123456789012"
IAM_READ = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Action":["iam:Get*","iam:List*"],"Resource":"*"}]}'
)
S3_READ = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
NOT_IAM = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}]}'
DENY_ALL = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"*","Resource":"*"}]}'


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    iam.create_group(GroupName="devs")
    iam.add_user_to_group(GroupName="devs", UserName="alice")
    iam.add_user_to_group(GroupName="devs", UserName="bob")
    iam.put_user_policy(UserName="alice", PolicyName="iam-read", PolicyDocument=IAM_READ)
    arn = iam.create_policy(PolicyName="s3-read", PolicyDocument=S3_READ)["Policy"]["Arn"]
    iam.attach_group_policy(GroupName="devs", PolicyArn=arn)
    iam.put_group_policy(GroupName="devs", PolicyName="deny", PolicyDocument=DENY_ALL)
    return iam


def _alice_calls_iam(iam) -> None:  # type: ignore[no-untyped-def]
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with pytest.raises(iam.exceptions.ClientError):
        client_for("iam", key).get_user(UserName="alice")  # denied: records nothing
    # The account root's calls are not access advisor data; a successful user call is.
    client_for("sts", key).get_caller_identity()


def test_user_report(iam) -> None:  # type: ignore[no-untyped-def]
    _alice_calls_iam(iam)
    job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCT}:user/alice")["JobId"]
    assert len(job) == 36
    report = iam.get_service_last_accessed_details(JobId=job)
    assert report["JobStatus"] == "COMPLETED" and report["JobType"] == "SERVICE_LEVEL"
    services = {s["ServiceNamespace"]: s for s in report["ServicesLastAccessed"]}
    assert sorted(services) == ["iam", "s3"]  # its own policy and its group's; not sts
    assert services["iam"]["ServiceName"] == "AWS Identity and Access Management"
    assert services["iam"]["TotalAuthenticatedEntities"] == 0 and "LastAuthenticated" not in services["iam"]


def test_activity_shows_up(iam) -> None:  # type: ignore[no-untyped-def]
    iam.put_user_policy(
        UserName="alice", PolicyName="sts", PolicyDocument=IAM_READ.replace("iam:Get*", "sts:*")
    )
    _alice_calls_iam(iam)
    job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCT}:user/alice")["JobId"]
    services = {
        s["ServiceNamespace"]: s
        for s in iam.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    }
    sts = services["sts"]
    assert sts["TotalAuthenticatedEntities"] == 1
    assert sts["LastAuthenticatedEntity"] == f"arn:aws:iam::{ACCT}:user/alice"
    assert sts["LastAuthenticatedRegion"] == "us-east-1" and sts["LastAuthenticated"].tzinfo is not None
    group_job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCT}:group/devs")["JobId"]
    group_services = iam.get_service_last_accessed_details(JobId=group_job)["ServicesLastAccessed"]
    assert [s["ServiceNamespace"] for s in group_services] == ["s3"]
    entities = iam.get_service_last_accessed_details_with_entities(JobId=group_job, ServiceNamespace="s3")
    assert sorted(e["EntityInfo"]["Name"] for e in entities["EntityDetailsList"]) == ["alice", "bob"]
    assert all(e["EntityInfo"]["Type"] == "USER" for e in entities["EntityDetailsList"])


def test_action_level(iam) -> None:  # type: ignore[no-untyped-def]
    job = iam.generate_service_last_accessed_details(
        Arn=f"arn:aws:iam::{ACCT}:user/alice", Granularity="ACTION_LEVEL"
    )["JobId"]
    services = {
        s["ServiceNamespace"]: s
        for s in iam.get_service_last_accessed_details(JobId=job)["ServicesLastAccessed"]
    }
    actions = [a["ActionName"] for a in services["iam"]["TrackedActionsLastAccessed"]]
    assert "GetUser" in actions and "ListUsers" in actions and "CreateUser" not in actions


def test_unknown_entity_and_job(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("NoSuchEntity", 404):
        iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCT}:user/ghost")
    with aws_error("InvalidInput", 400):
        iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCT}:mfa/device")
    with aws_error("NoSuchEntity", 404):
        iam.get_service_last_accessed_details(JobId="00000000-0000-4000-8000-000000000000")


def test_policies_granting_service_access(iam) -> None:  # type: ignore[no-untyped-def]
    iam.put_user_policy(UserName="bob", PolicyName="not-iam", PolicyDocument=NOT_IAM)
    answer = iam.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCT}:user/alice", ServiceNamespaces=["iam", "s3", "ec2"]
    )
    by_ns = {e["ServiceNamespace"]: e["Policies"] for e in answer["PoliciesGrantingServiceAccess"]}
    assert by_ns["iam"] == [
        {"PolicyName": "iam-read", "PolicyType": "INLINE", "EntityType": "USER", "EntityName": "alice"}
    ]
    assert by_ns["s3"] == [
        {"PolicyName": "s3-read", "PolicyType": "MANAGED", "PolicyArn": f"arn:aws:iam::{ACCT}:policy/s3-read"}
    ]
    assert by_ns["ec2"] == []
    bob = iam.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCT}:user/bob", ServiceNamespaces=["iam", "ec2"]
    )
    by_ns = {
        e["ServiceNamespace"]: [p["PolicyName"] for p in e["Policies"]]
        for e in bob["PoliciesGrantingServiceAccess"]
    }
    assert by_ns == {"iam": [], "ec2": ["not-iam"]}
    group = iam.list_policies_granting_service_access(
        Arn=f"arn:aws:iam::{ACCT}:group/devs", ServiceNamespaces=["iam"]
    )
    assert group["PoliciesGrantingServiceAccess"] == [{"ServiceNamespace": "iam", "Policies": []}]
    with aws_error("NoSuchEntity", 404):
        iam.list_policies_granting_service_access(
            Arn=f"arn:aws:iam::{ACCT}:role/none", ServiceNamespaces=["iam"]
        )
