"""Services mapped from the Service Authorization Reference (no hand-written module), black-box through
boto3 with moto: a policy scoped to one resource, written with the ARN format of the reference's
"Resource types defined by ..." table, allows that resource and denies another of the same type."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam

ACCOUNT = "123456789012"
REGION = "us-east-1"


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def as_user(name: str, action: str, resource: str, *extra: dict[str, Any]) -> boto3.Session:
    iam = boto3.client("iam")
    iam.create_user(UserName=name)
    policy = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": action, "Resource": resource}, *extra],
    }
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(policy))
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return boto3.Session(
        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"], region_name=REGION
    )


def denied(action: str, resource: str) -> str:
    return (
        f"User: arn:aws:iam::{ACCOUNT}:user/dev is not authorized to perform: {action} on resource: "
        f"{resource} because no identity-based policy allows the {action} action"
    )


def test_ecs_cluster(aws: IAMMock) -> None:
    """ "Resource types defined by Amazon Elastic Container Service": cluster/${ClusterName}; ECS's
    ``cluster`` parameter takes a name or an ARN."""
    for name in ("dev", "prod"):
        boto3.client("ecs", region_name=REGION).create_cluster(clusterName=name)
    dev = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/dev"
    ecs = as_user("dev", "ecs:ListContainerInstances", dev).client("ecs")
    ecs.list_container_instances(cluster="dev")
    ecs.list_container_instances(cluster=dev)
    prod = f"arn:aws:ecs:{REGION}:{ACCOUNT}:cluster/prod"
    with aws_error("AccessDeniedException", 403, denied("ecs:ListContainerInstances", prod)):
        ecs.list_container_instances(cluster="prod")


def test_sagemaker_model(aws: IAMMock) -> None:
    """ "Resource types defined by Amazon SageMaker AI": model/${ModelName}."""
    sm = as_user("dev", "sagemaker:DescribeModel", f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/team-*")
    client = sm.client("sagemaker")
    with aws_error("ValidationException"):  # allowed: moto answers that there is no such model
        client.describe_model(ModelName="team-a")
    other = f"arn:aws:sagemaker:{REGION}:{ACCOUNT}:model/other"
    with aws_error("AccessDeniedException", 403, denied("sagemaker:DescribeModel", other)):
        client.describe_model(ModelName="other")


def test_firehose_delivery_stream(aws: IAMMock) -> None:
    """ "Resource types defined by Amazon Data Firehose": deliverystream/${DeliveryStreamName}."""
    stream = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/clicks"
    firehose = as_user("dev", "firehose:DescribeDeliveryStream", stream).client("firehose")
    with aws_error("ResourceNotFoundException"):
        firehose.describe_delivery_stream(DeliveryStreamName="clicks")
    other = f"arn:aws:firehose:{REGION}:{ACCOUNT}:deliverystream/orders"
    with aws_error("AccessDeniedException", 403, denied("firehose:DescribeDeliveryStream", other)):
        firehose.describe_delivery_stream(DeliveryStreamName="orders")


def test_codebuild_project(aws: IAMMock) -> None:
    """ "Resource types defined by AWS CodeBuild": project/${ProjectName}; CreateProject's ``name``."""
    project = f"arn:aws:codebuild:{REGION}:{ACCOUNT}:project/app"
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"Service": "codebuild.amazonaws.com"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
    role = boto3.client("iam").create_role(RoleName="build", AssumeRolePolicyDocument=json.dumps(trust))
    # Handing CodeBuild its service role also needs iam:PassRole on it.
    pass_role = {"Effect": "Allow", "Action": "iam:PassRole", "Resource": role["Role"]["Arn"]}
    codebuild = as_user("dev", "codebuild:CreateProject", project, pass_role).client("codebuild")
    spec = {
        "source": {"type": "S3", "location": "bucket/source.zip"},
        "artifacts": {"type": "NO_ARTIFACTS"},
        "environment": {
            "type": "LINUX_CONTAINER",
            "image": "aws/codebuild/standard:7.0",
            "computeType": "BUILD_GENERAL1_SMALL",
        },
        "serviceRole": f"arn:aws:iam::{ACCOUNT}:role/build",
    }
    codebuild.create_project(name="app", **spec)
    other = f"arn:aws:codebuild:{REGION}:{ACCOUNT}:project/tools"
    with aws_error("AccessDeniedException", 403, denied("codebuild:CreateProject", other)):
        codebuild.create_project(name="tools", **spec)
    names = boto3.client("codebuild", region_name=REGION).list_projects()["projects"]
    assert names == ["app"]  # moto never saw the denied call


