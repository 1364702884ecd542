"""What each operation does to the state the mock keeps: the one table every reader of that fact uses.

The backend's caches (``Backend.generation`` and ``Backend.permissions``, see ``api.Api.execute``) and
the trail (CloudTrail's ``readOnly`` and ``responseElements``) read :func:`of`. IAM's rules are by
verb, with the creations that change no one's permissions listed; STS is listed whole. The test
``tests/test_operations.py`` holds the table against the IAM action catalogue's access levels (the
Service Authorization Reference, "Actions defined by AWS Identity and Access Management" and "... by
AWS Security Token Service").
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

__all__ = ["Effect", "Operation", "of"]


class Effect(Enum):
    READS = "reads"  # changes nothing a cache depends on
    ISSUES = "issues"  # STS: issues credentials or a token; no IAM entity, listing or policy changes
    CREATES = "creates"  # adds an entity nothing refers to yet: listings change, permissions do not
    CHANGES = "changes"  # may change what some principal is allowed to do (policies, tags, groups …)


@dataclass(frozen=True, slots=True)
class Operation:
    effect: Effect
    # CloudTrail's readOnly: "Identifies whether this operation is a read-only operation" (CloudTrail
    # record contents); the trail has always named read-only operations by their verb.
    read_only: bool
    # Whether the CloudTrail event carries responseElements: "The response element for actions that make
    # changes (create, update, or delete actions)" (CloudTrail record contents); the credentials STS
    # issues are shown too (with the secret hidden).
    shown: bool


# CloudTrail's read-only verbs.
_READ_VERBS = ("Get", "List", "Describe", "Generate", "Simulate", "Decode")
# IAM operations that only add an entity no policy, group or caller refers to yet: what any existing
# principal may do is unchanged, so policy sets stay valid (listings and resource tags do not).
_IAM_CREATES = frozenset(
    {"CreateUser", "CreateGroup", "CreateRole", "CreatePolicy", "CreateInstanceProfile", "CreateAccessKey"}
)
_ISSUED = Operation(Effect.ISSUES, read_only=False, shown=True)
_READ = Operation(Effect.READS, read_only=True, shown=False)
# Every STS operation: STS changes no IAM state, whatever its verb.
_STS = {
    "AssumeRole": _ISSUED,
    "AssumeRoleWithSAML": _ISSUED,
    "AssumeRoleWithWebIdentity": _ISSUED,
    "AssumeRoot": _ISSUED,
    "GetSessionToken": Operation(Effect.ISSUES, read_only=True, shown=True),
    "GetFederationToken": Operation(Effect.ISSUES, read_only=True, shown=True),
    "GetScopedCredentials": Operation(Effect.ISSUES, read_only=True, shown=True),
    "GetWebIdentityToken": Operation(Effect.ISSUES, read_only=True, shown=False),
    "GetDelegatedAccessToken": Operation(Effect.ISSUES, read_only=True, shown=False),
    "GetCallerIdentity": _READ,
    "GetAccessKeyInfo": _READ,
    "DecodeAuthorizationMessage": _READ,
}
_known: dict[tuple[str, str], Operation] = {}


def of(service: str, operation: str) -> Operation:
    """What ``service``'s ``operation`` (as botocore names it) does; other services' by verb."""
    found = _known.get((service, operation))
    if found is None:
        found = _known[(service, operation)] = _decide(service, operation)
    return found


def _decide(service: str, operation: str) -> Operation:
    if service == "sts":
        # An operation newer than this table: by its verb, issuing nothing.
        return _STS.get(operation) or (_READ if operation.startswith(_READ_VERBS) else _ISSUED)
    if operation.startswith(_READ_VERBS):
        return _READ
    if service == "iam" and operation in _IAM_CREATES:
        return Operation(Effect.CREATES, read_only=False, shown=True)
    return Operation(Effect.CHANGES, read_only=False, shown=True)
