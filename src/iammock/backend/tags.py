"""Tag rules shared by every taggable IAM entity and by STS session tags."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from ..errors import AwsError

MAX_TAGS = 50


def merge(
    existing: Mapping[str, str], given: Iterable[Mapping[str, Any]], *, case_insensitive: bool
) -> dict[str, str]:
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


def request_context(given: Iterable[Mapping[str, Any]]) -> dict[str, Any]:
    """``aws:RequestTag/K`` and ``aws:TagKeys`` for an operation that passes tags."""
    context: dict[str, Any] = {}
    keys = []
    for tag in given:
        context[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
        keys.append(tag["Key"])
    if keys:
        context["aws:TagKeys"] = keys
    return context
