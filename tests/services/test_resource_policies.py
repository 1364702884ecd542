"""Lambda function policies and ECR repository policies held by moto, end to end through boto3 clients.

Same account: the resource policy or an identity policy suffices. Another account: both must allow.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error, client_for
from tests.services.test_enforcement import OTHER, allow, doc, user

from iammock import IAMMock, mock_iam

LAMBDA_TRUST = doc(
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
)


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def denied(caller: str, action: str, resource: str, why: str) -> str:
    return (
        f"User: {caller} is not authorized to perform: {action} on resource: {resource} "
        f"because no {why} policy allows the {action} action"
    )


def assumed(session: Any, role: str, *statements: dict[str, Any]) -> dict[str, Any]:
    """Credentials of a session of a new role of ``session``'s account, assumed by a user of that account."""
    iam = session.client("iam")
    account = session.client("sts").get_caller_identity()["Account"]
    trust = doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:root"}, "Action": "sts:AssumeRole"}
    )
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    if statements:
        iam.put_role_policy(RoleName=role, PolicyName="p", PolicyDocument=doc(*statements))
    assumer = user(f"{role}-assumer", allow("sts:AssumeRole", arn), session=session)
    credentials: dict[str, Any] = client_for("sts", assumer).assume_role(RoleArn=arn, RoleSessionName="app")[
        "Credentials"
    ]
    return credentials


# -- Lambda -----------------------------------------------------------------------------------------


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


@pytest.fixture(params=[False, True], ids=["lambda-simple", "lambda-docker"])
def aws_lambda(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    """moto with its docker-free Lambda (functions kept in ``awslambda_simple``) or its default one.

    moto's Lambda accepts an execution role only if moto's own IAM holds it, and IAM is iammock's once
    ``mock_iam()`` runs: the role is created in moto first, then in iammock under the same ARN.
    """
    with mock_aws(config={"lambda": {"use_docker": request.param}}):
        boto3.client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=LAMBDA_TRUST)
        with mock_iam() as mock:
            boto3.client("iam").create_role(RoleName="fn-role", AssumeRolePolicyDocument=LAMBDA_TRUST)
            yield mock


def create_function(aws: IAMMock, name: str) -> str:
    arn: str = boto3.client("lambda").create_function(
        FunctionName=name,
        Runtime="python3.12",
        Role=f"arn:aws:iam::{aws.account_id}:role/fn-role",
        Handler="handler.handler",
        Code={"ZipFile": function_zip()},
    )["FunctionArn"]
    return arn


def test_function_policy_grants_another_account_until_removed(aws_lambda: IAMMock) -> None:
    aws = aws_lambda
    fn = create_function(aws, "report")
    other = aws.session(OTHER)
    caller = user("caller", allow(["lambda:GetFunction", "lambda:InvokeFunction"], fn), session=other)
    stranger = user("stranger", session=other)  # no identity policy at all
    lam = client_for("lambda", caller)
    caller_arn = f"arn:aws:iam::{OTHER}:user/caller"
    with aws_error(
        "AccessDeniedException", 403, denied(caller_arn, "lambda:GetFunction", fn, "resource-based")
    ):
        lam.get_function(FunctionName=fn)

    # An account ID as the principal: Lambda writes it as the account's root, which trusts its IAM.
    owner = boto3.client("lambda")
    owner.add_permission(
        FunctionName="report", StatementId="other-get", Action="lambda:GetFunction", Principal=OTHER
    )
    assert lam.get_function(FunctionName=fn)["Configuration"]["FunctionArn"] == fn
    # Only the action the permission names: InvokeFunction is still refused by the function's side.
    with aws_error(
        "AccessDeniedException", 403, denied(caller_arn, "lambda:InvokeFunction", fn, "resource-based")
    ):
        lam.invoke(FunctionName=fn, Payload=b"{}")
    # The function trusts the other account, whose IAM grants the stranger nothing.
    stranger_arn = f"arn:aws:iam::{OTHER}:user/stranger"
    with aws_error(
        "AccessDeniedException", 403, denied(stranger_arn, "lambda:GetFunction", fn, "identity-based")
    ):
        client_for("lambda", stranger).get_function(FunctionName=fn)

    owner.remove_permission(FunctionName="report", StatementId="other-get")
    with aws_error(
        "AccessDeniedException", 403, denied(caller_arn, "lambda:GetFunction", fn, "resource-based")
    ):
        lam.get_function(FunctionName=fn)


