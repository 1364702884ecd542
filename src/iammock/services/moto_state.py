"""What moto holds that authorization depends on: resource policies, owners, aliases and ARNs.

moto is imported only here, only while enforcing, and only if the program imported it already: an
application without moto never pays for it. Every read is defensive: moto's internals are not an API,
and a lookup that fails means "nothing known" (no resource policy, the caller's own account).
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass
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


def with_resource(text: str, arn: str) -> str:
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


@dataclass(frozen=True)
class KmsKey:
    """A KMS key a resource is encrypted under, as moto holds it.

    ``policy`` is None for an AWS managed key moto has not created yet (it makes ``aws/<service>`` keys
    only when first asked for them); ``aws_managed`` says the key is one of those (alias ``aws/…``).
    """

    arn: str
    account: str
    region: str
    policy: str | None
    aws_managed: bool


@dataclass(frozen=True)
class Encryption:
    """How an S3 object is (or is to be) encrypted: the algorithm and the KMS key named, if any."""

    algorithm: str
    key_id: str | None
    bucket_key: bool = False


class MotoState:
    """Read-only views of moto's backends for one call."""

    def __init__(self) -> None:
        self.active = moto_active()
        # One call asks for its bucket several times (mapping context, resource policy, encryption):
        # looked up in moto once per call.
        self._buckets: dict[str, tuple[str, Any] | None] = {}

    # -- S3 ---------------------------------------------------------------------------------------

    def bucket(self, name: str) -> tuple[str, Any] | None:
        """(owner account, bucket) of an existing bucket."""
        try:
            return self._buckets[name]
        except KeyError:
            found = self._buckets[name] = self._find_bucket(name)
            return found

    def _find_bucket(self, name: str) -> tuple[str, Any] | None:
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
        return with_resource(text, arn)

    def table_hash_key(self, account: str, region: str, name: str) -> str | None:
        backend = _regional("moto.dynamodb.models", "dynamodb_backends", account, region)
        table = getattr(backend, "tables", {}).get(name) if backend is not None else None
        return getattr(table, "hash_key_attr", None) if table is not None else None

    # -- KMS keys resources are encrypted under ----------------------------------------------------

    def resolve_key(self, account: str, region: str, reference: str, partition: str = "aws") -> KmsKey | None:
        """The key a key ID, key ARN, alias name or alias ARN names, read without changing moto's state.

        An ARN names its own account and region; a bare ID or alias is looked up in ``account`` and
        ``region`` (the caller's, as services resolve them). An alias ``aws/<service>`` moto has not
        created yet is still an AWS managed key, known by its alias ARN.
        """
        if reference.startswith("arn:"):
            parts = reference.split(":", 5)
            if len(parts) == 6:
                partition, region, account = parts[1], parts[3] or region, parts[4] or account
                reference = parts[5]
        alias = reference if reference.startswith("alias/") else None
        key = self.kms_key(account, region, reference)
        if key is not None:
            aliases = [str(a) for a in getattr(key, "aliases", {}) or {}]
            return KmsKey(
                arn=str(key.arn),
                account=account,
                region=region,
                policy=_text(getattr(key, "policy", None)),
                aws_managed=any(a.startswith("alias/aws/") for a in aliases),
            )
        if alias is not None and alias.startswith("alias/aws/"):
            return KmsKey(f"arn:{partition}:kms:{region}:{account}:{alias}", account, region, None, True)
        return None

    def s3_default_encryption(self, bucket: str) -> Encryption | None:
        """The bucket's default encryption (PutBucketEncryption), if any."""
        found = self.bucket(bucket)
        if found is None or found[1] is None:
            return None
        try:
            rule = (getattr(found[1], "encryption", None) or {}).get("Rule") or {}
            default = rule.get("ApplyServerSideEncryptionByDefault") or {}
            algorithm = default.get("SSEAlgorithm")
            if not algorithm:
                return None
            bucket_key = str(rule.get("BucketKeyEnabled", False)).lower() == "true"
            return Encryption(str(algorithm), default.get("KMSMasterKeyID"), bucket_key)
        except Exception:
            return None

    def s3_object_encryption(self, bucket: str, key: str, version: str | None = None) -> Encryption | None:
        """How an existing object was encrypted (moto keeps the algorithm and key ID it was put with)."""
        found = self.bucket(bucket)
        if found is None or found[1] is None:
            return None
        try:
            obj = None
            if version:
                for candidate in found[1].keys.getlist(key, []):
                    if str(getattr(candidate, "version_id", "")) == version:
                        obj = candidate
            else:
                obj = found[1].keys.get(key)
            algorithm = getattr(obj, "encryption", None) if obj is not None else None
            if not algorithm:
                return None
            bucket_key = str(getattr(obj, "bucket_key_enabled", False)).lower() == "true"
            return Encryption(str(algorithm), getattr(obj, "kms_key_id", None), bucket_key)
        except Exception:
            return None

    def queue_kms_key(self, account: str, region: str, name: str) -> str | None:
        """The queue's ``KmsMasterKeyId`` (None: no SSE-KMS; SQS managed SSE needs no KMS permission)."""
        backend = _regional("moto.sqs.models", "sqs_backends", account, region)
        queue = getattr(backend, "queues", {}).get(name) if backend is not None else None
        value = getattr(queue, "kms_master_key_id", None) if queue is not None else None
        return str(value) if value else None

    def topic_kms_key(self, account: str, region: str, arn: str) -> str | None:
        backend = _regional("moto.sns.models", "sns_backends", account, region)
        topic = getattr(backend, "topics", {}).get(arn) if backend is not None else None
        value = getattr(topic, "kms_master_key_id", None) if topic is not None else None
        return str(value) if value else None

    def parameter(self, account: str, region: str, name: str) -> tuple[str, str | None] | None:
        """(type, key ID) of an SSM parameter's current version."""
        backend = _regional("moto.ssm.models", "ssm_backends", account, region)
        if backend is None:
            return None
        try:
            found = backend.get_parameter(name)
        except Exception:
            return None
        if found is None:
            return None
        return str(found.parameter_type), getattr(found, "keyid", None)

    def secret_kms_key(self, account: str, region: str, secret_id: str) -> tuple[str, str | None] | None:
        """(ARN, ``KmsKeyId``) of an existing secret; a None key means the AWS managed aws/secretsmanager."""
        secret = self.secret(account, region, secret_id)
        if secret is None:
            return None
        value = getattr(secret, "kms_key_id", None)
        return str(getattr(secret, "arn", secret_id)), (str(value) if value else None)

    def s3_upload_encryption(self, bucket: str, upload_id: str) -> Encryption | None:
        """How a multipart upload's parts are encrypted: as its CreateMultipartUpload asked, else the
        bucket's default (which S3 applies when the upload is created)."""
        found = self.bucket(bucket)
        if found is None or found[1] is None:
            return None
        try:
            upload = found[1].multiparts.get(upload_id)
        except Exception:
            upload = None
        algorithm = getattr(upload, "sse_encryption", None) if upload is not None else None
        if algorithm:
            return Encryption(str(algorithm), getattr(upload, "kms_key_id", None))
        return self.s3_default_encryption(bucket) if upload is not None else None

    # -- resource policies of further services -----------------------------------------------------------

    def event_bus_policy(self, account: str, region: str, name: str) -> str | None:
        """The event bus's policy (PutPermission's statements; they name the bus as their Resource)."""
        backend = _regional("moto.events.models", "events_backends", account, region)
        bus = getattr(backend, "event_buses", {}).get(name) if backend is not None else None
        return _text(getattr(bus, "policy", None)) if bus is not None else None

    def stream_policy(self, account: str, region: str, arn: str) -> str | None:
        """A Kinesis stream's (or consumer's) resource policy (PutResourcePolicy)."""
        backend = _regional("moto.kinesis.models", "kinesis_backends", account, region)
        policies = getattr(backend, "resource_policies", None) if backend is not None else None
        return _text(policies.get(arn)) if isinstance(policies, dict) else None

    def destination_policy(self, account: str, region: str, name: str) -> str | None:
        """A CloudWatch Logs destination's access policy (PutDestinationPolicy)."""
        backend = _regional("moto.logs.models", "logs_backends", account, region)
        for destination in (
            (getattr(backend, "destinations", {}) or {}).values() if backend is not None else ()
        ):
            if getattr(destination, "destination_name", None) == name:
                return _text(getattr(destination, "access_policy", None))
        return None

    def glue_catalog_policy(self, account: str, region: str) -> str | None:
        """The Data Catalog's resource policy (PutResourcePolicy without a ResourceArn)."""
        backend = _regional("moto.glue.models", "glue_backends", account, region)
        policies = getattr(backend, "resource_policies", None) if backend is not None else None
        if not isinstance(policies, dict):
            return None
        found = policies.get(f"arn:aws:glue:{region}:{account}:catalog") or {}
        return _text(found.get("PolicyInJson")) if isinstance(found, dict) else None

    def rest_api_policy(self, account: str, region: str, api_id: str) -> str | None:
        backend = _regional("moto.apigateway.models", "apigateway_backends", account, region)
        api = getattr(backend, "apis", {}).get(api_id) if backend is not None else None
        return _text(getattr(api, "policy", None)) if api is not None else None

    def domain_policy(self, account: str, region: str, name: str) -> str | None:
        """An OpenSearch domain's access policy."""
        backend = _regional("moto.opensearch.models", "opensearch_backends", account, region)
        domain = getattr(backend, "domains", {}).get(name) if backend is not None else None
        return _text(getattr(domain, "access_policies", None)) if domain is not None else None

    def file_system_policy(self, account: str, region: str, file_system_id: str) -> str | None:
        backend = _regional("moto.efs.models", "efs_backends", account, region)
        found = (
            getattr(backend, "file_systems_by_id", {}).get(file_system_id) if backend is not None else None
        )
        return _text(getattr(found, "file_system_policy", None)) if found is not None else None

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
