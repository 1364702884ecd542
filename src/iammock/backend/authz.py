"""The authorization seam every operation goes through before it acts."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..errors import access_denied

if TYPE_CHECKING:
    from .call import Call


def authorize(call: Call, action: str, resource: str, context: Mapping[str, Any]) -> None:
    caller = call.caller
    if caller is None:
        return
    if caller.is_root:
        return
    suffix = f" on resource: {resource}" if resource and resource != "*" else ""
    raise access_denied(
        f"User: {caller.arn} is not authorized to perform: {action}{suffix} "
        f"because no identity-based policy allows the {action} action"
    )
