"""UpdateOpenIDConnectProvider: a provider's context provider and IAM Identity Center association.

Registered like every operation; botocore models before 1.44 do not have it, and then nothing calls it.
The rules are the IAM API Reference page "UpdateOpenIDConnectProvider": a value and its Remove flag are
exclusive, one request changes either the context provider or the Identity Center association, and the
association goes before the context provider does. The thumbprints are not touched (that is
UpdateOpenIDConnectProviderThumbprint).
"""

from __future__ import annotations

from ...engine import ContextValue
from ..call import Call
from ..registry import Params, operation
from . import context_providers
from .oidc_providers import find


@operation("iam", "UpdateOpenIDConnectProvider")
def update_open_id_connect_provider(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    given_context = params.get("ContextProvider")
    remove_context = bool(params.get("RemoveContextProvider"))
    instance_arn: str | None = params.get("IdentityCenterInstanceArn")
    remove_instance = bool(params.get("RemoveIdentityCenterInstance"))
    # The condition keys the page names: Request* hold what the request sets, Resource* what is stored.
    context: dict[str, ContextValue] = {}
    if given_context is not None:
        context["iam:EnableIdentityPropagation"] = True
    if instance_arn is not None:
        context["iam:EnableIdentityCenterAssociation"] = True
        context["iam:RequestIdentityCenterInstanceArn"] = instance_arn
    existing = call.account.oidc_providers.get(arn)
    if existing is not None:
        context["iam:ResourceIdentityProviderIssuers"] = [existing.url]
        if existing.identity_center_instance_arn is not None:
            context["iam:ResourceIdentityCenterInstanceArn"] = existing.identity_center_instance_arn
    call.authorize("iam:UpdateOpenIDConnectProvider", arn, context)
    provider = find(call.account, arn)
    # (unconfirmed wording for each InvalidInput below; the rules are the page's)
    if given_context is not None and remove_context:
        raise context_providers.invalid(
            "Specify either ContextProvider or RemoveContextProvider, but not both."
        )
    if instance_arn is not None and remove_instance:
        raise context_providers.invalid(
            "Specify either IdentityCenterInstanceArn or RemoveIdentityCenterInstance, but not both."
        )
    changes_context = given_context is not None or remove_context
    changes_instance = instance_arn is not None or remove_instance
    if changes_context and changes_instance:
        raise context_providers.invalid(
            "A request can change either the context provider or the IAM Identity Center association, "
            "but not both."
        )
    if not changes_context and not changes_instance:
        raise context_providers.invalid(
            "Specify ContextProvider, RemoveContextProvider, IdentityCenterInstanceArn or "
            "RemoveIdentityCenterInstance."
        )
    if given_context is not None:
        provider.context_provider = context_providers.parse(given_context)
    elif remove_context:
        if provider.identity_center_instance_arn is not None:
            raise context_providers.invalid(
                "Remove the IAM Identity Center association before removing the context provider."
            )
        provider.context_provider = None
    elif instance_arn is not None:
        if provider.context_provider is None:
            raise context_providers.needs_context_provider()
        provider.identity_center_instance_arn = instance_arn
    else:
        provider.identity_center_instance_arn = None
    return None
