"""Public keys of identity providers the mock can reach: per mock, keyed by issuer URL.

On AWS, STS fetches a provider's keys from its JWKS endpoint (and SAML certificates come from the
provider's metadata). The mock has no network: test issuers register their public keys here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ..state import Backend

if TYPE_CHECKING:  # cryptography is imported where a key is made: most suites never make one
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePublicKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey

    # The key types the mock's token issuers make: RSA, and EC for ES384.
    PublicKey = RSAPublicKey | EllipticCurvePublicKey

_KEYS: WeakKeyDictionary[Backend, dict[str, dict[str, PublicKey]]] = WeakKeyDictionary()


def normalise(url: str) -> str:
    """Issuer URLs compare with their scheme: ``accounts.google.com`` is ``https://accounts.google.com``."""
    return url if url.startswith("https://") else f"https://{url}"


def register(backend: Backend, url: str, kid: str, public_key: PublicKey) -> None:
    _KEYS.setdefault(backend, {}).setdefault(normalise(url), {})[kid] = public_key


def keys_for(backend: Backend, url: str) -> dict[str, PublicKey]:
    """kid -> public key of the issuer at ``url`` (empty when the mock knows no such issuer)."""
    return dict(_KEYS.get(backend, {}).get(normalise(url), {}))
