"""AWS CloudFormation: stacks (``stack/NAME/*`` until the stack ID is known) and stack sets."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "cloudformation"

OVERRIDES: dict[str, Any] = {}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    name = params.get("StackName")
    if name:
        name = str(name)
        return [name if name.startswith("arn:") else env.arn("cloudformation", f"stack/{name}/*")]
    if params.get("StackSetName"):
        value = str(params["StackSetName"])
        return [value if value.startswith("arn:") else env.arn("cloudformation", f"stackset/{value}:*")]
    if params.get("ChangeSetName") and str(params["ChangeSetName"]).startswith("arn:"):
        return [str(params["ChangeSetName"])]
    return []


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    params = env.params
    for name, key in (
        ("TemplateURL", "cloudformation:TemplateUrl"),
        ("RoleARN", "cloudformation:RoleArn"),
        ("StackPolicyURL", "cloudformation:StackPolicyUrl"),
        ("ChangeSetName", "cloudformation:ChangeSetName"),
    ):
        if params.get(name):
            out[key] = params[name]
    if params.get("ResourceTypes"):
        out["cloudformation:ResourceTypes"] = list(params["ResourceTypes"])
    return out
