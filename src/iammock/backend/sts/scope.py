"""What a session may call, by the STS operation that made it ("Compare AWS STS credentials",
https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_sts-comparison.html),
checked on authentication.

GetSessionToken credentials without MFA, and GetFederationToken credentials, are not accepted by
IAM at all; both may call only a few STS operations.
"""

from __future__ import annotations

from ...errors import AwsError, access_denied
from ..caller import Caller, invalid_token

# GetScopedCredentials too: its STS API Reference page has users scope down GetSessionToken credentials,
# and names federated sessions among its callers.
_SESSION_TOKEN_STS = frozenset({"AssumeRole", "GetCallerIdentity", "GetScopedCredentials"})
_FEDERATION_STS = frozenset({"GetCallerIdentity", "GetScopedCredentials"})
_NEVER_WITH_SESSIONS = frozenset({"GetSessionToken", "GetFederationToken"})


def check(caller: Caller | None, service: str, operation: str) -> None:
    """Raise AWS's error when ``caller``'s session may not call ``service:operation`` at all."""
    session = caller.session if caller is not None else None
    if session is None or caller is None:
        return
    origin = session.origin
    if service == "iam":
        if origin == "GetSessionToken" and not session.mfa_authenticated:
            raise invalid_token()
        if origin == "GetFederationToken":
            # (unconfirmed) treated like GetSessionToken credentials without MFA.
            raise invalid_token()
        return
    if service != "sts" or operation in _NEVER_WITH_SESSIONS:
        return  # GetSessionToken / GetFederationToken answer with their own message
    allowed = {"GetSessionToken": _SESSION_TOKEN_STS, "GetFederationToken": _FEDERATION_STS}.get(str(origin))
    if allowed is not None and operation not in allowed:
        raise denied(caller.arn, f"sts:{operation}")


def denied(arn: str, action: str) -> AwsError:
    return access_denied(f"User: {arn} is not authorized to perform: {action}")
