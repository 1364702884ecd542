"""Secret keys, session tokens, passwords, MFA seeds and private keys never show: not in reprs, logs,
audit events or error messages."""

from __future__ import annotations

import base64
import dataclasses
import json
import logging
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from tests.iam.crypto_helpers import certificate, pem_certificate, pem_private, rsa_key

from iammock import IAMMock
from iammock.backend.call import Call
from iammock.hook import dispatch

ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                "Action": "sts:AssumeRole",
            }
        ],
    }
)
PASSWORD = "Sup3r-Secret-Passw0rd!"
NEW_PASSWORD = "An0ther-Secret-Passw0rd?"


def _secret_workload(mock: IAMMock) -> list[str]:
    """Create one of every kind of secret; return them as they could appear in text."""
    iam = boto3.client("iam")
    secrets: list[str] = []
    root = mock.backend.accounts[mock.account_id].root_key
    secrets.append(root.secret)
    iam.create_user(UserName="s")
    iam.put_user_policy(UserName="s", PolicyName="all", PolicyDocument=ALLOW_ALL)
    key = iam.create_access_key(UserName="s")["AccessKey"]
    secrets.append(key["SecretAccessKey"])
    iam.create_login_profile(UserName="s", Password=PASSWORD, PasswordResetRequired=False)
    secrets.append(PASSWORD)
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="s")["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    secrets.append(seed.decode() if isinstance(seed, bytes) else seed)
    secrets.append(base64.b64encode(device["QRCodePNG"]).decode()[:40])
    credential = iam.create_service_specific_credential(UserName="s", ServiceName="codecommit.amazonaws.com")
    secrets.append(credential["ServiceSpecificCredential"]["ServicePassword"])
    private = rsa_key(3)
    private_pem = pem_private(private)
    iam.upload_server_certificate(
        ServerCertificateName="c",
        CertificateBody=pem_certificate(certificate(private)),
        PrivateKey=private_pem,
    )
    secrets.append(private_pem.splitlines()[1])  # a line of the key's body
    as_user = dict(aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"])
    user_sts = boto3.client("sts", **as_user)
    session = user_sts.get_session_token()["Credentials"]
    secrets += [session["SecretAccessKey"], session["SessionToken"]]
    iam.create_role(RoleName="r", AssumeRolePolicyDocument=TRUST)
    assumed = user_sts.assume_role(RoleArn="arn:aws:iam::123456789012:role/r", RoleSessionName="ss")
    secrets += [assumed["Credentials"]["SecretAccessKey"], assumed["Credentials"]["SessionToken"]]
    federated = user_sts.get_federation_token(Name="fed", Policy=ALLOW_ALL)["Credentials"]
    secrets += [federated["SecretAccessKey"], federated["SessionToken"]]
    # Calls with the secrets, failed ones included, so they pass through every layer.
    boto3.client("iam", **as_user).list_users()
    boto3.client(
        "sts",
        aws_access_key_id=assumed["Credentials"]["AccessKeyId"],
        aws_secret_access_key=assumed["Credentials"]["SecretAccessKey"],
        aws_session_token=assumed["Credentials"]["SessionToken"],
    ).get_caller_identity()
    iam.update_login_profile(UserName="s", Password=NEW_PASSWORD)
    secrets.append(NEW_PASSWORD)
    for bad in ("short", "x" * 200, PASSWORD + "\u0000"):
        with pytest.raises(ClientError) as caught:
            iam.update_login_profile(UserName="s", Password=bad)
        assert bad not in str(caught.value)
    iam.update_account_password_policy(MinimumPasswordLength=30)
    with pytest.raises(ClientError) as caught:
        iam.create_login_profile(UserName="nobody", Password=PASSWORD)
    assert PASSWORD not in str(caught.value)
    with pytest.raises(ClientError) as caught:
        iam.update_login_profile(UserName="s", Password=PASSWORD[:20])  # under the new minimum
    assert PASSWORD[:20] not in str(caught.value)
    other_pem = pem_private(rsa_key(4))
    with pytest.raises(ClientError) as caught:
        iam.upload_server_certificate(
            ServerCertificateName="bad",
            CertificateBody=pem_certificate(certificate(private)),
            PrivateKey=other_pem,  # a key that does not match the certificate
        )
    assert other_pem.splitlines()[1] not in str(caught.value)
    assert all(len(s) >= 16 for s in secrets), secrets
    return secrets


def _leaks(text: str, secrets: list[str]) -> list[str]:
    return [s[:12] + "…" for s in secrets if s in text]


def _records(value: Any, seen: set[int]) -> list[Any]:
    """Every iammock object reachable from ``value`` (dataclass records and other iammock objects)."""
    if id(value) in seen or isinstance(value, (str, bytes, int, float, bool, type(None))):
        return []
    seen.add(id(value))
    found: list[Any] = []
    if isinstance(value, dict):
        for k, v in value.items():
            found += _records(k, seen) + _records(v, seen)
        return found
    if isinstance(value, (list, tuple, set, frozenset)):
        for v in value:
            found += _records(v, seen)
        return found
    if type(value).__module__.startswith("iammock"):
        found.append(value)
        fields = (
            {f.name: getattr(value, f.name) for f in dataclasses.fields(value)}
            if dataclasses.is_dataclass(value)
            else getattr(value, "__dict__", {})
        )
        for v in fields.values():
            found += _records(v, seen)
    return found


@pytest.fixture
def captured_calls(iam_mock: IAMMock, monkeypatch: pytest.MonkeyPatch) -> list[Call]:
    calls: list[Call] = []
    responder = dispatch.active()  # what the mock put on the hook's stack
    assert responder is not None
    real = responder.execute

    def execute(call: Call, params: dict[str, Any]) -> dict[str, Any]:
        calls.append(call)
        return real(call, params)

    monkeypatch.setattr(responder, "execute", execute)
    return calls


@pytest.mark.parametrize("wire_check", [True, False], ids=["suite", "user"])
def test_secrets_never_show(
    iam_mock: IAMMock,
    captured_calls: list[Call],
    caplog: pytest.LogCaptureFixture,
    monkeypatch: pytest.MonkeyPatch,
    wire_check: bool,
) -> None:
    monkeypatch.setattr(dispatch, "WIRE_CHECK", wire_check)
    caplog.set_level(logging.DEBUG)  # every logger, botocore's response logging included
    secrets = _secret_workload(iam_mock)

    logged = "\n".join(
        r.getMessage() + (logging.Formatter().formatException(r.exc_info) if r.exc_info else "")
        for r in caplog.records
    )
    assert caplog.records, "botocore logs at DEBUG: the capture works"
    leaking = sorted({r.name for r in caplog.records if _leaks(r.getMessage(), secrets)})
    assert not _leaks(logged, secrets), f"secrets in log output of {leaking}"

    events = json.dumps(iam_mock.trail.events(), default=str)
    assert not _leaks(events, secrets), "secrets in audit events"

    assert not _leaks(repr(iam_mock), secrets)
    records = _records(iam_mock.backend.accounts, set()) + _records(iam_mock.backend.temporary, set())
    records += _records(iam_mock.backend.access_keys, set())
    assert len(records) > 10
    for record in records:
        assert not _leaks(repr(record), secrets), f"secret in repr of {type(record).__name__}"
    assert captured_calls
    for call in captured_calls:
        assert not _leaks(repr(call), secrets), f"secret in repr of the Call of {call.operation}"
