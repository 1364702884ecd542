"""From a botocore operation to the IAM authorizations AWS performs for it: actions, resources, context keys.

One module per service (``mapping/<botocore service name>.py``) holds the data: ``PREFIX`` (the IAM
service prefix), ``OVERRIDES`` (operations whose action or resource is not the default), and two
functions that read the request: ``resources(kind, env) -> list[str]`` (ARNs in the service's format;
``kind`` ``"main"`` is the operation's own resource) and optionally ``context(env) -> dict``.

The default rule covers every other operation of the botocore model: ``<PREFIX>:<Operation>`` on the
``main`` resource. An override is one of

* ``"prefix:Action"``: that action on the main resource;
* ``[("prefix:Action", kind), ...]``: several authorizations, each on the resources of ``kind``
  (``"*"`` is the literal wildcard), all of which must be allowed (``CopyObject``);
* ``None``: AWS performs no IAM authorization for the operation.

Every other botocore service is mapped by :mod:`.generic` from AWS's Service Authorization Reference (the
hand-written modules above are overrides of that rule for the services whose requests need more than
it reads). Only an operation the reference does not know falls back to ``<prefix>:<Operation>`` on
``*``, reported once with :class:`iammock.UnmappedOperationWarning`.
"""

from __future__ import annotations

import importlib
import warnings
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from types import ModuleType
from typing import Any

from ...backend import partitions
from .. import UnmappedOperationWarning
from ..moto_state import MotoState
from . import generic

__all__ = ["MAPPED_SERVICES", "Check", "Env", "UnmappedOperationWarning", "checks", "prefix_of"]

# botocore service name -> module name (same unless the name is not an identifier)
MAPPED_SERVICES: dict[str, str] = {
    name: name
    for name in (
        *("s3", "dynamodb", "sqs", "sns", "lambda", "logs", "kms", "secretsmanager", "ssm", "ec2", "ecr"),
        *("events", "stepfunctions", "kinesis", "cloudwatch", "cloudformation", "apigateway", "rds"),
    )
}
MAPPED_SERVICES["lambda"] = "lambda_"
# "Actions defined by Amazon API Gateway Management V2": the same HTTP-verb actions on resource paths.
MAPPED_SERVICES["apigatewayv2"] = "apigateway"


@dataclass
class Env:
    """What a mapping reads: the request's parameters and where it is going."""

    service: str  # botocore service name
    operation: str
    params: Mapping[str, Any]
    region: str
    account: str  # the caller's account: where new resources are created
    moto: MotoState
    http_method: str = "POST"
    request_uri: str = "/"
    model: Any = None  # botocore OperationModel, when known
    memo: dict[str, Any] = field(default_factory=dict)

    def arn(
        self, service: str, resource: str, *, region: str | None = None, account: str | None = None
    ) -> str:
        reg = self.region if region is None else region
        acct = self.account if account is None else account
        return partitions.arn(self.partition, service, acct, resource, reg)

    @property
    def partition(self) -> str:
        """The partition of the request's region: every ARN the request names is in it."""
        return partitions.of_region(self.region).name


@dataclass(frozen=True)
class Check:
    action: str
    resource: str
    context: Mapping[str, Any]


@cache
def _module(service: str) -> ModuleType | None:
    name = MAPPED_SERVICES.get(service)
    if name is None:
        return None
    return importlib.import_module(f"{__name__}.{name}")


def prefix_of(service: str, signing_name: str) -> str:
    module = _module(service)
    return str(module.PREFIX) if module is not None else generic.prefix(service, signing_name)


_warned: set[tuple[str, str]] = set()
SKIP = "__skip__"  # from ``resources``: this authorization does not apply to the request


def rules(service: str, operation: str) -> list[tuple[str, str]] | None:
    """The (action, resource kind) pairs for an operation of a mapped service; None: not authorized."""
    module = _module(service)
    assert module is not None
    rule = module.OVERRIDES.get(operation, "")
    if rule is None:
        return None
    if rule == "":
        return [(f"{module.PREFIX}:{operation}", "main")]
    if isinstance(rule, str):
        return [(rule, "main")]
    return list(rule)


