"""Who can do this? Every IAM user and role of the mock's accounts that would be allowed an action.

Each principal is asked through ``backend.hypothetical.decide``, the entry point of ``IAMMock.authorize``:
a user as itself, a role as a fresh session of it (what any caller would get from AssumeRole, with no
session policy), with the same gates as a real call (SCPs, RCPs, boundaries, conditions). For another
service's resource, the resource-based policy moto holds counts as enforcement counts it (a bucket
policy allowing a role of another account lets it in; one denying the deploy role keeps it out).
For ``sts:AssumeRole`` on a role ARN the role's trust policy decides too.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .backend import hypothetical

if TYPE_CHECKING:
    from .backend.state import Backend
    from .engine import ContextValue, Decision, NamedPolicy

__all__ = ["Allowed", "who_can"]

# Services whose resources are the mock's own (IAM's operations are exempt from RCPs and need no
# resource-based policy; STS's role trust is handled by ``hypothetical``): no lookup in moto's state.
_OWN = frozenset({"iam", "sts"})


@dataclass(frozen=True, slots=True)
class Allowed:
    """A principal that may do the action, and the engine's decision saying so."""

    principal: str  # a user or role ARN
    decision: Decision


def who_can(
    backend: Backend,
    action: str,
    resource: str,
    context: Mapping[str, ContextValue] | None = None,
    *,
    region: str,
    source_ip: str,
) -> list[Allowed]:
    """Every user and role allowed ``action`` on ``resource`` now, sorted by ARN."""
    service = action.split(":", 1)[0].lower()
    sides: dict[str, tuple[str, NamedPolicy | None, bool]] = {}
    out: list[Allowed] = []
    with backend.lock:
        principals = [
            arn
            for account in list(backend.accounts.values())
            for arn in [*(u.arn for u in account.users.values()), *(r.arn for r in account.roles.values())]
        ]
        parts = resource.split(":", 5)
        resource_account = parts[4] if len(parts) == 6 and parts[0] == "arn" else ""
        for arn in principals:
            account_id = arn.split(":", 5)[4]
            if service in _OWN:
                # IAM has no resource-based policies: an IAM resource of another account is asked as a
                # cross-account request (which its missing resource policy denies).
                foreign = resource_account if resource_account not in ("", account_id) else None
                decision = hypothetical.decide(
                    backend,
                    arn,
                    action,
                    resource,
                    context,
                    region=region,
                    source_ip=source_ip,
                    resource_owner=foreign,
                )
            else:
                side = sides.get(account_id)
                if side is None:
                    side = sides[account_id] = _resource_side(action, resource, region, account_id)
                owner, policy, must_allow = side
                decision = hypothetical.decide(
                    backend,
                    arn,
                    action,
                    resource,
                    {"aws:ResourceAccount": owner, **(context or {})},
                    region=region,
                    source_ip=source_ip,
                    resource_policy=policy,
                    resource_owner=owner,
                    resource_must_allow=must_allow,
                )
            if decision.allowed:
                out.append(Allowed(arn, decision))
    out.sort(key=lambda a: a.principal)
    return out


def _resource_side(
    action: str, resource: str, region: str, account_id: str
) -> tuple[str, NamedPolicy | None, bool]:
    from .services.enforce import resource_side

    return resource_side(action, resource, region, account_id)
