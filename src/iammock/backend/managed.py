"""AWS managed policies (``arn:aws:iam::aws:policy/...``), loaded lazily on first use.

The catalogue is read-only data shared by every mock and account (``managed_data/SOURCE.md``). Each
lookup hands out a fresh ``ManagedPolicy`` so that no caller can change the shared data; what varies
per account (attachment and boundary-use counts) lives in the account, not here.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from .model import ManagedPolicy, PolicyVersion

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
    return arn.startswith(AWS_POLICY_PREFIX)


def _policy_id(arn: str) -> str:
    # The source has no IDs; a hash of the ARN keeps them stable across runs and mocks.
    digest = base64.b32encode(hashlib.sha256(arn.encode()).digest()).decode("ascii")
    return "ANPA" + digest[:17]


def _build(entry: _Entry) -> ManagedPolicy:
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
    if not is_aws_managed(arn):
        return None
    entry = _load().get(arn)
    return _build(entry) if entry is not None else None


def all_aws_managed_policies() -> list[ManagedPolicy]:
    """Every AWS managed policy, ordered by name case-insensitively."""
    return [_build(e) for e in _load().values()]


def loaded() -> bool:
    """Whether the catalogue has been read yet (it is read on first need only)."""
    return _catalogue is not None
