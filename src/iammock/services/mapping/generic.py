"""The mapping of a service without a hand-written module, built from AWS's Service Authorization Reference.

For each operation of the botocore model:

* the IAM prefix is the service's signing name, or :data:`PREFIXES` where the reference files the
  service under another name (CloudWatch signs as ``monitoring``, its actions are ``cloudwatch:``);
* the action is the reference's action named like the operation (case-insensitive, as IAM compares
  action names), or the one :data:`ACTIONS` names where they differ; an operation botocore marks as
  unsigned (``smithy.api#noAuth``: it carries a token, or nothing, instead of a signature) gets no IAM
  authorization; any other operation the reference does not know is *unmapped*;
* each resource type the reference lists for the action gives one resource to authorize. Its ARN
  format (``arn:${Partition}:ecs:${Region}:${Account}:cluster/${ClusterName}``) is filled from the
  request: ``${Partition}``, ``${Region}`` and ``${Account}`` (or ``${AccountId}``) from where the call
  goes, every other placeholder from the request parameter of the same name (``ClusterName``), its
  plural holding a list (``JobNames``: one ARN per item), or the parameter named after the resource
  type (ECS's ``cluster``, Batch's ``jobQueue``; its value is the rest of the ARN), or, when the
  operation is named after the type, its ``Name``/``Id`` (Glue's ``CreateJob`` ``Name`` for
  ``${JobName}``). A parameter that holds an ARN of the resource type (``cluster`` given as an ARN,
  ``ResourceArn``) is used whole.
  A *required* resource type (the reference's asterisk) is always authorized: a placeholder the request
  does not fill becomes ``*`` (the resource the call creates or picks is not known before AWS runs it),
  so a policy scoped to the type (``cluster/*``) allows it and one naming a single resource does not.
  An optional resource type is authorized only when the request names it completely. An action with
  no resource type, or none that applies, is authorized on ``*``, as the reference says for such actions;
* the request's condition keys are the action's service-specific keys (``<prefix>:<Name>``) whose
  name is a request parameter holding a text, number, boolean or a list of those, with the tag keys
  every service shares (``aws:RequestTag/<key>``, ``aws:TagKeys``).

A service's rules are compiled once and kept: what the service's operations share the first time one of
them is called, each operation's rule the first time it is called (a few hundred microseconds; the
whole of SageMaker's 400 operations would take about 100 ms). A call then costs dictionary look-ups and
string formatting.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, Final

from .. import catalogue

__all__ = [
    "ACTIONS",
    "PREFIXES",
    "CompiledService",
    "OperationRule",
    "ResourceRule",
    "Slot",
    "compiled",
    "context",
    "fill",
    "prefix",
    "resource_rule",
    "resources",
]

# botocore service name -> IAM prefix, where the signing name is not the reference's prefix.
PREFIXES: Final[Mapping[str, str]] = {
    "cloudwatch": "cloudwatch",  # signs as "monitoring"
    "cloudcontrol": "cloudformation",  # "Actions defined by AWS Cloud Control API" live under cloudformation
    "resourcegroupstaggingapi": "tag",  # signs as "tagging"
    "iot-data": "iot",  # signs as "iotdata"; iot:Publish, iot:GetThingShadow
    "iot-jobs-data": "iotjobsdata",
    "iotsecuretunneling": "iot",  # signs as "IoTSecuredTunneling"; iot:OpenTunnel
    "mturk": "mechanicalturk",  # signs as "mturk-requester"
    **{f"partnercentral-{api}": "partnercentral" for api in ("account", "benefits", "channel", "selling")},
}

# botocore service name -> {operation: IAM actions}, where the reference names the action otherwise and
# botocore's documentation of the operation does not say which (see _documented).
ACTIONS: Final[Mapping[str, Mapping[str, tuple[str, ...]]]] = {
    # "Actions defined by AWS Batch": the plural calls are the batch forms of CancelJob / TerminateJob.
    "batch": {
        "CancelJobs": ("CancelJob",),
        "TerminateJobs": ("TerminateJob",),
        "TerminateServiceJobs": ("TerminateServiceJob",),
    },
    # CloudFront API Reference, CreateDistributionWithTags: "This API operation requires the following
    # IAM permissions: CreateDistribution, TagResource".
    "cloudfront": {"CreateDistributionWithTags": ("CreateDistribution", "TagResource")},
    # API Gateway Developer Guide, "Use @connections commands in your backend service": the three
    # calls are allowed by execute-api:ManageConnections.
    "apigatewaymanagementapi": {
        "DeleteConnection": ("ManageConnections",),
        "GetConnection": ("ManageConnections",),
        "PostToConnection": ("ManageConnections",),
    },
    # The CSV form of GetStatementResult; the reference has no action of its own for it.
    "redshift-data": {"GetStatementResultV2": ("GetStatementResult",)},
}

# botocore's documentation of an operation names its action where it is not the operation's name:
# "This operation requires permission for the <code>bedrock:InvokeModel</code> action."
_DOCUMENTED = re.compile(
    r"requires permissions? (?:for|to perform) the\s+(?:<[^>]+>\s*)*([a-z0-9-]+):([A-Za-z0-9]+)"
)

# botocore service name -> resource types of the shared prefix that belong to the other API: the reference
# files Classic Load Balancers (elb) and Application/Network/Gateway Load Balancers (elbv2) under one
# prefix, with the same action names.
IGNORED_TYPES: Final[Mapping[str, frozenset[str]]] = {
    "elbv2": frozenset({"loadbalancer"}),
    "elb": frozenset({"loadbalancer/app/", "loadbalancer/net/", "loadbalancer/gwy/"}),
}

_ENV = {"Partition": "partition", "Region": "region", "Account": "account", "AccountId": "account"}
_TYPED_SUFFIXES = ("", "name", "id", "arn", "identifier")


def _norm(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one placeholder's value comes from: the environment (``env``), or the first present member of
    ``members``; a list parameter gives one ARN per item, and the parameter named after the resource type
    gives the rest of the ARN."""

    env: str | None
    members: tuple[tuple[str, bool, bool], ...]  # (parameter name, holds a list, is the rest of the ARN)


