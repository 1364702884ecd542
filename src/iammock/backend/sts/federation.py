"""GetFederationToken: a federated-user session whose permissions come only through its session policy."""

from __future__ import annotations

from ...errors import access_denied
from ..authz import authorize
from ..call import Call
from ..registry import Output, Params, operation
from . import common, credentials

USER_DEFAULT, ROOT_MAX = 43200, 3600


@operation("sts", "GetFederationToken")
def get_federation_token(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    if caller.session is not None or caller.kind not in ("user", "root"):
        raise access_denied("Cannot call GetFederationToken with session credentials")
    account = caller.account
    name: str = params["Name"]
    arn = account.arn("sts", f"federated-user/{name}")
    authorize(call, "sts:GetFederationToken", arn, common.tag_context(params))
    given = params.get("Tags", [])
    tags = common.session_tags({"Tags": given}, None)
    if given:
        authorize(call, "sts:TagSession", arn, common.tag_context(params))
    if caller.is_root:
        # As for GetSessionToken (unconfirmed for this operation): longer requests become one hour.
        duration = min(params.get("DurationSeconds", ROOT_MAX), ROOT_MAX)
    else:
        duration = params.get("DurationSeconds", USER_DEFAULT)
    policies = common.session_policies(account, params, tags.tags or None)
    session = credentials.issue(
        call,
        account_id=account.id,
        kind="federated_user",
        arn=arn,
        user_id=f"{account.id}:{name}",
        duration=duration,
        user_name=caller.user.name if caller.user else None,
        session_policies=policies.documents,
        session_policy_arns=policies.arns,
        tags=dict(tags.tags),  # the session's own: session_tags may hand out a shared empty dict
        origin="GetFederationToken",
        parent=caller.arn,
    )
    return {
        "Credentials": credentials.render(session),
        "FederatedUser": {"FederatedUserId": session.user_id, "Arn": arn},
        "PackedPolicySize": policies.packed_size,
    }
