"""AWS Secrets Manager: a secret's ARN is the one moto gave it (name plus a random suffix) when it exists."""

from __future__ import annotations

import random
import string
from typing import Any

from . import Env

PREFIX = "secretsmanager"

OVERRIDES: dict[str, Any] = {
    "ListSecrets": [("secretsmanager:ListSecrets", "*")],
    "GetRandomPassword": [("secretsmanager:GetRandomPassword", "*")],
    "BatchGetSecretValue": [
        ("secretsmanager:BatchGetSecretValue", "*"),
        ("secretsmanager:GetSecretValue", "each"),
    ],
}

_ALPHABET = string.ascii_letters + string.digits


def secret_arn(env: Env, secret_id: str) -> str:
    account, region = env.account, env.region
    if secret_id.startswith("arn:"):
        parts = secret_id.split(":")
        account, region = parts[4], parts[3]
    secret = env.moto.secret(account, region, secret_id)
    if secret is not None and getattr(secret, "arn", None):
        return str(secret.arn)
    if secret_id.startswith("arn:"):
        return secret_id
    return env.arn("secretsmanager", f"secret:{secret_id}")


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if kind == "each":
        return [secret_arn(env, str(s)) for s in params.get("SecretIdList") or []] or ["__skip__"]
    if params.get("SecretId"):
        return [secret_arn(env, str(params["SecretId"]))]
    if env.operation == "CreateSecret" and params.get("Name"):
        # A new secret's ARN ends in "-" and six random characters, as AWS makes it.
        suffix = "".join(random.choices(_ALPHABET, k=6))
        return [env.arn("secretsmanager", f"secret:{params['Name']}-{suffix}")]
    return []


def context(env: Env) -> dict[str, Any]:
    params = env.params
    out: dict[str, Any] = {}
    if params.get("Name"):
        out["secretsmanager:Name"] = params["Name"]
    if params.get("SecretId"):
        out["secretsmanager:SecretId"] = secret_arn(env, str(params["SecretId"]))
    if params.get("KmsKeyId"):
        out["secretsmanager:KmsKeyId"] = params["KmsKeyId"]
    if params.get("VersionStage"):
        out["secretsmanager:VersionStage"] = params["VersionStage"]
    if params.get("ResourcePolicy"):
        out["secretsmanager:BlockPublicPolicy"] = bool(params.get("BlockPublicPolicy", False))
    return out
