"""What moto's code writes into IAM lands in iammock's state through iammock's own rules.

moto's CloudFormation, Organizations and the like write through ``iam_backends[account][partition]``;
these tests call that interface the way moto's code does and read the result back through boto3 (and
the other way round), so every write meets iammock's validation, IDs, ARNs, limits, errors and trail.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from moto.iam import exceptions as moto_errors
from moto.iam.models import iam_backends
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam

ACCOUNT = "123456789012"
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)
ALLOW_SQS = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}]}


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def backend(account: str = ACCOUNT, partition: str = "aws") -> Any:
    return iam_backends[account][partition]


def iam() -> Any:
    return boto3.client("iam", region_name="us-east-1")


def new_role(name: str = "app", **extra: Any) -> Any:
    arguments: dict[str, Any] = {
        "role_name": name,
        "assume_role_policy_document": TRUST,
        "path": "/",
        "permissions_boundary": None,
        "description": "",
        "tags": [],
        "max_session_duration": "3600",
    }
    return backend().create_role(**{**arguments, **extra})


def test_a_role_created_through_moto_is_iammocks(aws: IAMMock) -> None:
    role = new_role(tags=[{"Key": "team", "Value": "a"}])
    got = iam().get_role(RoleName="app")["Role"]
    assert (role.arn, role.id, role.name) == (got["Arn"], got["RoleId"], got["RoleName"])
    assert got["RoleId"].startswith("AROA") and got["Tags"] == [{"Key": "team", "Value": "a"}]
    # On the trail as the account root's CreateRole (the service acts on the account's behalf).
    event = next(e for e in aws.trail.events() if e["eventName"] == "CreateRole")
    assert event["userIdentity"]["arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    assert event["responseElements"]["role"]["roleId"] == got["RoleId"]


def test_iammock_validation_and_errors_reach_moto_as_its_exceptions(aws: IAMMock) -> None:
    # https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html: RoleName [\w+=,.@-]+
    with pytest.raises(moto_errors.ValidationError) as invalid:
        new_role("not valid!")
    assert "failed to satisfy constraint" in str(invalid.value)
    new_role()
    with pytest.raises(moto_errors.EntityAlreadyExists):
        new_role()
    with pytest.raises(moto_errors.MalformedPolicyDocument):
        backend().put_role_policy("app", "p", "{not json")
    with pytest.raises(moto_errors.NotFoundException):
        backend().get_role_by_arn(f"arn:aws:iam::{ACCOUNT}:role/missing")
    with pytest.raises(moto_errors.NotFoundException):
        backend().delete_role("missing")
    assert [r["RoleName"] for r in iam().list_roles()["Roles"]] == ["app"]


def test_iammock_limits_apply_to_moto_writes(aws: IAMMock) -> None:
    """At most 10 managed policies per role by default
    (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html)."""
    new_role()
    for n in range(10):
        arn = backend().create_policy("", "/", ALLOW_SQS, f"p{n}", []).arn
        backend().attach_role_policy(arn, "app")
    extra = backend().create_policy("", "/", ALLOW_SQS, "p10", []).arn
    with pytest.raises(moto_errors.LimitExceededException):
        backend().attach_role_policy(extra, "app")
    assert len(iam().list_attached_role_policies(RoleName="app")["AttachedPolicies"]) == 10


def test_updates_and_deletes_on_either_side_are_seen_at_once(aws: IAMMock) -> None:
    role = new_role()
    held = backend().get_role_by_arn(role.arn)  # a view moto may keep (EC2 keeps its profiles)
    document = json.dumps(ALLOW_SQS | {"Statement": [{**ALLOW_SQS["Statement"][0], "Action": "sqs:Send*"}]})
    iam().put_role_policy(RoleName="app", PolicyName="inline", PolicyDocument=document)
    iam().update_role(RoleName="app", Description="changed in iammock")
    assert held.policies == {"inline": document}
    assert held.description == "changed in iammock"
    backend().delete_role_policy("app", "inline")
    assert iam().list_role_policies(RoleName="app")["PolicyNames"] == []
    backend().delete_role("app")
    with aws_error("NoSuchEntity", 404):
        iam().get_role(RoleName="app")
    assert role.id not in backend().roles


def test_managed_policies_versions_users_keys_groups_and_profiles(aws: IAMMock) -> None:
    policy = backend().create_policy("d", "/team/", ALLOW_SQS, "queues", [{"Key": "k", "Value": "v"}])
    assert policy.arn == f"arn:aws:iam::{ACCOUNT}:policy/team/queues"
    version = backend().create_policy_version(policy.arn, json.dumps(ALLOW_SQS), "true")
    assert version.version_id == "v2" and version.is_default
    assert iam().get_policy(PolicyArn=policy.arn)["Policy"]["DefaultVersionId"] == "v2"
    backend().delete_policy_version(policy.arn, "v1")

    user = backend().create_user(region_name="us-east-1", user_name="deployer", path="/")
    key = backend().create_access_key("deployer")
    caller = boto3.client(
        "sts", aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret_access_key
    ).get_caller_identity()
    assert caller["Arn"] == user.arn
    backend().create_group("ops", "/")
    backend().add_user_to_group("ops", "deployer")
    backend().attach_group_policy(policy.arn, "ops")
    assert [g.name for g in backend().get_groups_for_user("deployer")] == ["ops"]
    assert aws.authorize(user.arn, "sqs:SendMessage", "*").allowed

    new_role("web")
    profile = backend().create_instance_profile("web", "/", ["web"])
    assert [r.name for r in profile.roles] == ["web"]
    assert (
        iam().get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"][0]["RoleName"]
        == "web"
    )
    backend().delete_instance_profile("web", ignore_attached_roles=True)
    assert iam().list_instance_profiles()["InstanceProfiles"] == []

    backend().delete_access_key_by_name(key.access_key_id)
    backend().remove_user_from_group("ops", "deployer")
    backend().detach_group_policy(policy.arn, "ops")
    backend().delete_group("ops")
    backend().delete_user("deployer")
    backend().delete_policy(policy.arn)
    assert iam().list_users()["Users"] == [] and iam().list_policies(Scope="Local")["Policies"] == []


def test_cloudformation_inline_policies_put_documents_on_their_principals(aws: IAMMock) -> None:
    """moto's ``AWS::IAM::Policy`` resource: the document goes on each named role, and comes off."""
    new_role()
    backend().create_inline_policy("Pol", "extra", ALLOW_SQS, None, ["app"], None)
    assert iam().list_role_policies(RoleName="app")["PolicyNames"] == ["extra"]
    backend().update_inline_policy("Pol", "renamed", ALLOW_SQS, None, ["app"], None)
    assert iam().list_role_policies(RoleName="app")["PolicyNames"] == ["renamed"]
    backend().delete_inline_policy("Pol")
    assert iam().list_role_policies(RoleName="app")["PolicyNames"] == []


