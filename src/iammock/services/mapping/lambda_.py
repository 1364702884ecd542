"""AWS Lambda: function names, partial and full ARNs, qualifiers, layers and event source mappings."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "lambda"

OVERRIDES: dict[str, Any] = {
    "Invoke": "lambda:InvokeFunction",
    "InvokeWithResponseStream": "lambda:InvokeFunction",
    "GetLayerVersionByArn": "lambda:GetLayerVersion",
    "ListFunctions": [("lambda:ListFunctions", "*")],
}


def function_arn(env: Env, name: str, qualifier: str | None = None) -> str:
    if name.startswith("arn:"):
        arn = name
    elif ":function:" in name:  # "123456789012:function:name"
        account, _, rest = name.partition(":function:")
        arn = env.arn("lambda", f"function:{rest}", account=account)
    elif ":" in name:  # "name:qualifier"
        base, _, qual = name.partition(":")
        arn = env.arn("lambda", f"function:{base}:{qual}")
    else:
        arn = env.arn("lambda", f"function:{name}")
    if qualifier and arn.count(":") == 6:
        arn = f"{arn}:{qualifier}"
    return arn


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if params.get("FunctionName"):
        return [function_arn(env, str(params["FunctionName"]), params.get("Qualifier"))]
    if params.get("Arn"):
        return [str(params["Arn"])]
    for name in ("Resource", "CodeSigningConfigArn"):
        if params.get(name):
            return [str(params[name])]
    if params.get("LayerName"):
        layer = str(params["LayerName"])
        if not layer.startswith("arn:"):
            layer = env.arn("lambda", f"layer:{layer}")
        version = params.get("VersionNumber")
        return [f"{layer}:{version}" if version is not None else layer]
    if params.get("UUID"):
        return [env.arn("lambda", f"event-source-mapping:{params['UUID']}")]
    return []


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    params = env.params
    if env.operation == "AddPermission":
        if params.get("Principal"):
            out["lambda:Principal"] = params["Principal"]
        if params.get("FunctionUrlAuthType"):
            out["lambda:FunctionUrlAuthType"] = params["FunctionUrlAuthType"]
    if params.get("Layers"):
        out["lambda:Layer"] = list(params["Layers"])
    if params.get("VpcConfig", {}).get("SubnetIds"):
        out["lambda:SubnetIds"] = list(params["VpcConfig"]["SubnetIds"])
    return out
