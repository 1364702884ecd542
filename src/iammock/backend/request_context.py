"""The condition keys AWS builds for one authorization (reference section 4)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from ..engine import ContextValue, Principal, principal_context
from .caller import Caller
from .model import Account, Tagged

if TYPE_CHECKING:
    from .call import Call

_RESOURCE_TYPES = ("user", "role", "instance-profile", "server-certificate")


def principal_keys(caller: Caller, principal: Principal) -> dict[str, ContextValue]:
    """Keys that depend only on who calls: the same for every action of one call."""
    keys = principal_context(principal)
    session = caller.session
    tags: dict[str, str] = {}
    if caller.kind == "user" and caller.user is not None:
        tags = dict(caller.user.tags)
    elif session is not None and session.kind == "assumed_role":
        role = caller.account.roles.get((session.role_name or "").lower())
        tags = dict(role.tags) if role is not None else {}
        _overlay(tags, session.tags)  # session tags replace role tags of the same key, whatever the case
    elif session is not None and session.kind == "federated_user":
        tags = dict(caller.user.tags) if caller.user else {}
        _overlay(tags, session.tags)
    for key, value in tags.items():
        keys[f"aws:PrincipalTag/{key}"] = value
    _add_organization(keys, caller.account, "Principal")
    if session is not None:
        keys["aws:TokenIssueTime"] = session.issued
        keys["aws:MultiFactorAuthPresent"] = session.mfa_authenticated
        if session.mfa_authenticated:
            keys["aws:MultiFactorAuthAge"] = 0  # placeholder: seconds since the session began, per call
        if session.source_identity:
            keys["aws:SourceIdentity"] = session.source_identity
        if session.federated_provider:
            keys["aws:FederatedProvider"] = session.federated_provider
    return keys


def _add_organization(keys: dict[str, ContextValue], account: Account | None, side: str) -> None:
    """``aws:<side>OrgID`` and ``aws:<side>OrgPaths`` of an account that is in an organization (absent
    otherwise, as "AWS global condition context keys" gives their availability). The path is the one
    of the account's parent, ``o-…/r-…/ou-…/…/``: the form that page shows for both keys."""
    org = account.organization if account is not None else None
    if org is None:
        return
    member = org.accounts.get(account.id) if account is not None else None
    if member is None:
        return
    keys[f"aws:{side}OrgID"] = org.id
    keys[f"aws:{side}OrgPaths"] = [org.path(member.parent_id)]


def _overlay(tags: dict[str, str], session_tags: Mapping[str, str]) -> None:
    for key, value in session_tags.items():
        for old in [k for k in tags if k.lower() == key.lower()]:
            del tags[old]
        tags[key] = value


def resource_tags(account: Account, arn: str) -> dict[str, str]:
    """Tags of the IAM resource an ARN names, when it is this account's and tagged."""
    found = _tags_of(account, arn)
    return dict(found) if found else {}


def _tags_of(account: Account, arn: str) -> Mapping[str, str] | None:
    prefix = f"arn:{account.partition}:iam::{account.id}:"
    if not arn.startswith(prefix):
        return None
    rest = arn[len(prefix) :]
    kind, _, path_and_name = rest.partition("/")
    name = path_and_name.rsplit("/", 1)[-1].lower()
    entity: Tagged | None = None
    if kind == "user":
        entity = account.users.get(name)
    elif kind == "role":
        entity = account.roles.get(name)
    elif kind == "instance-profile":
        entity = account.instance_profiles.get(name)
    elif kind == "policy":
        entity = account.policies.get(arn)
    elif kind in ("oidc-provider", "saml-provider"):
        entity = (account.oidc_providers if kind == "oidc-provider" else account.saml_providers).get(arn)
    elif kind == "server-certificate":
        entity = account.server_certificates.get(name)
    elif kind == "mfa":
        entity = account.mfa_devices.get(arn)
    return getattr(entity, "tags", None)


