"""The Organizations API's rules and errors, black-box through boto3 (AWS Organizations API Reference:
each operation's page and "Common Errors"; quotas from the User Guide's "Quotas for AWS Organizations")."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock
from iammock.clock_control import IAMClock

from .conftest import World, administrator, deny, document, root_key

OTHER = "210987654321"


def test_outside_an_organization(iam_mock: IAMMock) -> None:
    orgs = client_for("organizations", administrator(boto3.client("iam"), "admin"))
    with aws_error(
        "AWSOrganizationsNotInUseException", 400, "Your account is not a member of an organization."
    ):
        orgs.describe_organization()
    with aws_error("AWSOrganizationsNotInUseException"):
        orgs.list_accounts()


def test_calls_are_authorized_by_iam(iam_mock: IAMMock, world: World) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="reader")
    iam.put_user_policy(
        UserName="reader",
        PolicyName="p",
        PolicyDocument=document({"Effect": "Allow", "Action": "organizations:Describe*", "Resource": "*"}),
    )
    reader = client_for("organizations", iam.create_access_key(UserName="reader")["AccessKey"])
    reader.describe_organization()
    with aws_error("AccessDeniedException") as error:
        reader.list_accounts()
    assert error["Message"] == (
        "User: arn:aws:iam::123456789012:user/reader is not authorized to perform: "
        "organizations:ListAccounts "
        "because no identity-based policy allows the organizations:ListAccounts action"
    )


def test_create_organization_needs_the_service_linked_role_permission(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="orgs-only")
    iam.put_user_policy(
        UserName="orgs-only",
        PolicyName="p",
        PolicyDocument=document({"Effect": "Allow", "Action": "organizations:*", "Resource": "*"}),
    )
    orgs = client_for("organizations", iam.create_access_key(UserName="orgs-only")["AccessKey"])
    with pytest.raises(orgs.exceptions.AccessDeniedForDependencyException) as caught:
        orgs.create_organization()
    assert caught.value.response["Reason"] == "ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE"
    with aws_error("AWSOrganizationsNotInUseException"):
        orgs.describe_organization()  # nothing was created
    orgs_admin = client_for("organizations", administrator(iam, "admin"))
    orgs_admin.create_organization()
    role = iam.get_role(RoleName="AWSServiceRoleForOrganizations")["Role"]
    assert role["Path"] == "/aws-service-role/organizations.amazonaws.com/"


def test_already_in_an_organization(world: World) -> None:
    with aws_error("AlreadyInOrganizationException"):
        world.orgs.create_organization()


def test_member_accounts_may_describe_but_not_manage(world: World) -> None:
    member = world.new_account("dev")
    member_orgs = client_for("organizations", world.member_session(member))
    assert member_orgs.describe_organization()["Organization"]["Id"] == world.org["Id"]
    with aws_error("AccessDeniedException", 400, "You don't have permissions to access this resource."):
        member_orgs.list_accounts()
    with aws_error("AccessDeniedException"):
        member_orgs.create_account(Email="x@example.com", AccountName="x")


def test_delegated_administrator_reads(world: World) -> None:
    member = world.new_account("security")
    member_orgs = client_for("organizations", world.member_session(member))
    world.orgs.enable_aws_service_access(ServicePrincipal="guardduty.amazonaws.com")
    world.orgs.register_delegated_administrator(AccountId=member, ServicePrincipal="guardduty.amazonaws.com")
    with aws_error("AccountAlreadyRegisteredException"):
        world.orgs.register_delegated_administrator(
            AccountId=member, ServicePrincipal="guardduty.amazonaws.com"
        )
    assert {a["Id"] for a in member_orgs.list_accounts()["Accounts"]} == {"123456789012", member}
    with aws_error("AccessDeniedException"):
        member_orgs.create_organizational_unit(ParentId=world.root_id, Name="x")
    admins = world.orgs.list_delegated_administrators()["DelegatedAdministrators"]
    assert [a["Id"] for a in admins] == [member]
    services = world.orgs.list_delegated_services_for_account(AccountId=member)["DelegatedServices"]
    assert [s["ServicePrincipal"] for s in services] == ["guardduty.amazonaws.com"]
    with aws_error("ConstraintViolationException") as error:
        world.orgs.remove_account_from_organization(AccountId=member)
    assert error["Code"] == "ConstraintViolationException"
    world.orgs.deregister_delegated_administrator(
        AccountId=member, ServicePrincipal="guardduty.amazonaws.com"
    )
    with aws_error("AccountNotRegisteredException"):
        world.orgs.deregister_delegated_administrator(
            AccountId=member, ServicePrincipal="guardduty.amazonaws.com"
        )
    with aws_error("AccessDeniedException"):
        member_orgs.list_accounts()


def test_constraint_violation_carries_its_reason(world: World) -> None:
    world.orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    with pytest.raises(world.orgs.exceptions.ConstraintViolationException) as caught:
        world.orgs.detach_policy(PolicyId="p-FullAWSAccess", TargetId=world.root_id)
    assert caught.value.response["Reason"] == "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"


def test_validation_is_invalid_input_with_its_reason(world: World) -> None:
    with pytest.raises(world.orgs.exceptions.InvalidInputException) as caught:
        world.orgs.create_organizational_unit(ParentId="not-a-parent", Name="x")
    assert caught.value.response["Reason"] == "INVALID_PATTERN"
    assert "at 'parentId' failed to satisfy constraint" in caught.value.response["Error"]["Message"]


def test_policy_types_attachments_and_quotas(world: World) -> None:
    orgs = world.orgs
    policy = orgs.create_policy(
        Content=deny("s3:*"), Description="d", Name="NoS3", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]
    assert policy["Arn"] == (
        f"arn:aws:organizations::123456789012:policy/{world.org['Id']}/service_control_policy/{policy['Id']}"
    )
    with aws_error(
        "PolicyTypeNotEnabledException",
        message="The specified policy type isn't currently enabled in this root. You can't attach "
        "policies of the specified type to entities in a root until you enable that type in the root.",
    ):
        orgs.attach_policy(PolicyId=policy["Id"], TargetId=world.root_id)
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    with aws_error("PolicyTypeAlreadyEnabledException"):
        orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    with aws_error("RootNotFoundException"):
        orgs.enable_policy_type(RootId="r-zzzz", PolicyType="RESOURCE_CONTROL_POLICY")
    full = orgs.list_policies_for_target(TargetId=world.root_id, Filter="SERVICE_CONTROL_POLICY")["Policies"]
    assert [(p["Name"], p["AwsManaged"]) for p in full] == [("FullAWSAccess", True)]
    assert full[0]["Arn"] == "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess"
    orgs.attach_policy(PolicyId=policy["Id"], TargetId=world.root_id)
    with aws_error("DuplicatePolicyAttachmentException"):
        orgs.attach_policy(PolicyId=policy["Id"], TargetId=world.root_id)
    with aws_error("PolicyInUseException"):
        orgs.delete_policy(PolicyId=policy["Id"])
    with aws_error("TargetNotFoundException"):
        orgs.attach_policy(PolicyId=policy["Id"], TargetId="999999999999")
    with aws_error("PolicyNotFoundException"):
        orgs.attach_policy(PolicyId="p-00000000", TargetId=world.root_id)
    targets = orgs.list_targets_for_policy(PolicyId=policy["Id"])["Targets"]
    assert targets == [
        {
            "TargetId": world.root_id,
            "Arn": f"arn:aws:organizations::123456789012:root/{world.org['Id']}/{world.root_id}",
            "Name": "Root",
            "Type": "ROOT",
        }
    ]
    for n in range(3):
        extra = orgs.create_policy(
            Content=deny(f"ec2:Action{n}"), Description="", Name=f"extra{n}", Type="SERVICE_CONTROL_POLICY"
        )["Policy"]["PolicySummary"]["Id"]
        orgs.attach_policy(PolicyId=extra, TargetId=world.root_id)
    sixth = orgs.create_policy(
        Content=deny("ec2:Other"), Description="", Name="sixth", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    with pytest.raises(orgs.exceptions.ConstraintViolationException) as caught:
        orgs.attach_policy(PolicyId=sixth, TargetId=world.root_id)
    assert caught.value.response["Reason"] == "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED"
    with aws_error("DuplicatePolicyException"):
        orgs.create_policy(Content=deny("s3:*"), Description="", Name="NoS3", Type="SERVICE_CONTROL_POLICY")
    orgs.detach_policy(PolicyId=policy["Id"], TargetId=world.root_id)
    with aws_error("PolicyNotAttachedException"):
        orgs.detach_policy(PolicyId=policy["Id"], TargetId=world.root_id)
    orgs.update_policy(PolicyId=policy["Id"], Name="NoS3Ever", Description="changed")
    assert orgs.describe_policy(PolicyId=policy["Id"])["Policy"]["PolicySummary"]["Name"] == "NoS3Ever"
    orgs.delete_policy(PolicyId=policy["Id"])
    with pytest.raises(orgs.exceptions.InvalidInputException) as caught:
        orgs.delete_policy(PolicyId="p-FullAWSAccess")
    assert caught.value.response["Reason"] == "IMMUTABLE_POLICY"
    orgs.disable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    assert orgs.list_roots()["Roots"][0]["PolicyTypes"] == []
    with aws_error("PolicyTypeNotEnabledException"):
        orgs.disable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")


def test_policy_documents_are_checked(world: World) -> None:
    orgs = world.orgs
    with aws_error("MalformedPolicyDocumentException"):
        orgs.create_policy(Content="{not json", Description="", Name="bad", Type="SERVICE_CONTROL_POLICY")
    with aws_error("MalformedPolicyDocumentException"):  # SCPs name no principal
        orgs.create_policy(
            Content=document({"Effect": "Deny", "Principal": "*", "Action": "s3:*", "Resource": "*"}),
            Description="",
            Name="bad",
            Type="SERVICE_CONTROL_POLICY",
        )
    big = document(*({"Effect": "Deny", "Action": f"s3:Action{n:04d}", "Resource": "*"} for n in range(120)))
    with pytest.raises(orgs.exceptions.ConstraintViolationException) as caught:
        orgs.create_policy(Content=big, Description="", Name="big", Type="SERVICE_CONTROL_POLICY")
    assert caught.value.response["Reason"] == "POLICY_CONTENT_LIMIT_EXCEEDED"
    tag = orgs.create_policy(
        Content=big, Description="", Name="tags", Type="TAG_POLICY"
    )  # tag policies may be 10,000 characters
    assert tag["Policy"]["PolicySummary"]["Type"] == "TAG_POLICY"


def test_rcps_deny_access_to_member_resources(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("data")
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="RESOURCE_CONTROL_POLICY")
    rcps = orgs.list_policies_for_target(TargetId=member, Filter="RESOURCE_CONTROL_POLICY")["Policies"]
    assert [p["Id"] for p in rcps] == ["p-RCPFullAWSAccess"]
    with pytest.raises(orgs.exceptions.ConstraintViolationException):
        orgs.detach_policy(PolicyId="p-RCPFullAWSAccess", TargetId=member)
    rcp = orgs.create_policy(
        Content=document(
            {"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"},
        ),
        Description="",
        Name="NoAssume",
        Type="RESOURCE_CONTROL_POLICY",
    )["Policy"]["PolicySummary"]["Id"]
    world.member_session(member)
    orgs.attach_policy(PolicyId=rcp, TargetId=member)
    with aws_error("AccessDenied", 403) as error:
        world.member_session(member)
    assert error["Message"].endswith("with an explicit deny in a resource control policy")


def test_ous_and_the_tree(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("dev")
    top = orgs.create_organizational_unit(ParentId=world.root_id, Name="Top")["OrganizationalUnit"]
    assert top["Path"] == f"{world.org['Id']}/{world.root_id}/{top['Id']}/"
    with aws_error("DuplicateOrganizationalUnitException"):
        orgs.create_organizational_unit(ParentId=world.root_id, Name="Top")
    parent = top["Id"]
    for depth in range(2, 6):
        parent = orgs.create_organizational_unit(ParentId=parent, Name=f"L{depth}")["OrganizationalUnit"][
            "Id"
        ]
    with pytest.raises(orgs.exceptions.ConstraintViolationException) as caught:
        orgs.create_organizational_unit(ParentId=parent, Name="L6")
    assert caught.value.response["Reason"] == "OU_DEPTH_LIMIT_EXCEEDED"
    orgs.move_account(AccountId=member, SourceParentId=world.root_id, DestinationParentId=top["Id"])
    with aws_error("DuplicateAccountException"):
        orgs.move_account(AccountId=member, SourceParentId=top["Id"], DestinationParentId=top["Id"])
    with aws_error("SourceParentNotFoundException"):
        orgs.move_account(AccountId=member, SourceParentId=world.root_id, DestinationParentId=top["Id"])
    with aws_error("DestinationParentNotFoundException"):
        orgs.move_account(AccountId=member, SourceParentId=top["Id"], DestinationParentId="ou-zzzz-zzzzzzzz")
    assert orgs.list_parents(ChildId=member)["Parents"] == [{"Id": top["Id"], "Type": "ORGANIZATIONAL_UNIT"}]
    assert orgs.list_parents(ChildId=top["Id"])["Parents"] == [{"Id": world.root_id, "Type": "ROOT"}]
    with aws_error(
        "ChildNotFoundException",
        message="We can't find an organizational unit (OU) or AWS account with the ChildId that you "
        "specified.",
    ):
        orgs.list_parents(ChildId="999999999999")
    children = orgs.list_children(ParentId=top["Id"], ChildType="ACCOUNT")["Children"]
    assert children == [{"Id": member, "Type": "ACCOUNT"}]
    assert [a["Id"] for a in orgs.list_accounts_for_parent(ParentId=top["Id"])["Accounts"]] == [member]
    with aws_error("OrganizationalUnitNotEmptyException"):
        orgs.delete_organizational_unit(OrganizationalUnitId=top["Id"])
    renamed = orgs.update_organizational_unit(OrganizationalUnitId=top["Id"], Name="Renamed")
    assert renamed["OrganizationalUnit"]["Name"] == "Renamed"
    assert (
        orgs.describe_organizational_unit(OrganizationalUnitId=top["Id"])["OrganizationalUnit"]
        == renamed["OrganizationalUnit"]
    )
    with aws_error("OrganizationalUnitNotFoundException"):
        orgs.describe_organizational_unit(OrganizationalUnitId="ou-zzzz-zzzzzzzz")
    with aws_error("ParentNotFoundException"):
        orgs.list_children(ParentId="ou-zzzz-zzzzzzzz", ChildType="ACCOUNT")


def test_pagination(world: World) -> None:
    orgs = world.orgs
    created = {world.new_account(f"a{n}") for n in range(24)}
    first = orgs.list_accounts()
    assert len(first["Accounts"]) == 20 and "NextToken" in first
    everything = [
        a["Id"] for page in orgs.get_paginator("list_accounts").paginate() for a in page["Accounts"]
    ]
    assert set(everything) == created | {"123456789012"} and len(everything) == 25
    small = [
        len(page["Accounts"])
        for page in orgs.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": 7})
    ]
    assert small == [7, 7, 7, 4]
    with pytest.raises(orgs.exceptions.InvalidInputException):
        orgs.list_accounts(NextToken="not base64!")


def test_invitations_and_handshakes(world: World, iam_mock: IAMMock) -> None:
    orgs = world.orgs
    shake = orgs.invite_account_to_organization(Target={"Id": OTHER, "Type": "ACCOUNT"}, Notes="join us")[
        "Handshake"
    ]
    assert re.fullmatch(r"h-[a-z0-9]{10}", shake["Id"]) and shake["State"] == "OPEN"
    # The API Reference's example of InviteAccountToOrganization: the organization's ID (with its o-) and
    # the invited party; the organization resource carries the management account's email and name.
    assert shake["Parties"] == [
        {"Id": world.org["Id"], "Type": "ORGANIZATION"},
        {"Id": OTHER, "Type": "ACCOUNT"},
    ]
    organization = shake["Resources"][0]
    assert organization["Type"] == "ORGANIZATION" and organization["Value"] == world.org["Id"]
    assert {r["Type"] for r in organization["Resources"]} == {
        "MASTER_EMAIL",
        "MASTER_NAME",
        "ORGANIZATION_FEATURE_SET",
    }
    assert shake["Resources"][1:] == [
        {"Value": OTHER, "Type": "ACCOUNT"},
        {"Value": "join us", "Type": "NOTES"},
    ]
    assert (
        shake["Arn"]
        == f"arn:aws:organizations::123456789012:handshake/{world.org['Id']}/invite/{shake['Id']}"
    )
    with aws_error("DuplicateHandshakeException"):
        orgs.invite_account_to_organization(Target={"Id": OTHER, "Type": "ACCOUNT"})
    invited = client_for("organizations", root_key(iam_mock, OTHER))
    assert [h["Id"] for h in invited.list_handshakes_for_account()["Handshakes"]] == [shake["Id"]]
    accepted = invited.accept_handshake(HandshakeId=shake["Id"])["Handshake"]
    assert accepted["State"] == "ACCEPTED"
    with aws_error("HandshakeAlreadyInStateException"):
        invited.accept_handshake(HandshakeId=shake["Id"])
    with aws_error("InvalidHandshakeTransitionException"):
        orgs.cancel_handshake(HandshakeId=shake["Id"])
    account = orgs.describe_account(AccountId=OTHER)["Account"]
    assert account["JoinedMethod"] == "INVITED"
    assert invited.describe_organization()["Organization"]["Id"] == world.org["Id"]
    with aws_error("HandshakeNotFoundException"):
        orgs.describe_handshake(HandshakeId="h-0000000000")

    # A second invitation, declined; a third, cancelled.
    invited.leave_organization()
    with aws_error("AWSOrganizationsNotInUseException"):
        invited.describe_organization()
    second = orgs.invite_account_to_organization(Target={"Id": OTHER, "Type": "ACCOUNT"})["Handshake"]
    assert invited.decline_handshake(HandshakeId=second["Id"])["Handshake"]["State"] == "DECLINED"
    third = orgs.invite_account_to_organization(Target={"Id": OTHER, "Type": "ACCOUNT"})["Handshake"]
    assert orgs.cancel_handshake(HandshakeId=third["Id"])["Handshake"]["State"] == "CANCELED"
    states = {h["Id"]: h["State"] for h in orgs.list_handshakes_for_organization()["Handshakes"]}
    assert states == {shake["Id"]: "ACCEPTED", second["Id"]: "DECLINED", third["Id"]: "CANCELED"}


def test_leaving_removing_and_deleting(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("dev")
    member_orgs = client_for("organizations", world.member_session(member))
    with aws_error("MasterCannotLeaveOrganizationException"):
        orgs.leave_organization()
    with aws_error("OrganizationNotEmptyException"):
        orgs.delete_organization()
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="SERVICE_CONTROL_POLICY")
    policy = orgs.create_policy(
        Content=deny("iam:CreateUser"), Description="", Name="NoUsers", Type="SERVICE_CONTROL_POLICY"
    )["Policy"]["PolicySummary"]["Id"]
    orgs.attach_policy(PolicyId=policy, TargetId=world.root_id)
    member_iam = client_for("iam", world.member_session(member))
    with aws_error("AccessDenied", 403):
        member_iam.create_user(UserName="u")
    orgs.remove_account_from_organization(AccountId=member)
    member_iam.create_user(UserName="u")  # out of the organization: no SCP applies
    with aws_error("AWSOrganizationsNotInUseException"):
        member_orgs.describe_organization()
    with aws_error("AccountNotFoundException"):
        orgs.describe_account(AccountId=member)
    orgs.delete_organization()
    with aws_error("AWSOrganizationsNotInUseException"):
        orgs.describe_organization()


def test_close_account(world: World) -> None:
    member = world.new_account("old")
    world.orgs.close_account(AccountId=member)
    account = world.orgs.describe_account(AccountId=member)["Account"]
    assert (account["Status"], account["State"]) == ("SUSPENDED", "CLOSED")
    with aws_error("AccountAlreadyClosedException"):
        world.orgs.close_account(AccountId=member)


def test_tags(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("dev")
    orgs.tag_resource(ResourceId=member, Tags=[{"Key": "team", "Value": "a"}, {"Key": "env", "Value": "dev"}])
    orgs.untag_resource(ResourceId=member, TagKeys=["env"])
    assert orgs.list_tags_for_resource(ResourceId=member)["Tags"] == [{"Key": "team", "Value": "a"}]
    with aws_error("TargetNotFoundException"):
        orgs.list_tags_for_resource(ResourceId="999999999999")
    unit = orgs.create_organizational_unit(
        ParentId=world.root_id, Name="T", Tags=[{"Key": "k", "Value": "v"}]
    )["OrganizationalUnit"]["Id"]
    assert orgs.list_tags_for_resource(ResourceId=unit)["Tags"] == [{"Key": "k", "Value": "v"}]


def test_service_access_and_resource_policy(world: World) -> None:
    orgs = world.orgs
    orgs.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    listed = orgs.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
    assert [s["ServicePrincipal"] for s in listed] == ["config.amazonaws.com"]
    orgs.disable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    assert orgs.list_aws_service_access_for_organization()["EnabledServicePrincipals"] == []
    with aws_error("ResourcePolicyNotFoundException"):
        orgs.describe_resource_policy()
    content = document(
        {
            "Effect": "Allow",
            "Principal": {"AWS": "arn:aws:iam::210987654321:root"},
            "Action": "organizations:Describe*",
            "Resource": "*",
        }
    )
    put = orgs.put_resource_policy(Content=content)["ResourcePolicy"]
    assert json.loads(orgs.describe_resource_policy()["ResourcePolicy"]["Content"]) == json.loads(content)
    assert put["ResourcePolicySummary"]["Id"].startswith("rp-")
    orgs.delete_resource_policy()
    with aws_error("ResourcePolicyNotFoundException"):
        orgs.delete_resource_policy()


def test_effective_policies(world: World) -> None:
    orgs = world.orgs
    member = world.new_account("dev")
    orgs.enable_policy_type(RootId=world.root_id, PolicyType="TAG_POLICY")
    with aws_error("EffectivePolicyNotFoundException"):
        orgs.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=member)
    at_root = json.dumps({"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}})
    at_account = json.dumps({"tags": {"project": {"tag_key": {"@@assign": "Project"}}}})
    for name, content, target in (("root", at_root, world.root_id), ("acct", at_account, member)):
        policy = orgs.create_policy(Content=content, Description="", Name=name, Type="TAG_POLICY")
        orgs.attach_policy(PolicyId=policy["Policy"]["PolicySummary"]["Id"], TargetId=target)
    effective = orgs.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=member)["EffectivePolicy"]
    assert json.loads(effective["PolicyContent"]) == {
        "tags": {
            "costcenter": {"tag_key": {"@@assign": "CostCenter"}},
            "project": {"tag_key": {"@@assign": "Project"}},
        }
    }
    errors = orgs.list_effective_policy_validation_errors(AccountId=member, PolicyType="TAG_POLICY")
    assert errors["EffectivePolicyValidationErrors"] == []
    assert orgs.list_accounts_with_invalid_effective_policy(PolicyType="TAG_POLICY")["Accounts"] == []


def test_consolidated_billing_and_enable_all_features(iam_mock: IAMMock) -> None:
    orgs = client_for("organizations", administrator(boto3.client("iam"), "admin"))
    org = orgs.create_organization(FeatureSet="CONSOLIDATED_BILLING")["Organization"]
    root_id = orgs.list_roots()["Roots"][0]["Id"]
    with aws_error("PolicyTypeNotAvailableForOrganizationException"):
        orgs.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")
    shake = orgs.enable_all_features()["Handshake"]
    assert shake["Action"] == "ENABLE_ALL_FEATURES"
    assert orgs.describe_organization()["Organization"]["FeatureSet"] == "ALL" != org["FeatureSet"]
    orgs.enable_policy_type(RootId=root_id, PolicyType="SERVICE_CONTROL_POLICY")


def test_responsibility_transfers(world: World) -> None:
    from datetime import UTC, datetime

    orgs = world.orgs
    if "invite_organization_to_transfer_responsibility" not in dir(orgs):
        pytest.skip("botocore predates responsibility transfers")
    shake = orgs.invite_organization_to_transfer_responsibility(
        Type="BILLING",
        Target={"Id": OTHER, "Type": "ACCOUNT"},
        StartTimestamp=datetime(2030, 1, 1, tzinfo=UTC),
        SourceName="billing",
    )["Handshake"]
    [transfer] = orgs.list_outbound_responsibility_transfers(Type="BILLING")["ResponsibilityTransfers"]
    assert transfer["ActiveHandshakeId"] == shake["Id"] and transfer["Status"] == "REQUESTED"
    described = orgs.describe_responsibility_transfer(Id=transfer["Id"])["ResponsibilityTransfer"]
    assert described["Id"] == transfer["Id"]
    assert (
        orgs.update_responsibility_transfer(Id=transfer["Id"], Name="renamed")["ResponsibilityTransfer"][
            "Name"
        ]
        == "renamed"
    )
    ended = orgs.terminate_responsibility_transfer(Id=transfer["Id"])["ResponsibilityTransfer"]
    assert ended["Status"] == "WITHDRAWN"
    assert orgs.list_inbound_responsibility_transfers(Type="BILLING")["ResponsibilityTransfers"] == []
    with aws_error("ResponsibilityTransferNotFoundException"):
        orgs.describe_responsibility_transfer(Id="rt-0000000000")


def test_gov_cloud_account(world: World) -> None:
    status = world.orgs.create_gov_cloud_account(Email="gov@example.com", AccountName="gov")[
        "CreateAccountStatus"
    ]
    done = world.orgs.describe_create_account_status(CreateAccountRequestId=status["Id"])[
        "CreateAccountStatus"
    ]
    assert re.fullmatch(r"\d{12}", done["GovCloudAccountId"])


def test_a_failed_call_changes_nothing(world: World, iam_mock: IAMMock) -> None:
    before = iam_mock.backend.snapshot()
    with aws_error("PolicyNotFoundException"):
        world.orgs.attach_policy(PolicyId="p-00000000", TargetId=world.root_id)
    assert repr(iam_mock.backend.snapshot()) == repr(before)


def test_invitations_expire_after_15_days(world: World, iam_mock: IAMMock, iam_clock: IAMClock) -> None:
    """ "The invitation expires after 15 days" (User Guide, "Inviting an AWS account to join your
    organization"): it is EXPIRED and can no longer be accepted."""
    shake = world.orgs.invite_account_to_organization(Target={"Id": OTHER, "Type": "ACCOUNT"})["Handshake"]
    assert shake["ExpirationTimestamp"] - shake["RequestedTimestamp"] == timedelta(days=15)
    iam_clock.advance(timedelta(days=15, seconds=1))
    invited = client_for("organizations", root_key(iam_mock, OTHER))
    with aws_error("InvalidHandshakeTransitionException"):
        invited.accept_handshake(HandshakeId=shake["Id"])
    assert world.orgs.describe_handshake(HandshakeId=shake["Id"])["Handshake"]["State"] == "EXPIRED"
    with aws_error("AWSOrganizationsNotInUseException"):
        invited.describe_organization()


def test_tags_on_create_need_tag_resource(world: World) -> None:
    """ "If the request includes tags, then the requester must have the organizations:TagResource
    permission" (API Reference, CreateOrganizationalUnit): nothing is created without it."""
    iam = boto3.client("iam")
    iam.create_user(UserName="no-tagging")
    iam.put_user_policy(
        UserName="no-tagging",
        PolicyName="p",
        PolicyDocument=document(
            {"Effect": "Allow", "Action": "organizations:*", "Resource": "*"},
            {"Effect": "Deny", "Action": "organizations:TagResource", "Resource": "*"},
        ),
    )
    orgs = client_for("organizations", iam.create_access_key(UserName="no-tagging")["AccessKey"])
    with aws_error("AccessDeniedException") as error:
        orgs.create_organizational_unit(ParentId=world.root_id, Name="T", Tags=[{"Key": "k", "Value": "v"}])
    assert "organizations:TagResource" in error["Message"]
    orgs.create_organizational_unit(ParentId=world.root_id, Name="T")  # the name is still free
    with pytest.raises(world.orgs.exceptions.InvalidInputException) as caught:
        world.orgs.create_policy(
            Content=deny("s3:*"),
            Description="",
            Name="x",
            Type="SERVICE_CONTROL_POLICY",
            Tags=[{"Key": "aws:reserved", "Value": "v"}],
        )
    assert caught.value.response["Reason"] == "INVALID_SYSTEM_TAGS_PARAMETER"
    listed = world.orgs.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"]
    assert [p["Name"] for p in listed] == ["FullAWSAccess"]


def test_tag_operations_are_authorized_on_the_resource_arn(world: World) -> None:
    unit = world.orgs.create_organizational_unit(ParentId=world.root_id, Name="T")["OrganizationalUnit"]
    iam = boto3.client("iam")
    iam.create_user(UserName="ou-tagger")
    iam.put_user_policy(
        UserName="ou-tagger",
        PolicyName="p",
        PolicyDocument=document(
            {
                "Effect": "Allow",
                "Action": "organizations:TagResource",
                "Resource": f"arn:aws:organizations::123456789012:ou/{world.org['Id']}/*",
            }
        ),
    )
    orgs = client_for("organizations", iam.create_access_key(UserName="ou-tagger")["AccessKey"])
    orgs.tag_resource(ResourceId=unit["Id"], Tags=[{"Key": "k", "Value": "v"}])
    with aws_error("AccessDeniedException") as error:
        orgs.tag_resource(ResourceId="123456789012", Tags=[{"Key": "k", "Value": "v"}])
    assert (
        f"on resource: arn:aws:organizations::123456789012:account/{world.org['Id']}/123456789012"
        in (error["Message"])
    )
