"""Virtual MFA devices: created for the account, enabled for one user with two consecutive codes."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import quote

from ...errors import AwsError
from ...testing import totp
from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged, User, without
from ..paging import page
from ..registry import Output, Params, operation
from .users import render as render_user

MAX_DEVICES_PER_USER = 8
SEED_LENGTH = 64  # base32 characters: 40 random bytes, as AWS's seeds
_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
# Windows around the present that a code may come from: a device's clock may be off by one step
# each way. Resync searches wider, as it exists to catch up with a drifted clock.
VERIFY_WINDOWS = 1
RESYNC_WINDOWS = 10


@dataclass(eq=False)
class VirtualMFADevice(Tagged):
    serial: str
    name: str
    path: str
    created: datetime
    seed: str = field(repr=False)  # base32
    qr_png: bytes = field(repr=False)
    user_id: str | None = None  # the assigned user (by ID: the name may change)
    enabled: datetime | None = None
    drift: int = 0  # windows the device's clock runs ahead of ours, learnt on enable and resync

    def _window_of(self, code: str, at: datetime, spread: int) -> int | None:
        centre = totp.window(at) + self.drift
        for counter in sorted(range(centre - spread, centre + spread + 1), key=lambda w: abs(w - centre)):
            if totp.code_for_window(self.seed, counter) == code:
                return counter
        return None

    def verify(self, code: str, at: datetime) -> bool:
        """Whether ``code`` is what the device shows at ``at``, give or take one 30-second window."""
        return self._window_of(code, at, VERIFY_WINDOWS) is not None

    def consecutive(self, first: str, second: str, at: datetime, spread: int) -> int | None:
        """The drift at which ``first`` and ``second`` are codes of two consecutive windows, if any."""
        later = self._window_of(second, at, spread)
        if later is None or totp.code_for_window(self.seed, later - 1) != first:
            return None
        return later - totp.window(at)


def _not_found(serial: str) -> AwsError:
    # AWS's wording for DeleteVirtualMFADevice and DeactivateMFADevice (LocalStack's AWS-validated
    # snapshot, tests/aws/services/iam/test_iam_mfa.snapshot.json).
    return lookup.no_such_entity(f"MFA Device with serial number {serial} does not exist.")


def _device(account: Account, serial: str) -> VirtualMFADevice:
    found: VirtualMFADevice | None = account.mfa_devices.get(serial)
    if found is None:
        raise _not_found(serial)
    return found


def _owner(account: Account, device: VirtualMFADevice) -> User | None:
    if device.user_id is None:
        return None
    return next((u for u in account.users.values() if u.user_id == device.user_id), None)


def _assigned(user: User, serial: str, account: Account) -> VirtualMFADevice:
    """The device ``serial`` if it is enabled for ``user``; NoSuchEntity otherwise."""
    if serial not in account.mfa_devices:
        raise _not_found(serial)
    if serial not in user.mfa_devices:
        raise lookup.no_such_entity(f"MFA Device with serial number {serial} not found for user {user.name}.")
    return _device(account, serial)


def _user_of_call(call: Call, params: Params) -> tuple[str | None, str]:
    """The target user name (None: the account root) and the ARN to authorize against."""
    name = lookup.target_user_name(call, params)
    account = call.account
    return name, lookup.user_arn(account, name) if name else account.root_arn


def _qr_code(uri: str) -> bytes:
    # Imported on first use: most suites never create an MFA device, and segno's objects would
    # otherwise be walked by every garbage collection.
    import segno

    out = io.BytesIO()
    segno.make(uri, error="m").save(out, kind="png", scale=4, border=4)
    return out.getvalue()


@operation("iam", "CreateVirtualMFADevice")
def create_virtual_mfa_device(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["VirtualMFADeviceName"]
    path: str = params.get("Path", "/")
    given_tags = params.get("Tags", [])
    serial = account.iam_arn("mfa", path, name)
    context = tags.request_context(given_tags)
    call.authorize("iam:CreateVirtualMFADevice", serial, context)
    if given_tags:
        call.authorize("iam:TagMFADevice", serial, context)
    if any(existing.lower() == serial.lower() for existing in account.mfa_devices):
        # AWS's wording (LocalStack's AWS-validated snapshot, test_iam_mfa.snapshot.json).
        raise AwsError("EntityAlreadyExists", "MFA device already exists.", 409)
    device_tags = tags.merge({}, given_tags, case_insensitive=False)
    seed = call.backend.ids.token(_BASE32, SEED_LENGTH)
    issuer = account.aliases[0] if account.aliases else account.id
    uri = f"otpauth://totp/{quote(name, safe='@')}@{quote(issuer)}?secret={seed}"
    device = VirtualMFADevice(
        serial=serial,
        name=name,
        path=path,
        created=call.now,
        seed=seed,
        qr_png=_qr_code(uri),
        tags=device_tags,
    )
    account.mfa_devices[serial] = device
    result: Output = {
        "SerialNumber": serial,
        "Base32StringSeed": seed.encode("ascii"),
        "QRCodePNG": device.qr_png,
    }
    if device.tags:
        result["Tags"] = tags.as_list(device.tags)
    return {"VirtualMFADevice": result}


@operation("iam", "EnableMFADevice")
def enable_mfa_device(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    serial: str = params["SerialNumber"]
    call.authorize("iam:EnableMFADevice", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    device = _device(account, serial)
    if device.user_id is not None:
        raise AwsError("EntityAlreadyExists", "MFA Device is already in use.", 409)
    if len(user.mfa_devices) >= MAX_DEVICES_PER_USER:
        raise AwsError(
            "LimitExceeded", f"Cannot exceed quota for MFADevicesPerUser: {MAX_DEVICES_PER_USER}", 409
        )
    drift = device.consecutive(params["AuthenticationCode1"], params["AuthenticationCode2"], call.now, 1)
    if drift is None:
        raise AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403)
    device.user_id, device.enabled, device.drift = user.user_id, call.now, drift
    user.mfa_devices = (*user.mfa_devices, serial)
    return None


@operation("iam", "ResyncMFADevice")
def resync_mfa_device(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:ResyncMFADevice", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    device = _assigned(user, params["SerialNumber"], account)
    drift = device.consecutive(
        params["AuthenticationCode1"], params["AuthenticationCode2"], call.now, RESYNC_WINDOWS
    )
    if drift is None:
        raise AwsError("InvalidAuthenticationCode", "Authentication code for device is not valid.", 403)
    device.drift = drift
    return None


@operation("iam", "DeactivateMFADevice")
def deactivate_mfa_device(call: Call, params: Params) -> None:
    account = call.account
    name, arn = _user_of_call(call, params)
    serial: str = params["SerialNumber"]
    call.authorize("iam:DeactivateMFADevice", arn)
    if name is None:
        raise _not_found(serial)  # the root's own MFA is not managed through IAM users
    user = lookup.user(account, name)
    device = _assigned(user, serial, account)
    user.mfa_devices = without(user.mfa_devices, serial)
    device.user_id, device.enabled, device.drift = None, None, 0
    return None


@operation("iam", "DeleteVirtualMFADevice")
def delete_virtual_mfa_device(call: Call, params: Params) -> None:
    account = call.account
    serial: str = params["SerialNumber"]
    call.authorize("iam:DeleteVirtualMFADevice", serial)
    device = _device(account, serial)
    if device.user_id is not None:
        raise AwsError("DeleteConflict", "MFA Device is already in use.", 409)
    del account.mfa_devices[serial]
    return None


def _enabled_key(device: VirtualMFADevice) -> str:
    assert device.enabled is not None
    return f"{device.enabled.isoformat()}|{device.serial}"


@operation("iam", "ListMFADevices")
def list_mfa_devices(call: Call, params: Params) -> Output:
    account = call.account
    name, arn = _user_of_call(call, params)
    call.authorize("iam:ListMFADevices", arn)
    devices: list[VirtualMFADevice] = []
    user_name = account.id
    if name is not None:
        user = lookup.user(account, name)
        user_name = user.name
        devices = sorted((account.mfa_devices[s] for s in user.mfa_devices), key=_enabled_key)
    return page(
        devices,
        params,
        key=_enabled_key,
        result_key="MFADevices",
        render=lambda d: {"UserName": user_name, "SerialNumber": d.serial, "EnableDate": d.enabled},
    )


@operation("iam", "ListVirtualMFADevices")
def list_virtual_mfa_devices(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListVirtualMFADevices", "*")
    status = params.get("AssignmentStatus", "Any")
    devices = sorted(
        (
            d
            for d in account.mfa_devices.values()
            if status == "Any" or (d.user_id is not None) == (status == "Assigned")
        ),
        key=lambda d: d.serial,
    )

    def render(device: VirtualMFADevice) -> Output:
        owner = _owner(account, device)
        return {
            "SerialNumber": device.serial,
            "User": render_user(owner, full=False) if owner else None,
            "EnableDate": device.enabled,
        }

    return page(devices, params, key=lambda d: d.serial, result_key="VirtualMFADevices", render=render)


@operation("iam", "GetMFADevice")
def get_mfa_device(call: Call, params: Params) -> Output:
    account = call.account
    name, arn = _user_of_call(call, params)
    serial: str = params["SerialNumber"]
    call.authorize("iam:GetMFADevice", arn)
    if name is None:
        raise _not_found(serial)
    user = lookup.user(account, name)
    device = _assigned(user, serial, account)
    return {"UserName": user.name, "SerialNumber": device.serial, "EnableDate": device.enabled}


@operation("iam", "TagMFADevice")
def tag_mfa_device(call: Call, params: Params) -> None:
    arn: str = params["SerialNumber"]
    tags.tag(call, "iam:TagMFADevice", arn, lambda: _device(call.account, arn), params["Tags"])


@operation("iam", "UntagMFADevice")
def untag_mfa_device(call: Call, params: Params) -> None:
    arn: str = params["SerialNumber"]
    tags.untag(call, "iam:UntagMFADevice", arn, lambda: _device(call.account, arn), params["TagKeys"])


@operation("iam", "ListMFADeviceTags")
def list_mfa_device_tags(call: Call, params: Params) -> Output:
    arn: str = params["SerialNumber"]
    return tags.listing(call, "iam:ListMFADeviceTags", arn, lambda: _device(call.account, arn), params)
