"""IAM's Marker/MaxItems/IsTruncated pagination, shared by every list operation."""

from __future__ import annotations

import base64
import binascii
import bisect
from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, TypeVar

from ..errors import AwsError
from .state import Kept

if TYPE_CHECKING:
    from .call import Call
    from .registry import Output, Params

T = TypeVar("T")

DEFAULT_MAX_ITEMS = 100


def _encode(position: str) -> str:
    return base64.b64encode(position.encode("utf-8")).decode("ascii")


def _decode(marker: str) -> str:
    try:
        return base64.b64decode(marker.encode("ascii"), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeError, ValueError):
        # AWS's wording (LocalStack's AWS-validated snapshot of ListVirtualMFADevices, test_iam_mfa).
        raise AwsError("ValidationError", "Invalid Marker.", 400) from None


def page(
    items: Sequence[T],
    params: Params,
    key: Callable[[T], str],
    *,
    result_key: str,
    render: Callable[[T], object],
) -> Output:
    """One page of ``items`` (already in AWS's order, ascending by ``key``), rendered."""
    chosen, rest = window(items, params, key)
    return {result_key: [render(item) for item in chosen], **rest}


def window(items: Sequence[T], params: Params, key: Callable[[T], str]) -> tuple[Sequence[T], Output]:
    """The items of one page, and the page's ``IsTruncated`` (and ``Marker``) members.

    The marker names the first item of the next page, so deletions between pages neither skip nor
    repeat items: the next page starts at the first item whose key is not below the marker.
    """
    max_items = params.get("MaxItems") or DEFAULT_MAX_ITEMS
    start = 0
    marker = params.get("Marker")
    if marker is not None:
        start = bisect.bisect_left(items, _decode(marker), key=key)
    chosen = items[start : start + max_items]
    if start + max_items < len(items):
        return chosen, {"IsTruncated": True, "Marker": _encode(key(items[start + max_items]))}
    return chosen, {"IsTruncated": False}


def ordered(call: Call, name: Hashable, build: Callable[[], list[T]]) -> list[T]:
    """``build()``, remembered until state next changes: paging through N items costs O(N), not O(N²/page)."""
    backend = call.backend
    cache_key = (call.account.id, name)
    hit = backend.order_cache.get(cache_key)
    if hit is not None and hit.generation == backend.generation:
        found: list[T] = hit.value
        return found
    items = build()
    backend.order_cache[cache_key] = Kept(backend.generation, items)
    return items
