"""The process environment while a mock is active: its root keys in, a developer's real credentials out."""

from __future__ import annotations

import os
import sys
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


# The key and secret each active mock took out of AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY when it started.
# Process-wide, as the environment is: a client that read them before the mock (a module-level client
# in application code) acts as the default account's root, and only such a client (README: "What
# happens while a mock is active"). Nested mocks: the outer mock's entry stays while the inner one runs.
_replaced: list[tuple[str, str]] = []
# moto's mock_aws puts these into the environment while it is active (moto/core/models.py, MockAWS):
# clients created inside it read them, so moto started inside a mock replaced that mock's root keys.
_MOTO_KEYS = ("FOOBARKEY", "FOOBARSECRET")


def replaced_keys(access_key_id: str, secret: str) -> bool:
    """Whether botocore's environment provider may have read this key and secret from variables a mock
    then replaced: what the environment held when an active mock started, or moto's fake keys while
    moto's mock is active. Asked only for keys the active mock does not know."""
    pair = (access_key_id, secret)
    if pair in _replaced:
        return True
    if pair == _MOTO_KEYS:
        models = sys.modules.get("moto.core.models")
        return bool(getattr(getattr(models, "botocore_stubber", None), "enabled", False))
    return False


class Environment:
    """Saves what it changes and puts every variable back on ``restore``, even after a failure."""

    def __init__(self) -> None:
        self._saved: dict[str, str | None] = {}
        self._replaced: tuple[str, str] | None = None

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
        old_key, old_secret = self._saved["AWS_ACCESS_KEY_ID"], self._saved["AWS_SECRET_ACCESS_KEY"]
        if old_key and old_secret and self._replaced is None:
            self._replaced = (old_key, old_secret)
            _replaced.append(self._replaced)
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
        if self._replaced is not None:
            _replaced.remove(self._replaced)
            self._replaced = None
        saved: Mapping[str, str | None] = self._saved
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        self._saved = {}
