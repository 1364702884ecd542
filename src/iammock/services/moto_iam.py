"""moto's IAM, answered from iammock's state: one set of IAM entities for both mocks.

moto's services read and write IAM through ``moto.iam.models.iam_backends[account_id][partition]``, a
``BackendDict`` shared by reference by every moto module (Lambda, EC2, Batch, CodePipeline, SES, ELBv2,
Organizations, CloudFormation's IAM resources, and moto's request handling, which finds the caller's
account from its access key). While an iammock mock is active, that one object's class is swapped for a
subclass whose lookups return :class:`IamView`: a view of the active mock's account, in that partition,
with the attributes and methods moto's callers use. Nothing is copied: entity views read iammock's
records at each access, so a change on either side is seen at once, and ``mock_aws``'s reset (which
clears the dict's contents, never its class) changes nothing. When no iammock mock is active the
subclass defers to moto's own dict, and the class is swapped back when the last mock stops: moto's own
IAM backend, with whatever it held before, answers again.

Writes (``create_role``, ``put_role_policy``, ``create_policy`` …, made by moto's CloudFormation,
Organizations' ``CreateAccount`` and the like) run iammock's own IAM operation handlers, with iammock's
parameter validation, IDs, ARNs, limits, errors and trail. They run as the **root of the account** they
write into: the service acts on the account's behalf, so no identity policy of the code that triggered
it applies, while SCPs (which bind the root too) do. An iammock error reaches moto as the matching
``moto.iam.exceptions`` class (``NotFoundException`` for ``NoSuchEntity`` …), which is what moto's
callers catch.

This module imports moto: import it only once the program has imported moto (``moto_state``'s rule).
Which names moto's code uses on its IAM backend is checked against :data:`COVERED` by the test suite
(``tests/services/test_moto_iam_coverage.py``), so a moto release that calls one more fails a test.
"""

from __future__ import annotations

import importlib
import json
import sys
import threading
import weakref
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from .. import clock, inside_calls
from ..backend import lookup, partitions
from ..backend.call import Call
from ..backend.caller import Caller, root_caller
from ..errors import AwsError
from ..hook import dispatch

if TYPE_CHECKING:
    from ..backend.iam.server_certificates import ServerCertificate
    from ..backend.model import AccessKey, Account, Group, InstanceProfile, ManagedPolicy, Role, User
    from ..backend.state import Backend

_moto: Any = importlib.import_module("moto.iam.models")
_exceptions: Any = importlib.import_module("moto.iam.exceptions")

# The names moto's code uses on an IAM backend (outside moto's own IAM API), each provided below.
COVERED = frozenset(
    {
        # reads
        "access_keys",
        "certificates",
        "get_certificate_by_arn",
        "get_group",
        "get_groups_for_user",
        "get_instance_profile",
        "get_instance_profile_by_arn",
        "get_instance_profiles",
        "get_policy",
        "get_role",
        "get_role_by_arn",
        "get_user",
        "get_user_from_access_key_id",
        "groups",
        "inline_policies",
        "instance_profiles",
        "managed_policies",
        "open_id_providers",
        "roles",
        "saml_providers",
        "users",
        "virtual_mfa_devices",
        "account_id",
        "partition",
        "region_name",
        # writes
        "add_role_to_instance_profile",
        "add_user_to_group",
        "attach_group_policy",
        "attach_role_policy",
        "attach_user_policy",
        "create_access_key",
        "create_group",
        "create_inline_policy",
        "create_instance_profile",
        "create_policy",
        "create_policy_version",
        "create_role",
        "create_user",
        "delete_access_key_by_name",
        "delete_group",
        "delete_group_policy",
        "delete_inline_policy",
        "delete_instance_profile",
        "delete_policy",
        "delete_policy_version",
        "delete_role",
        "delete_role_policy",
        "delete_user",
        "delete_user_policy",
        "detach_group_policy",
        "detach_role_policy",
        "detach_user_policy",
        "put_group_policy",
        "put_role_policy",
        "put_user_policy",
        "remove_role_from_instance_profile",
        "remove_user_from_group",
        "update_access_key",
        "update_inline_policy",
        "update_role",
    }
)

# Names moto uses that cannot be reached while iammock is active, with the reason (checked by the test
# enumerating moto's uses, which accepts these too).
_MOTO_ACCESS_CONTROL = (
    "moto's own authorization (moto.iam.access_control), off unless moto's INITIAL_NO_AUTH_ACTION_COUNT "
    "is set: iammock authorizes calls itself; with it on, the adapter raises AttributeError naming the call"
)
NOT_REACHED = {
    "create_temp_access_key": "moto's STS only: iammock answers every STS call",
    "tagger": "moto's User.tags (the view has its own), read by moto's IAM API only: iammock answers IAM",
    **dict.fromkeys(
        (
            "get_group_policy",
            "get_role_policy",
            "get_user_policy",
            "list_attached_group_policies",
            "list_attached_role_policies",
            "list_attached_user_policies",
            "list_group_policies",
            "list_role_policies",
            "list_user_policies",
            "list_users",
        ),
        _MOTO_ACCESS_CONTROL,
    ),
}


# -- errors -----------------------------------------------------------------------------------------

_ERRORS = {
    "NoSuchEntity": "NotFoundException",
    "EntityAlreadyExists": "EntityAlreadyExists",
    "DeleteConflict": "DeleteConflictException",
    "LimitExceeded": "LimitExceededException",
    "MalformedPolicyDocument": "MalformedPolicyDocument",
    "ValidationError": "ValidationError",
    "InvalidInput": "InvalidInput",
}


_other_errors: dict[str, type] = {}


def _moto_error(error: AwsError) -> Exception:
    """iammock's error as the ``moto.iam.exceptions`` class moto's callers catch."""
    kind: Any = getattr(_exceptions, _ERRORS.get(error.code, ""), None)
    if kind is None:  # AccessDenied, InvalidClientTokenId …: moto has no class, so one carrying the code
        kind = _other_errors.get(error.code)
        if kind is None:
            kind = _other_errors[error.code] = type(
                error.code, (_exceptions.IAMException,), {"code": error.code}
            )
    exc: Exception = kind.__new__(kind)
    Exception.__init__(exc, error.message)
    exc.code = error.code  # type: ignore[attr-defined]
    exc.message = error.message  # type: ignore[attr-defined]
    return exc


