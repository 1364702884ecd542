"""Issuing temporary credentials (ASIA… keys with a session token and an expiry)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from ..call import Call
from ..model import TemporaryCredentials


def issue(
    call: Call, *, account_id: str, kind: str, arn: str, user_id: str, duration: int, **fields: Any
) -> TemporaryCredentials:
    ids = call.backend.ids
    session = TemporaryCredentials(
        access_key_id=ids.access_key_id("ASIA"),
        secret=ids.secret_access_key(),
        token=ids.session_token(),
        account_id=account_id,
        kind=kind,
        arn=arn,
        user_id=user_id,
        issued=call.now,
        expiration=call.now + timedelta(seconds=duration),
        **fields,
    )
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
