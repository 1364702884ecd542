"""An account's IAM from ``aws iam get-account-authorization-details``, as IAM API calls.

The CLI merges every page into one object (``UserDetailList``, ``GroupDetailList``, ``RoleDetailList``,
``Policies``) and writes policy documents as JSON values; the raw API response (and a list of such
pages) carries them URL-encoded ("GetAccountAuthorizationDetails", IAM API Reference: "Policies
returned by this operation are URL-encoded compliant with RFC 3986"). Both are read here.

AWS managed policies in the export (``arn:aws:iam::aws:policy/…``) are not created: the mock has them.
Service-linked roles are created with ``CreateServiceLinkedRole``, as AWS requires for the
``/aws-service-role/`` path; their policies are the service's (IAM refuses changes to them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from .plan import Keep, LoadError, Plan, arn_parts, document_text, tag_list, when

LISTS = ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")
_SERVICE_ROLE_PATH = "/aws-service-role/"
# IAM unique ID prefixes ("IAM identifiers", IAM User Guide: unique ID prefixes).
_ID = {"users": "AIDA", "groups": "AGPA", "roles": "AROA", "instance_profiles": "AIPA", "policies": "ANPA"}
_ID_SHAPE = re.compile(r"[A-Z0-9]{21}")


def recognise(source: Any) -> bool:
    if isinstance(source, list):
        return bool(source) and all(isinstance(p, Mapping) and recognise(p) for p in source)
    return isinstance(source, Mapping) and any(name in source for name in LISTS)


def merged(source: Any) -> dict[str, list[Any]]:
    """Every page's lists, concatenated (a single object is one page)."""
    pages = source if isinstance(source, list) else [source]
    out: dict[str, list[Any]] = {name: [] for name in LISTS}
    for page in pages:
        for name in LISTS:
            items = page.get(name) or []
            if not isinstance(items, list):
                raise LoadError(f"{name}: expected a list, got {type(items).__name__}")
            out[name].extend(items)
    return out


def _unique_id(kind: str, value: Any) -> str | None:
    if isinstance(value, str) and value.startswith(_ID[kind]) and _ID_SHAPE.fullmatch(value):
        return value
    return None


def _keep(out: Plan, kind: str, name: str, item: Mapping[str, Any], id_key: str) -> None:
    """The export's unique ID and creation date, to keep on the entity the plan creates."""
    out.keep.append(
        Keep(kind, name.lower(), _unique_id(kind, item.get(id_key)), when(item.get("CreateDate")))
    )


def _require(item: Mapping[str, Any], key: str, entity: str) -> Any:
    value = item.get(key)
    if value is None:
        raise LoadError(f"{entity}: {key} is missing")
    return value


def _account_of(lists: Mapping[str, list[Any]]) -> tuple[str, str] | None:
    """(partition, account) of the export, from the first ARN of the account's own entities."""
    for name in LISTS:
        for item in lists[name]:
            arn = item.get("Arn") if isinstance(item, Mapping) else None
            if isinstance(arn, str):
                partition, account, _ = arn_parts(arn, name)
                if account != "aws":
                    return partition, account
    return None


def plan(source: Any, account_id: str | None, default_partition: str, default_account: str) -> Plan:
    lists = merged(source)
    for name in LISTS:
        for item in lists[name]:
            if not isinstance(item, Mapping):
                raise LoadError(f"{name}: expected objects, got {type(item).__name__}")
    found = _account_of(lists)
    partition, exported = found if found is not None else (default_partition, default_account)
    target = account_id or exported
    out = Plan(target, partition)

    def own(arn: str) -> str:
        """A reference to one of the export's own policies, in the account loaded into."""
        if exported != target and f":iam::{exported}:" in arn:
            return arn.replace(f":iam::{exported}:", f":iam::{target}:", 1)
        return arn

    _policies(out, lists["Policies"], own)
    _groups(out, lists["GroupDetailList"], own)
    _users(out, lists["UserDetailList"], own)
    _roles(out, lists["RoleDetailList"], own)
    return out


def _policies(out: Plan, items: Iterable[Mapping[str, Any]], own: Any) -> None:
    for item in items:
        arn = _require(item, "Arn", "Policies")
        _, account, _ = arn_parts(arn, "Policies")
        if account == "aws":
            continue  # AWS managed: the mock's own copy answers
        name = _require(item, "PolicyName", arn)
        entity = f"policy {name}"
        versions = sorted(
            _require(item, "PolicyVersionList", entity),
            key=lambda v: int(str(v.get("VersionId", "v0"))[1:] or 0),
        )
        if not versions:
            raise LoadError(f"{entity}: PolicyVersionList is empty")
        default = item.get("DefaultVersionId") or next(
            (v["VersionId"] for v in versions if v.get("IsDefaultVersion")), versions[-1].get("VersionId")
        )
        path = item.get("Path", "/")
        out.call(
            "CreatePolicy",
            entity,
            PolicyName=name,
            Path=path,
            Description=item.get("Description") or None,
            PolicyDocument=document_text(_require(versions[0], "Document", entity), entity),
        )
        for version in versions[1:]:
            out.call(
                "CreatePolicyVersion",
                f"{entity} version {version.get('VersionId')}",
                PolicyArn=own(arn),
                PolicyDocument=document_text(_require(version, "Document", entity), entity),
            )
        ids = tuple(str(v.get("VersionId")) for v in versions)
        # CreatePolicyVersion leaves the first version the default: name the export's default.
        if default in ids and ids.index(default) != 0:
            out.call(
                "SetDefaultPolicyVersion", entity, PolicyArn=own(arn), VersionId=f"v{ids.index(default) + 1}"
            )
        out.keep.append(
            Keep(
                "policies",
                own(arn),
                _unique_id("policies", item.get("PolicyId")),
                when(item.get("CreateDate")),
                tuple((i, when(v.get("CreateDate"))) for i, v in zip(ids, versions, strict=True))
                if all(re.fullmatch(r"v[1-9]\d*", i) for i in ids)
                else (),
                when(item.get("UpdateDate")),
            )
        )