def _not_found(message: str) -> Exception:
    return _moto_error(AwsError("NoSuchEntity", message, 404))


# -- which mock ---------------------------------------------------------------------------------------


def _active_backend() -> Backend | None:
    """The state of the iammock mock answering calls now (the innermost active one), if any."""
    api = getattr(dispatch.active(), "api", None)
    return getattr(api, "backend", None)


def _tags(tags: Any) -> list[dict[str, str]] | None:
    """moto's tags (CloudFormation's list, or moto's ``{key: {"Key", "Value"}}``) as the API's list."""
    if not tags:
        return None
    if isinstance(tags, dict):
        return [{"Key": k, "Value": v["Value"] if isinstance(v, dict) else str(v)} for k, v in tags.items()]
    return [{"Key": t["Key"], "Value": t.get("Value", "")} for t in tags]


def _document(document: Any) -> str:
    return document if isinstance(document, str) else json.dumps(document)


# -- views of iammock's records ----------------------------------------------------------------------


class _View:
    """A live view of one iammock record, with moto's attribute names.

    Attributes moto's code assigns directly (``last_used`` when moto sees a key used, …) are kept on the
    view only: iammock records key and role use itself.
    """

    moto_class = ""  # the moto.iam.models class this view stands for

    def __init__(self, iam: IamView, record: Any) -> None:
        self._iam = iam
        self._record = record

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _View) and type(other) is type(self) and other._record is self._record

    def __hash__(self) -> int:
        return id(self._record)

    @property
    def account_id(self) -> str:
        return self._iam.account_id

    @property
    def partition(self) -> str:
        return self._iam.partition

    @property
    def arn(self) -> str:
        return str(self._record.arn)

    @property
    def name(self) -> str:
        return str(self._record.name)

    @property
    def path(self) -> str:
        return str(self._record.path)

    @property
    def create_date(self) -> datetime:
        created: datetime = self._record.created
        return created

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.arn}>"


def _tag_dict(record: Any) -> dict[str, dict[str, str]]:
    return {k: {"Key": k, "Value": v} for k, v in record.tags.items()}


def _tag_list(record: Any) -> list[dict[str, str]]:
    return [{"Key": k, "Value": v} for k, v in record.tags.items()]


# What CloudFormation asks of a resource's class and instance (moto's CloudFormationModel interface).
_CLOUDFORMATION = (
    "cloudformation_name_type",
    "cloudformation_type",
    "create_from_cloudformation_json",
    "update_from_cloudformation_json",
    "delete_from_cloudformation_json",
    "is_replacement_update",
    "has_cfn_attr",
    "get_cfn_attribute",
    "physical_resource_id",
    "is_created",
)


_V = TypeVar("_V", bound="_View")


def _borrowing(moto_class: str, *names: str) -> Callable[[type[_V]], type[_V]]:
    """Give a view moto's own methods and properties of ``moto_class`` (and its CloudFormation
    interface): they read the view's attributes, which read iammock's record."""

    def borrow(view: type[_V]) -> type[_V]:
        source = getattr(_moto, moto_class)
        for name in (*_CLOUDFORMATION, *names):
            if name in view.__dict__:
                continue
            for klass in source.__mro__:
                if name in vars(klass) and klass is not object:
                    setattr(view, name, vars(klass)[name])
                    break
            # A member an older moto lacks is left out: the coverage test compares each view with the
            # installed moto's class.
        view.moto_class = moto_class
        return view

    return borrow


# Members of moto's entity classes that the views do not provide, and why (checked by the test that
# compares each view with its moto class): all belong to moto's own IAM API, which iammock replaces.
NOT_PROVIDED_MEMBERS = {
    "User": {
        "mfa_devices": "MFA devices: read by moto's IAM API only",
        "enable_mfa_device": "moto's IAM API only",
        "deactivate_mfa_device": "moto's IAM API only",
        "password": "login profiles: moto's IAM API only",
        "password_reset_required": "login profiles: moto's IAM API only",
        "signing_certificates": "moto's IAM API only",
        "ssh_public_keys": "moto's IAM API only",
        "upload_ssh_public_key": "moto's IAM API only",
        "get_ssh_public_key": "moto's IAM API only",
        "get_all_ssh_public_keys": "moto's IAM API only",
        "update_ssh_public_key": "moto's IAM API only",
        "delete_ssh_public_key": "moto's IAM API only",
        "to_csv": "the credential report: moto's IAM API only",
    },
    "ManagedPolicy": {
        "attach_to": "called by moto's IAMBackend.attach_*_policy only (the view's backend runs iammock's)",
        "detach_from": "called by moto's IAMBackend.detach_*_policy only",
    },
}


@_borrowing(
    "Role",
    "attached_managed_policies",
    "role_policy_list",
    "permissions_boundary",
    "role_last_used",
    "description_escaped",
    "to_config_dict",
)
class RoleView(_View):
    """moto's ``Role`` for an iammock role."""

    _record: Role
    last_used: datetime | None = None  # moto sets these when it sees a role's key used: iammock keeps its own
    last_used_region: str | None = None

    @property
    def id(self) -> str:
        return self._record.role_id

    @property
    def _linked_service(self) -> str | None:
        return self._record.service_linked

    @property
    def assume_role_policy_document(self) -> str:
        return self._record.trust_policy

    @property
    def description(self) -> str | None:
        return self._record.description

    @property
    def max_session_duration(self) -> int:
        return self._record.max_session_duration

    @property
    def permissions_boundary_arn(self) -> str | None:
        return self._record.boundary

    @property
    def policies(self) -> dict[str, str]:
        return dict(self._record.inline_policies)

    @property
    def managed_policies(self) -> dict[str, ManagedPolicyView]:
        return self._iam.policy_views(self._record.attached_policies)

    @property
    def tags(self) -> dict[str, dict[str, str]]:
        return _tag_dict(self._record)

    def get_tags(self) -> list[dict[str, str]]:
        return _tag_list(self._record)

    @property
    def instance_profile_list(self) -> list[InstanceProfileView]:
        return [p for p in self._iam.instance_profiles.values() if self.name in p.role_names]

    def put_policy(self, policy_name: str, policy_json: Any) -> None:
        self._iam.put_role_policy(self.name, policy_name, _document(policy_json))

    def delete_policy(self, policy_name: str) -> None:
        self._iam.delete_role_policy(self.name, policy_name)


