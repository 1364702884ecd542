"""``aws.attach_scp``/``detach_scp``/``attach_rcp``/``detach_rcp``: thin helpers over the same organization
state the Organizations API builds, so that both ways meet (README, "SCPs and RCPs")."""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error

from iammock import IAMMock, organizations
from iammock.organizations import MANAGEMENT_ACCOUNT, OU_NAME

DENY_GROUPS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Deny", "Action": "iam:CreateGroup", "Resource": "*"}],
}


def _targets(org: Any, policy_id: str) -> list[str]:
    return sorted(t["TargetId"] for t in org.list_targets_for_policy(PolicyId=policy_id)["Targets"])


def test_without_an_organization_the_helpers_make_one(iam_mock: IAMMock) -> None:
    name = iam_mock.attach_scp(DENY_GROUPS, name="NoGroups")
    with aws_error("AccessDenied", 403):
        boto3.client("iam").create_group(GroupName="g")
    # The same state through the API: an organization managed by MANAGEMENT_ACCOUNT, the default account
    # in an OU named "iammock", the policy attached to it.
    org = iam_mock.session(MANAGEMENT_ACCOUNT).client("organizations")
    described = boto3.client("organizations").describe_organization()["Organization"]
    assert described["MasterAccountId"] == MANAGEMENT_ACCOUNT
    [parent] = org.list_parents(ChildId=iam_mock.account_id)["Parents"]
    assert org.describe_organizational_unit(OrganizationalUnitId=parent["Id"])["OrganizationalUnit"][
        "Name"
    ] == (OU_NAME)
    [policy] = [
        p for p in org.list_policies(Filter="SERVICE_CONTROL_POLICY")["Policies"] if p["Name"] == name
    ]
    assert _targets(org, policy["Id"]) == [iam_mock.account_id]
    # Detaching through the API is seen by the helper, and the other way round.
    org.detach_policy(PolicyId=policy["Id"], TargetId=iam_mock.account_id)
    boto3.client("iam").create_group(GroupName="g")
    assert organizations.attached(iam_mock.backend, "SCP", iam_mock.account_id)["account"] == [
        "FullAWSAccess"
    ]
    iam_mock.attach_scp(DENY_GROUPS, name="NoGroups", level="ou")
    assert _targets(org, policy["Id"]) == [parent["Id"]]
    with aws_error("AccessDenied", 403):
        boto3.client("iam").create_group(GroupName="g2")
    iam_mock.detach_scp("NoGroups", level="ou")
    boto3.client("iam").create_group(GroupName="g2")
    # The management account the helpers chose is exempt, as AWS exempts it.
    iam_mock.attach_scp(DENY_GROUPS, name="NoGroups", level="root")
    iam_mock.session(MANAGEMENT_ACCOUNT).client("iam").create_group(GroupName="g")


def test_the_helpers_use_the_organization_the_api_made(iam_mock: IAMMock) -> None:
    org = boto3.client("organizations")
    org.create_organization(FeatureSet="ALL")
    root = org.list_roots()["Roots"][0]["Id"]
    member = "222233334444"
    member_iam = iam_mock.session(member).client("iam")
    iam_mock.attach_scp(DENY_GROUPS, account_id=member, name="NoGroups")
    with aws_error("AccessDenied", 403):
        member_iam.create_group(GroupName="g")
    # The member joined the API's organization (by invitation), in an OU named "iammock".
    assert org.describe_account(AccountId=member)["Account"]["JoinedMethod"] == "INVITED"
    [parent] = org.list_parents(ChildId=member)["Parents"]
    assert parent["Type"] == "ORGANIZATIONAL_UNIT"
    attached = org.list_policies_for_target(TargetId=member, Filter="SERVICE_CONTROL_POLICY")["Policies"]
    assert sorted(p["Name"] for p in attached) == ["FullAWSAccess", "NoGroups"]
    # An SCP on the management account is accepted and has no effect, as in AWS.
    iam_mock.attach_scp(DENY_GROUPS, name="NoGroups")
    boto3.client("iam").create_group(GroupName="g")
    # An account directly under the root has no OU level.
    other = "333344445555"
    invited = org.invite_account_to_organization(Target={"Id": other, "Type": "ACCOUNT"})["Handshake"]["Id"]
    iam_mock.session(other).client("organizations").accept_handshake(HandshakeId=invited)
    assert org.list_parents(ChildId=other)["Parents"][0]["Id"] == root
    with pytest.raises(ValueError, match="no OU level"):
        iam_mock.attach_scp(DENY_GROUPS, account_id=other, level="ou")


def test_rcp_helpers(iam_mock: IAMMock) -> None:
    rcp = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole", "Resource": "*"}],
    }
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"AWS": iam_mock.account_id}, "Action": "sts:AssumeRole"}
        ],
    }
    arn = iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps(trust))["Role"]["Arn"]
    iam.create_user(UserName="u")
    iam.put_user_policy(
        UserName="u",
        PolicyName="p",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        ),
    )
    key = iam.create_access_key(UserName="u")["AccessKey"]
    sts = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    sts.assume_role(RoleArn=arn, RoleSessionName="session")
    name = iam_mock.attach_rcp(rcp, level="root")
    with aws_error("AccessDenied", 403) as error:
        sts.assume_role(RoleArn=arn, RoleSessionName="session")
    assert "resource control policy" in error["Message"]
    assert organizations.attached(iam_mock.backend, "RCP", iam_mock.account_id)["root"] == [
        "RCPFullAWSAccess",
        name,
    ]
    iam_mock.detach_rcp(name, level="root")
    sts.assume_role(RoleArn=arn, RoleSessionName="session")
