"""Registering the hook with botocore: every future session, and the sessions and clients that exist already.

The handlers stay registered for the life of the process and return at once while no mock is active,
so a client created before a mock starts (a module-level ``boto3.client("iam")``) is answered too.
"""

from __future__ import annotations

import gc
import threading
from typing import Any

from botocore import handlers as botocore_handlers
from botocore.client import BaseClient
from botocore.session import Session

from .dispatch import answer, enforce, refuse_unanswered, stash_params
from .parsers import add_base, remember

_REGISTRATIONS: tuple[tuple[str, Any, Any], ...] = (
    # Every service's final parameters (one registration: botocore would call a second one too).
    ("before-parameter-build", stash_params, botocore_handlers.REGISTER_LAST),
    ("before-call.iam", answer, botocore_handlers.REGISTER_FIRST),
    ("before-call.sts", answer, botocore_handlers.REGISTER_FIRST),
    ("before-call.organizations", answer, botocore_handlers.REGISTER_FIRST),
    # Every other service: IAM authorization before moto's before-send.
    ("before-call", enforce, botocore_handlers.REGISTER_FIRST),
    # Last, so moto (or any other mock on before-send) answers first when it is active.
    ("before-send", refuse_unanswered, botocore_handlers.REGISTER_LAST),
    # IAM and STS clients remember their response parser (the AWS CLI's leaves blobs undecoded).
    ("creating-client-class.iam", add_base, botocore_handlers.REGISTER_LAST),
    ("creating-client-class.sts", add_base, botocore_handlers.REGISTER_LAST),
)

_lock = threading.Lock()
_installed = False
_adopted = False


def install() -> None:
    """Add the handlers to botocore's built-ins, so every session created from now on has them."""
    global _installed
    with _lock:
        if _installed:
            return
        botocore_handlers.BUILTIN_HANDLERS.extend(_REGISTRATIONS)
        _installed = True


def _register(emitter: Any) -> None:
    for event, handler, position in _REGISTRATIONS:
        emitter.unregister(event, handler)  # idempotent: never twice on one emitter
        if position is botocore_handlers.REGISTER_FIRST:
            emitter.register_first(event, handler)
        else:
            emitter.register_last(event, handler)


def adopt_existing() -> None:
    """Once per process: hook sessions and clients created before iammock was imported."""
    global _adopted
    with _lock:
        if _adopted:
            return
        _adopted = True
    for obj in gc.get_objects():
        try:
            if isinstance(obj, BaseClient):
                _register(obj.meta.events)
                remember(obj)
            elif isinstance(obj, Session):
                _register(obj._events)
        except ReferenceError:
            continue  # a weak proxy whose object is gone: isinstance itself raises on it
