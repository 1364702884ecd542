"""Amazon DynamoDB: table and index ARNs, batch and transaction operations per table, PartiQL verbs,
and the fine-grained access keys dynamodb:LeadingKeys and dynamodb:Attributes."""

from __future__ import annotations

import re
from typing import Any

from . import Env, scalar

PREFIX = "dynamodb"

_TRANSACT_WRITE = {
    "Put": "dynamodb:PutItem",
    "Update": "dynamodb:UpdateItem",
    "Delete": "dynamodb:DeleteItem",
    "ConditionCheck": "dynamodb:ConditionCheckItem",
}

OVERRIDES: dict[str, Any] = {
    "TransactGetItems": [("dynamodb:GetItem", "transact_get")],
    "TransactWriteItems": [(a, f"transact_write:{k}") for k, a in _TRANSACT_WRITE.items()],
    "ExecuteStatement": [
        (f"dynamodb:PartiQL{v}", f"partiql:{v}") for v in ("Select", "Insert", "Update", "Delete")
    ],
    "BatchExecuteStatement": [
        (f"dynamodb:PartiQL{v}", f"partiql:{v}") for v in ("Select", "Insert", "Update", "Delete")
    ],
    "ExecuteTransaction": [
        (f"dynamodb:PartiQL{v}", f"partiql:{v}") for v in ("Select", "Insert", "Update", "Delete")
    ],
    "BatchGetItem": [("dynamodb:BatchGetItem", "request_items")],
    "BatchWriteItem": [("dynamodb:BatchWriteItem", "request_items")],
}

_STATEMENT = re.compile(
    r'^\s*(SELECT|INSERT|UPDATE|DELETE|EXISTS)\b.*?\b(?:FROM|INTO|UPDATE)\s+"?([A-Za-z0-9_.\-]+)"?(?:\."?([A-Za-z0-9_.\-]+)"?)?',
    re.IGNORECASE | re.DOTALL,
)


def table_arn(env: Env, table: str, index: str | None = None) -> str:
    base = table if table.startswith("arn:") else env.arn("dynamodb", f"table/{table}")
    return f"{base}/index/{index}" if index else base


def _statements(env: Env) -> list[str]:
    params = env.params
    if "Statement" in params:
        return [params["Statement"]]
    items = params.get("Statements") or params.get("TransactStatements") or []
    return [i.get("Statement", "") for i in items]


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if kind.startswith("partiql:"):
        verb = kind.split(":", 1)[1].upper()
        out = []
        for text in _statements(env):
            m = _STATEMENT.match(text or "")
            if m is None:
                continue
            found = "SELECT" if m.group(1).upper() == "EXISTS" else m.group(1).upper()
            if found == verb:
                out.append(table_arn(env, m.group(2), m.group(3)))
        return out or ["__skip__"]
    if kind == "request_items":
        return [table_arn(env, t) for t in params.get("RequestItems") or {}]
    if kind == "transact_get":
        return [
            table_arn(env, i["Get"]["TableName"]) for i in params.get("TransactItems") or [] if "Get" in i
        ]
    if kind.startswith("transact_write:"):
        which = kind.split(":", 1)[1]
        out = [table_arn(env, i[which]["TableName"]) for i in params.get("TransactItems") or [] if which in i]
        return out or ["__skip__"]
    if "TableName" in params:
        return [table_arn(env, params["TableName"], params.get("IndexName"))]
    for name in ("ResourceArn", "TableArn", "BackupArn", "StreamArn", "ExportArn", "ImportArn"):
        if params.get(name):
            return [params[name]]
    if params.get("GlobalTableName"):
        return [env.arn("dynamodb", f"global-table/{params['GlobalTableName']}", region="")]
    return []


def _hash_key(env: Env) -> str | None:
    table = env.params.get("TableName")
    if not table:
        return None
    name = str(table).rsplit("/", 1)[-1]
    account = str(table).split(":")[4] if str(table).startswith("arn:") else env.account
    return env.moto.table_hash_key(account, env.region, name)


def _leading_keys(env: Env) -> list[str]:
    params = env.params
    record = params.get("Key") or params.get("Item")
    hash_key = _hash_key(env)
    if isinstance(record, dict):
        if hash_key and hash_key in record:
            value = scalar(record[hash_key])
            return [value] if value is not None else []
        if hash_key is None and len(record) == 1:
            value = scalar(next(iter(record.values())))
            return [value] if value is not None else []
        return []
    expression = params.get("KeyConditionExpression")
    if isinstance(expression, str):
        names = params.get("ExpressionAttributeNames") or {}
        values = params.get("ExpressionAttributeValues") or {}
        for left, right in re.findall(r"([#\w.]+)\s*=\s*(:\w+)", expression):
            attribute = names.get(left, left)
            if hash_key is None or attribute == hash_key:
                value = scalar(values.get(right))
                return [value] if value is not None else []
    conditions = params.get("KeyConditions")
    if isinstance(conditions, dict):
        for attribute, condition in conditions.items():
            if (hash_key is None or attribute == hash_key) and condition.get("ComparisonOperator") == "EQ":
                value = scalar((condition.get("AttributeValueList") or [None])[0])
                return [value] if value is not None else []
    return []


def _attributes(env: Env) -> list[str]:
    params = env.params
    names = params.get("ExpressionAttributeNames") or {}
    out: list[str] = []
    if isinstance(params.get("Item"), dict):
        out += list(params["Item"])
    if isinstance(params.get("AttributesToGet"), list):
        out += params["AttributesToGet"]
    projection = params.get("ProjectionExpression")
    if isinstance(projection, str):
        for part in projection.split(","):
            token = part.strip().split(".")[0].split("[")[0]
            out.append(names.get(token, token))
    update = params.get("UpdateExpression")
    if isinstance(update, str):
        for token in re.findall(r"(#?\w+)\s*=", update):
            out.append(names.get(token, token))
    if isinstance(params.get("Key"), dict) and out:
        out += list(params["Key"])
    return list(dict.fromkeys(out))


def context(env: Env) -> dict[str, Any]:
    out: dict[str, Any] = {}
    leading = _leading_keys(env)
    if leading:
        out["dynamodb:LeadingKeys"] = leading
    attributes = _attributes(env)
    if attributes:
        out["dynamodb:Attributes"] = attributes
    for name, key in (
        ("Select", "dynamodb:Select"),
        ("ReturnValues", "dynamodb:ReturnValues"),
        ("ReturnConsumedCapacity", "dynamodb:ReturnConsumedCapacity"),
    ):
        if env.params.get(name):
            out[key] = env.params[name]
    return out
