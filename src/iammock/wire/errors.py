"""``AwsError`` → each AWS protocol's error response, and the dict botocore's QueryParser makes of one.

:func:`serialize_error` returns a :class:`WireError` ``(status, headers, body)`` because the JSON
protocols carry part of the error in headers (``x-amzn-ErrorType``) and every protocol has its own
``Content-Type``:

=============  ====================================================================================
``query``      ``<ErrorResponse xmlns=…><Error><Type>Sender|Receiver</Type><Code/><Message/></Error>
               <RequestId/></ErrorResponse>`` (IAM, STS, …)
``ec2``        ``<Response><Errors><Error><Code/><Message/></Error></Errors><RequestID/></Response>``
``rest-xml``   ``<Error><Code/><Message/><RequestId/></Error>`` (S3 style)
``json``       ``{"__type": code, "message": msg}``
``rest-json``  ``{"__type": code, "message": msg}`` plus the ``x-amzn-ErrorType: code`` header
=============  ====================================================================================

:func:`parsed_error` is what botocore's ``QueryParser`` yields for the query body (``Error`` with
``Type``/``Code``/``Message``, and ``ResponseMetadata.RequestId``), without the ``HTTPStatusCode`` /
``HTTPHeaders`` entries ``ResponseParser.parse`` adds to ``ResponseMetadata`` afterwards.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from iammock.errors import AwsError
from iammock.wire.query import xml_escape

__all__ = ["PROTOCOLS", "WireError", "parsed_error", "serialize_error"]

PROTOCOLS = ("query", "ec2", "rest-xml", "json", "rest-json")


class WireError(NamedTuple):
    """An error response as sent: HTTP status, headers and body bytes."""

    status: int
    headers: dict[str, str]
    body: bytes


def _fault(error: AwsError) -> str:
    return "Sender" if error.sender_fault else "Receiver"


def serialize_error(
    error: AwsError,
    request_id: str,
    protocol: str = "query",
    *,
    xml_namespace: str | None = None,
    json_version: str = "1.1",
) -> WireError:
    """The response AWS sends for ``error`` in ``protocol`` (see the module docstring for the bodies).

    ``xml_namespace`` is the service's namespace for the query body's ``xmlns`` (IAM and STS send theirs,
    e.g. ``https://iam.amazonaws.com/doc/2010-05-08/``); ``json_version`` the JSON protocol's
    ``application/x-amz-json-<version>`` content type.
    """
    code = xml_escape(error.code)
    message = xml_escape(error.message)
    rid = xml_escape(request_id)
    if protocol == "query":
        xmlns = f' xmlns="{xml_escape(xml_namespace)}"' if xml_namespace else ""
        text = (
            f"<ErrorResponse{xmlns}><Error><Type>{_fault(error)}</Type><Code>{code}</Code>"
            f"<Message>{message}</Message></Error><RequestId>{rid}</RequestId></ErrorResponse>"
        )
        return WireError(error.status, _headers("text/xml", request_id), text.encode("utf-8"))
    if protocol == "ec2":
        text = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Response><Errors><Error><Code>{code}</Code>'
            f"<Message>{message}</Message></Error></Errors><RequestID>{rid}</RequestID></Response>"
        )
        return WireError(error.status, _headers("text/xml;charset=UTF-8", request_id), text.encode("utf-8"))
    if protocol == "rest-xml":
        text = (
            f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
            f"<RequestId>{rid}</RequestId></Error>"
        )
        headers = _headers("application/xml", request_id)
        headers["x-amz-request-id"] = request_id
        return WireError(error.status, headers, text.encode("utf-8"))
    if protocol in ("json", "rest-json"):
        body = json.dumps({"__type": error.code, "message": error.message}).encode("utf-8")
        if protocol == "json":
            return WireError(
                error.status, _headers(f"application/x-amz-json-{json_version}", request_id), body
            )
        headers = _headers("application/json", request_id)
        headers["x-amzn-ErrorType"] = error.code
        return WireError(error.status, headers, body)
    raise ValueError(f"unknown protocol {protocol!r}; expected one of {', '.join(PROTOCOLS)}")


def _headers(content_type: str, request_id: str) -> dict[str, str]:
    return {"x-amzn-RequestId": request_id, "Content-Type": content_type}


def parsed_error(error: AwsError, request_id: str) -> dict[str, Any]:
    """What botocore's QueryParser returns for :func:`serialize_error`'s query body.

    The parser reads empty elements as ``None`` (``_replace_nodes`` takes ``node.text``), so an empty
    message is ``None`` here too.
    """
    return {
        "Error": {
            "Type": _fault(error),
            "Code": error.code or None,
            "Message": error.message or None,
        },
        "ResponseMetadata": {"RequestId": request_id or None},
    }
