"""wire.errors: error bodies per protocol, and parity of parsed_error with botocore's QueryParser."""

from __future__ import annotations

import json
from typing import Any

import botocore.parsers
import botocore.session
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wire_strategies import TEXT

from iammock.errors import AwsError
from iammock.wire import PROTOCOLS, parsed_error, serialize_error

_SESSION = botocore.session.get_session()
IAM = _SESSION.get_service_model("iam")
STS = _SESSION.get_service_model("sts")
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"


def parse_query(body: bytes, status: int, shape: Any = None) -> dict[str, Any]:
    parsed: dict[str, Any] = botocore.parsers.QueryParser().parse(
        {"body": body, "headers": {}, "status_code": status}, shape
    )
    return parsed


@settings(max_examples=200, deadline=None)
@given(
    code=st.one_of(st.sampled_from(["NoSuchEntity", "ValidationError", "AccessDenied"]), TEXT),
    message=TEXT,
    sender=st.booleans(),
    status=st.sampled_from([400, 403, 404, 409, 500, 503]),
    request_id=st.one_of(st.uuids().map(str), TEXT),
    namespace=st.sampled_from([None, IAM_NS]),
)
def test_query_error_parity(
    code: str, message: str, sender: bool, status: int, request_id: str, namespace: str | None
) -> None:
    error = AwsError(code, message, status, sender_fault=sender)
    wire = serialize_error(error, request_id, xml_namespace=namespace)
    assert wire.status == status
    parsed = parse_query(wire.body, status, IAM.operation_model("GetUser").output_shape)
    metadata = parsed["ResponseMetadata"]
    assert metadata.pop("HTTPStatusCode") == status
    assert metadata.pop("HTTPHeaders") == {}
    assert parsed == parsed_error(error, request_id)


def test_query_error_body_exact() -> None:
    error = AwsError("NoSuchEntity", "The user with name <bob> & co cannot be found.", 404)
    wire = serialize_error(error, "rid-1", "query", xml_namespace=IAM_NS)
    assert wire.body == (
        b'<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>'
        b"<Code>NoSuchEntity</Code>"
        b"<Message>The user with name &lt;bob&gt; &amp; co cannot be found.</Message>"
        b"</Error><RequestId>rid-1</RequestId></ErrorResponse>"
    )
    assert wire.headers["Content-Type"] == "text/xml"
    assert wire.headers["x-amzn-RequestId"] == "rid-1"
    assert parsed_error(AwsError("ServiceFailure", "boom", 500, sender_fault=False), "r") == {
        "Error": {"Type": "Receiver", "Code": "ServiceFailure", "Message": "boom"},
        "ResponseMetadata": {"RequestId": "r"},
    }


def test_botocore_raises_the_modelled_exception_from_parsed_error() -> None:
    client = _SESSION.create_client(
        "iam", region_name="us-east-1", aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret"
    )
    error = AwsError("NoSuchEntity", "The user with name bob cannot be found.", 404)
    exception = client.exceptions.from_code(parsed_error(error, "r")["Error"]["Code"])
    assert exception is client.exceptions.NoSuchEntityException


def _parse_with(parser: Any, wire: Any) -> dict[str, Any]:
    headers = {k.lower(): v for k, v in wire.headers.items()}
    result: dict[str, Any] = parser.parse(
        {"body": wire.body, "headers": headers, "status_code": wire.status}, None
    )
    return result


@pytest.mark.parametrize(
    ("protocol", "parser"),
    [
        ("query", botocore.parsers.QueryParser()),
        ("ec2", botocore.parsers.EC2QueryParser()),
        ("rest-xml", botocore.parsers.RestXMLParser()),
        ("json", botocore.parsers.JSONParser()),
        ("rest-json", botocore.parsers.RestJSONParser()),
    ],
)
@pytest.mark.parametrize("message", ["Rate exceeded", "a <b> & 'c' \"d\" é", ""])
def test_each_protocol_parses_to_code_and_message(protocol: str, parser: Any, message: str) -> None:
    error = AwsError("ThrottlingException", message, 400)
    wire = serialize_error(error, "rid-7", protocol)
    parsed = _parse_with(parser, wire)
    assert parsed["Error"]["Code"] == "ThrottlingException"
    assert (parsed["Error"]["Message"] or "") == message
    if protocol in ("query", "ec2", "rest-xml"):
        assert parsed["ResponseMetadata"]["RequestId"] == "rid-7"


def test_json_bodies() -> None:
    error = AwsError("ResourceNotFoundException", "not here", 400)
    wire = serialize_error(error, "r", "json")
    assert json.loads(wire.body) == {"__type": "ResourceNotFoundException", "message": "not here"}
    assert wire.headers["Content-Type"] == "application/x-amz-json-1.1"
    assert serialize_error(error, "r", "json", json_version="1.0").headers["Content-Type"] == (
        "application/x-amz-json-1.0"
    )
    rest = serialize_error(error, "r", "rest-json")
    assert rest.headers["x-amzn-ErrorType"] == "ResourceNotFoundException"
    assert rest.headers["Content-Type"] == "application/json"


def test_xml_bodies() -> None:
    error = AwsError("NoSuchKey", "The specified key does not exist.", 404)
    assert serialize_error(error, "r", "rest-xml").body.endswith(
        b"<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        b"<RequestId>r</RequestId></Error>"
    )
    assert serialize_error(error, "r", "ec2").body.endswith(
        b"<Response><Errors><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        b"</Error></Errors><RequestID>r</RequestID></Response>"
    )


def test_unknown_protocol() -> None:
    assert set(PROTOCOLS) == {"query", "ec2", "rest-xml", "json", "rest-json"}
    with pytest.raises(ValueError, match="smithy-rpc"):
        serialize_error(AwsError("X", "y"), "r", "smithy-rpc")
