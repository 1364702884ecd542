"""New botocore sessions for the sessions iammock hands out, sharing one model loader."""

from __future__ import annotations

import threading
from typing import Any

_loader_lock = threading.Lock()
_loader: Any = None


def new_session() -> Any:
    """A new botocore session sharing one model loader, so sessions after the first cost no JSON parsing."""
    global _loader
    import botocore.loaders
    import botocore.session

    with _loader_lock:
        if _loader is None:
            _loader = botocore.loaders.create_loader()
    session = botocore.session.Session()
    session.register_component("data_loader", _loader)
    return session
