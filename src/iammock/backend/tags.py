"""Tag rules shared by every taggable IAM entity and by STS session tags."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from ..engine import ContextValue
from ..errors import AwsError
from .model import Tagged
from .paging import page

if TYPE_CHECKING:
    from .call import Call
    from .registry import Output, Params

# Finds the tagged entity once the call is authorized (AWS authorizes before it looks anything up).
Find = Callable[[], Tagged]
# One member of a request's Tags list: {"Key": …, "Value": …} (Value may be absent).
Tag = Mapping[str, str]

MAX_TAGS = 50


def merge(existing: Mapping[str, str], given: Iterable[Tag], *, case_insensitive: bool) -> dict[str, str]:
    """``existing`` with ``given`` applied, checked; raises before anything is stored.

    Users' and roles' tag keys are case-insensitive: ``department`` replaces ``Department`` (and
    keeps the new spelling); other entities compare keys exactly.
    """
    result = dict(existing)
    seen: set[str] = set()
    for tag in given:
        key, value = tag["Key"], tag.get("Value", "")
        folded = key.lower() if case_insensitive else key
        if folded in seen:
            raise AwsError(
                "InvalidInput",
                "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
                400,
            )
        seen.add(folded)
        if key.lower().startswith("aws:"):
            raise AwsError(
                "InvalidInput", 'User-defined tag keys can\'t start with the reserved prefix "aws:".', 400
            )
        if case_insensitive:
            for old in [k for k in result if k.lower() == folded]:
                del result[old]
        result[key] = value
    if len(result) > MAX_TAGS:
        raise AwsError("LimitExceeded", "The number of tags has reached the maximum limit.", 409)
    return result


def as_list(tags: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in tags.items()]


def request_context(given: Iterable[Tag]) -> dict[str, ContextValue]:
    """``aws:RequestTag/K`` and ``aws:TagKeys`` for an operation that passes tags."""
    context: dict[str, ContextValue] = {}
    keys = []
    for tag in given:
        context[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
        keys.append(tag["Key"])
    if keys:
        context["aws:TagKeys"] = keys
    return context


def tag(
    call: Call,
    action: str,
    arn: str,
    find: Find,
    given: list[Tag],
    *,
    case_insensitive: bool = False,
) -> None:
    """Tag* for any entity: authorize with the request's tags, then merge them in."""
    call.authorize(action, arn, request_context(given))
    entity = find()
    entity.tags = merge(entity.tags, given, case_insensitive=case_insensitive)


def untag(
    call: Call, action: str, arn: str, find: Find, keys: list[str], *, case_insensitive: bool = False
) -> None:
    """Untag* for any entity; keys that are not there are ignored, as AWS does."""
    call.authorize(action, arn, {"aws:TagKeys": keys} if keys else {})
    entity = find()
    fold: Callable[[str], str] = str.lower if case_insensitive else str
    gone = {fold(k) for k in keys}
    entity.tags = {k: v for k, v in entity.tags.items() if fold(k) not in gone}


def listing(call: Call, action: str, arn: str, find: Find, params: Params, *, by_key: bool = False) -> Output:
    """List*Tags for any entity: in the order the tags were added, or by key where AWS sorts them."""
    call.authorize(action, arn)
    items = list(find().tags.items())
    if by_key:
        items.sort()
    entries = [(k if by_key else f"{i:04d}", k, v) for i, (k, v) in enumerate(items)]
    return page(
        entries, params, key=lambda e: e[0], result_key="Tags", render=lambda e: {"Key": e[1], "Value": e[2]}
    )