@_borrowing("InstanceProfile", "to_embedded_config_dict")
class InstanceProfileView(_View):
    """moto's ``InstanceProfile`` for an iammock instance profile."""

    _record: InstanceProfile

    @property
    def id(self) -> str:
        return self._record.profile_id

    @property
    def role_names(self) -> list[str]:
        return list(self._record.roles)

    @property
    def roles(self) -> list[RoleView]:
        account = self._iam.account
        found = [account.roles.get(name.lower()) for name in self._record.roles] if account else []
        return [RoleView(self._iam, role) for role in found if role is not None]

    @property
    def tags(self) -> list[dict[str, str]]:
        return _tag_list(self._record)

    def delete_role(self, role_name: str) -> None:
        """moto's CloudFormation removes a deleted role from every profile: remove it from this one."""
        if role_name.lower() in (name.lower() for name in self._record.roles):
            self._iam.remove_role_from_instance_profile(self.name, role_name)


@_borrowing("Certificate")
class CertificateView(_View):
    """moto's ``Certificate`` for an iammock server certificate."""

    _record: ServerCertificate

    @property
    def id(self) -> str:
        return self._record.certificate_id

    @property
    def cert_name(self) -> str:
        return self._record.name

    @property
    def cert_body(self) -> str:
        return self._record.body

    @property
    def cert_chain(self) -> str | None:
        return self._record.chain

    @property
    def private_key(self) -> str:
        return self._record.private_key


@_borrowing(
    "ManagedPolicy",
    "get_tags",
    "is_attachable",
    "policy_version_list",
    "tag_list_type",
    "to_config_dict",
)
class ManagedPolicyView(_View):
    """moto's ``ManagedPolicy`` for an iammock customer or AWS managed policy."""

    _record: ManagedPolicy

    @property
    def id(self) -> str:
        return self._record.policy_id

    @property
    def backend(self) -> IamView:
        return self._iam

    @property
    def description(self) -> str:
        return self._record.description or ""

    @property
    def default_version_id(self) -> str:
        return self._record.default_version

    @property
    def next_version_num(self) -> int:
        return self._record.next_version

    @property
    def attachment_count(self) -> int:
        return self._record.attachments

    @property
    def update_date(self) -> datetime:
        return self._record.updated

    @property
    def document(self) -> str:
        return self._record.document

    @property
    def tags(self) -> dict[str, dict[str, str]]:
        return _tag_dict(self._record)

    @property
    def versions(self) -> list[Any]:
        return [
            _moto.PolicyVersion(
                self.arn, v.document, v.version_id == self._record.default_version, v.version_id, v.created
            )
            for v in self._record.versions.values()
        ]

    def update_default_version(self, new_default_version_id: str) -> None:
        self._iam.run("SetDefaultPolicyVersion", {"PolicyArn": self.arn, "VersionId": new_default_version_id})


@_borrowing("AccessKey")
class AccessKeyView(_View):
    """moto's ``AccessKey`` for an iammock access key."""

    _record: AccessKey
    last_used: Any = None  # moto sets it when it sees the key used: iammock keeps its own
    role_arn: str | None = None  # long-term keys only: iammock's STS sessions are not moto's

    @property
    def arn(self) -> str:
        return self._record.access_key_id

    @property
    def user_name(self) -> str | None:
        return self._record.user_name

    @property
    def access_key_id(self) -> str:
        return self._record.access_key_id

    @property
    def secret_access_key(self) -> str:
        return self._record.secret

    @property
    def status(self) -> str:
        return self._record.status

    @property
    def create_date(self) -> datetime:
        return self._record.created


@_borrowing("User", "attached_managed_policies", "user_policy_list", "group_list")
class UserView(_View):
    """moto's ``User`` for an iammock user."""

    _record: User

    @property
    def id(self) -> str:
        return self._record.user_id

    @property
    def path(self) -> str:
        return self._record.path

    @path.setter
    def path(self, value: str) -> None:
        """moto's CloudFormation updates a user's ``Path`` in place: iammock's UpdateUser does it."""
        self._iam.run("UpdateUser", {"UserName": self.name, "NewPath": value})

    @property
    def region_name(self) -> str:
        return partitions.iam_region(self.partition)

    @property
    def policies(self) -> dict[str, str]:
        return dict(self._record.inline_policies)

    @property
    def managed_policies(self) -> dict[str, ManagedPolicyView]:
        return self._iam.policy_views(self._record.attached_policies)

    @property
    def tags(self) -> list[dict[str, str]] | None:
        return _tag_list(self._record) or None

    @property
    def access_keys(self) -> list[AccessKeyView]:
        return [AccessKeyView(self._iam, key) for key in self._record.access_keys.values()]

    @property
    def password_last_used(self) -> datetime | None:
        return self._record.password_last_used

    def get_all_access_keys(self) -> list[AccessKeyView]:
        return self.access_keys

    def get_access_key_by_id(self, access_key_id: str) -> AccessKeyView:
        for key in self.access_keys:
            if key.access_key_id == access_key_id:
                return key
        raise _not_found(f"The Access Key with id {access_key_id} cannot be found")

    def has_access_key(self, access_key_id: str) -> bool:
        return access_key_id in self._record.access_keys

    def create_access_key(self, prefix: str = "AKIA", status: str = "Active") -> AccessKeyView:
        return self._iam.create_access_key(self.name, prefix, status)

    def update_access_key(self, access_key_id: str, status: str | None = None) -> AccessKeyView:
        return self._iam.update_access_key(self.name, access_key_id, status)

    def delete_access_key(self, access_key_id: str) -> None:
        self._iam.run("DeleteAccessKey", {"UserName": self.name, "AccessKeyId": access_key_id})

    def get_policy(self, policy_name: str) -> dict[str, str]:
        document = self._record.inline_policies.get(policy_name)
        if document is None:
            raise _not_found(f"Policy {policy_name} not found")
        return {"policy_name": policy_name, "policy_document": document, "user_name": self.name}

    def put_policy(self, policy_name: str, policy_json: Any) -> None:
        self._iam.put_user_policy(self.name, policy_name, policy_json)

    def delete_policy(self, policy_name: str) -> None:
        self._iam.delete_user_policy(self.name, policy_name)


