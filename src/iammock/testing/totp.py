"""RFC 6238 time-based one-time passwords, as a virtual MFA app computes them.

Standard library only: the mock verifies codes with the same function tests use to make them.

Every function takes the device's seed as IAM hands it out in ``Base32StringSeed`` (IAM API Reference,
"VirtualMFADevice": the base32 seed of RFC 3548): base32 text without ``=`` padding, ``bytes`` from a
boto3 response or ``str`` read from the AWS CLI's ``--outfile``. Padding, spaces and lower case, as
other tools write seeds, are accepted too.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from datetime import datetime, timedelta

STEP = 30  # seconds per code
DIGITS = 6


def _key(seed_base32: str | bytes) -> bytes:
    text = seed_base32.decode("ascii") if isinstance(seed_base32, bytes) else seed_base32
    text = text.strip().replace(" ", "").upper()
    # Authenticator apps accept seeds without padding; base64 does not.
    return base64.b32decode(text + "=" * (-len(text) % 8))


def window(at: datetime) -> int:
    """The number of the 30-second window ``at`` falls in (counted from the Unix epoch)."""
    return int(at.timestamp()) // STEP


def code_for_window(seed_base32: str | bytes, counter: int) -> str:
    """The HOTP value (RFC 4226, HMAC-SHA1, 6 digits) for one window counter."""
    digest = hmac.new(_key(seed_base32), struct.pack(">Q", counter), hashlib.sha1).digest()
    offset = digest[-1] & 0x0F
    value = struct.unpack(">I", digest[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**DIGITS).zfill(DIGITS)


def totp(seed_base32: str | bytes, at: datetime) -> str:
    """The code a virtual MFA device with this seed shows at instant ``at`` (an aware datetime)."""
    return code_for_window(seed_base32, window(at))


def consecutive_codes(seed_base32: str | bytes, at: datetime | None = None) -> tuple[str, str]:
    """Two consecutive codes, as EnableMFADevice and ResyncMFADevice want them.

    The second is the code shown at ``at`` (default: now, on the mock's clock), the first the one
    of the window before, as a user who waited for the code to change would type them.
    """
    if at is None:
        from .. import clock

        at = clock.now()
    return totp(seed_base32, at - timedelta(seconds=STEP)), totp(seed_base32, at)
