"""Encoded authorization failure messages, as services put them in their denials, and their decoding.

``encode(decision)`` turns an engine decision into an opaque string (zlib-compressed JSON, base64url,
with an HMAC so that only messages this process made decode); DecodeAuthorizationMessage gives the
JSON back in the shape AWS documents (allowed, explicitDeny, matchedStatements, failures, context).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import secrets
import zlib
from datetime import datetime

from ...engine import Decision
from ...engine.context import to_text
from ...errors import AwsError
from ..call import Call
from ..registry import Output, Params, operation

_KEY = secrets.token_bytes(32)
_TAG_LEN = 16


def describe(decision: Decision) -> Output:
    """The decoded message: what AWS's DecodeAuthorizationMessage returns, as data."""
    request = decision.request
    statements = [
        {
            "statementId": str(m.sid_or_index),
            "effect": m.effect,
            "policy": {"policyName": m.policy_name, "policyType": m.policy_kind.value},
        }
        for m in decision.statements
    ]
    conditions = []
    principal: dict[str, str] = {}
    action = resource = ""
    if request is not None:
        principal = {"arn": request.principal.arn, "account": request.principal.account}
        if request.principal.entity_id:
            principal["id"] = request.principal.entity_id
        action, resource = request.action, request.resource
        for key, value in request.context.items():
            values = value if isinstance(value, list | tuple) else [value]
            conditions.append({"key": key, "values": {"items": [{"value": _text(v)} for v in values]}})
    return {
        "allowed": decision.allowed,
        "explicitDeny": decision.outcome == "explicit_deny",
        "matchedStatements": {"items": statements},
        "failures": {"items": []},
        "context": {
            "principal": principal,
            "action": action,
            "resource": resource,
            "conditions": {"items": conditions},
        },
    }


def _text(value: object) -> str:
    if isinstance(value, str | bool | int | float | datetime | bytes):
        return to_text(value)
    return str(value)


def encode(decision: Decision) -> str:
    """The opaque string a service puts after ``Encoded authorization failure message:``."""
    return encode_data(describe(decision))


def encode_data(data: Output) -> str:
    body = zlib.compress(json.dumps(data, separators=(",", ":")).encode(), 9)
    tag = hmac.new(_KEY, body, hashlib.sha256).digest()[:_TAG_LEN]
    return base64.urlsafe_b64encode(tag + body).decode().rstrip("=")


def decode(message: str) -> str:
    """The JSON text of a message ``encode`` made; InvalidAuthorizationMessageException otherwise."""
    try:
        raw = base64.urlsafe_b64decode(message + "=" * (-len(message) % 4))
    except (binascii.Error, ValueError):
        raise _invalid() from None
    tag, body = raw[:_TAG_LEN], raw[_TAG_LEN:]
    if len(tag) < _TAG_LEN or not hmac.compare_digest(
        tag, hmac.new(_KEY, body, hashlib.sha256).digest()[:_TAG_LEN]
    ):
        raise _invalid()
    try:
        return zlib.decompress(body).decode()
    except (zlib.error, UnicodeDecodeError):
        raise _invalid() from None


def _invalid() -> AwsError:
    # (unconfirmed wording)
    return AwsError("InvalidAuthorizationMessageException", "The message is invalid.", 400)


@operation("sts", "DecodeAuthorizationMessage")
def decode_authorization_message(call: Call, params: Params) -> Output:
    call.authorize("sts:DecodeAuthorizationMessage", "*")
    return {"DecodedMessage": decode(params["EncodedMessage"])}
