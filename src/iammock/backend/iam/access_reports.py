"""Service last accessed data (access advisor), from the calls the mock actually answered.

A report lists the service namespaces an entity's permissions policies allow and, for each, the last
call a user or role it covers made to that service (``Activity.service_access``). The mock knows the
namespaces its policies name and those it serves; an ``Action: "*"`` grant covers those, not AWS's
full catalogue of services.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache

import botocore.session

from ...engine import PolicyKind, parse_policy
from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account, Group, ManagedPolicy, Role, Use, User
from ..paging import page
from ..registry import Output, Params, operation

_SERVED = {"iam": "AWS Identity and Access Management", "sts": "AWS Security Token Service"}
# Services for which AWS reports action-level data and that the mock serves.
_TRACKED = {"iam"}


@dataclass(frozen=True)
class Grant:
    """One policy of an entity: where it is attached and its document."""

    name: str
    arn: str | None  # None for inline policies
    owner_kind: str  # USER | GROUP | ROLE
    owner_name: str
    document: str


@dataclass(eq=False)
class Job:
    job_id: str
    created: datetime
    granularity: str
    services: list[Output]  # ServicesLastAccessed entries, by namespace
    entities: dict[str, list[Output]] = field(default_factory=dict)  # namespace -> EntityDetails


@lru_cache(maxsize=512)
def service_name(namespace: str) -> str:
    """The service's full name from botocore's model where one exists, else the namespace."""
    if namespace in _SERVED:
        return _SERVED[namespace]
    session = botocore.session.get_session()
    if namespace in session.get_available_services():
        name = session.get_service_model(namespace).metadata.get("serviceFullName")
        if isinstance(name, str):
            return name
    return namespace


def entity_for(account: Account, arn: str) -> User | Group | Role | ManagedPolicy | None:
    """The user, group, role or managed policy with exactly this ARN."""
    for store in (account.users, account.groups, account.roles):
        for entity in store.values():
            if entity.arn == arn:
                return entity
    return lookup.managed_policy(account, arn)


def _require(account: Account, arn: str, kinds: tuple[str, ...]) -> User | Group | Role | ManagedPolicy:
    resource = arn.split(":", 5)[5] if arn.count(":") >= 5 else ""
    if not arn.startswith(f"arn:{account.partition}:iam::") or resource.split("/", 1)[0] not in kinds:
        raise AwsError("InvalidInput", f"ARN {arn} is not valid.", 400)
    found = entity_for(account, arn)
    if found is None:
        raise lookup.no_such_entity(f"The entity with ARN {arn} cannot be found.")
    return found


def _managed(account: Account, arns: Sequence[str], kind: str, owner: str) -> list[Grant]:
    grants = []
    for arn in arns:
        policy = lookup.managed_policy(account, arn)
        if policy is not None:
            grants.append(Grant(policy.name, arn, kind, owner, policy.document))
    return grants


def grants_of(account: Account, entity: User | Group | Role, *, with_groups: bool = True) -> list[Grant]:
    """The permissions policies of an identity; a user's include its groups' (not its boundary)."""
    if isinstance(entity, User):
        kind = "USER"
    elif isinstance(entity, Group):
        kind = "GROUP"
    else:
        kind = "ROLE"
    grants = [Grant(n, None, kind, entity.name, d) for n, d in entity.inline_policies.items()]
    grants += _managed(account, entity.attached_policies, kind, entity.name)
    if isinstance(entity, User) and with_groups:
        for group_name in entity.groups:
            group = account.groups.get(group_name.lower())
            if group is not None:
                grants += grants_of(account, group)
    return grants


def _allowed_patterns(document: str) -> tuple[list[str], list[list[str]]]:
    """Service-prefix patterns an Allow grants, and the NotAction lists of Allow statements."""
    policy = parse_policy(document, PolicyKind.INLINE, None)  # a stored document, of any partition
    prefixes: list[str] = []
    not_actions: list[list[str]] = []
    for statement in policy.statements:
        if statement.is_deny:
            continue
        if statement.actions is not None:
            prefixes += [a.split(":", 1)[0].lower() if ":" in a else a.lower() for a in statement.actions]
        elif statement.not_actions is not None:
            not_actions.append([a.lower() for a in statement.not_actions])
    return prefixes, not_actions


def grants_service(document: str, namespace: str) -> bool:
    """Whether an Allow statement of the document covers any action of the service."""
    prefixes, not_actions = _allowed_patterns(document)
    if any(fnmatch.fnmatchcase(namespace, p) for p in prefixes):
        return True
    # NotAction allows every service it does not exclude entirely.
    return any(not any(a in ("*", f"{namespace}:*") for a in excluded) for excluded in not_actions)


def _candidate_namespaces(call: Call, grants: list[Grant]) -> set[str]:
    known = set(_SERVED)
    for grant in grants:
        prefixes, _ = _allowed_patterns(grant.document)
        known |= {p for p in prefixes if "*" not in p and "?" not in p}
    known |= {namespace for (_, namespace) in call.backend.activity.service_access}
    return known


def _covered(account: Account, entity: User | Group | Role | ManagedPolicy) -> list[User | Role]:
    """The users and roles whose calls count for a report on ``entity``."""
    if isinstance(entity, (User, Role)):
        return [entity]
    if isinstance(entity, Group):
        return [account.users[m.lower()] for m in entity.members if m.lower() in account.users]
    users = [
        u
        for u in account.users.values()
        if entity.arn in u.attached_policies
        or any(
            entity.arn in account.groups[g.lower()].attached_policies
            for g in u.groups
            if g.lower() in account.groups
        )
    ]
    roles = [r for r in account.roles.values() if entity.arn in r.attached_policies]
    return [*users, *roles]


def _entity_info(entity: User | Role) -> Output:
    if isinstance(entity, User):
        return {
            "Arn": entity.arn,
            "Name": entity.name,
            "Type": "USER",
            "Id": entity.user_id,
            "Path": entity.path,
        }
    return {"Arn": entity.arn, "Name": entity.name, "Type": "ROLE", "Id": entity.role_id, "Path": entity.path}


def _tracked_actions(
    call: Call, namespace: str, documents: list[str], covered: list[User | Role]
) -> list[Output]:
    model = botocore.session.get_session().get_service_model(namespace)
    actions: list[Output] = []
    for operation_name in sorted(model.operation_names):
        action = f"{namespace}:{operation_name}"
        if not any(_document_allows(doc, action) for doc in documents):
            continue
        uses = [
            (use, e.arn)
            for e in covered
            if (use := call.backend.activity.action_access.get((e.arn, action))) is not None
        ]
        entry: Output = {"ActionName": operation_name}
        if uses:
            use, arn = max(uses, key=lambda u: u[0].when)
            entry.update(LastAccessedEntity=arn, LastAccessedTime=use.when, LastAccessedRegion=use.region)
        actions.append(entry)
    return actions


def _document_allows(document: str, action: str) -> bool:
    policy = parse_policy(document, PolicyKind.INLINE, None)
    return any(not s.is_deny and s.matches_action(action.lower()) for s in policy.statements)


@operation("iam", "GenerateServiceLastAccessedDetails")
def generate_service_last_accessed_details(call: Call, params: Params) -> Output:
    account = call.account
    arn: str = params["Arn"]
    call.authorize("iam:GenerateServiceLastAccessedDetails", arn)
    entity = _require(account, arn, ("user", "group", "role", "policy"))
    granularity = params.get("Granularity", "SERVICE_LEVEL")
    if isinstance(entity, ManagedPolicy):
        grants = [Grant(entity.name, entity.arn, "POLICY", entity.name, entity.document)]
    else:
        grants = grants_of(account, entity)
    covered = _covered(account, entity)
    activity = call.backend.activity.service_access
    job = Job(call.backend.ids.request_id(), call.now, granularity, [])
    for namespace in sorted(_candidate_namespaces(call, grants)):
        documents = [g.document for g in grants if grants_service(g.document, namespace)]
        if not documents:
            continue
        uses: list[tuple[Use, User | Role]] = [
            (use, e) for e in covered if (use := activity.get((e.arn, namespace))) is not None
        ]
        entry: Output = {
            "ServiceName": service_name(namespace),
            "ServiceNamespace": namespace,
            "TotalAuthenticatedEntities": len(uses),
        }
        if uses:
            last, who = max(uses, key=lambda u: u[0].when)
            entry.update(
                LastAuthenticated=last.when,
                LastAuthenticatedEntity=who.arn,
                LastAuthenticatedRegion=last.region,
            )
        if granularity == "ACTION_LEVEL" and namespace in _TRACKED:
            entry["TrackedActionsLastAccessed"] = _tracked_actions(call, namespace, documents, covered)
        job.services.append(entry)
        by_recency = sorted(
            covered,
            key=lambda e: (
                -(activity[(e.arn, namespace)].when.timestamp()) if (e.arn, namespace) in activity else 0
            ),
        )
        job.entities[namespace] = [
            {
                "EntityInfo": _entity_info(e),
                "LastAuthenticated": activity[(e.arn, namespace)].when
                if (e.arn, namespace) in activity
                else None,
            }
            for e in by_recency
        ]
    account.access_jobs[job.job_id] = job
    return {"JobId": job.job_id}


def _job(call: Call, job_id: str) -> Job:
    found = call.account.access_jobs.get(job_id)
    if found is None:
        raise lookup.no_such_entity(f"The job with ID {job_id} cannot be found.")
    return found


@operation("iam", "GetServiceLastAccessedDetails")
def get_service_last_accessed_details(call: Call, params: Params) -> Output:
    call.authorize("iam:GetServiceLastAccessedDetails", "*")
    job = _job(call, params["JobId"])
    result = page(
        job.services,
        params,
        key=lambda s: str(s["ServiceNamespace"]),
        result_key="ServicesLastAccessed",
        render=dict,
    )
    return {
        "JobStatus": "COMPLETED",
        "JobType": job.granularity,
        "JobCreationDate": job.created,
        "JobCompletionDate": job.created,
        **result,
    }


@operation("iam", "GetServiceLastAccessedDetailsWithEntities")
def get_service_last_accessed_details_with_entities(call: Call, params: Params) -> Output:
    call.authorize("iam:GetServiceLastAccessedDetailsWithEntities", "*")
    job = _job(call, params["JobId"])
    entities = job.entities.get(params["ServiceNamespace"], [])
    keyed = [(f"{i:06d}", e) for i, e in enumerate(entities)]
    result = page(keyed, params, key=lambda k: k[0], result_key="EntityDetailsList", render=lambda k: k[1])
    return {
        "JobStatus": "COMPLETED",
        "JobCreationDate": job.created,
        "JobCompletionDate": job.created,
        **result,
    }


@operation("iam", "ListPoliciesGrantingServiceAccess")
def list_policies_granting_service_access(call: Call, params: Params) -> Output:
    account = call.account
    arn: str = params["Arn"]
    call.authorize("iam:ListPoliciesGrantingServiceAccess", arn)
    entity = _require(account, arn, ("user", "group", "role"))
    assert not isinstance(entity, ManagedPolicy)
    grants = grants_of(account, entity)
    entries = []
    for namespace in params["ServiceNamespaces"]:
        policies = []
        for grant in grants:
            if not grants_service(grant.document, namespace):
                continue
            policy: Output = {
                "PolicyName": grant.name,
                "PolicyType": "MANAGED" if grant.arn else "INLINE",
            }
            if grant.arn:
                policy["PolicyArn"] = grant.arn
            else:
                policy.update(EntityType=grant.owner_kind, EntityName=grant.owner_name)
            policies.append(policy)
        entries.append({"ServiceNamespace": namespace, "Policies": policies})
    return {"PoliciesGrantingServiceAccess": entries, "IsTruncated": False}
