"""The articles' scenario through the real API: an organization, a created account administered through
OrganizationAccountAccessRole, and an SCP on the account's OU that denies its principals an action.

AWS sources: AWS Organizations User Guide, "Accessing a member account that has a management account
access role" (the role CreateAccount makes, trusted by the management account) and "Service control
policies (SCPs)" (every level must allow; the management account and service-linked roles are exempt).
"""

from __future__ import annotations

import re

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

from .conftest import ADMIN_POLICY, World, administrator, deny, root_key


def test_create_organization_makes_the_caller_the_management_account(world: World) -> None:
    org = world.org
    assert re.fullmatch(r"o-[a-z0-9]{10}", org["Id"])
    assert org["FeatureSet"] == "ALL"
    assert org["MasterAccountId"] == "123456789012"
    assert org["Arn"] == f"arn:aws:organizations::123456789012:organization/{org['Id']}"
    assert org["MasterAccountArn"] == f"arn:aws:organizations::123456789012:account/{org['Id']}/123456789012"
    assert re.fullmatch(r"r-[a-z0-9]{4}", world.root_id)
    assert world.orgs.describe_organization()["Organization"] == org
    [account] = world.orgs.list_accounts()["Accounts"]
    assert account["Id"] == "123456789012" and account["JoinedMethod"] == "CREATED"


def test_create_account_reports_in_progress_then_succeeded(world: World) -> None:
    status = world.orgs.create_account(Email="dev@example.com", AccountName="dev")["CreateAccountStatus"]
    assert status["State"] == "IN_PROGRESS" and "AccountId" not in status
    assert re.fullmatch(r"car-[a-z0-9]{32}", status["Id"])
    done = world.orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])[
        "CreateAccountStatus"
    ]
    assert done["State"] == "SUCCEEDED" and re.fullmatch(r"\d{12}", done["AccountId"])
    listed = world.orgs.list_create_account_status(States=["SUCCEEDED"])["CreateAccountStatuses"]
    assert [s["AccountId"] for s in listed] == [done["AccountId"]]
    account = world.orgs.describe_account(AccountId=done["AccountId"])["Account"]
    assert account["Name"] == "dev" and account["Email"] == "dev@example.com"
    assert account["JoinedMethod"] == "CREATED" and account["Status"] == "ACTIVE"


def test_created_account_has_the_access_role_trusting_the_management_account(world: World) -> None:
    member = world.new_account("dev")
    credentials = world.member_session(member)
    iam = client_for("iam", credentials)
    role = iam.get_role(RoleName="OrganizationAccountAccessRole")["Role"]
    statement = role["AssumeRolePolicyDocument"]["Statement"][0]
    assert statement["Principal"] == {"AWS": "arn:aws:iam::123456789012:root"}
    attached = iam.list_attached_role_policies(RoleName="OrganizationAccountAccessRole")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [ADMIN_POLICY]
    assert client_for("sts", credentials).get_caller_identity()["Account"] == member


def test_role_name_is_chosen_by_role_name(world: World) -> None:
    status = world.orgs.create_account(Email="x@example.com", AccountName="x", RoleName="Breakglass")
    request = status["CreateAccountStatus"]["Id"]
    member = world.orgs.describe_create_account_status(CreateAccountRequestId=request)["CreateAccountStatus"]
    client_for("iam", world.member_session(member["AccountId"], "Breakglass")).list_users()


def test_scp_on_the_ou_denies_member_principals_and_not_the_management_account(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("workload")
    member_iam = client_for("iam", world.member_session(member))
    developer = administrator(member_iam, "developer")
    unit = orgs.create_organizational_unit(ParentId=world.root_id, Name="Workloads")["OrganizationalUnit"]
    assert re.fullmatch(rf"ou-{world.root_id[2:]}-[a-z0-9]{{8}}", unit["Id"])
    orgs.move_account(AccountId=member, SourceParentId=world.root_id, DestinationParentId=unit["Id"])
    root = orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")["Root"]
    assert root["PolicyTypes"] == [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}]
    policy = orgs.create_policy(
        Content=deny("iam:CreateGroup"), Description="", Name="NoGroups", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]
    assert re.fullmatch(r"p-[a-z0-9]{8}", policy["Id"])
    orgs.attach_policy(PolicyId=policy["Id"], TargetId=unit["Id"])

    developer_iam = client_for("iam", developer)
    member_root = client_for("iam", root_key(world.aws, member))
    for iam in (developer_iam, member_root):
        with aws_error("AccessDenied", 403) as error:
            iam.create_group(GroupName="blocked")
        assert error["Message"].endswith("with an explicit deny in a service control policy")
    developer_iam.list_users()  # other actions stay allowed: FullAWSAccess at every level
    world.client("iam").create_group(GroupName="management-is-exempt")

    # explain names the policy and the level that denied.
    with pytest.raises(Exception) as caught:
        developer_iam.create_group(GroupName="blocked")
    explanation = world.aws.explain(caught.value)
    assert f"NoGroups ({policy['Id']}) attached to {unit['Id']}" in explanation

    orgs.detach_policy(PolicyId=policy["Id"], TargetId=unit["Id"])
    developer_iam.create_group(GroupName="allowed-again")
    member_root.create_group(GroupName="root-allowed-again")


