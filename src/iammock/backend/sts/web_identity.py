"""AssumeRoleWithWebIdentity: a role session for the bearer of a verified OpenID Connect ID token."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ...engine import ContextValue, Principal
from ...errors import AwsError, access_denied
from ..authz import authorize_trust
from ..call import Call
from ..model import Account, VerifiedClaims
from ..registry import Output, Params, operation
from . import common, issuer_keys

if TYPE_CHECKING:
    from ..iam.oidc_providers import OidcProvider

# A token's claims: the JSON object of its payload, as PyJWT decodes it.
Claims = dict[str, Any]

# Identity providers a trust policy may name without an IAM OIDC provider ("AWS JSON policy elements:
# Principal", web identity session principals,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html).
WELL_KNOWN = frozenset(
    {"accounts.google.com", "cognito-identity.amazonaws.com", "graph.facebook.com", "www.amazon.com"}
)
_ALGORITHMS = ["RS256", "RS384", "RS512", "ES256", "ES384", "ES512", "PS256"]
TAGS_CLAIM = "https://aws.amazon.com/tags"
SOURCE_IDENTITY_CLAIM = "https://aws.amazon.com/source_identity"


def invalid_token(message: str) -> AwsError:
    return AwsError("InvalidIdentityToken", message, 400)


_NOT_A_JWT = "The ID Token provided is not a valid JWT. (You may see this error if you sent an Access Token)"
_NO_KEY = (
    "Couldn't retrieve verification key from your identity provider,  please reference "
    "AssumeRoleWithWebIdentity documentation for requirements"
)


def _epoch(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and not isinstance(value, bool) else None


def verify(call: Call, token: str, account: Account | None) -> tuple[Claims, str, OidcProvider | None]:
    """Claims, provider identifier (well-known host or IAM provider ARN) and the IAM provider record."""
    # Imported on first use: most suites never send an ID token, and PyJWT pulls in cryptography,
    # whose ~10k objects every garbage collection would otherwise walk.
    import jwt

    try:
        header = jwt.get_unverified_header(token)
        claims = jwt.decode(token, options={"verify_signature": False})
    except jwt.PyJWTError:
        raise invalid_token(_NOT_A_JWT) from None
    iss = claims.get("iss")
    if not isinstance(iss, str) or not iss:
        raise invalid_token(_NOT_A_JWT)
    url = issuer_keys.normalise(iss)
    host_path = url[len("https://") :]
    provider: OidcProvider | None = None
    if host_path in WELL_KNOWN:
        provider_id = host_path
    else:
        found = [p for p in (account.oidc_providers.values() if account else ()) if p.url == url]
        if not found:
            raise invalid_token(f"No OpenIDConnect provider found in your account for {iss}")
        provider = found[0]
        provider_id = provider.arn
    keys = issuer_keys.keys_for(call.backend, url)
    kid = header.get("kid")
    candidates = [keys[kid]] if kid in keys else ([] if kid else list(keys.values()))
    if not candidates:
        raise invalid_token(_NO_KEY)
    for key in candidates:
        try:
            jwt.decode(
                token,
                key,
                algorithms=_ALGORITHMS,
                options={"verify_aud": False, "verify_exp": False, "verify_nbf": False, "verify_iat": False},
            )
            break
        except jwt.InvalidSignatureError:
            continue
        except jwt.PyJWTError:
            raise invalid_token(_NOT_A_JWT) from None
    else:
        # (unconfirmed wording)
        raise invalid_token("The web identity token signature could not be verified.")
    now = call.now
    exp = _epoch(claims.get("exp"))
    if exp is None:
        raise invalid_token(_NOT_A_JWT)
    current = int(now.timestamp())
    if current >= exp:
        # AWS's message as seen in the wild: epoch seconds, and no space after the second "date/time".
        raise AwsError(
            "ExpiredTokenException",
            f"Token expired: current date/time {current} must be before the expiration date/time{exp}",
            400,
        )
    for name in ("nbf", "iat"):
        moment = _epoch(claims.get(name))
        if moment is not None and moment > current + 300:
            # (unconfirmed wording) a token from the future, beyond five minutes of clock skew.
            raise invalid_token(f"The token is not yet valid ({name}).")
    if provider is not None:
        audiences = _audiences(claims)
        if not any(a in provider.client_ids for a in audiences):
            raise invalid_token("Incorrect token audience")
    return claims, provider_id, provider


def _audiences(claims: Claims) -> list[str]:
    aud = claims.get("aud")
    if isinstance(aud, str):
        return [aud]
    if isinstance(aud, list):
        return [a for a in aud if isinstance(a, str)]
    return []


def _trust_context(
    claims: Claims, prefix: str, provider: OidcProvider | None
) -> tuple[dict[str, ContextValue], str]:
    """The ``<prefix>:…`` condition keys, and the audience the answer reports."""
    audiences = _audiences(claims)
    if provider is not None:
        audience = next((a for a in audiences if a in provider.client_ids), audiences[0] if audiences else "")
    else:
        audience = audiences[0] if audiences else ""
    context: dict[str, ContextValue] = {}
    if prefix == "accounts.google.com":
        # Google: ":aud" is the authorised party when present; the raw audience is ":oaud".
        context[f"{prefix}:oaud"] = audience
        if isinstance(claims.get("azp"), str):
            audience = claims["azp"]
    context[f"{prefix}:aud"] = audience
    if isinstance(claims.get("sub"), str):
        context[f"{prefix}:sub"] = claims["sub"]
    amr = claims.get("amr")
    if isinstance(amr, str):
        amr = [amr]
    if isinstance(amr, list):
        context[f"{prefix}:amr"] = [str(v) for v in amr]
    if isinstance(claims.get("azp"), str):
        context[f"{prefix}:azp"] = claims["azp"]
    for name in ("app_id", "id", "user_id"):
        if prefix in ("graph.facebook.com", "www.amazon.com") and isinstance(claims.get(name), str):
            context[f"{prefix}:{name}"] = claims[name]
    return context, audience


def _token_tags(claims: Claims) -> Output:
    """Session tags a token carries: ``principal_tags`` (each a one-element list) and transitive keys."""
    raw = claims.get(TAGS_CLAIM)
    if not isinstance(raw, dict):
        return {}
    tags = [
        {"Key": key, "Value": value[0] if isinstance(value, list) and value else str(value)}
        for key, value in (raw.get("principal_tags") or {}).items()
    ]
    out: Output = {"Tags": tags}
    if raw.get("transitive_tag_keys"):
        out["TransitiveTagKeys"] = list(raw["transitive_tag_keys"])
    return out


def role_account(call: Call, role_arn: str) -> Account | None:
    split = common.parse_role_arn(role_arn)
    return common.account_at(call, split) if split else None


@operation("sts", "AssumeRoleWithWebIdentity")
def assume_role_with_web_identity(call: Call, params: Params) -> Output:
    role_arn: str = params["RoleArn"]
    session_name: str = params["RoleSessionName"]
    common.check_role_arn(role_arn)
    account = role_account(call, role_arn)
    claims, provider_id, provider = verify(call, params["WebIdentityToken"], account)
    prefix = provider.host_path if provider is not None else provider_id
    context, audience = _trust_context(claims, prefix, provider)
    context["sts:RoleSessionName"] = session_name
    tag_params = _token_tags(claims)
    context.update(common.tag_context(tag_params))
    source_identity = claims.get(SOURCE_IDENTITY_CLAIM)
    if isinstance(source_identity, str):
        context["sts:SourceIdentity"] = source_identity
    else:
        source_identity = None
    denied = access_denied("Not authorized to perform sts:AssumeRoleWithWebIdentity")
    role = common.find_role(call, role_arn)
    if role is None or account is None:
        raise denied
    principal = Principal(kind="web_identity", arn=provider_id, account=account.id, provider=provider_id)
    context["aws:FederatedProvider"] = provider_id
    try:
        authorize_trust(call, role, "sts:AssumeRoleWithWebIdentity", context, principal)
        if tag_params.get("Tags") or tag_params.get("TransitiveTagKeys"):
            authorize_trust(call, role, "sts:TagSession", context, principal)
        if source_identity is not None:
            authorize_trust(call, role, "sts:SetSourceIdentity", context, principal)
    except AwsError as error:
        if error.code == "AccessDenied":
            raise denied from None
        raise
    tags = common.session_tags(tag_params, None)
    duration = common.role_duration(params, role, chained=False)
    policies = common.session_policies(account, params, tags.tags if tags.passed else None)
    session = common.issue_role_session(
        call,
        role,
        session_name,
        duration,
        origin="AssumeRoleWithWebIdentity",
        policies=policies,
        tags=tags,
        source_identity=source_identity,
        federated_provider=provider_id,
        web_identity_claims=VerifiedClaims(claims.get("sub"), claims.get("iss"), call.now),
    )
    answer = common.assumed_role_answer(session, policies)
    answer.update(
        {
            "SubjectFromWebIdentityToken": claims.get("sub"),
            "Provider": params.get("ProviderId") or claims.get("iss"),
            "Audience": audience,
        }
    )
    return answer
