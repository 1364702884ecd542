"""Errors that are not the mock's reach the caller unchanged.

What botocore's credential providers raise while a client resolves its credentials (NoCredentialsError,
PartialCredentialsError, CredentialRetrievalError, RefreshWithMFAUnsupportedError, an MFA prompt at end
of input, "refreshed credentials are still expired", the application's own provider failing) is raised
by the same call inside a mock exactly as without one: same type, same message. Each scenario runs
with the suite's wire check on and off, since it must not change what users get.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.credentials import CredentialProvider, RefreshableCredentials
from botocore.exceptions import (
    ClientError,
    CredentialRetrievalError,
    NoCredentialsError,
    PartialCredentialsError,
    RefreshWithMFAUnsupportedError,
)

from iammock import clock, mock_iam
from iammock.clock_control import IAMClock
from iammock.hook import dispatch
from iammock.testing import totp

PAST = "2001-02-03T04:05:06Z"


@pytest.fixture(params=[True, False], ids=["wire-check", "as-users-run"])
def wire_check(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> bool:
    monkeypatch.setattr(dispatch, "WIRE_CHECK", request.param)
    return bool(request.param)


@contextmanager
def _no_mock() -> Iterator[None]:
    """The same scenario without a mock: the environment is put back afterwards, as the mock does."""
    saved = dict(os.environ)
    try:
        yield
    finally:
        os.environ.clear()
        os.environ.update(saved)


def _raised(call: Callable[[], Any]) -> BaseException:
    with pytest.raises(BaseException) as caught:
        call()
    return caught.value


def _same_as_without_a_mock(scenario: Callable[[], Any], expected: type[BaseException]) -> BaseException:
    """The exception ``scenario()`` raises inside a mock, checked against the one it raises without."""
    with _no_mock():
        outside = _raised(scenario)
    with mock_iam():
        inside = _raised(scenario)
    assert type(outside) is expected, repr(outside)
    assert type(inside) is expected, repr(inside)
    assert str(inside) == str(outside)
    return inside


def _files(tmp_path: Path, credentials: str = "", config: str = "") -> None:
    (tmp_path / "credentials").write_text(credentials)
    (tmp_path / "config").write_text(config)
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "credentials")
    os.environ["AWS_CONFIG_FILE"] = str(tmp_path / "config")


def _process(tmp_path: Path, body: str) -> str:
    """A ``credential_process`` line running ``sys.executable`` on a script with this body."""
    script = tmp_path / "credential_process.py"
    script.write_text("import json, pathlib, sys\n" + body)
    return f"{sys.executable} {script}"


# -- botocore's own errors ---------------------------------------------------------------------------------


def test_no_credentials_anywhere(wire_check: bool) -> None:
    def scenario() -> Any:
        os.environ.pop("AWS_ACCESS_KEY_ID", None)
        os.environ.pop("AWS_SECRET_ACCESS_KEY", None)
        client = botocore.session.Session().create_client("sts", region_name="us-east-1")
        return client.get_caller_identity()

    _same_as_without_a_mock(scenario, NoCredentialsError)


def test_partial_credentials_when_environment_credentials_refresh(wire_check: bool) -> None:
    def scenario() -> Any:
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": "AKIAEXPIRINGEXPIRING",
                "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_CREDENTIAL_EXPIRATION": PAST,
            }
        )
        client = boto3.Session(region_name="us-east-1").client("sts")
        del os.environ["AWS_SECRET_ACCESS_KEY"]  # botocore re-reads the environment to refresh
        return client.get_caller_identity()

    error = _same_as_without_a_mock(scenario, PartialCredentialsError)
    assert "AWS_SECRET_ACCESS_KEY" in str(error)


def test_refreshed_credentials_still_expired(tmp_path: Path, wire_check: bool) -> None:
    printed = {
        "Version": 1,
        "AccessKeyId": "AKIAPROCESSPROCESS01",
        "SecretAccessKey": "s",
        "Expiration": PAST,
    }
    process = _process(tmp_path, f"print(json.dumps({printed!r}))\n")

    def scenario() -> Any:
        _files(tmp_path, config=f"[profile proc]\ncredential_process = {process}\n")
        return boto3.Session(profile_name="proc", region_name="us-east-1").client("sts").get_caller_identity()

    error = _same_as_without_a_mock(scenario, RuntimeError)
    assert str(error) == "Credentials were refreshed, but the refreshed credentials are still expired."


def test_credential_process_failing_on_refresh(tmp_path: Path, wire_check: bool) -> None:
    marker = tmp_path / "down"
    printed = {
        "Version": 1,
        "AccessKeyId": "AKIAPROCESSPROCESS01",
        "SecretAccessKey": "s",
        "Expiration": PAST,
    }
    process = _process(
        tmp_path,
        f"if pathlib.Path({str(marker)!r}).exists():\n"
        "    sys.stderr.write('the token service is down')\n"
        "    sys.exit(3)\n"
        f"print(json.dumps({printed!r}))\n",
    )

    def scenario() -> Any:
        marker.unlink(missing_ok=True)
        _files(tmp_path, config=f"[profile proc]\ncredential_process = {process}\n")
        client = boto3.Session(profile_name="proc", region_name="us-east-1").client("sts")
        marker.write_text("")
        return client.get_caller_identity()

    error = _same_as_without_a_mock(scenario, CredentialRetrievalError)
    assert "the token service is down" in str(error)


def test_mfa_prompt_at_end_of_input(tmp_path: Path, wire_check: bool) -> None:
    def no_terminal(prompt: str) -> str:
        raise EOFError  # what input()/getpass raise when stdin is closed, as on a CI runner

    def scenario() -> Any:
        _files(
            tmp_path,
            credentials="[base]\naws_access_key_id = AKIABASEBASEBASEBASE\naws_secret_access_key = s\n",
            config=(
                "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n"
                "mfa_serial = arn:aws:iam::123456789012:mfa/base\n"
            ),
        )
        session = botocore.session.Session(profile="app")
        session.get_component("credential_provider").get_provider("assume-role")._prompter = no_terminal
        return session.create_client("sts", region_name="us-east-1").get_caller_identity()

    _same_as_without_a_mock(scenario, EOFError)


def test_mfa_credentials_cannot_refresh(tmp_path: Path, iam_clock: IAMClock, wire_check: bool) -> None:
    with mock_iam():
        iam = boto3.client("iam")
        iam.create_user(UserName="base")
        iam.put_user_policy(
            UserName="base",
            PolicyName="assume",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
                }
            ),
        )
        key = iam.create_access_key(UserName="base")["AccessKey"]
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName="base")["VirtualMFADevice"]
        seed = device["Base32StringSeed"]
        seed = seed.decode() if isinstance(seed, bytes) else seed
        first, second = totp.consecutive_codes(seed)
        iam.enable_mfa_device(
            UserName="base",
            SerialNumber=device["SerialNumber"],
            AuthenticationCode1=first,
            AuthenticationCode2=second,
        )
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Principal": {"AWS": "123456789012"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
                }
            ],
        }
        iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(trust))
        _files(
            tmp_path,
            credentials=(
                f"[base]\naws_access_key_id = {key['AccessKeyId']}\n"
                f"aws_secret_access_key = {key['SecretAccessKey']}\n"
            ),
            config=(
                "[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n"
                f"mfa_serial = {device['SerialNumber']}\n"
            ),
        )
        session = botocore.session.Session(profile="app")
        prompted: list[str] = []

        def authenticator_app(prompt: str) -> str:
            prompted.append(prompt)
            return totp.totp(seed, clock.now())

        session.get_component("credential_provider").get_provider("assume-role")._prompter = authenticator_app
        sts = session.create_client("sts", region_name="us-east-1")
        assert sts.get_caller_identity()["Arn"].startswith("arn:aws:sts::123456789012:assumed-role/app/")
        iam_clock.advance(3601)  # the role session has expired: botocore refreshes, and refuses to
        with pytest.raises(RefreshWithMFAUnsupportedError) as caught:
            sts.get_caller_identity()
        assert str(caught.value) == str(RefreshWithMFAUnsupportedError())
        assert len(prompted) == 1


def test_an_assume_role_profile_refused_by_sts(tmp_path: Path, wire_check: bool) -> None:
    # The provider's own AssumeRole call fails (no such role): the caller gets that call's ClientError,
    # as botocore raises it from the provider, not a failure of the call it was resolving credentials for.
    with mock_iam():
        iam = boto3.client("iam")
        iam.create_user(UserName="base")
        key = iam.create_access_key(UserName="base")["AccessKey"]
        _files(
            tmp_path,
            credentials=(
                f"[base]\naws_access_key_id = {key['AccessKeyId']}\n"
                f"aws_secret_access_key = {key['SecretAccessKey']}\n"
            ),
            config="[profile app]\nrole_arn = arn:aws:iam::123456789012:role/gone\nsource_profile = base\n",
        )
        iam_as_app = boto3.Session(profile_name="app").client("iam")
        with pytest.raises(ClientError) as caught:
            iam_as_app.list_users()
    assert caught.value.operation_name == "AssumeRole"
    assert caught.value.response["Error"]["Code"] == "AccessDenied"


# -- the application's own provider ----------------------------------------------------------------------


class VaultSealedError(Exception):
    """An application's own error, raised by its own credential provider."""


