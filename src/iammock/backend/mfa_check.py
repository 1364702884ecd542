"""MFA code verification for STS calls; the MFA device family supplies the devices."""

from __future__ import annotations

from ..errors import access_denied
from .call import Call
from .caller import Caller


def verify_mfa(call: Call, caller: Caller, serial: str | None, code: str | None) -> None:
    devices = caller.user.extra.get("mfa_devices", {}) if caller.user else {}
    device = devices.get(serial) if serial else None
    verifier = getattr(device, "verify", None)
    if not serial or not code or verifier is None or not verifier(code, call.now):
        raise access_denied("MultiFactorAuthentication failed with invalid MFA one time pass code.")
