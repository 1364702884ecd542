"""The metadata endpoints botocore's credential providers call, answered in process.

botocore's ``InstanceMetadataProvider`` and ``ContainerProvider`` fetch credentials over plain HTTP
from link-local addresses (the EC2 instance metadata service, the ECS and EKS Pod Identity agents).
Their fetchers (``botocore.utils.IMDSFetcher`` and ``ContainerMetadataFetcher``) build their own
``botocore.httpsession.URLLib3Session`` and call its ``send`` directly: the requests pass through no
event emitter, so the ``before-call``/``before-send`` hooks never see them. Patching that one
``send`` method is the only seam that catches every fetcher (including those created before a mock
started) while leaving botocore's own providers, retries and refresh logic in charge.

While a mock is active, a request to a link-local metadata host is never sent: it is answered by the
agent the active mock registered for that host (``serve``), or it fails as an unreachable endpoint
does (``ConnectTimeoutError``; botocore then finds no credentials there). Loopback hosts are answered
only at the exact host and port a test registered; any other request goes to botocore's own ``send``.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectTimeoutError
from botocore.httpsession import URLLib3Session

from ..backend.sts.metadata_agents import Agent, Request
from . import dispatch

# The link-local addresses of the EC2 instance metadata service (IPv4 and IPv6), the ECS task
# metadata endpoint and the EKS Pod Identity agent (IPv4 and IPv6): botocore's defaults and the
# hosts ``ContainerMetadataFetcher`` allows.
LINK_LOCAL_HOSTS = frozenset(
    {"169.254.169.254", "fd00:ec2::254", "169.254.170.2", "169.254.170.23", "fd00:ec2::23"}
)


@dataclass(frozen=True)
class _Route:
    owner: object  # the mock that registered it: only that mock's agents answer while it is active
    host: str
    port: int
    agent: Agent


class _Body:
    """The ``raw`` of an answered response: botocore reads it through ``stream()``, aiobotocore
    through ``read()``."""

    def __init__(self, data: bytes) -> None:
        self._data = data

    def stream(self, *_: Any, **__: Any) -> Iterator[bytes]:
        yield self._data

    async def read(self, *_: Any) -> bytes:
        return self._data


_lock = threading.Lock()
_routes: tuple[_Route, ...] = ()  # replaced as a whole, so readers need no lock
_installs = 0
# The ``send`` each replacement stands in for, kept for good: a call in flight while the last mock stops
# still finds it. ``_patched`` says which classes carry a replacement now.
_ORIGINAL: dict[Any, Any] = {}
_patched: set[type] = set()


def _targets() -> list[tuple[type, Any]]:
    """botocore's HTTP session, and aiobotocore's when it is imported (its fetchers use that one)."""
    found: list[tuple[type, Any]] = [(URLLib3Session, _send)]
    aio = sys.modules.get("aiobotocore.httpsession")
    session_class = getattr(aio, "AIOHTTPSession", None)
    if isinstance(session_class, type):
        found.append((session_class, _send_async))
    return found


def install() -> None:
    """Route metadata requests through ``_send``; counted, so nested mocks install it once.

    Every start patches what is not patched yet (aiobotocore may be imported after the first mock).
    """
    global _installs
    with _lock:
        _installs += 1
        _patch_missing()


def _patch_missing() -> None:
    for cls, replacement in _targets():
        if cls not in _patched and cls.__dict__.get("send") is not replacement:
            _ORIGINAL[replacement] = cls.__dict__["send"]
            cls.send = replacement  # type: ignore[attr-defined]
            _patched.add(cls)


def uninstall() -> None:
    """Undo ``install`` when the last mock stops (unless something else has patched ``send`` since:
    then the replacement stays, and passes every request on while no mock is active)."""
    global _installs
    with _lock:
        if _installs == 0:
            return
        _installs -= 1
        if _installs:
            return
        for cls, replacement in _targets():
            if cls in _patched and cls.__dict__.get("send") is replacement:
                cls.send = _ORIGINAL[replacement]  # type: ignore[attr-defined]
                _patched.discard(cls)


@contextmanager
def serve(owner: object, url: str, agent: Agent) -> Iterator[None]:
    """Let ``agent`` answer requests to ``url``'s host and port while ``owner`` is the active mock."""
    global _routes
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if host not in LINK_LOCAL_HOSTS and not _loopback(host):
        raise ValueError(f"iammock answers metadata on link-local or loopback hosts only, not {host!r}")
    route = _Route(owner, host, parts.port or 80, agent)
    with _lock:
        _routes = (*_routes, route)
        if _installs:
            _patch_missing()  # aiobotocore may have been imported since the mock started
    try:
        yield
    finally:
        with _lock:
            _routes = tuple(r for r in _routes if r is not route)


def _loopback(host: str) -> bool:
    import ipaddress

    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _send(session: URLLib3Session, request: Any) -> Any:
    routed = _route(request)
    if routed is None:
        return _ORIGINAL[_send](session, request)
    return AWSResponse(request.url, *routed)


async def _send_async(session: Any, request: Any) -> Any:
    routed = _route(request)
    if routed is None:
        return await _ORIGINAL[_send_async](session, request)
    from aiobotocore.awsrequest import AioAWSResponse  # type: ignore[import-untyped]

    return AioAWSResponse(request.url, *routed)


def _route(request: Any) -> tuple[int, dict[str, str], _Body] | None:
    """The answer (status, headers, body) for a metadata request, or None to send it as usual."""
    responder = dispatch.active()
    if responder is None:
        return None
    url = request.url
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    port = parts.port or (443 if parts.scheme == "https" else 80)
    for route in _routes:
        if route.owner is responder and route.host == host and route.port == port:
            reply = route.agent.answer(_request(request, parts.path, parts.query))
            body = reply.body.encode("utf-8")
            headers = {"content-type": reply.content_type, "content-length": str(len(body))}
            return reply.status, headers, _Body(body)
    if host in LINK_LOCAL_HOSTS:
        # Nothing listens there in this process: what botocore sees when the address is unreachable.
        raise ConnectTimeoutError(endpoint_url=url)
    return None


def _request(request: Any, path: str, query: str) -> Request:
    headers = {str(k).lower(): _text(v) for k, v in (request.headers or {}).items()}
    return Request(request.method.upper(), path or "/", query, headers)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else str(value)
