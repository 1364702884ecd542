"""The policy simulator: SimulatePrincipalPolicy, SimulateCustomPolicy and the context-key listings.

They decide through ``authz.decide``, the procedure every real call's authorization ends in, so a
simulation and the mock's own enforcement can never disagree. The principal and the policies are the
simulation's inputs, not the caller's: the decisions are not kept on the Simulate call (its trail entry
holds the caller's own authorization only) and the caller's scope-down layers do not narrow them.
"""

from __future__ import annotations

import base64
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from dateutil import parser as date_parser

from ...engine import (
    Decision,
    DecisionCache,
    NamedPolicy,
    PolicyKind,
    PolicySet,
    Principal,
    Request,
    parse_policy,
)
from ...errors import AwsError
from ...fixed import Fixed
from .. import authz, lookup
from ..call import Call
from ..managed import is_aws_managed
from ..model import Account
from ..paging import page
from ..principals import PolicySource, identity_sources, organization_levels
from ..registry import Output, Params, operation
from ..state import Kept

if TYPE_CHECKING:
    from typing import TypedDict

    from ...engine import ContextScalar, ContextValue
    from ..model import Group, Role, User

    class ContextEntry(TypedDict, total=False):
        """One member of ContextEntries, as botocore parses it (IAM API Reference, "ContextEntry")."""

        ContextKeyName: str
        ContextKeyValues: list[str]
        ContextKeyType: str


_DECISIONS = {"allowed": "allowed", "explicit_deny": "explicitDeny", "implicit_deny": "implicitDeny"}


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidInput", message, 400)


def _compile(text: str, name: str, parse_as: PolicyKind, gate: PolicyKind, partition: str) -> NamedPolicy:
    try:
        return NamedPolicy(parse_policy(text, parse_as, partition), name, gate)
    except AwsError as error:
        # The simulator reports bad input documents as invalid input, not as a malformed stored policy.
        raise _invalid(f"{name}: {error.message}") from None


class _Sources:
    """Which simulator source (type and id) each evaluated policy came from."""

    def __init__(self, partition: str) -> None:
        self.types: dict[str, str] = {}
        self.partition = partition  # of the simulating account: where the documents are validated

    def add(self, policy: NamedPolicy, source_type: str) -> NamedPolicy:
        self.types[policy.name] = source_type
        return policy


def _entity_policies(
    account: Account, arn: str, sources: _Sources
) -> tuple[list[NamedPolicy], str | None, Any]:
    """The identity policies of a user (with its groups'), group or role, its boundary ARN and the entity."""
    kind, _, rest = arn.split(":", 5)[-1].partition("/")
    name = rest.rsplit("/", 1)[-1]
    entity: User | Group | Role
    if kind == "user":
        entity = lookup.user(account, name)
    elif kind == "group":
        entity = lookup.group(account, name)
    elif kind == "role":
        entity = lookup.role(account, name)
    else:
        raise _invalid(f"Invalid ARN {arn}: the policy source must be a user, group or role.")
    if entity.arn != arn:
        raise lookup.no_such_entity(f"The {kind} with name {name} cannot be found.")
    out = [
        sources.add(
            _compile(
                source.document,
                source.policy_name,
                PolicyKind.MANAGED if source.managed else PolicyKind.INLINE,
                PolicyKind.IDENTITY,
                sources.partition,
            ),
            _source_type(source),
        )
        for source in identity_sources(account, entity)
    ]
    return out, getattr(entity, "boundary", None), entity


def _source_type(source: PolicySource) -> str:
    """The simulator's SourcePolicyType: the holder of an inline policy, or who manages a managed one."""
    if source.managed:
        return "aws-managed" if is_aws_managed(source.name) else "user-managed"
    return source.holder


def _context(entries: list[ContextEntry]) -> dict[str, ContextValue]:
    context: dict[str, ContextValue] = {}
    for entry in entries:
        key = entry.get("ContextKeyName")
        if not key:
            continue
        kind = entry.get("ContextKeyType", "string")
        values = [_typed(v, kind.removesuffix("List"), key) for v in entry.get("ContextKeyValues", [])]
        context[key] = values if kind.endswith("List") else (values[0] if values else "")
    return context


