"""Outbound web identity federation: whether the account's principals may get JWTs from STS."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from ...errors import AwsError
from ..call import Call
from ..model import Account
from ..registry import Output, Params, operation


@dataclass(eq=False)
class OutboundFederation:
    issuer: str  # https://<uuid>.tokens.sts.global.api.aws, fixed for the account once generated
    enabled: bool


def state(account: Account) -> OutboundFederation | None:
    """The account's setting; None until the feature was first enabled (STS reads it too)."""
    found = account.outbound_federation
    return found


def _disabled() -> AwsError:
    return AwsError(
        "FeatureDisabled",
        "Outbound identity federation is disabled for your Amazon Web Services account.",
        404,
    )


@operation("iam", "EnableOutboundWebIdentityFederation")
def enable_outbound_web_identity_federation(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:EnableOutboundWebIdentityFederation", "*")
    current = state(account)
    if current is not None and current.enabled:
        raise AwsError(
            "FeatureEnabled",
            "Outbound identity federation is already enabled for your Amazon Web Services account.",
            409,
        )
    if current is None:
        token = uuid.UUID(call.backend.ids.request_id())
        current = OutboundFederation(f"https://{token}.tokens.sts.global.api.aws", True)
        account.outbound_federation = current
    current.enabled = True
    return {"IssuerIdentifier": current.issuer}


@operation("iam", "DisableOutboundWebIdentityFederation")
def disable_outbound_web_identity_federation(call: Call, params: Params) -> None:
    account = call.account
    call.authorize("iam:DisableOutboundWebIdentityFederation", "*")
    current = state(account)
    if current is None or not current.enabled:
        raise _disabled()
    current.enabled = False
    return None


@operation("iam", "GetOutboundWebIdentityFederationInfo")
def get_outbound_web_identity_federation_info(call: Call, params: Params) -> Output:
    call.authorize("iam:GetOutboundWebIdentityFederationInfo", "*")
    current = state(call.account)
    if current is None:
        raise _disabled()
    return {"IssuerIdentifier": current.issuer, "JwtVendingEnabled": current.enabled}
