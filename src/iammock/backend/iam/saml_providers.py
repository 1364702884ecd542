"""IAM SAML 2.0 identity providers: the IdPs whose assertions ``AssumeRoleWithSAML`` accepts."""

from __future__ import annotations

import base64
import binascii
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from dateutil import parser as dateutil_parser

from ...errors import AwsError
from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged
from ..registry import Output, Params, operation

MAX_PROVIDERS = 100
MAX_PRIVATE_KEYS = 2
# Metadata without a validUntil attribute: AWS reports a ValidUntil a century after the upload.
_DEFAULT_VALIDITY = timedelta(days=365 * 100 + 24)
_MD = "{urn:oasis:names:tc:SAML:2.0:metadata}"
_DS = "{http://www.w3.org/2000/09/xmldsig#}"
_SAML2_PROTOCOL = "urn:oasis:names:tc:SAML:2.0:protocol"
_KEY_ID_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
_PEM_PRIVATE_KEY = re.compile(
    r"-----BEGIN ([A-Z ]*)PRIVATE KEY-----\s*[A-Za-z0-9+/=\s]+-----END \1PRIVATE KEY-----\s*"
)


@dataclass(frozen=True)
class Metadata:
    entity_id: str
    signing_certificates: tuple[str, ...]  # base64 DER, whitespace removed
    valid_until: datetime | None


@dataclass(frozen=True)
class PrivateKey:
    key_id: str
    added: datetime
    pem: str = field(repr=False)


@dataclass(eq=False)
class SamlProvider(Tagged):
    """STS checks a SAML response's issuer and signature against ``metadata``."""

    arn: str
    name: str
    uuid: str
    document: str
    metadata: Metadata
    created: datetime
    valid_until: datetime
    encryption_mode: str | None = None
    private_keys: list[PrivateKey] = field(default_factory=list)


def _unparsable() -> AwsError:
    return AwsError("InvalidInput", "Could not parse metadata", 400)


def parse_metadata(text: str) -> Metadata:
    """SAML 2.0 IdP metadata, or ``InvalidInput``; DTDs (and so entity expansion) are refused."""
    head = text[:4096].upper()
    if "<!DOCTYPE" in head or "<!ENTITY" in text.upper():
        raise _unparsable()
    try:
        root = ET.fromstring(text)
    except ET.ParseError:
        raise _unparsable() from None
    if root.tag == f"{_MD}EntityDescriptor":
        entities = [root]
    elif root.tag == f"{_MD}EntitiesDescriptor":
        entities = list(root.iter(f"{_MD}EntityDescriptor"))
    else:
        raise _unparsable()
    for entity in entities:
        idp = next(
            (
                d
                for d in entity.findall(f"{_MD}IDPSSODescriptor")
                if _SAML2_PROTOCOL in (d.get("protocolSupportEnumeration") or "").split()
            ),
            None,
        )
        entity_id = entity.get("entityID")
        if idp is None or not entity_id:
            continue
        certificates = _signing_certificates(idp)
        if not certificates:
            continue
        until = entity.get("validUntil") or root.get("validUntil")
        return Metadata(entity_id, certificates, _timestamp(until) if until else None)
    raise _unparsable()


def _signing_certificates(idp: ET.Element) -> tuple[str, ...]:
    found: list[str] = []
    for key in idp.findall(f"{_MD}KeyDescriptor"):
        if key.get("use") not in (None, "signing"):
            continue
        for cert in key.iter(f"{_DS}X509Certificate"):
            value = "".join((cert.text or "").split())
            try:
                base64.b64decode(value, validate=True)
            except (binascii.Error, ValueError):
                raise _unparsable() from None
            if value and value not in found:
                found.append(value)
    return tuple(found)


def _timestamp(value: str) -> datetime:
    try:
        moment: datetime = dateutil_parser.isoparse(value)
    except ValueError:
        raise _unparsable() from None
    if moment.tzinfo is None:
        raise _unparsable()
    return moment


def find(account: Account, arn: str) -> SamlProvider:
    found: SamlProvider | None = account.saml_providers.get(arn)
    if found is None:
        raise lookup.no_such_entity(f"Manifest not found for arn {arn}")
    return found


def _key_id(call: Call) -> str:
    return call.backend.ids.token(_KEY_ID_ALPHABET, 26)


def _check_private_key(pem: str) -> None:
    if not _PEM_PRIVATE_KEY.fullmatch(pem.strip() + "\n"):
        raise AwsError("InvalidInput", "The private key is not a valid PEM-encoded private key.", 400)


def _check_encryption(mode: str | None, keys: list[PrivateKey]) -> None:
    if mode == "Required" and not keys:
        raise AwsError(
            "InvalidInput", "A private key is required when AssertionEncryptionMode is Required.", 400
        )


