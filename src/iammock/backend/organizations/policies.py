"""Organization policies: create, update, delete, attach and detach them, enable and disable their
types on the root, and the effective policies of the types AWS merges (tag, backup, AI opt-out …).

SCPs and RCPs are checked as the policy engine reads them (the grammar of "SCP syntax" and "RCP syntax"
in the AWS Organizations User Guide); the other types must be JSON objects. Size and attachment quotas
are those of "Quotas and service limits for AWS Organizations" (User Guide).
"""

from __future__ import annotations

import json
from typing import Any

from ...engine import PolicyKind, parse_policy
from ...errors import AwsError
from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .errors import constraint, error, invalid_input, not_found
from .records import RCP, SCP, Organization, Policy

FULL_ACCESS = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'
RCP_FULL_ACCESS = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"*","Resource":"*"}]}'
)
# The AWS managed policy attached everywhere when its type is enabled, per type.
DEFAULT_POLICY = {SCP: "p-FullAWSAccess", RCP: "p-RCPFullAWSAccess"}

# Maximum document size in characters, per type ("Maximum size of a policy document"); whitespace
# outside strings is not counted (Organizations stores the document minified).
MAX_SIZE = {
    SCP: 5120,
    RCP: 5120,
    "TAG_POLICY": 10000,
    "BACKUP_POLICY": 10000,
    "AISERVICES_OPT_OUT_POLICY": 2500,
    "CHATBOT_POLICY": 10000,
    "DECLARATIVE_POLICY_EC2": 10000,
}
DEFAULT_MAX_SIZE = 10000
# "Maximum number of policies attached to a root, OU or account": 5 SCPs, 5 RCPs, 10 of other types.
MAX_ATTACHED = {SCP: 5, RCP: 5}
DEFAULT_MAX_ATTACHED = 10
_ENGINE_KIND = {SCP: PolicyKind.SCP, RCP: PolicyKind.RCP}


def aws_managed_policies(partition: str) -> list[Policy]:
    """``FullAWSAccess`` and ``RCPFullAWSAccess``, whose ARNs name the account ``aws``
    (``arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess``)."""
    return [
        Policy(
            "p-FullAWSAccess",
            f"arn:{partition}:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
            "FullAWSAccess",
            "Allows access to every operation",
            SCP,
            FULL_ACCESS,
            aws_managed=True,
        ),
        Policy(
            "p-RCPFullAWSAccess",
            f"arn:{partition}:organizations::aws:policy/resource_control_policy/p-RCPFullAWSAccess",
            "RCPFullAWSAccess",
            "Allows access to every operation",
            RCP,
            RCP_FULL_ACCESS,
            aws_managed=True,
        ),
    ]


def _policy_arn(org: Organization, policy_type: str, policy_id: str) -> str:
    return org.arn("policy", f"{policy_type.lower()}/{policy_id}")


def _malformed() -> AwsError:
    return error(
        "MalformedPolicyDocumentException",
        "The provided policy document doesn't meet the requirements of the specified policy type.",
    )


def _checked(org: Organization, policy_type: str, content: str) -> str:
    """The document as stored, or AWS's error: syntax, then size."""
    try:
        document: Any = json.loads(content)
    except ValueError:
        raise _malformed() from None
    if not isinstance(document, dict):
        raise _malformed()
    kind = _ENGINE_KIND.get(policy_type)
    if kind is not None:
        try:
            parse_policy(content, kind, org.partition)
        except AwsError:
            raise _malformed() from None
    if len(json.dumps(document, separators=(",", ":"), ensure_ascii=False)) > MAX_SIZE.get(
        policy_type, DEFAULT_MAX_SIZE
    ):
        raise constraint(
            "POLICY_CONTENT_LIMIT_EXCEEDED", "You attempted to create a policy larger than the maximum size."
        )
    return content


