"""Run a plan's IAM calls as the account's root, through the API's own validation and handlers.

Each call is checked as a boto3 call is (``inside_calls.checked``), then runs the operation's handler
with its rules (policy grammar, quotas, duplicates). A failed load changes nothing: the
entities are copied first and put back when a call fails (a load that succeeds, by far the commonest,
runs its calls once).
Loading is not an API call of the test's: nothing is written to the trail.
"""

from __future__ import annotations

import copy
from collections import Counter
from typing import Any

from .. import clock, inside_calls
from ..backend import partitions, quotas
from ..backend.api import Api
from ..backend.call import Call
from ..backend.caller import root_caller
from ..backend.model import Account
from ..backend.state import Backend
from ..engine import policy_size
from ..errors import AwsError
from .plan import Keep, Loaded, LoadError, Plan


def run(backend: Backend, plan: Plan, *, source_ip: str) -> Loaded:
    with backend.lock:
        saved = copy.deepcopy((backend.accounts, backend.access_keys, backend.temporary))
        try:
            account = backend.account(plan.account_id, partition=plan.partition)
            raised = _raise_quotas(account, plan)
            _execute(backend, plan, source_ip)
            for keep in plan.keep:
                _keep(account, keep)
        except BaseException:
            _restore(backend, saved)
            raise
        finally:
            backend.touch()
        return _loaded(account, plan, raised)


def _restore(backend: Backend, saved: tuple[Any, Any, Any]) -> None:
    """Put back the entities a failed load started to change, and forget what was derived from them."""
    accounts, keys, temporary = saved
    backend.accounts.clear()
    backend.accounts.update(accounts)
    backend.access_keys.clear()
    backend.access_keys.update(keys)
    backend.temporary.clear()
    backend.temporary.update(temporary)
    for derived in (backend.callers, backend.authz_cache, backend.simulations, backend.order_cache):
        derived.clear()


# What a plan's calls count against each quota: (quota, operations, the parameter that names the owner).
_COUNTED = (
    ("RolesQuota", ("CreateRole", "CreateServiceLinkedRole"), None),
    ("PoliciesQuota", ("CreatePolicy",), None),
    ("InstanceProfilesQuota", ("CreateInstanceProfile",), None),
    ("GroupsQuota", ("CreateGroup",), None),
    ("AttachedPoliciesPerRoleQuota", ("AttachRolePolicy",), "RoleName"),
    ("AttachedPoliciesPerUserQuota", ("AttachUserPolicy",), "UserName"),
)


def _raise_quotas(account: Account, plan: Plan) -> tuple[str, ...]:
    """Raise the account's quotas as far as the source needs, within what AWS grants.

    The source describes an account that holds all of it, so that account's quotas were raised at
    least that far (Service Quotas increases, "IAM and AWS STS quotas"). Beyond AWS's maximum the quota
    stays at the maximum and the API's own LimitExceeded fails the load.
    """
    existing = {
        "RolesQuota": len(account.roles),
        "PoliciesQuota": len(account.policies),
        "InstanceProfilesQuota": len(account.instance_profiles),
        "GroupsQuota": len(account.groups),
    }
    needs: dict[str, int] = {}
    for name, operations, owner in _COUNTED:
        steps = [s for s in plan.steps if s.operation in operations]
        if owner is None:
            needs[name] = existing[name] + len(steps)
            continue
        per_owner = Counter(str(s.params[owner]).lower() for s in steps)
        store = account.roles if owner == "RoleName" else account.users
        needs[name] = max(
            (n + len(getattr(store.get(o), "attached_policies", ())) for o, n in per_owner.items()), default=0
        )
    trust = [s.params["AssumeRolePolicyDocument"] for s in plan.steps if s.operation == "CreateRole"]
    needs["AssumeRolePolicySizeQuota"] = max(map(policy_size, trust), default=0)
    raised = []
    for name, need in needs.items():
        before = quotas.limit(account, name)
        if need > before:
            quotas.raise_quota(account, name, min(need, quotas.MAXIMUMS[name]))
            raised.append(f"{name}: {before} -> {quotas.limit(account, name)}")
    return tuple(raised)


def _execute(backend: Backend, plan: Plan, source_ip: str) -> None:
    account = backend.account(plan.account_id, partition=plan.partition)
    root = root_caller(account, account.root_key.access_key_id)
    region = partitions.iam_region(account.partition)
    api = Api(backend, source_ip=source_ip)
    for step in plan.steps:
        try:
            inside_calls.checked(step.operation, step.params)
            call = Call(backend, root, "iam", step.operation, clock.now(), region, source_ip)
            api.execute(call, dict(step.params))
        except AwsError as error:
            raise LoadError(f"{step.entity}: {error.code}: {error.message}") from None


def _keep(account: Any, keep: Keep) -> None:
    """The source's unique ID, creation date and version numbers on the entity the plan created."""
    record = getattr(account, keep.kind).get(keep.key)
    if record is None:
        return
    attribute = {
        "users": "user_id",
        "groups": "group_id",
        "roles": "role_id",
        "instance_profiles": "profile_id",
        "policies": "policy_id",
    }[keep.kind]
    if keep.unique_id is not None:
        old = getattr(record, attribute)
        setattr(record, attribute, keep.unique_id)
        # Trust policies hold their principals as unique IDs (backend/trust.py): follow the new one.
        for role in account.roles.values():
            if old in role.pins.values():
                role.pins = {arn: keep.unique_id if pin == old else pin for arn, pin in role.pins.items()}
    if keep.created is not None:
        record.created = keep.created
    if keep.versions and len(keep.versions) == len(record.versions):
        renamed = {}
        for (new_id, created), version in zip(keep.versions, record.versions.values(), strict=True):
            version.version_id = new_id
            if created is not None:
                version.created = created
            renamed[new_id] = version
        default_index = list(record.versions).index(record.default_version)
        record.versions = renamed
        record.default_version = keep.versions[default_index][0]
        record.next_version = max(int(v[1:]) for v, _ in keep.versions) + 1
    if keep.updated is not None:
        record.updated = keep.updated


def _loaded(account: Account, plan: Plan, raised: tuple[str, ...]) -> Loaded:
    created: dict[str, list[str]] = {kind: [] for kind in ("users", "groups", "roles", "instance_profiles")}
    policies: list[str] = []
    for keep in plan.keep:
        record = getattr(account, keep.kind).get(keep.key)
        if record is None:
            continue
        (policies if keep.kind == "policies" else created[keep.kind]).append(record.arn)
    return Loaded(
        plan.account_id,
        users=tuple(created["users"]),
        groups=tuple(created["groups"]),
        roles=tuple(created["roles"]),
        policies=tuple(policies),
        instance_profiles=tuple(created["instance_profiles"]),
        unresolved=tuple(plan.unresolved),
        skipped=tuple(plan.skipped),
        raised_quotas=raised,
    )