@_borrowing("Group", "attached_managed_policies", "group_policy_list", "get_policy", "list_policies")
class GroupView(_View):
    """moto's ``Group`` for an iammock group."""

    _record: Group

    @property
    def id(self) -> str:
        return self._record.group_id

    @property
    def physical_resource_id(self) -> str:
        return self._record.name

    @property
    def policies(self) -> dict[str, str]:
        return dict(self._record.inline_policies)

    @property
    def managed_policies(self) -> dict[str, ManagedPolicyView]:
        return self._iam.policy_views(self._record.attached_policies)

    @property
    def users(self) -> list[UserView]:
        account = self._iam.account
        found = [account.users.get(n.lower()) for n in self._record.members] if account else []
        return [UserView(self._iam, user) for user in found if user is not None]

    def put_policy(self, policy_name: str, policy_json: Any) -> None:
        self._iam.put_group_policy(self.name, policy_name, policy_json)

    def delete_policy(self, policy_name: str) -> None:
        self._iam.delete_group_policy(self.name, policy_name)


# -- mappings moto reads ----------------------------------------------------------------------------


class _Mapping:
    """A read-only mapping rebuilt from iammock's state at each use (moto iterates, indexes, tests).

    ``find`` answers a key directly (also one the listing does not hold, such as a role's ARN where moto
    keys roles by ID), or returns None.
    """

    def __init__(self, items: Callable[[], dict[str, Any]], find: Callable[[str], Any] | None = None) -> None:
        self._items = items
        self._find = find

    def get(self, key: str, default: Any = None) -> Any:
        if self._find is not None:
            found = self._find(key)
            return default if found is None else found
        return self._items().get(key, default)

    def __getitem__(self, key: str) -> Any:
        found = self.get(key, _MISSING)
        if found is _MISSING:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key, _MISSING) is not _MISSING

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._items()))

    def __len__(self) -> int:
        return len(self._items())

    def keys(self) -> list[str]:
        return list(self._items())

    def values(self) -> list[Any]:
        return list(self._items().values())

    def items(self) -> list[tuple[str, Any]]:
        return list(self._items().items())


_MISSING: Any = object()


class SessionKey:
    """moto's view of an STS session's access key: moto marks the role it belongs to as used."""

    user_name = None
    status = "Active"
    last_used: Any = None

    def __init__(self, access_key_id: str, role_arn: str | None) -> None:
        self.access_key_id = access_key_id
        self.role_arn = role_arn


# moto's CloudFormation ``AWS::IAM::Policy`` resources (moto's own InlinePolicy objects), per mock state.
_inline: weakref.WeakKeyDictionary[Backend, dict[tuple[str, str], dict[str, Any]]] = (
    weakref.WeakKeyDictionary()
)


