"""CloudWatch Logs: AWS authorizes log-group operations on ``log-group:NAME:log-stream:`` and stream
operations on ``log-group:NAME:log-stream:STREAM`` (so policies need ``log-group:NAME:*``)."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "logs"

# (unconfirmed) GetLogObject is not in the service authorization reference; it reads log events.
OVERRIDES: dict[str, Any] = {"GetLogObject": "logs:GetLogEvents"}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    group = params.get("logGroupName") or params.get("logGroupIdentifier")
    if group:
        group = str(group)
        if group.startswith("arn:"):
            return [group]
        stream = params.get("logStreamName") or ""
        return [env.arn("logs", f"log-group:{group}:log-stream:{stream}")]
    for name in ("resourceArn", "resourceIdentifier", "logGroupArn", "anomalyDetectorArn"):
        if params.get(name):
            return [str(params[name])]
    if params.get("destinationName"):
        return [env.arn("logs", f"destination:{params['destinationName']}")]
    if env.operation in ("DescribeLogGroups",):
        return [env.arn("logs", "log-group::log-stream:")]
    return []
