"""iam:PassRole wherever a request hands a role to a service: black-box through boto3 and moto.

AWS: "To pass a role (and its permissions) to an AWS service, a user must have permissions to pass the
role to the service" (IAM User Guide, "Grant a user permissions to pass a role to an AWS service",
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html); the condition key
``iam:PassedToService`` names the service principal the role goes to (IAM User Guide, "IAM and AWS STS
condition context keys"). Each case below is denied without iam:PassRole, allowed with it, and denied
when ``iam:PassedToService`` names another service.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from tests.helpers import client_for

from iammock import IAMMock, mock_iam
from iammock.services import pass_role

ACCOUNT = "123456789012"
IMAGE = "ami-12c6146b"  # one of the images moto holds


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def user(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    iam = boto3.client("iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def service_role(name: str, principal: str, path: str = "/") -> str:
    trust = doc({"Effect": "Allow", "Principal": {"Service": principal}, "Action": "sts:AssumeRole"})
    iam = boto3.client("iam")
    arn: str = iam.create_role(RoleName=name, Path=path, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    return arn


def instance_profile(name: str, role: str) -> str:
    iam = boto3.client("iam")
    arn: str = iam.create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Arn"]
    iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    return arn


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("index.py", "def handler(event, context):\n    return 1\n")
    return buffer.getvalue()


# -- the cases ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """One operation that passes a role: what the caller needs besides PassRole, and the call itself."""

    service: str
    actions: tuple[str, ...]  # the operation's own actions, always allowed to the caller
    principal: str  # iam:PassedToService
    trusted: str  # the service principal the role trusts
    call: Callable[[Any, str], Any]  # (client, role ARN) -> the request
    setup: Callable[[str], None] = lambda role: None  # as the account root, before the caller acts
    denial_code: str = "AccessDeniedException"


def _run_instances(ec2: Any, role: str) -> Any:
    instance_profile("web", role.rsplit("/", 1)[1])
    return ec2.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "web"})


def _associate_profile(ec2: Any, role: str) -> Any:
    arn = instance_profile("web", role.rsplit("/", 1)[1])
    root = boto3.client("ec2")
    instance = root.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    return ec2.associate_iam_instance_profile(IamInstanceProfile={"Arn": arn}, InstanceId=instance)


def _ecs_task_definition(ecs: Any, role: str) -> Any:
    return ecs.register_task_definition(
        family="web",
        taskRoleArn=role,
        containerDefinitions=[{"name": "app", "image": "nginx", "memory": 128}],
    )


def _ecs_setup(role: str) -> None:
    root = boto3.client("ecs")
    root.create_cluster(clusterName="main")
    _ecs_task_definition(root, role)


def _ecs_run_task(ecs: Any, role: str) -> Any:
    # The role is not in the request: ECS passes the task definition's task role.
    return ecs.run_task(cluster="main", taskDefinition="web", launchType="FARGATE")


def _state_machine(sfn: Any, role: str) -> Any:
    definition = {"StartAt": "Done", "States": {"Done": {"Type": "Succeed"}}}
    return sfn.create_state_machine(name="flow", definition=json.dumps(definition), roleArn=role)


def _stack(cloudformation: Any, role: str) -> Any:
    template = {"Resources": {"Topic": {"Type": "AWS::SNS::Topic"}}}
    return cloudformation.create_stack(StackName="app", TemplateBody=json.dumps(template), RoleARN=role)


def _glue_job(glue: Any, role: str) -> Any:
    return glue.create_job(
        Name="etl", Role=role, Command={"Name": "glueetl", "ScriptLocation": "s3://b/s.py"}
    )


def _codebuild_project(codebuild: Any, role: str) -> Any:
    return codebuild.create_project(
        name="build",
        source={"type": "S3", "location": "sources/app.zip"},
        artifacts={"type": "NO_ARTIFACTS"},
        environment={
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
        },
        serviceRole=role,
    )


def _events_setup(role: str) -> None:
    boto3.client("events").put_rule(Name="nightly", ScheduleExpression="rate(1 day)")


def _events_targets(events: Any, role: str) -> Any:
    target = f"arn:aws:states:us-east-1:{ACCOUNT}:stateMachine:flow"
    return events.put_targets(Rule="nightly", Targets=[{"Id": "1", "Arn": target, "RoleArn": role}])


def _sagemaker_model(sagemaker: Any, role: str) -> Any:
    image = f"{ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/model:latest"
    return sagemaker.create_model(ModelName="m", ExecutionRoleArn=role, PrimaryContainer={"Image": image})


CASES: dict[str, Case] = {
    "lambda.CreateFunction": Case(
        "lambda",
        ("lambda:CreateFunction",),
        "lambda.amazonaws.com",
        "lambda.amazonaws.com",
        lambda client, role: client.create_function(
            FunctionName="fn",
            Runtime="python3.12",
            Role=role,
            Handler="index.handler",
            Code={"ZipFile": zipped()},
        ),
    ),
    "ec2.RunInstances": Case(
        "ec2",
        ("ec2:RunInstances",),
        "ec2.amazonaws.com",
        "ec2.amazonaws.com",
        _run_instances,
        denial_code="UnauthorizedOperation",
    ),
    "ec2.AssociateIamInstanceProfile": Case(
        "ec2",
        ("ec2:AssociateIamInstanceProfile",),
        "ec2.amazonaws.com",
        "ec2.amazonaws.com",
        _associate_profile,
        denial_code="UnauthorizedOperation",
    ),
    "ecs.RegisterTaskDefinition": Case(
        "ecs",
        ("ecs:RegisterTaskDefinition",),
        "ecs-tasks.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        _ecs_task_definition,
    ),
    "ecs.RunTask": Case(
        "ecs",
        ("ecs:RunTask",),
        "ecs-tasks.amazonaws.com",
        "ecs-tasks.amazonaws.com",
        _ecs_run_task,
        setup=_ecs_setup,
    ),
    "stepfunctions.CreateStateMachine": Case(
        "stepfunctions",
        ("states:CreateStateMachine",),
        "states.amazonaws.com",
        "states.amazonaws.com",
        _state_machine,
    ),
    "cloudformation.CreateStack": Case(
        "cloudformation",
        ("cloudformation:CreateStack",),
        "cloudformation.amazonaws.com",
        "cloudformation.amazonaws.com",
        _stack,
        denial_code="AccessDenied",
    ),
    "glue.CreateJob": Case(
        "glue", ("glue:CreateJob",), "glue.amazonaws.com", "glue.amazonaws.com", _glue_job
    ),
    "codebuild.CreateProject": Case(
        "codebuild",
        ("codebuild:CreateProject",),
        "codebuild.amazonaws.com",
        "codebuild.amazonaws.com",
        _codebuild_project,
    ),
    "events.PutTargets": Case(
        "events",
        ("events:PutTargets",),
        "events.amazonaws.com",
        "events.amazonaws.com",
        _events_targets,
        setup=_events_setup,
    ),
    "sagemaker.CreateModel": Case(
        "sagemaker",
        ("sagemaker:CreateModel",),
        "sagemaker.amazonaws.com",
        "sagemaker.amazonaws.com",
        _sagemaker_model,
    ),
}


def _pass_role_decisions(aws: IAMMock) -> list[Any]:
    last = aws.trail.entries()[-1]
    return [d for d in last.decisions if d.request is not None and d.request.action == "iam:PassRole"]


def _attempt(case: Case, key: dict[str, Any], role: str) -> ClientError | None:
    try:
        case.call(client_for(case.service, key), role)
    except ClientError as error:
        return error
    return None


@pytest.mark.parametrize("name", list(CASES))
def test_denied_without_pass_role(aws: IAMMock, name: str) -> None:
    case = CASES[name]
    role = service_role("admin", case.trusted)
    case.setup(role)
    key = user("dev", allow(list(case.actions)))
    error = _attempt(case, key, role)
    assert error is not None, "passing a role without iam:PassRole must be denied"
    response = error.response
    assert response["Error"]["Code"] == case.denial_code
    assert response["ResponseMetadata"]["HTTPStatusCode"] == 403
    # The wording AWS uses for a missing PassRole, e.g. Lambda's AccessDeniedException: "User: … is not
    # authorized to perform: iam:PassRole on resource: … because no identity-based policy allows the
    # iam:PassRole action"; EC2 prefixes "You are not authorized to perform this operation."
    expected = (
        f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: iam:PassRole on resource: "
        f"{role} because no identity-based policy allows the iam:PassRole action"
    )
    assert expected in response["Error"]["Message"]
    (decision,) = _pass_role_decisions(aws)
    assert not decision.allowed
    assert decision.request.context["iam:PassedToService"] == case.principal


@pytest.mark.parametrize("name", list(CASES))
def test_allowed_with_pass_role_to_that_service(aws: IAMMock, name: str) -> None:
    case = CASES[name]
    role = service_role("admin", case.trusted)
    case.setup(role)
    passed_to = {"StringEquals": {"iam:PassedToService": case.principal}}
    key = user("dev", allow(list(case.actions)), allow("iam:PassRole", role, Condition=passed_to))
    # moto runs the call: it finds the role (and instance profile) iammock holds.
    assert _attempt(case, key, role) is None
    decisions = _pass_role_decisions(aws)
    assert decisions, "the trail shows the iam:PassRole decision"
    assert all(d.allowed for d in decisions)
    assert {d.request.resource for d in decisions} == {role}


@pytest.mark.parametrize("name", list(CASES))
def test_denied_when_passed_to_service_names_another(aws: IAMMock, name: str) -> None:
    case = CASES[name]
    role = service_role("admin", case.trusted)
    case.setup(role)
    other = "glue.amazonaws.com" if case.principal != "glue.amazonaws.com" else "lambda.amazonaws.com"
    passed_to = {"StringEquals": {"iam:PassedToService": other}}
    key = user("dev", allow(list(case.actions)), allow("iam:PassRole", role, Condition=passed_to))
    error = _attempt(case, key, role)
    assert error is not None
    assert error.response["Error"]["Code"] == case.denial_code
    assert "iam:PassRole" in error.response["Error"]["Message"]


# -- resolution details --------------------------------------------------------------------------------


def test_a_role_given_by_name_resolves_with_its_path(aws: IAMMock) -> None:
    # Glue's Role is "The name or Amazon Resource Name (ARN) of the IAM role" (Glue API, CreateJob).
    role = service_role("etl", "glue.amazonaws.com", path="/jobs/")
    key = user("dev", allow("glue:CreateJob"), allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/jobs/*"))
    _glue_job(client_for("glue", key), "etl")
    (decision,) = _pass_role_decisions(aws)
    assert decision.allowed and decision.request.resource == role
    other = user("ops", allow("glue:CreateJob"), allow("iam:PassRole", f"arn:aws:iam::{ACCOUNT}:role/etl"))
    with pytest.raises(ClientError) as caught:
        _glue_job(client_for("glue", other), "etl")
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"


def test_associated_resource_arn_is_the_instance(aws: IAMMock) -> None:
    # iam:AssociatedResourceArn: the EC2 instance the instance profile's role goes to (IAM API Reference,
    # AddRoleToInstanceProfile; IAM User Guide, "IAM and AWS STS condition context keys").
    role = service_role("admin", "ec2.amazonaws.com")
    root = boto3.client("ec2")
    first = root.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    second = root.run_instances(ImageId=IMAGE, MinCount=1, MaxCount=1)["Instances"][0]["InstanceId"]
    arn = instance_profile("web", "admin")
    only_first = {
        "ArnLike": {"iam:AssociatedResourceArn": f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/{first}"}
    }
    key = user(
        "dev", allow("ec2:AssociateIamInstanceProfile"), allow("iam:PassRole", role, Condition=only_first)
    )
    ec2 = client_for("ec2", key)
    with pytest.raises(ClientError) as caught:
        ec2.associate_iam_instance_profile(IamInstanceProfile={"Arn": arn}, InstanceId=second)
    assert caught.value.response["Error"]["Code"] == "UnauthorizedOperation"
    ec2.associate_iam_instance_profile(IamInstanceProfile={"Arn": arn}, InstanceId=first)
    (decision,) = _pass_role_decisions(aws)
    assert decision.allowed
    assert decision.request.context["iam:AssociatedResourceArn"].endswith(f":instance/{first}")


def test_a_launch_templates_profile_is_passed_when_instances_launch(aws: IAMMock) -> None:
    # Storing a template passes nothing; launching from it passes its profile's role ("iam:PassRole ...
    # Needed when ... a launch template that specifies an instance profile ... is provided", Amazon EC2
    # Auto Scaling User Guide, "Amazon EC2 Auto Scaling API permissions").
    role = service_role("admin", "ec2.amazonaws.com")
    instance_profile("web", "admin")
    launch = ["ec2:CreateLaunchTemplate", "ec2:RunInstances", "autoscaling:CreateAutoScalingGroup"]
    key = user("dev", allow(launch))
    data = {"ImageId": IMAGE, "IamInstanceProfile": {"Name": "web"}}
    client_for("ec2", key).create_launch_template(LaunchTemplateName="web-template", LaunchTemplateData=data)
    template = {"LaunchTemplateName": "web-template", "Version": "$Latest"}
    with pytest.raises(ClientError) as caught:
        client_for("ec2", key).run_instances(MinCount=1, MaxCount=1, LaunchTemplate=template)
    assert caught.value.response["Error"]["Code"] == "UnauthorizedOperation"
    assert f"iam:PassRole on resource: {role}" in caught.value.response["Error"]["Message"]
    with pytest.raises(ClientError) as caught:
        client_for("autoscaling", key).create_auto_scaling_group(
            AutoScalingGroupName="g",
            LaunchTemplate=template,
            MinSize=0,
            MaxSize=1,
            AvailabilityZones=["us-east-1a"],
        )
    assert caught.value.response["Error"]["Code"] == "AccessDenied"
    passed_to_ec2 = {"StringEquals": {"iam:PassedToService": "ec2.amazonaws.com"}}
    allowed = user("ops", allow(launch), allow("iam:PassRole", role, Condition=passed_to_ec2))
    client_for("ec2", allowed).run_instances(MinCount=1, MaxCount=1, LaunchTemplate=template)
    client_for("autoscaling", allowed).create_auto_scaling_group(
        AutoScalingGroupName="g",
        LaunchTemplate=template,
        MinSize=0,
        MaxSize=1,
        AvailabilityZones=["us-east-1a"],
    )
    (decision,) = _pass_role_decisions(aws)
    assert decision.allowed
    assert (
        decision.request.context["iam:AssociatedResourceArn"] == f"arn:aws:ec2:us-east-1:{ACCOUNT}:instance/*"
    )


def test_a_role_of_another_account_cannot_be_passed(aws: IAMMock) -> None:
    # "You can only use the PassRole permission to pass an IAM role to a service that shares the same AWS
    # account" (IAM User Guide, "Grant a user permissions to pass a role to an AWS service").
    foreign = "arn:aws:iam::210987654321:role/admin"
    key = user("dev", allow("lambda:CreateFunction"), allow("iam:PassRole"))
    with pytest.raises(ClientError) as caught:
        CASES["lambda.CreateFunction"].call(client_for("lambda", key), foreign)
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"
    assert "iam:PassRole" in caught.value.response["Error"]["Message"]


def test_the_root_user_passes_roles(aws: IAMMock) -> None:
    role = service_role("admin", "states.amazonaws.com")
    sfn = boto3.client("stepfunctions")
    _state_machine(sfn, role)  # the account root may do anything in its account that no SCP denies
    assert [m["name"] for m in sfn.list_state_machines()["stateMachines"]] == ["flow"]


def test_a_denied_call_changes_nothing_in_moto(aws: IAMMock) -> None:
    role = service_role("admin", "lambda.amazonaws.com")
    key = user("dev", allow("lambda:CreateFunction"))
    with pytest.raises(ClientError):
        CASES["lambda.CreateFunction"].call(client_for("lambda", key), role)
    assert boto3.client("lambda").list_functions()["Functions"] == []


def test_operations_without_a_role_ask_no_pass_role(aws: IAMMock) -> None:
    key = user("dev", allow("states:ListStateMachines"))
    client_for("stepfunctions", key).list_state_machines()
    assert _pass_role_decisions(aws) == []


def test_an_explicit_deny_on_pass_role_wins_over_the_services_allow(aws: IAMMock) -> None:
    role = service_role("admin", "lambda.amazonaws.com")
    key = user(
        "dev",
        allow(["lambda:CreateFunction", "iam:PassRole"]),
        {"Effect": "Deny", "Action": "iam:PassRole", "Resource": role},
    )
    with pytest.raises(ClientError) as caught:
        CASES["lambda.CreateFunction"].call(client_for("lambda", key), role)
    message = caught.value.response["Error"]["Message"]
    assert "with an explicit deny in an identity-based policy" in message


# -- the data-derived table ----------------------------------------------------------------------------

# (botocore service, operation) -> (parameter, iam:PassedToService) the table must find.
EXPECTED = {
    ("lambda", "CreateFunction"): ("Role", "lambda.amazonaws.com"),
    ("lambda", "UpdateFunctionConfiguration"): ("Role", "lambda.amazonaws.com"),
    ("ec2", "RunInstances"): ("IamInstanceProfile", "ec2.amazonaws.com"),
    ("ec2", "AssociateIamInstanceProfile"): ("IamInstanceProfile", "ec2.amazonaws.com"),
    ("ec2", "ReplaceIamInstanceProfileAssociation"): ("IamInstanceProfile", "ec2.amazonaws.com"),
    ("ecs", "RegisterTaskDefinition"): ("taskRoleArn", "ecs-tasks.amazonaws.com"),
    ("ecs", "RunTask"): ("taskDefinition", "ecs-tasks.amazonaws.com"),
    ("stepfunctions", "CreateStateMachine"): ("roleArn", "states.amazonaws.com"),
    ("stepfunctions", "UpdateStateMachine"): ("roleArn", "states.amazonaws.com"),
    ("cloudformation", "CreateStack"): ("RoleARN", "cloudformation.amazonaws.com"),
    ("cloudformation", "UpdateStack"): ("RoleARN", "cloudformation.amazonaws.com"),
    ("cloudformation", "CreateChangeSet"): ("RoleARN", "cloudformation.amazonaws.com"),
    ("glue", "CreateJob"): ("Role", "glue.amazonaws.com"),
    ("glue", "CreateCrawler"): ("Role", "glue.amazonaws.com"),
    ("codebuild", "CreateProject"): ("serviceRole", "codebuild.amazonaws.com"),
    ("codebuild", "UpdateProject"): ("serviceRole", "codebuild.amazonaws.com"),
    ("events", "PutTargets"): ("Targets[].RoleArn", "events.amazonaws.com"),
    ("sagemaker", "CreateModel"): ("ExecutionRoleArn", "sagemaker.amazonaws.com"),
    ("sagemaker", "CreateNotebookInstance"): ("RoleArn", "sagemaker.amazonaws.com"),
    ("sagemaker", "CreateTrainingJob"): ("RoleArn", "sagemaker.amazonaws.com"),
    ("emr", "RunJobFlow"): ("JobFlowRole", "ec2.amazonaws.com"),
    ("batch", "RegisterJobDefinition"): ("containerProperties.jobRoleArn", "ecs-tasks.amazonaws.com"),
    ("iot", "CreateTopicRule"): ("topicRulePayload.actions[].sqs.roleArn", "iot.amazonaws.com"),
    ("autoscaling", "CreateLaunchConfiguration"): ("IamInstanceProfile", "ec2.amazonaws.com"),
    ("rds", "CreateDBInstance"): ("MonitoringRoleArn", "monitoring.rds.amazonaws.com"),
    ("s3", "PutBucketReplication"): ("ReplicationConfiguration.Role", "s3.amazonaws.com"),
    ("redshift", "CreateCluster"): ("IamRoles[]", "redshift.amazonaws.com"),
    ("rolesanywhere", "CreateProfile"): ("roleArns[]", "rolesanywhere.amazonaws.com"),
}
# Operations whose inputs mention roles that AWS does not pass (overrides and the verb rule).
NOT_PASSING = [
    ("securityhub", "BatchImportFindings"),
    ("ec2", "CreateLaunchTemplate"),
    ("ec2", "CreateLaunchTemplateVersion"),
    ("lambda", "GetFunction"),
    ("iam", "CreateRole"),
    ("sts", "AssumeRole"),
    ("glue", "DeleteJob"),
    ("bedrock-runtime", "Converse"),
    ("redshift", "DisassociateDataShareConsumer"),
    ("codebuild", "CreateWebhook"),  # approverRoles: repository roles, not IAM roles
    ("quicksight", "CreateDataSet"),  # column roles (DIMENSION, MEASURE)
]


def test_the_table_derived_from_botocore_finds_every_role_parameter() -> None:
    session = botocore.session.get_session()
    for (service, operation), (parameter, principal) in EXPECTED.items():
        found = {
            (s.parameter, s.passed_to) for s in pass_role.slots(session.get_service_model(service), operation)
        }
        assert (parameter, principal) in found, (service, operation, found)
    for service, operation in NOT_PASSING:
        assert pass_role.slots(session.get_service_model(service), operation) == (), (service, operation)


def test_counts_per_service(capsys: pytest.CaptureFixture[str]) -> None:
    session = botocore.session.get_session()
    counts: Counter[str] = Counter()
    for service in ("lambda", "ec2", "ecs", "stepfunctions", "cloudformation", "glue", "codebuild"):
        model = session.get_service_model(service)
        counts[service] = sum(1 for op in model.operation_names if pass_role.slots(model, op))
    for service in ("events", "sagemaker", "emr", "batch", "iot", "rds", "scheduler"):
        model = session.get_service_model(service)
        counts[service] = sum(1 for op in model.operation_names if pass_role.slots(model, op))
    with capsys.disabled():
        print("\noperations that pass roles, per service:", dict(sorted(counts.items())))
    # Lower bounds from botocore's models at the time of writing (new operations only add to them).
    minimum = {"lambda": 3, "ec2": 9, "ecs": 8, "stepfunctions": 2, "cloudformation": 6, "glue": 10}
    minimum |= {"codebuild": 4, "events": 3, "sagemaker": 30, "emr": 3, "batch": 3, "iot": 10, "rds": 10}
    minimum |= {"scheduler": 2}
    for service, least in minimum.items():
        assert counts[service] >= least, (service, counts[service])


def test_explain_names_the_pass_role_denial(aws: IAMMock) -> None:
    role = service_role("admin", "lambda.amazonaws.com")
    key = user("dev", allow("lambda:CreateFunction"))
    with pytest.raises(ClientError) as caught:
        CASES["lambda.CreateFunction"].call(client_for("lambda", key), role)
    explained = aws.explain(caught.value)
    assert "iam:PassRole" in explained
    assert role in explained


def test_an_scp_that_denies_pass_role_applies(aws: IAMMock) -> None:
    role = service_role("admin", "states.amazonaws.com")
    aws.attach_scp(doc({"Effect": "Deny", "Action": "iam:PassRole", "Resource": "*"}))
    key = user("dev", allow(["states:CreateStateMachine", "iam:PassRole"]))
    with pytest.raises(ClientError) as caught:
        _state_machine(client_for("stepfunctions", key), role)
    assert "iam:PassRole" in caught.value.response["Error"]["Message"]
    assert "with an explicit deny in a service control policy" in caught.value.response["Error"]["Message"]