@operation("iam", "CreateSAMLProvider")
def create_saml_provider(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["Name"]
    given_tags = params.get("Tags", [])
    arn = account.arn("iam", f"saml-provider/{name}")
    context = tags.request_context(given_tags)
    call.authorize("iam:CreateSAMLProvider", arn, context)
    if given_tags:
        call.authorize("iam:TagSAMLProvider", arn, context)
    if arn in account.saml_providers:
        raise AwsError("EntityAlreadyExists", f"SAMLProvider {name} already exists.", 409)
    metadata = parse_metadata(params["SAMLMetadataDocument"])
    pem = params.get("AddPrivateKey")
    keys: list[PrivateKey] = []
    if pem is not None:
        _check_private_key(pem)
        keys.append(PrivateKey(_key_id(call), call.now, pem))
    mode = params.get("AssertionEncryptionMode")
    _check_encryption(mode, keys)
    if len(account.saml_providers) >= MAX_PROVIDERS:
        raise AwsError(
            "LimitExceeded", f"Cannot exceed quota for SAMLProvidersPerAccount: {MAX_PROVIDERS}", 409
        )
    provider_tags = tags.merge({}, given_tags, case_insensitive=False)
    account.saml_providers[arn] = SamlProvider(
        arn=arn,
        name=name,
        uuid=call.backend.ids.token(_KEY_ID_ALPHABET, 26),
        document=params["SAMLMetadataDocument"],
        metadata=metadata,
        created=call.now,
        valid_until=metadata.valid_until or call.now + _DEFAULT_VALIDITY,
        encryption_mode=mode,
        private_keys=keys,
        tags=provider_tags,
    )
    return {"SAMLProviderArn": arn, "Tags": tags.as_list(provider_tags) or None}


@operation("iam", "GetSAMLProvider")
def get_saml_provider(call: Call, params: Params) -> Output:
    arn: str = params["SAMLProviderArn"]
    call.authorize("iam:GetSAMLProvider", arn)
    provider = find(call.account, arn)
    return {
        "SAMLProviderUUID": provider.uuid,
        "SAMLMetadataDocument": provider.document,
        "CreateDate": provider.created,
        "ValidUntil": provider.valid_until,
        "Tags": tags.as_list(provider.tags),
        "AssertionEncryptionMode": provider.encryption_mode,
        "PrivateKeyList": [{"KeyId": k.key_id, "Timestamp": k.added} for k in provider.private_keys] or None,
    }


@operation("iam", "ListSAMLProviders")
def list_saml_providers(call: Call, params: Params) -> Output:
    call.authorize("iam:ListSAMLProviders", "*")
    providers = sorted(call.account.saml_providers.values(), key=lambda p: p.arn)
    return {
        "SAMLProviderList": [
            {"Arn": p.arn, "ValidUntil": p.valid_until, "CreateDate": p.created} for p in providers
        ]
    }


@operation("iam", "UpdateSAMLProvider")
def update_saml_provider(call: Call, params: Params) -> Output:
    arn: str = params["SAMLProviderArn"]
    call.authorize("iam:UpdateSAMLProvider", arn)
    provider = find(call.account, arn)
    document = params.get("SAMLMetadataDocument")
    metadata = parse_metadata(document) if document is not None else provider.metadata
    keys = list(provider.private_keys)
    remove = params.get("RemovePrivateKey")
    if remove is not None:
        if not any(k.key_id == remove for k in keys):
            raise AwsError("InvalidInput", f"The private key {remove} does not exist for this provider.", 400)
        keys = [k for k in keys if k.key_id != remove]
    pem = params.get("AddPrivateKey")
    if pem is not None:
        _check_private_key(pem)
        if len(keys) >= MAX_PRIVATE_KEYS:
            raise AwsError(
                "LimitExceeded",
                f"Cannot exceed quota for PrivateKeysPerSAMLProvider: {MAX_PRIVATE_KEYS}",
                409,
            )
        keys.append(PrivateKey(_key_id(call), call.now, pem))
    mode = params.get("AssertionEncryptionMode", provider.encryption_mode)
    _check_encryption(mode, keys)
    if document is not None:
        provider.document, provider.metadata = document, metadata
        provider.valid_until = metadata.valid_until or call.now + _DEFAULT_VALIDITY
    provider.private_keys = keys
    provider.encryption_mode = mode
    return {"SAMLProviderArn": arn}


@operation("iam", "DeleteSAMLProvider")
def delete_saml_provider(call: Call, params: Params) -> None:
    arn: str = params["SAMLProviderArn"]
    call.authorize("iam:DeleteSAMLProvider", arn)
    find(call.account, arn)
    del call.account.saml_providers[arn]
    return None


@operation("iam", "TagSAMLProvider")
def tag_saml_provider(call: Call, params: Params) -> None:
    arn: str = params["SAMLProviderArn"]
    tags.tag(call, "iam:TagSAMLProvider", arn, lambda: find(call.account, arn), params["Tags"])


@operation("iam", "UntagSAMLProvider")
def untag_saml_provider(call: Call, params: Params) -> None:
    arn: str = params["SAMLProviderArn"]
    tags.untag(call, "iam:UntagSAMLProvider", arn, lambda: find(call.account, arn), params["TagKeys"])


@operation("iam", "ListSAMLProviderTags")
def list_saml_provider_tags(call: Call, params: Params) -> Output:
    arn: str = params["SAMLProviderArn"]
    return tags.listing(
        call, "iam:ListSAMLProviderTags", arn, lambda: find(call.account, arn), params, by_key=True
    )