def test_every_level_must_allow(world: World) -> None:
    """Detaching FullAWSAccess from the OU leaves that level without an Allow: everything is denied."""
    orgs = world.orgs
    member = world.new_account("workload")
    unit = orgs.create_organizational_unit(ParentId=world.root_id, Name="Sandbox")["OrganizationalUnit"]
    orgs.move_account(AccountId=member, SourceParentId=world.root_id, DestinationParentId=unit["Id"])
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    only_iam = orgs.create_policy(
        Content='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:List*","Resource":"*"}]}',
        Description="IAM listings only",
        Name="ListOnly",
        Type="SERVICE_CONTROL_POLICY",
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=only_iam, TargetId=unit["Id"])
    orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=unit["Id"])
    member_root = root_key(world.aws, member)
    client_for("iam", member_root).list_users()
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", member_root).create_user(UserName="blocked")
    assert error["Message"].endswith("in a service control policy")  # AWS words it so (engine/decide.py)


def test_scp_at_the_root_spares_the_management_account(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("workload")
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = orgs.create_policy(
        Content=deny("iam:CreateUser"), Description="", Name="NoUsers", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy, TargetId=world.root_id)
    world.client("iam").create_user(UserName="fine")
    with aws_error("AccessDenied", 403):
        client_for("iam", world.member_session(member)).create_user(UserName="blocked")


def test_service_linked_roles_are_exempt(world: World, iam_mock: IAMMock) -> None:
    """The SCP's explicit deny is not what stops a service-linked role's session (its own policies are):
    SCPs do not affect service-linked roles."""
    orgs = world.orgs
    member = world.new_account("workload")
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = orgs.create_policy(
        Content=deny("iam:ListRoles"), Description="", Name="NoListRoles", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy, TargetId=member)
    member_iam = client_for("iam", world.member_session(member))
    role = member_iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com")["Role"]
    with aws_error("AccessDenied", 403) as error:
        member_iam.list_roles()
    assert "service control policy" in error["Message"]
    with aws_error("AccessDenied", 403) as error:
        iam_mock.service_session("autoscaling.amazonaws.com", role["Arn"]).client("iam").list_roles()
    assert "service control policy" not in error["Message"]


def test_moto_calls_of_member_accounts_are_denied_by_the_scp() -> None:
    from moto import mock_aws

    from iammock import mock_iam

    with mock_iam(), mock_aws():
        admin = administrator(boto3.client("iam"), "admin")
        orgs = client_for("organizations", admin)
        org = orgs.create_organization()["Organization"]
        root_id = orgs.list_roots()["Roots"][0]["Id"]
        status = orgs.create_account(Email="data@example.com", AccountName="data")["CreateAccountStatus"]
        member = orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])[
            "CreateAccountStatus"
        ]["AccountId"]
        assert orgs.describe_organization()["Organization"]["Id"] == org["Id"]  # iammock's, not moto's
        credentials = client_for("sts", admin).assume_role(
            RoleArn=f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", RoleSessionName="ops"
        )["Credentials"]
        s3 = client_for("s3", credentials)
        s3.create_bucket(Bucket="member-data")
        orgs.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
        policy = orgs.create_policy(
            Content=deny("s3:*"), Description="", Name="NoS3", Type="SERVICE_CONTROL_POLICY"
        )["Policy"]["PolicySummary"]["Id"]
        orgs.attach_policy(PolicyId=policy, TargetId=member)
        with aws_error("AccessDenied", 403) as error:
            s3.list_objects_v2(Bucket="member-data")
        assert "service control policy" in error["Message"]
        client_for("s3", admin).create_bucket(Bucket="management-bucket")  # the management account is exempt
        orgs.detach_policy(PolicyId=policy, TargetId=member)
        s3.list_objects_v2(Bucket="member-data")
