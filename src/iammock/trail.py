"""The audit trail: every call the mock answers, as a CloudTrail-shaped event.

Calls are recorded cheaply (references to what the call already built); the CloudTrail JSON is made
only when someone reads the trail, so a suite that never looks pays almost nothing.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from .backend import operations
from .backend.caller import Caller
from .errors import AwsError

HIDDEN = "HIDDEN_DUE_TO_SECURITY_REASONS"
# Members whose values CloudTrail never shows (passwords, secrets, tokens, seeds, private keys).
_SECRET_MEMBERS = frozenset(
    {
        "Password",
        "OldPassword",
        "NewPassword",
        "SecretAccessKey",
        "SessionToken",
        "PrivateKey",
        "Base32StringSeed",
        "QRCodePNG",
        "SAMLAssertion",
        "WebIdentityToken",
        "ServicePassword",
        "TokenCode",
        "AuthenticationCode1",
        "AuthenticationCode2",
        "CertificateChain",
        "AddPrivateKey",
        "ServiceCredentialSecret",
        "WebIdentityTokenValue",
    }
)


# Not frozen: a frozen dataclass's __init__ pays object.__setattr__ per field, several times the cost of
# plain assignment, on every answered call. Nothing outside the mock writes to entries; eq=False keeps
# them hashable, by identity.
@dataclass(slots=True, eq=False)
class Entry:
    when: datetime
    service: str
    operation: str
    region: str
    source_ip: str
    request_id: str
    caller: Caller | None  # None: not authenticated, or an unsigned operation
    params: Mapping[str, Any]
    response: Mapping[str, Any] | None
    error: AwsError | None
    # The engine's decisions for the call; one is kept as itself. Every object a call leaves behind
    # costs every later full garbage collection a visit, and most calls ask exactly one question.
    decided: Any = ()

    @property
    def decisions(self) -> tuple[Any, ...]:
        decided = self.decided
        return decided if isinstance(decided, tuple) else (decided,)


def redact(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {k: (HIDDEN if k in _SECRET_MEMBERS else redact(v)) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [redact(v) for v in value]
    if isinstance(value, datetime):
        return value.strftime("%b %d, %Y %I:%M:%S %p")
    if isinstance(value, bytes):
        return HIDDEN
    return value


def _camel(value: Any) -> Any:
    """CloudTrail writes request and response members in lower camel case."""
    if isinstance(value, Mapping):
        return {(k[:1].lower() + k[1:]): _camel(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_camel(v) for v in value]
    return value


def _identity(caller: Caller | None) -> dict[str, Any]:
    if caller is None:
        return {"type": "Unknown"}
    identity: dict[str, Any] = {
        "principalId": caller.user_id,
        "arn": caller.arn,
        "accountId": caller.account_id,
        "accessKeyId": caller.access_key_id,
    }
    session = caller.session
    if caller.kind == "root":
        identity["type"] = "Root"
    elif caller.kind == "user":
        identity["type"] = "IAMUser"
        identity["userName"] = caller.user.name if caller.user else caller.arn.rsplit("/", 1)[-1]
    elif caller.kind == "assumed_role":
        identity["type"] = "AssumedRole"
    elif caller.kind == "federated_user":
        identity["type"] = "FederatedUser"
    if session is not None:
        context: dict[str, Any] = {
            "attributes": {
                "creationDate": session.issued.strftime("%Y-%m-%dT%H:%M:%SZ"),
                "mfaAuthenticated": "true" if session.mfa_authenticated else "false",
            }
        }
        if session.kind == "assumed_role" and session.role_arn:
            context["sessionIssuer"] = {
                "type": "Role",
                "principalId": session.role_id,
                "arn": session.role_arn,
                "accountId": session.account_id,
                "userName": session.role_name,
            }
        if session.source_identity:
            context["sourceIdentity"] = session.source_identity
            identity["sourceIdentity"] = session.source_identity
        identity["sessionContext"] = context
    return identity


class Trail:
    """Every call one mock answered, in order; safe to append from many threads."""

    def __init__(self) -> None:
        self._entries: list[Entry] = []
        self._lock = threading.Lock()

    def record(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def __len__(self) -> int:
        return len(self._entries)

    def entries(self) -> list[Entry]:
        """The recorded calls so far, oldest first (a copy)."""
        with self._lock:
            return list(self._entries)

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return iter(self.events())

    def events(
        self,
        *,
        event_name: str | None = None,
        principal: str | None = None,
        error_code: str | None = None,
        failed: bool | None = None,
    ) -> list[dict[str, Any]]:
        """CloudTrail events, oldest first, optionally only those matching every filter given.

        ``principal`` matches the caller's ARN or, for a role session, its role's ARN.
        """
        with self._lock:
            entries = list(self._entries)
        out = []
        for entry in entries:
            if event_name is not None and entry.operation != event_name:
                continue
            if error_code is not None and (entry.error is None or entry.error.code != error_code):
                continue
            if failed is not None and (entry.error is not None) != failed:
                continue
            event = to_event(entry)
            if principal is not None:
                identity = event["userIdentity"]
                issuer = identity.get("sessionContext", {}).get("sessionIssuer", {})
                if principal not in (identity.get("arn"), issuer.get("arn")):
                    continue
            out.append(event)
        return out

    def write_jsonl(self, path: str) -> None:
        with open(path, "a", encoding="utf-8") as handle:
            for event in self.events():
                handle.write(json.dumps(event, default=str) + "\n")


def to_event(entry: Entry) -> dict[str, Any]:
    event: dict[str, Any] = {
        "eventVersion": "1.08",
        "userIdentity": _identity(entry.caller),
        "eventTime": entry.when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "eventSource": f"{entry.service}.amazonaws.com",
        "eventName": entry.operation,
        "awsRegion": entry.region,
        "sourceIPAddress": entry.source_ip,
        "userAgent": "iammock",
        "requestParameters": _camel(redact(dict(entry.params))) or None,
        "responseElements": _camel(redact(dict(entry.response))) if entry.response else None,
        "requestID": entry.request_id,
        "eventID": entry.request_id,
        "readOnly": operations.of(entry.service, entry.operation).read_only,
        "eventType": "AwsApiCall",
        "managementEvent": True,
        "recipientAccountId": entry.caller.account_id if entry.caller else None,
    }
    if entry.error is not None:
        event["errorCode"] = entry.error.code
        event["errorMessage"] = entry.error.message
        event["responseElements"] = None
    return event
