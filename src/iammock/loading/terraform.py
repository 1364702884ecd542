"""IAM from ``terraform show -json``: a saved plan (what will exist after apply) or a state.

The JSON output format ("JSON Output Format", Terraform CLI documentation) puts a plan's resources in
``planned_values.root_module`` (and ``child_modules``), with what is only known after apply listed in
``resource_changes[].change.after_unknown``; a state's are in ``values.root_module``. Only
``aws_iam_*`` resources are read.

A value known only after apply is not guessed. Where the configuration says it is another IAM resource
of the same module's ``arn``, ``name`` or ``id`` (``policy_arn = aws_iam_policy.deploy.arn``), it is
that resource's value as the load creates it: the same value apply would produce. Otherwise the resource
is not loaded and its address is reported in :attr:`Loaded.unresolved`, with every resource that
depends on it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .plan import Keep, LoadError, Plan, document_text, tag_list, when

_REFERENCED = ("arn", "name", "id")


@dataclass
class Resource:
    address: str
    type: str
    module: str  # "" for the root module, else "module.a.module.b"
    values: dict[str, Any]
    unknown: set[str] = field(default_factory=set)
    # attribute -> the configuration's reference ("aws_iam_policy.deploy.arn"), for unknown values
    references: dict[str, str] = field(default_factory=dict)


def recognise(source: Any) -> bool:
    return (
        isinstance(source, Mapping)
        and "format_version" in source
        and ("planned_values" in source or "values" in source)
    )


def _walk(module: Mapping[str, Any] | None) -> Iterator[Mapping[str, Any]]:
    if not module:
        return
    yield from module.get("resources") or ()
    for child in module.get("child_modules") or ():
        yield from _walk(child)


def _module_of(address: str) -> str:
    parts = address.split(".")
    out = []
    i = 0
    while i + 1 < len(parts) and parts[i] == "module":
        out += parts[i : i + 2]
        i += 2
    return ".".join(out)


def _config_module(config: Mapping[str, Any], module: str) -> Mapping[str, Any]:
    """The configuration of a module (``module.a.module.b``), or {} when the source has none."""
    current: Mapping[str, Any] = config.get("root_module") or {}
    names = module.split(".")[1::2] if module else []
    for name in names:
        call = (current.get("module_calls") or {}).get(name.split("[")[0]) or {}
        current = call.get("module") or {}
    return current


def _any_unknown(value: Any) -> bool:
    if value is True:
        return True
    if isinstance(value, Mapping):
        return any(_any_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(_any_unknown(v) for v in value)
    return False


def _flat(unknown: Any) -> set[str]:
    """Top-level attributes Terraform marks as known only after apply, wholly or in part."""
    if not isinstance(unknown, Mapping):
        return set()
    return {key for key, value in unknown.items() if _any_unknown(value)}


def resources(source: Mapping[str, Any]) -> list[Resource]:
    state = "planned_values" not in source
    root = (source.get("values") if state else source.get("planned_values")) or {}
    changes = {c.get("address"): c for c in source.get("resource_changes") or () if isinstance(c, Mapping)}
    config = source.get("configuration") or {}
    out = []
    for item in _walk(root.get("root_module")):
        if item.get("mode", "managed") != "managed" or not str(item.get("type", "")).startswith("aws_iam_"):
            continue
        address = str(item.get("address"))
        module = _module_of(address)
        resource = Resource(address, str(item["type"]), module, dict(item.get("values") or {}))
        change = changes.get(address)
        if change is not None:
            resource.unknown = _flat((change.get("change") or {}).get("after_unknown"))
        if resource.unknown:
            wanted = f"{item['type']}.{item.get('name')}"
            for configured in _config_module(config, module).get("resources") or ():
                if configured.get("address") == wanted:
                    for attribute, expression in (configured.get("expressions") or {}).items():
                        refs = expression.get("references") if isinstance(expression, Mapping) else None
                        if refs:
                            resource.references[attribute] = str(refs[0])
        out.append(resource)
    return out


class _Builder:
    """Turns resources into IAM calls, resolving references to resources the load creates."""

    def __init__(self, plan: Plan, items: list[Resource]) -> None:
        self.plan = plan
        self.items = items
        self.by_address = {r.address: r for r in items}
        self.failed: set[str] = set()  # addresses not loaded

    def arn(self, kind: str, path: str, name: str) -> str:
        return f"arn:{self.plan.partition}:iam::{self.plan.account_id}:{kind}{path}{name}"

    def value(self, resource: Resource, attribute: str) -> Any:
        """The attribute's value; raises _Unknown when only apply would know it."""
        if attribute not in resource.unknown:
            return resource.values.get(attribute)
        reference = resource.references.get(attribute)
        if reference is not None:
            target, _, wanted = reference.rpartition(".")
            address = f"{resource.module}.{target}" if resource.module else target
            other = self.by_address.get(address)
            if other is not None and wanted in _REFERENCED and address not in self.failed:
                known = self.attribute_of(other, wanted)
                if known is not None:
                    return known
        because = f" ({reference}, not loaded)" if reference else ""
        raise _Unknown(f"{resource.address}: {attribute} is known only after apply{because}")

    def attribute_of(self, resource: Resource, attribute: str) -> str | None:
        """``arn``, ``name`` or ``id`` of a resource the load creates, as apply would set it."""
        try:
            name = self.value(resource, "name")
        except _Unknown:
            return None
        if not isinstance(name, str):
            return None
        if attribute in ("name", "id") and resource.type in _NAMED:
            return name
        if attribute == "arn" and resource.type in _NAMED:
            path = resource.values.get("path") or "/"
            return self.arn(_NAMED[resource.type], path, name)
        return None


