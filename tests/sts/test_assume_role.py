"""AssumeRole through boto3: trust, chaining, durations, MFA, session policies and tags, source identity."""

from __future__ import annotations

import json
import random
import string
from typing import Any

import boto3
import botocore.session
import pytest
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, ALLOW_ALL, World, client, trust

from iammock.backend import registry
from iammock.testing import totp

USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/alice"


def test_every_sts_operation_of_the_model_has_a_handler() -> None:
    model = botocore.session.get_session().get_service_model("sts")
    missing = set(model.operation_names) - registry.implemented("sts")
    assert not missing, f"STS operations without a handler: {sorted(missing)}"


def _alice(
    world: World, actions: Any = "sts:AssumeRole", condition: dict[str, Any] | None = None, **role_kw: Any
) -> tuple[Any, str]:
    key = world.user("alice")
    arn = world.role("target", trust({"AWS": USER_ARN}, actions, condition), **role_kw)
    return client("sts", key), arn


def test_assume_role_answer_and_caller_identity(world: World) -> None:
    sts, _ = _alice(world, Path="/team/")
    role_arn = f"arn:aws:iam::{ACCOUNT}:role/team/target"
    out = sts.assume_role(RoleArn=role_arn, RoleSessionName="app1")
    role_id = world.iam.get_role(RoleName="target")["Role"]["RoleId"]
    assert out["AssumedRoleUser"] == {
        "AssumedRoleId": f"{role_id}:app1",
        "Arn": f"arn:aws:sts::{ACCOUNT}:assumed-role/target/app1",  # path dropped
    }
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40
    assert "PackedPolicySize" not in out
    me = client("sts", creds).get_caller_identity()
    assert me["Arn"] == out["AssumedRoleUser"]["Arn"]
    assert me["UserId"] == f"{role_id}:app1"
    assert me["Account"] == ACCOUNT
    assert world.iam.get_role(RoleName="target")["Role"]["RoleLastUsed"]["Region"] == "us-east-1"


def test_caller_identity_of_root_and_user(world: World) -> None:
    assert world.sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert world.sts.get_caller_identity()["UserId"] == ACCOUNT
    key = world.user(
        "alice",
        policy=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*"}]}
        ),
    )
    me = client("sts", key).get_caller_identity()  # even an explicit Deny does not stop it
    assert me["Arn"] == USER_ARN and me["UserId"].startswith("AIDA")


def test_root_cannot_assume_roles(world: World) -> None:
    arn = world.role("r", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    with aws_error("AccessDenied", 403, "Roles may not be assumed by root accounts."):
        world.sts.assume_role(RoleArn=arn, RoleSessionName="s0")


def test_missing_role_is_denied_like_a_trust_failure(world: World) -> None:
    sts, _arn = _alice(world)
    world.iam.create_role(RoleName="other", AssumeRolePolicyDocument=trust({"Service": "ec2.amazonaws.com"}))
    with aws_error("AccessDenied", 403) as refused:
        sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/other", RoleSessionName="s0")
    with aws_error("AccessDenied", 403) as missing:
        sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/nothing", RoleSessionName="s0")
    assert missing["Message"] == refused["Message"].replace("role/other", "role/nothing")
    assert missing["Message"].startswith(f"User: {USER_ARN} is not authorized to perform: sts:AssumeRole")


def test_account_trust_needs_the_callers_identity_policy(world: World) -> None:
    key = world.user("bob", policy=None)
    arn = world.role("r", trust({"AWS": ACCOUNT}))
    sts = client("sts", key)
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    world.iam.put_user_policy(
        UserName="bob",
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}],
            }
        ),
    )
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s0")["AssumedRoleUser"]


def test_external_id_condition(world: World) -> None:
    sts, arn = _alice(world, condition={"StringEquals": {"sts:ExternalId": "secret-42"}})
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", ExternalId="wrong-1")
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s0", ExternalId="secret-42")


def test_role_session_name_condition_and_rules(world: World) -> None:
    sts, arn = _alice(world, condition={"StringLike": {"sts:RoleSessionName": "${aws:username}"}})
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="someone")
    assert sts.assume_role(RoleArn=arn, RoleSessionName="alice")
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="has space")
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="x0" * 65)


