"""GetScopedCredentials (botocore 1.44+), black-box through boto3.

Sources: STS API Reference, "GetScopedCredentials"
(https://docs.aws.amazon.com/STS/latest/APIReference/API_GetScopedCredentials.html), and IAM User Guide,
"Permissions for GetScopedCredentials" (id_credentials_temp_control-access_getscopedcredentials.html):
temporary credentials only; the same identity; the intersection of the calling session's permissions
and every scope-down policy of the chain, at most three; never longer than the calling session. Messages
the pages do not give are not asserted. The module skips where the installed botocore's STS model has no
such operation: `.ci/run` runs it again with the newest botocore.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import boto3
import botocore.session
import pytest
from freezegun import freeze_time
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, World, client, trust

from iammock import clock

pytestmark = pytest.mark.skipif(
    "GetScopedCredentials" not in botocore.session.get_session().get_service_model("sts").operation_names,
    reason=f"botocore {botocore.__version__}'s STS model has no GetScopedCredentials (added in 1.44); "
    ".ci/run runs this module with the newest botocore",
)


def _policy(*actions: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}],
        }
    )


def _role_session(world: World) -> dict[str, Any]:
    key = world.user("alice")
    world.role("app", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    sts = client("sts", key)
    creds: dict[str, Any] = sts.assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/app", RoleSessionName="s1")[
        "Credentials"
    ]
    return creds


def test_scoped_credentials_keep_the_identity_and_lose_permissions(world: World) -> None:
    creds = _role_session(world)
    answer = client("sts", creds).get_scoped_credentials(Policy=_policy("iam:ListUsers"))
    session_arn = f"arn:aws:sts::{ACCOUNT}:assumed-role/app/s1"
    assert answer["SessionInfo"]["Arn"] == session_arn
    assert answer["SessionInfo"]["ScopedSessionId"].endswith(":s1")
    assert answer["ScopedPoliciesCount"] == 1
    assert answer["SessionTokenSize"] == len(answer["Credentials"]["SessionToken"])
    assert 0 < answer["SessionTokenUtilization"] <= 100
    assert answer["Credentials"]["Expiration"] == creds["Expiration"]  # inherited when not given
    scoped = answer["Credentials"]
    assert scoped["AccessKeyId"] != creds["AccessKeyId"]
    assert client("sts", scoped).get_caller_identity()["Arn"] == session_arn
    iam = client("iam", scoped)
    iam.list_users()
    with aws_error("AccessDenied", 403) as error:
        iam.create_user(UserName="bob")
    assert "no session policy allows" in error["Message"]
    client("iam", creds).create_user(UserName="bob")  # the calling session keeps its permissions


def test_a_scope_down_policy_grants_nothing_the_session_lacks(world: World) -> None:
    key = world.user("alice")
    world.role("reader", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}), policy=_policy("iam:ListUsers"))
    creds = client("sts", key).assume_role(
        RoleArn=f"arn:aws:iam::{ACCOUNT}:role/reader", RoleSessionName="s0"
    )["Credentials"]
    # The role does not allow sts:GetScopedCredentials: the call itself is authorized like any other.
    with aws_error("AccessDenied", 403):
        client("sts", creds).get_scoped_credentials(Policy=_policy("*"))
    world.iam.put_role_policy(
        RoleName="reader", PolicyName="p", PolicyDocument=_policy("iam:ListUsers", "sts:GetScopedCredentials")
    )
    scoped = client("sts", creds).get_scoped_credentials(Policy=_policy("*"))["Credentials"]
    client("iam", scoped).list_users()
    with aws_error("AccessDenied", 403):
        client("iam", scoped).create_user(UserName="bob")


def test_layers_intersect_and_stop_at_three(world: World) -> None:
    creds = _role_session(world)
    first = client("sts", creds).get_scoped_credentials(
        Policy=_policy("iam:ListUsers", "iam:ListRoles", "sts:GetScopedCredentials")
    )
    second = client("sts", first["Credentials"]).get_scoped_credentials(
        Policy=_policy("iam:ListUsers", "iam:CreateUser", "sts:GetScopedCredentials")
    )
    assert second["ScopedPoliciesCount"] == 2
    iam = client("iam", second["Credentials"])
    iam.list_users()  # allowed by both layers
    with aws_error("AccessDenied", 403):
        iam.list_roles()  # only the first allows it
    with aws_error("AccessDenied", 403):
        iam.create_user(UserName="bob")  # only the second allows it
    third = client("sts", second["Credentials"]).get_scoped_credentials(
        Policy=_policy("iam:ListUsers", "sts:GetScopedCredentials")
    )
    assert third["ScopedPoliciesCount"] == 3
    with aws_error("AccessDenied", 403):  # a fourth scope-down policy "is denied"
        client("sts", third["Credentials"]).get_scoped_credentials(Policy=_policy("iam:ListUsers"))
    # Only a shorter duration: no new layer, so allowed.
    fourth = client("sts", third["Credentials"]).get_scoped_credentials(DurationSeconds=60)
    assert fourth["ScopedPoliciesCount"] == 3
    client("iam", fourth["Credentials"]).list_users()


def test_a_layer_without_sts_get_scoped_credentials_stops_the_chain(world: World) -> None:
    creds = _role_session(world)
    first = client("sts", creds).get_scoped_credentials(Policy=_policy("iam:ListUsers"))["Credentials"]
    with aws_error("AccessDenied", 403):
        client("sts", first).get_scoped_credentials(Policy=_policy("iam:ListUsers"))


def test_scope_applies_to_assuming_another_role(world: World) -> None:
    creds = _role_session(world)
    world.role("next", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:root"}))
    scoped = client("sts", creds).get_scoped_credentials(Policy=_policy("iam:ListUsers"))["Credentials"]
    with aws_error("AccessDenied", 403):
        client("sts", scoped).assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/next", RoleSessionName="x1")
    client("sts", creds).assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/next", RoleSessionName="x1")


def test_only_temporary_credentials(world: World) -> None:
    key = world.user("alice")
    for caller in (client("sts", key), world.sts):  # an IAM user's keys; the account root's
        with aws_error("InvalidSubjectCredentials", 400):
            caller.get_scoped_credentials(DurationSeconds=60)
    # "first call GetSessionToken to get temporary security credentials"
    token = client("sts", key).get_session_token()["Credentials"]
    scoped = client("sts", token).get_scoped_credentials(DurationSeconds=60)
    assert scoped["SessionInfo"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert client("sts", scoped["Credentials"]).get_caller_identity()["Arn"].endswith(":user/alice")


def test_duration_shortens_and_never_extends(world: World) -> None:
    creds = _role_session(world)  # one hour
    sts = client("sts", creds)
    with aws_error("InsufficientSessionLifetime", 400):
        sts.get_scoped_credentials(DurationSeconds=3601)
    short = sts.get_scoped_credentials(DurationSeconds=60)["Credentials"]
    assert short["Expiration"] < creds["Expiration"]
    with freeze_time(clock.now() + timedelta(seconds=61)), aws_error("ExpiredToken", 403):
        client("sts", short).get_caller_identity()


def test_bad_requests(world: World) -> None:
    sts = client("sts", _role_session(world))
    with aws_error("ValidationError", 400):
        sts.get_scoped_credentials()  # neither Policy nor DurationSeconds
    with aws_error("MalformedPolicyDocument", 400):
        sts.get_scoped_credentials(Policy='{"Version": "2012-10-17", "Statement": []')


def test_minimum_session_token_size(world: World) -> None:
    answer = client("sts", _role_session(world)).get_scoped_credentials(
        DurationSeconds=60, MinimumSessionTokenSize=3000
    )
    assert answer["SessionTokenSize"] >= 3000
    assert len(answer["Credentials"]["SessionToken"]) == answer["SessionTokenSize"]
    client("sts", answer["Credentials"]).get_caller_identity()


def test_scope_applies_to_other_services_run_by_moto(world: World) -> None:
    moto = pytest.importorskip("moto")
    creds = _role_session(world)
    scoped = client("sts", creds).get_scoped_credentials(Policy=_policy("s3:ListAllMyBuckets"))["Credentials"]
    with moto.mock_aws():
        # A session made after moto's import, so that moto's hook is on it.
        session = boto3.Session(
            aws_access_key_id=scoped["AccessKeyId"],
            aws_secret_access_key=scoped["SecretAccessKey"],
            aws_session_token=scoped["SessionToken"],
            region_name="us-east-1",
        )
        s3 = session.client("s3")
        s3.list_buckets()
        with aws_error("AccessDenied", 403):
            s3.create_bucket(Bucket="not-in-scope")


def test_scope_does_not_narrow_what_a_scoped_session_simulates(world: World) -> None:
    """The scope-down policies limit the session's own requests; a policy simulation decides for its
    inputs ("The simulation does not perform the API operations; it only checks the authorization", IAM
    API Reference, SimulateCustomPolicy), so the caller's layers do not apply to the simulated actions."""
    creds = _role_session(world)
    scoped = client("sts", creds).get_scoped_credentials(Policy=_policy("iam:SimulateCustomPolicy"))
    iam = client("iam", scoped["Credentials"])
    results = iam.simulate_custom_policy(
        PolicyInputList=[_policy("iam:CreateUser")], ActionNames=["iam:CreateUser", "iam:DeleteUser"]
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in results] == ["allowed", "implicitDeny"]
    with aws_error("AccessDenied", 403):
        iam.create_user(UserName="bob")  # the session's own request is narrowed
