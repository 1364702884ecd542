"""Expiry on the mock's clock, botocore's refreshing providers, revocation, services as principals."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path

import boto3
import pytest
from freezegun import freeze_time
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, World, client, trust

from iammock import clock
from iammock.errors import AwsError


def test_temporary_credentials_expire(world: World) -> None:
    creds = world.sts.get_session_token(DurationSeconds=900)["Credentials"]
    sts = client("sts", creds)
    sts.get_caller_identity()
    later = freeze_time(clock.now() + timedelta(seconds=901))
    with later, aws_error("ExpiredToken", 403, "The security token included in the request is expired"):
        sts.get_caller_identity()


def test_botocore_refreshes_role_profile_and_web_identity_profile(
    world: World, tmp_path: Path, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    key = world.user("alice")
    role = world.role("r", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"}))
    issuer = world.aws.oidc_issuer("https://oidc.example.com")
    provider = world.iam.create_open_id_connect_provider(
        Url=issuer.url, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[issuer.thumbprint]
    )
    web_role = world.role(
        "w", trust({"Federated": provider["OpenIDConnectProviderArn"]}, "sts:AssumeRoleWithWebIdentity")
    )
    token_file = tmp_path / "token"
    token_file.write_text(issuer.token(expires_in=86400))
    (tmp_path / "credentials").write_text(
        f"[base]\naws_access_key_id = {key['AccessKeyId']}\n"
        f"aws_secret_access_key = {key['SecretAccessKey']}\n"
    )
    (tmp_path / "config").write_text(
        f"[profile chained]\nrole_arn = {role}\nsource_profile = base\nregion = us-east-1\n"
        f"[profile web]\nrole_arn = {web_role}\nweb_identity_token_file = {token_file}\nregion = us-east-1\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    start = clock.now()
    with freeze_time(start) as frozen:
        for profile, arn_part in (("chained", "assumed-role/r/"), ("web", "assumed-role/w/")):
            session = boto3.Session(profile_name=profile)
            sts = session.client("sts")
            assert arn_part in sts.get_caller_identity()["Arn"]
            first = session.get_credentials().get_frozen_credentials().access_key
            frozen.tick(
                timedelta(minutes=50)
            )  # inside botocore's 15-minute refresh window of a 1-hour session
            assert arn_part in sts.get_caller_identity()["Arn"]
            second = session.get_credentials().get_frozen_credentials().access_key
            assert first != second and second.startswith("ASIA")
            frozen.tick(timedelta(minutes=70))
            assert arn_part in sts.get_caller_identity()["Arn"]


def test_revoking_older_sessions(world: World) -> None:
    key = world.user("alice")
    role = world.role("r", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/alice"}))
    old = client("sts", key).assume_role(RoleArn=role, RoleSessionName="old")["Credentials"]
    client("iam", old).list_roles()
    cutoff = clock.now() + timedelta(seconds=1)
    world.iam.put_role_policy(
        RoleName="r",
        PolicyName="AWSRevokeOlderSessions",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Deny",
                        "Action": "*",
                        "Resource": "*",
                        "Condition": {
                            "DateLessThan": {"aws:TokenIssueTime": cutoff.strftime("%Y-%m-%dT%H:%M:%SZ")}
                        },
                    }
                ],
            }
        ),
    )
    with freeze_time(cutoff + timedelta(seconds=5)):
        with aws_error("AccessDenied", 403):
            client("iam", old).list_roles()
        new = client("sts", key).assume_role(RoleArn=role, RoleSessionName="new")["Credentials"]
        client("iam", new).list_roles()


def test_service_session_needs_the_service_in_trust(world: World) -> None:
    world.role("fn-role", trust({"Service": "lambda.amazonaws.com"}))
    session = world.aws.service_session("lambda.amazonaws.com", "fn-role", session_name="my-function")
    me = session.client("sts").get_caller_identity()
    assert me["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/fn-role/my-function"
    session.client("iam").list_roles()
    with pytest.raises(AwsError) as refused:
        world.aws.service_session("ec2.amazonaws.com", "fn-role")
    assert refused.value.code == "AccessDenied"


def test_ec2_session_names_and_instance_profile(world: World) -> None:
    world.role("web", trust({"Service": "ec2.amazonaws.com"}))
    session = world.aws.service_session("ec2.amazonaws.com", "web")
    arn = session.client("sts").get_caller_identity()["Arn"]
    instance = arn.rsplit("/", 1)[-1]
    assert instance.startswith("i-") and len(instance) == 19
    world.iam.create_instance_profile(InstanceProfileName="web-profile")
    world.iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web")
    with world.aws.instance_profile("web-profile") as box:
        me = boto3.client("sts").get_caller_identity()
        assert me["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/web/{box.instance_id}"
        assert boto3.client("sts").meta.region_name
        creds = boto3.DEFAULT_SESSION._session.get_credentials()  # type: ignore[union-attr]
        assert creds.method == "iam-role"
        with freeze_time(clock.now() + timedelta(hours=2)):
            assert boto3.client("sts").get_caller_identity()["Arn"].endswith(box.instance_id)
        assert box.session().client("sts").get_caller_identity()["Arn"].endswith(box.instance_id)
    assert boto3.client("sts").get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