class VaultProvider(CredentialProvider):  # type: ignore[misc]
    METHOD = "vault"
    CANONICAL_NAME = "Vault"

    def load(self) -> RefreshableCredentials:
        def refresh() -> dict[str, Any]:
            raise VaultSealedError("the vault is sealed")

        metadata = {
            "access_key": "AKIAVAULTVAULTVAULT1",
            "secret_key": "s",
            "token": "t",
            "expiry_time": PAST,
        }
        return RefreshableCredentials.create_from_metadata(metadata, refresh, self.METHOD)


def test_an_applications_own_provider_error(wire_check: bool) -> None:
    def scenario() -> Any:
        session = botocore.session.Session()
        session.get_component("credential_provider").insert_before("env", VaultProvider())
        return session.create_client("sts", region_name="us-east-1").get_caller_identity()

    error = _same_as_without_a_mock(scenario, VaultSealedError)
    assert str(error) == "the vault is sealed"


# -- the wire check is an extra assertion, not another program -------------------------------------------


def _outcome(call: Callable[[], Any]) -> Any:
    """What a caller can see of a call: the result without its request ID, or the error's type and text."""
    try:
        result = dict(call())
    except Exception as error:  # every outcome is compared, whatever it is
        response = getattr(error, "response", None)
        if response is not None:
            return type(error).__name__, response["Error"], response["ResponseMetadata"]["HTTPStatusCode"]
        return type(error).__name__, str(error)
    result.pop("ResponseMetadata")
    return result


