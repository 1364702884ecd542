"""IAM in the aws-cn and aws-us-gov partitions, through boto3 clients in those partitions' regions.

Every region is in one partition, and each partition has its own IAM: ARNs name the partition
(``arn:aws-cn:iam::123456789012:user/alice``), and credentials of one partition are unknown in another
("Partitions", AWS Fault Isolation Boundaries whitepaper:
https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html; IAM in
China: https://docs.amazonaws.cn/en_us/aws/latest/userguide/iam.html).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error

from iammock import mock_iam

ACCOUNT = "123456789012"
# (client region, the partition AWS puts it in)
PARTITIONS = [("cn-north-1", "aws-cn"), ("cn-northwest-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov")]


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: str, resource: str, **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


@pytest.fixture(params=PARTITIONS, ids=[p[0] for p in PARTITIONS])
def where(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, Any]]:
    """(region, partition, root IAM client of the default account) with the mock in that region."""
    region, partition = request.param
    with mock_iam(region_name=region):
        yield region, partition, boto3.client("iam", region_name=region)


def _user_client(iam: Any, region: str, name: str, *statements: dict[str, Any]) -> Any:
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=_doc(*statements))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.client(
        "iam",
        region_name=region,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )


def test_entity_arns_name_the_partition(where: tuple[str, str, Any]) -> None:
    _region, partition, iam = where
    user = iam.create_user(UserName="alice", Path="/team/")["User"]
    assert user["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:user/team/alice"
    assert iam.get_user(UserName="alice")["User"]["Arn"] == user["Arn"]
    assert iam.create_group(GroupName="devs")["Group"]["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:group/devs"
    role = iam.create_role(
        RoleName="app",
        AssumeRolePolicyDocument=_doc(
            {"Effect": "Allow", "Principal": {"AWS": ACCOUNT}, "Action": "sts:AssumeRole"}
        ),
    )["Role"]
    assert role["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:role/app"
    policy = iam.create_policy(PolicyName="mine", PolicyDocument=_doc(_allow("s3:GetObject", "*")))["Policy"]
    assert policy["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:policy/mine"
    profile = iam.create_instance_profile(InstanceProfileName="ip")["InstanceProfile"]
    assert profile["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:instance-profile/ip"
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")["VirtualMFADevice"]
    assert device["SerialNumber"] == f"arn:{partition}:iam::{ACCOUNT}:mfa/phone"
    oidc = iam.create_open_id_connect_provider(Url="https://token.example.com", ClientIDList=["app"])
    assert (
        oidc["OpenIDConnectProviderArn"] == f"arn:{partition}:iam::{ACCOUNT}:oidc-provider/token.example.com"
    )
    linked = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    assert linked["Arn"] == (
        f"arn:{partition}:iam::{ACCOUNT}:role/aws-service-role/autoscaling.amazonaws.com/"
        "AWSServiceRoleForAutoScaling"
    )


def test_aws_managed_policies_live_under_the_partitions_prefix(where: tuple[str, str, Any]) -> None:
    _region, partition, iam = where
    iam.create_user(UserName="alice")
    read_only = f"arn:{partition}:iam::aws:policy/ReadOnlyAccess"
    iam.attach_user_policy(UserName="alice", PolicyArn=read_only)
    attached = iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"]
    assert attached == [{"PolicyName": "ReadOnlyAccess", "PolicyArn": read_only}]
    assert iam.get_policy(PolicyArn=read_only)["Policy"]["Arn"] == read_only
    listed = iam.list_policies(Scope="AWS", MaxItems=50)["Policies"]
    assert listed and all(p["Arn"].startswith(f"arn:{partition}:iam::aws:policy/") for p in listed)
    details = iam.get_account_authorization_details(Filter=["AWSManagedPolicy"])["Policies"]
    assert [p["Arn"] for p in details] == [read_only]
    # The partition's copy of a policy naming ARNs names that partition's resources.
    scoped = f"arn:{partition}:iam::aws:policy/AIOpsAssistantIncidentReportPolicy"
    version = iam.get_policy(PolicyArn=scoped)["Policy"]["DefaultVersionId"]
    document = json.dumps(
        iam.get_policy_version(PolicyArn=scoped, VersionId=version)["PolicyVersion"]["Document"]
    )
    assert f'"arn:{partition}:' in document and '"arn:aws:' not in document


def test_an_aws_partition_policy_arn_is_refused_outside_aws(where: tuple[str, str, Any]) -> None:
    # AttachRolePolicy of arn:aws:iam::aws:policy/AmazonS3FullAccess in cn-northwest-1 answers
    # "ValidationError: Invalid ARN partition" (https://github.com/pulumi/pulumi-aws-apigateway/issues/347).
    _region, _partition, iam = where
    iam.create_user(UserName="alice")
    with aws_error("ValidationError", 400, "Invalid ARN partition"):
        iam.attach_user_policy(UserName="alice", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    assert iam.list_attached_user_policies(UserName="alice")["AttachedPolicies"] == []


def test_policies_may_only_name_resources_of_their_partition(where: tuple[str, str, Any]) -> None:
    # In China, IAM refuses arn:aws: resources: 'Partition "aws" is not valid for resource
    # "arn:aws:ec2:*:*:network-interface/*".' (https://github.com/kubernetes/kops/issues/6763,
    # https://github.com/aws/chalice/issues/777).
    _region, partition, iam = where
    iam.create_user(UserName="alice")
    bad = _doc(_allow("ec2:DescribeNetworkInterfaces", "arn:aws:ec2:*:*:network-interface/*"))
    message = 'Partition "aws" is not valid for resource "arn:aws:ec2:*:*:network-interface/*".'
    with aws_error("MalformedPolicyDocument", 400, message):
        iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=bad)
    with aws_error("MalformedPolicyDocument", 400, message):
        iam.create_policy(PolicyName="p", PolicyDocument=bad)
    good = _doc(
        _allow("s3:GetObject", f"arn:{partition}:s3:::bucket/*"), _allow("s3:ListBucket", "arn:*:s3:::b")
    )
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=good)
    iam.create_policy(PolicyName="p", PolicyDocument=good)


def test_an_arn_of_another_partition_never_matches(where: tuple[str, str, Any]) -> None:
    region, partition, iam = where
    own = f"arn:{partition}:iam::{ACCOUNT}:user/*"
    elsewhere = f"arn:aws:iam::{ACCOUNT}:user/*"
    # Conditions are not validated against the partition: an arn:aws: value simply never matches.
    alice = _user_client(
        iam,
        region,
        "alice",
        _allow("iam:GetUser", "*", Condition={"ArnLike": {"aws:PrincipalArn": elsewhere}}),
        _allow("iam:ListUsers", "*", Condition={"ArnLike": {"aws:PrincipalArn": own}}),
    )
    alice.list_users()
    with aws_error("AccessDenied", 403) as error:
        alice.get_user()
    assert error["Message"].startswith(f"User: arn:{partition}:iam::{ACCOUNT}:user/alice is not authorized")
    assert f"on resource: arn:{partition}:iam::{ACCOUNT}:user/alice because" in error["Message"]


def test_a_wildcard_partition_matches_the_callers(where: tuple[str, str, Any]) -> None:
    region, partition, iam = where
    bob = _user_client(iam, region, "bob", _allow("iam:GetUser", f"arn:*:iam::{ACCOUNT}:user/bob"))
    assert bob.get_user()["User"]["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:user/bob"


def test_trust_policies_name_principals_of_the_partition(where: tuple[str, str, Any]) -> None:
    _region, partition, iam = where

    def trust(principal: str) -> str:
        return _doc({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": "sts:AssumeRole"})

    iam.create_user(UserName="alice")
    iam.create_role(
        RoleName="ok", AssumeRolePolicyDocument=trust(f"arn:{partition}:iam::{ACCOUNT}:user/alice")
    )
    iam.create_role(RoleName="ok2", AssumeRolePolicyDocument=trust(f"arn:{partition}:iam::444455556666:root"))
    for principal in (f"arn:aws:iam::{ACCOUNT}:user/alice", "arn:aws:iam::444455556666:root"):
        with aws_error("MalformedPolicyDocument", 400, f'Invalid principal in policy: "AWS":"{principal}"'):
            iam.create_role(RoleName="bad", AssumeRolePolicyDocument=trust(principal))
        with aws_error("MalformedPolicyDocument", 400):
            iam.update_assume_role_policy(RoleName="ok", PolicyDocument=trust(principal))


def test_simulation_and_reports_use_the_partition(where: tuple[str, str, Any]) -> None:
    _region, partition, iam = where
    user_arn = iam.create_user(UserName="alice")["User"]["Arn"]
    iam.put_user_policy(
        UserName="alice",
        PolicyName="p",
        PolicyDocument=_doc(_allow("s3:GetObject", f"arn:{partition}:s3:::b/*")),
    )
    results = iam.simulate_principal_policy(
        PolicySourceArn=user_arn,
        ActionNames=["s3:GetObject"],
        ResourceArns=[f"arn:{partition}:s3:::b/k", "arn:aws:s3:::b/k"],
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in results] == ["allowed", "implicitDeny"]
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(
            PolicyInputList=[_doc(_allow("s3:GetObject", "arn:aws:s3:::b/*"))], ActionNames=["s3:GetObject"]
        )
    iam.generate_credential_report()
    report = iam.get_credential_report()["Content"].decode().splitlines()
    assert report[1].split(",")[1] == f"arn:{partition}:iam::{ACCOUNT}:root"
    assert report[2].split(",")[1] == user_arn


def test_keys_of_one_partition_are_unknown_in_another(where: tuple[str, str, Any]) -> None:
    region, _partition, iam = where
    alice = _user_client(iam, region, "alice", _allow("iam:*", "*"))
    alice.list_users()
    creds = alice._request_signer._credentials
    for other in ("us-east-1", "eu-west-1"):
        commercial = boto3.client(
            "iam",
            region_name=other,
            aws_access_key_id=creds.access_key,
            aws_secret_access_key=creds.secret_key,
        )
        with aws_error("InvalidClientTokenId", 403, "The security token included in the request is invalid."):
            commercial.list_users()
    with aws_error("InvalidClientTokenId", 403):
        boto3.client("iam", region_name="us-east-1").list_users()  # the default account's root keys


def test_iam_reports_calls_in_the_partitions_iam_region() -> None:
    # IAM is global; botocore signs its calls in the credential scope of IAM's partition endpoint:
    # us-east-1 in aws, cn-north-1 in aws-cn (botocore/data/endpoints.json).
    with mock_iam(region_name="cn-northwest-1"):
        iam = boto3.client("iam", region_name="cn-northwest-1")
        alice = _user_client(iam, "cn-northwest-1", "alice", _allow("iam:GetUser", "*"))
        alice.get_user()
        key_id = alice._request_signer._credentials.access_key
        used = iam.get_access_key_last_used(AccessKeyId=key_id)["AccessKeyLastUsed"]
        assert used["Region"] == "cn-north-1"
        assert used["ServiceName"] == "iam"


def test_an_account_lives_in_one_partition() -> None:
    with mock_iam() as aws:
        commercial = boto3.client("iam")
        assert commercial.create_user(UserName="a")["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/a"
        china = aws.session("111122223333", region_name="cn-north-1")
        assert china.region_name == "cn-north-1"
        arn = china.client("iam").create_user(UserName="b")["User"]["Arn"]
        assert arn == "arn:aws-cn:iam::111122223333:user/b"
        # Without a region, a session of that account is in its own partition.
        again = aws.session("111122223333")
        assert again.region_name == "cn-north-1"
        assert [u["UserName"] for u in again.client("iam").list_users()["Users"]] == ["b"]
        # With a region of another partition, its keys are unknown there.
        with aws_error("InvalidClientTokenId", 403):
            aws.session("111122223333", region_name="us-west-2").client("iam").list_users()


def test_the_default_account_follows_the_environments_region(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-gov-east-1")
    with mock_iam():
        iam = boto3.client("iam")
        assert iam.create_user(UserName="a")["User"]["Arn"] == f"arn:aws-us-gov:iam::{ACCOUNT}:user/a"


def test_the_decision_api_speaks_the_partition() -> None:
    with mock_iam(region_name="cn-north-1") as aws:
        iam = boto3.client("iam", region_name="cn-north-1")
        arn = iam.create_user(UserName="alice")["User"]["Arn"]
        iam.put_user_policy(
            UserName="alice",
            PolicyName="p",
            PolicyDocument=_doc(_allow("s3:GetObject", "arn:aws-cn:s3:::b/*")),
        )
        assert aws.authorize(arn, "s3:GetObject", "arn:aws-cn:s3:::b/k").allowed
        assert not aws.authorize(arn, "s3:GetObject", "arn:aws:s3:::b/k").allowed
        with pytest.raises(ValueError):
            aws.authorize(f"arn:aws:iam::{ACCOUNT}:user/alice", "s3:GetObject", "arn:aws-cn:s3:::b/k")
        root = aws.authorize(f"arn:aws-cn:iam::{ACCOUNT}:root", "s3:GetObject", "arn:aws-cn:s3:::b/k")
        assert root.allowed


@pytest.mark.iammock(region_name="cn-north-1")
def test_the_fixtures_build_in_the_mocks_partition(iam_mock: Any, iam_user: Any, iam_role: Any) -> None:
    user = iam_user("alice", policies=["arn:aws-cn:iam::aws:policy/ReadOnlyAccess"])
    assert user.arn == f"arn:aws-cn:iam::{ACCOUNT}:user/alice"
    assert user.client("iam").get_user()["User"]["Arn"] == user.arn
    role = iam_role("app", policies=["arn:aws-cn:iam::aws:policy/ReadOnlyAccess"])  # trusts the account
    arn = role.assume().client("sts").get_caller_identity()["Arn"]
    assert arn.startswith(f"arn:aws-cn:sts::{ACCOUNT}:assumed-role/app/")
    service = iam_role("fn", trust="lambda.amazonaws.com")
    assert service.assume().client("sts").get_caller_identity()["Arn"].startswith("arn:aws-cn:sts::")
