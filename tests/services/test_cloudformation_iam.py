"""Infrastructure code as the way in: a template deployed through moto's CloudFormation becomes iammock's IAM.

The template (data/app_iam.yaml) is an application's: a Lambda function with its execution role and inline
policies, an EC2 instance profile, a customer managed policy, a group using it with a user in it and
that user's access key, tied together with ``!Sub``/``!Ref``/``!GetAtt``/``!Join`` (YAML short forms).
Then iammock proves what the deployed principals may and may not do, the stack is updated
(data/app_iam_update.yaml) and deleted, and each step shows in iammock's state at once.

What each property does and what ``Ref``/``Fn::GetAtt`` return: CloudFormation User Guide, "AWS::IAM::Role",
"AWS::IAM::Policy", "AWS::IAM::ManagedPolicy", "AWS::IAM::Group", "AWS::IAM::User",
"AWS::IAM::InstanceProfile", "AWS::IAM::AccessKey" (Template reference, AWS Identity and Access Management).
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam

DATA = Path(__file__).parent / "data"
ACCOUNT = "123456789012"
TABLE = f"arn:aws:dynamodb:us-east-1:{ACCOUNT}:table/orders-table"
BUCKET = f"orders-uploads-{ACCOUNT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/orders-handler"
BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
READ_UPLOADS = f"arn:aws:iam::{ACCOUNT}:policy/orders-read-uploads"


@pytest.fixture(params=["iammock-first", "moto-first"])
def aws(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    if request.param == "iammock-first":
        with mock_iam() as mock, mock_aws():
            yield mock
    else:
        with mock_aws(), mock_iam() as mock:
            yield mock


def deploy(name: str, template: str, action: str = "create") -> dict[str, str]:
    """Create (or update) a stack from a template of data/ and return its outputs."""
    cfn = boto3.client("cloudformation")
    call = cfn.create_stack if action == "create" else cfn.update_stack
    call(StackName=name, TemplateBody=(DATA / template).read_text(), Capabilities=["CAPABILITY_NAMED_IAM"])
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    assert stack["StackStatus"] == f"{action.upper()}_COMPLETE"
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def key_client(service: str, key_id: str, secret: str) -> Any:
    return boto3.client(service, aws_access_key_id=key_id, aws_secret_access_key=secret)


def simulate(principal: str, action: str, resource: str) -> str:
    result = boto3.client("iam").simulate_principal_policy(
        PolicySourceArn=principal, ActionNames=[action], ResourceArns=[resource]
    )
    decision: str = result["EvaluationResults"][0]["EvalDecision"]
    return decision


def test_the_deployed_iam_is_iammocks(aws: IAMMock) -> None:
    out = deploy("app", "app_iam.yaml")
    iam = boto3.client("iam")

    role = iam.get_role(RoleName="orders-handler")["Role"]
    assert out["FunctionRoleArn"] == role["Arn"] == ROLE
    assert role["AssumeRolePolicyDocument"]["Version"] == "2012-10-17"  # YAML's date, sent as a string
    assert iam.list_role_policies(RoleName="orders-handler")["PolicyNames"] == ["table", "uploads"]
    attached = iam.list_attached_role_policies(RoleName="orders-handler")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [BASIC_EXECUTION]

    # The instance role has a generated name, "<stack>-<logical ID>-<suffix>", under its path.
    instance_role = out["InstanceRoleName"]
    assert instance_role.startswith("app-InstanceRole-")
    profile = iam.get_instance_profile(InstanceProfileName="orders-web")["InstanceProfile"]
    assert profile["Arn"] == out["InstanceProfileArn"]
    assert [r["Arn"] for r in profile["Roles"]] == [f"arn:aws:iam::{ACCOUNT}:role/app/{instance_role}"]

    assert (out["ReadUploadsArn"], out["ReadUploadsVersion"]) == (READ_UPLOADS, "v1")
    policy = iam.get_policy(PolicyArn=READ_UPLOADS)["Policy"]
    assert (policy["Description"], policy["AttachmentCount"]) == ("Read what was uploaded", 2)
    group = iam.get_group(GroupName="orders-operators")
    assert [u["UserName"] for u in group["Users"]] == ["orders-operator"]
    assert [
        p["PolicyArn"]
        for p in iam.list_attached_group_policies(GroupName="orders-operators")["AttachedPolicies"]
    ] == [READ_UPLOADS]
    keys = iam.list_access_keys(UserName="orders-operator")["AccessKeyMetadata"]
    assert [(k["AccessKeyId"], k["Status"]) for k in keys] == [(out["OperatorKeyId"], "Active")]

    # moto's Lambda took the role iammock holds.
    function = boto3.client("lambda").get_function(FunctionName="orders-handler")["Configuration"]
    assert function["Role"] == ROLE


def test_what_the_deployed_roles_may_do(aws: IAMMock) -> None:
    deploy("app", "app_iam.yaml")

    assert aws.authorize(ROLE, "dynamodb:PutItem", TABLE).allowed
    denied = aws.authorize(ROLE, "dynamodb:DeleteItem", TABLE)
    assert not denied.allowed and denied.outcome == "implicit_deny"
    assert aws.authorize(ROLE, "s3:PutObject", f"arn:aws:s3:::{BUCKET}/incoming/a.json").allowed
    assert not aws.authorize(ROLE, "s3:PutObject", f"arn:aws:s3:::{BUCKET}/other/a.json").allowed
    assert aws.authorize(ROLE, "logs:CreateLogGroup", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:x").allowed
    assert simulate(ROLE, "dynamodb:GetItem", TABLE) == "allowed"
    assert simulate(ROLE, "dynamodb:Scan", TABLE) == "implicitDeny"

    # Real calls, as Lambda would make them with the function's role, to what moto deployed.
    function = aws.service_session("lambda.amazonaws.com", ROLE)
    table = function.client("dynamodb")
    table.put_item(TableName="orders-table", Item={"id": {"S": "1"}})
    with aws_error("AccessDeniedException"):
        table.delete_item(TableName="orders-table", Key={"id": {"S": "1"}})
    s3 = function.client("s3")
    s3.put_object(Bucket=BUCKET, Key="incoming/a.json", Body=b"{}")
    with aws_error("AccessDenied"):
        s3.put_object(Bucket=BUCKET, Key="other/a.json", Body=b"{}")
    with aws_error("AccessDenied"):
        s3.get_object(Bucket=BUCKET, Key="incoming/a.json")  # the function may write, not read


def test_the_instance_role_and_the_group_grant_what_the_template_says(aws: IAMMock) -> None:
    out = deploy("app", "app_iam.yaml")
    boto3.client("s3").put_object(Bucket=BUCKET, Key="incoming/a.json", Body=b"{}")

    # The user's only permissions come from the group's managed policy.
    operator = f"arn:aws:iam::{ACCOUNT}:user/orders-operator"
    assert simulate(operator, "s3:GetObject", f"arn:aws:s3:::{BUCKET}/incoming/a.json") == "allowed"
    assert simulate(operator, "s3:PutObject", f"arn:aws:s3:::{BUCKET}/incoming/a.json") == "implicitDeny"
    s3 = key_client("s3", out["OperatorKeyId"], out["OperatorSecret"])
    assert s3.get_object(Bucket=BUCKET, Key="incoming/a.json")["Body"].read() == b"{}"
    with aws_error("AccessDenied"):
        s3.put_object(Bucket=BUCKET, Key="incoming/b.json", Body=b"{}")

    # A process on an instance with the profile gets the instance role's credentials.
    with aws.instance_profile("orders-web"):
        on_instance = boto3.client("s3")
        keys = [o["Key"] for o in on_instance.list_objects_v2(Bucket=BUCKET)["Contents"]]
        assert keys == ["incoming/a.json"]
        with aws_error("AccessDenied"):
            on_instance.delete_object(Bucket=BUCKET, Key="incoming/a.json")


def test_update_stack_changes_what_the_roles_may_do(aws: IAMMock) -> None:
    before = deploy("app", "app_iam.yaml")
    after = deploy("app", "app_iam_update.yaml", action="update")
    iam = boto3.client("iam")

    # The role's inline Policies (moto 5.2.5 alone leaves them as they were), description, session
    # duration and tags; AWSLambdaBasicExecutionRole, no longer in ManagedPolicyArns, is detached.
    role = iam.get_role(RoleName="orders-handler")["Role"]
    assert (role["Description"], role["MaxSessionDuration"]) == ("Reads the orders table", 7200)
    assert role["Tags"] == [{"Key": "team", "Value": "orders"}]
    assert iam.list_role_policies(RoleName="orders-handler")["PolicyNames"] == ["table-read", "uploads"]
    # The managed policy's Roles moved from the instance role to the function's role.
    attached = iam.list_attached_role_policies(RoleName="orders-handler")["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == [READ_UPLOADS]
    assert iam.list_attached_role_policies(RoleName=before["InstanceRoleName"])["AttachedPolicies"] == []
    assert aws.authorize(ROLE, "s3:GetObject", f"arn:aws:s3:::{BUCKET}/processed/a.json").allowed
    assert not aws.authorize(ROLE, "dynamodb:PutItem", TABLE).allowed
    assert aws.authorize(ROLE, "dynamodb:Query", TABLE).allowed
    assert not aws.authorize(
        ROLE, "logs:CreateLogGroup", f"arn:aws:logs:us-east-1:{ACCOUNT}:log-group:x"
    ).allowed
    # AWS::IAM::Policy's new document.
    assert aws.authorize(ROLE, "s3:PutObject", f"arn:aws:s3:::{BUCKET}/processed/a.json").allowed
    assert not aws.authorize(ROLE, "s3:PutObject", f"arn:aws:s3:::{BUCKET}/incoming/a.json").allowed

    # The instance profile now holds the function's role, not the instance role.
    profile = iam.get_instance_profile(InstanceProfileName="orders-web")["InstanceProfile"]
    assert [r["RoleName"] for r in profile["Roles"]] == ["orders-handler"]

    # The managed policy's new document is its default version v2; the group gained an inline deny.
    assert (
        iam.get_policy(PolicyArn=READ_UPLOADS)["Policy"]["DefaultVersionId"]
        == after["ReadUploadsVersion"]
        == "v2"
    )
    operator = f"arn:aws:iam::{ACCOUNT}:user/orders-operator"
    assert simulate(operator, "s3:GetObject", f"arn:aws:s3:::{BUCKET}/incoming/a.json") == "implicitDeny"
    assert simulate(operator, "s3:GetObject", f"arn:aws:s3:::{BUCKET}/processed/a.json") == "allowed"
    assert simulate(operator, "s3:DeleteObject", f"arn:aws:s3:::{BUCKET}/processed/a.json") == "explicitDeny"

    # The first key is inactive now (AccessKey Status), the added one works.
    assert after["OperatorKeyId"] == before["OperatorKeyId"]
    with aws_error("InvalidClientTokenId"):
        key_client("sts", before["OperatorKeyId"], before["OperatorSecret"]).get_caller_identity()
    auditor = key_client("sts", after["AuditorKeyId"], after["AuditorSecret"]).get_caller_identity()
    assert auditor["Arn"] == operator


def test_an_update_iam_refuses_rolls_back(aws: IAMMock) -> None:
    # The update adds a user, widens one inline policy and adds one IAM refuses ("Policy statement
    # must contain resources"). CloudFormation accepts UpdateStack, then rolls back to the previous
    # template: UPDATE_ROLLBACK_COMPLETE, and IAM as before the update.
    deploy("app", "app_iam.yaml")
    iam = boto3.client("iam")
    cfn = boto3.client("cloudformation")
    cfn.update_stack(
        StackName="app",
        TemplateBody=(DATA / "app_iam_broken_update.yaml").read_text(),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )

    assert cfn.describe_stacks(StackName="app")["Stacks"][0]["StackStatus"] == "UPDATE_ROLLBACK_COMPLETE"
    reasons = {
        e["ResourceStatus"]: e.get("ResourceStatusReason")
        for e in cfn.describe_stack_events(StackName="app")["StackEvents"]
    }
    assert "Policy statement must contain resources" in reasons["UPDATE_ROLLBACK_IN_PROGRESS"]
    assert iam.list_role_policies(RoleName="orders-handler")["PolicyNames"] == ["table", "uploads"]
    assert iam.get_role(RoleName="orders-handler")["Role"].get("Description", "") == ""
    assert not aws.authorize(ROLE, "dynamodb:DeleteItem", TABLE).allowed
    assert aws.authorize(ROLE, "dynamodb:PutItem", TABLE).allowed
    assert sorted(u["UserName"] for u in iam.list_users()["Users"]) == ["orders-operator"]

    # The stack still works: a good update and the delete go through.
    deploy("app", "app_iam_update.yaml", action="update")
    cfn.delete_stack(StackName="app")
    assert iam.list_roles()["Roles"] == []


def test_delete_stack_deletes_its_iam(aws: IAMMock) -> None:
    out = deploy("app", "app_iam.yaml")
    boto3.client("iam").create_user(UserName="not-from-the-stack")

    boto3.client("cloudformation").delete_stack(StackName="app")

    iam = boto3.client("iam")
    assert iam.list_roles()["Roles"] == []
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["not-from-the-stack"]
    assert iam.list_groups()["Groups"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []
    assert iam.list_instance_profiles()["InstanceProfiles"] == []
    with aws_error("InvalidClientTokenId"):
        key_client("sts", out["OperatorKeyId"], out["OperatorSecret"]).get_caller_identity()
    with pytest.raises(ValueError, match="no such role"):
        aws.authorize(ROLE, "dynamodb:PutItem", TABLE)
    with aws_error("ResourceNotFoundException"):
        boto3.client("lambda").get_function(FunctionName="orders-handler")


def test_moto_gets_its_own_iam_resource_types_back_when_iammock_stops() -> None:
    """iammock's resource classes stand in moto's registry only while an iammock mock runs."""
    from moto.cloudformation import parsing
    from moto.iam import models

    def registered() -> tuple[Any, Any]:
        table = parsing.get_model_map()
        return table.get("AWS::IAM::Role"), table.get("AWS::IAM::Group")

    mine = registered()
    assert mine == (models.Role, None)  # moto 5.2.5 has no AWS::IAM::Group
    with mock_aws():
        with mock_iam():
            deploy("app", "app_iam.yaml")
            role, group = registered()
            assert role is not models.Role and group is not None
        assert registered() == mine
    with mock_iam(), mock_aws():
        assert registered() != mine
    assert registered() == mine


def test_a_resource_iam_refuses_rolls_the_stack_back(aws: IAMMock) -> None:
    # IAM refuses a statement without Resource ("Policy statement must contain resources", IAM User
    # Guide, "IAM JSON policy elements: Resource"); moto alone would have stored it. CloudFormation's
    # default OnFailure=ROLLBACK deletes what the stack created and ends in ROLLBACK_COMPLETE.
    cfn = boto3.client("cloudformation")
    cfn.create_stack(StackName="broken", TemplateBody=(DATA / "broken_role.yaml").read_text())

    assert cfn.describe_stacks(StackName="broken")["Stacks"][0]["StackStatus"] == "ROLLBACK_COMPLETE"
    events = cfn.describe_stack_events(StackName="broken")["StackEvents"]
    reasons = {e["ResourceStatus"]: e.get("ResourceStatusReason") for e in events}
    assert "Policy statement must contain resources" in reasons["ROLLBACK_IN_PROGRESS"]
    assert boto3.client("iam").list_roles()["Roles"] == []
    assert boto3.client("s3").list_buckets()["Buckets"] == []


def test_moto_does_not_transform_sam_templates(aws: IAMMock) -> None:
    """moto 5.2.5's CloudFormation skips AWS::Serverless::* resources: the function's role never exists.

    When a moto release runs the SAM transform, this fails: then test SAM's Policies here and say so
    in the README's recipe.
    """
    cfn = boto3.client("cloudformation")
    with pytest.warns(UserWarning, match="AWS::Serverless::Function"):
        cfn.create_stack(
            StackName="sam",
            TemplateBody=(DATA / "sam_function.yaml").read_text(),
            Capabilities=["CAPABILITY_IAM", "CAPABILITY_AUTO_EXPAND"],
        )
    assert cfn.describe_stacks(StackName="sam")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    assert boto3.client("iam").list_roles()["Roles"] == []
    assert boto3.client("lambda").list_functions()["Functions"] == []


def update_team(**parameters: str) -> dict[str, str]:
    cfn = boto3.client("cloudformation")
    cfn.update_stack(
        StackName="team",
        TemplateBody=(DATA / "team_iam.yaml").read_text(),
        Parameters=[{"ParameterKey": k, "ParameterValue": v} for k, v in parameters.items()],
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cfn.describe_stacks(StackName="team")["Stacks"][0]
    assert stack["StackStatus"] == "UPDATE_COMPLETE"
    return {o["OutputKey"]: o["OutputValue"] for o in stack["Outputs"]}


def test_users_groups_and_their_updates(aws: IAMMock) -> None:
    out = deploy("team", "team_iam.yaml")
    iam = boto3.client("iam")
    dev = f"arn:aws:iam::{ACCOUNT}:user/team/dev"
    shared = f"arn:aws:iam::{ACCOUNT}:policy/team-shared"

    user = iam.get_user(UserName="dev")["User"]
    assert (user["Arn"], user["Tags"]) == (dev, [{"Key": "team", "Value": "core"}])
    assert user["PermissionsBoundary"]["PermissionsBoundaryArn"].startswith(
        f"arn:aws:iam::{ACCOUNT}:policy/team-Boundary-"
    )
    assert iam.get_login_profile(UserName="dev")["LoginProfile"]["PasswordResetRequired"] is True
    assert [g["GroupName"] for g in iam.list_groups_for_user(UserName="dev")["Groups"]] == [out["TeamName"]]
    assert iam.list_group_policies(GroupName=out["TeamName"])["PolicyNames"] == ["list"]
    assert iam.list_role_policies(RoleName="deployer")["PolicyNames"] == ["deploy"]
    assert iam.get_policy(PolicyArn=shared)["Policy"]["AttachmentCount"] == 2

    # The boundary caps the user's own policy: sns:Publish yes, s3:PutObject no.
    assert simulate(dev, "sns:Publish", "*") == "allowed"
    assert simulate(dev, "s3:PutObject", "arn:aws:s3:::b/k") == "implicitDeny"
    assert simulate(dev, "sqs:ReceiveMessage", "*") == "allowed"  # the shared managed policy
    deployer = key_client("sts", out["DevKeyId"], out["DevSecret"]).assume_role(
        RoleArn=out["DeployerArn"], RoleSessionName="ci"
    )
    assert deployer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deployer/ci"

    # A new document for the managed policy, six times: IAM keeps five versions, the oldest goes.
    for n in range(6):
        update_team(Action=f"sqs:Action{n}")
    versions = iam.list_policy_versions(PolicyArn=shared)["Versions"]
    assert sorted(v["VersionId"] for v in versions) == ["v3", "v4", "v5", "v6", "v7"]
    assert simulate(dev, "sqs:Action5", "*") == "allowed"
    assert simulate(dev, "sqs:ReceiveMessage", "*") == "implicitDeny"

    # A new path moves the user and the group; a new role name replaces the role, and the
    # AWS::IAM::RolePolicy that referred to it moves to the new one before the old one is deleted.
    out = update_team(Action="sqs:Action5", Path="/ops/", RoleName="deployer-v2", KeyStatus="Inactive")
    assert iam.get_user(UserName="dev")["User"]["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/ops/dev"
    assert iam.get_group(GroupName=out["TeamName"])["Group"]["Path"] == "/ops/"
    assert [r["RoleName"] for r in iam.list_roles()["Roles"]] == ["deployer-v2"]
    assert iam.list_role_policies(RoleName="deployer-v2")["PolicyNames"] == ["deploy"]
    assert out["DeployerArn"] == f"arn:aws:iam::{ACCOUNT}:role/deployer-v2"
    with aws_error("InvalidClientTokenId"):  # the key's Status
        key_client("sts", out["DevKeyId"], out["DevSecret"]).get_caller_identity()

    boto3.client("cloudformation").delete_stack(StackName="team")
    assert iam.list_users()["Users"] == iam.list_groups()["Groups"] == iam.list_roles()["Roles"] == []
    assert iam.list_policies(Scope="Local")["Policies"] == []


_FRESH = """
import sys

