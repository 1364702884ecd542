"""Bytes on the wire, driven by botocore's service models: query-protocol responses and error bodies."""

from iammock.wire.errors import PROTOCOLS, WireError, parsed_error, serialize_error
from iammock.wire.query import format_timestamp, serialize_response, xml_escape, xml_namespace

__all__ = [
    "PROTOCOLS",
    "WireError",
    "format_timestamp",
    "parsed_error",
    "serialize_error",
    "serialize_response",
    "xml_escape",
    "xml_namespace",
]
