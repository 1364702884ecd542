"""Identifiers in AWS's formats, drawn from one seedable generator per mock."""

from __future__ import annotations

import itertools
import random

_BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
_SECRET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"

# Prefixes AWS gives each kind of unique ID (IAM User Guide, "Unique ID prefixes").
USER, ROLE, GROUP, POLICY, POLICY_VERSION, INSTANCE_PROFILE = "AIDA", "AROA", "AGPA", "ANPA", "ANVA", "AIPA"
ACCESS_KEY, TEMPORARY_KEY, CERTIFICATE, PUBLIC_KEY = "AKIA", "ASIA", "ASCA", "APKA"
SERVER_CERTIFICATE, CONTEXT_CREDENTIAL = "ASCA", "ACCA"


def _spread(alphabet: str) -> bytes:
    """A ``bytes.translate`` table taking a random byte to a character of ``alphabet``; uniform when
    the alphabet's size divides 256 (every character then gets as many byte values)."""
    return bytes(ord(alphabet[i % len(alphabet)]) for i in range(256))


_B32_TABLE = _spread(_BASE32)
_B64_TABLE = _spread(_SECRET)
# Per alphabet: its table, or None when bytes cannot map onto it uniformly.
_TABLES: dict[str, bytes | None] = {_BASE32: _B32_TABLE, _SECRET: _B64_TABLE}
_TOKEN_HEAD = "IQoJb3JpZ2luX2VjE"
_TOKEN_RANDOM = 339
# Where a temporary credential's three random parts lie in the one draw that makes them.
_KEY_END = 16
_SECRET_END = _KEY_END + 40
_TOKEN_END = _SECRET_END + _TOKEN_RANDOM


class Ids:
    """Every random value the mock hands out; a seed makes a test's IDs reproducible."""

    def __init__(self, seed: int | None = None) -> None:
        self._rng = random.Random(seed)
        self._request_head: str | None = None
        self._request_tail: itertools.count[int] | None = None

    def _pick(self, alphabet: str, length: int) -> str:
        # One draw of whole random bytes mapped through a table (all in C) rather than one random()
        # per character: a session token alone is 339 characters.
        try:
            table = _TABLES[alphabet]
        except KeyError:
            even = alphabet.isascii() and 0 < len(alphabet) <= 256 and 256 % len(alphabet) == 0
            table = _TABLES[alphabet] = _spread(alphabet) if even else None
        if table is None:
            return "".join(self._rng.choices(alphabet, k=length))
        return self._rng.getrandbits(length * 8).to_bytes(length, "little").translate(table).decode("ascii")

    def unique_id(self, prefix: str) -> str:
        """21 characters of ``[A-Z2-7]``, as observed on AWS (``AIDAJQABLZS4A3QDU576Q``)."""
        return prefix + self._pick(_BASE32, 17)

    def access_key_id(self, prefix: str = ACCESS_KEY) -> str:
        return prefix + self._pick(_BASE32, 16)

    def secret_access_key(self) -> str:
        return self._pick(_SECRET, 40)

    def session_token(self) -> str:
        # Real tokens are long opaque base64 blobs; their size is not fixed.
        return _TOKEN_HEAD + self._pick(_SECRET, _TOKEN_RANDOM)

    def temporary_credentials(self) -> tuple[str, str, str]:
        """An STS session's ASIA key ID, secret and token, as the three methods above make them, from
        one draw: every issued session pays for them."""
        raw = self._rng.getrandbits(_TOKEN_END * 8).to_bytes(_TOKEN_END, "little")
        return (
            TEMPORARY_KEY + raw[:_KEY_END].translate(_B32_TABLE).decode("ascii"),
            raw[_KEY_END:_SECRET_END].translate(_B64_TABLE).decode("ascii"),
            _TOKEN_HEAD + raw[_SECRET_END:].translate(_B64_TABLE).decode("ascii"),
        )

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
