"""Role trust policies: principal pinning ("AWS JSON policy elements: Principal", IAM roles,
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles),
shared by IAM and STS.

When a trust policy naming a user or role ARN is saved, IAM binds that name to the principal's unique
ID. The policy then keeps matching only that entity: a principal deleted and re-created under the same
name is a different principal. Pins live in ``role.pins`` (ARN as written -> unique ID).
"""

from __future__ import annotations

import json

from ..engine import (
    TRUST_POLICY_QUOTA,
    Policy,
    PolicyKind,
    check_trust_policy_size,
    invalid_principal,
    parse_policy,
)
from .model import Account, Role
from .partitions import of_arn
from .state import Backend


def _split(arn: str) -> tuple[str, str, str] | None:
    """(account ID, "user" | "role", name) of an IAM user or role ARN."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[2] != "iam":
        return None
    kind, _, rest = parts[5].partition("/")
    if kind not in ("user", "role") or not rest:
        return None
    return parts[4], kind, rest.rsplit("/", 1)[-1]


def _entity_arn_and_id(account: Account, kind: str, name: str) -> tuple[str, str] | None:
    if kind == "user":
        user = account.users.get(name.lower())
        return (user.arn, user.user_id) if user else None
    role = account.roles.get(name.lower())
    return (role.arn, role.role_id) if role else None


def compile_trust_policy(
    backend: Backend, text: str, partition: str, *, size_quota: int = TRUST_POLICY_QUOTA
) -> tuple[Policy, dict[str, str]]:
    """Validate a trust policy as CreateRole / UpdateAssumeRolePolicy do in ``partition``, and pin its
    principals.

    Raises MalformedPolicyDocument (``Invalid principal in policy: "AWS":"<arn>"``) for a user or role
    ARN of an account the mock knows that names no existing entity, and for a principal ARN of another
    partition; ARNs of accounts the mock has never seen cannot be checked and stay unpinned. Raises
    LimitExceeded above the trust policy size quota.
    """
    policy = parse_policy(text, PolicyKind.TRUST, partition)
    check_trust_policy_size(text, size_quota)
    pins: dict[str, str] = {}
    for arn in _written_aws_principals(text):
        if arn.startswith("arn:") and of_arn(arn) != partition:
            # Roles delegate only within a partition, which has its own IAM: it resolves a principal ARN
            # only in its own partition ("Partitions", AWS Fault Isolation Boundaries whitepaper). As
            # for a principal it cannot find, the policy is refused (wording as for those; unconfirmed).
            raise invalid_principal("AWS", arn)
    for arn in policy.aws_principals:
        if arn not in policy.principal_arns:
            continue
        split = _split(arn)
        if split is None:
            continue
        account_id, kind, name = split
        account = backend.existing_account(account_id)
        if account is None or account.partition != partition:
            continue
        found = _entity_arn_and_id(account, kind, name)
        # IAM resolves the ARN as written, path included: the name alone is not enough.
        if found is None or found[0] != arn:
            raise invalid_principal("AWS", arn)
        pins[arn] = found[1]
    return policy, pins


def _written_aws_principals(text: str) -> list[str]:
    """Every "AWS" principal value as written (the compiled policy keeps a root ARN as its account ID)."""
    doc = json.loads(text)  # already parsed and validated by the engine
    statements = doc.get("Statement") if isinstance(doc, dict) else None
    out: list[str] = []
    for st in statements if isinstance(statements, list) else [statements]:
        for key in ("Principal", "NotPrincipal"):
            element = st.get(key) if isinstance(st, dict) else None
            values = element.get("AWS") if isinstance(element, dict) else None
            out.extend(v for v in (values if isinstance(values, list) else [values]) if isinstance(v, str))
    return out


def _current_arn(backend: Backend, arn: str, unique_id: str) -> str:
    """What IAM shows for a pinned principal now: its current ARN, or the bare unique ID once deleted."""
    split = _split(arn)
    account = backend.existing_account(split[0]) if split else None
    if split is None or account is None:
        return unique_id
    if split[1] == "user":
        for user in account.users.values():
            if user.user_id == unique_id:
                return user.arn
    else:
        for role in account.roles.values():
            if role.role_id == unique_id:
                return role.arn
    return unique_id


def rendered_trust_policy(backend: Backend, role: Role) -> str:
    """The trust document as IAM returns it: as stored, with each pin shown as what it now refers to."""
    text = role.trust_policy
    for arn, unique_id in role.pins.items():
        now = _current_arn(backend, arn, unique_id)
        if now != arn:
            text = text.replace(f'"{arn}"', f'"{now}"')
    return text


def trust_policy(role: Role) -> Policy:
    """The role's compiled trust policy with its pins applied, for deciding sts:AssumeRole*."""
    return parse_policy(role.trust_policy, PolicyKind.TRUST).pinned(role.pins)