class _Unknown(Exception):
    pass


def _keep(builder: _Builder, r: Resource, kind: str, name: str, id_attribute: str) -> None:
    """The created entity, for the report; a state's unique ID and creation date kept on it."""
    key = builder.arn("policy", r.values.get("path") or "/", name) if kind == "policies" else name.lower()
    unique = r.values.get(id_attribute) if id_attribute not in r.unknown else None
    builder.plan.keep.append(
        Keep(
            kind,
            key,
            unique if isinstance(unique, str) and len(unique) == 21 else None,
            when(r.values.get("create_date")),
        )
    )


_NAMED = {
    "aws_iam_role": "role",
    "aws_iam_user": "user",
    "aws_iam_group": "group",
    "aws_iam_policy": "policy",
    "aws_iam_instance_profile": "instance-profile",
}
# The order resources are created in: what others refer to first.
_ORDER = (
    "aws_iam_policy",
    "aws_iam_group",
    "aws_iam_user",
    "aws_iam_role",
    "aws_iam_instance_profile",
    "aws_iam_role_policy",
    "aws_iam_user_policy",
    "aws_iam_group_policy",
    "aws_iam_role_policy_attachment",
    "aws_iam_user_policy_attachment",
    "aws_iam_group_policy_attachment",
    "aws_iam_policy_attachment",
    "aws_iam_group_membership",
    "aws_iam_user_group_membership",
)


def account_of(source: Mapping[str, Any]) -> str | None:
    """The account of the first IAM ARN a state (or a plan's known values) holds."""
    for resource in resources(source):
        arn = resource.values.get("arn")
        if isinstance(arn, str) and arn.count(":") >= 5 and arn.split(":")[4].isdigit():
            return arn.split(":")[4]
    return None


def plan(source: Mapping[str, Any], account_id: str, partition: str) -> Plan:
    out = Plan(account_id, partition)
    items = resources(source)
    builder = _Builder(out, items)
    rank = {name: i for i, name in enumerate(_ORDER)}
    for resource in sorted(items, key=lambda r: rank.get(r.type, len(rank))):
        handler = _HANDLERS.get(resource.type)
        if handler is None:
            out.skipped.append(f"{resource.address}: iammock does not load {resource.type}")
            continue
        before = len(out.steps)
        try:
            handler(builder, resource)
        except _Unknown as unknown:
            del out.steps[before:]
            builder.failed.add(resource.address)
            out.unresolved.append(str(unknown))
    return out


def _text(builder: _Builder, resource: Resource, attribute: str) -> str:
    value = builder.value(resource, attribute)
    if value is None:
        raise LoadError(f"{resource.address}: {attribute} is missing")
    return document_text(value, resource.address)


def _names(builder: _Builder, resource: Resource, attribute: str) -> list[str]:
    value = builder.value(resource, attribute) or []
    return [str(v) for v in value]


def _role(builder: _Builder, r: Resource) -> None:
    name = builder.value(r, "name")
    out = builder.plan
    out.call(
        "CreateRole",
        r.address,
        RoleName=name,
        Path=r.values.get("path") or "/",
        AssumeRolePolicyDocument=_text(builder, r, "assume_role_policy"),
        Description=r.values.get("description") or None,
        MaxSessionDuration=r.values.get("max_session_duration"),
        PermissionsBoundary=builder.value(r, "permissions_boundary") or None,
        Tags=tag_list(r.values.get("tags")),
    )
    for inline in r.values.get("inline_policy") or ():
        if inline.get("name") and inline.get("policy"):
            out.call(
                "PutRolePolicy",
                r.address,
                RoleName=name,
                PolicyName=inline["name"],
                PolicyDocument=document_text(inline["policy"], r.address),
            )
    for arn in r.values.get("managed_policy_arns") or ():
        out.call("AttachRolePolicy", r.address, RoleName=name, PolicyArn=arn)
    _keep(builder, r, "roles", name, "unique_id")