class IamView:
    """moto's ``IAMBackend`` for one account in one partition, answered from iammock's state."""

    def __init__(self, backend: Backend, account_id: str, partition: str) -> None:
        self._backend = backend
        self.account_id = account_id
        self.partition = "aws" if partition == "global" else partition
        self.region_name = self.partition

    def __getattr__(self, name: str) -> Any:
        # A method moto's code calls that this adapter does not provide must fail loudly, never read
        # an empty world (the coverage test lists moto's uses against COVERED).
        raise AttributeError(f"iammock's moto IAM adapter does not provide IAMBackend.{name}")

    def reset(self) -> None:
        """moto's reset of its backends: iammock's state is the mock's to reset, not moto's."""

    # -- state ---------------------------------------------------------------------------------------

    @property
    def account(self) -> Account | None:
        """The account, if it exists in iammock and lives in this partition."""
        account = self._backend.existing_account(self.account_id)
        if account is None or account.partition != self.partition:
            return None
        return account

    def _entities(self, store: str, view: type[_View], key: Callable[[Any], str]) -> dict[str, Any]:
        account = self.account
        if account is None:
            return {}
        with self._backend.lock:
            return {key(record): view(self, record) for record in list(getattr(account, store).values())}

    @property
    def roles(self) -> _Mapping:
        """By role ID, as moto keys them; a role's ARN finds it too (moto's SES asks by ARN)."""

        def find(key: str) -> RoleView | None:
            account = self.account
            if account is None:
                return None
            for role in list(account.roles.values()):
                if key in (role.role_id, role.arn):
                    return RoleView(self, role)
            return None

        return _Mapping(lambda: self._entities("roles", RoleView, lambda r: r.role_id), find)

    @property
    def instance_profiles(self) -> _Mapping:
        return _Mapping(lambda: self._entities("instance_profiles", InstanceProfileView, lambda p: p.name))

    @property
    def users(self) -> _Mapping:
        return _Mapping(lambda: self._entities("users", UserView, lambda u: u.name))

    @property
    def groups(self) -> _Mapping:
        return _Mapping(lambda: self._entities("groups", GroupView, lambda g: g.name))

    @property
    def certificates(self) -> _Mapping:
        return _Mapping(
            lambda: self._entities("server_certificates", CertificateView, lambda c: c.certificate_id)
        )

    @property
    def managed_policies(self) -> _Mapping:
        """Customer managed policies by ARN, and the AWS managed policies attached somewhere."""

        def items() -> dict[str, Any]:
            found = self._entities("policies", ManagedPolicyView, lambda p: p.arn)
            account = self.account
            if account is not None:
                attached = [u.attached_policies for u in account.users.values()]
                attached += [g.attached_policies for g in account.groups.values()]
                attached += [r.attached_policies for r in account.roles.values()]
                for arns in attached:
                    found.update(self.policy_views(arns))
            return found

        return _Mapping(items)

    @property
    def access_keys(self) -> _Mapping:
        """Every long-term access key of the account (its users' and its root's), by key ID."""

        def items() -> dict[str, Any]:
            account = self.account
            if account is None:
                return {}
            with self._backend.lock:
                keys = [*account.root_keys.values()]
                for user in account.users.values():
                    keys.extend(user.access_keys.values())
            return {key.access_key_id: AccessKeyView(self, key) for key in keys}

        def find(key_id: str) -> AccessKeyView | SessionKey | None:
            """A key of this account: moto's request handling finds the caller's account by its key."""
            account = self.account
            if account is None:
                return None
            key = self._backend.access_keys.get(key_id)
            if key is not None:
                return AccessKeyView(self, key) if key.account_id == account.id else None
            session = self._backend.temporary.get(key_id)
            if session is not None and session.account_id == account.id:
                return SessionKey(key_id, session.role_arn)
            return None

        return _Mapping(items, find)

    @property
    def saml_providers(self) -> _Mapping:
        return _Mapping(lambda: dict(self.account.saml_providers) if self.account else {})

    @property
    def open_id_providers(self) -> _Mapping:
        return _Mapping(lambda: dict(self.account.oidc_providers) if self.account else {})

    @property
    def virtual_mfa_devices(self) -> _Mapping:
        return _Mapping(lambda: dict(self.account.mfa_devices) if self.account else {})

    @property
    def inline_policies(self) -> dict[str, Any]:
        """moto's CloudFormation ``AWS::IAM::Policy`` resources of this account (moto's InlinePolicy)."""
        with self._backend.lock:
            per_backend = _inline.setdefault(self._backend, {})
            return per_backend.setdefault((self.account_id, self.partition), {})

    def policy_views(self, arns: tuple[str, ...]) -> dict[str, ManagedPolicyView]:
        account = self.account
        found: dict[str, ManagedPolicyView] = {}
        if account is None:
            return found
        for arn in arns:
            policy = lookup.managed_policy(account, arn)
            if policy is not None:
                found[arn] = ManagedPolicyView(self, policy)
        return found

    # -- reads -------------------------------------------------------------------------------------------

    def _require(self) -> Account:
        account = self.account
        if account is None:
            raise _not_found(f"No IAM entities in account {self.account_id} ({self.partition}).")
        return account

    def get_role(self, role_name: str) -> RoleView:
        try:
            return RoleView(self, lookup.role(self._require(), role_name))
        except AwsError as error:
            raise _moto_error(error) from None

    def get_role_by_arn(self, arn: str) -> RoleView:
        found: RoleView | None = self.roles.get(arn)
        if found is None or found.arn != arn:
            raise _not_found(f"Role {arn} not found")
        return found

    def get_instance_profile(self, profile_name: str) -> InstanceProfileView:
        account = self.account
        found = account.instance_profiles.get(profile_name.lower()) if account else None
        if found is None:
            raise _not_found(f"Instance profile {profile_name} not found")
        return InstanceProfileView(self, found)

    def get_instance_profile_by_arn(self, profile_arn: str) -> InstanceProfileView:
        for profile in self.instance_profiles.values():
            if profile.arn == profile_arn:
                return profile  # type: ignore[no-any-return]
        raise _not_found(f"Instance profile {profile_arn} not found")

    def get_instance_profiles(self) -> list[InstanceProfileView]:
        return self.instance_profiles.values()

    def get_certificate_by_arn(self, arn: str) -> CertificateView | None:
        for cert in self.certificates.values():
            if cert.arn == arn:
                return cert  # type: ignore[no-any-return]
        return None

    def get_user(self, name: str) -> UserView:
        try:
            return UserView(self, lookup.user(self._require(), name))
        except AwsError as error:
            raise _moto_error(error) from None

    def get_user_from_access_key_id(self, access_key_id: str) -> UserView | None:
        key = self._backend.access_keys.get(access_key_id)
        account = self.account
        if key is None or account is None or key.account_id != account.id or key.user_name is None:
            return None
        user = account.users.get(key.user_name.lower())
        return UserView(self, user) if user is not None else None

    def get_group(self, group_name: str) -> GroupView:
        try:
            return GroupView(self, lookup.group(self._require(), group_name))
        except AwsError as error:
            raise _moto_error(error) from None

    def get_groups_for_user(self, user_name: str) -> list[GroupView]:
        user = self.get_user(user_name)
        return [self.get_group(name) for name in user._record.groups]

    def get_policy(self, policy_arn: str) -> ManagedPolicyView:
        account = self.account
        policy = lookup.managed_policy(account, policy_arn) if account is not None else None
        if policy is None:
            raise _not_found(f"Policy {policy_arn} was not found.")
        return ManagedPolicyView(self, policy)

    # -- writes: iammock's own operations, as the account's root ---------------------------------------

    def run(self, operation: str, params: dict[str, Any]) -> dict[str, Any]:
        """iammock's IAM ``operation`` in this account, as its root (module-level :func:`run`)."""
        return run(self._backend, self.account_id, self.partition, operation, params)

    def create_role(
        self,
        role_name: str,
        assume_role_policy_document: str,
        path: str | None = "/",
        permissions_boundary: str | None = None,
        description: str | None = None,
        tags: Any = None,
        max_session_duration: Any = None,
        linked_service: str | None = None,
    ) -> RoleView:
        if linked_service:
            # moto's service-linked roles: AWS's CreateServiceLinkedRole does the naming and the path.
            out = self.run(
                "CreateServiceLinkedRole",
                _given(AWSServiceName=linked_service, Description=description or None),
            )
            return self.get_role(out["Role"]["RoleName"])
        self.run(
            "CreateRole",
            _given(
                RoleName=role_name,
                AssumeRolePolicyDocument=_document(assume_role_policy_document),
                Path=path or "/",
                PermissionsBoundary=permissions_boundary or None,
                Description=description or None,
                Tags=_tags(tags),
                MaxSessionDuration=int(max_session_duration) if max_session_duration else None,
            ),
        )
        return self.get_role(role_name)

    def update_role(self, role_name: str, role_description: str, max_session_duration: Any) -> RoleView:
        self.run(
            "UpdateRole",
            _given(
                RoleName=role_name,
                Description=role_description,
                MaxSessionDuration=int(max_session_duration) if max_session_duration else None,
            ),
        )
        return self.get_role(role_name)

    def delete_role(self, role_name: str) -> None:
        self.run("DeleteRole", {"RoleName": role_name})

    def put_role_policy(self, role_name: str, policy_name: str, policy_json: Any) -> None:
        self.run(
            "PutRolePolicy",
            {"RoleName": role_name, "PolicyName": policy_name, "PolicyDocument": _document(policy_json)},
        )

    def delete_role_policy(self, role_name: str, policy_name: str) -> None:
        self.run("DeleteRolePolicy", {"RoleName": role_name, "PolicyName": policy_name})

    def put_user_policy(self, user_name: str, policy_name: str, policy_json: Any) -> None:
        self.run(
            "PutUserPolicy",
            {"UserName": user_name, "PolicyName": policy_name, "PolicyDocument": _document(policy_json)},
        )

    def delete_user_policy(self, user_name: str, policy_name: str) -> None:
        self.run("DeleteUserPolicy", {"UserName": user_name, "PolicyName": policy_name})

    def put_group_policy(self, group_name: str, policy_name: str, policy_json: Any) -> None:
        self.run(
            "PutGroupPolicy",
            {"GroupName": group_name, "PolicyName": policy_name, "PolicyDocument": _document(policy_json)},
        )

    def delete_group_policy(self, group_name: str, policy_name: str) -> None:
        self.run("DeleteGroupPolicy", {"GroupName": group_name, "PolicyName": policy_name})

    def attach_role_policy(self, policy_arn: str, role_name: str) -> None:
        self.run("AttachRolePolicy", {"RoleName": role_name, "PolicyArn": policy_arn})

    def detach_role_policy(self, policy_arn: str, role_name: str) -> None:
        self.run("DetachRolePolicy", {"RoleName": role_name, "PolicyArn": policy_arn})

    def attach_user_policy(self, policy_arn: str, user_name: str) -> None:
        self.run("AttachUserPolicy", {"UserName": user_name, "PolicyArn": policy_arn})

    def detach_user_policy(self, policy_arn: str, user_name: str) -> None:
        self.run("DetachUserPolicy", {"UserName": user_name, "PolicyArn": policy_arn})

    def attach_group_policy(self, policy_arn: str, group_name: str) -> None:
        self.run("AttachGroupPolicy", {"GroupName": group_name, "PolicyArn": policy_arn})

    def detach_group_policy(self, policy_arn: str, group_name: str) -> None:
        self.run("DetachGroupPolicy", {"GroupName": group_name, "PolicyArn": policy_arn})

    def create_policy(
        self,
        description: str | None,
        path: str | None,
        policy_document: Any,
        policy_name: str,
        tags: Any = None,
    ) -> ManagedPolicyView:
        out = self.run(
            "CreatePolicy",
            _given(
                PolicyName=policy_name,
                PolicyDocument=_document(policy_document),
                Path=path or None,
                Description=description or None,
                Tags=_tags(tags),
            ),
        )
        return self.get_policy(out["Policy"]["Arn"])

    def delete_policy(self, policy_arn: str) -> None:
        self.run("DeletePolicy", {"PolicyArn": policy_arn})

    def create_policy_version(self, policy_arn: str, policy_document: Any, set_as_default: Any) -> Any:
        out = self.run(
            "CreatePolicyVersion",
            {
                "PolicyArn": policy_arn,
                "PolicyDocument": _document(policy_document),
                "SetAsDefault": str(set_as_default).lower() == "true",
            },
        )
        version_id = out["PolicyVersion"]["VersionId"]
        for version in self.get_policy(policy_arn).versions:
            if version.version_id == version_id:
                return version
        raise _not_found(f"Policy version {version_id} of {policy_arn} not found")

    def delete_policy_version(self, policy_arn: str, version_id: str) -> None:
        self.run("DeletePolicyVersion", {"PolicyArn": policy_arn, "VersionId": version_id})

    def create_user(
        self, region_name: str | None = None, user_name: str = "", path: str | None = "/", tags: Any = None
    ) -> UserView:
        self.run("CreateUser", _given(UserName=user_name, Path=path or "/", Tags=_tags(tags)))
        return self.get_user(user_name)

    def delete_user(self, user_name: str) -> None:
        self.run("DeleteUser", {"UserName": user_name})

    def create_access_key(
        self, user_name: str, prefix: str = "AKIA", status: str = "Active"
    ) -> AccessKeyView:
        out = self.run("CreateAccessKey", {"UserName": user_name})
        key_id = out["AccessKey"]["AccessKeyId"]
        if status and status != "Active":
            self.run("UpdateAccessKey", {"UserName": user_name, "AccessKeyId": key_id, "Status": status})
        return AccessKeyView(self, self._backend.access_keys[key_id])

    def update_access_key(
        self, user_name: str, access_key_id: str, status: str | None = None
    ) -> AccessKeyView:
        if status:
            self.run(
                "UpdateAccessKey", {"UserName": user_name, "AccessKeyId": access_key_id, "Status": status}
            )
        key = self._backend.access_keys.get(access_key_id)
        if key is None:
            raise _not_found(f"The Access Key with id {access_key_id} cannot be found")
        return AccessKeyView(self, key)

    def delete_access_key_by_name(self, name: str) -> None:
        key = self._backend.access_keys.get(name)
        if key is None or key.user_name is None:
            raise _not_found(f"The Access Key with id {name} cannot be found")
        self.run("DeleteAccessKey", {"UserName": key.user_name, "AccessKeyId": name})

    def create_instance_profile(
        self, name: str, path: str | None = "/", role_names: list[str] | None = None, tags: Any = None
    ) -> InstanceProfileView:
        self.run(
            "CreateInstanceProfile", _given(InstanceProfileName=name, Path=path or "/", Tags=_tags(tags))
        )
        for role_name in role_names or ():
            self.add_role_to_instance_profile(name, role_name)
        return self.get_instance_profile(name)

    def delete_instance_profile(self, name: str, ignore_attached_roles: bool = False) -> None:
        if ignore_attached_roles:
            for role_name in self.get_instance_profile(name).role_names:
                self.remove_role_from_instance_profile(name, role_name)
        self.run("DeleteInstanceProfile", {"InstanceProfileName": name})

    def add_role_to_instance_profile(self, profile_name: str, role_name: str) -> None:
        self.run("AddRoleToInstanceProfile", {"InstanceProfileName": profile_name, "RoleName": role_name})

    def remove_role_from_instance_profile(self, profile_name: str, role_name: str) -> None:
        self.run(
            "RemoveRoleFromInstanceProfile", {"InstanceProfileName": profile_name, "RoleName": role_name}
        )

    def create_group(self, group_name: str, path: str | None = "/") -> GroupView:
        self.run("CreateGroup", {"GroupName": group_name, "Path": path or "/"})
        return self.get_group(group_name)

    def delete_group(self, group_name: str) -> None:
        self.run("DeleteGroup", {"GroupName": group_name})

    def add_user_to_group(self, group_name: str, user_name: str) -> None:
        self.run("AddUserToGroup", {"GroupName": group_name, "UserName": user_name})

    def remove_user_from_group(self, group_name: str, user_name: str) -> None:
        self.run("RemoveUserFromGroup", {"GroupName": group_name, "UserName": user_name})

    # moto's IAMBackend methods moto's services do not call but iammock's CloudFormation resources do
    # (services/moto_cloudformation.py: UpdateStack of roles, users and groups).

    def update_assume_role_policy(self, role_name: str, policy_document: Any) -> None:
        self.run(
            "UpdateAssumeRolePolicy", {"RoleName": role_name, "PolicyDocument": _document(policy_document)}
        )

    def put_role_permissions_boundary(self, role_name: str, permissions_boundary: str) -> None:
        self.run(
            "PutRolePermissionsBoundary", {"RoleName": role_name, "PermissionsBoundary": permissions_boundary}
        )

    def delete_role_permissions_boundary(self, role_name: str) -> None:
        self.run("DeleteRolePermissionsBoundary", {"RoleName": role_name})

    def tag_role(self, role_name: str, tags: Any) -> None:
        self.run("TagRole", {"RoleName": role_name, "Tags": _tags(tags) or []})

    def untag_role(self, role_name: str, tag_keys: list[str]) -> None:
        self.run("UntagRole", {"RoleName": role_name, "TagKeys": tag_keys})

    def update_user(
        self, user_name: str, new_path: str | None = None, new_user_name: str | None = None
    ) -> None:
        self.run("UpdateUser", _given(UserName=user_name, NewPath=new_path, NewUserName=new_user_name))

    def put_user_permissions_boundary(self, user_name: str, permissions_boundary: str) -> None:
        self.run(
            "PutUserPermissionsBoundary", {"UserName": user_name, "PermissionsBoundary": permissions_boundary}
        )

    def delete_user_permissions_boundary(self, user_name: str) -> None:
        self.run("DeleteUserPermissionsBoundary", {"UserName": user_name})

    def tag_user(self, name: str, tags: Any) -> None:
        self.run("TagUser", {"UserName": name, "Tags": _tags(tags) or []})

    def untag_user(self, name: str, tag_keys: list[str]) -> None:
        self.run("UntagUser", {"UserName": name, "TagKeys": tag_keys})

    def create_login_profile(self, user_name: str, password: str) -> UserView:
        self.run("CreateLoginProfile", {"UserName": user_name, "Password": password})
        return self.get_user(user_name)

    def update_login_profile(self, user_name: str, password: str, password_reset_required: bool) -> UserView:
        self.run(
            "UpdateLoginProfile",
            {"UserName": user_name, "Password": password, "PasswordResetRequired": password_reset_required},
        )
        return self.get_user(user_name)

    def delete_login_profile(self, user_name: str) -> None:
        self.run("DeleteLoginProfile", {"UserName": user_name})

    def update_group(self, group_name: str, new_group_name: str | None, new_path: str | None) -> None:
        self.run("UpdateGroup", _given(GroupName=group_name, NewGroupName=new_group_name, NewPath=new_path))

    # moto's CloudFormation AWS::IAM::Policy: moto's own InlinePolicy puts and deletes the documents
    # through this view (apply_policy/unapply_policy call put_role_policy … above).

    def create_inline_policy(
        self,
        resource_name: str,
        policy_name: str,
        policy_document: Any,
        group_names: list[str] | None,
        role_names: list[str] | None,
        user_names: list[str] | None,
    ) -> Any:
        held = self.inline_policies
        if resource_name in held:
            raise _moto_error(
                AwsError("EntityAlreadyExists", f"Inline Policy {resource_name} already exists", 409)
            )
        policy = _moto.InlinePolicy(
            resource_name, policy_name, _document(policy_document), group_names, role_names, user_names
        )
        policy.apply_policy(self)
        held[resource_name] = policy
        return policy

    def update_inline_policy(
        self,
        resource_name: str,
        policy_name: str,
        policy_document: Any,
        group_names: list[str] | None,
        role_names: list[str] | None,
        user_names: list[str] | None,
    ) -> Any:
        policy = self.inline_policies.get(resource_name)
        if policy is None:
            raise _not_found(f"Inline policy {resource_name} not found")
        policy.unapply_policy(self)
        policy.update(policy_name, _document(policy_document), group_names, role_names, user_names)
        policy.apply_policy(self)
        return policy

    def delete_inline_policy(self, policy_id: str) -> None:
        policy = self.inline_policies.get(policy_id)
        if policy is None:
            raise _not_found(f"Inline policy {policy_id} not found")
        policy.unapply_policy(self)
        del self.inline_policies[policy_id]


