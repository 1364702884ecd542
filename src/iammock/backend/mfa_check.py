"""MFA code verification for STS calls; the MFA device family supplies the devices."""

from __future__ import annotations

from ..errors import access_denied
from .call import Call
from .caller import Caller


def verify_mfa(call: Call, caller: Caller, serial: str | None, code: str | None) -> None:
    # The device must exist in the caller's account and be enabled for the calling user.
    assigned = serial is not None and caller.user is not None and serial in caller.user.mfa_devices
    device = caller.account.mfa_devices.get(serial) if assigned and serial else None
    verifier = getattr(device, "verify", None)
    if not serial or not code or verifier is None or not verifier(code, call.now):
        raise access_denied("MultiFactorAuthentication failed with invalid MFA one time pass code.")
