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


def _lambda_backends(account: str, region: str) -> list[Any]:
    """Lambda's backends holding functions, the one moto's config uses first.

    With ``mock_aws(config={"lambda": {"use_docker": False}})`` moto keeps functions in
    ``moto.awslambda_simple``'s backends, otherwise in ``moto.awslambda``'s.
    """
    found = [
        _regional("moto.awslambda.models", "lambda_backends", account, region),
        _regional("moto.awslambda_simple.models", "lambda_simple_backends", account, region),
    ]
    try:
        config = getattr(sys.modules.get("moto.core.models"), "default_user_config", None) or {}
        if config.get("lambda", {}).get("use_docker", True) is False:
            found.reverse()
    except Exception:
        pass
    return [backend for backend in found if backend is not None]


def _lambda_principal(principal: Any) -> Any:
    """AddPermission's ``Principal`` as Lambda writes it into the function policy.

    An account ID becomes that account's root, an ARN an ``AWS`` principal and a service name a
    ``Service`` principal; ``"*"`` and principals already in policy form stay as they are.
    """
    if not isinstance(principal, str) or principal == "*":
        return principal
    if principal.isdigit() and len(principal) == 12:
        return {"AWS": f"arn:aws:iam::{principal}:root"}
    if principal.startswith("arn:"):
        return {"AWS": principal}
    if principal.endswith(".amazonaws.com") or principal.endswith(".amazonaws.com.cn"):
        return {"Service": principal}
    return principal


def _with_resource(text: str, arn: str) -> str:
    """A policy whose statements naming neither ``Resource`` nor ``NotResource`` apply to ``arn``."""
    try:
        document = json.loads(text)
        statements = document.get("Statement")
        listed = statements if isinstance(statements, list) else [statements]
        if not all(isinstance(s, dict) for s in listed):
            return text
        scoped = [s if "Resource" in s or "NotResource" in s else {**s, "Resource": arn} for s in listed]
        return json.dumps({**document, "Statement": scoped if isinstance(statements, list) else scoped[0]})
    except Exception:
        return text


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
            backends = _backends("moto.s3.models", "s3_backends")
            partition = backends.bucket_accounts.get(bucket, ("aws", found[0]))[0]  # the bucket's partition
            backend = backends[found[0]][partition]
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
        """The function's policy as Lambda stores it (moto keeps AddPermission's principals verbatim)."""
        for backend in _lambda_backends(account, region):
            try:
                fn = backend.get_function(name)
            except Exception:
                continue
            try:
                if not fn.policy.statements:
                    return None
                policy = fn.policy.get_policy()["Policy"]
                statements = [
                    {**s, "Principal": _lambda_principal(s["Principal"])} if "Principal" in s else s
                    for s in policy["Statement"]
                ]
                return json.dumps({**policy, "Statement": statements})
            except Exception:
                return None
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
        """The repository's policy, each statement scoped to the repository.

        ECR repository policies name no ``Resource`` (the repository is implied); the engine reads
        resource-based policies as IAM documents, so statements without one get the repository's ARN.
        """
        backend = _regional("moto.ecr.models", "ecr_backends", account, region)
        repo = getattr(backend, "repositories", {}).get(name) if backend is not None else None
        text = _text(getattr(repo, "policy", None)) if repo is not None else None
        arn = getattr(repo, "arn", None)
        if text is None or not isinstance(arn, str):
            return text
        return _with_resource(text, arn)

    def table_hash_key(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.dynamodb.models", "dynamodb_backends", account, region)
        table = getattr(backend, "tables", {}).get(name) if backend is not None else None
        return getattr(table, "hash_key_attr", None) if table is not None else None

    def task_definition_roles(self, account: str, region: str, task_definition: str) -> list[str]:
        """The task role and execution role ARNs of an ECS task definition (family[:revision] or ARN)."""
        parts = task_definition.split(":")
        if task_definition.startswith("arn:") and len(parts) > 5:
            account, region = parts[4] or account, parts[3] or region
        backend = _regional("moto.ecs.models", "ecs_backends", account, region)
        try:
            found = backend.describe_task_definition(task_definition) if backend is not None else None
        except Exception:
            return []  # no such task definition: ECS answers with its own error
        roles = (getattr(found, "task_role_arn", None), getattr(found, "execution_role_arn", None))
        return [role for role in roles if isinstance(role, str) and role]

    def launch_template_profile(self, account: str, region: str, spec: Any) -> Any:
        """The ``IamInstanceProfile`` ({Arn|Name}) of the launch template version a request names."""
        if not isinstance(spec, dict):
            return None
        backend = _regional("moto.ec2.models", "ec2_backends", account, region)
        try:
            if spec.get("LaunchTemplateId"):
                template = backend.get_launch_template(spec["LaunchTemplateId"])
            else:
                template = backend.get_launch_template_by_name(spec.get("LaunchTemplateName"))
            data = template.get_version(spec.get("Version") or "$Default").data
        except Exception:
            return None  # no such template or version: EC2 answers with its own error
        return data.get("IamInstanceProfile") if isinstance(data, dict) else None