def _inline(out: Plan, operation: str, key: str, owner: str, items: Any, entity: str) -> None:
    for policy in items or ():
        name = _require(policy, "PolicyName", entity)
        out.call(
            operation,
            f"{entity} inline policy {name}",
            **{key: owner},
            PolicyName=name,
            PolicyDocument=document_text(_require(policy, "PolicyDocument", entity), entity),
        )


def _attached(out: Plan, operation: str, key: str, owner: str, items: Any, entity: str, own: Any) -> None:
    for policy in items or ():
        out.call(operation, entity, **{key: owner}, PolicyArn=own(_require(policy, "PolicyArn", entity)))


def _boundary(item: Mapping[str, Any], own: Any) -> str | None:
    boundary = item.get("PermissionsBoundary")
    if isinstance(boundary, Mapping) and boundary.get("PermissionsBoundaryArn"):
        return str(own(boundary["PermissionsBoundaryArn"]))
    return None


def _groups(out: Plan, items: Iterable[Mapping[str, Any]], own: Any) -> None:
    for item in items:
        name = _require(item, "GroupName", "GroupDetailList")
        entity = f"group {name}"
        out.call("CreateGroup", entity, GroupName=name, Path=item.get("Path", "/"))
        _inline(out, "PutGroupPolicy", "GroupName", name, item.get("GroupPolicyList"), entity)
        _attached(
            out, "AttachGroupPolicy", "GroupName", name, item.get("AttachedManagedPolicies"), entity, own
        )
        _keep(out, "groups", name, item, "GroupId")


def _users(out: Plan, items: Iterable[Mapping[str, Any]], own: Any) -> None:
    for item in items:
        name = _require(item, "UserName", "UserDetailList")
        entity = f"user {name}"
        out.call(
            "CreateUser",
            entity,
            UserName=name,
            Path=item.get("Path", "/"),
            PermissionsBoundary=_boundary(item, own),
            Tags=tag_list(item.get("Tags")),
        )
        _inline(out, "PutUserPolicy", "UserName", name, item.get("UserPolicyList"), entity)
        _attached(out, "AttachUserPolicy", "UserName", name, item.get("AttachedManagedPolicies"), entity, own)
        for group in item.get("GroupList") or ():
            out.call("AddUserToGroup", entity, GroupName=group, UserName=name)
        _keep(out, "users", name, item, "UserId")


def _service(trust: str) -> str | None:
    """The service principal a service-linked role's trust policy names."""
    found = re.search(r'"Service"\s*:\s*\[?\s*"([^"]+)"', trust)
    return found.group(1) if found else None


def _roles(out: Plan, items: Iterable[Mapping[str, Any]], own: Any) -> None:
    profiles: dict[str, list[str]] = {}
    for item in items:
        name = _require(item, "RoleName", "RoleDetailList")
        entity = f"role {name}"
        path = item.get("Path", "/")
        trust = document_text(_require(item, "AssumeRolePolicyDocument", entity), entity)
        if path.startswith(_SERVICE_ROLE_PATH):
            service = _service(trust)
            if service is None:
                raise LoadError(f"{entity}: a service-linked role whose trust policy names no service")
            suffix = name.split("_", 1)[1] if "_" in name else None
            # The service attaches the role's policies; IAM refuses to change them ("protected role").
            out.call("CreateServiceLinkedRole", entity, AWSServiceName=service, CustomSuffix=suffix)
            _keep(out, "roles", name, item, "RoleId")
            continue
        else:
            out.call(
                "CreateRole",
                entity,
                RoleName=name,
                Path=path,
                AssumeRolePolicyDocument=trust,
                PermissionsBoundary=_boundary(item, own),
                Tags=tag_list(item.get("Tags")),
            )
        _inline(out, "PutRolePolicy", "RoleName", name, item.get("RolePolicyList"), entity)
        _attached(out, "AttachRolePolicy", "RoleName", name, item.get("AttachedManagedPolicies"), entity, own)
        for profile in item.get("InstanceProfileList") or ():
            profile_name = _require(profile, "InstanceProfileName", entity)
            if profile_name not in profiles:
                profiles[profile_name] = []
                out.call(
                    "CreateInstanceProfile",
                    f"instance profile {profile_name}",
                    InstanceProfileName=profile_name,
                    Path=profile.get("Path", "/"),
                    Tags=tag_list(profile.get("Tags")),
                )
                _keep(out, "instance_profiles", profile_name, profile, "InstanceProfileId")
            profiles[profile_name].append(name)
            out.call(
                "AddRoleToInstanceProfile",
                f"instance profile {profile_name}",
                InstanceProfileName=profile_name,
                RoleName=name,
            )
        _keep(out, "roles", name, item, "RoleId")
