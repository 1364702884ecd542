"""Issuing temporary credentials (ASIA… keys with a session token and an expiry)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache
from typing import Any

from ..call import Call
from ..model import TemporaryCredentials


def issue(
    call: Call, *, account_id: str, kind: str, arn: str, user_id: str, duration: int, **fields: Any
) -> TemporaryCredentials:
    session = new(
        call, account_id=account_id, kind=kind, arn=arn, user_id=user_id, duration=duration, **fields
    )
    return store(call, session)


def new(
    call: Call, *, account_id: str, kind: str, arn: str, user_id: str, duration: int, **fields: Any
) -> TemporaryCredentials:
    """A session with fresh keys, expiring ``duration`` seconds from now; not usable until stored."""
    access_key_id, secret, token = call.backend.ids.temporary_credentials()
    now = call.now
    return TemporaryCredentials(
        access_key_id=access_key_id,
        secret=secret,
        token=token,
        account_id=account_id,
        kind=kind,
        arn=arn,
        user_id=user_id,
        issued=now,
        expiration=now + _span(duration),
        **fields,
    )


@lru_cache(maxsize=256)
def _span(seconds: int) -> timedelta:
    # Building a timedelta from keyword seconds costs more than the lookup; sessions ask for few lengths.
    return timedelta(seconds=seconds)


def store(call: Call, session: TemporaryCredentials) -> TemporaryCredentials:
    """Make a session's keys authenticate."""
    call.backend.temporary[session.access_key_id] = session
    return session


def render(session: TemporaryCredentials) -> dict[str, Any]:
    """The ``Credentials`` element of every STS answer."""
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret,
        "SessionToken": session.token,
        "Expiration": session.expiration,
    }
