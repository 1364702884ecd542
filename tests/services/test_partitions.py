"""Other services' resources in the aws-cn partition, side by side with moto: black-box through boto3.

A request to a service in cn-north-1 is about resources of the aws-cn partition
(``arn:aws-cn:s3:::bucket/key``, ``arn:aws-cn:sqs:cn-north-1:...``), and IAM policies there name them
so (https://docs.amazonaws.cn/en_us/aws/latest/userguide/iam.html).
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from moto import mock_aws
from tests.helpers import aws_error

from iammock import mock_iam

REGION = "cn-north-1"


def test_s3_and_sqs_resources_are_in_the_clients_partition() -> None:
    with mock_iam(region_name=REGION), mock_aws():
        iam = boto3.client("iam", region_name=REGION)
        iam.create_user(UserName="u")
        statements: list[dict[str, Any]] = [
            {
                "Effect": "Allow",
                "Action": ["s3:CreateBucket", "s3:PutObject"],
                "Resource": ["arn:aws-cn:s3:::bkt1", "arn:aws-cn:s3:::bkt1/*"],
            },
            {"Effect": "Allow", "Action": "sqs:*", "Resource": "arn:aws-cn:sqs:cn-north-1:123456789012:q1"},
        ]
        iam.put_user_policy(
            UserName="u",
            PolicyName="p",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": statements}),
        )
        key = iam.create_access_key(UserName="u")["AccessKey"]
        creds = {"aws_access_key_id": key["AccessKeyId"], "aws_secret_access_key": key["SecretAccessKey"]}
        s3 = boto3.client("s3", region_name=REGION, **creds)
        s3.create_bucket(Bucket="bkt1", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="bkt1", Key="k", Body=b"x")
        with aws_error("AccessDenied", 403) as error:
            s3.get_object(Bucket="bkt1", Key="k")
        assert 'on resource: "arn:aws-cn:s3:::bkt1/k"' in error["Message"]
        sqs = boto3.client("sqs", region_name=REGION, **creds)
        sqs.create_queue(QueueName="q1")
        with aws_error("AccessDenied"):
            sqs.create_queue(QueueName="q2")


def test_a_bucket_policy_of_the_partition_grants_and_one_naming_aws_does_not() -> None:
    with mock_iam(region_name=REGION) as aws, mock_aws():
        root = aws.session(region_name=REGION)
        iam = root.client("iam")
        s3 = root.client("s3")
        s3.create_bucket(Bucket="bkt2", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="bkt2", Key="k", Body=b"x")
        keys = {}
        for name in ("reader", "stranger"):
            iam.create_user(UserName=name)
            keys[name] = iam.create_access_key(UserName=name)["AccessKey"]
        grants = [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:{partition}:iam::123456789012:user/{name}"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws-cn:s3:::bkt2/*",
            }
            for partition, name in (("aws-cn", "reader"), ("aws", "stranger"))
        ]
        s3.put_bucket_policy(Bucket="bkt2", Policy=json.dumps({"Version": "2012-10-17", "Statement": grants}))

        def get_as(name: str) -> Any:
            key = keys[name]
            return boto3.client(
                "s3",
                region_name=REGION,
                aws_access_key_id=key["AccessKeyId"],
                aws_secret_access_key=key["SecretAccessKey"],
            ).get_object(Bucket="bkt2", Key="k")

        assert get_as("reader")["Body"].read() == b"x"
        with aws_error("AccessDenied", 403):
            get_as("stranger")


def test_object_tags_of_a_bucket_in_the_partition_are_read() -> None:
    with mock_iam(region_name=REGION) as aws, mock_aws():
        root = aws.session(region_name=REGION)
        s3 = root.client("s3")
        s3.create_bucket(Bucket="bkt3", CreateBucketConfiguration={"LocationConstraint": REGION})
        s3.put_object(Bucket="bkt3", Key="blue", Body=b"b", Tagging="team=blue")
        s3.put_object(Bucket="bkt3", Key="red", Body=b"r", Tagging="team=red")
        iam = root.client("iam")
        iam.create_user(UserName="u")
        statement = {
            "Effect": "Allow",
            "Action": "s3:GetObject",
            "Resource": "arn:aws-cn:s3:::bkt3/*",
            "Condition": {"StringEquals": {"s3:ExistingObjectTag/team": "blue"}},
        }
        iam.put_user_policy(
            UserName="u",
            PolicyName="p",
            PolicyDocument=json.dumps({"Version": "2012-10-17", "Statement": [statement]}),
        )
        key = iam.create_access_key(UserName="u")["AccessKey"]
        user = boto3.client(
            "s3",
            region_name=REGION,
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
        )
        assert user.get_object(Bucket="bkt3", Key="blue")["Body"].read() == b"b"
        with aws_error("AccessDenied", 403):
            user.get_object(Bucket="bkt3", Key="red")
