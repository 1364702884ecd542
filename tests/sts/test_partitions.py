"""STS in the aws-cn and aws-us-gov partitions: answers name the partition, and nothing crosses one.

Partitions have independent IAM instances, and roles delegate access only within a partition
("Partitions", AWS Fault Isolation Boundaries whitepaper:
https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html; "IAM
roles and resource-based policies delegate access across accounts within a single partition",
https://repost.aws/questions/QUNW6avAGBRrmYapcIhGFmig). STS answers with ARNs of the partition, e.g.
``arn:aws-cn:sts::123456789012:assumed-role/...`` (https://docs.amazonaws.cn/en_us/aws/latest/userguide/iam.html).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam

ACCOUNT = "123456789012"
OTHER = "444455556666"
PARTITIONS = [("cn-north-1", "aws-cn"), ("us-gov-west-1", "aws-us-gov"), ("us-gov-east-1", "aws-us-gov")]


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _trust(principal: Any, action: str = "sts:AssumeRole") -> str:
    return _doc({"Effect": "Allow", "Principal": {"AWS": principal}, "Action": action})


ASSUME_ANY = _doc(
    {"Effect": "Allow", "Action": ["sts:AssumeRole", "sts:GetFederationToken"], "Resource": "*"}
)


def _client(service: str, region: str, creds: dict[str, Any]) -> Any:
    return boto3.client(
        service,
        region_name=region,
        aws_access_key_id=creds.get("AccessKeyId"),
        aws_secret_access_key=creds.get("SecretAccessKey"),
        aws_session_token=creds.get("SessionToken"),
    )


def _user(session: boto3.Session, name: str, policy: str = ASSUME_ANY) -> dict[str, Any]:
    """A user with a policy in the session's account; its new access key."""
    iam = session.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=policy)
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


@pytest.fixture(params=PARTITIONS, ids=[p[0] for p in PARTITIONS])
def where(request: pytest.FixtureRequest) -> Iterator[tuple[str, str, IAMMock]]:
    region, partition = request.param
    with mock_iam(region_name=region) as aws:
        yield region, partition, aws