def test_duration_limits(world: World) -> None:
    sts, arn = _alice(world, MaxSessionDuration=7200)
    out = sts.assume_role(RoleArn=arn, RoleSessionName="s0", DurationSeconds=7200)
    issued = out["Credentials"]["Expiration"]
    assert issued
    with aws_error(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    ):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", DurationSeconds=7201)


def test_role_chaining_is_capped_at_one_hour(world: World) -> None:
    key = world.user("alice")
    first = world.role("first", trust({"AWS": USER_ARN}), MaxSessionDuration=43200)
    second = world.role("second", trust({"AWS": first}), MaxSessionDuration=43200)
    session = client("sts", key).assume_role(RoleArn=first, RoleSessionName="one")["Credentials"]
    chained = client("sts", session)
    with aws_error(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.",
    ):
        chained.assume_role(RoleArn=second, RoleSessionName="two", DurationSeconds=3601)
    out = chained.assume_role(RoleArn=second, RoleSessionName="two", DurationSeconds=3600)
    assert out["AssumedRoleUser"]["Arn"].endswith("assumed-role/second/two")


def test_cross_account_assume_needs_both_sides(world: World) -> None:
    other = world.aws.session("222233334444")
    other_iam = other.client("iam")
    arn = world.role("shared", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), iam=other_iam)
    key = world.user("alice", policy=None)
    sts = client("sts", key)
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="x0")
    world.iam.put_user_policy(
        UserName="alice",
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": arn}],
            }
        ),
    )
    out = sts.assume_role(RoleArn=arn, RoleSessionName="x0")
    assert out["AssumedRoleUser"]["Arn"] == "arn:aws:sts::222233334444:assumed-role/shared/x0"
    assert client("sts", out["Credentials"]).get_caller_identity()["Account"] == "222233334444"
    # The new session acts in the other account, as its role.
    client("iam", out["Credentials"]).get_role(RoleName="shared")


def _mfa(world: World, user: str) -> tuple[str, str]:
    device = world.iam.create_virtual_mfa_device(VirtualMFADeviceName=user)["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    seed = seed.decode() if isinstance(seed, bytes) else seed
    first, second = totp.consecutive_codes(seed)
    world.iam.enable_mfa_device(
        UserName=user,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=first,
        AuthenticationCode2=second,
    )
    return device["SerialNumber"], seed


def test_mfa_required_by_trust(world: World) -> None:
    from iammock import clock

    sts, arn = _alice(world, condition={"Bool": {"aws:MultiFactorAuthPresent": "true"}})
    serial, seed = _mfa(world, "alice")
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")
    with aws_error(
        "AccessDenied", 403, "MultiFactorAuthentication failed with invalid MFA one time pass code."
    ):
        sts.assume_role(
            RoleArn=arn,
            RoleSessionName="s0",
            SerialNumber=serial,
            TokenCode="000000" if totp.totp(seed, clock.now()) != "000000" else "111111",
        )
    code = totp.totp(seed, clock.now())
    out = sts.assume_role(RoleArn=arn, RoleSessionName="s0", SerialNumber=serial, TokenCode=code)
    # The session carries MFA: a policy needing it is satisfied.
    world.iam.put_role_policy(
        RoleName="target",
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "iam:*",
                        "Resource": "*",
                        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                    }
                ],
            }
        ),
    )
    client("iam", out["Credentials"]).list_roles()


def test_session_policy_limits_permissions(world: World) -> None:
    sts, arn = _alice(world)
    only_get = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:GetRole", "Resource": "*"}],
        }
    )
    out = sts.assume_role(RoleArn=arn, RoleSessionName="s0", Policy=only_get)
    assert 0 < out["PackedPolicySize"] <= 100
    iam = client("iam", out["Credentials"])
    iam.get_role(RoleName="target")
    with aws_error("AccessDenied", 403) as denied:
        iam.list_roles()
    assert "session policy" in denied["Message"]


