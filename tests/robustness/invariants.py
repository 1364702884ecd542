"""Consistency checks of a backend, and a structural comparison of snapshots, for any test to use.

``check(backend)`` raises ``AssertionError`` listing every broken invariant: names unique
(case-insensitively) and keyed by their lower-case form, IDs unique, attachment and boundary counters
equal to the real number of attachments, at most two access keys per user and the global key index
agreeing with the users' keys, group membership and instance profile roles recorded on both sides.
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Mapping
from typing import Any

from iammock.backend.state import Backend


def structure(value: Any, _seen: dict[int, int] | None = None) -> Any:
    """Plain, comparable data for a state tree: records become (type name, fields) pairs.

    Entity records are ``eq=False`` dataclasses, so ``==`` on them is identity; this compares content.
    """
    seen = {} if _seen is None else _seen
    if isinstance(value, (str, bytes, int, float, bool, type(None))):
        return value
    ident = id(value)
    if seen.get(ident, 0) > 0:
        return ("<cycle>", type(value).__name__)
    seen[ident] = seen.get(ident, 0) + 1
    try:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return (
                type(value).__name__,
                {f.name: structure(getattr(value, f.name), seen) for f in dataclasses.fields(value)},
            )
        if isinstance(value, Mapping):
            return {structure(k, seen): structure(v, seen) for k, v in value.items()}
        if isinstance(value, (list, tuple)):
            return [structure(v, seen) for v in value]
        if isinstance(value, (set, frozenset)):
            return sorted((structure(v, seen) for v in value), key=repr)
        if (
            hasattr(value, "__dict__")
            and not callable(value)
            and type(value).__module__.startswith("iammock")
        ):
            return (type(value).__name__, {k: structure(v, seen) for k, v in vars(value).items()})
        return value
    finally:
        seen[ident] -= 1


def differences(before: Any, after: Any, path: str = "$") -> list[str]:
    """Paths where two ``structure()`` trees differ (first few), for readable failures."""
    if type(before) is not type(after):
        return [f"{path}: {before!r:.200} -> {after!r:.200}"]
    if isinstance(before, dict):
        out: list[str] = []
        for key in before.keys() | after.keys():
            if key not in after:
                out.append(f"{path}[{key!r}] removed")
            elif key not in before:
                out.append(f"{path}[{key!r}] added")
            else:
                out += differences(before[key], after[key], f"{path}[{key!r}]")
        return out
    if isinstance(before, (list, tuple)) and len(before) == len(after):
        out = []
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            out += differences(b, a, f"{path}[{i}]")
        return out
    return [] if before == after else [f"{path}: {before!r:.200} -> {after!r:.200}"]


def assert_same_state(before: dict[str, Any], after: dict[str, Any], what: str = "") -> None:
    """Two ``Backend.snapshot()`` results hold the same entity state."""
    diff = differences(structure(before), structure(after))
    assert not diff, f"{what} changed state:\n  " + "\n  ".join(diff[:20])


def problems(backend: Backend) -> list[str]:
    out: list[str] = []
    with backend.lock:
        ids: Counter[str] = Counter()
        for account in backend.accounts.values():
            out += _account_problems(backend, account, ids)
        out += [f"ID {i} used {n} times" for i, n in ids.items() if n > 1]
        for key_id, key in backend.access_keys.items():
            if key.access_key_id != key_id:
                out.append(f"key index: {key_id} holds {key.access_key_id}")
            owner = backend.accounts.get(key.account_id)
            if owner is None:
                out.append(f"key {key_id}: unknown account {key.account_id}")
            elif key.user_name is None:
                if owner.root_keys.get(key_id) is not key:
                    out.append(f"root key {key_id} missing from its account")
            else:
                user = owner.users.get(key.user_name.lower())
                if user is None or user.access_keys.get(key_id) is not key:
                    out.append(f"key {key_id} of {key.user_name}: not on the user")
        for key_id, session in backend.temporary.items():
            if session.access_key_id != key_id:
                out.append(f"session index: {key_id} holds {session.access_key_id}")
    return out


def _account_problems(backend: Backend, account: Any, ids: Counter[str]) -> list[str]:
    out: list[str] = []
    stores = {
        "user": (account.users, "user_id"),
        "group": (account.groups, "group_id"),
        "role": (account.roles, "role_id"),
        "instance profile": (account.instance_profiles, "profile_id"),
    }
    for kind, (store, id_field) in stores.items():
        for key, entity in store.items():
            if key != entity.name.lower():
                out.append(f"{kind} {entity.name!r} stored under {key!r}")
            ids[getattr(entity, id_field)] += 1
    for arn, policy in account.policies.items():
        if arn != policy.arn:
            out.append(f"policy {policy.arn} stored under {arn}")
        ids[policy.policy_id] += 1
    names = Counter(p.name.lower() for p in account.policies.values() if p.path is not None)
    # Managed policy names are unique per account (whatever the path).
    out += [f"policy name {n!r} used {c} times" for n, c in names.items() if c > 1]
    index = {p.name.lower(): p.arn for p in account.policies.values()}
    if account.policy_names != index:
        out.append(f"policy name index {account.policy_names} != the policies {index}")

    owners = [*account.users.values(), *account.groups.values(), *account.roles.values()]
    attached: Counter[str] = Counter()
    for owner in owners:
        if len(owner.attached_policies) != len(set(owner.attached_policies)):
            out.append(f"{owner.arn}: a policy attached twice")
        attached.update(owner.attached_policies)
    bounded = Counter(o.boundary for o in (*account.users.values(), *account.roles.values()) if o.boundary)
    for arn, policy in account.policies.items():
        if policy.attachments != attached[arn]:
            out.append(f"{arn}: AttachmentCount {policy.attachments}, really {attached[arn]}")
        if policy.boundary_uses != bounded[arn]:
            out.append(f"{arn}: boundary uses {policy.boundary_uses}, really {bounded[arn]}")
    for arn in attached:
        if arn.startswith(f"arn:aws:iam::{account.id}:") and arn not in account.policies:
            out.append(f"attached policy {arn} does not exist")

    for user in account.users.values():
        if len(user.access_keys) > 2:
            out.append(f"user {user.name}: {len(user.access_keys)} access keys")
        for key_id, key in user.access_keys.items():
            if backend.access_keys.get(key_id) is not key:
                out.append(f"key {key_id} of {user.name} missing from the global index")
            if key.user_name != user.name:
                out.append(f"key {key_id} on {user.name} says {key.user_name}")
        for group_name in user.groups:
            group = account.groups.get(group_name.lower())
            if group is None or user.name not in group.members:
                out.append(f"user {user.name} in group {group_name}, which does not list them")
    for group in account.groups.values():
        for member in group.members:
            user = account.users.get(member.lower())
            if user is None or group.name not in user.groups:
                out.append(f"group {group.name} lists {member}, who is not in it")
    for profile in account.instance_profiles.values():
        if len(profile.roles) > 1:
            out.append(f"instance profile {profile.name} has {len(profile.roles)} roles")
        for role_name in profile.roles:
            role = account.roles.get(role_name.lower())
            if role is None or profile.name not in role.instance_profiles:
                out.append(f"instance profile {profile.name} holds {role_name}, which does not know it")
    for role in account.roles.values():
        for profile_name in role.instance_profiles:
            profile = account.instance_profiles.get(profile_name.lower())
            if profile is None or role.name not in profile.roles:
                out.append(f"role {role.name} in instance profile {profile_name}, which does not hold it")
    return out


def check(backend: Backend) -> None:
    """Raise ``AssertionError`` listing every broken invariant of ``backend``."""
    found = problems(backend)
    assert not found, "backend inconsistent:\n  " + "\n  ".join(found[:30])
