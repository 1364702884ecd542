"""The credentials a botocore client would have signed with."""

from __future__ import annotations

import os
from typing import Any

from botocore import UNSIGNED
from botocore.exceptions import NoCredentialsError

from ..backend.caller import Presented
from ..errors import AwsError

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
        # mock started) signs with what the chain finds now: inside a mock, its root keys.
        key, secret = os.environ.get("AWS_ACCESS_KEY_ID"), os.environ.get("AWS_SECRET_ACCESS_KEY")
        if key and secret:
            return Presented(
                key, secret, os.environ.get("AWS_SESSION_TOKEN") or None, from_default_chain=True
            )
        raise NoCredentialsError()
    # Refreshable credentials refresh here, exactly as they would before signing.
    if frozen is None:
        frozen = credentials.get_frozen_credentials()
    if frozen.access_key is None or frozen.secret_key is None:
        raise NoCredentialsError()
    method = getattr(credentials, "method", None)
    return Presented(
        access_key_id=frozen.access_key,
        secret=frozen.secret_key,
        token=frozen.token or None,
        from_default_chain=method not in (None, "explicit"),
    )
