"""X.509 signing certificates through boto3."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.crypto_helpers import certificate, pem_certificate, rsa_key
from tests.iam.state_helpers import plain

from iammock import IAMMock

MALFORMED = "Unable to parse certificate. Please ensure the certificate is in PEM format."


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_user(UserName="alice")
    return client


def test_upload_list_update_delete(iam: Any) -> None:
    body = pem_certificate(certificate(rsa_key(0)))
    cert = iam.upload_signing_certificate(UserName="alice", CertificateBody=body)["Certificate"]
    cert_id = cert["CertificateId"]
    assert len(cert_id) == 32 and cert_id.isalnum() and cert_id.isupper()
    assert cert["Status"] == "Active" and cert["UserName"] == "alice" and cert["CertificateBody"] == body
    listed = iam.list_signing_certificates(UserName="alice")["Certificates"]
    assert [c["CertificateId"] for c in listed] == [cert_id]
    iam.update_signing_certificate(UserName="alice", CertificateId=cert_id, Status="Inactive")
    assert iam.list_signing_certificates(UserName="alice")["Certificates"][0]["Status"] == "Inactive"
    with aws_error("DeleteConflict", 409):
        iam.delete_user(UserName="alice")
    iam.delete_signing_certificate(UserName="alice", CertificateId=cert_id)
    with aws_error("NoSuchEntity", 404, f"The Certificate with id {cert_id} cannot be found."):
        iam.delete_signing_certificate(UserName="alice", CertificateId=cert_id)
    iam.delete_user(UserName="alice")


def test_malformed_and_expired_change_nothing(iam: Any, iam_mock: IAMMock) -> None:
    before = plain(iam_mock.backend.snapshot())
    for body in ("hello", "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----"):
        with aws_error("MalformedCertificate", 400, MALFORMED):
            iam.upload_signing_certificate(UserName="alice", CertificateBody=body)
    expired = certificate(rsa_key(0), not_after=datetime.now(UTC) - timedelta(days=1))
    with aws_error("MalformedCertificate", 400):
        iam.upload_signing_certificate(UserName="alice", CertificateBody=pem_certificate(expired))
    assert plain(iam_mock.backend.snapshot()) == before


def test_duplicates_and_limit(iam: Any) -> None:
    iam.create_user(UserName="bob")
    first = pem_certificate(certificate(rsa_key(0)))
    iam.upload_signing_certificate(UserName="alice", CertificateBody=first)
    # The same certificate may belong to only one user in the account.
    with aws_error("DuplicateCertificate", 409):
        iam.upload_signing_certificate(UserName="bob", CertificateBody=first)
    iam.upload_signing_certificate(UserName="alice", CertificateBody=pem_certificate(certificate(rsa_key(1))))
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for CertificatesPerUser: 2"):
        iam.upload_signing_certificate(
            UserName="alice", CertificateBody=pem_certificate(certificate(rsa_key(2)))
        )
    pages = list(
        iam.get_paginator("list_signing_certificates").paginate(
            UserName="alice", PaginationConfig={"PageSize": 1}
        )
    )
    assert [len(p["Certificates"]) for p in pages] == [1, 1]


def test_root_has_its_own_certificates(iam: Any) -> None:
    body = pem_certificate(certificate(rsa_key(3)))
    cert = iam.upload_signing_certificate(CertificateBody=body)["Certificate"]
    assert [c["CertificateId"] for c in iam.list_signing_certificates()["Certificates"]] == [
        cert["CertificateId"]
    ]
    assert iam.list_signing_certificates(UserName="alice")["Certificates"] == []
    iam.delete_signing_certificate(CertificateId=cert["CertificateId"])
    assert iam.list_signing_certificates()["Certificates"] == []


def test_missing_user_and_non_root_caller(iam: Any) -> None:
    body = pem_certificate(certificate(rsa_key(0)))
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        iam.upload_signing_certificate(UserName="ghost", CertificateBody=body)
    alice = client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"])
    with aws_error("AccessDenied", 403):
        alice.upload_signing_certificate(CertificateBody=body)