@pytest.mark.parametrize("aws_lambda", [False], ids=["lambda-simple"], indirect=True)
def test_function_policy_naming_a_role_of_another_account(aws_lambda: IAMMock) -> None:
    aws = aws_lambda
    fn = create_function(aws, "worker")
    other = aws.session(OTHER)
    rights = allow(["lambda:GetFunction", "lambda:InvokeFunction"], fn)
    invoker = client_for("lambda", assumed(other, "invoker", rights))
    bystander = client_for("lambda", assumed(other, "bystander", rights))
    invoker_arn = f"arn:aws:sts::{OTHER}:assumed-role/invoker/app"
    bystander_arn = f"arn:aws:sts::{OTHER}:assumed-role/bystander/app"
    with aws_error(
        "AccessDeniedException", 403, denied(invoker_arn, "lambda:InvokeFunction", fn, "resource-based")
    ):
        invoker.invoke(FunctionName=fn, Payload=b"{}")

    # A role ARN as the principal: that role's sessions may invoke, the account's other roles may not.
    owner = boto3.client("lambda")
    owner.add_permission(
        FunctionName="worker",
        StatementId="invoker",
        Action="lambda:InvokeFunction",
        Principal=f"arn:aws:iam::{OTHER}:role/invoker",
    )
    assert invoker.invoke(FunctionName=fn, Payload=b"{}")["StatusCode"] == 200
    with aws_error(
        "AccessDeniedException", 403, denied(bystander_arn, "lambda:InvokeFunction", fn, "resource-based")
    ):
        bystander.invoke(FunctionName=fn, Payload=b"{}")

    owner.remove_permission(FunctionName="worker", StatementId="invoker")
    with aws_error(
        "AccessDeniedException", 403, denied(invoker_arn, "lambda:InvokeFunction", fn, "resource-based")
    ):
        invoker.invoke(FunctionName=fn, Payload=b"{}")


# -- ECR --------------------------------------------------------------------------------------------


def repository_with_image(aws: IAMMock, name: str) -> str:
    ecr = boto3.client("ecr")
    arn: str = ecr.create_repository(repositoryName=name)["repository"]["repositoryArn"]
    manifest = {
        "schemaVersion": 2,
        "mediaType": "application/vnd.docker.distribution.manifest.v2+json",
        "config": {
            "mediaType": "application/vnd.docker.container.image.v1+json",
            "digest": "sha256:" + "a" * 64,
            "size": 1,
        },
        "layers": [],
    }
    ecr.put_image(repositoryName=name, imageManifest=json.dumps(manifest), imageTag="v1")
    return arn


def repository_policy(principal: str, *actions: str) -> str:
    # As ECR's own examples: no Resource element, the repository is implied.
    return doc({"Sid": "pull", "Effect": "Allow", "Principal": {"AWS": principal}, "Action": list(actions)})


def test_repository_policy_grants_another_account_until_deleted(aws: IAMMock) -> None:
    repo = repository_with_image(aws, "app")
    other = aws.session(OTHER)
    puller = client_for(
        "ecr", user("puller", allow(["ecr:DescribeImages", "ecr:BatchGetImage"], repo), session=other)
    )
    stranger = client_for("ecr", user("stranger", session=other))  # no identity policy at all
    puller_arn = f"arn:aws:iam::{OTHER}:user/puller"
    registry = {"registryId": aws.account_id, "repositoryName": "app"}
    with aws_error(
        "AccessDeniedException", 403, denied(puller_arn, "ecr:DescribeImages", repo, "resource-based")
    ):
        puller.describe_images(**registry)

    owner = boto3.client("ecr")
    owner.set_repository_policy(
        repositoryName="app",
        policyText=repository_policy(f"arn:aws:iam::{OTHER}:root", "ecr:DescribeImages", "ecr:BatchGetImage"),
    )
    assert [d["imageTags"] for d in puller.describe_images(**registry)["imageDetails"]] == [["v1"]]
    got = puller.batch_get_image(**registry, imageIds=[{"imageTag": "v1"}])
    assert [i["imageId"]["imageTag"] for i in got["images"]] == ["v1"]
    # The repository trusts the other account, whose IAM grants the stranger nothing.
    stranger_arn = f"arn:aws:iam::{OTHER}:user/stranger"
    with aws_error(
        "AccessDeniedException", 403, denied(stranger_arn, "ecr:BatchGetImage", repo, "identity-based")
    ):
        stranger.batch_get_image(**registry, imageIds=[{"imageTag": "v1"}])
    # The puller's own policy allows nothing else: the repository policy cannot add to it.
    with aws_error(
        "AccessDeniedException", 403, denied(puller_arn, "ecr:ListImages", repo, "identity-based")
    ):
        puller.list_images(**registry)

    owner.delete_repository_policy(repositoryName="app")
    with aws_error(
        "AccessDeniedException", 403, denied(puller_arn, "ecr:BatchGetImage", repo, "resource-based")
    ):
        puller.batch_get_image(**registry, imageIds=[{"imageTag": "v1"}])
    with aws_error(
        "AccessDeniedException", 403, denied(puller_arn, "ecr:DescribeImages", repo, "resource-based")
    ):
        puller.describe_images(**registry)


