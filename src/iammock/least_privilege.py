"""Least privilege from a test run: the policy a principal needed, from what it was allowed to do.

In the manner of IAM Access Analyzer's policy generation (which reads CloudTrail), but from the
engine's own decisions, so every action is named exactly as it was authorized and every resource
is the exact ARN, never a wildcard.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from .explain import decisions

if TYPE_CHECKING:
    from .trail import Trail


def _matches(principal: Any, principal_arn: str) -> bool:
    if principal.arn == principal_arn:
        return True
    # A role's sessions act for the role; a user's GetSessionToken sessions act for the user.
    return principal.kind in ("assumed_role", "user") and principal.entity_arn == principal_arn


def used(trail: Trail, principal_arn: str) -> dict[str, set[str]]:
    """Each action the principal was allowed, with the resources it was allowed on."""
    out: dict[str, set[str]] = defaultdict(set)
    for _, decision in decisions(trail):
        request = decision.request
        if not decision.allowed or request is None or not _matches(request.principal, principal_arn):
            continue
        out[request.action].add(request.resource)
    return dict(out)


def policy(trail: Trail, principal_arn: str) -> dict[str, Any]:
    """One statement per set of actions sharing the same resources; sorted, so the result is stable."""
    return document(used(trail, principal_arn))


def document(allowed: Mapping[str, Iterable[str]]) -> dict[str, Any]:
    """The policy allowing exactly ``allowed`` (action -> its resources): one statement per set of actions
    sharing the same resources, sorted."""
    by_resources: dict[tuple[str, ...], set[str]] = defaultdict(set)
    for action, resources in allowed.items():
        by_resources[tuple(sorted(resources))].add(action)
    statements = [
        {"Effect": "Allow", "Action": sorted(actions), "Resource": list(resources)}
        for resources, actions in by_resources.items()
    ]
    statements.sort(key=lambda s: (s["Action"], s["Resource"]))
    return {"Version": "2012-10-17", "Statement": statements}
