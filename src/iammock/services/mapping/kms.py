"""AWS KMS: key IDs, key ARNs, alias names and alias ARNs resolve to the key's ARN (through moto's
aliases when the alias exists); alias operations authorize the alias and its key."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "kms"

OVERRIDES: dict[str, Any] = {
    "ReEncrypt": [("kms:ReEncryptFrom", "source"), ("kms:ReEncryptTo", "destination")],
    "CreateAlias": [("kms:CreateAlias", "alias"), ("kms:CreateAlias", "target")],
    "DeleteAlias": [("kms:DeleteAlias", "alias"), ("kms:DeleteAlias", "alias_target")],
    "UpdateAlias": [
        ("kms:UpdateAlias", "alias"),
        ("kms:UpdateAlias", "alias_target"),
        ("kms:UpdateAlias", "target"),
    ],
    "CreateKey": [("kms:CreateKey", "*")],
    "ListKeys": [("kms:ListKeys", "*")],
    "ListAliases": [("kms:ListAliases", "*")],
    "GenerateRandom": [("kms:GenerateRandom", "*")],
}

_HEADER_LEN = 36  # moto's ciphertext blobs start with the key id


def key_arn(env: Env, key_id: str) -> str:
    account, region = env.account, env.region
    if key_id.startswith("arn:"):
        parts = key_id.split(":")
        account, region = parts[4], parts[3]
    key = env.moto.kms_key(account, region, key_id)
    if key is not None:
        return str(key.arn)
    if key_id.startswith("arn:"):
        return key_id
    if key_id.startswith("alias/"):
        return env.arn("kms", key_id)
    return env.arn("kms", f"key/{key_id}")


def _from_ciphertext(env: Env) -> str | None:
    blob = env.params.get("CiphertextBlob")
    if isinstance(blob, bytes) and len(blob) >= _HEADER_LEN:
        try:
            return blob[:_HEADER_LEN].decode("ascii")
        except UnicodeDecodeError:
            return None
    return None


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if kind == "alias":
        name = str(params.get("AliasName", ""))
        return [env.arn("kms", name)] if name else []
    if kind == "alias_target":
        name = str(params.get("AliasName", ""))
        key = env.moto.kms_key(env.account, env.region, name) if name else None
        return [str(key.arn)] if key is not None else ["__skip__"]
    if kind == "target":
        return [key_arn(env, str(params["TargetKeyId"]))] if params.get("TargetKeyId") else []
    if kind == "source":
        found = params.get("SourceKeyId") or _from_ciphertext(env)
        return [key_arn(env, str(found))] if found else []
    if kind == "destination":
        return [key_arn(env, str(params["DestinationKeyId"]))] if params.get("DestinationKeyId") else []
    key_id = params.get("KeyId")
    if not key_id and env.operation == "Decrypt":
        key_id = _from_ciphertext(env)
    return [key_arn(env, str(key_id))] if key_id else []


def context(env: Env) -> dict[str, Any]:
    params = env.params
    out: dict[str, Any] = {"kms:CallerAccount": env.account}
    encryption = params.get("EncryptionContext")
    if isinstance(encryption, dict):
        for key, value in encryption.items():
            out[f"kms:EncryptionContext:{key}"] = value
        out["kms:EncryptionContextKeys"] = list(encryption)
    for name, key in (
        ("KeySpec", "kms:KeySpec"),
        ("KeyUsage", "kms:KeyUsage"),
        ("Origin", "kms:KeyOrigin"),
        ("EncryptionAlgorithm", "kms:EncryptionAlgorithm"),
        ("SigningAlgorithm", "kms:SigningAlgorithm"),
        ("GranteePrincipal", "kms:GranteePrincipal"),
        ("RetiringPrincipal", "kms:RetiringPrincipal"),
    ):
        if params.get(name):
            out[key] = params[name]
    if params.get("Operations"):
        out["kms:GrantOperations"] = list(params["Operations"])
    key_id = str(params.get("KeyId") or "")
    if key_id.startswith("alias/") or ":alias/" in key_id:
        out["kms:RequestAlias"] = "alias/" + key_id.split("alias/", 1)[1]
    if params.get("BypassPolicyLockoutSafetyCheck") is not None:
        out["kms:BypassPolicyLockoutSafetyCheck"] = bool(params["BypassPolicyLockoutSafetyCheck"])
    return out