def checks(env: Env, signing_name: str) -> list[Check]:
    module = _module(env.service)
    if module is None or not hasattr(module, "resources"):
        return _generic_checks(env, signing_name)
    pairs = rules(env.service, env.operation)
    if pairs is None:
        return []
    context_fn: Callable[[Env], dict[str, Any]] | None = getattr(module, "context", None)
    context = tag_context(env.params)
    if context_fn is not None:
        context.update(context_fn(env))
    out: list[Check] = []
    for action, kind in pairs:
        action = getattr(module, "refine_action", _same)(action, env)
        arns = ["*"] if kind == "*" else module.resources(kind, env) or ["*"]
        for arn in arns:
            if arn == SKIP:
                continue
            out.append(Check(action, arn, context))
    return out


def _generic_checks(env: Env, signing_name: str) -> list[Check]:
    service_model = getattr(env.model, "service_model", None)
    compiled = generic.compiled(env.service, service_model)
    rules = compiled.rules(env.operation)
    if rules is None:
        action = f"{generic.prefix(env.service, signing_name)}:{env.operation}"
        key = (env.service, env.operation)
        if key not in _warned:
            _warned.add(key)
            warnings.warn(
                f"iammock has no IAM mapping for {env.service}:{env.operation}; it was authorized as "
                f"{action} on resource *",
                UnmappedOperationWarning,
                stacklevel=3,
            )
        return [Check(action, "*", tag_context(env.params))]
    where = {"partition": env.partition, "region": env.region, "account": env.account}
    tags = tag_context(env.params)
    out: list[Check] = []
    for rule in rules:
        context = {**tags, **generic.context(rule, env.params)} if rule.context else tags
        out += [Check(rule.action, arn, context) for arn in generic.resources(rule, env.params, where)]
    return out


def _same(action: str, env: Env) -> str:
    return action


def tag_context(params: Mapping[str, Any]) -> dict[str, Any]:
    """``aws:RequestTag/K`` and ``aws:TagKeys`` from the tag parameters services use."""
    tags: dict[str, str] = {}
    for name in ("Tags", "tags", "TagList", "TagSpecifications"):
        value = params.get(name)
        if isinstance(value, dict):
            tags.update({str(k): str(v) for k, v in value.items()})
        elif isinstance(value, list):
            for item in value:
                if not isinstance(item, dict):
                    continue
                if "Tags" in item:  # EC2 TagSpecifications
                    for tag in item["Tags"] or ():
                        tags[str(tag.get("Key"))] = str(tag.get("Value", ""))
                else:
                    key = item.get("Key", item.get("key", item.get("TagKey")))
                    if key is not None:
                        tags[str(key)] = str(item.get("Value", item.get("value", item.get("TagValue", ""))))
    keys = params.get("TagKeys") or params.get("tagKeys")
    out: dict[str, Any] = {f"aws:RequestTag/{k}": v for k, v in tags.items()}
    if tags:
        out["aws:TagKeys"] = list(tags)
    elif isinstance(keys, list):
        out["aws:TagKeys"] = [str(k) for k in keys]
    return out


def scalar(value: Any) -> str | None:
    """A DynamoDB-style attribute value (``{"S": "x"}``) or a plain value as text."""
    if isinstance(value, dict) and len(value) == 1:
        ((kind, inner),) = value.items()
        if kind in ("S", "N"):
            return str(inner)
        if kind == "B":
            return inner.decode() if isinstance(inner, bytes) else str(inner)
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


def declared_actions(service: str, operation: str, http_method: str = "POST") -> list[str]:
    """Every IAM action an operation of a mapped service can need (for coverage checks and tooling)."""
    module = _module(service)
    pairs = rules(service, operation)
    if module is None or pairs is None:
        return []
    if getattr(module, "VERB_ACTIONS", False):
        return [module.action_for(http_method)]
    versioned = getattr(module, "_VERSIONED", {})
    out = [action for action, _ in pairs]
    return out + [versioned[a] for a in out if a in versioned]