def _available(org: Organization) -> None:
    if org.feature_set != "ALL":
        raise error(
            "PolicyTypeNotAvailableForOrganizationException",
            "You can't use the specified policy type with the feature set currently enabled for this "
            "organization. For example, you can enable SCPs only after you enable all features in the "
            "organization.",
        )


def _duplicate_name(org: Organization, policy_type: str, name: str, own: str | None = None) -> None:
    for other in org.policies.values():
        if other.type == policy_type and other.name == name and other.id != own and not other.aws_managed:
            raise error("DuplicatePolicyException", "A policy with the same name already exists.")


@operation("organizations", "CreatePolicy")
def create_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "CreatePolicy")
    tags = common.requested_tags(call, params)
    policy_type: str = params["Type"]
    _available(org)
    content = _checked(org, policy_type, params["Content"])
    _duplicate_name(org, policy_type, params["Name"])
    policy_id = common.new_id(call, "p-", 8)
    created = Policy(
        policy_id,
        _policy_arn(org, policy_type, policy_id),
        params["Name"],
        params.get("Description", ""),
        policy_type,
        content,
    )
    org.policies[policy_id] = created
    if tags:
        org.tags[policy_id] = tags
    return {"Policy": common.render_policy(created)}


def _customer_policy(org: Organization, policy_id: str) -> Policy:
    found = common.policy(org, policy_id)
    if found.aws_managed:
        raise invalid_input(
            "IMMUTABLE_POLICY", "You specified a policy that is managed by AWS and can't be modified."
        )
    return found


@operation("organizations", "UpdatePolicy")
def update_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "UpdatePolicy", lambda o: _arn_of(o, params["PolicyId"]))
    found = _customer_policy(org, params["PolicyId"])
    content = _checked(org, found.type, params["Content"]) if "Content" in params else found.content
    if "Name" in params:
        _duplicate_name(org, found.type, params["Name"], found.id)
    found.content = content
    found.name = params.get("Name", found.name)
    found.description = params.get("Description", found.description)
    common.changed(call.backend, org)
    return {"Policy": common.render_policy(found)}


def _arn_of(org: Organization, policy_id: str) -> str:
    found = org.policies.get(policy_id)
    return found.arn if found else "*"


@operation("organizations", "DeletePolicy")
def delete_policy(call: Call, params: Params) -> None:
    org = common.managing_org(call, "DeletePolicy", lambda o: _arn_of(o, params["PolicyId"]))
    found = _customer_policy(org, params["PolicyId"])
    if any(found.id in attached for attached in org.attachments.values()):
        raise error(
            "PolicyInUseException",
            "The policy is attached to one or more entities. You must detach it from all roots, OUs, and "
            "accounts before performing this operation.",
        )
    del org.policies[found.id]
    org.tags.pop(found.id, None)


@operation("organizations", "DescribePolicy")
def describe_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(
        call, "DescribePolicy", lambda o: _arn_of(o, params["PolicyId"]), delegated=True
    )
    return {"Policy": common.render_policy(common.policy(org, params["PolicyId"]))}


