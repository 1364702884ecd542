"""The state of an organization: typed records, one per AWS Organizations resource.

Formats as the AWS Organizations API Reference gives them (its data types and ``Id`` patterns):
organization ``o-`` + 10 lowercase letters or digits, root ``r-`` + 4, OU ``ou-<root suffix>-`` + 8,
policy ``p-`` + 8, create-account request ``car-`` + 32, handshake ``h-`` + 10, responsibility transfer
``rt-`` + 10.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ... import clock

if TYPE_CHECKING:
    from ..iam.organizations import AccessReport

SCP = "SERVICE_CONTROL_POLICY"
RCP = "RESOURCE_CONTROL_POLICY"
ROOT_NAME = "Root"


@dataclass(eq=False)
class Member:
    """An account of the organization (the API's ``Account``)."""

    id: str
    name: str
    email: str
    parent_id: str  # the root or OU the account sits in
    joined_method: str  # "CREATED" or "INVITED"
    joined: datetime
    status: str = "ACTIVE"  # ACTIVE | SUSPENDED | PENDING_CLOSURE
    state: str = "ACTIVE"  # ACTIVE | SUSPENDED | PENDING_CLOSURE | CLOSED …


@dataclass(eq=False)
class OrganizationalUnit:
    id: str
    name: str
    parent_id: str


@dataclass(eq=False)
class Policy:
    id: str
    arn: str
    name: str
    description: str
    type: str
    content: str
    aws_managed: bool = False


@dataclass(frozen=True, slots=True)
class HandshakeResource:
    value: str
    type: str  # ORGANIZATION | ACCOUNT | EMAIL | MASTER_EMAIL | NOTES …
    resources: tuple[HandshakeResource, ...] = ()


@dataclass(eq=False)
class Handshake:
    id: str
    arn: str
    action: str  # INVITE | ENABLE_ALL_FEATURES | APPROVE_ALL_FEATURES | TRANSFER_RESPONSIBILITY …
    parties: tuple[tuple[str, str], ...]  # (id, type): the organization, then the invited party
    resources: tuple[HandshakeResource, ...]
    requested: datetime
    expires: datetime
    state: str = "OPEN"
    target_account: str | None = None  # the account that may accept or decline


@dataclass(eq=False)
class CreateAccountStatus:
    id: str
    account_name: str
    account_id: str
    requested: datetime
    completed: datetime | None = None
    state: str = "IN_PROGRESS"
    gov_cloud_account_id: str | None = None
    failure: str | None = None  # FailureReason of a FAILED request


@dataclass(frozen=True, slots=True)
class Delegation:
    """One account registered as delegated administrator for one service principal."""

    account_id: str
    service_principal: str
    enabled: datetime


@dataclass(eq=False)
class ResourcePolicy:
    id: str
    arn: str
    content: str


@dataclass(eq=False)
class Transfer:
    """A responsibility transfer (billing) between two organizations' management accounts."""

    id: str
    name: str
    type: str
    direction: str  # "outbound" as the source organization sees it
    source_account: str
    target_account: str
    start: datetime
    handshake_id: str
    status: str = "REQUESTED"
    end: datetime | None = None


@dataclass(eq=False)
class Organization:
    """One organization, shared by the records of all its accounts (``Account.organization``).

    Also holds what IAM keeps per organization (its centralized root access features and access reports):
    the IAM operations answer from the same organization.
    """

    id: str  # o-…
    root_id: str  # r-…
    management_account_id: str
    partition: str = "aws"
    feature_set: str = "ALL"  # ALL | CONSOLIDATED_BILLING
    management_email: str = ""
    created: datetime | None = None
    accounts: dict[str, Member] = field(default_factory=dict)  # by account ID
    units: dict[str, OrganizationalUnit] = field(default_factory=dict)  # by OU ID
    policies: dict[str, Policy] = field(default_factory=dict)  # customer managed, by policy ID
    # Target (root, OU or account ID) -> attached policy IDs, in attach order.
    attachments: dict[str, tuple[str, ...]] = field(default_factory=dict)
    policy_types: dict[str, str] = field(default_factory=dict)  # enabled on the root: type -> status
    service_access: dict[str, datetime] = field(default_factory=dict)  # service principal -> enabled
    delegations: list[Delegation] = field(default_factory=list)
    handshakes: dict[str, Handshake] = field(default_factory=dict)
    create_statuses: dict[str, CreateAccountStatus] = field(default_factory=dict)
    resource_policy: ResourcePolicy | None = None
    transfers: dict[str, Transfer] = field(default_factory=dict)
    tags: dict[str, dict[str, str]] = field(default_factory=dict)  # resource ID -> tags
    # IAM's per-organization state (backend/iam/organizations.py).
    enabled_features: list[str] = field(default_factory=list)
    reports: dict[str, AccessReport] = field(default_factory=dict)  # by job ID

    def arn(self, kind: str, resource: str) -> str:
        """``arn:P:organizations::<management account>:<kind>/o-…/<resource>``."""
        tail = f"/{resource}" if resource else ""
        return f"arn:{self.partition}:organizations::{self.management_account_id}:{kind}/{self.id}{tail}"

    @property
    def members(self) -> set[str]:
        """The account IDs of the organization, the management account included."""
        return set(self.accounts)

    @property
    def all_features(self) -> bool:
        return self.feature_set == "ALL"

    @all_features.setter
    def all_features(self, value: bool) -> None:
        self.feature_set = "ALL" if value else "CONSOLIDATED_BILLING"

    @property
    def iam_trusted_access(self) -> bool:
        """Trusted access enabled for IAM (EnableAWSServiceAccess of ``iam.amazonaws.com``)."""
        return "iam.amazonaws.com" in self.service_access

    @iam_trusted_access.setter
    def iam_trusted_access(self, value: bool) -> None:
        if value:
            self.service_access.setdefault("iam.amazonaws.com", clock.now())
        else:
            self.service_access.pop("iam.amazonaws.com", None)

    @property
    def delegated_administrators(self) -> set[str]:
        """The accounts registered as delegated administrators for IAM."""
        return {d.account_id for d in self.delegations if d.service_principal == "iam.amazonaws.com"}

    def delegated(self, account_id: str) -> bool:
        """Whether ``account_id`` is a delegated administrator for any service."""
        return any(d.account_id == account_id for d in self.delegations)

    def path(self, target_id: str) -> str:
        """The entity path AWS shows (``o-…/r-…/ou-…/…/<account>/``)."""
        chain = self.chain(target_id)
        return f"{self.id}/" + "".join(f"{step}/" for step in chain)

    def chain(self, target_id: str) -> list[str]:
        """The IDs from the root down to ``target_id`` (root, each OU, the account)."""
        out = [target_id]
        current = target_id
        while current != self.root_id:
            member = self.accounts.get(current)
            unit = self.units.get(current)
            parent = member.parent_id if member else unit.parent_id if unit else self.root_id
            out.append(parent)
            current = parent
        return out[::-1]
