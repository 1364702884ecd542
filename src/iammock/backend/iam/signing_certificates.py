"""X.509 signing certificates of users and of the root; PEM parsing shared with server certificates."""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account
from ..paging import page
from ..registry import Output, Params, operation

# cryptography is imported inside the functions that use it: most suites never parse a certificate,
# and its ~10k objects would otherwise be walked by every garbage collection.
if TYPE_CHECKING:
    from cryptography import x509

MAX_CERTIFICATES = 2


def malformed(
    message: str = "Unable to parse certificate. Please ensure the certificate is in PEM format.",
) -> AwsError:
    return AwsError("MalformedCertificate", message, 400)


def parse_certificate(body: str, now: datetime) -> x509.Certificate:
    """One PEM certificate, not yet expired; MalformedCertificate otherwise."""
    from cryptography import x509

    try:
        certificate = x509.load_pem_x509_certificate(body.strip().encode("latin-1"))
    except (ValueError, TypeError):
        raise malformed() from None
    if certificate.not_valid_after_utc < now:
        raise malformed(
            "Certificate is no longer valid. The 'Not After' date restriction on the certificate has passed."
        )
    return certificate


@dataclass(eq=False)
class SigningCertificate:
    certificate_id: str
    body: str
    uploaded: datetime
    status: str = "Active"


def certificate_id(certificate: x509.Certificate) -> str:
    """32 characters of ``[A-Z2-7]``: the base32 SHA-1 of the DER certificate.

    Derived from the certificate rather than random, so the same certificate always has the same ID.
    """
    from cryptography.hazmat.primitives import serialization

    der = certificate.public_bytes(serialization.Encoding.DER)
    return base64.b32encode(hashlib.sha1(der, usedforsecurity=False).digest()).decode("ascii")


def _store(account: Account, user_name: str | None) -> dict[str, SigningCertificate]:
    if user_name is None:
        return account.root_signing_certificates
    return lookup.user(account, user_name).signing_certificates


def _all_ids(account: Account) -> Iterator[str]:
    yield from account.root_signing_certificates
    for user in account.users.values():
        yield from user.signing_certificates


def _owner(call: Call, params: Params) -> tuple[str | None, str]:
    name = lookup.target_user_name(call, params)
    account = call.account
    return name, lookup.user_arn(account, name) if name else account.root_arn


def _render(call: Call, user_name: str | None, cert: SigningCertificate) -> Output:
    account = call.account
    display = lookup.user(account, user_name).name if user_name else account.id
    return {
        "UserName": display,
        "CertificateId": cert.certificate_id,
        "CertificateBody": cert.body,
        "Status": cert.status,
        "UploadDate": cert.uploaded,
    }


def _certificate(store: dict[str, SigningCertificate], cert_id: str) -> SigningCertificate:
    found = store.get(cert_id)
    if found is None:
        raise lookup.no_such_entity(f"The Certificate with id {cert_id} cannot be found.")
    return found


@operation("iam", "UploadSigningCertificate")
def upload_signing_certificate(call: Call, params: Params) -> Output:
    account = call.account
    name, arn = _owner(call, params)
    call.authorize("iam:UploadSigningCertificate", arn)
    store = _store(account, name)
    body: str = params["CertificateBody"]
    cert_id = certificate_id(parse_certificate(body, call.now))
    if cert_id in set(_all_ids(account)):
        raise AwsError(
            "DuplicateCertificate", "The same certificate is associated with an IAM user in the account.", 409
        )
    if len(store) >= MAX_CERTIFICATES:
        # AWS's wording (moto's AWS-verified test_create_too_many_certificates).
        raise AwsError(
            "LimitExceeded", f"Cannot exceed quota for CertificatesPerUser: {MAX_CERTIFICATES}", 409
        )
    cert = SigningCertificate(certificate_id=cert_id, body=body, uploaded=call.now)
    if name is None:
        store = account.root_signing_certificates
    store[cert_id] = cert
    return {"Certificate": _render(call, name, cert)}


@operation("iam", "ListSigningCertificates")
def list_signing_certificates(call: Call, params: Params) -> Output:
    name, arn = _owner(call, params)
    call.authorize("iam:ListSigningCertificates", arn)
    certs = sorted(_store(call.account, name).values(), key=lambda c: (c.uploaded, c.certificate_id))
    return page(
        certs,
        params,
        key=lambda c: f"{c.uploaded.isoformat()}|{c.certificate_id}",
        result_key="Certificates",
        render=lambda c: _render(call, name, c),
    )


@operation("iam", "UpdateSigningCertificate")
def update_signing_certificate(call: Call, params: Params) -> None:
    name, arn = _owner(call, params)
    call.authorize("iam:UpdateSigningCertificate", arn)
    cert = _certificate(_store(call.account, name), params["CertificateId"])
    status: str = params["Status"]
    if status not in ("Active", "Inactive"):
        raise AwsError("InvalidInput", f"Invalid status {status}: must be Active or Inactive.", 400)
    cert.status = status
    return None


@operation("iam", "DeleteSigningCertificate")
def delete_signing_certificate(call: Call, params: Params) -> None:
    name, arn = _owner(call, params)
    call.authorize("iam:DeleteSigningCertificate", arn)
    store = _store(call.account, name)
    cert = _certificate(store, params["CertificateId"])
    del store[cert.certificate_id]
    return None
