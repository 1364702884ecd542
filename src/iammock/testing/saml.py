"""A test SAML 2.0 identity provider: metadata to register with CreateSAMLProvider, signed assertions.

``idp = aws.saml_idp("corp")``; ``iam.create_saml_provider(Name="corp", SAMLMetadataDocument=idp.metadata)``;
``sts.assume_role_with_saml(RoleArn=..., PrincipalArn=..., SAMLAssertion=idp.assertion(subject="alice",
roles=[(role_arn, provider_arn)]))``.
"""

from __future__ import annotations

import base64
import uuid
from datetime import timedelta
from typing import Any
from weakref import WeakKeyDictionary

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree  # type: ignore[import-untyped]
from signxml import XMLSigner  # type: ignore[attr-defined]

from .. import clock
from ..backend.state import Backend

AWS_AUDIENCE = "https://signin.aws.amazon.com/saml"
ROLE_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/Role"
SESSION_NAME_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/RoleSessionName"
DURATION_ATTRIBUTE = "https://aws.amazon.com/SAML/Attributes/SessionDuration"
_SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol"
_SAML = "urn:oasis:names:tc:SAML:2.0:assertion"
_MD = "urn:oasis:names:tc:SAML:2.0:metadata"
_DS = "http://www.w3.org/2000/09/xmldsig#"


def _iso(moment: Any) -> str:
    return str(moment.strftime("%Y-%m-%dT%H:%M:%SZ"))


class IdP:
    """An identity provider with one RSA key and a self-signed certificate."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.entity_id = f"https://idp.example.com/{name}"
        self._key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} SAML signing")])
        start = clock.now() - timedelta(days=1)
        self._cert = (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(subject)
            .public_key(self._key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(start)
            .not_valid_after(start + timedelta(days=3650))
            .sign(self._key, hashes.SHA256())
        )

    @property
    def certificate_pem(self) -> bytes:
        return self._cert.public_bytes(serialization.Encoding.PEM)

    @property
    def certificate_b64(self) -> str:
        return base64.b64encode(self._cert.public_bytes(serialization.Encoding.DER)).decode()

    @property
    def metadata(self) -> str:
        """SAML 2.0 IdP metadata with the signing certificate."""
        return (
            f'<?xml version="1.0" encoding="UTF-8"?>'
            f'<md:EntityDescriptor xmlns:md="{_MD}" entityID="{self.entity_id}">'
            f'<md:IDPSSODescriptor protocolSupportEnumeration="{_SAMLP}">'
            f'<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="{_DS}"><ds:X509Data>'
            f"<ds:X509Certificate>{self.certificate_b64}</ds:X509Certificate>"
            f"</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>"
            f"<md:NameIDFormat>urn:oasis:names:tc:SAML:2.0:nameid-format:persistent</md:NameIDFormat>"
            f'<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" '
            f'Location="{self.entity_id}/sso"/>'
            f"</md:IDPSSODescriptor></md:EntityDescriptor>"
        )

    def assertion(
        self,
        *,
        subject: str,
        roles: list[tuple[str, str]],
        session_duration: int | None = None,
        session_name: str | None = None,
        subject_format: str = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
        audience: str = AWS_AUDIENCE,
        valid_for: int = 300,
        issued_at: Any = None,
        sign: bool = True,
        **attributes: str | list[str],
    ) -> str:
        """A base64 ``samlp:Response`` whose Assertion is signed with the IdP's key."""
        now = issued_at or clock.now()
        until = now + timedelta(seconds=valid_for)
        values: dict[str, list[str]] = {ROLE_ATTRIBUTE: [f"{role},{provider}" for role, provider in roles]}
        values[SESSION_NAME_ATTRIBUTE] = [session_name or subject]
        if session_duration is not None:
            values[DURATION_ATTRIBUTE] = [str(session_duration)]
        for name, value in attributes.items():
            values[name] = value if isinstance(value, list) else [value]
        attrs = "".join(
            f'<saml:Attribute Name="{name}">'
            + "".join(f"<saml:AttributeValue>{_escape(v)}</saml:AttributeValue>" for v in vals)
            + "</saml:Attribute>"
            for name, vals in values.items()
        )
        assertion_id = "_" + uuid.uuid4().hex
        assertion = (
            f'<saml:Assertion xmlns:saml="{_SAML}" ID="{assertion_id}" Version="2.0" '
            f'IssueInstant="{_iso(now)}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            f'<saml:Subject><saml:NameID Format="{subject_format}">{_escape(subject)}</saml:NameID>'
            f'<saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">'
            f'<saml:SubjectConfirmationData NotOnOrAfter="{_iso(until)}" Recipient="{AWS_AUDIENCE}"/>'
            f"</saml:SubjectConfirmation></saml:Subject>"
            f'<saml:Conditions NotBefore="{_iso(now - timedelta(seconds=5))}" NotOnOrAfter="{_iso(until)}">'
            f"<saml:AudienceRestriction><saml:Audience>{_escape(audience)}</saml:Audience></saml:AudienceRestriction>"
            f"</saml:Conditions>"
            f'<saml:AuthnStatement AuthnInstant="{_iso(now)}"><saml:AuthnContext><saml:AuthnContextClassRef>'
            f"urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
            f"</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
            f"<saml:AttributeStatement>{attrs}</saml:AttributeStatement>"
            f"</saml:Assertion>"
        )
        element = etree.fromstring(assertion.encode())
        if sign:
            element = XMLSigner(c14n_algorithm="http://www.w3.org/2001/10/xml-exc-c14n#").sign(
                element, key=self._key, cert=[self._cert], reference_uri=assertion_id
            )
        response = etree.fromstring(
            f'<samlp:Response xmlns:samlp="{_SAMLP}" xmlns:saml="{_SAML}" ID="_{uuid.uuid4().hex}" '
            f'Version="2.0" IssueInstant="{_iso(now)}" Destination="{AWS_AUDIENCE}">'
            f"<saml:Issuer>{self.entity_id}</saml:Issuer>"
            f'<samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/>'
            f"</samlp:Status>"
            f"</samlp:Response>".encode()
        )
        response.append(element)
        return base64.b64encode(etree.tostring(response)).decode()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


_IDPS: WeakKeyDictionary[Backend, dict[str, IdP]] = WeakKeyDictionary()


def idp(backend: Backend, name: str) -> IdP:
    """The test IdP called ``name`` for this mock, created on first use."""
    known = _IDPS.setdefault(backend, {})
    found = known.get(name)
    if found is None:
        found = known[name] = IdP(name)
    return found
