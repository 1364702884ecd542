"""GetScopedCredentials (botocore 1.44+): the calling session again, with fewer permissions or less time.

STS API Reference, "GetScopedCredentials", and IAM User Guide, "Permissions for GetScopedCredentials":
only temporary credentials may call it; the new credentials keep the caller's identity (session ARN,
session name, tags, source identity) and are limited by the intersection of the calling session's
permissions and every scope-down policy of the chain (at most three), checked in ``backend.scopes``.
They never outlive the calling session. botocore models before 1.44 have no such operation.
"""

from __future__ import annotations

import math
from dataclasses import replace

from ...engine import PolicyKind, parse_policy
from ...errors import AwsError, access_denied, validation_error
from ..call import Call
from ..registry import Output, Params, operation
from ..scopes import MAX_LAYERS, layers
from . import common, credentials

# The largest session token STS hands out, for SessionTokenUtilization: MinimumSessionTokenSize may ask
# for up to 4,096 bytes (the model's range), so that is taken as the whole (unconfirmed).
TOKEN_LIMIT = 4096


@operation("sts", "GetScopedCredentials")
def get_scoped_credentials(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    session = caller.session
    if session is None:
        # "You cannot call it with IAM user credentials or root credentials." (unconfirmed code and wording:
        # the operation's error for a caller that is no valid session)
        raise AwsError(
            "InvalidSubjectCredentials",
            "GetScopedCredentials must be called with temporary security credentials.",
            400,
        )
    # Asked as the calling session, so the scope-down policies of earlier calls must allow it as well.
    call.authorize("sts:GetScopedCredentials", "*")
    policy: str | None = params.get("Policy")
    duration: int | None = params.get("DurationSeconds")
    if policy is None and duration is None:
        # "A request must provide at least one of Policy or DurationSeconds." (unconfirmed wording)
        raise validation_error("A request must provide at least one of Policy or DurationSeconds.")
    chain = layers(session)
    if policy is not None:
        if len(chain) >= MAX_LAYERS:
            # A fourth scope-down policy "is denied" (ScopedPoliciesCount; unconfirmed wording).
            raise access_denied(
                f"The session already has {MAX_LAYERS} scope down policies; no more can be added."
            )
        parse_policy(policy, PolicyKind.SESSION)
        common.packed_size(policy, (), {})
        chain = (*chain, policy)
    expiration = session.expiration
    if duration is not None:
        wanted = call.now + credentials.span(duration)
        if wanted > expiration:
            # (unconfirmed wording) the code is the model's InsufficientSessionLifetimeException.
            raise AwsError(
                "InsufficientSessionLifetime",
                "The requested DurationSeconds exceeds the remaining lifetime of the calling session.",
                400,
            )
        expiration = wanted
    access_key_id, secret, token = call.backend.ids.temporary_credentials()
    minimum: int = params.get("MinimumSessionTokenSize") or 0
    if len(token) < minimum:
        token = (token * (minimum // len(token) + 1))[:minimum]  # "increases the session token"
    scoped = replace(
        session,
        access_key_id=access_key_id,
        secret=secret,
        token=token,
        issued=call.now,
        expiration=expiration,
        tags=dict(session.tags),
        scope_down_policies=chain,
    )
    call.backend.temporary[access_key_id] = scoped  # its keys authenticate from now on
    size = len(token.encode())
    return {
        "Credentials": credentials.render(scoped),
        "SessionInfo": {"ScopedSessionId": session.user_id, "Arn": session.arn},
        "SessionTokenUtilization": min(100, math.ceil(size * 100 / TOKEN_LIMIT)),
        "SessionTokenSize": size,
        "ScopedPoliciesCount": len(chain),
        "SourceIdentity": session.source_identity,
    }
