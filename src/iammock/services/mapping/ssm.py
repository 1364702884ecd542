"""AWS Systems Manager: parameters (``parameter/a/b`` for ``/a/b``), documents and managed instances."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "ssm"

OVERRIDES: dict[str, Any] = {"DescribeParameters": [("ssm:DescribeParameters", "*")]}


def parameter_arn(env: Env, name: str) -> str:
    if name.startswith("arn:"):
        return name
    name = name.split(":", 1)[0]  # a selector ("name:3", "name:label") names the same parameter
    return env.arn("ssm", f"parameter/{name.lstrip('/')}")


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    op = env.operation
    if "Parameter" in op:
        if params.get("Names"):
            return [parameter_arn(env, str(n)) for n in params["Names"]]
        if params.get("Name"):
            return [parameter_arn(env, str(params["Name"]))]
        if params.get("Path"):
            return [parameter_arn(env, str(params["Path"]))]
    if "Document" in op and params.get("Name"):
        name = str(params["Name"])
        return [name if name.startswith("arn:") else env.arn("ssm", f"document/{name}")]
    if params.get("InstanceId"):
        return [env.arn("ec2", f"instance/{params['InstanceId']}")]
    if params.get("ResourceId") and params.get("ResourceType") == "Parameter":
        return [parameter_arn(env, str(params["ResourceId"]))]
    return []


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if env.params.get("Overwrite") is not None:
        out["ssm:Overwrite"] = "true" if env.params["Overwrite"] else "false"
    if env.params.get("Recursive") is not None:
        out["ssm:Recursive"] = "true" if env.params["Recursive"] else "false"
    return out