def _given(**params: Any) -> dict[str, Any]:
    """API parameters without the ones moto left unset."""
    return {k: v for k, v in params.items() if v is not None}


# -- running iammock's operations ----------------------------------------------------------------------

# The principal a service acts as while it writes IAM on a caller's behalf, per thread (see act_as).
_acting = threading.local()


def act_as(caller: Caller | None) -> None:
    """The principal whose permissions moto's IAM writes in this thread need, until the next call.

    AWS CloudFormation creates, updates and deletes a stack's resources "using the permissions of the
    user" who made the stack call, or of the stack's service role when the call names one ("AWS
    CloudFormation service role", CloudFormation User Guide): a stack that creates a role fails when
    that principal may not ``iam:CreateRole``. ``services.enforce`` sets it when it lets such a call
    through and clears it at the start of every call; without one, writes run as the account's root
    (a service acting on the account's behalf).
    """
    _acting.caller = caller


def run(
    backend: Backend, account_id: str, partition: str, operation: str, params: dict[str, Any]
) -> dict[str, Any]:
    """Run iammock's IAM ``operation`` in ``account_id`` as an API call would run: the model's
    validation, the operation's handler under the backend lock, the trail; as the principal set by
    :func:`act_as` when it belongs to that account, else as the account's root. An error is raised as
    moto's exception for it."""
    responder = dispatch.active()
    api = getattr(responder, "api", None)
    if responder is None or api is None or api.backend is not backend:
        raise RuntimeError("iammock's moto IAM adapter used after its mock stopped")
    region = partitions.iam_region(partition)
    request_id = responder.request_id()
    call = None
    try:
        try:
            account = backend.account(account_id, partition=partition)
        except ValueError:
            raise AwsError("ValidationError", f"Invalid account ID {account_id}", 400) from None
        if account.partition != partition:
            raise AwsError(
                "InvalidClientTokenId", "The security token included in the request is invalid.", 403
            )
        inside_calls.checked(operation, params)
        acting: Caller | None = getattr(_acting, "caller", None)
        if acting is None or acting.account is not account:
            acting = root_caller(account, account.root_key.access_key_id)
        call = Call(backend, acting, "iam", operation, clock.now(), region, audit=api.audit)
        data = responder.execute(call, dict(params))
    except AwsError as error:
        responder.record(call, "iam", operation, region, params, None, error, request_id)
        raise _moto_error(error) from None
    responder.record(call, "iam", operation, region, params, data, None, request_id)
    return data


