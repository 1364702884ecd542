"""SSH public keys of users through boto3."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import boto3
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519
from tests.helpers import aws_error
from tests.iam.crypto_helpers import pem_public, rsa_key, ssh_public
from tests.iam.state_helpers import plain

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_user(UserName="alice")
    return client


def _md5_fingerprint(openssh: str) -> str:
    digest = hashlib.md5(base64.b64decode(openssh.split()[1])).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, 32, 2))


def test_upload_get_list_update_delete(iam: Any) -> None:
    body = ssh_public(rsa_key(0), "alice@laptop")
    key = iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=body)["SSHPublicKey"]
    assert key["SSHPublicKeyId"].startswith("APKA") and len(key["SSHPublicKeyId"]) == 21
    assert key["Fingerprint"] == _md5_fingerprint(body)
    assert key["Status"] == "Active" and key["SSHPublicKeyBody"] == body
    key_id = key["SSHPublicKeyId"]
    ssh = iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Encoding="SSH")["SSHPublicKey"]
    assert ssh["SSHPublicKeyBody"] == ssh_public(rsa_key(0))
    pem = iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Encoding="PEM")["SSHPublicKey"]
    assert pem["SSHPublicKeyBody"] == pem_public(rsa_key(0))
    listed = iam.list_ssh_public_keys(UserName="alice")["SSHPublicKeys"]
    assert [k["SSHPublicKeyId"] for k in listed] == [key_id] and "Fingerprint" not in listed[0]
    iam.update_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Status="Inactive")
    assert iam.list_ssh_public_keys(UserName="alice")["SSHPublicKeys"][0]["Status"] == "Inactive"
    with aws_error("DeleteConflict", 409, "Cannot delete entity, must remove referenced objects first."):
        iam.delete_user(UserName="alice")
    iam.delete_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id)
    with aws_error("NoSuchEntity", 404, f"The Public Key with id {key_id} cannot be found."):
        iam.get_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Encoding="SSH")
    iam.delete_user(UserName="alice")


def test_pem_upload_has_the_same_fingerprint(iam: Any) -> None:
    key = iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=pem_public(rsa_key(1)))["SSHPublicKey"]
    assert key["Fingerprint"] == _md5_fingerprint(ssh_public(rsa_key(1)))
    with aws_error("DuplicateSSHPublicKey", 400):
        iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ssh_public(rsa_key(1), "again"))


def test_invalid_keys_change_nothing(iam: Any, iam_mock: IAMMock) -> None:
    before = plain(iam_mock.backend.snapshot())
    for body in (
        "not a key",
        "ssh-rsa AAAA!!!notbase64",
        "-----BEGIN PUBLIC KEY-----\nxx\n-----END PUBLIC KEY-----",
    ):
        with aws_error("InvalidPublicKey", 400, "Public key is invalid."):
            iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=body)
    with aws_error("InvalidPublicKey", 400):
        iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ssh_public(rsa_key(9, 1024)))
    ed = ed25519.Ed25519PrivateKey.generate().public_key()
    ed_text = ed.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    with aws_error("UnrecognizedPublicKeyEncoding", 400):
        iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ed_text)
    assert plain(iam_mock.backend.snapshot()) == before


def test_at_most_five_keys_and_paging(iam: Any) -> None:
    ids = [
        iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ssh_public(rsa_key(i)))["SSHPublicKey"][
            "SSHPublicKeyId"
        ]
        for i in range(5)
    ]
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for SSHPublicKeysPerUser: 5"):
        iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ssh_public(rsa_key(5)))
    pages = list(
        iam.get_paginator("list_ssh_public_keys").paginate(UserName="alice", PaginationConfig={"PageSize": 2})
    )
    assert sorted(k["SSHPublicKeyId"] for p in pages for k in p["SSHPublicKeys"]) == sorted(ids)
    assert len(pages) == 3


def test_missing_user_and_bad_status(iam: Any) -> None:
    with aws_error("NoSuchEntity", 404, "The user with name ghost cannot be found."):
        iam.upload_ssh_public_key(UserName="ghost", SSHPublicKeyBody=ssh_public(rsa_key(0)))
    key_id = iam.upload_ssh_public_key(UserName="alice", SSHPublicKeyBody=ssh_public(rsa_key(0)))[
        "SSHPublicKey"
    ]["SSHPublicKeyId"]
    with aws_error("InvalidInput", 400):
        iam.update_ssh_public_key(UserName="alice", SSHPublicKeyId=key_id, Status="Expired")