def test_session_policy_arns(world: World) -> None:
    sts, arn = _alice(world)
    out = sts.assume_role(
        RoleArn=arn, RoleSessionName="s0", PolicyArns=[{"arn": "arn:aws:iam::aws:policy/IAMReadOnlyAccess"}]
    )
    iam = client("iam", out["Credentials"])
    iam.list_roles()
    with aws_error("AccessDenied", 403):
        iam.create_user(UserName="nope")
    with aws_error("InvalidParameterValue", 400):
        sts.assume_role(
            RoleArn=arn,
            RoleSessionName="s0",
            PolicyArns=[{"arn": f"arn:aws:iam::{ACCOUNT}:policy/does-not-exist"}],
        )


def test_malformed_and_oversized_session_policies(world: World) -> None:
    sts, arn = _alice(world, ["sts:AssumeRole", "sts:TagSession"])
    with aws_error("MalformedPolicyDocument", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", Policy="{not json")
    with aws_error("MalformedPolicyDocument", 400):
        sts.assume_role(
            RoleArn=arn,
            RoleSessionName="s0",
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*", "Principal": "*"}],
                }
            ),
        )
    with aws_error("ValidationError", 400):
        sts.assume_role(
            RoleArn=arn,
            RoleSessionName="s0",
            Policy=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [
                        {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::" + "b" * 2100}
                    ],
                }
            ),
        )
    rng = random.Random(1)
    tags = [
        {
            "Key": "".join(rng.choices(string.ascii_lowercase, k=100)),
            "Value": "".join(rng.choices(string.ascii_uppercase + string.digits, k=250)),
        }
        for _ in range(20)
    ]
    before = world.aws.backend.snapshot()
    with aws_error("PackedPolicyTooLarge", 400) as error:
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", Tags=tags)
    assert error["Message"].startswith("Packed size of session tags consumes ")
    assert error["Message"].endswith("% of allotted space.")
    noise = "".join(rng.choices(string.ascii_lowercase + string.digits, k=1900))
    policy = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": f"arn:aws:s3:::{noise}"}],
        }
    )
    with aws_error("PackedPolicyTooLarge", 400) as error:
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", Tags=tags[:3], Policy=policy)
    assert error["Message"].startswith("Packed policy consumes ")
    assert set(world.aws.backend.snapshot()["temporary"]) == set(before["temporary"])


def test_session_tags_need_tag_session_and_show_as_principal_tags(world: World) -> None:
    key = world.user("alice")
    only_assume = world.role("plain", trust({"AWS": USER_ARN}))
    sts = client("sts", key)
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=only_assume, RoleSessionName="s0", Tags=[{"Key": "team", "Value": "blue"}])
    arn = world.role(
        "tagged",
        trust({"AWS": USER_ARN}, ["sts:AssumeRole", "sts:TagSession"]),
        Tags=[{"Key": "Team", "Value": "role-value"}],
        policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "iam:ListRoles",
                        "Resource": "*",
                        "Condition": {"StringEquals": {"aws:PrincipalTag/team": "blue"}},
                    }
                ],
            }
        ),
    )
    plain = client("iam", sts.assume_role(RoleArn=arn, RoleSessionName="s0")["Credentials"])
    with aws_error("AccessDenied", 403):
        plain.list_roles()  # the role's own tag says role-value
    out = sts.assume_role(RoleArn=arn, RoleSessionName="s0", Tags=[{"Key": "team", "Value": "blue"}])
    assert out["PackedPolicySize"] >= 1
    client("iam", out["Credentials"]).list_roles()  # session tag overrides the role tag, whatever the case
    with aws_error("ValidationError", 400):
        sts.assume_role(
            RoleArn=arn, RoleSessionName="s0", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]
        )
    with aws_error("ValidationError", 400):
        sts.assume_role(
            RoleArn=arn, RoleSessionName="s0", Tags=[{"Key": "a", "Value": "1"}, {"Key": "A", "Value": "2"}]
        )


def test_request_tag_conditions_in_trust(world: World) -> None:
    sts, arn = _alice(
        world,
        ["sts:AssumeRole", "sts:TagSession"],
        condition={"StringEquals": {"aws:RequestTag/project": "x"}},
    )
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", Tags=[{"Key": "project", "Value": "y"}])
    assert sts.assume_role(RoleArn=arn, RoleSessionName="s0", Tags=[{"Key": "project", "Value": "x"}])


