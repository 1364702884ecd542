"""Amazon EC2: every resource ID in the request is authorized (AttachVolume checks the instance and the
volume); Describe* operations are not resource-level; RunInstances checks each resource it uses."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "ec2"

OVERRIDES: dict[str, Any] = {
    "RunInstances": [
        ("ec2:RunInstances", "instance/*"),
        ("ec2:RunInstances", "image"),
        ("ec2:RunInstances", "network"),
    ],
}

# ID prefix -> (resource type, ARN has no account): images and snapshots are addressed without one.
_TYPES: dict[str, tuple[str, bool]] = {
    "i": ("instance", False),
    "vol": ("volume", False),
    "vpc": ("vpc", False),
    "subnet": ("subnet", False),
    "sg": ("security-group", False),
    "ami": ("image", True),
    "snap": ("snapshot", True),
    "eni": ("network-interface", False),
    "igw": ("internet-gateway", False),
    "rtb": ("route-table", False),
    "eipalloc": ("elastic-ip", False),
    "lt": ("launch-template", False),
    "acl": ("network-acl", False),
    "nat": ("natgateway", False),
    "dopt": ("dhcp-options", False),
    "pcx": ("vpc-peering-connection", False),
    "key": ("key-pair", False),
    "vpce": ("vpc-endpoint", False),
    "tgw": ("transit-gateway", False),
    "eigw": ("egress-only-internet-gateway", False),
    "fl": ("vpc-flow-log", False),
    "pl": ("prefix-list", False),
}


def id_arn(env: Env, value: str) -> str | None:
    prefix, sep, _ = value.partition("-")
    found = _TYPES.get(prefix) if sep else None
    if found is None:
        return None
    kind, global_ = found
    return env.arn("ec2", f"{kind}/{value}", account="" if global_ else None)


def _ids(env: Env, values: Any) -> list[str]:
    out = []
    for value in values if isinstance(values, list) else [values]:
        if isinstance(value, str):
            arn = id_arn(env, value)
            if arn is not None:
                out.append(arn)
    return out


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if kind == "instance/*":
        return [env.arn("ec2", "instance/*")]
    if kind == "image":
        return _ids(env, params.get("ImageId")) or ["__skip__"]
    if kind == "network":
        out = _ids(env, params.get("SubnetId")) + _ids(env, params.get("SecurityGroupIds"))
        if params.get("KeyName"):
            out.append(env.arn("ec2", f"key-pair/{params['KeyName']}"))
        return [env.arn("ec2", "network-interface/*"), env.arn("ec2", "volume/*"), *out]
    if env.operation.startswith("Describe"):
        return []
    out = []
    for name, value in params.items():
        if name.endswith(("Id", "Ids")) or name == "Resources":
            out += _ids(env, value)
    if env.operation in ("CreateKeyPair", "ImportKeyPair", "DeleteKeyPair") and params.get("KeyName"):
        out.append(env.arn("ec2", f"key-pair/{params['KeyName']}"))
    return list(dict.fromkeys(out))


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {"ec2:Region": env.region}
    params = env.params
    if params.get("InstanceType"):
        out["ec2:InstanceType"] = params["InstanceType"]
    if params.get("ImageId"):
        out["ec2:ImageID"] = params["ImageId"]
    return out
