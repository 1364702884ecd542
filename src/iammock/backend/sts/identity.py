"""Who am I, and short-term credentials for users and the account root."""

from __future__ import annotations

from ...errors import AwsError, access_denied
from ..call import Call
from ..mfa_check import verify_mfa
from ..registry import Output, Params, operation
from . import credentials


@operation("sts", "GetCallerIdentity")
def get_caller_identity(call: Call, params: Params) -> Output:
    # Needs no permission and cannot be denied, not even by an explicit Deny.
    caller = call.caller
    assert caller is not None
    return {"UserId": caller.user_id, "Account": caller.account_id, "Arn": caller.arn}


@operation("sts", "GetSessionToken")
def get_session_token(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    if caller.session is not None or caller.kind not in ("user", "root"):
        raise access_denied("Cannot call GetSessionToken with session credentials")
    # AWS documents that GetSessionToken needs no permission.
    if caller.is_root:
        # Longer requests from root silently become one hour.
        duration = min(params.get("DurationSeconds", 3600), 3600)
    else:
        duration = params.get("DurationSeconds", 43200)
        if duration > 129600:
            raise AwsError(
                "ValidationError",
                f"1 validation error detected: Value '{duration}' at 'durationSeconds' failed to satisfy "
                "constraint: Member must have value less than or equal to 129600",
            )
    if "SerialNumber" in params or "TokenCode" in params:
        verify_mfa(call, caller, params.get("SerialNumber"), params.get("TokenCode"))
    session = credentials.issue(
        call,
        account_id=caller.account_id,
        kind=caller.kind,
        arn=caller.arn,
        user_id=caller.user_id,
        duration=duration,
        user_name=caller.user.name if caller.user else None,
        mfa_authenticated=bool(params.get("SerialNumber")),
        origin="GetSessionToken",
    )
    return {"Credentials": credentials.render(session)}


@operation("sts", "GetAccessKeyInfo")
def get_access_key_info(call: Call, params: Params) -> Output:
    key_id: str = params["AccessKeyId"]
    backend = call.backend
    key = backend.access_keys.get(key_id)
    temp = backend.temporary.get(key_id)
    caller = call.caller
    assert caller is not None
    call.authorize("sts:GetAccessKeyInfo", "*")
    if key is not None:
        return {"Account": key.account_id}
    if temp is not None:
        return {"Account": temp.account_id}
    # AWS decodes the account from the key itself; a key the mock never issued belongs to nobody
    # it knows, so answer with the caller's account, as for keys of an account we cannot see.
    return {"Account": caller.account_id}