def _typed(value: str, kind: str, key: str) -> ContextScalar:
    try:
        if kind == "numeric":
            number = float(value)
            return int(number) if number.is_integer() else number
        if kind == "boolean":
            return value.lower() == "true"
        if kind == "date":
            if value.isdigit():
                return dt.datetime.fromtimestamp(int(value), dt.UTC)
            parsed: dt.datetime = date_parser.isoparse(value)
            return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.UTC)
        if kind == "binary":
            return base64.b64decode(value)
    except (ValueError, OverflowError):
        raise _invalid(f"Invalid value {value} for context key {key} of type {kind}.") from None
    return value


def _statements(decision: Decision, sources: _Sources) -> list[Output]:
    return [
        {
            "SourcePolicyId": m.policy_name,
            "SourcePolicyType": sources.types.get(m.policy_name, "none"),
            "StartPosition": {"Line": m.start.line, "Column": m.start.column},
            "EndPosition": {"Line": m.end.line, "Column": m.end.column},
        }
        for m in decision.statements
    ]


def _result(action: str, resource: str, decision: Decision, sources: _Sources, policies: PolicySet) -> Output:
    outcome = _DECISIONS[decision.outcome]
    statements = _statements(decision, sources)
    missing = list(decision.missing_context_keys)
    result: Output = {
        "EvalActionName": action,
        "EvalResourceName": resource,
        "EvalDecision": outcome,
        "MatchedStatements": statements,
        "MissingContextValues": missing,
    }
    if policies.scps:
        result["OrganizationsDecisionDetail"] = {"AllowedByOrganizations": decision.scp == "allowed"}
    boundary = None
    if policies.boundary is not None:
        boundary = {"AllowedByPermissionsBoundary": decision.boundary == "allowed"}
        result["PermissionsBoundaryDecisionDetail"] = boundary
    if policies.resource is not None:
        details = {"IAM Policy": _DECISIONS.get(decision.identity, "implicitDeny")}
        details["Resource Policy"] = _DECISIONS.get(decision.resource, "implicitDeny")
        result["EvalDecisionDetails"] = details
    specific: Output = {
        "EvalResourceName": resource,
        "EvalResourceDecision": outcome,
        "MatchedStatements": statements,
        "MissingContextValues": missing,
    }
    if boundary is not None:
        specific["PermissionsBoundaryDecisionDetail"] = boundary
    result["ResourceSpecificResults"] = [specific]
    return result


@dataclass(slots=True)
class _Prepared:
    """What a simulation evaluates with, apart from the request: kept while the state it came from stands."""

    principal: Principal
    policies: PolicySet
    sources: _Sources
    cache: DecisionCache  # the engine's per-action plans for ``policies``, kept as long as they are
    # (action, resource, context entries as given) -> its rendered result. The engine is pure and a
    # simulation's context is only its entries, so this is exact. Not the engine's ``remembered``
    # (``authz.decide``'s ``remember=False``): the entries as given are already a key, where
    # ``remembered`` would look up every key its policies read, once per action and resource
    # (measured: about 11 us more per three-action simulation).
    # Fixed: the hook converts each result once, however often it is asked for.
    results: dict[tuple[object, ...], Fixed] = field(default_factory=dict)


# Kept on the backend (``Backend.simulations``, so a reset starts empty):
# (operation, account, inputs) -> the prepared simulation, kept at a generation.
_PREPARED_LIMIT = 256
_DECISION_LIMIT = 1024


def _inputs_key(params: Params) -> tuple[object, ...]:
    """Every parameter the prepared policies depend on (the rest only shapes the requests)."""
    return (
        tuple(params.get("PolicyInputList") or ()),
        tuple(params.get("PermissionsBoundaryPolicyInputList") or ()),
        params.get("ResourcePolicy"),
        params.get("ResourceOwner"),
        params.get("CallerArn"),
    )


