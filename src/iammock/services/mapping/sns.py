"""Amazon SNS: topic ARNs (a subscription is authorized on its topic)."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "sns"

OVERRIDES: dict[str, Any] = {"PublishBatch": "sns:Publish"}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    for name in ("TopicArn", "TargetArn", "ResourceArn", "PlatformApplicationArn", "EndpointArn"):
        if params.get(name):
            return [str(params[name])]
    if params.get("SubscriptionArn"):
        arn = str(params["SubscriptionArn"])
        return [arn.rsplit(":", 1)[0] if arn.count(":") >= 6 else arn]
    if env.operation == "CreateTopic" and params.get("Name"):
        return [env.arn("sns", str(params["Name"]))]
    return []


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if env.params.get("Protocol"):
        out["sns:Protocol"] = env.params["Protocol"]
    if env.params.get("Endpoint"):
        out["sns:Endpoint"] = env.params["Endpoint"]
    return out
