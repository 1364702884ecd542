"""IAM enforced on moto's services through aiobotocore clients: allowed, denied, assumed and expired.

moto answers with botocore's synchronous ``AWSResponse``, whose body aiobotocore awaits and cannot
(``TypeError: object bytes can't be used in 'await' expression``, aio-libs/aiobotocore#1320,
getmoto/moto#8694): for every service, with or without iammock. The ``aws`` fixture hands aiobotocore
moto's answers in the shape it reads (an ``AioAWSResponse`` over an async body), and nothing else:
iammock's own answers (its denials) and every sync client are left as they are.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from io import BytesIO
from typing import Any

import boto3
import pytest
from freezegun import freeze_time
from tests.helpers import aws_error

from iammock import IAMMock, clock

moto = pytest.importorskip("moto")
aiobotocore_session = pytest.importorskip("aiobotocore.session")


class _AsyncBody:
    """moto's in-memory body, read as aiobotocore reads an aiohttp response (``read``, ``content.read``)."""

    def __init__(self, data: bytes, url: str) -> None:
        self._data = BytesIO(data)
        self.content = self
        self.url = url

    async def read(self, amt: int | None = -1) -> bytes:
        return self._data.read(-1 if amt is None else amt)

    def at_eof(self) -> bool:
        return self._data.tell() >= len(self._data.getvalue())

    def close(self) -> None:
        pass


@pytest.fixture
def aws(iam_mock: IAMMock, monkeypatch: pytest.MonkeyPatch) -> Iterator[IAMMock]:
    """iammock and moto side by side, with moto's answers readable by aiobotocore."""
    import aiobotocore.endpoint
    from aiobotocore.awsrequest import AioAWSResponse
    from moto.core.botocore_stubber import MockRawResponse

    pick = aiobotocore.endpoint.first_non_none_response

    def readable(responses: Any, default: Any = None) -> Any:
        response = pick(responses, default)
        if isinstance(getattr(response, "raw", None), MockRawResponse):
            body = _AsyncBody(response.raw.getvalue(), response.url)
            return AioAWSResponse(response.url, response.status_code, dict(response.headers), body)
        return response

    # aiobotocore's endpoint only: it picks the before-send answer (moto's) with this function.
    monkeypatch.setattr(aiobotocore.endpoint, "first_non_none_response", readable)
    with moto.mock_aws():
        yield iam_mock


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _allow(action: Any, resource: Any) -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


READS_ALPHA = (
    _allow("s3:ListBucket", "arn:aws:s3:::alpha"),
    _allow("s3:GetObject", "arn:aws:s3:::alpha/*"),
)


def _buckets() -> Any:
    """Two buckets with one object each, made by the account's root through a sync client."""
    s3 = boto3.client("s3", region_name="us-east-1")
    for bucket in ("alpha", "beta"):
        s3.create_bucket(Bucket=bucket)
        s3.put_object(Bucket=bucket, Key="k", Body=f"in {bucket}".encode())
    return s3