@operation("organizations", "ListPolicies")
def list_policies(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListPolicies", delegated=True)
    wanted = params["Filter"]
    found = [p for p in org.policies.values() if p.type == wanted]
    return common.page(
        found, params, lambda p: p.id, result_key="Policies", render=common.render_policy_summary
    )


def attach_defaults(org: Organization, target_id: str) -> None:
    """A new OU or account gets the full-access policy of every enabled type, as AWS attaches it."""
    for policy_type, policy_id in DEFAULT_POLICY.items():
        if policy_type in org.policy_types:
            attached = org.attachments.get(target_id, ())
            if policy_id not in attached:
                org.attachments[target_id] = (*attached, policy_id)


def _of_type(org: Organization, target_id: str, policy_type: str) -> list[str]:
    return [p for p in org.attachments.get(target_id, ()) if org.policies[p].type == policy_type]


@operation("organizations", "AttachPolicy")
def attach_policy(call: Call, params: Params) -> None:
    org = common.managing_org(call, "AttachPolicy", lambda o: _arn_of(o, params["PolicyId"]))
    found = common.policy(org, params["PolicyId"])
    target_id = common.target(org, params["TargetId"])
    common.authorize(call, "AttachPolicy", common.target_arn(org, target_id))
    if found.type not in org.policy_types:
        raise error(
            "PolicyTypeNotEnabledException",
            "The specified policy type isn't currently enabled in this root. You can't attach policies of "
            "the specified type to entities in a root until you enable that type in the root.",
        )
    attached = org.attachments.get(target_id, ())
    if found.id in attached:
        raise error(
            "DuplicatePolicyAttachmentException",
            "The selected policy is already attached to the specified target.",
        )
    if len(_of_type(org, target_id, found.type)) >= MAX_ATTACHED.get(found.type, DEFAULT_MAX_ATTACHED):
        raise constraint(
            "MAX_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
            "You attempted to exceed the number of policies of a certain type that can be attached to an "
            "entity at one time.",
        )
    org.attachments[target_id] = (*attached, found.id)
    common.changed(call.backend, org)


@operation("organizations", "DetachPolicy")
def detach_policy(call: Call, params: Params) -> None:
    org = common.managing_org(call, "DetachPolicy", lambda o: _arn_of(o, params["PolicyId"]))
    found = common.policy(org, params["PolicyId"])
    target_id = common.target(org, params["TargetId"])
    common.authorize(call, "DetachPolicy", common.target_arn(org, target_id))
    attached = org.attachments.get(target_id, ())
    if found.id not in attached:
        raise error(
            "PolicyNotAttachedException",
            "The policy isn't attached to the specified target in the specified root.",
        )
    # "You can't detach the last SCP from a target" and RCPFullAWSAccess "cannot be detached"
    # (User Guide, "Detaching an SCP", "Resource control policies (RCPs)").
    if (found.type == SCP and len(_of_type(org, target_id, SCP)) == 1) or found.id == DEFAULT_POLICY[RCP]:
        raise constraint(
            "MIN_POLICY_TYPE_ATTACHMENT_LIMIT_EXCEEDED",
            "You attempted to detach a policy from an entity that would cause the entity to have fewer than "
            "the minimum number of policies of a certain type required.",
        )
    org.attachments[target_id] = tuple(p for p in attached if p != found.id)
    common.changed(call.backend, org)


@operation("organizations", "ListPoliciesForTarget")
def list_policies_for_target(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListPoliciesForTarget", delegated=True)
    target_id = common.target(org, params["TargetId"])
    found = [org.policies[p] for p in _of_type(org, target_id, params["Filter"])]
    return common.page(
        found, params, lambda p: p.id, result_key="Policies", render=common.render_policy_summary
    )


@operation("organizations", "ListTargetsForPolicy")
def list_targets_for_policy(call: Call, params: Params) -> Output:
    org = common.managing_org(
        call, "ListTargetsForPolicy", lambda o: _arn_of(o, params["PolicyId"]), delegated=True
    )
    found = common.policy(org, params["PolicyId"])
    targets = [t for t, attached in org.attachments.items() if found.id in attached]

    def render_target(target_id: str) -> object:
        if target_id == org.root_id:
            name, kind = "Root", "ROOT"
        elif target_id in org.units:
            name, kind = org.units[target_id].name, "ORGANIZATIONAL_UNIT"
        else:
            name, kind = org.accounts[target_id].name, "ACCOUNT"
        return {"TargetId": target_id, "Arn": common.target_arn(org, target_id), "Name": name, "Type": kind}

    return common.page(targets, params, lambda t: t, result_key="Targets", render=render_target)


def _root(org: Organization, root_id: str) -> None:
    if root_id != org.root_id:
        raise not_found("root")


@operation("organizations", "EnablePolicyType")
def enable_policy_type(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "EnablePolicyType", lambda o: o.arn("root", params["RootId"]))
    _root(org, params["RootId"])
    policy_type: str = params["PolicyType"]
    _available(org)
    if policy_type in org.policy_types:
        raise error("PolicyTypeAlreadyEnabledException", "The specified policy type is already enabled.")
    org.policy_types[policy_type] = "ENABLED"
    # "AWS Organizations attaches the FullAWSAccess SCP to the root, every OU and every account" when SCPs
    # are enabled; RCPFullAWSAccess likewise for RCPs (User Guide, "Enabling a policy type").
    for target_id in (org.root_id, *org.units, *org.accounts):
        attach_defaults(org, target_id)
    common.changed(call.backend, org)
    return {"Root": common.render_root(org)}


@operation("organizations", "DisablePolicyType")
def disable_policy_type(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "DisablePolicyType", lambda o: o.arn("root", params["RootId"]))
    _root(org, params["RootId"])
    policy_type: str = params["PolicyType"]
    if policy_type not in org.policy_types:
        raise error(
            "PolicyTypeNotEnabledException",
            "The specified policy type isn't currently enabled in this root. You can't attach policies of "
            "the specified type to entities in a root until you enable that type in the root.",
        )
    del org.policy_types[policy_type]
    # Disabling a type detaches every policy of it ("all policies of that type are automatically detached").
    for target_id, attached in list(org.attachments.items()):
        org.attachments[target_id] = tuple(p for p in attached if org.policies[p].type != policy_type)
    common.changed(call.backend, org)
    return {"Root": common.render_root(org)}


def _merge(into: dict[str, Any], document: dict[str, Any]) -> None:
    for key, value in document.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


@operation("organizations", "DescribeEffectivePolicy")
def describe_effective_policy(call: Call, params: Params) -> Output:
    """The policies of the type from the root down to the account, merged: a child's value for a key
    replaces its parent's (the default of "Policy inheritance for management policy types"; the
    inheritance operators ``@@assign`` etc. are kept as written)."""
    org = common.member_org(call, "DescribeEffectivePolicy")
    target_id = params.get("TargetId", call.account.id)
    if target_id != call.account.id:
        org = common.managing_org(call, "DescribeEffectivePolicy", delegated=True)
    common.target(org, target_id)
    if target_id not in org.accounts:
        raise invalid_input(
            "TARGET_NOT_SUPPORTED", "You can't perform the specified operation on that target entity."
        )
    policy_type: str = params["PolicyType"]
    merged: dict[str, Any] = {}
    found = False
    for step in org.chain(target_id):
        for policy_id in _of_type(org, step, policy_type):
            found = True
            _merge(merged, json.loads(org.policies[policy_id].content))
    if not found:
        raise not_found("effective_policy")
    return {
        "EffectivePolicy": {
            "PolicyContent": json.dumps(merged, separators=(",", ":")),
            "LastUpdatedTimestamp": call.now,
            "TargetId": target_id,
            "PolicyType": policy_type,
        }
    }


@operation("organizations", "ListAccountsWithInvalidEffectivePolicy")
def list_accounts_with_invalid_effective_policy(call: Call, params: Params) -> Output:
    """iammock does not validate merged effective policies beyond JSON: no account has an invalid one."""
    common.managing_org(call, "ListAccountsWithInvalidEffectivePolicy", delegated=True)
    return {"Accounts": [], "PolicyType": params["PolicyType"]}


@operation("organizations", "ListEffectivePolicyValidationErrors")
def list_effective_policy_validation_errors(call: Call, params: Params) -> Output:
    org = common.managing_org(call, "ListEffectivePolicyValidationErrors", delegated=True)
    account_id = params["AccountId"]
    common.account(org, account_id)
    return {
        "AccountId": account_id,
        "PolicyType": params["PolicyType"],
        "Path": org.path(account_id),
        "EvaluationTimestamp": call.now,
        "EffectivePolicyValidationErrors": [],
    }
