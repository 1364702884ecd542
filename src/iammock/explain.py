"""Why a call was allowed or denied, after the fact; and hypothetical decisions ("may X do Y on Z?").

Both read what the mock already keeps: every call's engine decisions are on its trail entry, and a
hypothetical request goes through the same authorization seam as a real call, with a synthetic caller.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Decision
    from .mock import IAMMock
    from .trail import Trail

# Mocks started in this process, newest last (weak: a finished test's mock is not kept alive). The
# pytest plugin looks a failing test's request ID up in them, whichever entry point started the mock.
_recent: list[weakref.ref[IAMMock]] = []
_recent_lock = threading.Lock()
_RECENT_MAX = 64

ROLE_SESSION_NAME = "iammock-authorize"


def remember(mock: IAMMock) -> None:
    """Called by ``IAMMock.start``: keep a weak reference for explanations and the trail file."""
    with _recent_lock:
        _recent[:] = [r for r in _recent if r() is not None and r() is not mock][-_RECENT_MAX:]
        _recent.append(weakref.ref(mock))


def recent_mocks() -> list[IAMMock]:
    """Mocks started in this process that are still alive, newest first."""
    with _recent_lock:
        refs = list(_recent)
    return [m for m in (r() for r in reversed(refs)) if m is not None]


def request_id_of(request_id_or_error: Any) -> str:
    """The request ID of a ``ClientError``, a response dict, or the ID itself."""
    if isinstance(request_id_or_error, str):
        return request_id_or_error
    response = getattr(request_id_or_error, "response", request_id_or_error)
    if isinstance(response, Mapping):
        request_id = response.get("ResponseMetadata", {}).get("RequestId")
        if isinstance(request_id, str):
            return request_id
    raise TypeError(
        f"expected a request ID, a botocore ClientError or a response dict, got {type(request_id_or_error)!r}"
    )


def _entries(trail: Trail) -> list[Any]:
    with trail._lock:
        return list(trail._entries)


def find_entry(trail: Trail, request_id: str) -> Any | None:
    for entry in reversed(_entries(trail)):
        if entry.request_id == request_id:
            return entry
    return None


def decisions(trail: Trail) -> Iterator[tuple[Any, Decision]]:
    """Every (trail entry, engine decision) pair, oldest first."""
    for entry in _entries(trail):
        for decision in entry.decisions:
            yield entry, decision


def explain_entry(entry: Any) -> str:
    """The text for one answered call: its outcome, then each decision the engine made for it."""
    head = f"{entry.service}:{entry.operation} (request {entry.request_id})"
    if entry.error is not None:
        head += f" failed: {entry.error.code}"
        if entry.error.code not in ("AccessDenied", "AccessDeniedException"):
            head += f": {entry.error.message}"
    else:
        head += " succeeded"
    found = list(entry.decisions)
    if not found:
        reason = (
            "the caller was not authenticated" if entry.caller is None else "no policy decision was needed"
        )
        return f"{head}\n({reason})"
    denied = [d for d in found if not d.allowed]
    # A denied call stops at its first denial; the decisions before it (allowed) are context only.
    shown = denied[-1:] if denied else found
    parts = [head]
    for decision in shown:
        parts.append(decision.explain())
    if denied and len(found) > 1:
        parts.append(f"({len(found) - 1} earlier decision(s) for this call were allowed)")
    return "\n".join(parts)


def explain(mock: IAMMock, request_id_or_error: Any) -> str:
    request_id = request_id_of(request_id_or_error)
    entry = find_entry(mock.trail, request_id)
    if entry is None:
        raise KeyError(f"request {request_id} is not in this mock's trail")
    return explain_entry(entry)


def explain_anywhere(request_id: str) -> str | None:
    """The explanation from whichever recently started mock answered ``request_id``, or None."""
    for mock in recent_mocks():
        trail = mock._trail
        if trail is None:
            continue
        entry = find_entry(trail, request_id)
        if entry is not None:
            return explain_entry(entry)
    return None


# -- hypothetical requests --------------------------------------------------------------------------


def _caller_for(mock: IAMMock, principal_arn: str, now: Any) -> Any:
    from .backend.caller import Caller, root_caller, session_caller
    from .backend.model import TemporaryCredentials

    backend = mock.backend
    parts = principal_arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn":
        raise ValueError(f"not an ARN: {principal_arn!r}")
    service, account_id, rest = parts[2], parts[4], parts[5]
    account = backend.existing_account(account_id)
    if account is None:
        raise ValueError(f"account {account_id} does not exist in this mock")
    if parts[1] != account.partition:
        raise ValueError(f"account {account_id} lives in partition {account.partition}, not {parts[1]}")
    if service == "iam" and rest == "root":
        return root_caller(account, None)
    kind, _, path_and_name = rest.partition("/")
    name = path_and_name.rsplit("/", 1)[-1]
    if service == "iam" and kind == "user":
        user = account.users.get(name.lower())
        if user is None or user.arn != principal_arn:
            raise ValueError(f"no such user: {principal_arn}")
        return Caller("user", account, user.arn, user.user_id, None, user=user)
    if service == "iam" and kind == "role":
        role = account.roles.get(name.lower())
        if role is None or role.arn != principal_arn:
            raise ValueError(f"no such role: {principal_arn}")
        session = TemporaryCredentials(
            access_key_id="",
            secret="",
            token="",
            account_id=account.id,
            kind="assumed_role",
            arn=account.arn("sts", f"assumed-role/{role.name}/{ROLE_SESSION_NAME}"),
            user_id=f"{role.role_id}:{ROLE_SESSION_NAME}",
            issued=now,
            expiration=now + timedelta(seconds=role.max_session_duration),
            role_name=role.name,
            role_arn=role.arn,
            role_id=role.role_id,
            session_name=ROLE_SESSION_NAME,
        )
        return session_caller(backend, session)
    if service == "sts" and kind in ("assumed-role", "federated-user"):
        live = [s for s in backend.temporary.values() if s.arn == principal_arn and s.expiration > now]
        if not live:
            raise ValueError(f"no live session with ARN {principal_arn}")
        return session_caller(backend, max(live, key=lambda s: s.issued))
    raise ValueError(
        f"unsupported principal ARN {principal_arn!r}: "
        "give a user, role, assumed-role session or account root ARN"
    )


def authorize(
    mock: IAMMock,
    principal_arn: str,
    action: str,
    resource: str,
    context: Mapping[str, Any] | None = None,
) -> Decision:
    from . import clock
    from .backend import authz, partitions
    from .backend.call import Call
    from .errors import AwsError

    backend = mock.backend
    with backend.lock:
        now = clock.now()
        caller = _caller_for(mock, principal_arn, now)
        region = mock._region_name or "us-east-1"
        if partitions.of_region(region).name != caller.account.partition:
            region = partitions.iam_region(caller.account.partition)  # a region of the caller's partition
        service = action.split(":", 1)[0].lower()
        call = Call(backend, caller, service, "Authorize", now, region, mock._source_ip, full_decisions=True)
        role = _assumable_role(mock, action, resource)
        try:
            if role is not None:
                # Assuming a role is decided by its trust policy together with the caller's policies.
                authz.authorize_trust(call, role, action, dict(context or {}))
            else:
                authz.authorize(call, action, resource, dict(context or {}))
        except AwsError:
            pass  # the decision is kept on the call either way
        decision: Decision = call.decisions[-1]
        return decision


_TRUST_ACTIONS = frozenset({"sts:assumerole", "sts:tagsession", "sts:setsourceidentity", "sts:setcontext"})


def _assumable_role(mock: IAMMock, action: str, resource: str) -> Any:
    if action.lower() not in _TRUST_ACTIONS or resource.split(":", 3)[::2] != ["arn", "iam"]:
        return None
    parts = resource.split(":", 5)
    account = mock.backend.existing_account(parts[4]) if len(parts) == 6 else None
    kind, _, path_and_name = parts[5].partition("/") if len(parts) == 6 else ("", "", "")
    if account is None or kind != "role":
        return None
    role = account.roles.get(path_and_name.rsplit("/", 1)[-1].lower())
    return role if role is not None and role.arn == resource else None
