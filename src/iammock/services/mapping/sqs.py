"""Amazon SQS: queue URLs become queue ARNs; batch operations check the single-message action."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlparse

from . import Env

PREFIX = "sqs"

OVERRIDES: dict[str, Any] = {
    "SendMessageBatch": "sqs:SendMessage",
    "DeleteMessageBatch": "sqs:DeleteMessage",
    "ChangeMessageVisibilityBatch": "sqs:ChangeMessageVisibility",
    "ListQueues": [("sqs:ListQueues", "*")],
    "CancelMessageMoveTask": [("sqs:CancelMessageMoveTask", "*")],
}


def queue_arn(env: Env, url: str) -> str | None:
    """``https://sqs.<region>.amazonaws.com/<account>/<name>`` (any host moto accepts) → the queue ARN."""
    parts = [p for p in urlparse(url).path.split("/") if p]
    if len(parts) < 2:
        return None
    host = urlparse(url).hostname or ""
    region = env.region
    labels = host.split(".")
    if len(labels) > 2 and labels[0] == "sqs" and labels[1] not in ("amazonaws",):
        region = labels[1]
    return env.arn("sqs", parts[-1], region=region, account=parts[-2])


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if params.get("QueueUrl"):
        arn = queue_arn(env, str(params["QueueUrl"]))
        return [arn] if arn else []
    if params.get("QueueName"):
        account = params.get("QueueOwnerAWSAccountId") or env.account
        return [env.arn("sqs", str(params["QueueName"]), account=str(account))]
    if params.get("SourceArn"):
        return [str(params["SourceArn"])]
    return []
