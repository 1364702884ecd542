"""KMS permissions a service checks for the caller when it encrypts or decrypts data on the caller's behalf.

A service that stores data under a KMS key calls KMS with the caller's identity ("forward access"): an S3
``PutObject`` into an SSE-KMS bucket needs ``kms:GenerateDataKey`` on the key *for the caller*, a
``GetObject`` ``kms:Decrypt``, and the key policy must allow it too, since a key policy is the root of
trust for its key ("Key policies in AWS KMS", AWS KMS Developer Guide). KMS sees such a request with
``kms:ViaService`` set to the calling service's endpoint (``s3.us-east-1.amazonaws.com``),
``kms:CallerAccount`` to the caller's account and ``kms:EncryptionContext:<key>`` to the encryption
context the service sets ("AWS KMS condition keys", AWS KMS Developer Guide).

Each service has one small reader (the table ``_READERS``) that names the KMS uses a call makes, from the
request and the key moto holds for the resource; each use is decided through ``authz.check`` (so the
trail, the explanation and the Decision carry it) with the key policy as a resource policy that must allow.

AWS managed keys (``aws/s3``, ``aws/sqs`` …) have a key policy AWS writes and nobody can change: it lets
every principal of the key's account use the key through that one service ("AWS managed keys", AWS KMS
Developer Guide; "Key management", Amazon SQS Developer Guide: "The policy for this KMS key includes
permissions for all principals in the account (that are authorized to use Amazon SQS)"). That policy is
evaluated here in place of whatever moto stored for the key.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from ..backend import authz
from ..backend.call import Call
from ..backend.principals import named
from ..engine import Decision, PolicyKind
from ..errors import AwsError
from .mapping import Check, Env
from .moto_state import Encryption, KmsKey

__all__ = ["KmsUse", "refusal", "uses"]


@dataclass(frozen=True)
class KmsUse:
    """One KMS request a service makes for the caller: the action, the key and the encryption context."""

    action: str
    key: KmsKey
    encryption_context: Mapping[str, str]


Reader = Callable[[Env, Sequence[Check]], list[KmsUse]]


def _endpoint(service: str, env: Env) -> str:
    """``kms:ViaService``: the service's endpoint name in the request's region and partition."""
    suffix = "amazonaws.com.cn" if env.partition == "aws-cn" else "amazonaws.com"
    return f"{service}.{env.region}.{suffix}"


def _key(
    env: Env, reference: str | None, managed: str, owner: str, region: str | None = None
) -> KmsKey | None:
    """The key a resource names (ID, ARN, alias), or the service's AWS managed key when it names none.

    An ARN names its own account; an ID or alias is resolved in ``owner``'s account (the resource's; for
    S3 the requester's: Amazon S3 User Guide, "Specifying server-side encryption with AWS KMS (SSE-KMS)":
    "Amazon S3 resolves the key within the requester's account"). The AWS managed key is the resource
    owner's: it cannot be used across accounts.
    """
    if reference:
        return env.moto.resolve_key(owner, region or env.region, reference, env.partition)
    return env.moto.resolve_key(owner, region or env.region, f"alias/aws/{managed}", env.partition)


def _uses(actions: Sequence[str], key: KmsKey | None, context: Mapping[str, str]) -> list[KmsUse]:
    return [KmsUse(action, key, context) for action in actions] if key is not None else []


def _resources(checks: Sequence[Check], action: str) -> list[str]:
    return [c.resource for c in checks if c.action == action and c.resource != "*"]


# -- Amazon S3 ------------------------------------------------------------------------------------------
# "Protecting data with server-side encryption using AWS KMS keys (SSE-KMS)", Amazon S3 User Guide; the
# PutObject, GetObject, CopyObject and CreateMultipartUpload API references ("Permissions"): PutObject
# needs kms:GenerateDataKey, GetObject kms:Decrypt, CreateMultipartUpload kms:GenerateDataKey and then
# UploadPart / UploadPartCopy kms:Decrypt. S3 sets the encryption context aws:s3:arn to the object's ARN,
# or to the bucket's with an S3 Bucket Key ("Encryption context", same guide).

_KMS_ALGORITHMS = ("aws:kms", "aws:kms:dsse")


def _s3_context(object_arn: str, encryption: Encryption, extra: Mapping[str, str]) -> dict[str, str]:
    arn = object_arn.split("/", 1)[0] if encryption.bucket_key else object_arn
    return {**extra, "aws:s3:arn": arn}


def _requested_context(env: Env) -> dict[str, str]:
    """``SSEKMSEncryptionContext``: base64 of a JSON object of string pairs."""
    raw = env.params.get("SSEKMSEncryptionContext")
    if not isinstance(raw, str) or not raw:
        return {}
    try:
        pairs = json.loads(base64.b64decode(raw))
    except (binascii.Error, ValueError):
        return {}
    return {str(k): str(v) for k, v in pairs.items()} if isinstance(pairs, dict) else {}


def _s3_write_encryption(env: Env, bucket: str) -> Encryption | None:
    """The encryption a write asks for, else the bucket's default. A write naming ``aws:kms`` without a
    key uses the AWS managed key aws/s3 (PutObject API reference, ``x-amz-server-side-encryption``)."""
    requested = env.params.get("ServerSideEncryption")
    if requested:
        bucket_key = bool(env.params.get("BucketKeyEnabled", False))
        return Encryption(str(requested), env.params.get("SSEKMSKeyId"), bucket_key)
    return env.moto.s3_default_encryption(bucket)


def _s3_bucket_and_key(arn: str) -> tuple[str, str]:
    bucket, _, key = arn.split(":::", 1)[-1].partition("/")
    return bucket, key


def _s3_key(env: Env, bucket: str, reference: str | None) -> KmsKey | None:
    if reference:
        return _key(env, reference, "s3", env.account)
    found = env.moto.bucket(bucket)
    return _key(env, None, "s3", found[0] if found else env.account)


def _s3(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    op = env.operation
    out: list[KmsUse] = []
    if op in ("GetObject", "CopyObject", "UploadPartCopy"):
        action = (
            "s3:GetObjectVersion" if op == "GetObject" and env.params.get("VersionId") else "s3:GetObject"
        )
        for arn in _resources(checks, action):
            bucket, key = _s3_bucket_and_key(arn)
            version = env.params.get("VersionId") if op == "GetObject" else None
            found = env.moto.s3_object_encryption(bucket, key, str(version) if version else None)
            if found is not None and found.algorithm in _KMS_ALGORITHMS:
                context = _s3_context(arn, found, {})
                out += _uses(["kms:Decrypt"], _s3_key(env, bucket, found.key_id), context)
    if op in ("PutObject", "CopyObject", "CreateMultipartUpload"):
        for arn in _resources(checks, "s3:PutObject"):
            bucket, _ = _s3_bucket_and_key(arn)
            found = _s3_write_encryption(env, bucket)
            if found is not None and found.algorithm in _KMS_ALGORITHMS:
                context = _s3_context(arn, found, _requested_context(env))
                out += _uses(["kms:GenerateDataKey"], _s3_key(env, bucket, found.key_id), context)
    if op in ("UploadPart", "UploadPartCopy") and env.params.get("UploadId"):
        for arn in _resources(checks, "s3:PutObject"):
            bucket, _ = _s3_bucket_and_key(arn)
            found = env.moto.s3_upload_encryption(bucket, str(env.params["UploadId"]))
            if found is not None and found.algorithm in _KMS_ALGORITHMS:
                context = _s3_context(arn, found, {})
                out += _uses(["kms:Decrypt"], _s3_key(env, bucket, found.key_id), context)
    return out


# -- Amazon SQS -----------------------------------------------------------------------------------------
# "Key management", Amazon SQS Developer Guide: producers need kms:GenerateDataKey and kms:Decrypt,
# consumers kms:Decrypt; SQS sets the encryption context aws:sqs:arn to the queue's ARN.

_SQS_ACTIONS = {
    "SendMessage": ("kms:GenerateDataKey", "kms:Decrypt"),
    "SendMessageBatch": ("kms:GenerateDataKey", "kms:Decrypt"),
    "ReceiveMessage": ("kms:Decrypt",),
}


def _sqs(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    actions = _SQS_ACTIONS.get(env.operation)
    if actions is None:
        return []
    out: list[KmsUse] = []
    for arn in {c.resource for c in checks if c.resource.startswith("arn:")}:
        _, _, _, region, account, name = arn.split(":", 5)
        reference = env.moto.queue_kms_key(account, region, name)
        if reference is not None:
            out += _uses(actions, _key(env, reference, "sqs", account, region), {"aws:sqs:arn": arn})
    return out


# -- Amazon SNS -----------------------------------------------------------------------------------------
# "Configure AWS KMS permissions" (Encryption at rest), Amazon SNS Developer Guide: publishers to an
# encrypted topic need kms:GenerateDataKey* and kms:Decrypt on its key.


def _sns(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    if env.operation not in ("Publish", "PublishBatch"):
        return []
    out: list[KmsUse] = []
    for arn in {c.resource for c in checks if c.resource.startswith("arn:")}:
        _, _, _, region, account, _ = arn.split(":", 5)
        reference = env.moto.topic_kms_key(account, region, arn)
        if reference is not None:
            out += _uses(
                ("kms:GenerateDataKey", "kms:Decrypt"), _key(env, reference, "sns", account, region), {}
            )
    return out


# -- AWS Systems Manager Parameter Store ----------------------------------------------------------------
# "How AWS Systems Manager Parameter Store uses AWS KMS", AWS KMS Developer Guide: PutParameter of a
# standard SecureString calls kms:Encrypt, GetParameter(s) WithDecryption kms:Decrypt, both with the
# encryption context PARAMETER_ARN; without a KeyId the AWS managed key aws/ssm is used.


def _ssm(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    op = env.operation
    params = env.params
    if op == "PutParameter":
        if params.get("Type") != "SecureString":
            return []
        existing = env.moto.parameter(env.account, env.region, str(params.get("Name", "")))
        reference = params.get("KeyId") or (existing[1] if existing else None)
        action = "kms:GenerateDataKey" if params.get("Tier") == "Advanced" else "kms:Encrypt"
        return [
            use
            for arn in _resources(checks, "ssm:PutParameter")
            for use in _uses([action], _key(env, reference, "ssm", env.account), {"PARAMETER_ARN": arn})
        ]
    if op not in ("GetParameter", "GetParameters") or not params.get("WithDecryption"):
        return []
    names = [str(n) for n in params.get("Names") or [params.get("Name", "")]]
    arns = _resources(checks, f"ssm:{op}")
    out: list[KmsUse] = []
    for name, arn in zip(names, arns, strict=False):
        found = env.moto.parameter(env.account, env.region, name)
        if found is not None and found[0] == "SecureString":
            out += _uses(["kms:Decrypt"], _key(env, found[1], "ssm", env.account), {"PARAMETER_ARN": arn})
    return out


# -- AWS Secrets Manager --------------------------------------------------------------------------------
# "How AWS Secrets Manager uses AWS KMS" / "Secret encryption and decryption", AWS Secrets Manager User
# Guide: storing a secret value calls kms:GenerateDataKey, GetSecretValue kms:Decrypt, with the
# encryption context SecretARN; without a KmsKeyId the AWS managed key aws/secretsmanager is used.

_SECRET_WRITES = ("CreateSecret", "PutSecretValue", "UpdateSecret")


def _secretsmanager(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    op = env.operation
    params = env.params
    if op == "GetSecretValue":
        found = env.moto.secret_kms_key(env.account, env.region, str(params.get("SecretId", "")))
        if found is None:
            return []
        return _uses(
            ["kms:Decrypt"], _key(env, found[1], "secretsmanager", env.account), {"SecretARN": found[0]}
        )
    if op not in _SECRET_WRITES or not (params.get("SecretString") or params.get("SecretBinary")):
        return []
    if op == "CreateSecret":
        arns = _resources(checks, "secretsmanager:CreateSecret")
        reference = params.get("KmsKeyId")
        arn = arns[0] if arns else ""
    else:
        found = env.moto.secret_kms_key(env.account, env.region, str(params.get("SecretId", "")))
        if found is None:
            return []
        arn, reference = found[0], params.get("KmsKeyId") or found[1]
    return _uses(
        ["kms:GenerateDataKey"], _key(env, reference, "secretsmanager", env.account), {"SecretARN": arn}
    )


_READERS: dict[str, Reader] = {
    "s3": _s3,
    "sqs": _sqs,
    "sns": _sns,
    "ssm": _ssm,
    "secretsmanager": _secretsmanager,
}


def uses(env: Env, checks: Sequence[Check]) -> list[KmsUse]:
    """The KMS requests the service makes for the caller in this call (none while moto is not active)."""
    reader = _READERS.get(env.service)
    if reader is None or not env.moto.active:
        return []
    return reader(env, checks)


# -- the decision ---------------------------------------------------------------------------------------


def _aws_managed_policy(key: KmsKey, service: str, env: Env) -> str:
    """The key policy AWS gives every AWS managed key ``aws/<service>`` (as GetKeyPolicy shows it)."""
    root = f"arn:{env.partition}:iam::{key.account}:root"
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Id": f"auto-{service}-1",
            "Statement": [
                {
                    "Sid": f"Allow access through {service} for all principals in the account that are "
                    f"authorized to use {service}",
                    "Effect": "Allow",
                    "Principal": {"AWS": "*"},
                    "Action": [
                        "kms:Encrypt",
                        "kms:Decrypt",
                        "kms:ReEncrypt*",
                        "kms:GenerateDataKey*",
                        "kms:DescribeKey",
                    ],
                    "Resource": "*",
                    "Condition": {
                        "StringEquals": {
                            "kms:CallerAccount": key.account,
                            "kms:ViaService": f"{service}.{key.region}."
                            + ("amazonaws.com.cn" if env.partition == "aws-cn" else "amazonaws.com"),
                        }
                    },
                },
                {
                    "Sid": "Allow direct access to key metadata to the account",
                    "Effect": "Allow",
                    "Principal": {"AWS": root},
                    "Action": ["kms:Describe*", "kms:Get*", "kms:List*"],
                    "Resource": "*",
                },
            ],
        }
    )


def _managed_service(key: KmsKey, env: Env) -> str:
    """The service an AWS managed key belongs to: its alias ``aws/<service>``."""
    if ":alias/aws/" in key.arn:
        return key.arn.rsplit("/", 1)[-1]
    found = env.moto.kms_key(key.account, key.region, key.arn.rsplit("/", 1)[-1])
    for alias in getattr(found, "aliases", {}) or {}:
        if str(alias).startswith("alias/aws/"):
            return str(alias).split("/", 2)[2]
    return env.service


def decide(call: Call, env: Env, use: KmsUse) -> Decision | None:
    """The decision on one KMS use, the key policy a resource policy that must allow by itself."""
    caller = call.caller
    if caller is None:
        return None
    key = use.key
    text = _aws_managed_policy(key, _managed_service(key, env), env) if key.aws_managed else key.policy
    policy = None
    if text:
        try:
            policy = named(text, key.arn, PolicyKind.RESOURCE, PolicyKind.RESOURCE, env.partition)
        except AwsError:
            policy = None  # moto accepted a document KMS would not have: no key policy statement applies
    context: dict[str, str | list[str]] = {
        "kms:ViaService": _endpoint(env.service, env),
        "kms:CallerAccount": caller.account_id,
        "aws:ResourceAccount": key.account,
    }
    for name, value in use.encryption_context.items():
        context[f"kms:EncryptionContext:{name}"] = value
    if use.encryption_context:
        context["kms:EncryptionContextKeys"] = list(use.encryption_context)
    return authz.check(
        call,
        use.action,
        key.arn,
        context,
        resource_policy=policy,
        resource_owner=key.account,
        resource_must_allow=True,
    )


# -- the denial each service answers with ---------------------------------------------------------------


def _kms_message(decision: Decision, request_id: str) -> str:
    """KMS's AccessDeniedException as services that pass it on word it (SQS, SNS, Systems Manager)."""
    return (
        f"{decision.message} (Service: AWSKMS; Status Code: 400; Error Code: AccessDeniedException; "
        f"Request ID: {request_id}; Proxy: null)"
    )


