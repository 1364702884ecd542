"""Amazon Kinesis Data Streams: stream and consumer ARNs."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "kinesis"

OVERRIDES: dict[str, Any] = {}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    for name in ("ConsumerARN", "StreamARN", "ResourceARN"):
        if params.get(name):
            return [str(params[name])]
    if params.get("StreamName"):
        return [env.arn("kinesis", f"stream/{params['StreamName']}")]
    return []
