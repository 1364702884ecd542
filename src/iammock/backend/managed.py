"""AWS managed policies (``arn:aws:iam::aws:policy/...``), loaded lazily on first use."""

from __future__ import annotations

from .model import ManagedPolicy


def aws_managed_policy(arn: str) -> ManagedPolicy | None:
    # The catalogue arrives with the IAM API issue; until then no AWS managed policy exists.
    return None
