"""The pytest plugin: fixtures, marker, factories, clock, async clients and moto side by side."""

from __future__ import annotations

import datetime as dt
from typing import Any

import boto3
import freezegun
import pytest
from botocore.exceptions import ClientError
from tests.helpers import aws_error

from iammock import IAMMock
from iammock.clock_control import IAMClock


@pytest.mark.iammock(account_id="111122223333", seed=7)
def test_marker_options_reach_the_mock(iam_mock: IAMMock) -> None:
    assert iam_mock.account_id == "111122223333"
    assert boto3.client("sts").get_caller_identity()["Account"] == "111122223333"


def test_iam_user_factory(iam_mock: IAMMock, iam_user: Any) -> None:
    read = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}],
    }
    alice = iam_user(
        "alice",
        policies=[read, "arn:aws:iam::aws:policy/IAMReadOnlyAccess"],
        groups=["devs"],
        tags={"team": "a"},
    )
    assert alice.name == "alice" and alice.arn.endswith(":user/alice")
    assert alice.session.client("sts").get_caller_identity()["Arn"] == alice.arn
    alice.client("iam").list_users()
    with aws_error("AccessDenied"):
        alice.client("iam").create_user(UserName="bob")
    iam = boto3.client("iam")
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="alice")["Groups"]] == ["devs"]
    assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "team", "Value": "a"}]
    anonymous = iam_user()
    assert anonymous.name.startswith("user-")


def test_iam_user_boundary_caps_permissions(iam_mock: IAMMock, iam_user: Any) -> None:
    boundary = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "iam:List*", "Resource": "*"}],
    }
    capped = iam_user("capped", policies=["arn:aws:iam::aws:policy/AdministratorAccess"], boundary=boundary)
    capped.client("iam").list_users()
    with aws_error("AccessDenied") as error:
        capped.client("iam").create_user(UserName="bob")
    assert "permissions boundary" in error["Message"]


def test_iam_role_factory_assumes_through_sts(iam_mock: IAMMock, iam_role: Any, iam_user: Any) -> None:
    role = iam_role(
        "reader", policies=["arn:aws:iam::aws:policy/IAMReadOnlyAccess"], max_session_duration=7200
    )
    session = role.assume("s1", DurationSeconds=7200)
    assert session.client("sts").get_caller_identity()["Arn"].endswith(":assumed-role/reader/s1")
    session.client("iam").list_roles()
    assert iam_mock.trail.events(event_name="AssumeRole")

    # Trust is evaluated: a role trusting only one user refuses another.
    bob = iam_user(
        "bob",
        policies=[
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        ],
    )
    only_alice = iam_role(
        "only-alice",
        trust={
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": f"arn:aws:iam::{iam_mock.account_id}:user/bob"},
                    "Action": "sts:AssumeRole",
                }
            ],
        },
    )
    only_alice.assume(via=bob.session)
    with aws_error("AccessDenied"):
        only_alice.assume()

    fn = iam_role("fn", trust="lambda.amazonaws.com")
    assert fn.assume("fn").client("sts").get_caller_identity()["Arn"].endswith(":assumed-role/fn/fn")


def test_iam_role_cross_account(iam_mock: IAMMock, iam_role: Any, iam_user: Any) -> None:
    role = iam_role(
        "OrganizationAccountAccessRole",
        trust=iam_mock.account_id,
        account_id="222233334444",
        policies=["arn:aws:iam::aws:policy/AdministratorAccess"],
    )
    admin = iam_user("admin", policies=["arn:aws:iam::aws:policy/AdministratorAccess"])
    there = role.assume(via=admin.session)
    assert there.client("sts").get_caller_identity()["Account"] == "222233334444"
    with pytest.raises(ValueError, match="trust="):
        iam_role(trust="nonsense")


def test_iam_clock_expires_credentials(iam_mock: IAMMock, iam_clock: IAMClock, iam_user: Any) -> None:
    start = iam_clock.now()
    assert start.tzinfo is not None
    assert abs((start - dt.datetime.now(dt.UTC)).total_seconds()) < 5
    alice = iam_user("alice")
    creds = alice.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
    temp = boto3.client(
        "sts",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    temp.get_caller_identity()
    assert iam_clock.advance(dt.timedelta(minutes=14, seconds=59)) == start + dt.timedelta(seconds=899)
    temp.get_caller_identity()
    iam_clock.advance(1)
    with aws_error("ExpiredToken"):
        temp.get_caller_identity()
    iam_clock.move_to(start.isoformat())
    temp.get_caller_identity()
    with pytest.raises(ValueError):
        iam_clock.advance(-1)


@pytest.mark.iammock_clock("2031-02-03T04:05:06Z")
def test_iam_clock_marker_and_freezegun_inside(iam_mock: IAMMock, iam_clock: IAMClock) -> None:
    assert iam_clock.now() == dt.datetime(2031, 2, 3, 4, 5, 6, tzinfo=dt.UTC)
    iam_clock.move_to(dt.datetime(2031, 5, 1, 12, 0))
    assert iam_mock.backend.account("444455556666").created == dt.datetime(2031, 5, 1, 12, 0, tzinfo=dt.UTC)
    with freezegun.freeze_time("2040-01-01"):
        user = boto3.client("iam").create_user(UserName="future")["User"]
        assert user["CreateDate"].year == 2040
    assert iam_clock.now().year == 2031


@pytest.mark.asyncio
async def test_aiobotocore_clients(iam_mock: IAMMock) -> None:
    aiobotocore_session = pytest.importorskip("aiobotocore.session")
    session = aiobotocore_session.get_session()
    async with session.create_client("iam", region_name="us-east-1") as iam:
        await iam.create_user(UserName="async-alice")
        key = (await iam.create_access_key(UserName="async-alice"))["AccessKey"]
    async with session.create_client("sts", region_name="us-east-1") as sts:
        assert (await sts.get_caller_identity())["Arn"].endswith(":root")
    async with session.create_client(
        "iam",
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    ) as as_alice:
        with pytest.raises(ClientError) as caught:
            await as_alice.create_user(UserName="bob")
    assert caught.value.response["Error"]["Code"] == "AccessDenied"
    async with session.create_client(
        "sts", region_name="us-east-1", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="wrong"
    ) as wrong:
        with pytest.raises(ClientError) as caught:
            await wrong.get_caller_identity()
    assert caught.value.response["Error"]["Code"] == "SignatureDoesNotMatch"


def test_demo_runs(capsys: pytest.CaptureFixture[str]) -> None:
    from iammock import demo

    assert demo.main() == 0
    out = capsys.readouterr().out
    for line in (
        "dana created user erin: allowed by AdministratorAccess through the group",
        "lambda.amazonaws.com assumes it: arn:aws:sts::123456789012:assumed-role/orders-fn-role/orders-fn",
        "s3:PutObject on assets/logo.png: implicit deny (read-only)",
        "assumed-role/OrganizationAccountAccessRole/dana",
        "BreakGlassRole      sourceIdentity=ana  RemoveRoleFromInstanceProfile",
        "the same session -> ExpiredToken",
        "Denied by: Identity-based policies",
    ):
        assert line in out, line
