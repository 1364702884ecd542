"""Amazon S3: bucket and object ARNs have no region or account; many operations check another action."""

from __future__ import annotations

from typing import Any
from urllib.parse import parse_qsl, unquote

from . import Env

PREFIX = "s3"

_PUT_CONFIG = {
    "Analytics": "s3:PutAnalyticsConfiguration",
    "IntelligentTiering": "s3:PutIntelligentTieringConfiguration",
    "Inventory": "s3:PutInventoryConfiguration",
    "Metrics": "s3:PutMetricsConfiguration",
}
_GET_CONFIG = {
    "Analytics": "s3:GetAnalyticsConfiguration",
    "IntelligentTiering": "s3:GetIntelligentTieringConfiguration",
    "Inventory": "s3:GetInventoryConfiguration",
    "Metrics": "s3:GetMetricsConfiguration",
}

OVERRIDES: dict[str, Any] = {
    "ListBuckets": [("s3:ListAllMyBuckets", "*")],
    "ListDirectoryBuckets": [("s3express:ListAllMyDirectoryBuckets", "*")],
    "CreateSession": [("s3express:CreateSession", "express_bucket")],
    "RenameObject": [("s3express:CreateSession", "express_bucket")],
    "WriteGetObjectResponse": [("s3-object-lambda:WriteGetObjectResponse", "*")],
    "HeadBucket": [("s3:ListBucket", "bucket")],
    "ListObjects": [("s3:ListBucket", "bucket")],
    "ListObjectsV2": [("s3:ListBucket", "bucket")],
    "ListObjectVersions": [("s3:ListBucketVersions", "bucket")],
    "ListMultipartUploads": [("s3:ListBucketMultipartUploads", "bucket")],
    "HeadObject": "s3:GetObject",
    "SelectObjectContent": "s3:GetObject",
    "ListParts": "s3:ListMultipartUploadParts",
    "CreateMultipartUpload": "s3:PutObject",
    "UploadPart": "s3:PutObject",
    "CompleteMultipartUpload": "s3:PutObject",
    "CopyObject": [("s3:GetObject", "copy_source"), ("s3:PutObject", "object")],
    "UploadPartCopy": [("s3:GetObject", "copy_source"), ("s3:PutObject", "object")],
    "DeleteObjects": [("s3:DeleteObject", "objects")],
    "DeleteBucketCors": "s3:PutBucketCORS",
    "DeleteBucketEncryption": "s3:PutEncryptionConfiguration",
    "GetBucketEncryption": "s3:GetEncryptionConfiguration",
    "PutBucketEncryption": "s3:PutEncryptionConfiguration",
    "DeleteBucketLifecycle": "s3:PutLifecycleConfiguration",
    "GetBucketLifecycle": "s3:GetLifecycleConfiguration",
    "GetBucketLifecycleConfiguration": "s3:GetLifecycleConfiguration",
    "PutBucketLifecycle": "s3:PutLifecycleConfiguration",
    "PutBucketLifecycleConfiguration": "s3:PutLifecycleConfiguration",
    "DeleteBucketOwnershipControls": "s3:PutBucketOwnershipControls",
    "DeleteBucketReplication": "s3:PutReplicationConfiguration",
    "GetBucketReplication": "s3:GetReplicationConfiguration",
    "PutBucketReplication": "s3:PutReplicationConfiguration",
    "DeleteBucketTagging": "s3:PutBucketTagging",
    "DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
    "PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
    "GetBucketAccelerateConfiguration": "s3:GetAccelerateConfiguration",
    "PutBucketAccelerateConfiguration": "s3:PutAccelerateConfiguration",
    "GetBucketNotificationConfiguration": "s3:GetBucketNotification",
    "PutBucketNotificationConfiguration": "s3:PutBucketNotification",
    "GetObjectLockConfiguration": "s3:GetBucketObjectLockConfiguration",
    "PutObjectLockConfiguration": "s3:PutBucketObjectLockConfiguration",
    "CreateBucketMetadataConfiguration": "s3:CreateBucketMetadataTableConfiguration",
    "DeleteBucketMetadataConfiguration": "s3:DeleteBucketMetadataTableConfiguration",
    "GetBucketMetadataConfiguration": "s3:GetBucketMetadataTableConfiguration",
}
for _kind, _action in _PUT_CONFIG.items():
    OVERRIDES[f"PutBucket{_kind}Configuration"] = _action
    OVERRIDES[f"DeleteBucket{_kind}Configuration"] = _action
for _kind, _action in _GET_CONFIG.items():
    OVERRIDES[f"GetBucket{_kind}Configuration"] = _action
    OVERRIDES[f"ListBucket{_kind}Configurations"] = _action

