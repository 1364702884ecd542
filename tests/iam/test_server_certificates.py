"""Server certificates through boto3."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives.asymmetric import ec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error
from tests.iam.crypto_helpers import certificate, pem_certificate, pem_private, rsa_key
from tests.iam.state_helpers import plain

from iammock import IAMMock

ACCT = "123456789012"


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def _upload(iam: Any, name: str = "web", key: int = 0, **extra: Any) -> dict[str, Any]:
    cert = certificate(rsa_key(key), f"{name}.example.com")
    result: dict[str, Any] = iam.upload_server_certificate(
        ServerCertificateName=name,
        CertificateBody=pem_certificate(cert),
        PrivateKey=pem_private(rsa_key(key)),
        **extra,
    )
    return result


def test_upload_get_update_delete(iam: Any) -> None:
    ca = certificate(rsa_key(5), "ca.example.com")
    leaf = certificate(rsa_key(0), "web.example.com", not_after=datetime(2031, 5, 1, tzinfo=UTC))
    result = iam.upload_server_certificate(
        Path="/cloudfront/",
        ServerCertificateName="web",
        CertificateBody=pem_certificate(leaf),
        PrivateKey=pem_private(rsa_key(0)),
        CertificateChain=pem_certificate(ca),
        Tags=[{"Key": "env", "Value": "prod"}],
    )
    meta = result["ServerCertificateMetadata"]
    assert meta["Arn"] == f"arn:aws:iam::{ACCT}:server-certificate/cloudfront/web"
    assert meta["ServerCertificateId"].startswith("ASCA") and meta["Path"] == "/cloudfront/"
    assert meta["Expiration"] == datetime(2031, 5, 1, tzinfo=UTC)
    assert result["Tags"] == [{"Key": "env", "Value": "prod"}]
    got = iam.get_server_certificate(ServerCertificateName="WEB")["ServerCertificate"]
    assert got["ServerCertificateMetadata"] == meta
    assert got["CertificateBody"] == pem_certificate(leaf) and got["CertificateChain"] == pem_certificate(ca)
    assert "PrivateKey" not in got
    iam.update_server_certificate(ServerCertificateName="web", NewServerCertificateName="site", NewPath="/x/")
    with aws_error("NoSuchEntity", 404, "The Server Certificate with name web cannot be found."):
        iam.get_server_certificate(ServerCertificateName="web")
    moved = iam.get_server_certificate(ServerCertificateName="site")["ServerCertificate"][
        "ServerCertificateMetadata"
    ]
    assert moved["Arn"] == f"arn:aws:iam::{ACCT}:server-certificate/x/site"
    assert moved["ServerCertificateId"] == meta["ServerCertificateId"]
    iam.delete_server_certificate(ServerCertificateName="site")
    with aws_error("NoSuchEntity", 404):
        iam.delete_server_certificate(ServerCertificateName="site")


def test_private_key_never_in_repr(iam: Any, iam_mock: IAMMock) -> None:
    _upload(iam)
    stored = iam_mock.backend.accounts[ACCT].server_certificates["web"]
    assert "PRIVATE KEY" not in repr(stored)


def test_names_are_unique_case_insensitively(iam: Any) -> None:
    _upload(iam, "web")
    with aws_error("EntityAlreadyExists", 409, "The Server Certificate with name WEB already exists."):
        _upload(iam, "WEB", key=1)
    _upload(iam, "other", key=1)
    with aws_error("EntityAlreadyExists", 409):
        iam.update_server_certificate(ServerCertificateName="other", NewServerCertificateName="Web")


def test_validation_errors_change_nothing(iam: Any, iam_mock: IAMMock) -> None:
    good_cert = pem_certificate(certificate(rsa_key(0)))
    before = plain(iam_mock.backend.snapshot())
    with aws_error("KeyPairMismatch", 400):
        iam.upload_server_certificate(
            ServerCertificateName="web", CertificateBody=good_cert, PrivateKey=pem_private(rsa_key(1))
        )
    with aws_error("KeyPairMismatch", 400):
        iam.upload_server_certificate(
            ServerCertificateName="web",
            CertificateBody=good_cert,
            PrivateKey=pem_private(ec.generate_private_key(ec.SECP256R1())),
        )
    with aws_error("MalformedCertificate", 400):
        iam.upload_server_certificate(ServerCertificateName="web", CertificateBody="x", PrivateKey="y")
    with aws_error("MalformedCertificate", 400):
        iam.upload_server_certificate(ServerCertificateName="web", CertificateBody=good_cert, PrivateKey="y")
    with aws_error("MalformedCertificate", 400):
        iam.upload_server_certificate(
            ServerCertificateName="web",
            CertificateBody=good_cert,
            PrivateKey=pem_private(rsa_key(0)),
            CertificateChain="not a chain",
        )
    expired = certificate(rsa_key(0), not_after=datetime.now(UTC) - timedelta(hours=1))
    with aws_error("MalformedCertificate", 400):
        iam.upload_server_certificate(
            ServerCertificateName="web",
            CertificateBody=pem_certificate(expired),
            PrivateKey=pem_private(rsa_key(0)),
        )
    assert plain(iam_mock.backend.snapshot()) == before


def test_list_pages_and_filters_by_path(iam: Any) -> None:
    for i in range(5):
        _upload(iam, f"cert{i}", key=i % 2, Path="/a/" if i % 2 else "/b/")
    pages = list(iam.get_paginator("list_server_certificates").paginate(PaginationConfig={"PageSize": 2}))
    names = [m["ServerCertificateName"] for p in pages for m in p["ServerCertificateMetadataList"]]
    assert names == [f"cert{i}" for i in range(5)] and len(pages) == 3
    only_a = iam.list_server_certificates(PathPrefix="/a/")["ServerCertificateMetadataList"]
    assert [m["ServerCertificateName"] for m in only_a] == ["cert1", "cert3"]


def test_at_most_twenty_per_account(iam: Any) -> None:
    for i in range(20):
        _upload(iam, f"c{i}", key=i % 3)
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ServerCertificatesPerAccount: 20"):
        _upload(iam, "c20")


def test_tags(iam: Any) -> None:
    _upload(iam)
    iam.tag_server_certificate(
        ServerCertificateName="web", Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]
    )
    iam.tag_server_certificate(ServerCertificateName="web", Tags=[{"Key": "a", "Value": "3"}])
    iam.untag_server_certificate(ServerCertificateName="web", TagKeys=["b"])
    assert iam.list_server_certificate_tags(ServerCertificateName="web")["Tags"] == [
        {"Key": "a", "Value": "3"}
    ]
    with aws_error("NoSuchEntity", 404):
        iam.tag_server_certificate(ServerCertificateName="none", Tags=[{"Key": "a", "Value": "1"}])


_names = st.from_regex(r"[A-Za-z0-9+=,.@_-]{1,128}", fullmatch=True)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_names)
def test_any_valid_name_round_trips(iam_mock: IAMMock, name: str) -> None:
    iam_mock.reset()
    iam = boto3.client("iam")
    _upload(iam, name)
    got = iam.get_server_certificate(ServerCertificateName=name.upper())["ServerCertificate"]
    assert got["ServerCertificateMetadata"]["ServerCertificateName"] == name
    iam.delete_server_certificate(ServerCertificateName=name.lower())
    assert iam.list_server_certificates()["ServerCertificateMetadataList"] == []
