"""A demonstration of iammock's main job, run by the README's first command: ``python -m iammock.demo``."""

from __future__ import annotations

import datetime as dt

import boto3
import freezegun
from botocore.exceptions import ClientError

from . import mock_iam


def _line(text: str) -> None:
    print(f"  {text}")


def main() -> int:
    print("iammock demonstration: IAM and STS answered in process, nothing sent to AWS\n")
    with mock_iam() as aws, freezegun.freeze_time("2030-01-01T09:00:00Z") as clock:
        iam = boto3.client("iam")
        print(f"Account {aws.account_id}, acting as its root user:")
        _line(f"caller: {boto3.client('sts').get_caller_identity()['Arn']}")

        user = iam.create_user(UserName="alice", Path="/engineering/")["User"]
        _line(f"created {user['Arn']} ({user['UserId']})")
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        _line(f"gave alice access key {key['AccessKeyId']}")

        print("\nAlice signs her own calls:")
        as_alice = boto3.Session(
            aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
        )
        _line(f"caller: {as_alice.client('sts').get_caller_identity()['Arn']}")
        try:
            as_alice.client("iam").create_user(UserName="mallory")
        except ClientError as error:
            _line(f"create_user(mallory) refused: {error.response['Error']['Code']}")
            _line(error.response["Error"]["Message"])

        print("\nTemporary credentials expire when the clock moves:")
        creds = as_alice.client("sts").get_session_token(DurationSeconds=900)["Credentials"]
        _line(f"session key {creds['AccessKeyId']} expires {creds['Expiration']:%H:%M:%S} UTC")
        temp = boto3.client(
            "sts",
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )
        _line(f"at 09:00:00 the session is {temp.get_caller_identity()['Arn']}")
        clock.tick(dt.timedelta(minutes=15))
        try:
            temp.get_caller_identity()
        except ClientError as error:
            _line(f"at 09:15:00: {error.response['Error']['Code']}: {error.response['Error']['Message']}")

        print("\nA wrong secret is caught too:")
        try:
            boto3.client(
                "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key="not-the-secret"
            ).get_caller_identity()
        except ClientError as error:
            _line(f"{error.response['Error']['Code']}")
    print("\nThe mock has stopped; nothing it created survives.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
