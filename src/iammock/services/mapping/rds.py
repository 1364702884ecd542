"""Amazon RDS: every named resource in the request (instance, cluster, snapshot, subnet group,
parameter group, option group, event subscription) is authorized, as RDS does."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "rds"

# (unconfirmed) DescribeServerlessV2PlatformVersions is not in the service authorization reference.
OVERRIDES: dict[str, Any] = {"DescribeServerlessV2PlatformVersions": "rds:DescribeDBEngineVersions"}

_PARAMS = (
    ("DBInstanceIdentifier", "db"),
    ("DBClusterIdentifier", "cluster"),
    ("DBSnapshotIdentifier", "snapshot"),
    ("DBClusterSnapshotIdentifier", "cluster-snapshot"),
    ("DBSubnetGroupName", "subgrp"),
    ("DBParameterGroupName", "pg"),
    ("DBClusterParameterGroupName", "cluster-pg"),
    ("OptionGroupName", "og"),
    ("SubscriptionName", "es"),
    ("DBProxyName", "db-proxy"),
    ("GlobalClusterIdentifier", "global-cluster"),
)


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if params.get("ResourceName"):
        return [str(params["ResourceName"])]
    out = []
    for name, kind_ in _PARAMS:
        value = params.get(name)
        if not value:
            continue
        value = str(value)
        if value.startswith("arn:"):
            out.append(value)
        elif kind_ == "global-cluster":
            out.append(env.arn("rds", f"global-cluster:{value}", region=""))
        else:
            out.append(env.arn("rds", f"{kind_}:{value}"))
    return out


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    params = env.params
    for name, key in (
        ("Engine", "rds:DatabaseEngine"),
        ("DBInstanceClass", "rds:DatabaseClass"),
        ("AllocatedStorage", "rds:StorageSize"),
        ("StorageEncrypted", "rds:StorageEncrypted"),
        ("MultiAZ", "rds:MultiAz"),
        ("DBName", "rds:DatabaseName"),
    ):
        if params.get(name) is not None:
            out[key] = params[name]
    return out
