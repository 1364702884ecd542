"""SSH public keys of users (for CodeCommit): ssh-rsa keys in OpenSSH or PEM encoding."""

from __future__ import annotations

import base64
import binascii
import hashlib
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import User
from ..paging import page
from ..registry import Output, Params, operation

# cryptography is imported inside the functions that use it: most suites never upload an SSH key,
# and its ~10k objects would otherwise be walked by every garbage collection.
if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric import rsa

MAX_KEYS = 5
MIN_BITS = 2048
# Key types OpenSSH knows that IAM refuses: a recognised encoding, but not one IAM supports.
_OTHER_SSH_TYPES = ("ssh-ed25519", "ssh-dss", "ecdsa-sha2-", "sk-ssh-", "sk-ecdsa-")


@dataclass(eq=False)
class SSHPublicKey:
    key_id: str
    body: str  # as uploaded
    ssh: str  # "ssh-rsa AAAA…", without a comment
    pem: str
    fingerprint: str
    uploaded: datetime
    status: str = "Active"


def _invalid() -> AwsError:
    return AwsError("InvalidPublicKey", "Public key is invalid.", 400)


def _unrecognized() -> AwsError:
    return AwsError("UnrecognizedPublicKeyEncoding", "Public key encoding format is not supported.", 400)


def _parse(body: str) -> rsa.RSAPublicKey:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    text = body.strip()
    key: object
    if text.startswith("-----BEGIN"):
        try:
            key = serialization.load_pem_public_key(text.encode("latin-1"))
        except (ValueError, TypeError):
            raise _invalid() from None
    else:
        parts = text.split()
        if len(parts) < 2:
            raise _invalid()
        if parts[0].startswith(_OTHER_SSH_TYPES):
            raise _unrecognized()
        if parts[0] != "ssh-rsa":
            raise _invalid()
        try:
            key = serialization.load_ssh_public_key(f"{parts[0]} {parts[1]}".encode("latin-1"))
        except (ValueError, TypeError, binascii.Error):
            raise _invalid() from None
    if not isinstance(key, rsa.RSAPublicKey):
        raise _unrecognized()
    if key.key_size < MIN_BITS:
        raise AwsError(
            "InvalidPublicKey", f"Public key is too short: the minimum bit-length is {MIN_BITS} bits.", 400
        )
    return key


def fingerprint(key: rsa.RSAPublicKey) -> str:
    """MD5 of the SSH wire-format key blob, as colon-separated hex (``ssh-keygen -E md5``)."""
    from cryptography.hazmat.primitives import serialization

    ssh = key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    digest = hashlib.md5(base64.b64decode(ssh.split()[1]), usedforsecurity=False).hexdigest()
    return ":".join(digest[i : i + 2] for i in range(0, len(digest), 2))


def _metadata(user: User, key: SSHPublicKey) -> Output:
    return {
        "UserName": user.name,
        "SSHPublicKeyId": key.key_id,
        "Status": key.status,
        "UploadDate": key.uploaded,
    }


def _full(user: User, key: SSHPublicKey, body: str) -> Output:
    return {**_metadata(user, key), "Fingerprint": key.fingerprint, "SSHPublicKeyBody": body}


def _key(user: User, key_id: str) -> SSHPublicKey:
    found: SSHPublicKey | None = user.ssh_public_keys.get(key_id)
    if found is None:
        raise lookup.no_such_entity(f"The Public Key with id {key_id} cannot be found.")
    return found


@operation("iam", "UploadSSHPublicKey")
def upload_ssh_public_key(call: Call, params: Params) -> Output:
    from cryptography.hazmat.primitives import serialization

    account = call.account
    name: str = params["UserName"]
    body: str = params["SSHPublicKeyBody"]
    call.authorize("iam:UploadSSHPublicKey", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    parsed = _parse(body)
    print_ = fingerprint(parsed)
    if any(k.fingerprint == print_ for k in user.ssh_public_keys.values()):
        raise AwsError(
            "DuplicateSSHPublicKey",
            "The SSH public key is already associated with the specified IAM user.",
            400,
        )
    if len(user.ssh_public_keys) >= MAX_KEYS:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for SSHPublicKeysPerUser: {MAX_KEYS}", 409)
    ssh = parsed.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH)
    pem = parsed.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    key = SSHPublicKey(
        key_id=call.backend.ids.unique_id("APKA"),
        body=body,
        ssh=ssh.decode("ascii"),
        pem=pem.decode("ascii"),
        fingerprint=print_,
        uploaded=call.now,
    )
    user.ssh_public_keys[key.key_id] = key
    return {"SSHPublicKey": _full(user, key, body)}


@operation("iam", "GetSSHPublicKey")
def get_ssh_public_key(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:GetSSHPublicKey", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    key = _key(user, params["SSHPublicKeyId"])
    body = key.pem if params["Encoding"] == "PEM" else key.ssh
    return {"SSHPublicKey": _full(user, key, body)}


@operation("iam", "ListSSHPublicKeys")
def list_ssh_public_keys(call: Call, params: Params) -> Output:
    account = call.account
    name = lookup.target_user_name(call, params)
    if name is None:
        # The account root has no SSH keys of its own.
        call.authorize("iam:ListSSHPublicKeys", account.root_arn)
        return {"SSHPublicKeys": [], "IsTruncated": False}
    call.authorize("iam:ListSSHPublicKeys", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    keys: list[SSHPublicKey] = sorted(user.ssh_public_keys.values(), key=lambda k: (k.uploaded, k.key_id))
    return page(
        keys,
        params,
        key=lambda k: f"{k.uploaded.isoformat()}|{k.key_id}",
        result_key="SSHPublicKeys",
        render=lambda k: _metadata(user, k),
    )


@operation("iam", "UpdateSSHPublicKey")
def update_ssh_public_key(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:UpdateSSHPublicKey", lookup.user_arn(account, name))
    key = _key(lookup.user(account, name), params["SSHPublicKeyId"])
    status: str = params["Status"]
    if status not in ("Active", "Inactive"):
        raise AwsError("InvalidInput", f"Invalid status {status}: must be Active or Inactive.", 400)
    key.status = status
    return None


@operation("iam", "DeleteSSHPublicKey")
def delete_ssh_public_key(call: Call, params: Params) -> None:
    account = call.account
    name: str = params["UserName"]
    call.authorize("iam:DeleteSSHPublicKey", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    key = _key(user, params["SSHPublicKeyId"])
    del user.ssh_public_keys[key.key_id]
    return None
