"""``AWS::IAM::*`` resources for moto's CloudFormation, as CloudFormation creates, updates and deletes them.

moto 5.2.5's CloudFormation skips ``AWS::IAM::Group`` (no model), ignores a role's ``ManagedPolicyArns``
and, on UpdateStack, its ``Policies``, trust policy, boundary and tags, ignores a user's ``Groups``,
``Policies``, ``ManagedPolicyArns`` and ``LoginProfile``, never updates or deletes an
``AWS::IAM::ManagedPolicy`` and never updates an ``AWS::IAM::InstanceProfile``. A template that
deploys "fine" there grants nothing of what it says. While iammock's moto IAM adapter is installed
(``services/moto_iam.py``: an iammock mock runs and moto is imported), :func:`install` lays the classes
below over moto's CloudFormation model registry (``get_model_map()`` in
``moto/cloudformation/parsing.py``) for every ``AWS::IAM::*`` type, and wraps ``Stack.create_resources``
and ``Stack.update`` for CloudFormation's rollback and clean-up; :func:`remove` puts moto's back. The
patch waits until moto loads its CloudFormation (that import costs seconds). Each class speaks
to moto's IAM backend interface (``iam_backends[account][partition]``), which the adapter presents over
iammock's state, so what a stack creates is created through iammock's rules (validation, IDs, ARNs,
quotas, the trail).

What each property does, which changes replace the resource and what ``Ref``/``Fn::GetAtt`` return
follow the CloudFormation User Guide's IAM resource pages ("AWS::IAM::Role", "AWS::IAM::User",
"AWS::IAM::Group", "AWS::IAM::ManagedPolicy", "AWS::IAM::Policy", "AWS::IAM::RolePolicy",
"AWS::IAM::UserPolicy", "AWS::IAM::GroupPolicy", "AWS::IAM::InstanceProfile", "AWS::IAM::AccessKey";
https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/AWS_IAM.html).

A resource that fails half-way (say, a role whose inline policy IAM refuses) is undone before the error
goes on, so no entity is left behind that the stack does not know about; the stack then rolls back.
"""

from __future__ import annotations

import contextlib
import datetime
import importlib.abc
import importlib.machinery
import json
import re
import sys
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar

Properties = Mapping[str, Any]

# Generated physical names: "<stack>-<logical ID>-<suffix>", cut to the name's IAM limit as CloudFormation
# does (IAM User Guide, "IAM and AWS STS quotas": role and user names 64 characters, group and
# instance profile names 128, policy names 128).
_NAME_LIMITS = {"RoleName": 64, "UserName": 64, "GroupName": 128, "InstanceProfileName": 128}


