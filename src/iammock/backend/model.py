"""The entities an account holds. Plain mutable records; every change happens under the backend lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from .partitions import arn as make_arn

# Each entity family's module defines its record (next to the operations that build and read it); the
# stores below name those types for the type checker only, so the model imports no family at run time.
if TYPE_CHECKING:
    from .iam.access_reports import Job
    from .iam.credential_report import Report
    from .iam.delegation import DelegationRequest
    from .iam.login_profiles import LoginProfile
    from .iam.mfa import VirtualMFADevice
    from .iam.oidc_providers import OidcProvider
    from .iam.outbound_federation import OutboundFederation
    from .iam.password_policy import PasswordPolicy
    from .iam.saml_providers import SamlProvider
    from .iam.server_certificates import ServerCertificate
    from .iam.service_credentials import ServiceSpecificCredential
    from .iam.signing_certificates import SigningCertificate
    from .iam.ssh_keys import SSHPublicKey
    from .organizations.records import Organization


@dataclass(eq=False)
class AccessKey:
    access_key_id: str
    secret: str = field(repr=False)
    account_id: str
    user_name: str | None  # None: the account root's key
    created: datetime
    status: str = "Active"


@dataclass(frozen=True)
class Use:
    """One use of a credential: when, for which service, in which region."""

    when: datetime
    service: str
    region: str


@dataclass(eq=False)
class Activity:
    """What the mock has seen happen, as opposed to what exists: a failed call may add to it.

    Kept apart from entity state so that "a failed call changes nothing" stays checkable.
    """

    key_last_used: dict[str, Use] = field(default_factory=dict)  # access key id -> last use
    # (user or role ARN, service namespace) and (that ARN, "service:Action") -> last successful call
    service_access: dict[tuple[str, str], Use] = field(default_factory=dict)
    action_access: dict[tuple[str, str], Use] = field(default_factory=dict)
    role_last_used: dict[str, Use] = field(default_factory=dict)  # role ARN -> last AssumeRole*


@dataclass(eq=False)
class Tagged:
    """Tags keep insertion order; AWS returns them in the order they were added."""

    tags: dict[str, str] = field(default_factory=dict, kw_only=True)


@dataclass(eq=False)
class User(Tagged):
    name: str
    user_id: str
    arn: str
    path: str
    created: datetime
    inline_policies: dict[str, str] = field(default_factory=dict)  # name -> document text
    # Membership lists are tuples, replaced whole on change: an entity is state that lives as long as
    # the mock, and a tuple of strings is something the garbage collector stops visiting, a list never.
    attached_policies: tuple[str, ...] = ()  # managed policy ARNs, in attach order
    boundary: str | None = None  # managed policy ARN
    groups: tuple[str, ...] = ()  # group names, in join order
    access_keys: dict[str, AccessKey] = field(default_factory=dict)
    password_last_used: datetime | None = None
    login_profile: LoginProfile | None = None
    mfa_devices: tuple[str, ...] = ()  # serial numbers, in enable order
    ssh_public_keys: dict[str, SSHPublicKey] = field(default_factory=dict)  # by key ID
    signing_certificates: dict[str, SigningCertificate] = field(default_factory=dict)  # by certificate ID
    service_specific_credentials: dict[str, ServiceSpecificCredential] = field(default_factory=dict)


@dataclass(eq=False)
class Group:
    name: str
    group_id: str
    arn: str
    path: str
    created: datetime
    inline_policies: dict[str, str] = field(default_factory=dict)
    attached_policies: tuple[str, ...] = ()
    members: tuple[str, ...] = ()  # user names


@dataclass(eq=False)
class Role(Tagged):
    name: str
    role_id: str
    arn: str
    path: str
    created: datetime
    trust_policy: str
    description: str | None = None
    max_session_duration: int = 3600
    inline_policies: dict[str, str] = field(default_factory=dict)
    attached_policies: tuple[str, ...] = ()
    boundary: str | None = None
    instance_profiles: tuple[str, ...] = ()
    last_used: datetime | None = None
    last_used_region: str | None = None
    # The trust policy's principals as unique IDs (backend/trust.py): principal ARN as written -> ID.
    pins: dict[str, str] = field(default_factory=dict)
    service_linked: str | None = None  # the service principal of a service-linked role
    source_role_template: SourceRoleTemplate | None = None  # set by AcquireRole (iam/role_templates.py)


@dataclass(frozen=True, slots=True)
class SourceRoleTemplate:
    """The role template and minor version AcquireRole made a role from (its SourceRoleTemplate)."""

    template_arn: str
    minor_version: int


@dataclass(frozen=True, slots=True)
class DeletionTask:
    """The outcome of a DeleteServiceLinkedRole task (GetServiceLinkedRoleDeletionStatus)."""

    status: str  # "SUCCEEDED" or "FAILED": the mock finishes every task at once
    reason: str | None = None  # why it failed


@dataclass(eq=False)
class PolicyVersion:
    version_id: str
    document: str
    created: datetime


@dataclass(eq=False)
class ManagedPolicy(Tagged):
    name: str
    policy_id: str
    arn: str
    path: str
    created: datetime
    updated: datetime
    description: str | None
    versions: dict[str, PolicyVersion]
    default_version: str
    next_version: int = 2
    attachments: int = 0
    boundary_uses: int = 0

    @property
    def document(self) -> str:
        return self.versions[self.default_version].document


@dataclass(eq=False)
class InstanceProfile(Tagged):
    name: str
    profile_id: str
    arn: str
    path: str
    created: datetime
    roles: list[str] = field(default_factory=list)  # role names, at most one


# Slotted: every STS call that issues credentials leaves one alive for as long as the mock lives.
# Role sessions are built positionally (sts/common.py issue_role_session): keep the field order.
@dataclass(eq=False, slots=True)
class TemporaryCredentials:
    """An STS session: what a temporary access key stands for."""

    access_key_id: str
    secret: str = field(repr=False)
    token: str = field(repr=False)
    account_id: str
    kind: str  # "user" (GetSessionToken), "root", "assumed_role", "federated_user"
    arn: str
    user_id: str
    issued: datetime
    expiration: datetime
    user_name: str | None = None
    role_name: str | None = None
    role_arn: str | None = None  # with its path: aws:PrincipalArn of a role session
    role_id: str | None = None  # AROA…
    session_name: str | None = None
    mfa_authenticated: bool = False
    session_policies: tuple[str, ...] | None = None  # documents; None = no session policy
    session_policy_arns: tuple[str, ...] = ()
    tags: dict[str, str] = field(default_factory=dict)
    transitive_tag_keys: tuple[str, ...] = ()
    source_identity: str | None = None
    chained: bool = False
    # Which STS operation made the session ("AssumeRole", "GetSessionToken", "service" …): what the
    # session may call depends on it (sts/scope.py).
    origin: str | None = None
    external_id: str | None = None  # AssumeRole's ExternalId
    parent: str | None = None  # GetFederationToken: the ARN of the caller that asked
    service: str | None = None  # a session a service took on the role's behalf: its principal
    federated_provider: str | None = None  # aws:FederatedProvider of web identity and SAML sessions
    web_identity_claims: VerifiedClaims | None = None
    # GetScopedCredentials: the scope-down policy documents, oldest first (backend/scopes.py).
    scope_down_policies: tuple[str, ...] = ()
    # AssumeRoot: the AWS managed task policy scoping the member account's root session.
    task_policy_arn: str | None = None


@dataclass(frozen=True, slots=True)
class VerifiedClaims:
    """The claims of the web identity token a session was issued for, and when they were checked."""

    subject: str | None
    issuer: str | None
    verified_at: datetime


@dataclass(eq=False)
class Account:
    id: str
    root_key: AccessKey
    created: datetime
    # An account lives in one partition (backend/partitions.py); every ARN of its entities names it.
    partition: str = "aws"
    users: dict[str, User] = field(default_factory=dict)  # keyed by lower-case name
    groups: dict[str, Group] = field(default_factory=dict)
    roles: dict[str, Role] = field(default_factory=dict)
    policies: dict[str, ManagedPolicy] = field(default_factory=dict)  # customer managed, keyed by ARN
    # Lower-case name -> ARN of the customer managed policies: a name is unique whatever the path, and
    # CreatePolicy must not scan every policy to know (an account may hold 5,000).
    policy_names: dict[str, str] = field(default_factory=dict)
    instance_profiles: dict[str, InstanceProfile] = field(default_factory=dict)
    root_keys: dict[str, AccessKey] = field(default_factory=dict)
    # Stores of the other entity families; each family module defines its own record type.
    mfa_devices: dict[str, VirtualMFADevice] = field(default_factory=dict)  # serial number -> device
    # lower-case name -> certificate
    server_certificates: dict[str, ServerCertificate] = field(default_factory=dict)
    saml_providers: dict[str, SamlProvider] = field(default_factory=dict)  # ARN -> provider
    oidc_providers: dict[str, OidcProvider] = field(default_factory=dict)  # ARN -> provider
    aliases: list[str] = field(default_factory=list)
    password_policy: PasswordPolicy | None = None
    # The root user's console password as an AssumeRoot session manages it (IAMCreateRootUserPassword).
    root_login_profile: LoginProfile | None = None
    # Service control and resource control policies, one list per level from the org root down: derived
    # from the organization tree by backend/organizations/levels.py (or set by the Python shortcuts).
    scps: list[list[tuple[str, str]]] = field(default_factory=list)  # [(name, document)] per level
    rcps: list[list[tuple[str, str]]] = field(default_factory=list)
    properties: dict[str, str] = field(default_factory=dict)  # account properties: key -> value text
    quotas: dict[str, int] = field(default_factory=dict)  # raised quotas by summary key (quotas.py)
    root_signing_certificates: dict[str, SigningCertificate] = field(default_factory=dict)  # by ID
    credential_report: Report | None = None
    access_jobs: dict[str, Job] = field(default_factory=dict)  # service-last-accessed jobs, by job ID
    service_linked_role_deletions: dict[str, DeletionTask] = field(default_factory=dict)  # by task ID
    delegation_requests: dict[str, DelegationRequest] = field(default_factory=dict)  # by request ID
    # The AWS Organizations organization the account belongs to (backend/organizations/records.py),
    # shared by the records of all its accounts.
    organization: Organization | None = None
    outbound_federation: OutboundFederation | None = None
    global_endpoint_token_version: int = 1  # SetSecurityTokenServicePreferences

    def iam_arn(self, kind: str, path: str, name: str) -> str:
        return make_arn(self.partition, "iam", self.id, f"{kind}{path}{name}")

    def arn(self, service: str, resource: str) -> str:
        """An ARN of this account's ``service`` without a region (IAM, STS): ``arn:P:SERVICE::ID:RES``."""
        return make_arn(self.partition, service, self.id, resource)

    @property
    def root_arn(self) -> str:
        return make_arn(self.partition, "iam", self.id, "root")


def renamed(items: tuple[str, ...], old: str, new: str) -> tuple[str, ...]:
    """``items`` with the first ``old`` replaced by ``new`` in place (ValueError when absent)."""
    index = items.index(old)
    return (*items[:index], new, *items[index + 1 :])


def without(items: tuple[str, ...], item: str) -> tuple[str, ...]:
    """``items`` less the first ``item`` (as ``list.remove``; ValueError when absent)."""
    index = items.index(item)
    return items[:index] + items[index + 1 :]
