"""Why a call was allowed or denied, after the fact.

It reads what the mock already keeps: every call's engine decisions are on its trail entry.
(Hypothetical decisions, "may X do Y on Z?", are ``backend.hypothetical``'s: they go through the same
authorization path as a real call, with a synthetic caller.)
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import Decision
    from .trail import Trail

# The trails of mocks started in this process, newest last (weak: a finished test's trail is not kept
# alive). The pytest plugin looks a failing test's request ID up in them, whichever entry point started
# the mock, and writes their events to the trail file.
_recent: list[weakref.ref[Trail]] = []
_recent_lock = threading.Lock()
_RECENT_MAX = 64


def remember(trail: Trail) -> None:
    """Called by ``IAMMock.start`` with its new trail: kept (weakly) for explanations and the trail file."""
    with _recent_lock:
        _recent[:] = [r for r in _recent if r() is not None and r() is not trail][-_RECENT_MAX:]
        _recent.append(weakref.ref(trail))


def recent_trails() -> list[Trail]:
    """The trails of mocks started in this process that are still alive, newest first."""
    with _recent_lock:
        refs = list(_recent)
    return [t for t in (r() for r in reversed(refs)) if t is not None]


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


def find_entry(trail: Trail, request_id: str) -> Any | None:
    for entry in reversed(trail.entries()):
        if entry.request_id == request_id:
            return entry
    return None


def decisions(trail: Trail) -> Iterator[tuple[Any, Decision]]:
    """Every (trail entry, engine decision) pair, oldest first."""
    for entry in trail.entries():
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


def explain(trail: Trail, request_id_or_error: Any) -> str:
    request_id = request_id_of(request_id_or_error)
    entry = find_entry(trail, request_id)
    if entry is None:
        raise KeyError(f"request {request_id} is not in this mock's trail")
    return explain_entry(entry)


def explain_anywhere(request_id: str) -> str | None:
    """The explanation from whichever recently started mock answered ``request_id``, or None."""
    for trail in recent_trails():
        entry = find_entry(trail, request_id)
        if entry is not None:
            return explain_entry(entry)
    return None