def _recall(
    call: Call, key: tuple[object, ...], scps: tuple[tuple[NamedPolicy, ...], ...]
) -> _Prepared | None:
    hit = call.backend.simulations.get(key)
    # Keyed on the generation, not on the permissions counter: creating a user changes what a CallerArn
    # resolves to. SCPs change through the mock's Python API, which bumps neither: compare them.
    if hit is None or hit.generation != call.backend.generation:
        return None
    prepared: _Prepared = hit.value
    return prepared if prepared.policies.scps == scps else None


def _keep(call: Call, key: tuple[object, ...], prepared: _Prepared) -> _Prepared:
    backend = call.backend
    entries = backend.simulations
    if len(entries) >= _PREPARED_LIMIT:
        entries.clear()
    entries[key] = Kept(backend.generation, prepared)
    return prepared


def _prepare(
    params: Params,
    principal: Principal,
    identity: list[NamedPolicy],
    boundary: NamedPolicy | None,
    sources: _Sources,
    scps: tuple[tuple[NamedPolicy, ...], ...],
) -> _Prepared:
    resource_policy = None
    if params.get("ResourcePolicy"):
        resource_policy = sources.add(
            _compile(
                params["ResourcePolicy"],
                "ResourcePolicy",
                PolicyKind.RESOURCE,
                PolicyKind.RESOURCE,
                sources.partition,
            ),
            "resource",
        )
        if principal.kind not in ("user",) and not params.get("CallerArn"):
            raise _invalid("CallerArn must be specified when a resource policy is included.")
    owner = params.get("ResourceOwner")
    resource_account = (
        owner.split(":")[4] if owner and owner.count(":") >= 4 and owner.split(":")[4] else owner
    )
    policies = PolicySet(
        identity=tuple(identity),
        boundary=boundary,
        resource=resource_policy,
        resource_account=resource_account if resource_policy is not None else None,
        scps=scps,
    )
    return _Prepared(principal, policies, sources, DecisionCache(policies))


def _entries_key(entries: list[ContextEntry]) -> tuple[object, ...]:
    return tuple(
        (e.get("ContextKeyName"), e.get("ContextKeyType"), tuple(e.get("ContextKeyValues", ())))
        for e in entries
    )


def _simulate(params: Params, prepared: _Prepared) -> Output:
    principal, policies, sources = prepared.principal, prepared.policies, prepared.sources
    entries = params.get("ContextEntries", [])
    context = _context(entries)
    asked = _entries_key(entries) if entries else ()
    memo = prepared.results
    results = []
    for action in params["ActionNames"]:
        for resource in params.get("ResourceArns") or ["*"]:
            key = (action, resource, asked)
            result = memo.get(key)
            if result is None:
                request = Request(principal, action, resource, context)
                decision = authz.decide(request, policies, remember=False, cache=prepared.cache)
                result = Fixed(_result(action, resource, decision, sources, policies))
                if len(memo) >= _DECISION_LIMIT:
                    memo.clear()
                memo[key] = result
            results.append(result)
    ordered = list(enumerate(results))
    return page(
        ordered,
        params,
        key=lambda item: f"{item[0]:08d}",
        result_key="EvaluationResults",
        render=lambda item: item[1],
    )


def _input_policies(params: Params, sources: _Sources) -> list[NamedPolicy]:
    return [
        sources.add(
            _compile(doc, f"PolicyInputList.{i}", PolicyKind.INLINE, PolicyKind.IDENTITY, sources.partition),
            "none",
        )
        for i, doc in enumerate(params.get("PolicyInputList", []), start=1)
    ]


def _boundary_input(params: Params, sources: _Sources) -> NamedPolicy | None:
    inputs = params.get("PermissionsBoundaryPolicyInputList") or []
    if len(inputs) > 1:
        raise _invalid("Only one permissions boundary policy may be simulated at a time.")
    if not inputs:
        return None
    return sources.add(
        _compile(
            inputs[0],
            "PermissionsBoundaryPolicyInputList.1",
            PolicyKind.BOUNDARY,
            PolicyKind.BOUNDARY,
            sources.partition,
        ),
        "none",
    )


