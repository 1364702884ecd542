"""The first IAM and STS calls leave the heavy optional packages unimported.

The first call imports every backend handler module; packages only some operations need
(certificates, SSH keys, SAML, OIDC, MFA QR codes) are imported when such an operation runs, so a
suite that never uses them does not carry their objects through every garbage collection.
"""

from __future__ import annotations

import subprocess
import sys

HEAVY = ("cryptography", "jwt", "lxml", "signxml", "segno")

_SCRIPT = f"""
import sys

import boto3

import iammock

mock = iammock.mock_iam()
mock.start()
try:
    boto3.client("iam", region_name="us-east-1").create_user(UserName="a")
    boto3.client("sts", region_name="us-east-1").get_caller_identity()
finally:
    mock.stop()
print(",".join(name for name in {HEAVY!r} if name in sys.modules))
"""


def test_first_calls_do_not_import_heavy_packages() -> None:
    # A fresh interpreter: this test process has long since imported them all.
    done = subprocess.run(
        [sys.executable, "-c", _SCRIPT], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    imported = [name for name in done.stdout.strip().split(",") if name]
    assert imported == []
