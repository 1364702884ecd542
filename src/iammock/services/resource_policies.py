"""The resource-based policy moto holds for the resource a request names, and the account that owns it.

One small function per service (the table ``_BY_SERVICE``, keyed by the ARN's service field) reads the
policy from moto's state at decision time. Policies of services whose documents may leave ``Resource``
out (the resource is implied, as in ECR's own examples) get the resource's ARN in those statements
(``moto_state.with_resource``), since the engine reads every policy as an IAM document.

Some policies govern only part of a service's actions: an API Gateway resource policy governs
``execute-api:Invoke`` (Amazon API Gateway Developer Guide, "Controlling access to a REST API with API
Gateway resource policies"), an OpenSearch domain access policy the ``es:ESHttp*`` actions (Amazon
OpenSearch Service Developer Guide, "Resource-based policies"), an EFS file system policy the NFS client
actions ``elasticfilesystem:Client*`` (Amazon EFS User Guide, "Using IAM to control file system data
access"). Their functions answer only for those actions.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from .moto_state import MotoState, with_resource

__all__ = ["ResourcePolicy", "lookup"]


@dataclass(frozen=True)
class ResourcePolicy:
    """The owning account (None: not known), the policy text (None: none) and whether it must allow
    by itself (KMS key policies: "Key policies in AWS KMS", AWS KMS Developer Guide)."""

    owner: str | None = None
    text: str | None = None
    must_allow: bool = False


@dataclass(frozen=True)
class _Target:
    arn: str
    action: str
    partition: str
    region: str
    account: str
    rest: str  # the ARN's resource part


_NONE = ResourcePolicy()
Reader = Callable[[_Target, MotoState], ResourcePolicy]


def _s3(t: _Target, moto: MotoState) -> ResourcePolicy:
    policy, owner = moto.bucket_policy(t.rest.split("/", 1)[0])
    return ResourcePolicy(owner, policy)


def _sqs(t: _Target, moto: MotoState) -> ResourcePolicy:
    return ResourcePolicy(t.account, moto.queue_policy(t.account, t.region, t.rest))


def _sns(t: _Target, moto: MotoState) -> ResourcePolicy:
    return ResourcePolicy(t.account, moto.topic_policy(t.account, t.region, t.arn))


def _kms(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.rest.startswith("key/"):
        return ResourcePolicy(t.account)
    key = moto.kms_key(t.account, t.region, t.rest[4:])
    # A key policy must allow the caller itself; the default one trusts the account root (IAM).
    return ResourcePolicy(t.account, str(key.policy) if key is not None else None, key is not None)


def _lambda(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.rest.startswith("function:"):
        return ResourcePolicy(t.account)
    return ResourcePolicy(t.account, moto.function_policy(t.account, t.region, t.rest.split(":")[1]))


def _secretsmanager(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.rest.startswith("secret:"):
        return ResourcePolicy(t.account)
    secret = moto.secret(t.account, t.region, t.arn)
    return ResourcePolicy(t.account, getattr(secret, "policy", None) if secret is not None else None)


def _ecr(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.rest.startswith("repository/"):
        return ResourcePolicy(t.account)
    return ResourcePolicy(t.account, moto.repository_policy(t.account, t.region, t.rest.split("/", 1)[1]))


def _scoped(t: _Target, text: str | None) -> ResourcePolicy:
    return ResourcePolicy(t.account, with_resource(text, t.arn) if text else None)


def _events(t: _Target, moto: MotoState) -> ResourcePolicy:
    # "Permissions for Amazon EventBridge event buses", EventBridge User Guide: PutPermission's statements.
    if not t.rest.startswith("event-bus/"):
        return ResourcePolicy(t.account)
    return _scoped(t, moto.event_bus_policy(t.account, t.region, t.rest.split("/", 1)[1]))


def _kinesis(t: _Target, moto: MotoState) -> ResourcePolicy:
    # "Controlling access to Amazon Kinesis Data Streams resources using IAM" / resource-based policies:
    # a stream and each registered consumer have their own policy.
    return _scoped(t, moto.stream_policy(t.account, t.region, t.arn))


def _logs(t: _Target, moto: MotoState) -> ResourcePolicy:
    # CloudWatch Logs destinations carry an access policy (PutDestinationPolicy) for cross-account
    # subscriptions ("Cross-account cross-Region subscriptions", CloudWatch Logs User Guide).
    if not t.rest.startswith("destination:"):
        return ResourcePolicy(t.account)
    return _scoped(t, moto.destination_policy(t.account, t.region, t.rest.split(":", 1)[1]))


def _glue(t: _Target, moto: MotoState) -> ResourcePolicy:
    # One Data Catalog resource policy per account and region governs its catalog, databases and tables
    # ("Granting access to Data Catalog resources using resource-based policies", AWS Glue Developer Guide).
    return _scoped(t, moto.glue_catalog_policy(t.account, t.region))


def _execute_api(t: _Target, moto: MotoState) -> ResourcePolicy:
    if t.action != "execute-api:Invoke":
        return ResourcePolicy(t.account)
    api_id = t.rest.split("/", 1)[0]
    text = moto.rest_api_policy(t.account, t.region, api_id)
    if not text:
        return ResourcePolicy(t.account)
    # API Gateway's policies may name resources as "execute-api:/stage/METHOD/path", relative to the API.
    prefix = f"arn:{t.partition}:execute-api:{t.region}:{t.account}:{api_id}"
    try:
        expanded = json.dumps(json.loads(text)).replace('"execute-api:/', f'"{prefix}/')
    except ValueError:
        expanded = text
    return _scoped(t, expanded)


def _es(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.action.startswith("es:ESHttp") or not t.rest.startswith("domain/"):
        return ResourcePolicy(t.account)
    return _scoped(t, moto.domain_policy(t.account, t.region, t.rest.split("/")[1]))


def _efs(t: _Target, moto: MotoState) -> ResourcePolicy:
    if not t.action.startswith("elasticfilesystem:Client") or not t.rest.startswith("file-system/"):
        return ResourcePolicy(t.account)
    return _scoped(t, moto.file_system_policy(t.account, t.region, t.rest.split("/", 1)[1]))


# ARN service field -> reader
_BY_SERVICE: dict[str, Reader] = {
    "sqs": _sqs,
    "sns": _sns,
    "kms": _kms,
    "lambda": _lambda,
    "secretsmanager": _secretsmanager,
    "ecr": _ecr,
    "events": _events,
    "kinesis": _kinesis,
    "logs": _logs,
    "glue": _glue,
    "execute-api": _execute_api,
    "es": _es,
    "elasticfilesystem": _efs,
}


def lookup(action: str, arn: str, moto: MotoState, region: str) -> ResourcePolicy:
    """The owner and resource policy of the resource ``arn`` for ``action`` (``region``: the request's,
    for ARNs without one)."""
    if arn == "*" or not arn.startswith("arn:"):
        return _NONE
    parts = arn.split(":", 5)
    if len(parts) < 6:
        return _NONE
    target = _Target(arn, action, parts[1], parts[3] or region, parts[4], parts[5])
    if parts[2] == "s3":  # bucket ARNs name no account: moto knows the owner
        return _s3(target, moto)
    if not target.account:
        return _NONE
    reader = _BY_SERVICE.get(parts[2])
    return reader(target, moto) if reader is not None else ResourcePolicy(target.account)
