"""What moto holds that authorization depends on: resource policies, owners, aliases and ARNs.

moto is imported only here, only while enforcing, and only if the program imported it already: an
application without moto never pays for it. Every read is defensive: moto's internals are not an API,
and a lookup that fails means "nothing known" (no resource policy, the caller's own account).
"""

from __future__ import annotations

import json
import sys
from typing import Any

DEFAULT_REGION = "us-east-1"


def moto_active() -> bool:
    models = sys.modules.get("moto.core.models")
    return bool(getattr(getattr(models, "botocore_stubber", None), "enabled", False))


def _backends(module: str, name: str) -> Any:
    if not moto_active():
        return None
    try:
        mod = __import__(module, fromlist=[name])
        return getattr(mod, name)
    except Exception:
        return None


def _regional(module: str, name: str, account: str, region: str) -> Any:
    backends = _backends(module, name)
    if backends is None:
        return None
    try:
        # BackendDict creates a backend on first access: only look into accounts moto already has.
        if account not in backends:
            return None
        return backends[account][region]
    except Exception:
        return None


def _text(policy: Any) -> str | None:
    if policy is None:
        return None
    if isinstance(policy, bytes):
        policy = policy.decode("utf-8")
    if isinstance(policy, dict):
        policy = json.dumps(policy)
    return str(policy) if policy else None


class MotoState:
    """Read-only views of moto's backends for one call."""

    def __init__(self) -> None:
        self.active = moto_active()

    # -- S3 ---------------------------------------------------------------------------------------

    def bucket(self, name: str) -> tuple[str, Any] | None:
        """(owner account, bucket) of an existing bucket."""
        backends = _backends("moto.s3.models", "s3_backends") if self.active else None
        if backends is None:
            return None
        try:
            owner = backends.bucket_accounts.get(name)
            if owner is None:
                return None
            partition, account = owner
            return account, backends[account][partition].buckets.get(name)
        except Exception:
            return None

    def bucket_policy(self, name: str) -> tuple[str | None, str | None]:
        found = self.bucket(name)
        if found is None or found[1] is None:
            return None, None
        return _text(getattr(found[1], "policy", None)), found[0]

    def object_tags(self, bucket: str, key: str) -> dict[str, str]:
        found = self.bucket(bucket)
        if found is None or found[1] is None:
            return {}
        try:
            obj = found[1].keys.get(key)
            if obj is None:
                return {}
            backend = _backends("moto.s3.models", "s3_backends")[found[0]]["aws"]
            return dict(backend.tagger.get_tag_dict_for_resource(obj.arn))
        except Exception:
            return {}

    # -- regional services ------------------------------------------------------------------------

    def queue_policy(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.sqs.models", "sqs_backends", account, region)
        queue = getattr(backend, "queues", {}).get(name) if backend is not None else None
        return _text(getattr(queue, "policy", None)) if queue is not None else None

    def topic_policy(self, account: str, region: str, arn: str) -> str | None:
        backend = _regional("moto.sns.models", "sns_backends", account, region)
        topic = getattr(backend, "topics", {}).get(arn) if backend is not None else None
        return _text(getattr(topic, "policy", None)) if topic is not None else None

    def kms_key(self, account: str, region: str, key_id: str) -> Any:
        backend = _regional("moto.kms.models", "kms_backends", account, region)
        if backend is None:
            return None
        try:
            if key_id.startswith("alias/") or ":alias/" in key_id:
                name = "alias/" + key_id.split("alias/", 1)[1]
                for key in backend.keys.values():
                    if name in key.aliases:
                        return key
                return None
            return backend.keys.get(key_id.rsplit("/", 1)[-1])
        except Exception:
            return None

    def function_policy(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.awslambda.models", "lambda_backends", account, region)
        if backend is None:
            return None
        try:
            fn = backend.get_function(name)
            if not fn.policy.statements:
                return None
            return json.dumps(fn.policy.get_policy()["Policy"])
        except Exception:
            return None

    def secret(self, account: str, region: str, secret_id: str) -> Any:
        backend = _regional("moto.secretsmanager.models", "secretsmanager_backends", account, region)
        if backend is None:
            return None
        try:
            if secret_id in backend.secrets:
                return backend.secrets[secret_id]
        except Exception:
            return None
        return None

    def repository_policy(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.ecr.models", "ecr_backends", account, region)
        repo = getattr(backend, "repositories", {}).get(name) if backend is not None else None
        return _text(getattr(repo, "policy", None)) if repo is not None else None

    def table_hash_key(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.dynamodb.models", "dynamodb_backends", account, region)
        table = getattr(backend, "tables", {}).get(name) if backend is not None else None
        return getattr(table, "hash_key_attr", None) if table is not None else None
