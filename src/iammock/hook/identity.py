"""The credentials a botocore client would have signed with."""

from __future__ import annotations

import os
from typing import Any

from botocore import UNSIGNED
from botocore.credentials import Credentials, ReadOnlyCredentials
from botocore.exceptions import NoCredentialsError

from ..backend.caller import Presented
from ..errors import AwsError

# Where a credentials object keeps what it last presented, with what it was built from.
_KEPT = "_iammock_presented"
_MISSING_TOKEN = AwsError("MissingAuthenticationToken", "Request is missing Authentication Token", 403)


def presented_credentials(operation_model: Any, request_signer: Any, frozen: Any = None) -> Presented | None:
    """None for operations AWS takes unsigned (web identity, SAML).

    Without credentials, botocore's own error, as without the mock. ``frozen``: the credentials'
    frozen values when the caller already resolved them (aiobotocore's are a coroutine away).
    """
    if operation_model.resolved_auth_type == "none":
        return None
    if request_signer.signature_version is UNSIGNED:
        raise _MISSING_TOKEN
    credentials = request_signer._credentials
    if credentials is None:
        # A client created when the chain found nothing (a module-level client imported before the
        # mock started) signs with what the environment holds now: inside a mock, its root keys. They
        # are authenticated like any others.
        key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
        if key and secret:
            return Presented(key, secret, os.environ.get("AWS_SESSION_TOKEN") or None, from_environment=True)
        raise NoCredentialsError()
    if frozen is None and type(credentials) is Credentials:
        # botocore's plain credentials change only by assignment to their attributes: the Presented is
        # built again only when one of them is another object than last time. They are read once, since
        # another thread may assign them meanwhile and what is kept must match what was built.
        key, secret, token = credentials.access_key, credentials.secret_key, credentials.token
        method = credentials.method
        state = credentials.__dict__
        kept = state.get(_KEPT)
        if (
            kept is not None
            and kept[0] is key
            and kept[1] is secret
            and kept[2] is token
            and kept[3] is method
        ):
            presented: Presented = kept[4]
            return presented
        presented = _presented(key, secret, token, method)
        state[_KEPT] = (key, secret, token, method, presented)
        return presented
    # Refreshable credentials refresh here, exactly as they would before signing.
    if frozen is None:
        frozen = credentials.get_frozen_credentials()
    method = getattr(credentials, "method", None)
    # They hand out the same immutable frozen tuple until they refresh.
    state = getattr(credentials, "__dict__", None)
    kept = state.get(_KEPT) if state is not None else None
    if kept is not None and kept[0] is frozen and kept[1] is method:
        presented = kept[2]
        return presented
    presented = _presented(frozen.access_key, frozen.secret_key, frozen.token, method)
    if state is not None and type(frozen) is ReadOnlyCredentials:
        state[_KEPT] = (frozen, method, presented)
    return presented


def _presented(key: Any, secret: Any, token: Any, method: Any) -> Presented:
    if key is None or secret is None:
        raise NoCredentialsError()
    return Presented(
        access_key_id=key,
        secret=secret,
        token=token or None,
        # botocore's EnvProvider.METHOD: the only provider whose keys may be the ones a mock replaced.
        from_environment=method == "env",
    )
