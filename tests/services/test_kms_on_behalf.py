"""KMS permissions services check for the caller on data encrypted under a KMS key, black-box with moto.

An S3 PutObject into an SSE-KMS bucket needs kms:GenerateDataKey on the key for the caller and GetObject
kms:Decrypt ("Protecting data with server-side encryption using AWS KMS keys (SSE-KMS)", Amazon S3 User
Guide); SQS producers kms:GenerateDataKey and kms:Decrypt ("Key management", Amazon SQS Developer Guide);
Parameter Store's SecureString kms:Encrypt / kms:Decrypt ("How AWS Systems Manager Parameter Store uses
AWS KMS"). The key policy must allow as well ("Key policies in AWS KMS", AWS KMS Developer Guide), and AWS
managed keys let every principal of their account use them through their service ("AWS managed keys").
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from moto import mock_aws
from tests.helpers import aws_error, client_for
from tests.services.test_enforcement import OTHER, allow, doc, user

from iammock import IAMMock, mock_iam

ACCOUNT = "123456789012"


@pytest.fixture
def aws() -> Iterator[IAMMock]:
    with mock_iam() as mock, mock_aws():
        yield mock


def new_key(policy: dict[str, Any] | None = None) -> str:
    kms = boto3.client("kms")
    if policy is None:
        arn: str = kms.create_key()["KeyMetadata"]["Arn"]  # the default policy: the account's IAM decides
    else:
        arn = kms.create_key(Policy=json.dumps(policy))["KeyMetadata"]["Arn"]
    return arn


def kms_denied(caller: str, action: str, key: str, why: str = "identity-based") -> str:
    return (
        f"User: {caller} is not authorized to perform: {action} on resource: {key} "
        f"because no {why} policy allows the {action} action"
    )


def encrypted_bucket(name: str, key: str | None) -> None:
    s3 = boto3.client("s3")
    s3.create_bucket(Bucket=name)
    default: dict[str, str] = {"SSEAlgorithm": "aws:kms"}
    if key is not None:
        default["KMSMasterKeyID"] = key
    s3.put_bucket_encryption(
        Bucket=name,
        ServerSideEncryptionConfiguration={"Rules": [{"ApplyServerSideEncryptionByDefault": default}]},
    )


def keys_in(bucket: str) -> list[str]:
    return [o["Key"] for o in boto3.client("s3").list_objects_v2(Bucket=bucket).get("Contents", [])]


# -- S3 ---------------------------------------------------------------------------------------------------


def test_sse_kms_bucket_put_needs_generate_data_key_and_get_needs_decrypt(aws: IAMMock) -> None:
    key = new_key()
    encrypted_bucket("vault-data", key)
    objects = allow(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::vault-data/*")
    writer = client_for("s3", user("writer", objects))
    caller = f"arn:aws:iam::{ACCOUNT}:user/writer"
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:GenerateDataKey", key)):
        writer.put_object(Bucket="vault-data", Key="a.txt", Body=b"a")
    assert keys_in("vault-data") == []  # moto never saw the refused put

    both = allow(["kms:GenerateDataKey"], key)
    boto3.client("iam").put_user_policy(UserName="writer", PolicyName="p", PolicyDocument=doc(objects, both))
    writer.put_object(Bucket="vault-data", Key="a.txt", Body=b"a")
    assert keys_in("vault-data") == ["a.txt"]
    # Reading it back decrypts: kms:GenerateDataKey is not kms:Decrypt.
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:Decrypt", key)):
        writer.get_object(Bucket="vault-data", Key="a.txt")
    boto3.client("iam").put_user_policy(
        UserName="writer",
        PolicyName="p",
        PolicyDocument=doc(objects, allow(["kms:GenerateDataKey", "kms:Decrypt"], key)),
    )
    assert writer.get_object(Bucket="vault-data", Key="a.txt")["Body"].read() == b"a"


def test_sse_kms_request_headers_and_copy_need_both_keys(aws: IAMMock) -> None:
    source_key, target_key = new_key(), new_key()
    root = boto3.client("s3")
    root.create_bucket(Bucket="plain-bucket")
    root.put_object(
        Bucket="plain-bucket", Key="in", Body=b"x", ServerSideEncryption="aws:kms", SSEKMSKeyId=source_key
    )
    objects = allow(["s3:GetObject", "s3:PutObject"], "arn:aws:s3:::plain-bucket/*")
    caller = f"arn:aws:iam::{ACCOUNT}:user/copier"
    copier = client_for("s3", user("copier", objects, allow("kms:GenerateDataKey", target_key)))
    plain_copy = {"Bucket": "plain-bucket", "CopySource": {"Bucket": "plain-bucket", "Key": "in"}}
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:Decrypt", source_key)):
        copier.copy_object(Key="out", **plain_copy)
    boto3.client("iam").put_user_policy(
        UserName="copier",
        PolicyName="p",
        PolicyDocument=doc(objects, allow("kms:Decrypt", source_key)),
    )
    copier.copy_object(Key="out", **plain_copy)  # the copy is not encrypted: only the source's key is used
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:GenerateDataKey", target_key)):
        copier.copy_object(Key="out2", ServerSideEncryption="aws:kms", SSEKMSKeyId=target_key, **plain_copy)
    # An unencrypted put needs no KMS permission at all.
    copier.put_object(Bucket="plain-bucket", Key="clear", Body=b"c")
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:GenerateDataKey", target_key)):
        copier.put_object(
            Bucket="plain-bucket",
            Key="enc",
            Body=b"e",
            ServerSideEncryption="aws:kms",
            SSEKMSKeyId=target_key,
        )
    assert sorted(keys_in("plain-bucket")) == ["clear", "in", "out"]


def test_multipart_upload_needs_generate_data_key_then_decrypt(aws: IAMMock) -> None:
    key = new_key()
    encrypted_bucket("parts-bucket", key)
    objects = allow(["s3:PutObject"], "arn:aws:s3:::parts-bucket/*")
    caller = f"arn:aws:iam::{ACCOUNT}:user/uploader"
    uploader = client_for("s3", user("uploader", objects, allow("kms:GenerateDataKey", key)))
    upload = uploader.create_multipart_upload(Bucket="parts-bucket", Key="big")["UploadId"]
    # CreateMultipartUpload API reference: UploadPart needs kms:Decrypt on the upload's key.
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:Decrypt", key)):
        uploader.upload_part(Bucket="parts-bucket", Key="big", UploadId=upload, PartNumber=1, Body=b"p")


def test_key_policy_that_does_not_trust_the_account_denies_despite_iam(aws: IAMMock) -> None:
    # The key policy names one other principal only: IAM policies of the account cannot grant its use.
    admin = f"arn:aws:iam::{ACCOUNT}:user/key-admin"
    boto3.client("iam").create_user(UserName="key-admin")
    key = new_key(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"AWS": admin}, "Action": "kms:*", "Resource": "*"}
            ],
        }
    )
    encrypted_bucket("locked-bucket", key)
    caller = f"arn:aws:iam::{ACCOUNT}:user/full"
    full = client_for("s3", user("full", allow(["s3:*", "kms:*"])))
    with aws_error("AccessDenied", 403, kms_denied(caller, "kms:GenerateDataKey", key, "resource-based")):
        full.put_object(Bucket="locked-bucket", Key="k", Body=b"k")
    assert keys_in("locked-bucket") == []


def test_via_service_and_encryption_context_conditions(aws: IAMMock) -> None:
    key = new_key()
    encrypted_bucket("ctx-bucket", key)
    boto3.client("s3").put_object(Bucket="ctx-bucket", Key="team/a", Body=b"a")
    boto3.client("s3").put_object(Bucket="ctx-bucket", Key="other/b", Body=b"b")
    only_through_s3 = allow(
        "kms:Decrypt",
        key,
        Condition={
            "StringEquals": {"kms:ViaService": "s3.us-east-1.amazonaws.com", "kms:CallerAccount": ACCOUNT},
            "StringLike": {"kms:EncryptionContext:aws:s3:arn": "arn:aws:s3:::ctx-bucket/team/*"},
        },
    )
    reader = client_for(
        "s3", user("reader", allow("s3:GetObject", "arn:aws:s3:::ctx-bucket/*"), only_through_s3)
    )
    assert reader.get_object(Bucket="ctx-bucket", Key="team/a")["Body"].read() == b"a"
    with aws_error("AccessDenied", 403) as error:
        reader.get_object(Bucket="ctx-bucket", Key="other/b")
    assert "kms:Decrypt" in error["Message"]

    # Through another service the same statement does not apply.
    sqs_only = allow(
        "kms:*", key, Condition={"StringEquals": {"kms:ViaService": "sqs.us-east-1.amazonaws.com"}}
    )
    wrong = client_for("s3", user("wrong", allow("s3:GetObject", "arn:aws:s3:::ctx-bucket/*"), sqs_only))
    with aws_error("AccessDenied", 403):
        wrong.get_object(Bucket="ctx-bucket", Key="team/a")


# -- AWS managed keys -------------------------------------------------------------------------------------


def test_aws_managed_key_is_usable_by_the_account_through_its_service(aws: IAMMock) -> None:
    encrypted_bucket("managed-bucket", None)  # aws:kms without a key: the AWS managed key aws/s3
    objects = allow(["s3:PutObject", "s3:GetObject"], "arn:aws:s3:::managed-bucket/*")
    app = client_for("s3", user("app", objects))  # no KMS permission at all
    app.put_object(Bucket="managed-bucket", Key="m", Body=b"m")
    assert app.get_object(Bucket="managed-bucket", Key="m")["Body"].read() == b"m"
    # An explicit deny in IAM still applies to an AWS managed key.
    denier = client_for("s3", user("denier", objects, {"Effect": "Deny", "Action": "kms:*", "Resource": "*"}))
    with aws_error("AccessDenied", 403) as error:
        denier.get_object(Bucket="managed-bucket", Key="m")
    assert "kms:Decrypt" in error["Message"] and "explicit deny" in error["Message"]


def test_aws_managed_key_is_not_usable_from_another_account(aws: IAMMock) -> None:
    encrypted_bucket("shared-managed", None)
    boto3.client("s3").put_bucket_policy(
        Bucket="shared-managed",
        Policy=doc(
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{OTHER}:root"},
                "Action": "s3:PutObject",
                "Resource": "arn:aws:s3:::shared-managed/*",
            }
        ),
    )
    other = aws.session(OTHER)
    outsider = client_for("s3", user("outsider", allow(["s3:PutObject", "kms:*"]), session=other))
    # The aws/s3 key policy allows only principals of the bucket's account (kms:CallerAccount).
    with aws_error("AccessDenied", 403) as error:
        outsider.put_object(Bucket="shared-managed", Key="x", Body=b"x")
    assert "kms:GenerateDataKey" in error["Message"] and "resource-based" in error["Message"]


# -- SQS --------------------------------------------------------------------------------------------------


def test_encrypted_queue_send_and_receive_need_the_key(aws: IAMMock) -> None:
    key = new_key()
    url = boto3.client("sqs").create_queue(QueueName="jobs", Attributes={"KmsMasterKeyId": key})["QueueUrl"]
    messages = allow(["sqs:SendMessage", "sqs:ReceiveMessage"], f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs")
    caller = f"arn:aws:iam::{ACCOUNT}:user/producer"
    producer = client_for("sqs", user("producer", messages))
    with aws_error("KMS.AccessDeniedException", 400) as error:
        producer.send_message(QueueUrl=url, MessageBody="hi")
    assert error["Message"].startswith(kms_denied(caller, "kms:GenerateDataKey", key) + " (Service: AWSKMS;")

    boto3.client("iam").put_user_policy(
        UserName="producer", PolicyName="p", PolicyDocument=doc(messages, allow("kms:GenerateDataKey", key))
    )
    with aws_error("KMS.AccessDeniedException", 400) as error:  # a producer needs kms:Decrypt too
        producer.send_message(QueueUrl=url, MessageBody="hi")
    assert "kms:Decrypt" in error["Message"]
    boto3.client("iam").put_user_policy(
        UserName="producer",
        PolicyName="p",
        PolicyDocument=doc(
            messages,
            allow(
                ["kms:GenerateDataKey", "kms:Decrypt"],
                key,
                Condition={
                    "StringEquals": {
                        "kms:EncryptionContext:aws:sqs:arn": f"arn:aws:sqs:us-east-1:{ACCOUNT}:jobs"
                    }
                },
            ),
        ),
    )
    producer.send_message(QueueUrl=url, MessageBody="hi")
    assert [m["Body"] for m in producer.receive_message(QueueUrl=url)["Messages"]] == ["hi"]


def test_queue_with_the_aws_managed_key(aws: IAMMock) -> None:
    url = boto3.client("sqs").create_queue(
        QueueName="managed", Attributes={"KmsMasterKeyId": "alias/aws/sqs"}
    )["QueueUrl"]
    producer = client_for("sqs", user("p2", allow("sqs:SendMessage")))
    producer.send_message(QueueUrl=url, MessageBody="ok")


# -- Systems Manager Parameter Store ----------------------------------------------------------------------


def test_secure_string_parameter_needs_decrypt_and_encrypt(aws: IAMMock) -> None:
    key = new_key()
    boto3.client("ssm").put_parameter(Name="/app/db", Value="pw", Type="SecureString", KeyId=key)
    parameter = f"arn:aws:ssm:us-east-1:{ACCOUNT}:parameter/app/db"
    reads = allow(["ssm:GetParameter", "ssm:PutParameter"], parameter)
    caller = f"arn:aws:iam::{ACCOUNT}:user/svc"
    ssm = client_for("ssm", user("svc", reads))
    assert ssm.get_parameter(Name="/app/db")["Parameter"]["Value"] != "pw"  # no decryption, no KMS
    with aws_error("AccessDeniedException", 400) as error:
        ssm.get_parameter(Name="/app/db", WithDecryption=True)
    assert error["Message"].startswith(kms_denied(caller, "kms:Decrypt", key))
    with aws_error("AccessDeniedException", 400) as error:
        ssm.put_parameter(Name="/app/db", Value="new", Type="SecureString", KeyId=key, Overwrite=True)
    assert error["Message"].startswith(kms_denied(caller, "kms:Encrypt", key))

    context = {"StringEquals": {"kms:EncryptionContext:PARAMETER_ARN": parameter}}
    boto3.client("iam").put_user_policy(
        UserName="svc",
        PolicyName="p",
        PolicyDocument=doc(reads, allow(["kms:Decrypt", "kms:Encrypt"], key, Condition=context)),
    )
    assert ssm.get_parameter(Name="/app/db", WithDecryption=True)["Parameter"]["Value"] == "pw"
    ssm.put_parameter(Name="/app/db", Value="new", Type="SecureString", KeyId=key, Overwrite=True)
    # The default key aws/ssm: any principal of the account, through Systems Manager.
    boto3.client("ssm").put_parameter(Name="/app/plain", Value="v", Type="SecureString")
    managed = client_for("ssm", user("m", allow("ssm:GetParameter")))
    assert managed.get_parameter(Name="/app/plain", WithDecryption=True)["Parameter"]["Value"] == "v"


# -- Secrets Manager --------------------------------------------------------------------------------------


def test_secret_under_a_customer_managed_key(aws: IAMMock) -> None:
    key = new_key()
    arn = boto3.client("secretsmanager").create_secret(Name="db", SecretString="s3cr3t", KmsKeyId=key)["ARN"]
    reader = client_for("secretsmanager", user("sm", allow("secretsmanager:GetSecretValue", arn)))
    with aws_error("AccessDeniedException", 400, "Access to KMS is not allowed"):
        reader.get_secret_value(SecretId="db")
    boto3.client("iam").put_user_policy(
        UserName="sm",
        PolicyName="p",
        PolicyDocument=doc(allow("secretsmanager:GetSecretValue", arn), allow("kms:Decrypt", key)),
    )
    assert reader.get_secret_value(SecretId="db")["SecretString"] == "s3cr3t"


# -- SNS --------------------------------------------------------------------------------------------------


def test_encrypted_topic_publish_needs_the_key(aws: IAMMock) -> None:
    # "Encryption at rest" (Amazon SNS Developer Guide): publishers need kms:GenerateDataKey* and kms:Decrypt.
    key = new_key()
    topic = boto3.client("sns").create_topic(Name="alerts", Attributes={"KmsMasterKeyId": key})["TopicArn"]
    caller = f"arn:aws:iam::{ACCOUNT}:user/publisher"
    publisher = client_for("sns", user("publisher", allow("sns:Publish", topic)))
    with aws_error("KMSAccessDenied", 400) as error:
        publisher.publish(TopicArn=topic, Message="m")
    assert error["Message"].startswith(kms_denied(caller, "kms:GenerateDataKey", key))
    boto3.client("iam").put_user_policy(
        UserName="publisher",
        PolicyName="p",
        PolicyDocument=doc(allow("sns:Publish", topic), allow(["kms:GenerateDataKey*", "kms:Decrypt"], key)),
    )
    assert publisher.publish(TopicArn=topic, Message="m")["MessageId"]
