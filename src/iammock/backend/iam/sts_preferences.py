"""The account's STS preferences: which session token version the global endpoint issues."""

from __future__ import annotations

from ..call import Call
from ..model import Account
from ..registry import Params, operation

_VERSIONS = {"v1Token": 1, "v2Token": 2}


def token_version(account: Account) -> int:
    """1 (valid in Regions enabled by default only) unless the account chose v2Token."""
    version = account.global_endpoint_token_version
    return version


@operation("iam", "SetSecurityTokenServicePreferences")
def set_security_token_service_preferences(call: Call, params: Params) -> None:
    call.authorize("iam:SetSecurityTokenServicePreferences", "*")
    call.account.global_endpoint_token_version = _VERSIONS[params["GlobalEndpointTokenVersion"]]
    return None