def _policy(builder: _Builder, r: Resource) -> None:
    name = builder.value(r, "name")
    _keep(builder, r, "policies", name, "policy_id")
    builder.plan.call(
        "CreatePolicy",
        r.address,
        PolicyName=name,
        Path=r.values.get("path") or "/",
        Description=r.values.get("description") or None,
        PolicyDocument=_text(builder, r, "policy"),
        Tags=tag_list(r.values.get("tags")),
    )


def _user(builder: _Builder, r: Resource) -> None:
    name = builder.value(r, "name")
    _keep(builder, r, "users", name, "unique_id")
    builder.plan.call(
        "CreateUser",
        r.address,
        UserName=name,
        Path=r.values.get("path") or "/",
        PermissionsBoundary=builder.value(r, "permissions_boundary") or None,
        Tags=tag_list(r.values.get("tags")),
    )


def _group(builder: _Builder, r: Resource) -> None:
    name = builder.value(r, "name")
    _keep(builder, r, "groups", name, "unique_id")
    builder.plan.call("CreateGroup", r.address, GroupName=name, Path=r.values.get("path") or "/")


def _profile(builder: _Builder, r: Resource) -> None:
    name = builder.value(r, "name")
    builder.plan.call(
        "CreateInstanceProfile",
        r.address,
        InstanceProfileName=name,
        Path=r.values.get("path") or "/",
        Tags=tag_list(r.values.get("tags")),
    )
    role = builder.value(r, "role")
    if role:
        builder.plan.call("AddRoleToInstanceProfile", r.address, InstanceProfileName=name, RoleName=role)
    _keep(builder, r, "instance_profiles", name, "unique_id")


def _inline(operation: str, key: str, owner: str) -> Any:
    def handler(builder: _Builder, r: Resource) -> None:
        builder.plan.call(
            operation,
            r.address,
            **{key: builder.value(r, owner)},
            PolicyName=builder.value(r, "name"),
            PolicyDocument=_text(builder, r, "policy"),
        )

    return handler


def _attachment(operation: str, key: str, owner: str) -> Any:
    def handler(builder: _Builder, r: Resource) -> None:
        builder.plan.call(
            operation, r.address, **{key: builder.value(r, owner)}, PolicyArn=builder.value(r, "policy_arn")
        )

    return handler


def _policy_attachment(builder: _Builder, r: Resource) -> None:
    """``aws_iam_policy_attachment``: one policy to lists of users, roles and groups."""
    arn = builder.value(r, "policy_arn")
    for user in _names(builder, r, "users"):
        builder.plan.call("AttachUserPolicy", r.address, UserName=user, PolicyArn=arn)
    for role in _names(builder, r, "roles"):
        builder.plan.call("AttachRolePolicy", r.address, RoleName=role, PolicyArn=arn)
    for group in _names(builder, r, "groups"):
        builder.plan.call("AttachGroupPolicy", r.address, GroupName=group, PolicyArn=arn)


def _group_membership(builder: _Builder, r: Resource) -> None:
    group = builder.value(r, "group")
    for user in _names(builder, r, "users"):
        builder.plan.call("AddUserToGroup", r.address, GroupName=group, UserName=user)


def _user_groups(builder: _Builder, r: Resource) -> None:
    user = builder.value(r, "user")
    for group in _names(builder, r, "groups"):
        builder.plan.call("AddUserToGroup", r.address, GroupName=group, UserName=user)


_HANDLERS = {
    "aws_iam_role": _role,
    "aws_iam_policy": _policy,
    "aws_iam_user": _user,
    "aws_iam_group": _group,
    "aws_iam_instance_profile": _profile,
    "aws_iam_role_policy": _inline("PutRolePolicy", "RoleName", "role"),
    "aws_iam_user_policy": _inline("PutUserPolicy", "UserName", "user"),
    "aws_iam_group_policy": _inline("PutGroupPolicy", "GroupName", "group"),
    "aws_iam_role_policy_attachment": _attachment("AttachRolePolicy", "RoleName", "role"),
    "aws_iam_user_policy_attachment": _attachment("AttachUserPolicy", "UserName", "user"),
    "aws_iam_group_policy_attachment": _attachment("AttachGroupPolicy", "GroupName", "group"),
    "aws_iam_policy_attachment": _policy_attachment,
    "aws_iam_group_membership": _group_membership,
    "aws_iam_user_group_membership": _user_groups,
}
