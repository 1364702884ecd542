"""IAM OpenID Connect identity providers: the web identities ``AssumeRoleWithWebIdentity`` trusts."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from ...errors import AwsError
from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged
from ..registry import Output, Params, operation
from . import context_providers

MAX_PROVIDERS = 100
MAX_CLIENT_IDS = 100
MAX_THUMBPRINTS = 5
_THUMBPRINT = re.compile(r"[0-9A-Fa-f]{40}")


@dataclass(eq=False)
class OidcProvider(Tagged):
    """What STS checks a web identity token against.

    ``url`` is the issuer as created (``https://host/path``): a token's ``iss`` claim must equal it.
    """

    arn: str
    url: str
    created: datetime
    client_ids: list[str] = field(default_factory=list)  # audiences, in the order added
    thumbprints: list[str] = field(default_factory=list)
    # Trusted identity propagation (botocore 1.44+ models): set by Create/UpdateOpenIDConnectProvider.
    context_provider: context_providers.ContextProvider | None = None
    identity_center_instance_arn: str | None = None

    @property
    def host_path(self) -> str:
        """The URL without its scheme, as GetOpenIDConnectProvider returns it and the ARN ends."""
        return self.url[len("https://") :]


def _arn_for_url(account: Account, url: str) -> str:
    return account.arn("iam", f"oidc-provider/{url.removeprefix('https://')}")


def find(account: Account, arn: str) -> OidcProvider:
    found: OidcProvider | None = account.oidc_providers.get(arn)
    if found is None:
        raise lookup.no_such_entity(f"OpenIDConnect Provider not found for arn {arn}")
    return found


def _check_url(url: str) -> None:
    # AWS wants an https issuer with a host; the issuer is not normalised (case and a trailing
    # slash make a different provider), so neither is it here.
    if not url.startswith("https://") or len(url) <= len("https://") or url[len("https://")] == "/":
        raise AwsError("InvalidInput", "Invalid Open ID Connect Provider URL", 400)


def _check_thumbprints(thumbprints: list[str]) -> list[str]:
    if len(thumbprints) > MAX_THUMBPRINTS:
        raise AwsError(
            "InvalidInput", f"Thumbprint list must contain fewer than {MAX_THUMBPRINTS + 1} entries", 400
        )
    for thumbprint in thumbprints:
        if not _THUMBPRINT.fullmatch(thumbprint):
            raise AwsError("InvalidInput", f"Thumbprint {thumbprint} is not a valid SHA-1 hex digest", 400)
    return list(dict.fromkeys(thumbprints))


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


@operation("iam", "CreateOpenIDConnectProvider")
def create_open_id_connect_provider(call: Call, params: Params) -> Output:
    account = call.account
    url: str = params["Url"]
    given_tags = params.get("Tags", [])
    arn = _arn_for_url(account, url)
    context = tags.request_context(given_tags)
    call.authorize("iam:CreateOpenIDConnectProvider", arn, context)
    if given_tags:
        call.authorize("iam:TagOpenIDConnectProvider", arn, context)
    _check_url(url)
    client_ids = _unique(params.get("ClientIDList", []))
    if len(client_ids) > MAX_CLIENT_IDS:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}",
            409,
        )
    thumbprints = _check_thumbprints(params.get("ThumbprintList", []))
    if arn in account.oidc_providers:
        raise AwsError("EntityAlreadyExists", f"Provider with url {url} already exists.", 409)
    if len(account.oidc_providers) >= MAX_PROVIDERS:
        raise AwsError(
            "LimitExceeded", f"Cannot exceed quota for OpenIdConnectProvidersPerAccount: {MAX_PROVIDERS}", 409
        )
    provider_tags = tags.merge({}, given_tags, case_insensitive=False)
    context_provider = (
        context_providers.parse(params["ContextProvider"]) if "ContextProvider" in params else None
    )
    instance_arn = params.get("IdentityCenterInstanceArn")
    if instance_arn is not None and context_provider is None:
        raise context_providers.needs_context_provider()
    provider = OidcProvider(
        arn=arn,
        url=url,
        created=call.now,
        client_ids=client_ids,
        thumbprints=thumbprints,
        tags=provider_tags,
        context_provider=context_provider,
        identity_center_instance_arn=instance_arn,
    )
    account.oidc_providers[arn] = provider
    return {"OpenIDConnectProviderArn": arn, "Tags": tags.as_list(provider_tags) or None}


@operation("iam", "GetOpenIDConnectProvider")
def get_open_id_connect_provider(call: Call, params: Params) -> Output:
    arn: str = params["OpenIDConnectProviderArn"]
    call.authorize("iam:GetOpenIDConnectProvider", arn)
    provider = find(call.account, arn)
    return {
        "Url": provider.host_path,
        "ClientIDList": list(provider.client_ids),
        "ThumbprintList": list(provider.thumbprints),
        "CreateDate": provider.created,
        "Tags": tags.as_list(provider.tags),
        # Only ever set where the model has these members (None is left out of the answer).
        "ContextProvider": provider.context_provider.render() if provider.context_provider else None,
        "IdentityCenterInstanceArn": provider.identity_center_instance_arn,
    }


@operation("iam", "ListOpenIDConnectProviders")
def list_open_id_connect_providers(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListOpenIDConnectProviders", "*")
    return {"OpenIDConnectProviderList": [{"Arn": arn} for arn in sorted(account.oidc_providers)]}


@operation("iam", "DeleteOpenIDConnectProvider")
def delete_open_id_connect_provider(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    call.authorize("iam:DeleteOpenIDConnectProvider", arn)
    # IAM API Reference, DeleteOpenIDConnectProvider: "This operation is idempotent; it does not fail or
    # return an error if you call the operation for a provider that does not exist."
    call.account.oidc_providers.pop(arn, None)
    return None


@operation("iam", "AddClientIDToOpenIDConnectProvider")
def add_client_id(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    call.authorize("iam:AddClientIDToOpenIDConnectProvider", arn)
    provider = find(call.account, arn)
    client_id: str = params["ClientID"]
    if client_id in provider.client_ids:
        return None  # idempotent, as documented
    if len(provider.client_ids) >= MAX_CLIENT_IDS:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for ClientIdsPerOpenIdConnectProvider: {MAX_CLIENT_IDS}",
            409,
        )
    provider.client_ids.append(client_id)
    return None


@operation("iam", "RemoveClientIDFromOpenIDConnectProvider")
def remove_client_id(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    call.authorize("iam:RemoveClientIDFromOpenIDConnectProvider", arn)
    provider = find(call.account, arn)
    client_id: str = params["ClientID"]
    if client_id in provider.client_ids:
        provider.client_ids.remove(client_id)
    return None


@operation("iam", "UpdateOpenIDConnectProviderThumbprint")
def update_thumbprint(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    call.authorize("iam:UpdateOpenIDConnectProviderThumbprint", arn)
    provider = find(call.account, arn)
    provider.thumbprints = _check_thumbprints(params["ThumbprintList"])
    return None


@operation("iam", "TagOpenIDConnectProvider")
def tag_open_id_connect_provider(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    tags.tag(call, "iam:TagOpenIDConnectProvider", arn, lambda: find(call.account, arn), params["Tags"])


@operation("iam", "UntagOpenIDConnectProvider")
def untag_open_id_connect_provider(call: Call, params: Params) -> None:
    arn: str = params["OpenIDConnectProviderArn"]
    tags.untag(
        call, "iam:UntagOpenIDConnectProvider", arn, lambda: find(call.account, arn), params["TagKeys"]
    )


@operation("iam", "ListOpenIDConnectProviderTags")
def list_open_id_connect_provider_tags(call: Call, params: Params) -> Output:
    arn: str = params["OpenIDConnectProviderArn"]
    return tags.listing(
        call, "iam:ListOpenIDConnectProviderTags", arn, lambda: find(call.account, arn), params, by_key=True
    )