def _caller_principal(account: Account, caller_arn: str | None, fallback: Principal) -> Principal:
    if not caller_arn:
        return fallback
    if ":user/" not in caller_arn:
        raise _invalid("CallerArn must be the ARN of an IAM user.")
    name = caller_arn.rsplit("/", 1)[-1]
    user = account.users.get(name.lower())
    acct = caller_arn.split(":")[4]
    return Principal(
        "user", caller_arn, acct, entity_arn=caller_arn, entity_id=user.user_id if user else None
    )


@operation("iam", "SimulatePrincipalPolicy")
def simulate_principal_policy(call: Call, params: Params) -> Output:
    account = call.account
    source = params["PolicySourceArn"]
    call.authorize("iam:SimulatePrincipalPolicy", source)
    scps = organization_levels(account.scps, PolicyKind.SCP, account.partition)
    key = ("principal", account.id, source, *_inputs_key(params))
    prepared = _recall(call, key, scps)
    if prepared is None:
        prepared = _keep(call, key, _principal_policies(account, source, params, scps))
    return _simulate(params, prepared)


def _principal_policies(
    account: Account, source: str, params: Params, scps: tuple[tuple[NamedPolicy, ...], ...]
) -> _Prepared:
    sources = _Sources(account.partition)
    identity, boundary_arn, entity = _entity_policies(account, source, sources)
    identity += _input_policies(params, sources)
    boundary = _boundary_input(params, sources)
    if boundary is None and boundary_arn:
        policy = lookup.managed_policy(account, boundary_arn)
        if policy is not None:
            boundary = sources.add(
                _compile(
                    policy.document, policy.name, PolicyKind.MANAGED, PolicyKind.BOUNDARY, sources.partition
                ),
                "aws-managed" if is_aws_managed(boundary_arn) else "user-managed",
            )
    if ":role/" in source:
        principal = Principal(
            "assumed_role",
            account.arn("sts", f"assumed-role/{entity.name}/simulation"),
            account.id,
            entity_arn=entity.arn,
            entity_id=entity.role_id,
        )
    elif ":group/" in source:
        principal = Principal("user", source, account.id, entity_arn=source)
    else:
        principal = Principal("user", source, account.id, entity_arn=source, entity_id=entity.user_id)
    principal = _caller_principal(account, params.get("CallerArn"), principal)
    return _prepare(params, principal, identity, boundary, sources, scps)


@operation("iam", "SimulateCustomPolicy")
def simulate_custom_policy(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:SimulateCustomPolicy", "*")
    scps = organization_levels(account.scps, PolicyKind.SCP, account.partition)
    key = ("custom", account.id, *_inputs_key(params))
    prepared = _recall(call, key, scps)
    if prepared is None:
        sources = _Sources(account.partition)
        identity = _input_policies(params, sources)
        boundary = _boundary_input(params, sources)
        caller = params.get("CallerArn") or account.iam_arn("user", "/", "SimulatedUser")
        principal = _caller_principal(
            account, caller, Principal("user", caller, account.id, entity_arn=caller)
        )
        prepared = _keep(call, key, _prepare(params, principal, identity, boundary, sources, scps))
    return _simulate(params, prepared)


def _keys(policies: Iterable[NamedPolicy]) -> list[str]:
    seen: dict[str, str] = {}
    for named_policy in policies:
        for key in named_policy.policy.context_keys:
            seen.setdefault(key.lower(), key)
    return sorted(seen.values(), key=str.lower)


@operation("iam", "GetContextKeysForPrincipalPolicy")
def get_context_keys_for_principal_policy(call: Call, params: Params) -> Output:
    account = call.account
    source = params["PolicySourceArn"]
    call.authorize("iam:GetContextKeysForPrincipalPolicy", source)
    sources = _Sources(account.partition)
    identity, _, _ = _entity_policies(account, source, sources)
    return {"ContextKeyNames": _keys(identity + _input_policies(params, sources))}


@operation("iam", "GetContextKeysForCustomPolicy")
def get_context_keys_for_custom_policy(call: Call, params: Params) -> Output:
    call.authorize("iam:GetContextKeysForCustomPolicy", "*")
    return {"ContextKeyNames": _keys(_input_policies(params, _Sources(call.account.partition)))}
