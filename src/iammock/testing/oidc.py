"""A test OpenID Connect issuer: mints RS256-signed ID tokens the mock verifies like AWS STS does.

``aws.oidc_issuer("https://token.actions.githubusercontent.com")`` returns an :class:`Issuer` with
its own RSA key; the mock learns the public key (as STS would from the issuer's JWKS endpoint).
Register the issuer in IAM with ``create_open_id_connect_provider(Url=issuer.url, ...)`` before
calling ``assume_role_with_web_identity`` (well-known IdPs such as accounts.google.com need none).
"""

from __future__ import annotations

import base64
import hashlib
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from .. import clock
from ..backend.sts import issuer_keys

if TYPE_CHECKING:
    from ..backend.state import Backend


class Issuer:
    """An OIDC identity provider with one RSA signing key."""

    def __init__(self, url: str) -> None:
        self.url = issuer_keys.normalise(url)
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.public_key = self._key.public_key()
        der = self.public_key.public_bytes(
            serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
        )
        self.kid = hashlib.sha256(der).hexdigest()[:16]

    @property
    def host_path(self) -> str:
        """The issuer without ``https://``: the prefix of its condition keys (``<host_path>:sub``)."""
        return self.url[len("https://") :]

    @property
    def thumbprint(self) -> str:
        """A 40-hex-digit value to pass as CreateOpenIDConnectProvider's ThumbprintList."""
        digest = hashes.Hash(hashes.SHA1())
        digest.update(self.url.encode())
        return digest.finalize().hex()

    def private_key_pem(self) -> bytes:
        return self._key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )

    def token(
        self,
        *,
        sub: str = "subject",
        aud: str | list[str] = "sts.amazonaws.com",
        expires_in: int = 3600,
        issued_at: Any = None,
        **claims: Any,
    ) -> str:
        """A signed ID token. ``issued_at`` defaults to now on the mock's clock; claims override defaults."""
        now = issued_at or clock.now()
        payload: dict[str, Any] = {
            "iss": self.url,
            "sub": sub,
            "aud": aud,
            "iat": int(now.timestamp()),
            "nbf": int(now.timestamp()),
            "exp": int((now + timedelta(seconds=expires_in)).timestamp()),
            "jti": str(uuid.uuid4()),
        }
        payload.update(claims)
        return jwt.encode(payload, self._key, algorithm="RS256", headers={"kid": self.kid})

    def jwks(self) -> dict[str, Any]:
        """The issuer's JSON Web Key Set, as its ``jwks_uri`` would serve it."""
        numbers = self.public_key.public_numbers()

        def b64(n: int) -> str:
            raw = n.to_bytes((n.bit_length() + 7) // 8, "big")
            return base64.urlsafe_b64encode(raw).decode().rstrip("=")

        return {
            "keys": [
                {
                    "kty": "RSA",
                    "use": "sig",
                    "alg": "RS256",
                    "kid": self.kid,
                    "n": b64(numbers.n),
                    "e": b64(numbers.e),
                }
            ]
        }


_ISSUERS: WeakKeyDictionary[Backend, dict[str, Issuer]] = WeakKeyDictionary()


def issuer(backend: Backend, url: str) -> Issuer:
    """The test issuer at ``url`` for this mock, created (and made known to STS) on first use."""
    known = _ISSUERS.setdefault(backend, {})
    key = issuer_keys.normalise(url)
    found = known.get(key)
    if found is None:
        found = known[key] = Issuer(url)
        issuer_keys.register(backend, key, found.kid, found.public_key)
    return found
