"""Role templates (IAM Role Manager): GetRoleTemplateVersion, and AcquireRole creating a role from one.

AWS provides the templates; the mock has no catalogue of them, so each backend has a small registry
that tests fill with :func:`register_template`::

    from iammock.backend.iam.role_templates import register_template

    register_template(
        iam_mock,  # an IAMMock or its Backend
        "arn:aws:iam::aws:role-template/ExampleTemplate",
        versions=[
            {
                "MinorVersion": 1,
                "RoleNamePattern": "app-@{Env}",
                "RolePathPattern": "/apps/",
                "AssumeRolePolicyDocumentTemplate": '{"Version": "2012-10-17", ...}',
                "ParametersDefinition": [{"Name": "Env", "Type": "String", "IsRequired": True}],
            }
        ],
    )

A version is a dict of the version-level members of botocore's ``RoleTemplateVersion`` shape;
the template-level members (name, description, major and default minor version, managing service,
``Enabled``) are keyword arguments.

Decisions the documentation leaves open:

- ``@{Name}`` placeholders are replaced by the parameter's values joined with ``,``; in a policy
  document a placeholder that is a whole JSON string (``"@{Name}"``) of a list-typed parameter
  becomes a JSON array. An optional parameter with no value and no default becomes the empty string.
- A role of the resulting name that was acquired from the same template -> EntityAlreadyExists; any
  other role of that name -> NameConflict.
- RoleTemplateDisabled: the template's ``Enabled`` or the version's ``VersionEnabled`` is false, or
  the account property ``RoleManager/Enabled`` is ``"false"`` (see ``account_properties``).
- Authorization: ``iam:AcquireRole`` on the template ARN first, then (once the template says what the
  role is) on the role ARN with CreateRole's context keys (request tags, ``iam:PermissionsBoundary``).
"""

from __future__ import annotations

import copy
import json
import re
import weakref
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from ... import clock
from ...engine import PolicyKind, check_inline_policy_sizes, parse_policy
from ...errors import AwsError
from .. import lookup, quotas, tags
from ..call import Call
from ..model import SourceRoleTemplate
from ..registry import Output, Params, operation
from ..state import Backend
from ..trust import compile_trust_policy
from .account_properties import role_manager_enabled
from .managed_policies import adjust, check_arn
from .roles import add_role, check_room, render

_VERSION_FIELDS = frozenset(
    {
        "TemplateVersionId",
        "MinorVersion",
        "RoleNamePattern",
        "RolePathPattern",
        "RoleDescriptionPattern",
        "AssumeRolePolicyDocumentTemplate",
        "InlinePolicyTemplates",
        "ManagedPolicyArns",
        "PermissionBoundaryArn",
        "ParametersDefinition",
        "RoleTagsTemplate",
        "MaxSessionDuration",
        "VersionEnabled",
        "CreateTimestamp",
        "UpdateTimestamp",
    }
)
_LIST_TYPES = frozenset({"StringList", "NumberList", "ArnList"})
_PARAMETER_TYPES = frozenset({"String", "Number", "Arn"}) | _LIST_TYPES
_PLACEHOLDER = re.compile(r"@\{([^{}]+)\}")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
_ROLE_PATH = re.compile(r"/|/[\x21-\x7e]+/")


@dataclass
class RoleTemplate:
    arn: str
    name: str
    description: str | None
    major_version: int
    default_minor_version: int
    enabled: bool
    managed_by_value: str | None
    versions: dict[int, dict[str, Any]] = field(default_factory=dict)  # minor version -> fields


class _HasBackend(Protocol):
    """An ``IAMMock``, named by what is used of it."""

    @property
    def backend(self) -> Backend: ...


_registries: weakref.WeakKeyDictionary[Backend, dict[str, RoleTemplate]] = weakref.WeakKeyDictionary()


def _registry(backend: Backend) -> dict[str, RoleTemplate]:
    return _registries.setdefault(backend, {})


