"""Identifiers in AWS's formats, drawn from one seedable generator per mock."""

from __future__ import annotations

import base64
import itertools
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
        self._request_head: str | None = None
        self._request_tail: itertools.count[int] | None = None

    def _pick(self, alphabet: str, length: int) -> str:
        # AWS's two big alphabets are base32's and base64's: draw whole bytes and encode them, rather
        # than one random() per character (a session token alone is 339 characters).
        if alphabet == _BASE32:
            raw = self._rng.getrandbits((length + 7) // 8 * 40).to_bytes((length + 7) // 8 * 5, "big")
            return base64.b32encode(raw).decode("ascii")[:length]
        if alphabet == _SECRET:
            raw = self._rng.getrandbits((length + 3) // 4 * 24).to_bytes((length + 3) // 4 * 3, "big")
            return base64.b64encode(raw).decode("ascii")[:length]
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
        """A version-4 UUID. Every call pays for one, so the first 20 digits are drawn once per mock and
        the last 12 are a counter scrambled by an odd multiplier (a bijection modulo 2**48): unique,
        random-looking and well-formed, for one multiplication and one format per call."""
        tail = self._request_tail
        if tail is None or self._request_head is None:
            rng = self._rng
            self._request_head = (
                f"{rng.getrandbits(32):08x}-{rng.getrandbits(16):04x}-4{rng.getrandbits(12):03x}-"
                f"{'89ab'[rng.getrandbits(2)]}{rng.getrandbits(12):03x}-"
            )
            tail = self._request_tail = itertools.count(rng.getrandbits(46))
        return f"{self._request_head}{(next(tail) * 0x9E3779B97F4B) & 0xFFFFFFFFFFFF:012x}"

    def hex(self, length: int) -> str:
        return f"{self._rng.getrandbits(4 * length):0{length}x}"

    def digits(self, length: int) -> str:
        return self._pick("0123456789", length)

    def token(self, alphabet: str, length: int) -> str:
        return self._pick(alphabet, length)
