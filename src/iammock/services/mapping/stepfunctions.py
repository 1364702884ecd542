"""AWS Step Functions (IAM prefix ``states``): state machine, execution and activity ARNs."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "states"

OVERRIDES: dict[str, Any] = {}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    for name in ("executionArn", "stateMachineArn", "activityArn", "mapRunArn", "resourceArn", "taskToken"):
        value = params.get(name)
        if value and str(value).startswith("arn:"):
            return [str(value)]
    if env.operation == "CreateStateMachine" and params.get("name"):
        return [env.arn("states", f"stateMachine:{params['name']}")]
    if env.operation == "CreateActivity" and params.get("name"):
        return [env.arn("states", f"activity:{params['name']}")]
    return []
