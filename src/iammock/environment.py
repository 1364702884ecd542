"""The process environment while a mock is active: its root keys in, a developer's real credentials out."""

from __future__ import annotations

import os
from collections.abc import Mapping

# Every variable through which botocore could find credentials or a profile other than the mock's.
_CLEARED = (
    "AWS_SESSION_TOKEN",
    "AWS_SECURITY_TOKEN",
    "AWS_PROFILE",
    "AWS_DEFAULT_PROFILE",
    "AWS_ROLE_ARN",
    "AWS_ROLE_SESSION_NAME",
    "AWS_WEB_IDENTITY_TOKEN_FILE",
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
    "AWS_CREDENTIAL_EXPIRATION",
    "AWS_ACCOUNT_ID",
)


class Environment:
    """Saves what it changes and puts every variable back on ``restore``, even after a failure."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}

    def _set(self, name: str, value: str | None) -> None:
        if name not in self._saved:
            self._saved[name] = os.environ.get(name)
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value

    def apply(self, access_key_id: str, secret: str, region_name: str | None) -> None:
        self._set("AWS_ACCESS_KEY_ID", access_key_id)
        self._set("AWS_SECRET_ACCESS_KEY", secret)
        for name in _CLEARED:
            self._set(name, None)
        # Empty files: botocore reads them and finds no profile, no keys, no role to assume.
        self._set("AWS_SHARED_CREDENTIALS_FILE", os.devnull)
        self._set("AWS_CONFIG_FILE", os.devnull)
        self._set("AWS_EC2_METADATA_DISABLED", "true")
        if region_name is not None:
            self._set("AWS_DEFAULT_REGION", region_name)
        elif not os.environ.get("AWS_DEFAULT_REGION"):
            self._set("AWS_DEFAULT_REGION", "us-east-1")

    def set_keys(self, access_key_id: str, secret: str) -> None:
        os.environ["AWS_ACCESS_KEY_ID"] = access_key_id
        os.environ["AWS_SECRET_ACCESS_KEY"] = secret

    def restore(self) -> None:
        saved: Mapping[str, str | None] = self._saved
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved = {}
