"""Virtual MFA devices through boto3, and the TOTP helper they are driven with."""

from __future__ import annotations

import base64
from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from freezegun import freeze_time
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock
from iammock.testing.totp import consecutive_codes, totp

ACCT = "123456789012"
BAD = "Authentication code for device is not valid."


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def _device(iam: Any, name: str = "alice-phone", **extra: Any) -> dict[str, Any]:
    device: dict[str, Any] = iam.create_virtual_mfa_device(VirtualMFADeviceName=name, **extra)[
        "VirtualMFADevice"
    ]
    return device


def _enable(iam: Any, user: str, device: dict[str, Any]) -> None:
    first, second = consecutive_codes(device["Base32StringSeed"])
    iam.enable_mfa_device(
        UserName=user,
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=first,
        AuthenticationCode2=second,
    )


@pytest.mark.parametrize(
    ("seconds", "code"),
    [(59, "287082"), (1111111109, "081804"), (1234567890, "005924"), (2000000000, "279037")],
)
def test_totp_matches_rfc_6238_vectors(seconds: int, code: str) -> None:
    seed = base64.b32encode(b"12345678901234567890").decode()
    assert totp(seed, datetime.fromtimestamp(seconds, UTC)) == code


def test_consecutive_codes_are_the_previous_and_current_window() -> None:
    seed = base64.b32encode(b"12345678901234567890").decode()
    at = datetime.fromtimestamp(59, UTC)
    assert consecutive_codes(seed, at) == (totp(seed, at - timedelta(seconds=30)), "287082")


def test_create_virtual_device_gives_seed_and_qr_code(iam: Any) -> None:
    device = _device(iam, Path="/team/", Tags=[{"Key": "k", "Value": "v"}])
    assert device["SerialNumber"] == f"arn:aws:iam::{ACCT}:mfa/team/alice-phone"
    seed = device["Base32StringSeed"]
    assert isinstance(seed, bytes) and len(seed) == 64
    base64.b32decode(seed)  # a real base32 seed
    assert device["QRCodePNG"].startswith(b"\x89PNG\r\n\x1a\n")
    assert device["Tags"] == [{"Key": "k", "Value": "v"}]
    with aws_error("EntityAlreadyExists", 409, "MFA device already exists."):
        _device(iam, Path="/team/")


def test_qr_code_encodes_the_otpauth_uri(iam: Any, iam_mock: IAMMock) -> None:
    device = _device(iam)
    stored = iam_mock.backend.accounts[ACCT].mfa_devices[device["SerialNumber"]]
    assert stored.qr_png == device["QRCodePNG"]
    assert "seed" not in repr(stored) and device["Base32StringSeed"].decode() not in repr(stored)


def test_enable_list_deactivate_delete(iam: Any) -> None:
    iam.create_user(UserName="alice")
    device = _device(iam)
    serial = device["SerialNumber"]
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert [d["SerialNumber"] for d in unassigned] == [serial]
    assert "Base32StringSeed" not in unassigned[0] and "User" not in unassigned[0]
    _enable(iam, "alice", device)
    listed = iam.list_mfa_devices(UserName="alice")["MFADevices"]
    assert [(d["UserName"], d["SerialNumber"]) for d in listed] == [("alice", serial)]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    assert assigned[0]["User"]["UserName"] == "alice" and "EnableDate" in assigned[0]
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"] == []
    got = iam.get_mfa_device(UserName="alice", SerialNumber=serial)
    assert got["SerialNumber"] == serial and got["UserName"] == "alice"
    with aws_error("DeleteConflict", 409, "MFA Device is already in use."):
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must delete MFA device first."):
        iam.delete_user(UserName="alice")
    iam.deactivate_mfa_device(UserName="alice", SerialNumber=serial)
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"] == []
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    with aws_error("NoSuchEntity", 404, f"MFA Device with serial number {serial} does not exist."):
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName="alice")


def test_wrong_codes_are_refused_and_change_nothing(iam: Any, iam_mock: IAMMock) -> None:
    iam.create_user(UserName="alice")
    device = _device(iam)
    first, second = consecutive_codes(device["Base32StringSeed"])
    before = plain(iam_mock.backend.snapshot())
    wrong = "000000" if "000000" not in (first, second) else "111111"
    for codes in ((second, first), (wrong, second), (first, wrong)):
        with aws_error("InvalidAuthenticationCode", 403, BAD):
            iam.enable_mfa_device(
                UserName="alice",
                SerialNumber=device["SerialNumber"],
                AuthenticationCode1=codes[0],
                AuthenticationCode2=codes[1],
            )
    assert plain(iam_mock.backend.snapshot()) == before