def _user(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    iam = boto3.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=_doc(*statements))
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def _alice_and_reader_role(account: str) -> tuple[dict[str, Any], str]:
    """alice's key (she may assume the role) and the ARN of "reader", which trusts her and reads alpha."""
    role_arn = f"arn:aws:iam::{account}:role/reader"
    key = _user("alice", _allow("sts:AssumeRole", role_arn))  # the trusted principal must exist first
    trust = {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{account}:user/alice"}}
    iam = boto3.client("iam")
    iam.create_role(RoleName="reader", AssumeRolePolicyDocument=_doc({**trust, "Action": "sts:AssumeRole"}))
    iam.put_role_policy(RoleName="reader", PolicyName="p", PolicyDocument=_doc(*READS_ALPHA))
    return key, role_arn


def _client(service: str, creds: dict[str, Any]) -> Any:
    """An aiobotocore client (an async context manager) signing with these credentials."""
    return aiobotocore_session.get_session().create_client(
        service,
        region_name="us-east-1",
        aws_access_key_id=creds["AccessKeyId"],
        aws_secret_access_key=creds["SecretAccessKey"],
        aws_session_token=creds.get("SessionToken"),
    )


def _denied(arn: str, action: str, resource: str) -> str:
    return (
        f'User: {arn} is not authorized to perform: {action} on resource: "{resource}" '
        f"because no identity-based policy allows the {action} action"
    )


@pytest.mark.asyncio
async def test_user_reads_its_bucket_through_aiobotocore(aws: IAMMock) -> None:
    _buckets()
    key = _user("reader", *READS_ALPHA)
    async with _client("s3", key) as s3:
        listed = await s3.list_objects_v2(Bucket="alpha")
        assert [o["Key"] for o in listed["Contents"]] == ["k"]
        got = await s3.get_object(Bucket="alpha", Key="k")
        async with got["Body"] as body:
            assert await body.read() == b"in alpha"
    arn = f"arn:aws:iam::{aws.account_id}:user/reader"
    # Enforcement decided both calls (as the user), and allowed them: moto answered the data.
    for operation in ("ListObjectsV2", "GetObject"):
        events = aws.trail.events(event_name=operation, principal=arn)
        assert [e.get("errorCode") for e in events] == [None], events


@pytest.mark.asyncio
async def test_user_is_denied_on_another_bucket_with_s3s_error(aws: IAMMock) -> None:
    root = _buckets()
    key = _user("reader", *READS_ALPHA)
    arn = f"arn:aws:iam::{aws.account_id}:user/reader"
    async with _client("s3", key) as s3:
        with aws_error("AccessDenied", 403, _denied(arn, "s3:ListBucket", "arn:aws:s3:::beta")):
            await s3.list_objects_v2(Bucket="beta")
        with aws_error("AccessDenied", 403, _denied(arn, "s3:GetObject", "arn:aws:s3:::beta/k")):
            await s3.get_object(Bucket="beta", Key="k")
        with aws_error("AccessDenied", 403, _denied(arn, "s3:PutObject", "arn:aws:s3:::alpha/new")):
            await s3.put_object(Bucket="alpha", Key="new", Body=b"x")
        # HeadObject needs s3:GetObject; S3 answers a HEAD without a body, so botocore reports "403".
        with aws_error("403", 403):
            await s3.head_object(Bucket="beta", Key="k")
    assert [o["Key"] for o in root.list_objects_v2(Bucket="alpha")["Contents"]] == ["k"]  # moto never saw it
    assert [e["eventName"] for e in aws.trail.events(principal=arn, error_code="AccessDenied")] == [
        "ListObjectsV2",
        "GetObject",
        "PutObject",
        "HeadObject",
    ]


@pytest.mark.asyncio
async def test_assumed_role_credentials_are_enforced_and_expire(aws: IAMMock) -> None:
    _buckets()
    key, role_arn = _alice_and_reader_role(aws.account_id)
    async with _client("sts", key) as sts:
        assumed = await sts.assume_role(RoleArn=role_arn, RoleSessionName="async", DurationSeconds=900)
    creds = assumed["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    session_arn = f"arn:aws:sts::{aws.account_id}:assumed-role/reader/async"
    issued = clock.now()
    async with _client("s3", creds) as s3:
        got = await s3.get_object(Bucket="alpha", Key="k")
        async with got["Body"] as body:
            assert await body.read() == b"in alpha"
        with aws_error("AccessDenied", 403, _denied(session_arn, "s3:GetObject", "arn:aws:s3:::beta/k")):
            await s3.get_object(Bucket="beta", Key="k")
        with freeze_time(issued + timedelta(seconds=899)):
            assert (await s3.list_objects_v2(Bucket="alpha"))["KeyCount"] == 1
        with (
            freeze_time(issued + timedelta(seconds=901)),
            aws_error("ExpiredToken", 400, "The provided token has expired."),
        ):
            await s3.get_object(Bucket="alpha", Key="k")
    assert [e["eventName"] for e in aws.trail.events(error_code="ExpiredToken")] == ["GetObject"]
    # The user's own (long-term) key is not a role session: it cannot read alpha at all.
    async with _client("s3", key) as s3:
        with aws_error("AccessDenied", 403):
            await s3.list_objects_v2(Bucket="alpha")


@pytest.mark.asyncio
async def test_role_profile_credentials_resolve_inside_the_enforcement(
    aws: IAMMock, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A role profile: aiobotocore assumes the role (through iammock) only when the first S3 call
    awaits its credentials, and that call is then decided as the role session."""
    _buckets()
    key, role_arn = _alice_and_reader_role(aws.account_id)
    (tmp_path / "credentials").write_text(
        f"[base]\naws_access_key_id = {key['AccessKeyId']}\n"
        f"aws_secret_access_key = {key['SecretAccessKey']}\n"
    )
    (tmp_path / "config").write_text(
        f"[profile chained]\nrole_arn = {role_arn}\nsource_profile = base\n"
        "role_session_name = profiled\nregion = us-east-1\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    session = aiobotocore_session.AioSession(profile="chained")
    async with session.create_client("s3", region_name="us-east-1") as s3:
        assert not aws.trail.events(event_name="AssumeRole")  # nothing resolved yet
        got = await s3.get_object(Bucket="alpha", Key="k")
        async with got["Body"] as body:
            assert await body.read() == b"in alpha"
        session_arn = f"arn:aws:sts::{aws.account_id}:assumed-role/reader/profiled"
        with aws_error("AccessDenied", 403, _denied(session_arn, "s3:GetObject", "arn:aws:s3:::beta/k")):
            await s3.get_object(Bucket="beta", Key="k")
    assert [e.get("errorCode") for e in aws.trail.events(event_name="AssumeRole")] == [None]
    assert [e.get("errorCode") for e in aws.trail.events(event_name="GetObject", principal=session_arn)] == [
        None,
        "AccessDenied",
    ]
