"""IAM's per-account quotas: AWS's defaults, how far an increase can raise them, and an account's own.

Values from "IAM and AWS STS quotas" (IAM User Guide, https://docs.aws.amazon.com/IAM/latest/UserGuide/
reference_iam-quotas.html): the defaults an account starts with, and for the quotas that "can be
increased" through Service Quotas, the maximum AWS grants. An account's raised values live on the
account (``Account.quotas``, by the GetAccountSummary key) and every check reads :func:`limit`.
"""

from __future__ import annotations

from typing import Final

from .model import Account

# AWS's default quotas, as GetAccountSummary reports them for an account that never asked for more.
DEFAULTS: Final = {
    "UsersQuota": 5000,
    "GroupsQuota": 300,
    "RolesQuota": 1000,
    "PoliciesQuota": 1500,
    "InstanceProfilesQuota": 1000,
    "ServerCertificatesQuota": 20,
    "UserPolicySizeQuota": 2048,
    "GroupPolicySizeQuota": 5120,
    "RolePolicySizeQuota": 10240,
    "PolicySizeQuota": 6144,
    "AssumeRolePolicySizeQuota": 2048,
    "GroupsPerUserQuota": 10,
    "SigningCertificatesPerUserQuota": 2,
    "AccessKeysPerUserQuota": 2,
    "AttachedPoliciesPerGroupQuota": 10,
    "AttachedPoliciesPerRoleQuota": 10,
    "AttachedPoliciesPerUserQuota": 10,
    "VersionsPerPolicyQuota": 5,
    "PolicyVersionsInUseQuota": 10000,
}
# The quotas an increase can raise, and the most AWS grants.
MAXIMUMS: Final = {
    "GroupsQuota": 500,
    "RolesQuota": 5000,
    "PoliciesQuota": 5000,
    "InstanceProfilesQuota": 5000,
    "ServerCertificatesQuota": 1000,
    "AssumeRolePolicySizeQuota": 4096,
    "AttachedPoliciesPerRoleQuota": 20,
    "AttachedPoliciesPerUserQuota": 20,
}


def limit(account: Account, name: str) -> int:
    """The account's quota ``name`` (a GetAccountSummary key): its raised value or AWS's default."""
    return account.quotas.get(name) or DEFAULTS[name]


def raise_quota(account: Account, name: str, value: int) -> None:
    """Raise one of the account's quotas, as an approved Service Quotas increase would.

    ``ValueError`` for a quota AWS does not let an account raise, or beyond what AWS grants.
    """
    if name not in MAXIMUMS:
        adjustable = ", ".join(sorted(MAXIMUMS))
        raise ValueError(f"{name} cannot be increased; the quotas that can are {adjustable}")
    if not DEFAULTS[name] <= value <= MAXIMUMS[name]:
        raise ValueError(f"{name} can be set from {DEFAULTS[name]} to {MAXIMUMS[name]}, not {value}")
    account.quotas[name] = value
