"""AssumeRoleWithSAML: a role session for the bearer of a signed SAML 2.0 response from a registered IdP."""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
from datetime import datetime
from typing import Any

from dateutil import parser as dateutil_parser

from ...engine import ContextValue, Principal
from ...errors import AwsError, access_denied
from ..authz import authorize_trust
from ..call import Call
from ..registry import Output, Params, operation
from . import common
from .web_identity import invalid_token, role_account

_SAMLP = "{urn:oasis:names:tc:SAML:2.0:protocol}"
_SAML = "{urn:oasis:names:tc:SAML:2.0:assertion}"
AUDIENCES = ("https://signin.aws.amazon.com/saml", "urn:amazon:webservices")
_ATTR = "https://aws.amazon.com/SAML/Attributes/"
_NAMEID_PREFIX = "urn:oasis:names:tc:SAML:2.0:nameid-format:"
# Attribute OIDs AWS turns into saml: condition keys ("IAM and AWS STS condition context keys",
# SAML keys,
# https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html#condition-keys-saml).
_OIDS = {
    "urn:oid:0.9.2342.19200300.100.1.1": "uid",
    "urn:oid:2.5.4.3": "cn",
    "urn:oid:0.9.2342.19200300.100.1.3": "mail",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.1": "edupersonaffiliation",
    "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "edupersonprincipalname",
}