def _json_default(value: object) -> str:
    # YAML reads an unquoted ``Version: 2012-10-17`` as a date; CloudFormation sends it as the string.
    if isinstance(value, datetime.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def _document(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, default=_json_default)


def _inline(props: Properties) -> dict[str, str]:
    """A ``Policies`` property: policy name -> document JSON."""
    return {p["PolicyName"]: _document(p["PolicyDocument"]) for p in props.get("Policies") or []}


def _names(props: Properties, key: str) -> list[str]:
    return [str(v) for v in props.get(key) or []]


def _tags(props: Properties) -> dict[str, str]:
    return {t["Key"]: str(t["Value"]) for t in props.get("Tags") or []}


def _quietly(step: Callable[[], object]) -> None:
    """A clean-up step on the way to deleting an entity: what is already gone needs no undoing."""
    with contextlib.suppress(Exception):
        step()


def _backend(account_id: str, region_name: str) -> Any:
    from moto.iam.models import iam_backends
    from moto.utilities.utils import get_partition

    return iam_backends[account_id][get_partition(region_name)]


def _unformatted_get_att() -> Exception:
    from moto.cloudformation.exceptions import UnformattedGetAttTemplateException

    return UnformattedGetAttTemplateException()


_cleanup = threading.local()  # the resources an update in progress on this thread replaced


def _replaced(old: IAMResource) -> None:
    pending: list[IAMResource] | None = getattr(_cleanup, "pending", None)
    if pending is None:
        old.delete(old.account_id, old.region_name)
    else:
        pending.append(old)


class _Undoing:
    """A backend for undoing a change that stopped half-way: each step is tried, none raises.

    The steps that never happened fail (nothing to delete, detach or remove) and are passed over.
    """

    def __init__(self, backend: Any) -> None:
        self._backend = backend

    def __getattr__(self, name: str) -> Any:
        method = getattr(self._backend, name)
        if name.startswith("get_"):
            return method

        def step(*args: Any, **kwargs: Any) -> Any:
            with contextlib.suppress(Exception):
                return method(*args, **kwargs)
            return None

        return step


class _Sync:
    """Puts the difference between two sets or two name -> value maps through add/remove calls."""

    @staticmethod
    def sets(
        old: Iterable[str], new: Iterable[str], add: Callable[[str], object], drop: Callable[[str], object]
    ) -> None:
        before, after = list(dict.fromkeys(old)), list(dict.fromkeys(new))
        for item in before:
            if item not in after:
                drop(item)
        for item in after:
            if item not in before:
                add(item)

    @staticmethod
    def maps(
        old: Mapping[str, str],
        new: Mapping[str, str],
        put: Callable[[str, str], object],
        drop: Callable[[str], object],
    ) -> None:
        for name in old:
            if name not in new:
                drop(name)
        for name, value in new.items():
            if old.get(name) != value:
                put(name, value)


class IAMResource:
    """One ``AWS::IAM::*`` resource of a stack, as moto's ResourceMap holds it.

    moto calls the classmethods on the class it finds in its registry, and ``physical_resource_id``,
    ``get_cfn_attribute``, ``is_created`` and ``delete`` on what ``create`` returned.
    """

    TYPE: ClassVar[str]
    NAME: ClassVar[str] = ""  # the name property; "" for types named by CloudFormation only
    REPLACING: ClassVar[tuple[str, ...]] = ()  # properties whose change replaces the resource
    ATTRIBUTES: ClassVar[tuple[str, ...]] = ()

    cf_resource_type: str
    logical_resource_id: str

    def __init__(self, account_id: str, region_name: str, name: str, props: Properties) -> None:
        self.account_id = account_id
        self.region_name = region_name
        self.name = name
        self.props: Properties = props  # the properties applied
        self.attributes: dict[str, str] = {}
        self.created = False  # whether the entity exists (what a failed create must undo)

    # -- moto's CloudFormationModel interface ---------------------------------------------------

    @classmethod
    def cloudformation_name_type(cls) -> str:
        return cls.NAME

    @classmethod
    def cloudformation_type(cls) -> str:
        return cls.TYPE

    @classmethod
    def has_cfn_attr(cls, attr: str) -> bool:
        return attr in cls.ATTRIBUTES

    @classmethod
    def create_from_cloudformation_json(
        cls,
        resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
        **kwargs: Any,
    ) -> IAMResource:
        props = cloudformation_json.get("Properties") or {}
        name = resource_name
        if cls.NAME and cls.NAME not in props:
            name = cls._generated(resource_name)
        resource = cls(account_id, region_name, name, props)
        backend = _backend(account_id, region_name)
        try:
            resource.create(backend, props)
        except Exception:
            if resource.created:  # undo all of it, as far as it got
                resource.props = props
                _quietly(lambda: resource.tear_down(backend))
            raise
        resource.props = props
        return resource

    @classmethod
    def update_from_cloudformation_json(
        cls,
        original_resource: IAMResource,
        new_resource_name: str,
        cloudformation_json: dict[str, Any],
        account_id: str,
        region_name: str,
    ) -> IAMResource:
        props = cloudformation_json.get("Properties") or {}
        old = original_resource
        if old.replaced_by(props):
            # Replacement: the new resource first; the old one is deleted in the update's clean-up
            # phase, once the resources that used it have moved to the new one.
            name = props.get(cls.NAME) if cls.NAME else None
            new = cls.create_from_cloudformation_json(
                name or new_resource_name, {"Properties": props}, account_id, region_name
            )
            _replaced(old)
            return new
        backend, before = _backend(account_id, region_name), old.props
        try:
            old.change(backend, before, props)
        except Exception:
            # Undo what got through, so the stack's rollback finds the resource as it was.
            with contextlib.suppress(Exception):
                old.change(_Undoing(backend), props, before)
            old.props = before
            raise
        old.props = props
        return old

    @classmethod
    def delete_from_cloudformation_json(
        cls, resource_name: str, cloudformation_json: dict[str, Any], account_id: str, region_name: str
    ) -> None:
        # moto calls this only when ``delete`` below is missing or raised TypeError/AttributeError.
        props = cloudformation_json.get("Properties") or {}
        resource = cls(account_id, region_name, resource_name, props)
        resource.props = props
        resource.tear_down(_backend(account_id, region_name))

    @property
    def physical_resource_id(self) -> str:
        return self.name

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name in self.attributes:
            return self.attributes[attribute_name]
        raise _unformatted_get_att()

    def is_created(self) -> bool:
        return True

    def delete(self, account_id: str, region_name: str) -> None:
        self.tear_down(_backend(account_id, region_name))

    # -- what each type does ---------------------------------------------------------------------

    @classmethod
    def _generated(cls, resource_name: str) -> str:
        limit = _NAME_LIMITS.get(cls.NAME, 128)
        if len(resource_name) <= limit:
            return resource_name
        head, _, suffix = resource_name.rpartition("-")
        return f"{head[: limit - len(suffix) - 1]}-{suffix}"

    def replaced_by(self, props: Properties) -> bool:
        if self.NAME and props.get(self.NAME, self.name) != self.name:
            return True
        return any(props.get(key) != self.props.get(key) for key in self.REPLACING)

    def create(self, backend: Any, props: Properties) -> None:
        raise NotImplementedError

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        raise NotImplementedError

    def tear_down(self, backend: Any) -> None:
        raise NotImplementedError


class _Principal(IAMResource):
    """What roles, users and groups share: inline ``Policies`` and ``ManagedPolicyArns``."""

    def put_policy(self, backend: Any, name: str, document: str) -> None:
        raise NotImplementedError

    def delete_policy(self, backend: Any, name: str) -> None:
        raise NotImplementedError

    def attach(self, backend: Any, arn: str) -> None:
        raise NotImplementedError

    def detach(self, backend: Any, arn: str) -> None:
        raise NotImplementedError

    def sync_policies(self, backend: Any, old: Properties, new: Properties) -> None:
        _Sync.maps(
            _inline(old),
            _inline(new),
            lambda name, document: self.put_policy(backend, name, document),
            lambda name: self.delete_policy(backend, name),
        )
        _Sync.sets(
            _names(old, "ManagedPolicyArns"),
            _names(new, "ManagedPolicyArns"),
            lambda arn: self.attach(backend, arn),
            lambda arn: self.detach(backend, arn),
        )

    def drop_policies(self, backend: Any) -> None:
        for name in _inline(self.props):
            _quietly(lambda name=name: self.delete_policy(backend, name))  # type: ignore[misc]
        for arn in _names(self.props, "ManagedPolicyArns"):
            _quietly(lambda arn=arn: self.detach(backend, arn))  # type: ignore[misc]


class Role(_Principal):
    TYPE = "AWS::IAM::Role"
    NAME = "RoleName"
    REPLACING = ("Path",)
    ATTRIBUTES = ("Arn", "RoleId")

    def create(self, backend: Any, props: Properties) -> None:
        role = backend.create_role(
            role_name=self.name,
            assume_role_policy_document=_document(props["AssumeRolePolicyDocument"]),
            path=props.get("Path", "/"),
            permissions_boundary=props.get("PermissionsBoundary"),
            description=props.get("Description", ""),
            tags=[{"Key": k, "Value": v} for k, v in _tags(props).items()],
            max_session_duration=props.get("MaxSessionDuration", 3600),
        )
        self.created = True
        self.attributes = {"Arn": role.arn, "RoleId": role.id}
        self.sync_policies(backend, {}, props)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if _document(old["AssumeRolePolicyDocument"]) != _document(new["AssumeRolePolicyDocument"]):
            backend.update_assume_role_policy(self.name, _document(new["AssumeRolePolicyDocument"]))
        if (old.get("Description", ""), old.get("MaxSessionDuration", 3600)) != (
            new.get("Description", ""),
            new.get("MaxSessionDuration", 3600),
        ):
            backend.update_role(self.name, new.get("Description", ""), new.get("MaxSessionDuration", 3600))
        if old.get("PermissionsBoundary") != new.get("PermissionsBoundary"):
            if new.get("PermissionsBoundary"):
                backend.put_role_permissions_boundary(self.name, new["PermissionsBoundary"])
            else:
                backend.delete_role_permissions_boundary(self.name)
        old_tags, new_tags = _tags(old), _tags(new)
        if gone := [k for k in old_tags if k not in new_tags]:
            backend.untag_role(self.name, gone)
        if changed := [{"Key": k, "Value": v} for k, v in new_tags.items() if old_tags.get(k) != v]:
            backend.tag_role(self.name, changed)
        self.sync_policies(backend, old, new)

    def put_policy(self, backend: Any, name: str, document: str) -> None:
        backend.put_role_policy(self.name, name, document)

    def delete_policy(self, backend: Any, name: str) -> None:
        backend.delete_role_policy(self.name, name)

    def attach(self, backend: Any, arn: str) -> None:
        backend.attach_role_policy(arn, self.name)

    def detach(self, backend: Any, arn: str) -> None:
        backend.detach_role_policy(arn, self.name)

    def tear_down(self, backend: Any) -> None:
        self.drop_policies(backend)
        backend.delete_role(self.name)


class User(_Principal):
    TYPE = "AWS::IAM::User"
    NAME = "UserName"
    ATTRIBUTES = ("Arn",)

    def create(self, backend: Any, props: Properties) -> None:
        user = backend.create_user(
            region_name=self.region_name,
            user_name=self.name,
            path=props.get("Path", "/"),
            tags=[{"Key": k, "Value": v} for k, v in _tags(props).items()],
        )
        self.created = True
        self.attributes = {"Arn": user.arn}
        self.change(backend, {"Path": props.get("Path", "/"), "Tags": props.get("Tags")}, props)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if old.get("Path", "/") != new.get("Path", "/"):
            backend.update_user(self.name, new_path=new.get("Path", "/"))
            self.attributes["Arn"] = backend.get_user(self.name).arn  # the path is part of the ARN
        if old.get("PermissionsBoundary") != new.get("PermissionsBoundary"):
            if new.get("PermissionsBoundary"):
                backend.put_user_permissions_boundary(self.name, new["PermissionsBoundary"])
            else:
                backend.delete_user_permissions_boundary(self.name)
        old_tags, new_tags = _tags(old), _tags(new)
        if gone := [k for k in old_tags if k not in new_tags]:
            backend.untag_user(self.name, gone)
        if changed := [{"Key": k, "Value": v} for k, v in new_tags.items() if old_tags.get(k) != v]:
            backend.tag_user(self.name, changed)
        old_login, new_login = old.get("LoginProfile"), new.get("LoginProfile")
        if old_login != new_login:
            if not new_login:
                backend.delete_login_profile(self.name)
            elif not old_login:
                backend.create_login_profile(self.name, new_login["Password"])
                if new_login.get("PasswordResetRequired"):
                    backend.update_login_profile(self.name, new_login["Password"], True)
            else:
                backend.update_login_profile(
                    self.name, new_login["Password"], bool(new_login.get("PasswordResetRequired"))
                )
        self.sync_policies(backend, old, new)
        _Sync.sets(
            _names(old, "Groups"),
            _names(new, "Groups"),
            lambda group: backend.add_user_to_group(group, self.name),
            lambda group: backend.remove_user_from_group(group, self.name),
        )

    def put_policy(self, backend: Any, name: str, document: str) -> None:
        backend.put_user_policy(self.name, name, document)

    def delete_policy(self, backend: Any, name: str) -> None:
        backend.delete_user_policy(self.name, name)

    def attach(self, backend: Any, arn: str) -> None:
        backend.attach_user_policy(arn, self.name)

    def detach(self, backend: Any, arn: str) -> None:
        backend.detach_user_policy(arn, self.name)

    def tear_down(self, backend: Any) -> None:
        self.drop_policies(backend)
        for group in _names(self.props, "Groups"):
            _quietly(lambda group=group: backend.remove_user_from_group(group, self.name))  # type: ignore[misc]
        if self.props.get("LoginProfile"):
            _quietly(lambda: backend.delete_login_profile(self.name))
        backend.delete_user(self.name)


class Group(_Principal):
    TYPE = "AWS::IAM::Group"
    NAME = "GroupName"
    ATTRIBUTES = ("Arn",)

    def create(self, backend: Any, props: Properties) -> None:
        group = backend.create_group(self.name, props.get("Path", "/"))
        self.created = True
        self.attributes = {"Arn": group.arn}
        self.sync_policies(backend, {}, props)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if old.get("Path", "/") != new.get("Path", "/"):
            backend.update_group(self.name, None, new.get("Path", "/"))
            self.attributes["Arn"] = backend.get_group(self.name).arn
        self.sync_policies(backend, old, new)

    def put_policy(self, backend: Any, name: str, document: str) -> None:
        backend.put_group_policy(self.name, name, document)

    def delete_policy(self, backend: Any, name: str) -> None:
        backend.delete_group_policy(self.name, name)

    def attach(self, backend: Any, arn: str) -> None:
        backend.attach_group_policy(arn, self.name)

    def detach(self, backend: Any, arn: str) -> None:
        backend.detach_group_policy(arn, self.name)

    def tear_down(self, backend: Any) -> None:
        self.drop_policies(backend)
        backend.delete_group(self.name)


class _Attachments:
    """A policy's ``Roles``, ``Users`` and ``Groups`` properties, for managed and inline policies alike."""

    KINDS: ClassVar[tuple[str, ...]] = ("Roles", "Users", "Groups")

    @classmethod
    def sync(
        cls,
        old: Properties,
        new: Properties,
        add: Callable[[str, str], object],
        drop: Callable[[str, str], object],
    ) -> None:
        for kind in cls.KINDS:
            _Sync.sets(
                _names(old, kind),
                _names(new, kind),
                lambda name, kind=kind: add(kind, name),  # type: ignore[misc]
                lambda name, kind=kind: drop(kind, name),  # type: ignore[misc]
            )


class ManagedPolicy(IAMResource):
    TYPE = "AWS::IAM::ManagedPolicy"
    REPLACING = ("ManagedPolicyName", "Path", "Description")
    ATTRIBUTES = (
        "PolicyArn",
        "PolicyId",
        "DefaultVersionId",
        "AttachmentCount",
        "IsAttachable",
        "CreateDate",
        "UpdateDate",
    )
    _ATTACH: ClassVar[dict[str, tuple[str, str]]] = {
        "Roles": ("attach_role_policy", "detach_role_policy"),
        "Users": ("attach_user_policy", "detach_user_policy"),
        "Groups": ("attach_group_policy", "detach_group_policy"),
    }

    def __init__(self, account_id: str, region_name: str, name: str, props: Properties) -> None:
        super().__init__(account_id, region_name, props.get("ManagedPolicyName") or name, props)
        self.arn = name if name.startswith("arn:") else ""  # moto's fallback delete passes the ARN

    @property
    def physical_resource_id(self) -> str:
        return self.arn  # Ref returns the policy's ARN

    def replaced_by(self, props: Properties) -> bool:
        return any(props.get(key) != self.props.get(key) for key in self.REPLACING)

    def get_cfn_attribute(self, attribute_name: str) -> str:
        if attribute_name in ("PolicyArn", "PolicyId") or attribute_name not in self.ATTRIBUTES:
            return super().get_cfn_attribute(attribute_name)
        policy = _backend(self.account_id, self.region_name).get_policy(self.arn)  # as it is now
        values: dict[str, str] = {
            "DefaultVersionId": policy.default_version_id,
            "AttachmentCount": str(policy.attachment_count),
            "IsAttachable": "true",
            "CreateDate": policy.create_date.isoformat(),
            "UpdateDate": policy.update_date.isoformat(),
        }
        return values[attribute_name]

    def create(self, backend: Any, props: Properties) -> None:
        policy = backend.create_policy(
            description=props.get("Description", ""),
            path=props.get("Path", "/"),
            policy_document=_document(props["PolicyDocument"]),
            policy_name=self.name,
            tags=[],
        )
        self.created = True
        self.arn = policy.arn
        self.attributes = {"PolicyArn": policy.arn, "PolicyId": policy.id}
        _Attachments.sync({}, props, self._attach, self._detach)

    def _attach(self, kind: str, name: str) -> None:
        getattr(_backend(self.account_id, self.region_name), self._ATTACH[kind][0])(self.arn, name)

    def _detach(self, kind: str, name: str) -> None:
        getattr(_backend(self.account_id, self.region_name), self._ATTACH[kind][1])(self.arn, name)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        document = _document(new["PolicyDocument"])
        if _document(old["PolicyDocument"]) != document:
            # A new default version; at IAM's five versions the oldest non-default one goes first.
            versions = list(backend.get_policy(self.arn).versions)
            if len(versions) >= 5:
                oldest = min((v for v in versions if not v.is_default), key=lambda v: v.create_date)
                backend.delete_policy_version(self.arn, oldest.version_id)
            backend.create_policy_version(self.arn, document, True)
        _Attachments.sync(old, new, self._attach, self._detach)

    def tear_down(self, backend: Any) -> None:
        for kind in _Attachments.KINDS:
            for name in _names(self.props, kind):
                _quietly(lambda kind=kind, name=name: self._detach(kind, name))  # type: ignore[misc]
        with contextlib.suppress(Exception):
            for version in list(backend.get_policy(self.arn).versions):
                if not version.is_default:
                    backend.delete_policy_version(self.arn, version.version_id)
        backend.delete_policy(self.arn)


class Policy(IAMResource):
    """``AWS::IAM::Policy``: one inline policy put into each of its roles, users and groups."""

    TYPE = "AWS::IAM::Policy"
    _CALLS: ClassVar[dict[str, tuple[str, str]]] = {
        "Roles": ("put_role_policy", "delete_role_policy"),
        "Users": ("put_user_policy", "delete_user_policy"),
        "Groups": ("put_group_policy", "delete_group_policy"),
    }

    def _put(self, kind: str, name: str) -> None:
        backend = _backend(self.account_id, self.region_name)
        getattr(backend, self._CALLS[kind][0])(
            name, self.props["PolicyName"], _document(self.props["PolicyDocument"])
        )

    def _drop(self, kind: str, name: str) -> None:
        backend = _backend(self.account_id, self.region_name)
        getattr(backend, self._CALLS[kind][1])(name, self.props["PolicyName"])

    def create(self, backend: Any, props: Properties) -> None:
        self.props, self.created = props, True
        _Attachments.sync({}, props, self._put, self._drop)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if old.get("PolicyName") != new.get("PolicyName"):
            self.tear_down(backend)  # every old target loses the policy of the old name
            self.props = new
            _Attachments.sync({}, new, self._put, self._drop)
            return
        self.props = new
        if _document(old["PolicyDocument"]) == _document(new["PolicyDocument"]):
            _Attachments.sync(old, new, self._put, self._drop)
            return
        for kind in _Attachments.KINDS:  # the new document to every target; one no longer listed loses it
            for name in _names(old, kind):
                if name not in _names(new, kind):
                    self._drop(kind, name)
            for name in _names(new, kind):
                self._put(kind, name)

    def tear_down(self, backend: Any) -> None:
        for kind in _Attachments.KINDS:
            for name in _names(self.props, kind):
                _quietly(lambda kind=kind, name=name: self._drop(kind, name))  # type: ignore[misc]


class InstanceProfile(IAMResource):
    TYPE = "AWS::IAM::InstanceProfile"
    NAME = "InstanceProfileName"
    REPLACING = ("Path",)
    ATTRIBUTES = ("Arn",)

    def create(self, backend: Any, props: Properties) -> None:
        profile = backend.create_instance_profile(name=self.name, path=props.get("Path", "/"), role_names=[])
        self.created = True
        self.attributes = {"Arn": profile.arn}
        self.change(backend, {}, props)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        _Sync.sets(
            _names(old, "Roles"),
            _names(new, "Roles"),
            lambda role: backend.add_role_to_instance_profile(self.name, role),
            lambda role: backend.remove_role_from_instance_profile(self.name, role),
        )

    def tear_down(self, backend: Any) -> None:
        for role in _names(self.props, "Roles"):
            _quietly(lambda role=role: backend.remove_role_from_instance_profile(self.name, role))  # type: ignore[misc]
        backend.delete_instance_profile(self.name)


class AccessKey(IAMResource):
    TYPE = "AWS::IAM::AccessKey"
    REPLACING = ("UserName", "Serial")
    ATTRIBUTES = ("SecretAccessKey",)

    def replaced_by(self, props: Properties) -> bool:
        return any(props.get(key) != self.props.get(key) for key in self.REPLACING)

    def create(self, backend: Any, props: Properties) -> None:
        key = backend.create_access_key(props["UserName"], status=props.get("Status", "Active"))
        self.created = True
        self.name = key.access_key_id  # Ref returns the access key ID
        self.attributes = {"SecretAccessKey": key.secret_access_key}

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if old.get("Status", "Active") != new.get("Status", "Active"):
            backend.update_access_key(new["UserName"], self.name, new.get("Status", "Active"))

    def tear_down(self, backend: Any) -> None:
        backend.delete_access_key_by_name(self.name)


class UserToGroupAddition(IAMResource):
    """``AWS::IAM::UserToGroupAddition``: users added to a group that another template may own."""

    TYPE = "AWS::IAM::UserToGroupAddition"

    def create(self, backend: Any, props: Properties) -> None:
        self.props, self.created = props, True
        self.change(backend, {}, props)

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        if old and old.get("GroupName") != new.get("GroupName"):
            self.tear_down(backend)
            old = {}
        self.props = new
        _Sync.sets(
            _names(old, "Users"),
            _names(new, "Users"),
            lambda user: backend.add_user_to_group(new["GroupName"], user),
            lambda user: backend.remove_user_from_group(new["GroupName"], user),
        )

    def tear_down(self, backend: Any) -> None:
        for user in _names(self.props, "Users"):
            _quietly(lambda user=user: backend.remove_user_from_group(self.props["GroupName"], user))  # type: ignore[misc]


class RolePolicy(IAMResource):
    """``AWS::IAM::RolePolicy`` (and the user and group kinds below): one inline policy of one entity."""

    TYPE = "AWS::IAM::RolePolicy"
    TARGET: ClassVar[str] = "RoleName"
    PUT: ClassVar[str] = "put_role_policy"
    DROP: ClassVar[str] = "delete_role_policy"
    REPLACING = ("RoleName", "PolicyName")

    def replaced_by(self, props: Properties) -> bool:
        return any(props.get(key) != self.props.get(key) for key in self.REPLACING)

    def create(self, backend: Any, props: Properties) -> None:
        self.name = str(props["PolicyName"])
        self.change(backend, {}, props)
        self.created = True

    def change(self, backend: Any, old: Properties, new: Properties) -> None:
        document = _document(new.get("PolicyDocument") or {})
        getattr(backend, self.PUT)(new[self.TARGET], new["PolicyName"], document)

    def tear_down(self, backend: Any) -> None:
        getattr(backend, self.DROP)(self.props[self.TARGET], self.props["PolicyName"])


class UserPolicy(RolePolicy):
    TYPE = "AWS::IAM::UserPolicy"
    TARGET = "UserName"
    PUT = "put_user_policy"
    DROP = "delete_user_policy"
    REPLACING = ("UserName", "PolicyName")


class GroupPolicy(RolePolicy):
    TYPE = "AWS::IAM::GroupPolicy"
    TARGET = "GroupName"
    PUT = "put_group_policy"
    DROP = "delete_group_policy"
    REPLACING = ("GroupName", "PolicyName")


RESOURCES: tuple[type[IAMResource], ...] = (
    Role,
    User,
    Group,
    ManagedPolicy,
    Policy,
    RolePolicy,
    UserPolicy,
    GroupPolicy,
    UserToGroupAddition,
    InstanceProfile,
    AccessKey,
)


# -- installing into moto's registry ------------------------------------------------------------

_lock = threading.RLock()
_installed = False  # wanted: while iammock's moto IAM adapter is installed
_patched: dict[str, Any] = {}  # moto's originals, while ours stand in for them
_STACKS = "moto.cloudformation.models"  # imports moto/cloudformation/parsing.py, then defines Stack


def _create_or_roll_back(stack: Any) -> None:
    """moto's ``Stack.create_resources``, with CloudFormation's default ``OnFailure=ROLLBACK``.

    moto leaves a stack whose resource failed in CREATE_IN_PROGRESS with what was created so far and
    fails the CreateStack call. CloudFormation accepts the call, deletes what it created and ends in
    ROLLBACK_COMPLETE (User Guide, "Choose how to handle failures when provisioning resources";
    "Stack status codes"), so the stack's IAM entities never outlive it.
    """
    try:
        _patched["create_resources"](stack)
    except Exception as error:  # the failed resource's own error, for the stack's events
        stack._add_stack_event("ROLLBACK_IN_PROGRESS", resource_status_reason=str(error))
        stack.status = "ROLLBACK_IN_PROGRESS"
        try:
            stack.resource_map.delete()
        except Exception as failure:
            stack.status = "ROLLBACK_FAILED"
            stack._add_stack_event("ROLLBACK_FAILED", resource_status_reason=str(failure))
        else:
            stack.status = "ROLLBACK_COMPLETE"
            stack._add_stack_event("ROLLBACK_COMPLETE")
        # A rolled-back stack has no outputs; moto would evaluate them on DescribeStacks, creating the
        # resources they name again (its resource map parses a resource when first asked for it).
        stack.output_map = type(stack.output_map)(stack.resource_map, {}, stack.stack_id)


def _refers_to(value: Any, logical_id: str) -> bool:
    """Whether a template value uses the resource ``logical_id`` (``Ref``, ``Fn::GetAtt``, ``Fn::Sub``)."""
    if isinstance(value, list):
        return any(_refers_to(item, logical_id) for item in value)
    if not isinstance(value, dict):
        return False
    if value.get("Ref") == logical_id:
        return True
    attribute = value.get("Fn::GetAtt")
    if isinstance(attribute, str):
        attribute = attribute.split(".")
    if isinstance(attribute, list) and attribute and attribute[0] == logical_id:
        return True
    text = value.get("Fn::Sub")
    text = text[0] if isinstance(text, list) and text else text
    if isinstance(text, str) and re.search(r"\$\{" + re.escape(logical_id) + r"[.}]", text):
        return True
    return any(_refers_to(item, logical_id) for item in value.values())


def _update_dependents(stack: Any, replaced: list[IAMResource]) -> None:
    """Update the resources that use a replaced one, as CloudFormation does when a physical ID changes.

    moto's UpdateStack modifies only resources whose own template text or parameters changed; a role
    replaced under a new name would leave its ``AWS::IAM::RolePolicy`` on the old role.
    """
    from moto.cloudformation.parsing import parse_and_update_resource

    resources = stack.resource_map
    queue, done = [r.logical_resource_id for r in replaced], set()
    while queue:
        target = queue.pop(0)
        for logical_id, resource_json in resources._resource_json_map.items():
            if logical_id in done or logical_id not in resources._parsed_resources:
                continue
            if not _refers_to(resource_json.get("Properties"), target):
                continue
            done.add(logical_id)
            count = len(replaced)
            try:
                updated = parse_and_update_resource(
                    logical_id, resource_json, resources, stack.account_id, stack.region_name
                )
            except Exception as error:
                stack._add_stack_event("UPDATE_IN_PROGRESS", resource_status_reason=f"{logical_id}: {error}")
                continue
            if updated is not None:
                resources._parsed_resources[logical_id] = updated
            if len(replaced) > count:  # replaced in turn: its users follow
                queue.append(logical_id)


def _roll_back_update(stack: Any, template: Any, parameters: dict[str, Any], error: Exception) -> None:
    """CloudFormation's answer to a failed update: the previous template again, UPDATE_ROLLBACK_COMPLETE.

    moto fails the UpdateStack call and leaves the stack half-updated; CloudFormation accepts the call
    and rolls back ("Stack status codes", "Monitor the progress of a stack update", CloudFormation User
    Guide).
    """
    stack._add_stack_event("UPDATE_ROLLBACK_IN_PROGRESS", resource_status_reason=str(error))
    stack.status = "UPDATE_ROLLBACK_IN_PROGRESS"
    resources = stack.resource_map
    pending: list[IAMResource] = _cleanup.pending
    for old in list(pending):  # a replacement made before the failure: the new one goes, the old one stays
        new = resources._parsed_resources.get(old.logical_resource_id)
        if new is not None and new is not old:
            with contextlib.suppress(Exception):
                new.delete(stack.account_id, stack.region_name)
        resources._parsed_resources[old.logical_resource_id] = old
        pending.remove(old)
    try:
        stack.template = template
        stack._parse_template()
        resources.update(stack.template_dict, parameters)
        stack.output_map = stack._create_output_map()
    except Exception as failure:
        stack.status = "UPDATE_ROLLBACK_FAILED"
        stack._add_stack_event("UPDATE_ROLLBACK_FAILED", resource_status_reason=str(failure))
    else:
        stack.status = "UPDATE_ROLLBACK_COMPLETE"
        stack._add_stack_event("UPDATE_ROLLBACK_COMPLETE")


def _update_then_clean_up(stack: Any, *args: Any, **kwargs: Any) -> None:
    """moto's ``Stack.update``, then CloudFormation's clean-up phase: replaced resources are deleted last.

    A replaced role may still hold what other resources of the stack put on it (an
    ``AWS::IAM::RolePolicy``) until those have been updated to the new one ("Update behaviors of stack
    resources", CloudFormation User Guide). As there, a clean-up that fails does not fail the update.
    An update that fails is rolled back (:func:`_roll_back_update`).
    """
    pending: list[IAMResource] = []
    template, parameters = stack.template, dict(stack.resource_map.input_parameters)
    _cleanup.pending = pending
    try:
        _patched["update"](stack, *args, **kwargs)
        _update_dependents(stack, pending)
    except Exception as error:
        _roll_back_update(stack, template, parameters, error)
    finally:
        del _cleanup.pending
    for _ in range(len(pending)):  # each pass deletes what no longer depends on another
        for old in list(pending):
            try:
                old.delete(old.account_id, old.region_name)
            except Exception:
                continue
            pending.remove(old)
    for old in pending:
        stack._add_stack_event(
            "UPDATE_COMPLETE_CLEANUP_IN_PROGRESS",
            resource_status_reason=f"{old.cf_resource_type} {old.physical_resource_id} could not be deleted",
        )


def _with_ours(
    moto_table: Callable[[], dict[str, Any]], ours: dict[str, Any]
) -> Callable[[], dict[str, Any]]:
    # moto's table stays moto's (an lru_cache filled at its first use, as without iammock); ours on top.
    def table() -> dict[str, Any]:
        return {**moto_table(), **ours}

    return table


def _patch() -> None:
    """Ours in place of moto's: the IAM resource types and the two Stack steps above."""
    with _lock:
        stacks: Any = sys.modules.get(_STACKS)
        parsing: Any = sys.modules.get("moto.cloudformation.parsing")
        if not _installed or _patched or stacks is None or parsing is None or not hasattr(stacks, "Stack"):
            return
        _patched.update(
            get_model_map=parsing.get_model_map,
            get_name_type_map=parsing.get_name_type_map,
            create_resources=stacks.Stack.create_resources,
            update=stacks.Stack.update,
        )
        parsing.get_model_map = _with_ours(parsing.get_model_map, {r.TYPE: r for r in RESOURCES})
        parsing.get_name_type_map = _with_ours(parsing.get_name_type_map, {r.TYPE: r.NAME for r in RESOURCES})
        stacks.Stack.create_resources = _create_or_roll_back
        stacks.Stack.update = _update_then_clean_up


class _WhenImported(importlib.abc.MetaPathFinder):
    """Patches moto's CloudFormation right after moto imports it for its first stack request.

    Importing it ourselves would cost seconds (it imports the models of thirty services) to every
    test run that has moto, CloudFormation or not.
    """

    def find_spec(self, name: str, path: Any, target: Any = None) -> importlib.machinery.ModuleSpec | None:
        if name != _STACKS:
            return None
        spec = None
        for finder in sys.meta_path:  # whichever finder would have found it without us
            if finder is not self and hasattr(finder, "find_spec"):
                spec = finder.find_spec(name, path, target)
                if spec is not None:
                    break
        loader = spec.loader if spec is not None else None
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        exec_module = loader.exec_module

        def run(module: Any) -> None:
            exec_module(module)
            _patch()

        loader.exec_module = run  # type: ignore[method-assign]
        return spec


_finder = _WhenImported()


def install() -> None:
    """Put these resource types into moto's CloudFormation in place of moto's (idempotent).

    Now if moto's CloudFormation is loaded, else as soon as moto loads it.
    """
    global _installed
    with _lock:
        if _installed:
            return
        _installed = True
        if _STACKS in sys.modules:
            _patch()
        else:
            sys.meta_path.insert(0, _finder)


def remove() -> None:
    """Give moto its own IAM resource types and stack steps back (idempotent)."""
    global _installed
    with _lock:
        _installed = False
        with contextlib.suppress(ValueError):
            sys.meta_path.remove(_finder)
        if not _patched:
            return
        stacks: Any = sys.modules[_STACKS]
        parsing: Any = sys.modules["moto.cloudformation.parsing"]
        parsing.get_model_map = _patched.pop("get_model_map")
        parsing.get_name_type_map = _patched.pop("get_name_type_map")
        stacks.Stack.create_resources = _patched.pop("create_resources")
        stacks.Stack.update = _patched.pop("update")


def installed() -> bool:
    """Whether moto's CloudFormation creates its IAM resources with these classes now."""
    return bool(_patched)
