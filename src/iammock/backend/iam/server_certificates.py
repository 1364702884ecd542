"""Server certificates (for load balancers and CloudFront): certificate, private key and chain."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import AwsError
from .. import lookup, tags
from ..call import Call
from ..model import Account, Tagged
from ..paging import page
from ..registry import Output, Params, operation
from .signing_certificates import malformed, parse_certificate

# cryptography is imported inside the functions that use it: most suites never parse a certificate,
# and its ~10k objects would otherwise be walked by every garbage collection.
if TYPE_CHECKING:
    from cryptography import x509

MAX_CERTIFICATES = 20
_PEM_CERTIFICATE = re.compile(r"-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----", re.DOTALL)


@dataclass(eq=False)
class ServerCertificate(Tagged):
    name: str
    certificate_id: str
    arn: str
    path: str
    body: str
    chain: str | None
    private_key: str = field(repr=False)
    uploaded: datetime
    expiration: datetime


def _metadata(cert: ServerCertificate) -> Output:
    return {
        "Path": cert.path,
        "ServerCertificateName": cert.name,
        "ServerCertificateId": cert.certificate_id,
        "Arn": cert.arn,
        "UploadDate": cert.uploaded,
        "Expiration": cert.expiration,
    }


def _arn(account: Account, name: str, path: str = "/") -> str:
    found: ServerCertificate | None = account.server_certificates.get(name.lower())
    return found.arn if found else account.iam_arn("server-certificate", path, name)


def _certificate(account: Account, name: str) -> ServerCertificate:
    found: ServerCertificate | None = account.server_certificates.get(name.lower())
    if found is None:
        raise lookup.no_such_entity(f"The Server Certificate with name {name} cannot be found.")
    return found


def _exists(name: str) -> AwsError:
    return AwsError("EntityAlreadyExists", f"The Server Certificate with name {name} already exists.", 409)


def _check_key(certificate: x509.Certificate, private_key: str) -> None:
    from cryptography.hazmat.primitives import serialization

    try:
        key = serialization.load_pem_private_key(private_key.strip().encode("latin-1"), password=None)
    except (ValueError, TypeError):
        raise malformed(
            "Unable to parse private key. Please ensure the private key is in PEM format."
        ) from None
    der = serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    if key.public_key().public_bytes(*der) != certificate.public_key().public_bytes(*der):
        raise AwsError("KeyPairMismatch", "The private key did not match the public key provided.", 400)


def _check_chain(chain: str, now: datetime) -> None:
    blocks = _PEM_CERTIFICATE.findall(chain)
    if not blocks:
        raise malformed("Unable to parse certificate chain. Please ensure the chain is in PEM format.")
    for block in blocks:
        parse_certificate(block, now)


@operation("iam", "UploadServerCertificate")
def upload_server_certificate(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["ServerCertificateName"]
    path: str = params.get("Path", "/")
    given_tags = params.get("Tags", [])
    arn = account.iam_arn("server-certificate", path, name)
    context = tags.request_context(given_tags)
    call.authorize("iam:UploadServerCertificate", arn, context)
    if given_tags:
        call.authorize("iam:TagServerCertificate", arn, context)
    if name.lower() in account.server_certificates:
        raise _exists(name)
    body: str = params["CertificateBody"]
    certificate = parse_certificate(body, call.now)
    _check_key(certificate, params["PrivateKey"])
    chain: str | None = params.get("CertificateChain")
    if chain is not None:
        _check_chain(chain, call.now)
    cert_tags = tags.merge({}, given_tags, case_insensitive=False)
    if len(account.server_certificates) >= MAX_CERTIFICATES:
        raise AwsError(
            "LimitExceeded", f"Cannot exceed quota for ServerCertificatesPerAccount: {MAX_CERTIFICATES}", 409
        )
    cert = ServerCertificate(
        name=name,
        certificate_id=call.backend.ids.unique_id("ASCA"),
        arn=arn,
        path=path,
        body=body,
        chain=chain,
        private_key=params["PrivateKey"],
        uploaded=call.now,
        expiration=certificate.not_valid_after_utc,
        tags=cert_tags,
    )
    account.server_certificates[name.lower()] = cert
    result: Output = {"ServerCertificateMetadata": _metadata(cert)}
    if cert.tags:
        result["Tags"] = tags.as_list(cert.tags)
    return result


@operation("iam", "GetServerCertificate")
def get_server_certificate(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["ServerCertificateName"]
    call.authorize("iam:GetServerCertificate", _arn(account, name))
    cert = _certificate(account, name)
    result: Output = {
        "ServerCertificateMetadata": _metadata(cert),
        "CertificateBody": cert.body,
        "CertificateChain": cert.chain,
    }
    if cert.tags:
        result["Tags"] = tags.as_list(cert.tags)
    return {"ServerCertificate": result}


@operation("iam", "ListServerCertificates")
def list_server_certificates(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:ListServerCertificates", account.iam_arn("server-certificate", "/", "*"))
    prefix = params.get("PathPrefix", "/")
    certs: list[ServerCertificate] = sorted(
        (c for c in account.server_certificates.values() if c.path.startswith(prefix)),
        key=lambda c: c.name.lower(),
    )
    return page(
        certs,
        params,
        key=lambda c: c.name.lower(),
        result_key="ServerCertificateMetadataList",
        render=_metadata,
    )


@operation("iam", "UpdateServerCertificate")
def update_server_certificate(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["ServerCertificateName"]
    call.authorize("iam:UpdateServerCertificate", _arn(account, name))
    cert = _certificate(account, name)
    new_name: str = params.get("NewServerCertificateName", cert.name)
    new_path: str = params.get("NewPath", cert.path)
    new_arn = account.iam_arn("server-certificate", new_path, new_name)
    # Renaming needs permission on the new name too, as AWS checks both resources.
    if new_arn != cert.arn:
        call.authorize("iam:UpdateServerCertificate", new_arn)
    if new_name.lower() != cert.name.lower() and new_name.lower() in account.server_certificates:
        raise _exists(new_name)
    del account.server_certificates[cert.name.lower()]
    cert.name, cert.path, cert.arn = new_name, new_path, new_arn
    account.server_certificates[new_name.lower()] = cert
    return None


@operation("iam", "DeleteServerCertificate")
def delete_server_certificate(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["ServerCertificateName"]
    call.authorize("iam:DeleteServerCertificate", _arn(account, name))
    cert = _certificate(account, name)
    del account.server_certificates[cert.name.lower()]
    return None


@operation("iam", "TagServerCertificate")
def tag_server_certificate(call: Call, params: Params) -> None:
    account, name = call.account, params["ServerCertificateName"]
    tags.tag(
        call,
        "iam:TagServerCertificate",
        _arn(account, name),
        lambda: _certificate(account, name),
        params["Tags"],
    )


@operation("iam", "UntagServerCertificate")
def untag_server_certificate(call: Call, params: Params) -> None:
    account, name = call.account, params["ServerCertificateName"]
    tags.untag(
        call,
        "iam:UntagServerCertificate",
        _arn(account, name),
        lambda: _certificate(account, name),
        params["TagKeys"],
    )


@operation("iam", "ListServerCertificateTags")
def list_server_certificate_tags(call: Call, params: Params) -> Output:
    account, name = call.account, params["ServerCertificateName"]
    return tags.listing(
        call,
        "iam:ListServerCertificateTags",
        _arn(account, name),
        lambda: _certificate(account, name),
        params,
    )