import boto3
from moto import mock_aws

from iammock import mock_iam

TEMPLATE = "Resources:\\n  Team:\\n    Type: AWS::IAM::Group\\n    Properties: {GroupName: team}\\n"
with mock_iam(), mock_aws():
    boto3.client("s3").list_buckets()
    print("loaded before the first stack:", "moto.cloudformation.models" in sys.modules)
    boto3.client("cloudformation").create_stack(StackName="s", TemplateBody=TEMPLATE)
    print("groups:", [g["GroupName"] for g in boto3.client("iam").list_groups()["Groups"]])
print("finders left:", [type(f).__name__ for f in sys.meta_path if "When" in type(f).__name__])
"""


def test_moto_cloudformation_is_patched_when_moto_first_loads_it() -> None:
    # A fresh interpreter, where moto has not loaded its CloudFormation yet: iammock does not load it
    # either (seconds of imports), and patches it when moto does, for the first stack.
    done = subprocess.run(
        [sys.executable, "-c", _FRESH], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == [
        "loaded before the first stack: False",
        "groups: ['team']",
        "finders left: []",
    ]


def test_generated_names_keep_within_iam_limits(aws: IAMMock) -> None:
    # CloudFormation names an unnamed role "<stack>-<logical ID>-<suffix>", cut to IAM's 64 characters
    # for role names ("IAM and AWS STS quotas", IAM User Guide); moto's generated name would be longer.
    template = """