# service -> (error code, HTTP status, message from the decision and request ID)
_DENIALS: dict[str, tuple[str, int, Callable[[Decision, str], str]]] = {
    # S3 passes KMS's message on in its own AccessDenied (403).
    "s3": ("AccessDenied", 403, lambda d, _: d.message),
    # SendMessage / ReceiveMessage API references, Errors: KmsAccessDenied, "The caller doesn't have the
    # required KMS access", whose query-compatible code is KMS.AccessDeniedException (HTTP 400).
    "sqs": ("KMS.AccessDeniedException", 400, _kms_message),
    # Publish API reference, Errors: KMSAccessDenied (HTTP 400).
    "sns": ("KMSAccessDenied", 400, _kms_message),
    # GetParameter / PutParameter: Systems Manager answers KMS's AccessDeniedException as its own.
    "ssm": ("AccessDeniedException", 400, _kms_message),
    # GetSecretValue / PutSecretValue: "Access to KMS is not allowed" (AccessDeniedException, 400).
    "secretsmanager": ("AccessDeniedException", 400, lambda d, _: "Access to KMS is not allowed"),
}


def refusal(call: Call, env: Env, checks: Sequence[Check], request_id: str) -> tuple[str, str, int] | None:
    """(code, message, status) of the service's error for the first KMS use the caller may not make."""
    for use in uses(env, checks):
        decision = decide(call, env, use)
        if decision is not None and authz.stops(call, decision):  # never in audit mode
            code, status, message = _DENIALS[env.service]
            return code, message(decision, request_id), status
    return None