def test_caller_identity_names_the_partition(where: tuple[str, str, IAMMock]) -> None:
    region, partition, aws = where
    sts = boto3.client("sts", region_name=region)
    assert sts.get_caller_identity()["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:root"
    key = _user(aws.session(), "alice")
    me = _client("sts", region, key).get_caller_identity()
    assert me["Arn"] == f"arn:{partition}:iam::{ACCOUNT}:user/alice"
    assert me["Account"] == ACCOUNT


def test_assume_role_answers_in_the_partition(where: tuple[str, str, IAMMock]) -> None:
    region, partition, aws = where
    key = _user(aws.session(), "alice")
    iam = aws.session().client("iam")
    role_arn = iam.create_role(
        RoleName="app",
        Path="/svc/",
        AssumeRolePolicyDocument=_trust(f"arn:{partition}:iam::{ACCOUNT}:user/alice"),
    )["Role"]["Arn"]
    assert role_arn == f"arn:{partition}:iam::{ACCOUNT}:role/svc/app"
    out = _client("sts", region, key).assume_role(RoleArn=role_arn, RoleSessionName="s1")
    assumed = f"arn:{partition}:sts::{ACCOUNT}:assumed-role/app/s1"
    assert out["AssumedRoleUser"]["Arn"] == assumed
    session = _client("sts", region, out["Credentials"])
    assert session.get_caller_identity()["Arn"] == assumed
    # A role session's credentials are unknown outside the partition.
    with aws_error("InvalidClientTokenId", 403, "The security token included in the request is invalid."):
        _client("sts", "us-east-1", out["Credentials"]).get_caller_identity()
    # The same role named with the aws partition's ARN is no role here.
    with aws_error("AccessDenied", 403) as error:
        _client("sts", region, key).assume_role(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/svc/app", RoleSessionName="s2"
        )
    assert error["Message"] == (
        f"User: arn:{partition}:iam::{ACCOUNT}:user/alice is not authorized to perform: sts:AssumeRole on "
        f"resource: arn:aws:iam::{ACCOUNT}:role/svc/app because no role trust policy allows the "
        "sts:AssumeRole action"
    )


def test_trust_by_account_id_means_the_partitions_account(where: tuple[str, str, IAMMock]) -> None:
    region, partition, aws = where
    other = aws.session(OTHER, region_name=region)
    role_arn = other.client("iam").create_role(RoleName="shared", AssumeRolePolicyDocument=_trust(ACCOUNT))[
        "Role"
    ]["Arn"]
    key = _user(aws.session(), "alice")
    out = _client("sts", region, key).assume_role(RoleArn=role_arn, RoleSessionName="xx")
    assert out["AssumedRoleUser"]["Arn"] == f"arn:{partition}:sts::{OTHER}:assumed-role/shared/xx"


def test_federation_token_names_the_partition(where: tuple[str, str, IAMMock]) -> None:
    region, partition, aws = where
    key = _user(aws.session(), "alice")
    out = _client("sts", region, key).get_federation_token(
        Name="fed", Policy=_doc({"Effect": "Allow", "Action": "s3:*", "Resource": f"arn:{partition}:s3:::b"})
    )
    assert out["FederatedUser"]["Arn"] == f"arn:{partition}:sts::{ACCOUNT}:federated-user/fed"
    identity = _client("sts", region, out["Credentials"]).get_caller_identity()
    assert identity["Arn"] == out["FederatedUser"]["Arn"]


def test_session_policies_name_the_partition(where: tuple[str, str, IAMMock]) -> None:
    # IAM's rule for Resource partitions holds for session policies too (reported for identity policies:
    # 'Partition "aws" is not valid for resource ...', https://github.com/kubernetes/kops/issues/6763).
    region, partition, aws = where
    key = _user(aws.session(), "alice")
    iam = aws.session().client("iam")
    role_arn = iam.create_role(RoleName="app", AssumeRolePolicyDocument=_trust(ACCOUNT))["Role"]["Arn"]
    sts = _client("sts", region, key)
    policy = _doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/*"})
    with aws_error(
        "MalformedPolicyDocument", 400, 'Partition "aws" is not valid for resource "arn:aws:s3:::b/*".'
    ):
        sts.assume_role(RoleArn=role_arn, RoleSessionName="s3", Policy=policy)
    with aws_error("ValidationError", 400, "Invalid ARN partition"):
        iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    sts.assume_role(
        RoleArn=role_arn,
        RoleSessionName="s3",
        PolicyArns=[{"arn": f"arn:{partition}:iam::aws:policy/ReadOnlyAccess"}],
    )


def test_cross_partition_assume_role_fails_both_ways() -> None:
    with mock_iam() as aws:  # the default account in aws
        china = aws.session(OTHER, region_name="cn-north-1")
        china_iam = china.client("iam")
        # A cn role trusting the commercial account's ID (in aws-cn, that ID names an aws-cn account).
        cn_role = china_iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(ACCOUNT))["Role"]["Arn"]
        assert cn_role == f"arn:aws-cn:iam::{OTHER}:role/r"
        alice = _user(aws.session(), "alice")
        for region in ("us-east-1", "cn-north-1"):
            sts = _client("sts", region, alice)
            if region == "us-east-1":
                with aws_error("AccessDenied", 403) as error:
                    sts.assume_role(RoleArn=cn_role, RoleSessionName="xx")
                assert error["Message"].startswith(
                    f"User: arn:aws:iam::{ACCOUNT}:user/alice is not authorized"
                )
            else:
                with aws_error("InvalidClientTokenId", 403):
                    sts.assume_role(RoleArn=cn_role, RoleSessionName="xx")
        # And back: a cn user cannot assume a commercial role trusting its account.
        com_role = (
            aws.session()
            .client("iam")
            .create_role(RoleName="c", AssumeRolePolicyDocument=_trust(OTHER))["Role"]["Arn"]
        )
        bob = _user(china, "bob")
        with aws_error("AccessDenied", 403):
            _client("sts", "cn-north-1", bob).assume_role(RoleArn=com_role, RoleSessionName="yy")
        with aws_error("InvalidClientTokenId", 403):
            _client("sts", "us-east-1", bob).assume_role(RoleArn=com_role, RoleSessionName="yy")


def test_a_trust_policy_cannot_name_another_partitions_principal() -> None:
    with mock_iam(region_name="cn-northwest-1") as aws:
        iam = aws.session().client("iam")
        for principal in (f"arn:aws:iam::{ACCOUNT}:root", f"arn:aws-us-gov:iam::{OTHER}:root"):
            with aws_error(
                "MalformedPolicyDocument", 400, f'Invalid principal in policy: "AWS":"{principal}"'
            ):
                iam.create_role(RoleName="r", AssumeRolePolicyDocument=_trust(principal))
        assert iam.list_roles()["Roles"] == []


def test_a_service_session_is_in_the_roles_partition() -> None:
    with mock_iam(region_name="us-gov-west-1") as aws:
        iam = aws.session().client("iam")
        role = {
            "Effect": "Allow",
            "Principal": {"Service": "lambda.amazonaws.com"},
            "Action": "sts:AssumeRole",
        }
        iam.create_role(RoleName="fn", AssumeRolePolicyDocument=_doc(role))
        session = aws.service_session("lambda.amazonaws.com", "fn")
        assert (
            session.client("sts")
            .get_caller_identity()["Arn"]
            .startswith(f"arn:aws-us-gov:sts::{ACCOUNT}:assumed-role/fn/")
        )


def test_web_identity_in_the_partition_and_not_across(where: tuple[str, str, IAMMock]) -> None:
    from botocore import UNSIGNED
    from botocore.config import Config

    region, partition, aws = where
    url = "https://token.example.com"
    issuer = aws.oidc_issuer(url)
    iam = aws.session().client("iam")
    provider = iam.create_open_id_connect_provider(
        Url=url, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[issuer.thumbprint]
    )["OpenIDConnectProviderArn"]
    assert provider == f"arn:{partition}:iam::{ACCOUNT}:oidc-provider/token.example.com"
    trust = _doc(
        {"Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithWebIdentity"}
    )
    role = iam.create_role(RoleName="ci", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    token = issuer.token(sub="repo:org/app", aud="sts.amazonaws.com")
    anonymous = Config(signature_version=UNSIGNED)
    here = boto3.client("sts", region_name=region, config=anonymous)
    out = here.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=token)
    assert out["AssumedRoleUser"]["Arn"] == f"arn:{partition}:sts::{ACCOUNT}:assumed-role/ci/gh"
    # The same request to the aws partition's STS: that partition has no such account, so no provider.
    elsewhere = boto3.client("sts", region_name="us-east-1", config=anonymous)
    with aws_error("InvalidIdentityToken", 400, f"No OpenIDConnect provider found in your account for {url}"):
        elsewhere.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=token)
