"""The process environment while a mock is active: its root keys in, a developer's real credentials out."""

from __future__ import annotations

import atexit
import contextlib
import os
import shutil
import sys
import tempfile
import threading
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


# Where the home folder is taken from: os.path.expanduser reads HOME on POSIX and USERPROFILE on Windows.
_HOME_VARIABLES = ("USERPROFILE", "HOME") if os.name == "nt" else ("HOME",)

# Paths that botocore and the AWS CLI compute from the home folder once, when their module is imported,
# so pointing HOME elsewhere does not move them: (module, attribute, path under the home folder).
# Everything else they read or write under ~ (the CLI's aliases, `aws login`'s cache, botocore's
# ~/.aws/models, codeartifact's ~/.netrc and ~/.pypirc) follows HOME when used.
_HISTORY = (".aws", "cli", "history", "history.db")
_HOME_PATHS = (
    # The CLI's cache of assumed-role and web-identity credentials (profiles with role_arn).
    ("awscli.customizations.assumerole", "CACHE_DIR", (".aws", "cli", "cache")),
    # `cli_history = enabled`: the constant and the two modules that import it by value.
    ("awscli.customizations.history.constants", "DEFAULT_HISTORY_FILENAME", _HISTORY),
    ("awscli.customizations.history", "DEFAULT_HISTORY_FILENAME", _HISTORY),
    ("awscli.customizations.history.commands", "DEFAULT_HISTORY_FILENAME", _HISTORY),
    # `aws eks update-kubeconfig` without KUBECONFIG.
    ("awscli.customizations.eks.update_kubeconfig", "DEFAULT_PATH", (".kube", "config")),
    # IAM Identity Center tokens, read (a developer's real login) and written on refresh.
    ("botocore.credentials", "SSOProvider._SSO_TOKEN_CACHE_DIR", (".aws", "sso", "cache")),
    ("botocore.tokens", "SSOTokenProvider._SSO_TOKEN_CACHE_DIR", (".aws", "sso", "cache")),
)
_ABSENT = object()


class _Homes:
    """Empty home folders, in one private folder per process that goes when the process exits.

    A mock's folder is emptied when it stops and handed to the next mock: creating and emptying a folder
    costs microseconds, while removing one can cost milliseconds (ext4 mounted with ``discard`` trims
    the freed block at once), which every test would pay.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parent: str | None = None
        self._free: list[str] = []
        self._made = 0

    def take(self) -> str:
        with self._lock:
            if self._free:
                home = self._free.pop()
            else:
                if self._parent is None:
                    self._parent = tempfile.mkdtemp(prefix="iammock-homes-")  # private: mode 0700
                    atexit.register(_remove_when_exiting, self._parent, os.getpid())
                self._made += 1
                home = os.path.join(self._parent, f"home-{self._made}")
                os.mkdir(home)
                return home
        _empty(home)  # a thread may have written there after its mock stopped
        return home

    def give_back(self, home: str) -> None:
        _empty(home)
        with self._lock:
            self._free.append(home)


def _empty(folder: str) -> None:
    try:
        with os.scandir(folder) as entries:
            found = list(entries)
    except FileNotFoundError:  # removed by the code under test
        os.makedirs(folder, exist_ok=True)
        return
    for entry in found:
        if entry.is_dir(follow_symlinks=False):
            shutil.rmtree(entry.path, ignore_errors=True)
        else:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(entry.path)


def _remove_when_exiting(parent: str, pid: int) -> None:
    if os.getpid() == pid:  # not in a forked child, whose parent still uses the folders
        shutil.rmtree(parent, ignore_errors=True)


_HOMES = _Homes()


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
        self._home: str | None = None
        self._home_paths: list[tuple[str, str, tuple[str, ...], object]] = []
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

    def redirect_home(self) -> str:
        """Point the home folder at an empty folder until ``restore``, which empties it: whatever the code
        under test (the AWS CLI's credential cache above all) writes under ~ stays out of the real home
        and is gone when the mock stops. Returns the folder."""
        home = _HOMES.take()
        self._home = home
        for name in _HOME_VARIABLES:
            self._set(name, home)
        for module_name, attribute, parts in _HOME_PATHS:
            owner, name = _owner(module_name, attribute)
            saved = getattr(owner, name, _ABSENT) if owner is not None else _ABSENT
            if owner is None or saved is not _ABSENT:  # imported later (computed from HOME), or patched now
                self._home_paths.append((module_name, attribute, parts, saved))
            if saved is not _ABSENT:
                setattr(owner, name, os.path.join(home, *parts))
        return home

    def _restore_home(self) -> None:
        """Put the home-derived paths back, once the variables are back: a module first imported while the
        mock was active gets the path its import would compute now."""
        for module_name, attribute, parts, saved in self._home_paths:
            owner, name = _owner(module_name, attribute)
            if owner is None or not hasattr(owner, name):
                continue
            if saved is _ABSENT:
                setattr(owner, name, os.path.join(os.path.expanduser("~"), *parts))
            else:
                setattr(owner, name, saved)
        self._home_paths = []
        if self._home is not None:
            _HOMES.give_back(self._home)
            self._home = None

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
        self._restore_home()


def _owner(module_name: str, attribute: str) -> tuple[object | None, str]:
    """The object holding ``attribute`` ("Class.name" or "name") in an imported module, and its last name."""
    owner: object | None = sys.modules.get(module_name)
    *path, name = attribute.split(".")
    for step in path:
        owner = getattr(owner, step, None)
    return owner, name