# lxml and signxml are imported inside the functions that use them: most suites never send a SAML
# assertion, and their objects (and cryptography's) would otherwise be walked by every garbage collection.
@functools.cache
def _parser() -> Any:
    from lxml import etree  # type: ignore[import-untyped]

    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def _time(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        moment: datetime = dateutil_parser.isoparse(value)
        return moment
    except ValueError:
        raise invalid_token("Invalid SAML response: unreadable timestamp.") from None


def _verify_signature(document: bytes, certificates: tuple[str, ...]) -> Any:
    from lxml import etree
    from signxml import InvalidInput, InvalidSignature, XMLVerifier  # type: ignore[attr-defined]

    for cert in certificates:
        pem = "-----BEGIN CERTIFICATE-----\n" + cert + "\n-----END CERTIFICATE-----\n"
        try:
            result = XMLVerifier().verify(document, x509_cert=pem, parser=_parser())
        except (InvalidSignature, InvalidInput, etree.XMLSyntaxError, ValueError):
            continue
        signed = result.signed_xml  # type: ignore[union-attr]
        if signed is not None and signed.tag == f"{_SAML}Assertion":
            return signed
        if signed is not None and signed.tag == f"{_SAMLP}Response":
            found = signed.find(f"{_SAML}Assertion")
            if found is not None:
                return found
    # (unconfirmed wording)
    raise invalid_token(
        "Invalid SAML response: the signature does not verify with the provider's certificate."
    )


def _attributes(assertion: Any) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for attribute in assertion.iter(f"{_SAML}Attribute"):
        name = attribute.get("Name") or ""
        out.setdefault(name, []).extend(
            (v.text or "").strip() for v in attribute.findall(f"{_SAML}AttributeValue")
        )
    return out


@operation("sts", "AssumeRoleWithSAML")
def assume_role_with_saml(call: Call, params: Params) -> Output:
    role_arn: str = params["RoleArn"]
    provider_arn: str = params["PrincipalArn"]
    from lxml import etree

    common.check_role_arn(role_arn)
    account = role_account(call, role_arn)
    provider = account.saml_providers.get(provider_arn) if account is not None else None
    if provider is None or account is None:
        raise invalid_token("Specified provider doesn't exist")  # (unconfirmed wording)
    try:
        document = base64.b64decode(params["SAMLAssertion"], validate=False)
        root = etree.fromstring(document, parser=_parser())
    except (binascii.Error, ValueError, etree.XMLSyntaxError):
        raise invalid_token("Invalid SAML response: not a base64-encoded XML document.") from None
    if root is None or root.tag != f"{_SAMLP}Response":
        raise invalid_token("Invalid SAML response: not a samlp:Response.")
    assertion = _verify_signature(document, provider.metadata.signing_certificates)
    issuer = (assertion.findtext(f"{_SAML}Issuer") or "").strip()
    if issuer != provider.metadata.entity_id:
        raise invalid_token("Issuer of the SAML response does not match the identity provider's metadata.")
    conditions = assertion.find(f"{_SAML}Conditions")
    audiences = [(a.text or "").strip() for a in assertion.iter(f"{_SAML}Audience")]
    audience = next((a for a in audiences if a in AUDIENCES), None)
    if audience is None:
        raise invalid_token(
            "Invalid SAML response: the audience is not AWS (https://signin.aws.amazon.com/saml)."
        )
    now = call.now
    not_before = _time(conditions.get("NotBefore")) if conditions is not None else None
    not_after = _time(conditions.get("NotOnOrAfter")) if conditions is not None else None
    confirmation = assertion.find(f"{_SAML}Subject/{_SAML}SubjectConfirmation/{_SAML}SubjectConfirmationData")
    confirm_until = _time(confirmation.get("NotOnOrAfter")) if confirmation is not None else None
    if not_before is not None and now < not_before:
        raise invalid_token("Invalid SAML response: the assertion is not yet valid (NotBefore).")
    for limit in (not_after, confirm_until):
        if limit is not None and now >= limit:
            # (unconfirmed wording)
            raise AwsError(
                "ExpiredTokenException", "Token expired: the SAML assertion is no longer valid", 400
            )
    name_id = assertion.find(f"{_SAML}Subject/{_SAML}NameID")
    subject = (name_id.text or "").strip() if name_id is not None else ""
    subject_format = (name_id.get("Format") or "") if name_id is not None else ""
    subject_type = subject_format.removeprefix(_NAMEID_PREFIX) if subject_format else "unspecified"
    attributes = _attributes(assertion)

    pairs = set()
    for value in attributes.get(_ATTR + "Role", []):
        parts = {p.strip() for p in value.split(",")}
        pairs.add(frozenset(parts))
    if frozenset({role_arn, provider_arn}) not in pairs:
        raise invalid_token("SAML Assertion doesn't contain the requested Role and Provider")  # (unconfirmed)
    names = attributes.get(_ATTR + "RoleSessionName", [])
    session_name = names[0] if names else ""
    if not (2 <= len(session_name) <= 64) or not all(c.isalnum() or c in "_+=,.@-" for c in session_name):
        raise invalid_token("Invalid SAML response: RoleSessionName attribute is missing or invalid.")

    provider_name = provider_arn.rsplit("/", 1)[-1]
    qualifier = base64.b64encode(
        hashlib.sha1((issuer + account.id + "/" + provider_name).encode()).digest()
    ).decode()
    context: dict[str, ContextValue] = {
        "saml:aud": (confirmation.get("Recipient") if confirmation is not None else None) or audience,
        "saml:iss": issuer,
        "saml:sub": subject,
        "saml:sub_type": subject_type,
        "saml:namequalifier": qualifier,
        "saml:doc": f"{account.id}/{provider_name}",
        "sts:RoleSessionName": session_name,
        "aws:FederatedProvider": provider_arn,
    }
    tag_params: Params = {"Tags": []}
    for name, values in attributes.items():
        if name.startswith(_ATTR + "PrincipalTag:"):
            tag_params["Tags"].append({"Key": name.split(":", 2)[-1].split(":", 1)[-1], "Value": values[0]})
        elif name == _ATTR + "TransitiveTagKeys":
            tag_params["TransitiveTagKeys"] = values
        elif name in _OIDS:
            context[f"saml:{_OIDS[name]}"] = values
        elif name and ":" not in name and "/" not in name:
            context[f"saml:{name}"] = values
    context.update(common.tag_context(tag_params))
    role = common.find_role(call, role_arn)
    denied = access_denied("Not authorized to perform sts:AssumeRoleWithSAML")
    if role is None:
        raise denied
    principal = Principal(kind="saml", arn=provider_arn, account=account.id, provider=provider_arn)
    try:
        authorize_trust(call, role, "sts:AssumeRoleWithSAML", context, principal)
        if tag_params["Tags"] or tag_params.get("TransitiveTagKeys"):
            authorize_trust(call, role, "sts:TagSession", context, principal)
    except AwsError as error:
        if error.code == "AccessDenied":
            raise denied from None
        raise
    tags = common.session_tags(tag_params, None)
    requested = dict(params)
    durations = attributes.get(_ATTR + "SessionDuration", [])
    if "DurationSeconds" not in requested and durations and durations[0].isdigit():
        requested["DurationSeconds"] = min(int(durations[0]), role.max_session_duration)
    duration = common.role_duration(requested, role, chained=False)
    policies = common.session_policies(account, params, tags.tags if tags.passed else None)
    session = common.issue_role_session(
        call,
        role,
        session_name,
        duration,
        origin="AssumeRoleWithSAML",
        policies=policies,
        tags=tags,
        federated_provider=provider_arn,
    )
    answer = common.assumed_role_answer(session, policies)
    answer.update(
        {
            "Subject": subject,
            "SubjectType": subject_type,
            "Issuer": issuer,
            "Audience": context["saml:aud"],
            "NameQualifier": qualifier,
        }
    )
    return answer