# -- installing the view into moto ---------------------------------------------------------------------


class AccountIam:
    """``iam_backends[account_id]`` while iammock is active: the account's IAM in each partition."""

    def __init__(self, backend: Backend, account_id: str) -> None:
        self._backend = backend
        self._account_id = account_id

    def __getitem__(self, partition: str) -> IamView:
        return IamView(self._backend, self._account_id, partition)

    def __contains__(self, partition: object) -> bool:
        return partition == "global" or partition in partitions.known()

    def __iter__(self) -> Iterator[str]:
        account = self._backend.existing_account(self._account_id)
        return iter([account.partition] if account is not None else [])

    def __len__(self) -> int:
        return len(self.keys())

    def get(self, partition: str, default: Any = None) -> Any:
        if partition not in self:
            return default
        return self[partition]

    def keys(self) -> list[str]:
        return list(self)

    def values(self) -> list[IamView]:
        return [self[p] for p in self]

    def items(self) -> list[tuple[str, IamView]]:
        return [(p, self[p]) for p in self]

    def reset(self) -> None:
        """moto's reset: iammock's state is reset by its mock, not by moto."""


def _swapped(base: Any) -> type:
    """A subclass of moto's ``BackendDict`` answering from the active iammock mock, else as moto does."""

    def getitem(self: Any, account_id: str) -> Any:
        backend = _active_backend()
        if backend is None:
            return base.__getitem__(self, account_id)
        return AccountIam(backend, account_id)

    def contains(self: Any, account_id: object) -> bool:
        backend = _active_backend()
        if backend is None:
            return bool(base.__contains__(self, account_id))
        return isinstance(account_id, str) and account_id in backend.accounts

    def accounts(self: Any) -> list[str]:
        backend = _active_backend()
        if backend is None:
            return list(base.keys(self))
        return list(backend.accounts)

    def iterate(self: Any) -> Iterator[str]:
        return iter(accounts(self))

    def length(self: Any) -> int:
        return len(accounts(self))

    def values(self: Any) -> list[Any]:
        return [getitem(self, a) for a in accounts(self)]

    def items(self: Any) -> list[tuple[str, Any]]:
        return [(a, getitem(self, a)) for a in accounts(self)]

    def get(self: Any, account_id: str, default: Any = None) -> Any:
        return getitem(self, account_id) if contains(self, account_id) else default

    return type(
        "IammockIamBackends",
        (base,),
        {
            "__getitem__": getitem,
            "__contains__": contains,
            "__iter__": iterate,
            "__len__": length,
            "keys": accounts,
            "values": values,
            "items": items,
            "get": get,
            "__module__": __name__,
        },
    )


