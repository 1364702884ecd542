"""Public keys of identity providers the mock can reach: per mock, keyed by issuer URL.

On AWS, STS fetches a provider's keys from its JWKS endpoint (and SAML certificates come from the
provider's metadata). The mock has no network: test issuers register their public keys here.
"""

from __future__ import annotations

from typing import Any
from weakref import WeakKeyDictionary

from ..state import Backend

_KEYS: WeakKeyDictionary[Backend, dict[str, dict[str, Any]]] = WeakKeyDictionary()


def normalise(url: str) -> str:
    """Issuer URLs compare with their scheme: ``accounts.google.com`` is ``https://accounts.google.com``."""
    return url if url.startswith("https://") else f"https://{url}"


def register(backend: Backend, url: str, kid: str, public_key: Any) -> None:
    _KEYS.setdefault(backend, {}).setdefault(normalise(url), {})[kid] = public_key


def keys_for(backend: Backend, url: str) -> dict[str, Any]:
    """kid -> public key of the issuer at ``url`` (empty when the mock knows no such issuer)."""
    return dict(_KEYS.get(backend, {}).get(normalise(url), {}))