def test_enable_errors(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    device = _device(iam)
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        _enable(iam, "ghost", device)
    missing = f"arn:aws:iam::{ACCT}:mfa/nothing"
    with aws_error("NoSuchEntity", 404):
        iam.enable_mfa_device(
            UserName="alice", SerialNumber=missing, AuthenticationCode1="123456", AuthenticationCode2="654321"
        )
    _enable(iam, "alice", device)
    with aws_error("EntityAlreadyExists", 409):
        _enable(iam, "bob", device)
    with aws_error("NoSuchEntity", 404):
        iam.deactivate_mfa_device(UserName="bob", SerialNumber=device["SerialNumber"])


def test_at_most_eight_devices_per_user(iam: Any) -> None:
    iam.create_user(UserName="alice")
    for i in range(8):
        _enable(iam, "alice", _device(iam, f"d{i}"))
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for MFADevicesPerUser: 8"):
        _enable(iam, "alice", _device(iam, "d8"))
    pages = list(
        iam.get_paginator("list_mfa_devices").paginate(UserName="alice", PaginationConfig={"PageSize": 3})
    )
    assert [len(p["MFADevices"]) for p in pages] == [3, 3, 2]
    virtual = [
        d["SerialNumber"]
        for p in iam.get_paginator("list_virtual_mfa_devices").paginate(PaginationConfig={"PageSize": 4})
        for d in p["VirtualMFADevices"]
    ]
    assert virtual == sorted(f"arn:aws:iam::{ACCT}:mfa/d{i}" for i in range(9))


def test_resync_follows_a_drifted_clock(iam: Any) -> None:
    iam.create_user(UserName="alice")
    start = datetime(2030, 1, 1, 12, 0, 5, tzinfo=UTC)
    with freeze_time(start):
        device = _device(iam)
        seed = device["Base32StringSeed"]
        _enable(iam, "alice", device)
        serial = device["SerialNumber"]
        # The device's clock runs five minutes fast: its codes are too far off for the narrow check.
        fast = start + timedelta(minutes=5)
        first, second = consecutive_codes(seed, fast)
        sts = client_for("sts", iam.create_access_key(UserName="alice")["AccessKey"])
        with aws_error("AccessDenied", 403):
            sts.get_session_token(SerialNumber=serial, TokenCode=second)
        iam.resync_mfa_device(
            UserName="alice", SerialNumber=serial, AuthenticationCode1=first, AuthenticationCode2=second
        )
        # Once resynchronised, STS accepts the fast device's next code.
        sts.get_session_token(SerialNumber=serial, TokenCode=totp(seed, fast + timedelta(seconds=30)))
        with aws_error("InvalidAuthenticationCode", 403, BAD):
            iam.resync_mfa_device(
                UserName="alice",
                SerialNumber=serial,
                AuthenticationCode1="111111",
                AuthenticationCode2="222222",
            )


def test_sts_checks_the_code_and_the_assignment(iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.create_user(UserName="bob")
    device = _device(iam)
    seed, serial = device["Base32StringSeed"], device["SerialNumber"]
    alice = client_for("sts", iam.create_access_key(UserName="alice")["AccessKey"])
    bob = client_for("sts", iam.create_access_key(UserName="bob")["AccessKey"])
    with aws_error("AccessDenied", 403):
        alice.get_session_token(SerialNumber=serial, TokenCode=totp(seed, datetime.now(UTC)))
    _enable(iam, "alice", device)
    # The code of the previous window still counts: a user may be slow to type it.
    creds = alice.get_session_token(
        SerialNumber=serial, TokenCode=totp(seed, datetime.now(UTC) - timedelta(seconds=30))
    )["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    with aws_error("AccessDenied", 403):
        alice.get_session_token(
            SerialNumber=serial, TokenCode="000000" if totp(seed, datetime.now(UTC)) != "000000" else "111111"
        )
    with aws_error("AccessDenied", 403):
        bob.get_session_token(SerialNumber=serial, TokenCode=totp(seed, datetime.now(UTC)))


def test_list_mfa_devices_defaults_to_the_caller(iam: Any) -> None:
    assert iam.list_mfa_devices()["MFADevices"] == []
    iam.create_user(UserName="alice")
    device = _device(iam)
    _enable(iam, "alice", device)
    with aws_error("AccessDenied", 403):
        client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"]).list_mfa_devices()


def test_mfa_device_tags(iam: Any) -> None:
    serial = _device(iam)["SerialNumber"]
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": f"k{i}", "Value": str(i)} for i in range(5)])
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "K0", "Value": "upper"}])  # keys are case-sensitive
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["k1", "absent"])
    pages = list(
        iam.get_paginator("list_mfa_device_tags").paginate(
            SerialNumber=serial, PaginationConfig={"PageSize": 2}
        )
    )
    listed = [t["Key"] for p in pages for t in p["Tags"]]
    assert listed == ["k0", "k2", "k3", "k4", "K0"]
    with aws_error("InvalidInput", 400):
        iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "aws:x", "Value": "y"}])
    with aws_error("LimitExceeded", 409):
        iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": f"n{i}", "Value": ""} for i in range(46)])
    missing = f"arn:aws:iam::{ACCT}:mfa/none"
    with aws_error("NoSuchEntity", 404):
        iam.list_mfa_device_tags(SerialNumber=missing)