def test_accounts_live_in_one_partition(aws: IAMMock) -> None:
    """The default account is in aws: moto's IAM of the same account ID in aws-cn holds nothing, and a
    write there is refused as a key of another partition is."""
    new_role()
    assert list(backend(partition="aws-cn").roles) == []
    with pytest.raises(moto_errors.IAMException):
        backend(partition="aws-cn").create_role("cn", TRUST, "/", None, "", [], None)


def test_an_unprovided_member_fails_loudly(aws: IAMMock) -> None:
    with pytest.raises(AttributeError, match=r"does not provide IAMBackend\.create_saml_provider"):
        backend().create_saml_provider  # noqa: B018


def test_moto_writes_run_as_the_account_root_so_scps_still_apply(aws: IAMMock) -> None:
    """SCPs bind the account root too (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html)."""
    aws.attach_scp(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Deny", "Action": "iam:CreateRole", "Resource": "*"}],
        }
    )
    with pytest.raises(moto_errors.IAMException) as excinfo:
        new_role()
    assert excinfo.value.code == "AccessDenied"
    assert "with an explicit deny in a service control policy" in str(excinfo.value)
    assert iam().list_roles()["Roles"] == []
    backend().create_user(region_name="us-east-1", user_name="allowed")  # not denied: created
    assert [u["UserName"] for u in iam().list_users()["Users"]] == ["allowed"]