# Marks a resource met once in the memo's state generation. Its keys then go straight into the call's
# context: many resources are not met again before the state changes (a user being created, after
# which the state moves on), so the per-resource keys are only kept apart for reuse from the second
# meeting on. Compared by identity, never filled.
_MET_ONCE: dict[str, ContextValue] = {}


def build(
    call: Call,
    principal_part: Mapping[str, ContextValue],
    resource: str,
    extra: Mapping[str, ContextValue],
    memo: dict[tuple[str, str, str], dict[str, ContextValue]] | None = None,
) -> dict[str, ContextValue]:
    """The request context of one authorization. ``memo`` keeps, per resource, the keys that do not
    change from call to call while the state does not (the caller's, the resource's tags)."""
    caller = call.caller
    now = call.now
    base = None
    if memo is not None:
        base_key = (resource, call.region, call.source_ip)
        base = memo.get(base_key)
        if base is _MET_ONCE:
            base = memo[base_key] = _base(call, principal_part, resource)
        elif base is None:
            if len(memo) >= 256:
                memo.clear()
            memo[base_key] = _MET_ONCE
    if base is None:
        # What the memoised path below gives: the same keys, values and order.
        context: dict[str, ContextValue] = {
            "aws:CurrentTime": now,
            "aws:EpochTime": int(now.timestamp()),
            "aws:SecureTransport": True,
            "aws:SourceIp": call.source_ip,
            "aws:RequestedRegion": call.region,
            "aws:ViaAWSService": False,
        }
        context.update(principal_part)
        _add_resource_tags(context, call, resource)
    else:
        context = {"aws:CurrentTime": now, "aws:EpochTime": int(now.timestamp())}
        context.update(base)
    if "aws:MultiFactorAuthAge" in context and caller is not None and caller.session is not None:
        context["aws:MultiFactorAuthAge"] = int((now - caller.session.issued).total_seconds())
    owner = extra.get("aws:ResourceAccount")
    if isinstance(owner, str) and owner != context.get("aws:ResourceAccount"):
        # Other services name the resource's owner (services/enforce.py) where its ARN does not (S3):
        # that account's organization keys. Most ARNs name it, and the memoised keys already hold them.
        context.pop("aws:ResourceOrgID", None)
        context.pop("aws:ResourceOrgPaths", None)
        _add_organization(context, call.backend.existing_account(owner), "Resource")
    context.update(extra)
    return context


def _base(call: Call, principal_part: Mapping[str, ContextValue], resource: str) -> dict[str, ContextValue]:
    base: dict[str, ContextValue] = {
        "aws:SecureTransport": True,
        "aws:SourceIp": call.source_ip,
        "aws:RequestedRegion": call.region,
        "aws:ViaAWSService": False,
    }
    base.update(principal_part)
    _add_resource_tags(base, call, resource)
    return base


def _add_resource_tags(keys: dict[str, ContextValue], call: Call, resource: str) -> None:
    _add_resource_account(keys, call, resource)
    caller = call.caller
    tags = _tags_of(caller.account, resource) if caller is not None else None
    if tags:
        for key, value in tags.items():
            keys[f"aws:ResourceTag/{key}"] = value
            keys[f"iam:ResourceTag/{key}"] = value


def _add_resource_account(keys: dict[str, ContextValue], call: Call, resource: str) -> None:
    """``aws:ResourceAccount`` of an ARN that names its account (IAM's and STS's resources), with the
    organization keys of that account ("AWS global condition context keys": aws:ResourceAccount,
    aws:ResourceOrgID, aws:ResourceOrgPaths)."""
    if not resource.startswith("arn:"):
        return
    parts = resource.split(":", 5)
    if len(parts) < 6 or len(parts[4]) != 12 or not parts[4].isdigit():
        return
    keys["aws:ResourceAccount"] = parts[4]
    _add_organization(keys, call.backend.existing_account(parts[4]), "Resource")