def register_template(
    backend: Backend | _HasBackend,
    arn: str,
    versions: Sequence[Mapping[str, Any]],
    *,
    name: str | None = None,
    description: str | None = None,
    major_version: int = 1,
    default_minor_version: int | None = None,
    enabled: bool = True,
    managed_by_value: str | None = None,
) -> RoleTemplate:
    """Make a role template known to ``backend`` (an ``IAMMock`` or its ``Backend``); replaces one.

    Each version needs ``MinorVersion``, ``RoleNamePattern`` and ``AssumeRolePolicyDocumentTemplate``;
    ``TemplateVersionId`` and the timestamps are generated when absent. The default minor version
    defaults to the highest one given. Raises ``ValueError`` for a malformed definition.
    """
    target: Backend = backend if isinstance(backend, Backend) else backend.backend
    if len(arn) < 20 or not arn.startswith("arn:"):
        raise ValueError(f"not a role template ARN: {arn!r}")
    if not versions:
        raise ValueError("a role template needs at least one version")
    now = clock.now()
    stored: dict[int, dict[str, Any]] = {}
    for given in versions:
        unknown = set(given) - _VERSION_FIELDS
        if unknown:
            raise ValueError(f"not RoleTemplateVersion version fields: {sorted(unknown)}")
        for required in ("MinorVersion", "RoleNamePattern", "AssumeRolePolicyDocumentTemplate"):
            if required not in given:
                raise ValueError(f"a role template version needs {required}")
        for definition in given.get("ParametersDefinition", []):
            if definition.get("Type") not in _PARAMETER_TYPES:
                raise ValueError(f"parameter type must be one of {sorted(_PARAMETER_TYPES)}: {definition}")
        version = {"VersionEnabled": True, "CreateTimestamp": now, "UpdateTimestamp": now, **given}
        version.setdefault("TemplateVersionId", target.ids.unique_id("RTV"))
        stored[int(given["MinorVersion"])] = version
    default = max(stored) if default_minor_version is None else default_minor_version
    if default not in stored:
        raise ValueError(f"default minor version {default} is not among the versions")
    template = RoleTemplate(
        arn=arn,
        name=name or arn.rsplit("/", 1)[-1],
        description=description,
        major_version=major_version,
        default_minor_version=default,
        enabled=enabled,
        managed_by_value=managed_by_value,
        versions=stored,
    )
    with target.lock:
        _registry(target)[arn] = template
        target.touch()
    return template


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidInput", message, 400)


def _find(call: Call, arn: str, minor: int | None) -> tuple[RoleTemplate, dict[str, Any]]:
    template = _registry(call.backend).get(arn)
    if template is None:
        raise lookup.no_such_entity(f"The role template with ARN {arn} cannot be found.")
    chosen = template.default_minor_version if minor is None else minor
    version = template.versions.get(chosen)
    if version is None:
        raise lookup.no_such_entity(f"Minor version {chosen} of role template {arn} cannot be found.")
    return template, version


@operation("iam", "GetRoleTemplateVersion")
def get_role_template_version(call: Call, params: Params) -> Output:
    arn: str = params["TemplateArn"]
    call.authorize("iam:GetRoleTemplateVersion", arn)
    template, version = _find(call, arn, params.get("MinorVersion"))
    data: Output = {
        "TemplateArn": template.arn,
        "TemplateName": template.name,
        "Description": template.description,
        "MajorVersion": template.major_version,
        "DefaultMinorVersion": template.default_minor_version,
        "ManagedByType": "Service" if template.managed_by_value else None,
        "ManagedByValue": template.managed_by_value,
        "Enabled": template.enabled,
    }
    data.update(copy.deepcopy(version))
    return {"RoleTemplateVersion": data}


def _resolve(version: Mapping[str, Any], given: Mapping[str, Any]) -> dict[str, tuple[str, list[str]]]:
    """Parameter name -> (type, values), from ReplacementValues and the definitions' defaults."""
    definitions = {d["Name"]: d for d in version.get("ParametersDefinition", [])}
    for name in given:
        if name not in definitions:
            raise _invalid(f"Parameter {name} is not defined in the role template.")
    resolved: dict[str, tuple[str, list[str]]] = {}
    for name, definition in definitions.items():
        kind: str = definition["Type"]
        if name in given:
            values = list(given[name]["Values"])
        elif definition.get("DefaultValue") is not None:
            values = [definition["DefaultValue"]]
        elif definition.get("IsRequired"):
            raise _invalid(f"Missing value for required parameter {name}.")
        else:
            values = []
        if kind not in _LIST_TYPES and len(values) > 1:
            raise _invalid(f"Parameter {name} of type {kind} takes a single value.")
        for value in values:
            if kind.startswith("Number") and not _NUMBER.fullmatch(value):
                raise _invalid(f"Invalid value {value} for parameter {name}: expected a number.")
            if kind.startswith("Arn") and (not value.startswith("arn:") or value.count(":") < 5):
                raise _invalid(f"Invalid value {value} for parameter {name}: expected an ARN.")
        resolved[name] = (kind, values)
    return resolved


