"""AWS partitions (``aws``, ``aws-cn``, ``aws-us-gov`` …) from botocore's own data, and the ARNs they shape.

A region belongs to exactly one partition, and partitions have independent IAM instances ("Partitions",
AWS Fault Isolation Boundaries whitepaper:
https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html). Which
partition a region is in comes from botocore's ``partitions.json`` through the function botocore's endpoint
rules use (``aws.partition``: a listed region, else the partition whose region pattern matches, else
``aws``); IAM's signing region in each partition comes from botocore's ``endpoints.json`` (the credential
scope of IAM's partition endpoint: ``us-east-1``, ``cn-north-1``, ``us-gov-west-1``). Both are read once per
process, on first need, and every answer is kept: the call path asks for every call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

DEFAULT = "aws"
DEFAULT_REGION = "us-east-1"


@dataclass(frozen=True, slots=True)
class Partition:
    name: str  # the ARN's partition field: "aws", "aws-cn", "aws-us-gov" …
    global_region: str  # botocore's implicitGlobalRegion of the partition

    @property
    def iam_region(self) -> str:
        """Where IAM (a global service) signs and reports its calls in this partition."""
        return iam_region(self.name)


_lock = threading.Lock()
_by_region: dict[str | None, Partition] = {}
_by_name: dict[str, Partition] = {}
_library: Any = None  # botocore's endpoint rule functions over partitions.json
_iam_regions: dict[str, str] | None = None
_loader: Any = None


def _data_loader() -> Any:
    global _loader
    if _loader is None:
        import botocore.loaders

        _loader = botocore.loaders.create_loader()
    return _loader


def of_region(region: str | None) -> Partition:
    """The partition of a client's region (``None`` or a region botocore does not know: ``aws``)."""
    found = _by_region.get(region)
    if found is not None:
        return found
    with _lock:
        global _library
        if _library is None:
            from botocore.endpoint_provider import RuleSetStandardLibrary

            _library = RuleSetStandardLibrary(_data_loader().load_data("partitions"))
        outputs = _library.aws_partition(region or DEFAULT_REGION)
        name = outputs["name"]
        partition = _by_name.get(name)
        if partition is None:
            partition = Partition(name, outputs["implicitGlobalRegion"])
            _by_name[name] = partition
        _by_region[region] = partition
        return partition


def iam_region(name: str) -> str:
    """The credential scope region of IAM's partition endpoint in partition ``name`` (botocore's data)."""
    regions = _iam_regions
    if regions is None:
        with _lock:
            regions = _iam_regions_from_botocore()
    found = regions.get(name)
    if found is None:  # a partition whose IAM botocore does not list: its own global region
        known = _by_name.get(name)
        found = known.global_region if known is not None else DEFAULT_REGION
    return found


def _iam_regions_from_botocore() -> dict[str, str]:
    global _iam_regions
    if _iam_regions is None:
        found: dict[str, str] = {}
        for data in _data_loader().load_data("endpoints")["partitions"]:
            iam = data.get("services", {}).get("iam", {})
            endpoint = iam.get("endpoints", {}).get(iam.get("partitionEndpoint", ""), {})
            region = endpoint.get("credentialScope", {}).get("region")
            if region:
                found[data["partition"]] = region
        _iam_regions = found
    return _iam_regions


def arn(partition: str, service: str, account_id: str, resource: str, region: str = "") -> str:
    """``arn:PARTITION:SERVICE:REGION:ACCOUNT:RESOURCE``: every ARN the backend makes comes from here."""
    return f"arn:{partition}:{service}:{region}:{account_id}:{resource}"


def iam_arn(partition: str, account_id: str, resource: str) -> str:
    """An IAM ARN; ``account_id`` "aws" for AWS managed policies."""
    return arn(partition, "iam", account_id, resource)


def sts_arn(partition: str, account_id: str, resource: str) -> str:
    # Written out rather than through arn(): every role session's ARN is made here.
    return f"arn:{partition}:sts::{account_id}:{resource}"


_prefixes: dict[str, str] = {}


def aws_policy_prefix(partition: str) -> str:
    """The prefix of every AWS managed policy ARN in a partition: ``arn:aws-cn:iam::aws:policy/`` …"""
    found = _prefixes.get(partition)
    if found is None:
        found = _prefixes[partition] = arn(partition, "iam", "aws", "policy/")
    return found


def known() -> frozenset[str]:
    """The names of every partition botocore knows."""
    global _known
    if _known is None:
        with _lock:
            data = _data_loader().load_data("partitions")
            _known = frozenset(p["id"] for p in data["partitions"])
    return _known


_known: frozenset[str] | None = None


def of_arn(arn: str) -> str:
    """The partition field of an ARN ("" when it is no ARN)."""
    head, sep, rest = arn.partition(":")
    return rest.partition(":")[0] if sep and head == "arn" else ""