def test_elbv2_target_group_by_arn(aws: IAMMock) -> None:
    """ "Resource types defined by Elastic Load Balancing V2":
    targetgroup/${TargetGroupName}/${TargetGroupId}; ``TargetGroupArn`` is used whole."""
    vpc = boto3.client("ec2", region_name=REGION).create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    elbv2 = boto3.client("elbv2", region_name=REGION)
    arns = [
        elbv2.create_target_group(Name=name, Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0][
            "TargetGroupArn"
        ]
        for name in ("web", "admin")
    ]
    assert arns[0].startswith(f"arn:aws:elasticloadbalancing:{REGION}:{ACCOUNT}:targetgroup/web/")
    client = as_user(
        "dev", "elasticloadbalancing:DeleteTargetGroup", "arn:aws:elasticloadbalancing:*:*:targetgroup/web/*"
    ).client("elbv2")
    client.delete_target_group(TargetGroupArn=arns[0])
    with aws_error("AccessDenied", 403, denied("elasticloadbalancing:DeleteTargetGroup", arns[1])):
        client.delete_target_group(TargetGroupArn=arns[1])
    left = [g["TargetGroupName"] for g in elbv2.describe_target_groups()["TargetGroups"]]
    assert left == ["admin"]


def test_glue_job_and_table(aws: IAMMock) -> None:
    """ "Resource types defined by AWS Glue": job/${JobName} (CreateJob's ``Name``, GetJob's ``JobName``),
    and GetTable needs catalog, database/${DatabaseName} and table/${DatabaseName}/${TableName}."""
    glue = boto3.client("glue", region_name=REGION)
    glue.create_database(DatabaseInput={"Name": "sales"})
    for table in ("orders", "payroll"):
        glue.create_table(DatabaseName="sales", TableInput={"Name": table})
    glue.create_job(Name="etl", Role="r", Command={"Name": "glueetl"})
    glue.create_job(Name="other", Role="r", Command={"Name": "glueetl"})
    base = f"arn:aws:glue:{REGION}:{ACCOUNT}"
    iam = boto3.client("iam")
    iam.create_user(UserName="dev")
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "glue:GetJob", "Resource": f"{base}:job/etl"},
            {
                "Effect": "Allow",
                "Action": "glue:GetTable",
                "Resource": [f"{base}:catalog", f"{base}:database/sales", f"{base}:table/sales/orders"],
            },
        ],
    }
    iam.put_user_policy(UserName="dev", PolicyName="p", PolicyDocument=json.dumps(policy))
    key = iam.create_access_key(UserName="dev")["AccessKey"]
    client = boto3.client(
        "glue",
        region_name=REGION,
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
    )
    assert client.get_job(JobName="etl")["Job"]["Name"] == "etl"
    with aws_error("AccessDeniedException", 403, denied("glue:GetJob", f"{base}:job/other")):
        client.get_job(JobName="other")
    assert client.get_table(DatabaseName="sales", Name="orders")["Table"]["Name"] == "orders"
    with aws_error("AccessDeniedException", 403, denied("glue:GetTable", f"{base}:table/sales/payroll")):
        client.get_table(DatabaseName="sales", Name="payroll")


def test_batch_job_definition(aws: IAMMock) -> None:
    """ "Actions defined by AWS Batch": RegisterJobDefinition needs job-definition*, whose format is
    job-definition/${JobDefinitionName} (the revision it creates is another type, job-definition-revision)."""
    base = f"arn:aws:batch:{REGION}:{ACCOUNT}:job-definition"
    batch = as_user("dev", "batch:RegisterJobDefinition", f"{base}/app").client("batch")
    container = {"image": "busybox", "vcpus": 1, "memory": 128}
    arn = batch.register_job_definition(
        jobDefinitionName="app", type="container", containerProperties=container
    )["jobDefinitionArn"]
    assert arn == f"{base}/app:1"
    with aws_error("AccessDeniedException", 403, denied("batch:RegisterJobDefinition", f"{base}/tools")):
        batch.register_job_definition(
            jobDefinitionName="tools", type="container", containerProperties=container
        )