def _fill(text: str, values: Mapping[str, tuple[str, list[str]]], *, json_text: bool = False) -> str:
    def whole_string(match: re.Match[str]) -> str:
        kind, found = values[match.group(1)]
        return json.dumps(found) if kind in _LIST_TYPES else match.group(0)

    def inline(match: re.Match[str]) -> str:
        if match.group(1) not in values:
            return match.group(0)  # not a parameter of this version: left as written
        joined = ",".join(values[match.group(1)][1])
        return json.dumps(joined)[1:-1] if json_text else joined

    if json_text:
        known = "|".join(re.escape(n) for n in values) or r"(?!)"
        text = re.sub(r'"@\{(' + known + r')\}"', whole_string, text)
    return _PLACEHOLDER.sub(inline, text)


@operation("iam", "AcquireRole")
def acquire_role(call: Call, params: Params) -> Output:
    account = call.account
    template_arn: str = params["TemplateArn"]
    call.authorize("iam:AcquireRole", template_arn)
    template, version = _find(call, template_arn, params.get("TemplateMinorVersion"))
    minor = int(version["MinorVersion"])
    if not template.enabled or not version.get("VersionEnabled", True) or not role_manager_enabled(account):
        raise AwsError("RoleTemplateDisabled", f"The role template {template_arn} is disabled.", 400)
    values = _resolve(version, params.get("ReplacementValues", {}))

    name = _fill(version["RoleNamePattern"], values)
    path = _fill(version.get("RolePathPattern", "/"), values)
    pattern = version.get("RoleDescriptionPattern")
    description = _fill(pattern, values) if pattern else None
    if not _ROLE_NAME.fullmatch(name):
        raise _invalid(f"The resulting role name {name} is not a valid role name.")
    if len(path) > 512 or not _ROLE_PATH.fullmatch(path):
        raise _invalid(f"The resulting role path {path} is not a valid path.")
    if description is not None and len(description) > 1000:
        raise _invalid("The resulting role description is longer than 1000 characters.")
    tag_list = [
        {"Key": _fill(t["Key"], values), "Value": _fill(t["Value"], values)}
        for t in version.get("RoleTagsTemplate", [])
    ]
    for tag in tag_list:
        if not 1 <= len(tag["Key"]) <= 128 or len(tag["Value"]) > 256:
            raise _invalid(f"The resulting tag {tag['Key']} is not a valid tag.")
    boundary: str | None = version.get("PermissionBoundaryArn")
    arn = account.iam_arn("role", path, name)
    context = tags.request_context(tag_list)
    if boundary:
        context["iam:PermissionsBoundary"] = boundary
    call.authorize("iam:AcquireRole", arn, context)

    existing = account.roles.get(name.lower())
    if existing is not None:
        source = existing.source_role_template
        if source is not None and source.template_arn == template_arn:
            raise AwsError("EntityAlreadyExists", f"Role with name {name} already exists.", 409)
        raise AwsError(
            "NameConflict", f"Role name {name} conflicts with an existing role in the account.", 409
        )
    trust_text = _fill(version["AssumeRolePolicyDocumentTemplate"], values, json_text=True)
    _, pins = compile_trust_policy(
        call.backend,
        trust_text,
        account.partition,
        size_quota=quotas.limit(account, "AssumeRolePolicySizeQuota"),
    )
    inline: dict[str, str] = {}
    for entry in version.get("InlinePolicyTemplates", []):
        document = _fill(entry["PolicyDocument"], values, json_text=True)
        parse_policy(document, PolicyKind.INLINE, account.partition)
        inline[_fill(entry["PolicyName"], values)] = document
    check_inline_policy_sizes("role", name, list(inline.values()))
    managed = list(dict.fromkeys(_fill(a, values) for a in version.get("ManagedPolicyArns", [])))
    for policy_arn in managed:
        check_arn(policy_arn, call.account.partition)
        if lookup.managed_policy(account, policy_arn) is None:
            raise lookup.no_such_entity(f"Policy {policy_arn} does not exist or is not attachable.")
    most = quotas.limit(account, "AttachedPoliciesPerRoleQuota")
    if len(managed) > most:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for PoliciesPerRole: {most}", 409)
    if boundary and lookup.managed_policy(account, boundary) is None:
        raise lookup.no_such_entity(f"Scope ARN: {boundary} does not exist or is not attachable.")
    role_tags = tags.merge({}, tag_list, case_insensitive=True)
    check_room(call)

    role = add_role(
        call,
        name=name,
        path=path,
        trust_text=trust_text,
        pins=pins,
        description=description,
        max_session_duration=version.get("MaxSessionDuration", 3600),
        role_tags=role_tags,
        boundary=boundary,
    )
    role.inline_policies.update(inline)
    for policy_arn in managed:
        role.attached_policies = (*role.attached_policies, policy_arn)
        adjust(account, policy_arn, attachments=1)
    role.source_role_template = SourceRoleTemplate(template_arn, minor)
    data = render(call, role, full=True)
    del data["RoleLastUsed"]
    return {"Role": data}
