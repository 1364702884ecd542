"""AssumeRole asked again and again: every call decides from the state of its moment, keeps its own
decision, and leaves a session record holding exactly what it was issued with."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import boto3
import time_machine
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, World, client, trust

from iammock import organizations

USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"


def _deny(action: str, **principal: Any) -> dict[str, Any]:
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", **principal, "Action": action, "Resource": "*"}],
    }


def test_each_call_keeps_its_own_decision(world: World) -> None:
    key = world.user("alice")
    arn = world.role("target", trust({"AWS": USER_ARN}))
    sts = client("sts", key)
    first = sts.assume_role(RoleArn=arn, RoleSessionName="s1")
    second = sts.assume_role(RoleArn=arn, RoleSessionName="s2")
    for answer in (first, second):
        text = world.aws.explain(answer)
        assert "sts:AssumeRole" in text and "Decision:  allowed" in text
        assert "target trust policy" in text
    entries = [e for e in world.aws.trail._entries if e.operation == "AssumeRole"]
    assert len(entries) == 2
    assert entries[0].decisions[0] is not entries[1].decisions[0]
    assert [e.decisions[0].request.context["sts:RoleSessionName"] for e in entries] == ["s1", "s2"]


def test_trust_follows_every_change_between_calls(world: World) -> None:
    key = world.user("alice")
    arn = world.role("target", trust({"AWS": USER_ARN}))
    sts = client("sts", key)
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")

    world.iam.update_assume_role_policy(RoleName="target", PolicyDocument=trust({"AWS": ACCOUNT}))
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")  # the account, and alice's own policy
    world.iam.update_assume_role_policy(RoleName="target", PolicyDocument=trust({"AWS": "111122223333"}))
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    world.iam.update_assume_role_policy(RoleName="target", PolicyDocument=trust({"AWS": USER_ARN}))
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")

    # RCPs on, with only AWS's RCPFullAWSAccess at every level: nothing changes for the caller.
    organizations.enable(world.aws.backend, "RCP", world.aws.account_id)
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    name = world.aws.attach_rcp(_deny("sts:AssumeRole", Principal="*"))
    with aws_error("AccessDenied", 403) as error:
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    assert "resource control policy" in error["Message"]
    world.aws.detach_rcp(name)
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")

    name = world.aws.attach_scp(_deny("sts:AssumeRole"))
    with aws_error("AccessDenied", 403) as error:
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    assert "service control policy" in error["Message"]
    world.aws.detach_scp(name)
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")

    world.iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=json.dumps(_deny("sts:*")))
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")


def test_a_recreated_principal_is_not_the_one_the_trust_policy_pinned(world: World) -> None:
    key = world.user("alice")
    arn = world.role("target", trust({"AWS": USER_ARN}))
    client("sts", key).assume_role(RoleArn=arn, RoleSessionName="s0")
    world.iam.delete_user_policy(UserName="alice", PolicyName="p")
    world.iam.delete_access_key(UserName="alice", AccessKeyId=key["AccessKeyId"])
    world.iam.delete_user(UserName="alice")
    sts = client("sts", world.user("alice"))
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    # Saving the same document again pins the new alice.
    world.iam.update_assume_role_policy(RoleName="target", PolicyDocument=trust({"AWS": USER_ARN}))
    sts.assume_role(RoleArn=arn, RoleSessionName="s0")


def test_time_conditions_are_read_at_every_call(world: World) -> None:
    key = world.user("alice")
    before = {"DateLessThan": {"aws:CurrentTime": "2031-06-01T12:00:00Z"}}
    arn = world.role("target", trust({"AWS": USER_ARN}, condition=before))
    sts = client("sts", key)
    with time_machine.travel(dt.datetime(2031, 6, 1, 11, 59, tzinfo=dt.UTC), tick=False) as traveller:
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
        traveller.shift(dt.timedelta(minutes=2))
        with aws_error("AccessDenied", 403):
            sts.assume_role(RoleArn=arn, RoleSessionName="s0")


def test_role_session_record_holds_what_it_was_issued_with(world: World) -> None:
    key = world.user("alice")
    policy_arn = world.iam.create_policy(PolicyName="read", PolicyDocument=json.dumps(_deny("s3:*")))[
        "Policy"
    ]["Arn"]
    actions = ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"]
    arn = world.role("target", trust({"AWS": USER_ARN}, actions), Path="/team/", MaxSessionDuration=7200)
    role_id = world.iam.get_role(RoleName="target")["Role"]["RoleId"]
    allow = {"Effect": "Allow", "Action": "sts:*", "Resource": "*"}
    session_policy = json.dumps({"Version": "2012-10-17", "Statement": [allow]})
    out = client("sts", key).assume_role(
        RoleArn=arn,
        RoleSessionName="s0",
        DurationSeconds=5400,
        Policy=session_policy,
        PolicyArns=[{"arn": policy_arn}],
        Tags=[{"Key": "team", "Value": "blue"}, {"Key": "cost", "Value": "c1"}],
        TransitiveTagKeys=["cost"],
        SourceIdentity="alice",
        ExternalId="ext-1",
    )
    creds = out["Credentials"]
    session = world.aws.backend.temporary[creds["AccessKeyId"]]
    assert (session.access_key_id, session.secret, session.token) == (
        creds["AccessKeyId"],
        creds["SecretAccessKey"],
        creds["SessionToken"],
    )
    assert session.account_id == ACCOUNT
    assert session.kind == "assumed_role"
    assert session.arn == f"arn:aws:sts::{ACCOUNT}:assumed-role/target/s0"
    assert session.user_id == f"{role_id}:s0"
    assert session.expiration - session.issued == dt.timedelta(seconds=5400)
    assert session.expiration.replace(microsecond=0) == creds["Expiration"]
    assert session.user_name is None
    assert (session.role_name, session.role_arn, session.role_id) == ("target", arn, role_id)
    assert session.session_name == "s0"
    assert session.mfa_authenticated is False
    assert session.session_policies == (session_policy,)
    assert session.session_policy_arns == (policy_arn,)
    assert session.tags == {"team": "blue", "cost": "c1"}
    assert session.transitive_tag_keys == ("cost",)
    assert session.source_identity == "alice"
    assert session.chained is False
    assert (session.origin, session.external_id, session.parent) == ("AssumeRole", "ext-1", None)

    plain = client("sts", key).assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
    other = world.aws.backend.temporary[plain["AccessKeyId"]]
    assert other.session_policies is None and other.session_policy_arns == ()
    assert other.tags == {} and other.transitive_tag_keys == () and other.source_identity is None
    assert (other.origin, other.external_id, other.parent) == ("AssumeRole", None, None)
    assert other.tags is not session.tags

    chained = client("sts", out["Credentials"])
    world.iam.update_assume_role_policy(RoleName="target", PolicyDocument=trust({"AWS": arn}, actions))
    third = chained.assume_role(RoleArn=arn, RoleSessionName="s2")["Credentials"]
    inherited = world.aws.backend.temporary[third["AccessKeyId"]]
    assert inherited.chained is True
    assert inherited.tags == {"cost": "c1"} and inherited.transitive_tag_keys == ("cost",)
    assert inherited.source_identity == "alice"


def test_untagged_sessions_do_not_share_their_tags(world: World) -> None:
    world.user("alice")
    sts = boto3.client("sts")
    one = sts.get_federation_token(Name="one")["Credentials"]["AccessKeyId"]
    two = sts.get_federation_token(Name="two")["Credentials"]["AccessKeyId"]
    temporary = world.aws.backend.temporary
    assert temporary[one].tags == {} and temporary[one].tags is not temporary[two].tags
    session = temporary[one]
    assert (session.origin, session.parent) == ("GetFederationToken", f"arn:aws:iam::{ACCOUNT}:root")
    assert session.external_id is None and session.service is None