def test_the_wire_check_changes_no_outcome(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_iam():
        iam = boto3.client("iam")
        iam.create_user(UserName="alice")
        key = iam.create_access_key(UserName="alice")["AccessKey"]
        alice = boto3.client(
            "iam", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
        )
        calls: dict[str, Callable[[], Any]] = {
            "success": lambda: boto3.client("sts").get_caller_identity(),
            "aws error": lambda: alice.create_user(UserName="bob"),
            "credential error": lambda: (
                botocore.session.Session().create_client("iam", region_name="us-east-1").list_users()
            ),
        }
        outcomes: dict[bool, dict[str, Any]] = {}
        for check in (True, False):
            monkeypatch.setattr(dispatch, "WIRE_CHECK", check)
            saved = os.environ.pop("AWS_ACCESS_KEY_ID"), os.environ.pop("AWS_SECRET_ACCESS_KEY")
            try:
                credential_error = _outcome(calls["credential error"])
            finally:
                os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"] = saved
            outcomes[check] = {
                "success": _outcome(calls["success"]),
                "aws error": _outcome(calls["aws error"]),
                "credential error": credential_error,
            }
    assert outcomes[True] == outcomes[False]
    assert outcomes[True]["success"]["Arn"] == "arn:aws:iam::123456789012:root"
    assert outcomes[True]["aws error"][1]["Code"] == "AccessDenied"
    assert outcomes[True]["credential error"] == ("NoCredentialsError", "Unable to locate credentials")


@pytest.mark.asyncio
async def test_aiobotocore_awaited_credentials_raise_as_without_a_mock() -> None:
    aiobotocore_session = pytest.importorskip("aiobotocore.session")

    async def scenario() -> BaseException:
        os.environ.update(
            {
                "AWS_ACCESS_KEY_ID": "AKIAEXPIRINGEXPIRING",
                "AWS_SECRET_ACCESS_KEY": "s",
                "AWS_CREDENTIAL_EXPIRATION": PAST,
            }
        )
        async with aiobotocore_session.get_session().create_client("sts", region_name="us-east-1") as sts:
            del os.environ["AWS_SECRET_ACCESS_KEY"]  # the refresh, awaited before signing, fails
            with pytest.raises(BaseException) as caught:
                await sts.get_caller_identity()
        return caught.value

    with _no_mock():
        outside = await scenario()
    with mock_iam():
        inside = await scenario()
    assert type(outside) is type(inside) is PartialCredentialsError
    assert str(inside) == str(outside)


@pytest.mark.asyncio
async def test_aiobotocore_unknown_environment_keys_are_refused() -> None:
    aiobotocore_session = pytest.importorskip("aiobotocore.session")
    with mock_iam():
        os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"] = "AKIAGHOSTGHOSTGHOST1", "s"
        async with aiobotocore_session.get_session().create_client("iam", region_name="us-east-1") as iam:
            with pytest.raises(ClientError) as caught:
                await iam.create_user(UserName="x")
    assert caught.value.response["Error"]["Code"] == "InvalidClientTokenId"
