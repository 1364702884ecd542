"""What a load does, as data: IAM API calls in order, and what could not be loaded and why.

A source (an authorization-details export, a Terraform plan or state) is turned into a :class:`Plan`
first, then the plan's calls run through the same operation handlers and parameter validation as a
boto3 call would (``loading/runner.py``). Keeping the two apart means every format gets the API's rules
(names, paths, limits, policy grammar, AWS's messages) without repeating them here.
"""

from __future__ import annotations

import json
import urllib.parse
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any


class LoadError(ValueError):
    """A source that cannot be loaded: the entity it is about, and AWS's error for it. Nothing was loaded."""


@dataclass(frozen=True, slots=True)
class Step:
    """One IAM API call: its operation, its parameters, and the entity it is about (for errors)."""

    operation: str
    params: dict[str, Any]
    entity: str


@dataclass(frozen=True, slots=True)
class Keep:
    """An identifier and creation date the source knows, kept on the entity the plan created.

    ``kind`` is the account store (``users``, ``groups``, ``roles``, ``instance_profiles``, ``policies``);
    ``key`` the record's key there (lower-case name, or a policy's ARN).
    """

    kind: str
    key: str
    unique_id: str | None
    created: datetime | None
    # A managed policy's versions as the source numbers and dates them, oldest first (the API numbers
    # the versions it creates v1, v2, …; an account's policy may be at v7 after deletions).
    versions: tuple[tuple[str, datetime | None], ...] = ()
    updated: datetime | None = None  # a managed policy's UpdateDate


@dataclass
class Plan:
    account_id: str
    partition: str
    steps: list[Step] = field(default_factory=list)
    keep: list[Keep] = field(default_factory=list)
    # "<address or entity>: <why>" for what the source holds but the plan leaves out.
    unresolved: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def call(self, operation: str, entity: str, **params: Any) -> None:
        self.steps.append(Step(operation, {k: v for k, v in params.items() if v is not None}, entity))


@dataclass(frozen=True, slots=True)
class Loaded:
    """What :meth:`IAMMock.load` created, by ARN, and what it did not load with the reason.

    ``unresolved``: values the source does not know yet (a Terraform plan's "known after apply"), by
    resource address; the resources that need them were not loaded. ``skipped``: entities iammock does
    not load from this source, with the reason. ``raised_quotas``: the account's quotas raised to hold
    what the source holds (an account that big had them raised), as "<quota>: <before> -> <after>".
    """

    account_id: str
    users: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    policies: tuple[str, ...] = ()
    instance_profiles: tuple[str, ...] = ()
    unresolved: tuple[str, ...] = ()
    skipped: tuple[str, ...] = ()
    # "<quota>: <before> -> <after>" for each account quota raised to hold the source.
    raised_quotas: tuple[str, ...] = ()


def document_text(value: Any, entity: str) -> str:
    """A policy document as IAM's API takes it: JSON text.

    The CLI (and boto3) write documents as JSON values; the raw API form URL-encodes the JSON text.
    """
    if isinstance(value, dict | list):
        return json.dumps(value)
    if not isinstance(value, str):
        raise LoadError(f"{entity}: the policy document is neither JSON text nor a JSON object")
    text = value.strip()
    if text.startswith("%7B") or text.startswith("%7b") or (text and text[0] != "{" and "%" in text):
        text = urllib.parse.unquote(text)
    return text


def arn_parts(arn: str, entity: str) -> tuple[str, str, str]:
    """(partition, account, resource) of an IAM ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam":
        raise LoadError(f"{entity}: {arn!r} is not an IAM ARN")
    return parts[1], parts[4], parts[5]


def tag_list(tags: Any) -> list[dict[str, str]] | None:
    """Tags as IAM's API takes them, from a list of {Key, Value} or a Terraform map."""
    if not tags:
        return None
    if isinstance(tags, dict):
        return [{"Key": str(k), "Value": str(v)} for k, v in tags.items()]
    return [{"Key": str(t["Key"]), "Value": str(t.get("Value", ""))} for t in tags]


def when(value: Any) -> datetime | None:
    """A creation date as the source writes it (ISO 8601 text, or a datetime from boto3)."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None
    return None
