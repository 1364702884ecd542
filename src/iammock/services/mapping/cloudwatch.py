"""Amazon CloudWatch (IAM prefix ``cloudwatch``, signing name ``monitoring``): alarms and dashboards;
metric operations are not resource-level."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "cloudwatch"

# (unconfirmed) DescribeAlarmContributors is not in the service authorization reference.
OVERRIDES: dict[str, Any] = {"DescribeAlarmContributors": "cloudwatch:DescribeAlarms"}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if params.get("AlarmName"):
        return [env.arn("cloudwatch", f"alarm:{params['AlarmName']}")]
    if params.get("AlarmNames") and not env.operation.startswith("Describe"):
        return [env.arn("cloudwatch", f"alarm:{n}") for n in params["AlarmNames"]]
    if params.get("DashboardName"):
        return [env.arn("cloudwatch", f"dashboard/{params['DashboardName']}", region="")]
    if params.get("DashboardNames"):
        return [env.arn("cloudwatch", f"dashboard/{n}", region="") for n in params["DashboardNames"]]
    if params.get("ResourceARN"):
        return [str(params["ResourceARN"])]
    return []


def context(env: Env) -> dict[str, Any]:
    if env.params.get("Namespace"):
        return {"cloudwatch:namespace": env.params["Namespace"]}
    return {}
