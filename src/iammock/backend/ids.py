"""Identifiers in AWS's formats, drawn from one seedable generator per mock."""

from __future__ import annotations

import random

_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Prefixes AWS gives each kind of unique ID (IAM User Guide, "Unique ID prefixes").
USER, ROLE, GROUP, POLICY, POLICY_VERSION, INSTANCE_PROFILE = "AIDA", "AROA", "AGPA", "ANPA", "ANVA", "AIPA"
ACCESS_KEY, TEMPORARY_KEY, CERTIFICATE, PUBLIC_KEY = "AKIA", "ASIA", "ASCA", "APKA"
SERVER_CERTIFICATE, CONTEXT_CREDENTIAL = "ASCA", "ACCA"


class Ids:
    """Every random value the mock hands out; a seed makes a test's IDs reproducible."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)

    def _pick(self, alphabet: str, length: int) -> str:
        return "".join(self._rng.choices(alphabet, k=length))

    def unique_id(self, prefix: str) -> str:
        """21 characters of ``[A-Z2-7]``, as observed on AWS (``AIDAJQABLZS4A3QDU576Q``)."""
        return prefix + self._pick(_BASE32, 17)

    def access_key_id(self, prefix: str = ACCESS_KEY) -> str:
        return prefix + self._pick(_BASE32, 16)

    def secret_access_key(self) -> str:
        return self._pick(_SECRET, 40)

    def session_token(self) -> str:
        # Real tokens are long opaque base64 blobs; their size is not fixed.
        return "IQoJb3JpZ2luX2VjE" + self._pick(_SECRET, 339)

    def request_id(self) -> str:
        """A version-4 UUID, formatted directly: every call pays for one."""
        h = f"{self._rng.getrandbits(128):032x}"
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"

    def hex(self, length: int) -> str:
        return self._pick("0123456789abcdef", length)

    def digits(self, length: int) -> str:
        return self._pick("0123456789", length)

    def token(self, alphabet: str, length: int) -> str:
        return self._pick(alphabet, length)
