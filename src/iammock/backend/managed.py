"""AWS managed policies (``arn:aws:iam::aws:policy/...``), loaded lazily on first use.

The catalogue is read-only data shared by every mock and account (``managed_data/SOURCE.md``). Each
lookup hands out a fresh ``ManagedPolicy`` so that no caller can change the shared data; what varies
per account (attachment and boundary-use counts) lives in the account, not here.

Every partition has the same catalogue under its own prefix (``arn:aws-cn:iam::aws:policy/...``), its
documents naming that partition's resources: the source lists the ``aws`` partition's policies only, so a
policy AWS does not offer in another partition is offered there all the same.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import threading
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from .model import ManagedPolicy, PolicyVersion
from .partitions import DEFAULT, aws_policy_prefix

AWS_POLICY_PREFIX = "arn:aws:iam::aws:policy/"
DATA_FILE = Path(__file__).with_name("managed_data") / "aws_managed_policies.json.gz"


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    path: str
    default_version: str
    created: datetime
    updated: datetime
    document: str
    arn: str
    policy_id: str


_lock = threading.Lock()
_catalogue: dict[str, _Entry] | None = None  # ARN -> entry, in name order


def _load() -> dict[str, _Entry]:
    global _catalogue
    if _catalogue is not None:
        return _catalogue
    with _lock:
        if _catalogue is None:
            payload = json.loads(gzip.decompress(DATA_FILE.read_bytes()))
            catalogue: dict[str, _Entry] = {}
            for name, path, version, created, updated, document in payload["policies"]:
                arn = f"{AWS_POLICY_PREFIX}{path.lstrip('/')}{name}"
                catalogue[arn] = _Entry(
                    name,
                    path,
                    version,
                    datetime.fromisoformat(created),
                    datetime.fromisoformat(updated),
                    document,
                    arn,
                    _policy_id(arn),
                )
            _catalogue = catalogue
        return _catalogue


def is_aws_managed(arn: str) -> bool:
    """An AWS managed policy ARN of any partition (``arn:PARTITION:iam::aws:policy/...``)."""
    return arn.startswith(AWS_POLICY_PREFIX) or (
        arn.startswith("arn:") and arn.split(":", 5)[2:5] == ["iam", "", "aws"] and ":policy/" in arn
    )


def _policy_id(arn: str) -> str:
    # The source has no IDs; a hash of the ARN keeps them stable across runs and mocks.
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode("ascii")
    return "ANPA" + digest[:17]


# (partition, aws partition's ARN) -> the entry as that partition has it: its ARN, ID and document.
_translated: dict[tuple[str, str], _Entry] = {}


def _in_partition(entry: _Entry, partition: str) -> _Entry:
    """The entry in another partition: ARNs in the document name that partition, as AWS's copies there do
    (IAM refuses other partitions' resources there), and the ID is the hash of that partition's ARN."""
    key = (partition, entry.arn)
    found = _translated.get(key)
    if found is None:
        arn = aws_policy_prefix(partition) + entry.arn[len(AWS_POLICY_PREFIX) :]
        document = entry.document.replace('"arn:aws:', f'"arn:{partition}:')
        found = _translated[key] = replace(entry, arn=arn, policy_id=_policy_id(arn), document=document)
    return found


def _build(entry: _Entry, partition: str = DEFAULT) -> ManagedPolicy:
    if partition != DEFAULT:
        entry = _in_partition(entry, partition)
    version = PolicyVersion(entry.default_version, entry.document, entry.updated)
    return ManagedPolicy(
        name=entry.name,
        policy_id=entry.policy_id,
        arn=entry.arn,
        path=entry.path,
        created=entry.created,
        updated=entry.updated,
        description=None,
        versions={entry.default_version: version},
        default_version=entry.default_version,
        next_version=int(entry.default_version[1:]) + 1,
    )


def aws_managed_policy(arn: str) -> ManagedPolicy | None:
    if arn.startswith(AWS_POLICY_PREFIX):
        entry = _load().get(arn)
        return _build(entry) if entry is not None else None
    if not is_aws_managed(arn):
        return None
    partition = arn.split(":", 2)[1]
    entry = _load().get(AWS_POLICY_PREFIX + arn[len(aws_policy_prefix(partition)) :])
    return _build(entry, partition) if entry is not None else None


def all_aws_managed_policies(partition: str = DEFAULT) -> list[ManagedPolicy]:
    """Every AWS managed policy of a partition, ordered by name case-insensitively."""
    return [_build(e, partition) for e in _load().values()]


def loaded() -> bool:
    """Whether the catalogue has been read yet (it is read on first need only)."""
    return _catalogue is not None
