"""Every IAM list operation pages the AWS way and works with botocore's paginators."""

from __future__ import annotations

import boto3
import botocore.session
import pytest

from iammock import IAMMock

_MODEL = botocore.session.get_session().get_service_model("iam")
_PAGINATED = sorted(
    name
    for name in _MODEL.operation_names
    if _MODEL.operation_model(name).input_shape is not None
    and {"Marker", "MaxItems"} <= set(_MODEL.operation_model(name).input_shape.members)
)


def test_the_model_has_the_paginated_operations_aws_documents() -> None:
    assert len(_PAGINATED) >= 30


@pytest.mark.parametrize("operation", _PAGINATED)
def test_paginated_operation_answers_with_is_truncated(iam_mock: IAMMock, operation: str) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="devs")
    iam.create_role(
        RoleName="app",
        AssumeRolePolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
        '"Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}',
    )
    policy = iam.create_policy(
        PolicyName="p",
        PolicyDocument='{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}',
    )["Policy"]["Arn"]
    iam.create_instance_profile(InstanceProfileName="ip")
    values = {
        "UserName": "alice",
        "GroupName": "devs",
        "RoleName": "app",
        "PolicyArn": policy,
        "InstanceProfileName": "ip",
        "PolicySourceArn": "arn:aws:iam::123456789012:user/alice",
        "ActionNames": ["iam:GetUser"],
        "PolicyInputList": [
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
        ],
        "SerialNumber": "arn:aws:iam::123456789012:mfa/none",
    }
    op = _MODEL.operation_model(operation)
    required = op.input_shape.required_members
    if any(name not in values for name in required):
        pytest.skip(f"{operation} needs {sorted(set(required) - set(values))}")
    params = {name: values[name] for name in required}
    method = getattr(iam, botocore.xform_name(operation))
    try:
        answer = method(MaxItems=1, **params)
    except iam.exceptions.ClientError as error:
        # An operation about something that does not exist here answers with an AWS error, not a crash.
        assert error.response["Error"]["Code"] in {"NoSuchEntity", "InvalidInput", "ValidationError"}
        return
    truncated = answer.get("IsTruncated", answer.get("isTruncated"))
    assert isinstance(truncated, bool)
    if truncated:
        assert answer.get("Marker")
    if iam.can_paginate(botocore.xform_name(operation)):
        pages = list(iam.get_paginator(botocore.xform_name(operation)).paginate(**params))
        assert pages
