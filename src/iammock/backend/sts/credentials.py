"""Issuing temporary credentials (ASIA… keys with a session token and an expiry)."""

from __future__ import annotations

from datetime import timedelta
from functools import lru_cache

from ..call import Call
from ..model import TemporaryCredentials


def issue(
    call: Call,
    *,
    account_id: str,
    kind: str,
    arn: str,
    user_id: str,
    duration: int,
    origin: str,
    user_name: str | None = None,
    mfa_authenticated: bool = False,
    session_policies: tuple[str, ...] | None = None,
    session_policy_arns: tuple[str, ...] = (),
    tags: dict[str, str] | None = None,
    parent: str | None = None,
) -> TemporaryCredentials:
    """A session with fresh keys, expiring ``duration`` seconds from now, whose keys authenticate."""
    access_key_id, secret, token = call.backend.ids.temporary_credentials()
    now = call.now
    session = TemporaryCredentials(
        access_key_id=access_key_id,
        secret=secret,
        token=token,
        account_id=account_id,
        kind=kind,
        arn=arn,
        user_id=user_id,
        issued=now,
        expiration=now + span(duration),
        user_name=user_name,
        mfa_authenticated=mfa_authenticated,
        session_policies=session_policies,
        session_policy_arns=session_policy_arns,
        tags={} if tags is None else tags,
        origin=origin,
        parent=parent,
    )
    call.backend.temporary[access_key_id] = session
    return session


@lru_cache(maxsize=256)
def span(seconds: int) -> timedelta:
    # Building a timedelta from keyword seconds costs more than the lookup; sessions ask for few lengths.
    return timedelta(seconds=seconds)


def render(session: TemporaryCredentials) -> dict[str, object]:
    """The ``Credentials`` element of every STS answer."""
    return {
        "AccessKeyId": session.access_key_id,
        "SecretAccessKey": session.secret,
        "SessionToken": session.token,
        "Expiration": session.expiration,
    }
