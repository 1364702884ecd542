"""IAM enforced on other services, side by side with moto: black-box through boto3 clients."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from tests.helpers import aws_error, client_for

from iammock import IAMMock, mock_iam

OTHER = "210987654321"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*", **extra: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource, **extra}


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def user(name: str, *statements: dict[str, Any], session: Any = None) -> dict[str, Any]:
    iam = (session or boto3).client("iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def lambda_role(name: str, *statements: dict[str, Any]) -> str:
    iam = boto3.client("iam")
    trust = doc(
        {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}
    )
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=doc(*statements))
    return arn


# -- S3 ---------------------------------------------------------------------------------------------


def test_lambda_role_puts_under_uploads_only(aws: IAMMock) -> None:
    boto3.client("s3").create_bucket(Bucket="media")
    role = lambda_role("fn", allow("s3:PutObject", "arn:aws:s3:::media/uploads/*"))
    s3 = aws.service_session("lambda.amazonaws.com", role, session_name="fn").client("s3")
    s3.put_object(Bucket="media", Key="uploads/a.txt", Body=b"a")
    arn = f"arn:aws:sts::{aws.account_id}:assumed-role/fn/fn"
    message = (
        f"User: {arn} is not authorized to perform: s3:PutObject "
        'on resource: "arn:aws:s3:::media/private/b.txt" '
        "because no identity-based policy allows the s3:PutObject action"
    )
    with aws_error("AccessDenied", 403, message):
        s3.put_object(Bucket="media", Key="private/b.txt", Body=b"b")
    keys = [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket="media")["Contents"]]
    assert keys == ["uploads/a.txt"]  # moto never saw the denied put
    # HeadObject needs s3:GetObject; S3 answers a HEAD without a body, so botocore reports "403".
    with aws_error("403", 403):
        s3.head_object(Bucket="media", Key="uploads/a.txt")
    with aws_error("AccessDenied", 403):
        s3.list_objects_v2(Bucket="media")


def test_s3_prefix_condition_and_copy_needs_both_sides(aws: IAMMock) -> None:
    root = boto3.client("s3")
    root.create_bucket(Bucket="docs")
    root.put_object(Bucket="docs", Key="home/a", Body=b"a")
    key = user(
        "u",
        allow("s3:ListBucket", "arn:aws:s3:::docs", Condition={"StringLike": {"s3:prefix": ["home/*"]}}),
        allow("s3:GetObject", "arn:aws:s3:::docs/home/*"),
        allow("s3:PutObject", "arn:aws:s3:::docs/home/*"),
    )
    s3 = client_for("s3", key)
    assert s3.list_objects_v2(Bucket="docs", Prefix="home/")["KeyCount"] == 1
    with aws_error("AccessDenied"):
        s3.list_objects_v2(Bucket="docs")
    s3.copy_object(Bucket="docs", Key="home/b", CopySource={"Bucket": "docs", "Key": "home/a"})
    with aws_error("AccessDenied") as error:
        s3.copy_object(Bucket="docs", Key="other/c", CopySource={"Bucket": "docs", "Key": "home/a"})
    assert "s3:PutObject" in error["Message"]
    assert sorted(o["Key"] for o in root.list_objects_v2(Bucket="docs")["Contents"]) == ["home/a", "home/b"]


def test_bucket_policy_grants_a_user_of_another_account(aws: IAMMock) -> None:
    root = boto3.client("s3")
    root.create_bucket(Bucket="shared-data")
    other = aws.session(OTHER)
    reader = user("reader", allow("s3:GetObject", "arn:aws:s3:::shared-data/*"), session=other)
    writer = user("writer", allow("s3:*"), session=other)
    root.put_object(Bucket="shared-data", Key="k", Body=b"v")
    root.put_bucket_policy(
        Bucket="shared-data",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:user/reader"},
                "Action": "s3:GetObject",
                "Resource": "arn:aws:s3:::shared-data/*",
            }
        ),
    )
    assert client_for("s3", reader).get_object(Bucket="shared-data", Key="k")["Body"].read() == b"v"
    # The writer's own policy allows s3:*, but the bucket's account did not grant it anything.
    with aws_error("AccessDenied") as error:
        client_for("s3", writer).put_object(Bucket="shared-data", Key="x", Body=b"x")
    assert "no resource-based policy allows" in error["Message"]
    assert [o["Key"] for o in root.list_objects_v2(Bucket="shared-data")["Contents"]] == ["k"]


# -- DynamoDB ---------------------------------------------------------------------------------------


def test_dynamodb_leading_keys_with_userid(aws: IAMMock) -> None:
    ddb = boto3.client("dynamodb")
    ddb.create_table(
        TableName="Notes",
        KeySchema=[
            {"AttributeName": "owner", "KeyType": "HASH"},
            {"AttributeName": "id", "KeyType": "RANGE"},
        ],
        AttributeDefinitions=[
            {"AttributeName": "owner", "AttributeType": "S"},
            {"AttributeName": "id", "AttributeType": "S"},
        ],
        BillingMode="PAY_PER_REQUEST",
    )
    table = f"arn:aws:dynamodb:us-east-1:{aws.account_id}:table/Notes"
    key = user(
        "alice",
        allow(
            ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"],
            table,
            Condition={"ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["${aws:userid}"]}},
        ),
    )
    user_id = boto3.client("iam").get_user(UserName="alice")["User"]["UserId"]
    mine = client_for("dynamodb", key)
    mine.put_item(TableName="Notes", Item={"owner": {"S": user_id}, "id": {"S": "1"}})
    got = mine.query(
        TableName="Notes",
        KeyConditionExpression="#o = :me",
        ExpressionAttributeNames={"#o": "owner"},
        ExpressionAttributeValues={":me": {"S": user_id}},
    )
    assert got["Count"] == 1
    message = (
        f"User: arn:aws:iam::{aws.account_id}:user/alice is not authorized to perform: dynamodb:PutItem on "
        f"resource: {table} because no identity-based policy allows the dynamodb:PutItem action"
    )
    with aws_error("AccessDeniedException", 403, message) as error:
        mine.put_item(TableName="Notes", Item={"owner": {"S": "AIDAOTHER"}, "id": {"S": "2"}})
    assert error["Message"] == message
    assert (
        ddb.get_item(TableName="Notes", Key={"owner": {"S": "AIDAOTHER"}, "id": {"S": "2"}}).get("Item")
        is None
    )


def test_denial_status_is_403_for_json_services(aws: IAMMock) -> None:
    key = user("nobody")
    with pytest.raises(ClientError) as caught:
        client_for("dynamodb", key).list_tables()
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert caught.value.response["Error"]["Code"] == "AccessDeniedException"


# -- KMS --------------------------------------------------------------------------------------------


def test_kms_key_policy_that_does_not_trust_the_account_denies_an_admin(aws: IAMMock) -> None:
    iam = boto3.client("iam")
    iam.create_user(UserName="admin")
    iam.attach_user_policy(UserName="admin", PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    admin_key = iam.create_access_key(UserName="admin")["AccessKey"]
    iam.create_user(UserName="keeper")
    keeper_key = iam.create_access_key(UserName="keeper")["AccessKey"]
    keeper = f"arn:aws:iam::{aws.account_id}:user/keeper"
    kms = boto3.client("kms")
    locked = kms.create_key(
        Policy=doc({"Effect": "Allow", "Principal": {"AWS": keeper}, "Action": "kms:*", "Resource": "*"}),
        BypassPolicyLockoutSafetyCheck=True,
    )["KeyMetadata"]
    open_key = kms.create_key()["KeyMetadata"]  # default policy: trusts the account, IAM decides
    admin = client_for("kms", admin_key)
    admin.encrypt(KeyId=open_key["KeyId"], Plaintext=b"x")
    with aws_error("AccessDeniedException") as error:
        admin.encrypt(KeyId=locked["KeyId"], Plaintext=b"x")
    assert "no resource-based policy allows the kms:Encrypt action" in error["Message"]
    assert locked["Arn"] in error["Message"]
    client_for("kms", keeper_key).generate_data_key(KeyId=locked["KeyId"], KeySpec="AES_256")


def test_kms_alias_resolves_to_the_key(aws: IAMMock) -> None:
    kms = boto3.client("kms")
    key = kms.create_key()["KeyMetadata"]
    kms.create_alias(AliasName="alias/app", TargetKeyId=key["KeyId"])
    creds = user("app", allow("kms:Encrypt", key["Arn"]))
    client_for("kms", creds).encrypt(KeyId="alias/app", Plaintext=b"x")
    other = kms.create_key()["KeyMetadata"]
    with aws_error("AccessDeniedException"):
        client_for("kms", creds).encrypt(KeyId=other["KeyId"], Plaintext=b"x")


# -- SQS, SNS, Lambda, Secrets Manager --------------------------------------------------------------


def test_cross_account_sqs_with_a_queue_policy(aws: IAMMock) -> None:
    owner = aws.session(OTHER).client("sqs")
    url = owner.create_queue(QueueName="inbox")["QueueUrl"]
    queue_arn = f"arn:aws:sqs:us-east-1:{OTHER}:inbox"
    sender = user("sender", allow("sqs:SendMessage", queue_arn))
    sqs = client_for("sqs", sender)
    with aws_error("AccessDenied") as error:
        sqs.send_message(QueueUrl=url, MessageBody="early")
    assert "no resource-based policy allows" in error["Message"]
    assert "Messages" not in owner.receive_message(QueueUrl=url)
    policy = doc(
        {
            "Effect": "Allow",
            "Principal": {"AWS": f"arn:aws:iam::{aws.account_id}:root"},
            "Action": "sqs:SendMessage",
            "Resource": queue_arn,
        }
    )
    owner.set_queue_attributes(QueueUrl=url, Attributes={"Policy": policy})
    sqs.send_message(QueueUrl=url, MessageBody="hello")
    bodies = [m["Body"] for m in owner.receive_message(QueueUrl=url, MaxNumberOfMessages=10)["Messages"]]
    assert bodies == ["hello"]


def test_sns_publish_needs_topic_permission(aws: IAMMock) -> None:
    topic = boto3.client("sns").create_topic(Name="alerts")["TopicArn"]
    key = user("pub", allow("sns:Publish", topic))
    sns = client_for("sns", key)
    sns.publish(TopicArn=topic, Message="m")
    with aws_error("AccessDenied", 403):
        sns.create_topic(Name="rogue")
    assert [t["TopicArn"] for t in boto3.client("sns").list_topics()["Topics"]] == [topic]


def test_secret_arn_with_moto_suffix(aws: IAMMock) -> None:
    secret = boto3.client("secretsmanager").create_secret(Name="db", SecretString="pw")
    key = user("reader", allow("secretsmanager:GetSecretValue", secret["ARN"]))
    sm = client_for("secretsmanager", key)
    assert sm.get_secret_value(SecretId="db")["SecretString"] == "pw"
    with aws_error("AccessDeniedException") as error:
        sm.put_secret_value(SecretId="db", SecretString="new")
    assert secret["ARN"] in error["Message"]
    assert boto3.client("secretsmanager").get_secret_value(SecretId="db")["SecretString"] == "pw"


# -- EC2 --------------------------------------------------------------------------------------------


def test_ec2_unauthorized_operation_decodes_through_sts(aws: IAMMock) -> None:
    key = user(
        "dev",
        allow("ec2:RunInstances", "*", Condition={"StringEquals": {"ec2:InstanceType": "t3.micro"}}),
        allow("sts:DecodeAuthorizationMessage"),
    )
    ec2 = client_for("ec2", key)
    with pytest.raises(ClientError) as caught:
        ec2.run_instances(ImageId="ami-12c6146b", InstanceType="m5.large", MinCount=1, MaxCount=1)
    error = caught.value.response["Error"]
    assert error["Code"] == "UnauthorizedOperation"
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error["Message"].startswith("You are not authorized to perform this operation. User: ")
    encoded = error["Message"].split("Encoded authorization failure message: ", 1)[1]
    decoded = json.loads(
        client_for("sts", key).decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"]
    )
    assert decoded["allowed"] is False
    assert decoded["context"]["action"] == "ec2:RunInstances"
    assert {"key": "ec2:InstanceType", "values": {"items": [{"value": "m5.large"}]}} in decoded["context"][
        "conditions"
    ]["items"]
    assert boto3.client("ec2").describe_instances()["Reservations"] == []


def test_unknown_credentials_get_each_services_error(aws: IAMMock) -> None:
    fake = {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "SecretAccessKey": "x" * 40}
    expected = {
        "s3": ("list_buckets", "InvalidAccessKeyId"),
        "dynamodb": ("list_tables", "UnrecognizedClientException"),
        "ec2": ("describe_instances", "AuthFailure"),
        "sns": ("list_topics", "InvalidClientTokenId"),
        "lambda": ("list_functions", "UnrecognizedClientException"),
    }
    for service, (operation, code) in expected.items():
        with aws_error(code):
            getattr(client_for(service, fake), operation)()


# -- nesting order and the option -------------------------------------------------------------------


def test_moto_outside_iammock_enforces_too() -> None:
    with mock_aws(), mock_iam() as mock:
        boto3.client("s3").create_bucket(Bucket="outer")
        key = user("u")
        with aws_error("AccessDenied"):
            client_for("s3", key).put_object(Bucket="outer", Key="k", Body=b"")
        assert boto3.client("s3").list_objects_v2(Bucket="outer")["KeyCount"] == 0
        assert [e.get("errorCode") for e in mock.trail.events()][-2:] == ["AccessDenied", None]


def test_enforcement_off() -> None:
    with mock_iam(enforce_services=False), mock_aws():
        boto3.client("s3").create_bucket(Bucket="free")
        client_for("s3", user("u")).put_object(Bucket="free", Key="k", Body=b"")
        assert boto3.client("s3").list_objects_v2(Bucket="free")["KeyCount"] == 1


def test_without_moto_the_guard_still_refuses() -> None:
    from iammock import UnmockedServiceError

    with mock_iam(), pytest.raises(UnmockedServiceError):
        boto3.client("s3").list_buckets()


def test_explain_a_service_denial(aws: IAMMock) -> None:
    key = user("nobody")
    with pytest.raises(ClientError) as caught:
        client_for("sqs", key).create_queue(QueueName="q")
    assert "sqs:CreateQueue" in aws.explain(caught.value)