Resources:
  ProcessingPipelineExecutionRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Principal: {Service: states.amazonaws.com}, Action: "sts:AssumeRole"}]
"""
    stack = "nightly-data-processing-pipeline-production-eu"
    boto3.client("cloudformation").create_stack(StackName=stack, TemplateBody=template)
    [role] = boto3.client("iam").list_roles()["Roles"]
    assert len(role["RoleName"]) == 64
    assert role["RoleName"].startswith(f"{stack}-Proc")


_DEPLOYER_ONLY_STACKS = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["cloudformation:*", "s3:*", "dynamodb:*"], "Resource": "*"}],
}


def _deployer(aws: IAMMock, *extra: dict[str, Any]) -> Any:
    """A user allowed CloudFormation (and the stack's S3/DynamoDB resources), plus ``extra`` statements."""
    iam = boto3.client("iam")
    iam.create_user(UserName="deployer")
    document = {**_DEPLOYER_ONLY_STACKS, "Statement": [*_DEPLOYER_ONLY_STACKS["Statement"], *extra]}
    iam.put_user_policy(UserName="deployer", PolicyName="deploy", PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName="deployer")["AccessKey"]
    return key_client("cloudformation", key["AccessKeyId"], key["SecretAccessKey"])


def test_a_stack_creates_iam_with_the_callers_permissions(aws: IAMMock) -> None:
    """CloudFormation "makes calls on your behalf using your credentials" unless the stack has a
    service role ("AWS CloudFormation service role", CloudFormation User Guide): a caller without
    iam:CreateRole cannot deploy a template that creates a role, on AWS and here."""
    cfn = _deployer(aws)
    cfn.create_stack(
        StackName="app",
        TemplateBody=(DATA / "app_iam.yaml").read_text(),
        Capabilities=["CAPABILITY_NAMED_IAM"],
    )
    stack = cfn.describe_stacks(StackName="app")["Stacks"][0]
    assert stack["StackStatus"] == "ROLLBACK_COMPLETE"
    reasons = " ".join(
        e.get("ResourceStatusReason") or "" for e in cfn.describe_stack_events(StackName="app")["StackEvents"]
    )
    assert "is not authorized to perform: iam:" in reasons
    assert boto3.client("iam").list_roles()["Roles"] == []


def test_a_stack_with_a_service_role_creates_iam_as_that_role(aws: IAMMock) -> None:
    iam = boto3.client("iam")
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "cloudformation.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = iam.create_role(RoleName="cfn-deploy", AssumeRolePolicyDocument=json.dumps(trust))["Role"]
    iam.attach_role_policy(RoleName="cfn-deploy", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    cfn = _deployer(aws, {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role["Arn"]})
    cfn.create_stack(
        StackName="app",
        TemplateBody=(DATA / "app_iam.yaml").read_text(),
        Capabilities=["CAPABILITY_NAMED_IAM"],
        RoleARN=role["Arn"],
    )
    assert cfn.describe_stacks(StackName="app")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
    created = [e for e in aws.trail.events() if e["eventName"] == "CreateRole"]
    assert created[-1]["userIdentity"]["arn"].startswith(f"arn:aws:sts::{ACCOUNT}:assumed-role/cfn-deploy/")
