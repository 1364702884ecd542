"""Operation handlers, registered by name: adding an operation means adding one function."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .call import Call

#: A parsed request: the operation's input shape as botocore's parser would build it, validated against
#: botocore's model before a handler runs. Its values are as varied as the shapes (hence ``Any``): a
#: handler reads the members it knows, with the type the model gives them.
Params = dict[str, Any]
#: A response, or a part of one: plain data in the operation's output shape (hook/shapes.py conforms it
#: to what botocore's parser would return), never a record of the backend's.
Output = dict[str, object]
Handler = Callable[["Call", Params], "Output | None"]

_HANDLERS: dict[tuple[str, str], Handler] = {}
_loaded = False


def operation(service: str, name: str) -> Callable[[Handler], Handler]:
    """Register ``fn`` as the handler of ``service``'s operation ``name`` (botocore's operation name)."""

    def register(fn: Handler) -> Handler:
        key = (service, name)
        if key in _HANDLERS:
            raise RuntimeError(f"two handlers for {service}:{name}")
        _HANDLERS[key] = fn
        return fn

    return register


def _load() -> None:
    global _loaded
    if _loaded:
        return
    for package in ("iammock.backend.iam", "iammock.backend.sts", "iammock.backend.organizations"):
        pkg = importlib.import_module(package)
        for info in pkgutil.iter_modules(pkg.__path__):
            importlib.import_module(f"{package}.{info.name}")
    _loaded = True


def handler_for(service: str, name: str) -> Handler | None:
    _load()
    return _HANDLERS.get((service, name))


def implemented(service: str) -> set[str]:
    _load()
    return {name for (svc, name) in _HANDLERS if svc == service}