@dataclass(frozen=True, slots=True)
class ResourceRule:
    type: str
    arn_format: str
    literals: tuple[str, ...]  # len(slots) + 1 pieces of text around the placeholders
    slots: tuple[Slot, ...]
    arn_members: tuple[str, ...]  # parameters that may hold an ARN of this type, used whole
    required: bool
    pattern: re.Pattern[str]


@dataclass(frozen=True, slots=True)
class OperationRule:
    action: str  # "prefix:Action"
    resources: tuple[ResourceRule, ...]
    context: tuple[tuple[str, str], ...]  # (condition key, parameter name)


class CompiledService:
    """One service's rules: what every operation shares is fixed when the service is first called (its
    prefix, catalogue page, override tables); an operation's rule is compiled the first time that
    operation is called, and kept."""

    __slots__ = ("_ignored", "_model", "_overrides", "_rules", "_sar", "prefix")

    def __init__(self, service: str, model: Any) -> None:
        signing = str(getattr(model, "signing_name", None) or model.endpoint_prefix)
        self.prefix = prefix(service, signing)
        self._sar = catalogue.service(self.prefix)
        self._overrides = ACTIONS.get(service, {})
        self._ignored = IGNORED_TYPES.get(service)
        self._model = model
        self._rules: dict[str, tuple[OperationRule, ...] | None] = {}

    def rules(self, operation: str) -> tuple[OperationRule, ...] | None:
        """The authorizations of an operation; () for none (an unsigned operation); None when the
        reference does not know the operation (unmapped)."""
        try:
            return self._rules[operation]
        except KeyError:
            pass
        found = self._rules[operation] = self._compile(operation)
        return found

    @property
    def unmapped(self) -> frozenset[str]:
        """The operations the reference does not know (compiles every operation)."""
        return frozenset(name for name in self._model.operation_names if self.rules(name) is None)

    def _compile(self, name: str) -> tuple[OperationRule, ...] | None:
        if name not in self._model.operation_names:
            return None
        op = self._model.operation_model(name)
        if getattr(op, "auth_type", None) == "none":
            return ()
        found: list[tuple[str, catalogue.Service, catalogue.Action]] = []
        sar = self._sar
        for action_name in self._overrides.get(name, (name,)):
            action = sar.action(action_name) if sar is not None else None
            if sar is not None and action is not None:
                found.append((self.prefix, sar, action))
        if not found:
            documented = _documented(op)
            if documented is None:
                return None
            found.append(documented)
        members = tuple(op.input_shape.members) if op.input_shape is not None else ()
        return tuple(
            _operation_rule(page, p, name, action, members, self._ignored) for p, page, action in found
        )


