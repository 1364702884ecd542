"""The feed from the organization tree to authorization: each member account's SCP and RCP levels.

Authorization reads ``Account.scps`` / ``Account.rcps`` on every call (``backend/authz.py``): one list
per level from the root down, each the (name, document) of the policies attached there. AWS requires an
Allow at every level, root, each OU down to the account's, and the account ("How SCPs work", AWS
Organizations User Guide: "permissions are filtered by the SCPs at every level of the hierarchy"). The
levels are derived here whenever an operation changes the tree, its attachments or its policies, so a
call pays nothing for them. The management account gets none: "SCPs don't affect users or roles in the
management account" (AWS Organizations User Guide, "Service control policies (SCPs)"), and RCPs do not
apply to its resources either ("Resource control policies (RCPs)").
"""

from __future__ import annotations

from ..state import Backend
from .records import RCP, SCP, Organization


def refresh(backend: Backend, org: Organization) -> None:
    for account_id in org.accounts:
        account = backend.existing_account(account_id)
        if account is None:
            continue
        if account_id == org.management_account_id:
            account.scps, account.rcps = [], []
            continue
        chain = org.chain(account_id)
        # New lists each time: a call being authorized keeps reading the ones it started with.
        account.scps = _levels(org, chain, SCP) if SCP in org.policy_types else []
        account.rcps = _levels(org, chain, RCP) if RCP in org.policy_types else []


def _levels(org: Organization, chain: list[str], policy_type: str) -> list[list[tuple[str, str]]]:
    out = []
    for target in chain:
        level = []
        for policy_id in org.attachments.get(target, ()):
            policy = org.policies[policy_id]
            if policy.type == policy_type:
                # The name explanations show: which policy, attached at which level.
                level.append((f"{policy.name} ({policy.id}) attached to {target}", policy.content))
        out.append(level)
    return out
