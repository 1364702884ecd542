"""SAML providers through boto3."""

from __future__ import annotations

import base64
from datetime import UTC, datetime

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

ACCT = "123456789012"
ARN = f"arn:aws:iam::{ACCT}:saml-provider/MyIdP"
CERT = base64.b64encode(bytes(range(256)) * 4).decode()
KEY = (
    "-----BEGIN PRIVATE KEY-----\n" + base64.b64encode(b"k" * 300).decode() + "\n-----END PRIVATE KEY-----\n"
)


def metadata(
    entity_id: str = "https://idp.example.com/saml", *, valid_until: str | None = None, cert: str = CERT
) -> str:
    until = f' validUntil="{valid_until}"' if valid_until else ""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{entity_id}"{until}>'
        '<md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">'
        '<md:KeyDescriptor use="signing"><ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">'
        f"<ds:X509Data><ds:X509Certificate>{cert}</ds:X509Certificate></ds:X509Data></ds:KeyInfo>"
        "</md:KeyDescriptor>"
        '<md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" '
        'Location="https://idp.example.com/sso"/>'
        "</md:IDPSSODescriptor></md:EntityDescriptor>"
    )


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def test_create_get_list_delete(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    created = iam.create_saml_provider(
        Name="MyIdP", SAMLMetadataDocument=metadata(), Tags=[{"Key": "k", "Value": "v"}]
    )
    assert created == {
        "SAMLProviderArn": ARN,
        "Tags": [{"Key": "k", "Value": "v"}],
        "ResponseMetadata": created["ResponseMetadata"],
    }
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["SAMLMetadataDocument"] == metadata()
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert len(got["SAMLProviderUUID"]) >= 22 and got["SAMLProviderUUID"].isalnum()
    assert got["ValidUntil"] > got["CreateDate"]
    assert "PrivateKeyList" not in got and "AssertionEncryptionMode" not in got
    record = iam_mock.backend.account(ACCT).saml_providers[ARN]
    assert record.metadata.entity_id == "https://idp.example.com/saml"
    assert record.metadata.signing_certificates == (CERT,)
    listed = iam.list_saml_providers()["SAMLProviderList"]
    assert [p["Arn"] for p in listed] == [ARN] and listed[0]["ValidUntil"] == got["ValidUntil"]
    iam.delete_saml_provider(SAMLProviderArn=ARN)
    with aws_error("NoSuchEntity", 404, f"Manifest not found for arn {ARN}"):
        iam.get_saml_provider(SAMLProviderArn=ARN)
    with aws_error("NoSuchEntity", 404):
        iam.delete_saml_provider(SAMLProviderArn=ARN)


def test_valid_until_comes_from_the_metadata(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(valid_until="2031-05-01T00:00:00Z"))
    assert iam.get_saml_provider(SAMLProviderArn=ARN)["ValidUntil"] == datetime(2031, 5, 1, tzinfo=UTC)


def test_duplicate_name(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    with aws_error("EntityAlreadyExists", 409):
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())


@pytest.mark.parametrize(
    "document",
    [
        "x" * 1200,
        metadata().replace("IDPSSODescriptor", "SPSSODescriptor"),
        metadata().replace('use="signing"', 'use="encryption"'),
        metadata(cert="!!not-base64!!" * 80),
        metadata().replace(' entityID="https://idp.example.com/saml"', ""),
        '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + metadata().split("?>", 1)[1],
    ],
)
def test_invalid_metadata(iam, document: str) -> None:  # type: ignore[no-untyped-def]
    document = document + " " * max(0, 1000 - len(document))
    with aws_error("InvalidInput", 400, "Could not parse metadata"):
        iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=document)


def test_update_metadata_and_private_keys(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(), AddPrivateKey=KEY)
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    [first] = got["PrivateKeyList"]
    assert first["KeyId"].isalnum() and len(first["KeyId"]) >= 22
    new_doc = metadata("https://other.example.com/saml")
    assert (
        iam.update_saml_provider(SAMLProviderArn=ARN, SAMLMetadataDocument=new_doc, AddPrivateKey=KEY)[
            "SAMLProviderArn"
        ]
        == ARN
    )
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["SAMLMetadataDocument"] == new_doc and len(got["PrivateKeyList"]) == 2
    with aws_error("LimitExceeded", 409):
        iam.update_saml_provider(SAMLProviderArn=ARN, AddPrivateKey=KEY)
    iam.update_saml_provider(SAMLProviderArn=ARN, AssertionEncryptionMode="Required")
    iam.update_saml_provider(SAMLProviderArn=ARN, RemovePrivateKey=first["KeyId"])
    got = iam.get_saml_provider(SAMLProviderArn=ARN)
    assert got["AssertionEncryptionMode"] == "Required" and len(got["PrivateKeyList"]) == 1
    last = got["PrivateKeyList"][0]["KeyId"]
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=ARN, RemovePrivateKey=last)
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=ARN, RemovePrivateKey="A" * 26)
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=ARN, AddPrivateKey="not a key")
    with aws_error("NoSuchEntity", 404):
        iam.update_saml_provider(SAMLProviderArn=ARN + "x", AssertionEncryptionMode="Allowed")


def test_required_encryption_needs_a_key(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("InvalidInput", 400):
        iam.create_saml_provider(
            Name="MyIdP", SAMLMetadataDocument=metadata(), AssertionEncryptionMode="Required"
        )
    iam.create_saml_provider(
        Name="MyIdP", SAMLMetadataDocument=metadata(), AssertionEncryptionMode="Required", AddPrivateKey=KEY
    )


def test_tags(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    iam.tag_saml_provider(SAMLProviderArn=ARN, Tags=[{"Key": "z", "Value": "1"}, {"Key": "a", "Value": "2"}])
    assert iam.list_saml_provider_tags(SAMLProviderArn=ARN)["Tags"] == [
        {"Key": "a", "Value": "2"},
        {"Key": "z", "Value": "1"},
    ]
    iam.untag_saml_provider(SAMLProviderArn=ARN, TagKeys=["z"])
    assert iam.list_saml_provider_tags(SAMLProviderArn=ARN)["Tags"] == [{"Key": "a", "Value": "2"}]
    with aws_error("NoSuchEntity", 404):
        iam.list_saml_provider_tags(SAMLProviderArn=ARN + "x")


def test_provider_limit(iam) -> None:  # type: ignore[no-untyped-def]
    for i in range(100):
        iam.create_saml_provider(Name=f"idp{i}", SAMLMetadataDocument=metadata())
    with aws_error("LimitExceeded", 409):
        iam.create_saml_provider(Name="idp100", SAMLMetadataDocument=metadata())


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata(), AddPrivateKey=KEY)
    before = plain(iam_mock.backend.snapshot())
    for attempt in (
        lambda: iam.create_saml_provider(Name="Other", SAMLMetadataDocument="y" * 1000),
        lambda: iam.update_saml_provider(
            SAMLProviderArn=ARN, SAMLMetadataDocument="y" * 1000, AddPrivateKey=KEY
        ),
        lambda: iam.update_saml_provider(SAMLProviderArn=ARN, AddPrivateKey=KEY, RemovePrivateKey="B" * 26),
    ):
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == before


def test_non_root_user_is_denied(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_saml_provider(Name="MyIdP", SAMLMetadataDocument=metadata())
    assert "iam:CreateSAMLProvider" in error["Message"] and ARN in error["Message"]