def prefix(service: str, signing_name: str) -> str:
    """The IAM prefix of a botocore service."""
    return PREFIXES.get(service, signing_name)


@cache
def _botocore_model(service: str) -> Any:
    import botocore.session

    return botocore.session.get_session().get_service_model(service)


_compiled: dict[str, CompiledService] = {}


def compiled(service: str, service_model: Any = None) -> CompiledService:
    """The service's rules, made on first use (from ``service_model`` when given) and kept."""
    found = _compiled.get(service)
    if found is None:
        model = service_model if service_model is not None else _botocore_model(service)
        found = _compiled.setdefault(service, CompiledService(service, model))
    return found


def _documented(op: Any) -> tuple[str, catalogue.Service, catalogue.Action] | None:
    match = _DOCUMENTED.search(op.documentation or "")
    if match is None:
        return None
    page = catalogue.service(match.group(1))
    action = page.action(match.group(2)) if page is not None else None
    if page is None or action is None:
        return None
    return match.group(1), page, action


def _operation_rule(
    sar: catalogue.Service,
    pfx: str,
    operation: str,
    action: catalogue.Action,
    members: Sequence[str],
    ignored: frozenset[str] | None = None,
) -> OperationRule:
    by_norm = {_norm(m): m for m in members}
    resources: list[ResourceRule] = []
    for row in action.resources:
        rtype = sar.resource_type(row.name)
        if rtype is None or (ignored and row.name in ignored):
            continue
        resources.append(resource_rule(rtype, row.required, operation, members, by_norm))
    context: list[tuple[str, str]] = []
    for key in action.condition_keys:
        kpfx, _, bare = key.partition(":")
        if kpfx != pfx or "$" in bare:
            continue
        member = by_norm.get(_norm(bare))
        if member is not None:
            context.append((key, member))
    return OperationRule(f"{pfx}:{action.name}", tuple(resources), tuple(context))


def resource_rule(
    rtype: catalogue.ResourceType,
    required: bool,
    operation: str,
    members: Sequence[str],
    by_norm: Mapping[str, str] | None = None,
) -> ResourceRule:
    """Where each placeholder of a resource type's ARN format comes from, for an operation's members; of
    a type with two formats, the first whose placeholders the members can all fill."""
    by_norm = by_norm if by_norm is not None else {_norm(m): m for m in members}
    rules = [_format_rule(rtype, f, required, operation, members, by_norm) for f in rtype.formats]
    for rule in rules:
        if all(slot.env is not None or slot.members for slot in rule.slots):
            return rule
    return rules[0]


