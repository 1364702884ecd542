"""Amazon EventBridge: rules (``rule/NAME`` on the default bus, ``rule/BUS/NAME`` on others), event
buses, archives, connections, API destinations, replays and endpoints."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "events"

OVERRIDES: dict[str, Any] = {"PutEvents": [("events:PutEvents", "entries")]}

_NAMED = (
    ("EventBus", "event-bus"),
    ("Archive", "archive"),
    ("Connection", "connection"),
    ("ApiDestination", "api-destination"),
    ("Replay", "replay"),
    ("Endpoint", "endpoint"),
    ("PartnerEventSource", "event-source"),
)


def _bus(env: Env, name: str | None) -> str:
    if name and name.startswith("arn:"):
        return name
    return env.arn("events", f"event-bus/{name or 'default'}")


def _rule(env: Env, name: str, bus: str | None) -> str:
    if name.startswith("arn:"):
        return name
    if bus and bus.startswith("arn:"):
        bus = bus.rsplit("/", 1)[-1]
    path = f"rule/{name}" if not bus or bus == "default" else f"rule/{bus}/{name}"
    return env.arn("events", path)


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    op = env.operation
    if kind == "entries":
        return list(dict.fromkeys(_bus(env, e.get("EventBusName")) for e in params.get("Entries") or []))
    if params.get("ResourceARN"):
        return [str(params["ResourceARN"])]
    for word, kind_ in _NAMED:
        if word in op:
            name = params.get("Name") or params.get(f"{word}Name") or params.get("EventBusName")
            if name:
                name = str(name)
                return [name if name.startswith("arn:") else env.arn("events", f"{kind_}/{name}")]
            return []
    rule = params.get("Rule") or (params.get("Name") if "Rule" in op or op in ("PutRule",) else None)
    if rule:
        return [_rule(env, str(rule), params.get("EventBusName"))]
    return []


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    entries = env.params.get("Entries")
    if env.operation == "PutEvents" and isinstance(entries, list):
        out["events:source"] = [str(e.get("Source")) for e in entries if e.get("Source")]
        out["events:detail-type"] = [str(e.get("DetailType")) for e in entries if e.get("DetailType")]
    return out