_install_lock = threading.Lock()
_original: type | None = None


def install() -> None:
    """Make moto's IAM backends answer from the active iammock mock (idempotent)."""
    global _original
    if _original is not None:  # the common case, on every call to another service: no lock
        return
    with _install_lock:
        backends = _moto.iam_backends
        if _original is not None or type(backends).__name__ == "IammockIamBackends":
            return
        base = type(backends)
        _original = base
        backends.__class__ = _swapped(base)
        # moto's callers imported the same object (``from moto.iam import iam_backends``): one swap
        # reaches them all.
        from . import moto_cloudformation  # moto's CloudFormation: every AWS::IAM::* type, into this state

        moto_cloudformation.install()


def uninstall() -> None:
    """moto's own IAM backends again (what they held before iammock started is still there)."""
    global _original
    with _install_lock:
        if _original is None:
            return
        backends = _moto.iam_backends
        if type(backends).__name__ == "IammockIamBackends":
            backends.__class__ = _original
        _original = None
        from . import moto_cloudformation

        moto_cloudformation.remove()


def installed() -> bool:
    return type(_moto.iam_backends).__name__ == "IammockIamBackends"


def moto_imported() -> bool:
    """Whether the program imported moto (iammock never imports it first)."""
    return "moto" in sys.modules