def _format_rule(
    rtype: catalogue.ResourceType,
    arn_format: str,
    required: bool,
    operation: str,
    members: Sequence[str],
    by_norm: Mapping[str, str],
) -> ResourceRule:
    pieces = catalogue.PLACEHOLDER.split(arn_format)  # literal, name, literal, name, ..., literal
    literals = tuple(pieces[0::2])
    names = pieces[1::2]
    tnorm = _norm(rtype.name)
    # (parameter, holds a list, is the rest of the ARN)
    typed = [(by_norm[tnorm + s], False, True) for s in _TYPED_SUFFIXES if tnorm + s in by_norm]
    typed += [(by_norm[tnorm + s + "s"], True, True) for s in _TYPED_SUFFIXES if tnorm + s + "s" in by_norm]
    slots: list[Slot] = []
    first_custom = True
    for placeholder in names:
        if placeholder in _ENV:
            slots.append(Slot(_ENV[placeholder], ()))
            continue
        pnorm = _norm(placeholder)
        found: list[tuple[str, bool, bool]] = []
        if pnorm in by_norm:
            found.append((by_norm[pnorm], False, False))
        if pnorm + "s" in by_norm:
            found.append((by_norm[pnorm + "s"], True, False))
        if first_custom:
            found.extend(t for t in typed if t[0] not in (f[0] for f in found))
        first_custom = False
        for suffix in ("name", "id"):
            if pnorm == tnorm + suffix and suffix in by_norm and _norm(operation).endswith(tnorm):
                found.append((by_norm[suffix], False, False))
        slots.append(Slot(None, tuple(found)))
    arn_members = [m for m in members if _norm(m).endswith("arn")]
    arn_members += [m for s in slots for m, _, _ in s.members if m not in arn_members]
    return ResourceRule(
        rtype.name,
        arn_format,
        literals,
        tuple(slots),
        tuple(arn_members),
        required,
        catalogue.arn_pattern(arn_format),
    )


# -- per call ----------------------------------------------------------------------------------


def _text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    return None


def fill(rule: ResourceRule, params: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    """The ARNs of one resource type that a request names; for a required type with placeholders the
    request leaves open, the format with ``*`` there; [] for an optional type the request does not name."""
    get = params.get
    whole: list[str] = []
    for member in rule.arn_members:
        value = get(member)
        if value is None:
            continue
        if isinstance(value, str):
            if value.startswith("arn:") and rule.pattern.match(value):
                return [value]
        elif isinstance(value, list):
            whole += [
                v for v in value if isinstance(v, str) and v.startswith("arn:") and rule.pattern.match(v)
            ]
    literals = rule.literals
    parts = [literals[0]]
    lists: list[tuple[int, list[str]]] = []  # (index in parts, the items of a list parameter)
    complete = True
    named = False
    for i, slot in enumerate(rule.slots):
        if slot.env is not None:
            parts.append(env[slot.env])
            parts.append(literals[i + 1])
            continue
        text: str | None = None
        rest = False
        for member, is_list, is_rest in slot.members:
            value = get(member)
            if value is None:
                continue
            if is_list:
                if isinstance(value, list):
                    items = [t for t in map(_text, value) if t and not t.startswith("arn:")]
                    if items:
                        lists.append((len(parts), items))
                        text = items[0]
            else:
                text = _text(value)
                if text is not None and (not text or text.startswith("arn:")):
                    text = None
            if text is not None:
                named = True
                rest = is_rest
                break
        if text is None:
            complete = False
            text = "*"
        parts.append(text)
        if rest:
            break
        parts.append(literals[i + 1])
    if whole and not named:
        return whole
    if not complete and not rule.required:
        return whole
    if not lists:
        whole.append("".join(parts))
        return whole
    for combo in itertools.product(*(items for _, items in lists)):
        for (index, _), item in zip(lists, combo, strict=True):
            parts[index] = item
        whole.append("".join(parts))
    return whole


def resources(rule: OperationRule, params: Mapping[str, Any], env: Mapping[str, str]) -> list[str]:
    """Every resource the request is authorized on, in the reference's order; ``["*"]`` when none."""
    out: list[str] = []
    for resource in rule.resources:
        for arn in fill(resource, params, env):
            if arn not in out:
                out.append(arn)
    return out or ["*"]


def context(rule: OperationRule, params: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, member in rule.context:
        value = params.get(member)
        if isinstance(value, list):
            items = [t for t in map(_text, value) if t is not None]
            if items:
                out[key] = items
        else:
            text = _text(value)
            if text is not None:
                out[key] = text
    return out
