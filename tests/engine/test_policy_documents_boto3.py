"""Policy documents IAM saves or refuses, through boto3 (CreatePolicy, PutUserPolicy).

Sources: LocalStack's AWS-validated suite, tests/aws/services/iam/test_iam_policies.py (valid documents
30 and 50: a Date value "01T" and S3 access point ARNs with their Region are saved; invalid document
56: a bucket ARN with a Region is refused); aws/aws-cdk issue 22445 quotes AWS's refusal of
``arn:aws:s3:us-west-2:123456789:test/athena``; the IAM User Guide's "Grammar of the IAM JSON policy
language" (a Resource list holds strings only).
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def _doc(resource: object, condition: dict[str, Any] | None = None) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": "s3:GetObject", "Resource": resource}
    if condition:
        statement["Condition"] = condition
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.mark.parametrize(
    "resource",
    [
        "arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/object/*",
        ["arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap", "arn:aws:s3:us-west-2:123456789012:job/*"],
        "arn:aws:s3:us-west-2:123456789012:storage-lens/default",
    ],
)
def test_regional_s3_resources_are_saved(iam: Any, resource: object) -> None:
    arn = iam.create_policy(PolicyName="ap", PolicyDocument=_doc(resource))["Policy"]["Arn"]
    assert iam.get_policy(PolicyArn=arn)["Policy"]["PolicyName"] == "ap"


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ("arn:aws:s3:us-west-2:123456789:test/athena", "Resource {} can not contain region information."),
        ("arn:aws:s3:us-east-1::example_bucket", "Resource {} can not contain region information."),
        ("arn:aws:iam:us-east-1::user/x", "IAM resource {} cannot contain region information."),
    ],
)
def test_region_in_other_s3_and_iam_resources_is_refused(iam: Any, resource: str, message: str) -> None:
    with aws_error("MalformedPolicyDocument", 400, message.format(resource)):
        iam.create_policy(PolicyName="p", PolicyDocument=_doc(resource))
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_date_with_a_bare_t_is_saved(iam: Any) -> None:
    iam.create_user(UserName="alice")
    document = _doc("arn:aws:s3:::example_bucket", {"DateGreaterThan": {"a": "01T"}})
    iam.put_user_policy(UserName="alice", PolicyName="p", PolicyDocument=document)
    assert iam.get_user_policy(UserName="alice", PolicyName="p")["PolicyDocument"]["Statement"][0][
        "Condition"
    ] == {"DateGreaterThan": {"a": "01T"}}


def test_null_in_a_resource_list_is_a_syntax_error(iam: Any) -> None:
    with aws_error("MalformedPolicyDocument", 400, "Syntax errors in policy."):
        iam.create_policy(PolicyName="p", PolicyDocument=_doc(["arn:aws:s3:::b", None]))
