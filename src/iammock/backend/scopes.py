"""Scope-down policies of GetScopedCredentials sessions: every layer must allow what the session does.

IAM User Guide, "Permissions for GetScopedCredentials": the credentials' permissions are the intersection
of the calling session's effective permissions, the scope-down policy of the request and those of earlier
GetScopedCredentials calls in the chain. The session's own policy set already decides the first part;
each layer is then asked as that set with the layer in place of the session policies, so that a layer
denies as a session policy does (and is explained as one), and the intersection of layers holds however
many there are.
"""

from __future__ import annotations

from dataclasses import replace

from ..engine import PolicyKind, PolicySet
from .model import TemporaryCredentials
from .principals import named

#: "A maximum of 3 scope down policy layers are allowed per session" (STS API Reference,
#: GetScopedCredentials, ScopedPoliciesCount).
MAX_LAYERS = 3

_kept: dict[tuple[int, str], tuple[PolicySet, PolicySet]] = {}
_KEPT = 512


def layers(session: TemporaryCredentials | None) -> tuple[str, ...]:
    if session is None:
        return ()
    return session.scope_down_policies


def layered(session: TemporaryCredentials | None, policies: PolicySet) -> tuple[PolicySet, ...]:
    """``policies`` (the session's set) with each scope-down layer in place of its session policies, in
    order; empty for a session without layers. ``authz.check`` asks each of them after the session's set."""
    found = layers(session)
    if not found:
        return ()
    return tuple(_with_layer(policies, document) for document in found)


def _with_layer(policies: PolicySet, document: str) -> PolicySet:
    # Kept so that the engine's memory of the derived set lasts as long as the session's set does.
    key = (id(policies), document)
    kept = _kept.get(key)
    if kept is not None and kept[0] is policies:
        return kept[1]
    layer = named(document, "scope-down policy", PolicyKind.SESSION, PolicyKind.SESSION)
    derived = replace(policies, session=(layer,))
    if len(_kept) >= _KEPT:
        _kept.clear()
    _kept[key] = (policies, derived)
    return derived
