"""Which kind of policy a document is: decides its validation rules and its gate in a decision."""

from __future__ import annotations

import enum


class PolicyKind(enum.Enum):
    MANAGED = "managed"  # customer managed identity policy (CreatePolicy / CreatePolicyVersion)
    INLINE = "inline"  # user / group / role inline identity policy
    IDENTITY = "identity"  # the identity-based gate as a whole (Decision.denied_by); parses like INLINE
    TRUST = "trust"  # role trust policy
    RESOURCE = "resource"  # any other resource-based policy
    BOUNDARY = "boundary"
    SESSION = "session"
    SCP = "scp"
    RCP = "rcp"


IDENTITY_KINDS = frozenset(
    {
        PolicyKind.MANAGED,
        PolicyKind.INLINE,
        PolicyKind.IDENTITY,
        PolicyKind.BOUNDARY,
        PolicyKind.SESSION,
        PolicyKind.SCP,
    }
)
PRINCIPAL_KINDS = frozenset({PolicyKind.TRUST, PolicyKind.RESOURCE, PolicyKind.RCP})
