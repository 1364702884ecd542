"""aiobotocore's own metadata providers (its fetchers send through ``AIOHTTPSession``) inside a mock:
answered in process, refreshed on the mock's clock, no socket opened."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from tests.credentials.test_providers import assert_expired

from iammock import IAMMock
from iammock.clock_control import IAMClock

aiobotocore_session = pytest.importorskip("aiobotocore.session")

HOUR = 3600


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Records (and refuses) every attempt to open a connection or resolve a name; none may happen."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield
    assert attempts == []


def _trust(service: str) -> str:
    statement = {"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


async def _refreshes(iam_clock: IAMClock, marker: str) -> None:
    session = aiobotocore_session.get_session()
    credentials = await session.get_credentials()
    assert credentials is not None
    first = await credentials.get_frozen_credentials()
    async with session.create_client("sts") as sts:
        assert marker in (await sts.get_caller_identity())["Arn"]
        iam_clock.advance(HOUR + 1)
        assert marker in (await sts.get_caller_identity())["Arn"]
    assert (await credentials.get_frozen_credentials()).access_key != first.access_key
    assert_expired(first)


@pytest.mark.asyncio
async def test_instance_profile_through_aiobotocore(iam_mock: IAMMock, iam_clock: IAMClock) -> None:
    iam = boto3.client("iam")
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=_trust("ec2.amazonaws.com"))
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web")
    with iam_mock.instance_profile("web", http_tokens="required") as instance:
        await _refreshes(iam_clock, f"/web/{instance.instance_id}")


@pytest.mark.asyncio
async def test_container_credentials_through_aiobotocore(iam_mock: IAMMock, iam_clock: IAMClock) -> None:
    boto3.client("iam").create_role(
        RoleName="task", AssumeRolePolicyDocument=_trust("ecs-tasks.amazonaws.com")
    )
    with iam_mock.container_credentials("task"):
        await _refreshes(iam_clock, ":assumed-role/task/")
