"""AssumeRole: a role session for an authenticated caller, as trust and the caller's policies allow."""

from __future__ import annotations

from ...engine import ContextValue, PolicyKind, denial_message
from ...errors import access_denied, validation_error
from ..authz import authorize_trust
from ..call import Call
from ..mfa_check import verify_mfa
from ..registry import Output, Params, operation
from . import common

ROOT_CANNOT_ASSUME = "Roles may not be assumed by root accounts."


@operation("sts", "AssumeRole")
def assume_role(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    role_arn: str = params["RoleArn"]
    session_name: str = params["RoleSessionName"]
    if caller.kind == "root":
        raise access_denied(ROOT_CANNOT_ASSUME)
    split = common.parse_role_arn(role_arn)  # check_role_arn, less one call on the way
    if split is None:
        raise common.invalid_role_arn(role_arn)
    parent = caller.session
    chained = parent is not None and parent.kind == "assumed_role"

    source_identity = params.get("SourceIdentity")
    inherited_identity = parent.source_identity if parent is not None else None
    if (
        inherited_identity is not None
        and source_identity is not None
        and source_identity != inherited_identity
    ):
        # (unconfirmed wording) a source identity is fixed for the whole chain.
        raise validation_error(
            f"SourceIdentity {source_identity} does not match the source identity of the calling session "
            f"({inherited_identity}); it cannot be changed once set."
        )
    effective_identity = source_identity or inherited_identity

    mfa = parent.mfa_authenticated if parent is not None else False
    context: dict[str, ContextValue] = {"sts:RoleSessionName": session_name}
    if "SerialNumber" in params or "TokenCode" in params:
        verify_mfa(call, caller, params.get("SerialNumber"), params.get("TokenCode"))
        mfa = True
        context["aws:MultiFactorAuthPresent"] = True
        context["aws:MultiFactorAuthAge"] = 0
    tagged = "Tags" in params or "TransitiveTagKeys" in params
    if tagged:
        context.update(common.tag_context(params))
    if "ExternalId" in params:
        context["sts:ExternalId"] = params["ExternalId"]
    if source_identity is not None:
        context["sts:SourceIdentity"] = source_identity

    role = common.role_at(call, split)
    if role is None:
        # A role that does not exist is answered exactly like one whose trust policy says no.
        raise access_denied(denial_message(caller.arn, "sts:AssumeRole", role_arn, PolicyKind.TRUST, False))
    # authz directly rather than through Call.authorize_trust: one layer (and an import) less per call.
    authorize_trust(call, role, "sts:AssumeRole", context)
    # The common.session_tags and common.session_policies calls are skipped when they would answer
    # "nothing": most sessions pass no tags or policies and inherit no tags.
    if tagged or (parent is not None and parent.transitive_tag_keys):
        tags = common.session_tags(params, parent)
    else:
        tags = common.NO_SESSION_TAGS
    if tags.passed:
        authorize_trust(call, role, "sts:TagSession", context)
    if effective_identity is not None:
        # Also when only inherited: each role down a chain must let the source identity through.
        authorize_trust(
            call, role, "sts:SetSourceIdentity", {**context, "sts:SourceIdentity": effective_identity}
        )

    duration = common.role_duration(params, role, chained=chained)
    if tags.passed or "Policy" in params or "PolicyArns" in params:
        role_account = call.backend.accounts[split[0]]
        policies = common.session_policies(role_account, params, tags.tags if tags.passed else None)
    else:
        policies = common.NO_SESSION_POLICIES
    session = common.issue_role_session(
        call,
        role,
        session_name,
        duration,
        origin="AssumeRole",
        policies=policies,
        tags=tags,
        source_identity=effective_identity,
        mfa=mfa,
        chained=chained,
        external_id=params.get("ExternalId"),
    )
    return common.assumed_role_answer(session, policies)