def test_transitive_tags_pass_down_the_chain(world: World) -> None:
    key = world.user("alice")
    actions = ["sts:AssumeRole", "sts:TagSession"]
    first = world.role("first", trust({"AWS": USER_ARN}, actions))
    check = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": "iam:ListRoles",
                    "Resource": "*",
                    "Condition": {"StringEquals": {"aws:PrincipalTag/cost": "c1"}},
                }
            ],
        }
    )
    second = world.role("second", trust({"AWS": first}, actions), policy=check)
    s1 = client("sts", key).assume_role(
        RoleArn=first,
        RoleSessionName="one",
        Tags=[{"Key": "cost", "Value": "c1"}, {"Key": "temp", "Value": "t"}],
        TransitiveTagKeys=["cost"],
    )["Credentials"]
    chained = client("sts", s1)
    s2 = chained.assume_role(RoleArn=second, RoleSessionName="two")["Credentials"]
    client("iam", s2).list_roles()  # inherited transitive tag
    with aws_error("AccessDenied", 403):
        chained.assume_role(RoleArn=second, RoleSessionName="two", Tags=[{"Key": "Cost", "Value": "c2"}])
    with aws_error("ValidationError", 400):
        client("sts", key).assume_role(
            RoleArn=first,
            RoleSessionName="one",
            Tags=[{"Key": "a", "Value": "b"}],
            TransitiveTagKeys=["not-a-tag"],
        )


def test_source_identity(world: World) -> None:
    key = world.user("alice")
    first = world.role("first", trust({"AWS": USER_ARN}, ["sts:AssumeRole", "sts:SetSourceIdentity"]))
    second = world.role("second", trust({"AWS": first}, ["sts:AssumeRole", "sts:SetSourceIdentity"]))
    no_set = world.role("noset", trust({"AWS": first}))
    sts = client("sts", key)
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=first, RoleSessionName="s0", SourceIdentity="aws:me")
    blocked = world.role("blocked", trust({"AWS": USER_ARN}))
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=blocked, RoleSessionName="s0", SourceIdentity="alice")
    out = sts.assume_role(RoleArn=first, RoleSessionName="s0", SourceIdentity="alice")
    assert out["SourceIdentity"] == "alice"
    chained = client("sts", out["Credentials"])
    again = chained.assume_role(RoleArn=second, RoleSessionName="t0")
    assert again["SourceIdentity"] == "alice"  # fixed through chaining
    with aws_error("ValidationError", 400):
        chained.assume_role(RoleArn=second, RoleSessionName="t0", SourceIdentity="mallory")
    with aws_error("AccessDenied", 403):
        chained.assume_role(RoleArn=no_set, RoleSessionName="t0")


def test_deleted_role_session_loses_permissions(world: World) -> None:
    sts, arn = _alice(world)
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="s0")["Credentials"]
    world.iam.delete_role_policy(RoleName="target", PolicyName="p")
    world.iam.delete_role(RoleName="target")
    with aws_error("AccessDenied", 403):
        client("iam", creds).list_users()


def test_failed_assume_role_changes_nothing(world: World) -> None:
    sts, arn = _alice(world)
    before = world.aws.backend.snapshot()
    with aws_error("ValidationError"):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", DurationSeconds=4000)
    with aws_error("MalformedPolicyDocument"):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0", Policy="[]")
    after = world.aws.backend.snapshot()
    assert set(after["temporary"]) == set(before["temporary"])


@pytest.mark.parametrize("arn", ["not-an-arn-at-all-xx", "arn:aws:iam::123456789012:user/alice"])
def test_role_arn_must_be_a_role_arn(world: World, arn: str) -> None:
    sts, _ = _alice(world)
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="s0")


def test_default_boto3_session_of_a_role(world: World) -> None:
    sts, arn = _alice(world)
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="s0")["Credentials"]
    session = boto3.Session(
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds["SessionToken"],
    )
    assert session.client("sts").get_caller_identity()["Arn"].endswith(":assumed-role/target/s0")


def test_allow_all_policy_constant_is_valid() -> None:
    assert json.loads(ALLOW_ALL)["Statement"][0]["Effect"] == "Allow"
