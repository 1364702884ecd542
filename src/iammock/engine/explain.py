"""Wording: AccessDenied messages, and the human explanation of a decision.

The messages follow "Troubleshoot access denied error messages" in the IAM User Guide,
https://docs.aws.amazon.com/IAM/latest/UserGuide/troubleshoot_access-denied.html.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from .kinds import PolicyKind

# (implicit phrase, explicit phrase with its article) per gate.
_WORDING: dict[PolicyKind, tuple[str, str]] = {
    PolicyKind.IDENTITY: ("identity-based policy", "an identity-based policy"),
    PolicyKind.MANAGED: ("identity-based policy", "an identity-based policy"),
    PolicyKind.INLINE: ("identity-based policy", "an identity-based policy"),
    PolicyKind.RESOURCE: ("resource-based policy", "a resource-based policy"),
    PolicyKind.BOUNDARY: ("permissions boundary", "a permissions boundary"),
    # AWS's documented sample spells the explicit form "a sessions policy".
    PolicyKind.SESSION: ("session policy", "a sessions policy"),
    PolicyKind.SCP: ("service control policy", "a service control policy"),
    PolicyKind.RCP: ("resource control policy", "a resource control policy"),
    PolicyKind.TRUST: ("role trust policy", "the role trust policy"),
}

GATE_TITLES: dict[PolicyKind, str] = {
    PolicyKind.RCP: "Resource control policies",
    PolicyKind.SCP: "Service control policies",
    PolicyKind.RESOURCE: "Resource-based policy",
    PolicyKind.TRUST: "Role trust policy",
    PolicyKind.IDENTITY: "Identity-based policies",
    PolicyKind.BOUNDARY: "Permissions boundary",
    PolicyKind.SESSION: "Session policies",
}

ROOT_CANNOT_ASSUME = "Roles may not be assumed by root accounts."


def policy_type_phrase(kind: PolicyKind, explicit: bool) -> str:
    implicit_phrase, explicit_phrase = _WORDING[kind]
    return explicit_phrase if explicit else implicit_phrase


def denial_message(principal_arn: str, action: str, resource: str, gate: PolicyKind, explicit: bool) -> str:
    """``User: … is not authorized to perform: …`` in AWS's wording; ``on resource:`` omitted for ``*``."""
    on = f" on resource: {resource}" if resource and resource != "*" else ""
    head = f"User: {principal_arn} is not authorized to perform: {action}{on}"
    if explicit:
        return f"{head} with an explicit deny in {policy_type_phrase(gate, True)}"
    return f"{head} because no {policy_type_phrase(gate, False)} allows the {action} action"


@dataclass(frozen=True, slots=True)
class PolicyReport:
    """One policy as the explanation shows it: which of its statements matched the request."""

    gate: PolicyKind
    name: str
    kind: PolicyKind
    allows: tuple[str, ...]  # "Sid (line L, column C)" descriptions
    denies: tuple[str, ...]


def render(
    *,
    principal_arn: str,
    principal_kind: str,
    action: str,
    resource: str,
    outcome: str,
    message: str,
    denied_by: PolicyKind | None,
    gates: Sequence[tuple[str, str]],
    reports: Sequence[PolicyReport],
    missing: Sequence[str],
) -> str:
    lines = [
        f"Principal: {principal_arn} ({principal_kind})",
        f"Action:    {action}",
        f"Resource:  {resource}",
        f"Decision:  {outcome.replace('_', ' ')}",
    ]
    if message:
        lines.append(f"Message:   {message}")
    if denied_by is not None:
        lines.append(f"Denied by: {GATE_TITLES.get(denied_by, denied_by.value)}")
    lines.append("Gates:")
    lines.extend(f"  {name:<9} {result.replace('_', ' ')}" for name, result in gates)
    lines.append("Policies considered:")
    if not reports:
        lines.append("  (none)")
    for r in reports:
        lines.append(f"  [{GATE_TITLES.get(r.gate, r.gate.value)}] {r.name} ({r.kind.value})")
        if not r.allows and not r.denies:
            lines.append("    no statement matched")
        lines.extend(f"    Allow: {d}" for d in r.allows)
        lines.extend(f"    Deny:  {d}" for d in r.denies)
    if missing:
        lines.append(
            "Context keys referenced by conditions but absent from the request: " + ", ".join(missing)
        )
    return "\n".join(lines)