# With a VersionId these operations act on one version, and S3 checks the *Version action.
_VERSIONED = {
    "s3:GetObject": "s3:GetObjectVersion",
    "s3:DeleteObject": "s3:DeleteObjectVersion",
    "s3:GetObjectAcl": "s3:GetObjectVersionAcl",
    "s3:PutObjectAcl": "s3:PutObjectVersionAcl",
    "s3:GetObjectTagging": "s3:GetObjectVersionTagging",
    "s3:PutObjectTagging": "s3:PutObjectVersionTagging",
    "s3:DeleteObjectTagging": "s3:DeleteObjectVersionTagging",
    "s3:GetObjectAttributes": "s3:GetObjectVersionAttributes",
}


def refine_action(action: str, env: Env) -> str:
    if env.params.get("VersionId") and action in _VERSIONED:
        return _VERSIONED[action]
    return action


def bucket_arn(env: Env, bucket: str) -> str:
    return env.arn("s3", bucket, region="", account="")


def copy_source(env: Env) -> tuple[str, str, str | None] | None:
    source = env.params.get("CopySource")
    if isinstance(source, dict):
        return str(source.get("Bucket")), str(source.get("Key")), source.get("VersionId")
    if isinstance(source, str):
        path, _, query = source.lstrip("/").partition("?")
        bucket, _, key = unquote(path).partition("/")
        version = dict(parse_qsl(query)).get("versionId")
        return bucket, key, version
    return None


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    bucket = params.get("Bucket")
    if kind == "copy_source":
        found = copy_source(env)
        return [bucket_arn(env, f"{found[0]}/{found[1]}")] if found else []
    if kind == "express_bucket":
        return [env.arn("s3express", f"bucket/{bucket}")] if bucket else []
    if not bucket:
        return []
    if kind == "bucket":
        return [bucket_arn(env, bucket)]
    if kind == "objects":
        objects = (params.get("Delete") or {}).get("Objects") or []
        return [bucket_arn(env, f"{bucket}/{o.get('Key')}") for o in objects] or [bucket_arn(env, bucket)]
    if "Key" in params:
        return [bucket_arn(env, f"{bucket}/{params['Key']}")]
    return [bucket_arn(env, bucket)]


_HEADER_KEYS = {
    "ACL": "s3:x-amz-acl",
    "ServerSideEncryption": "s3:x-amz-server-side-encryption",
    "SSEKMSKeyId": "s3:x-amz-server-side-encryption-aws-kms-key-id",
    "StorageClass": "s3:x-amz-storage-class",
    "MetadataDirective": "s3:x-amz-metadata-directive",
    "GrantRead": "s3:x-amz-grant-read",
    "GrantWrite": "s3:x-amz-grant-write",
    "GrantFullControl": "s3:x-amz-grant-full-control",
    "ObjectLockMode": "s3:object-lock-mode",
    "VersionId": "s3:VersionId",
}


def context(env: Env) -> dict[str, Any]:
    params = env.params
    out: dict[str, Any] = {"s3:authType": "REST-HEADER", "s3:signatureversion": "AWS4-HMAC-SHA256"}
    if env.operation in ("ListObjects", "ListObjectsV2", "ListObjectVersions"):
        # A missing Prefix is the empty prefix: policies that allow "" or "home/" rely on it (unconfirmed).
        out["s3:prefix"] = params.get("Prefix", "")
        if "Delimiter" in params:
            out["s3:delimiter"] = params["Delimiter"]
        if "MaxKeys" in params:
            out["s3:max-keys"] = int(params["MaxKeys"])
    for name, context_key in _HEADER_KEYS.items():
        if params.get(name) is not None:
            out[context_key] = str(params[name])
    source = copy_source(env)
    if source is not None:
        out["s3:x-amz-copy-source"] = f"{source[0]}/{source[1]}"
    tagging = params.get("Tagging")
    if isinstance(tagging, str) and tagging:
        tags = dict(parse_qsl(tagging, keep_blank_values=True))
        out.update({f"s3:RequestObjectTag/{k}": v for k, v in tags.items()})
        out["s3:RequestObjectTagKeys"] = list(tags)
    elif isinstance(tagging, dict) and "TagSet" in tagging:
        tag_set = {str(t["Key"]): str(t.get("Value", "")) for t in tagging["TagSet"]}
        target = "s3:RequestObjectTag/" if "Key" in params else "aws:RequestTag/"
        out.update({f"{target}{k}": v for k, v in tag_set.items()})
        out["s3:RequestObjectTagKeys" if "Key" in params else "aws:TagKeys"] = list(tag_set)
    bucket, key = params.get("Bucket"), params.get("Key")
    if bucket and key and env.operation not in ("PutObject", "CreateMultipartUpload"):
        for tag, value in env.moto.object_tags(str(bucket), str(key)).items():
            out[f"s3:ExistingObjectTag/{tag}"] = value
    if bucket:
        found = env.moto.bucket(str(bucket))
        if found is not None:
            out["s3:ResourceAccount"] = found[0]
    return out