def test_repository_policy_alone_grants_a_user_of_its_account(aws: IAMMock) -> None:
    repo = repository_with_image(aws, "tools")
    reader_arn = f"arn:aws:iam::{aws.account_id}:user/reader"
    reader = client_for("ecr", user("reader"))  # no identity policy: only the repository can grant
    with aws_error(
        "AccessDeniedException", 403, denied(reader_arn, "ecr:DescribeImages", repo, "identity-based")
    ):
        reader.describe_images(repositoryName="tools")

    owner = boto3.client("ecr")
    owner.set_repository_policy(
        repositoryName="tools", policyText=repository_policy(reader_arn, "ecr:DescribeImages")
    )
    assert [d["imageTags"] for d in reader.describe_images(repositoryName="tools")["imageDetails"]] == [
        ["v1"]
    ]
    with aws_error(
        "AccessDeniedException", 403, denied(reader_arn, "ecr:BatchGetImage", repo, "identity-based")
    ):
        reader.batch_get_image(repositoryName="tools", imageIds=[{"imageTag": "v1"}])

    owner.delete_repository_policy(repositoryName="tools")
    with aws_error(
        "AccessDeniedException", 403, denied(reader_arn, "ecr:DescribeImages", repo, "identity-based")
    ):
        reader.describe_images(repositoryName="tools")


# -- EventBridge event buses ------------------------------------------------------------------------


def test_event_bus_policy_grants_another_account_and_an_explicit_deny_wins(aws: IAMMock) -> None:
    bus = boto3.client("events").create_event_bus(Name="orders")["EventBusArn"]
    other = aws.session(OTHER)
    sender_arn = f"arn:aws:iam::{OTHER}:user/sender"
    sender = client_for("events", user("sender", allow("events:PutEvents", bus), session=other))
    entry = {"Source": "shop", "DetailType": "order", "Detail": "{}", "EventBusName": bus}
    with aws_error(
        "AccessDeniedException", 403, denied(sender_arn, "events:PutEvents", bus, "resource-based")
    ):
        sender.put_events(Entries=[entry])

    # "Permissions for Amazon EventBridge event buses": the bus policy trusts the other account.
    owner = boto3.client("events")
    owner.put_permission(
        EventBusName="orders", Action="events:PutEvents", Principal=OTHER, StatementId="other"
    )
    assert sender.put_events(Entries=[entry])["FailedEntryCount"] == 0

    # An explicit Deny in the bus policy wins over both allows.
    deny = {
        "Sid": "deny-sender",
        "Effect": "Deny",
        "Principal": {"AWS": sender_arn},
        "Action": "events:PutEvents",
        "Resource": bus,
    }
    trust = {
        "Sid": "other",
        "Effect": "Allow",
        "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
        "Action": "events:PutEvents",
        "Resource": bus,
    }
    owner.put_permission(EventBusName="orders", Policy=doc(trust, deny))
    with aws_error("AccessDeniedException", 403) as error:
        sender.put_events(Entries=[entry])
    assert "explicit deny in a resource-based policy" in error["Message"]


# -- Kinesis streams --------------------------------------------------------------------------------


def test_stream_policy_grants_another_account_until_deleted(aws: IAMMock) -> None:
    kinesis = boto3.client("kinesis")
    kinesis.create_stream(StreamName="clicks", ShardCount=1)
    stream = kinesis.describe_stream_summary(StreamName="clicks")["StreamDescriptionSummary"]["StreamARN"]
    other = aws.session(OTHER)
    reader_arn = f"arn:aws:iam::{OTHER}:user/reader"
    reader = client_for(
        "kinesis", user("reader", allow("kinesis:DescribeStreamSummary", stream), session=other)
    )
    with aws_error(
        "AccessDeniedException",
        403,
        denied(reader_arn, "kinesis:DescribeStreamSummary", stream, "resource-based"),
    ):
        reader.describe_stream_summary(StreamARN=stream)

    kinesis.put_resource_policy(
        ResourceARN=stream,
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                "Action": "kinesis:DescribeStreamSummary",
                "Resource": stream,
            }
        ),
    )
    summary = reader.describe_stream_summary(StreamARN=stream)["StreamDescriptionSummary"]
    assert summary["StreamName"] == "clicks"

    kinesis.delete_resource_policy(ResourceARN=stream)
    with aws_error("AccessDeniedException", 403):
        reader.describe_stream_summary(StreamARN=stream)
