"""Query-protocol (IAM, STS) response XML, driven by botocore's service models.

:func:`serialize_response` writes the bytes AWS sends for a successful call::

    <{Op}Response xmlns="{xmlNamespace}">
      <{Op}Result>…</{Op}Result>            (the output shape's resultWrapper; absent without output)
      <ResponseMetadata><RequestId>…</RequestId></ResponseMetadata>
    </{Op}Response>

It accepts the same plain data as :func:`iammock.hook.shapes.conform` (and is written independently of it,
so the parity tests compare two implementations): lists as ``<member>`` children (or the model's
``locationName``/``flattened``), maps as ``<entry><key/><value/></entry>`` (or the map's names), timestamps
as ISO-8601 ``Z`` whole seconds, booleans ``true``/``false``, blobs base64, IAM policy documents
URL-encoded, text XML-escaped (``\\r`` as a character reference so XML parsers keep it).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from dateutil import parser as dateutil_parser

__all__ = ["format_timestamp", "serialize_response", "xml_escape", "xml_namespace"]

POLICY_DOCUMENT_SHAPE = "policyDocumentType"

# (value, parts, path) -> None; appends the element *content* for value.
_Emit = Callable[[Any, list[str], str], None]

_emitters: dict[tuple[str, str, str], _Emit | None] = {}

_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", "\r": "&#13;"})


def xml_escape(text: str) -> str:
    """Escape text content (``\\r`` too: XML parsers normalise a literal carriage return to ``\\n``)."""
    return text.translate(_ESCAPES)


def xml_namespace(service_model: Any) -> str | None:
    """The model's ``xmlNamespace`` (a string for query services, ``{"uri": …}`` for rest-xml ones)."""
    namespace = service_model.metadata.get("xmlNamespace")
    if isinstance(namespace, Mapping):
        namespace = namespace.get("uri")
    return None if namespace is None else str(namespace)


def format_timestamp(value: Any) -> str:
    """``YYYY-MM-DDTHH:MM:SSZ`` for a datetime (naive = UTC), ISO-8601 text or epoch seconds."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = dateutil_parser.isoparse(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    if moment.tzinfo is not None:
        moment = moment.astimezone(UTC)
    return (
        f"{moment.year:04d}-{moment.month:02d}-{moment.day:02d}"
        f"T{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}Z"
    )


def serialize_response(operation_model: Any, data: Mapping[str, Any] | None, request_id: str) -> bytes:
    """The UTF-8 XML body AWS sends for a successful ``operation_model`` call returning ``data``."""
    service_model = operation_model.service_model
    op_name = str(operation_model.name)
    key = (str(service_model.service_name), str(service_model.api_version), op_name)
    try:
        emit = _emitters[key]
    except KeyError:
        shape = operation_model.output_shape
        emit = None if shape is None else _Compiler().compile(shape)
        _emitters[key] = emit
    namespace = xml_namespace(service_model)
    xmlns = f' xmlns="{xml_escape(namespace)}"' if namespace else ""
    parts: list[str] = [f"<{op_name}Response{xmlns}>"]
    if emit is not None:
        output_shape = operation_model.output_shape
        wrapper = output_shape.serialization.get("resultWrapper")
        if wrapper:
            parts.append(f"<{wrapper}>")
        emit(data or {}, parts, op_name)
        if wrapper:
            parts.append(f"</{wrapper}>")
    elif data:
        raise TypeError(f"{op_name} has no output, got members {sorted(data)}")
    parts.append(f"<ResponseMetadata><RequestId>{xml_escape(request_id)}</RequestId></ResponseMetadata>")
    parts.append(f"</{op_name}Response>")
    return "".join(parts).encode("utf-8")


# --------------------------------------------------------------------------------------------------------
# Scalars


def _type_error(path: str, expected: str, value: Any) -> TypeError:
    return TypeError(f"{path}: expected {expected}, got {type(value).__name__} {value!r:.80}")


def _emit_string(value: Any, parts: list[str], path: str) -> None:
    if not isinstance(value, str):
        raise _type_error(path, "str", value)
    parts.append(xml_escape(str.__str__(value)))


def _emit_policy(value: Any, parts: list[str], path: str) -> None:
    if isinstance(value, Mapping):
        value = json.dumps(value)
    if not isinstance(value, str):
        raise _type_error(path, "policy document text", value)
    parts.append(quote(str.__str__(value), safe=""))  # only ASCII letters, digits, %, _.-~


def _emit_integer(value: Any, parts: list[str], path: str) -> None:
    if not isinstance(value, int) or isinstance(value, bool):
        raise _type_error(path, "int", value)
    parts.append(str(int(value)))


def _emit_float(value: Any, parts: list[str], path: str) -> None:
    if not isinstance(value, (int, float)) or isinstance(value, bool):
        raise _type_error(path, "float", value)
    parts.append(repr(float(value)))


def _emit_boolean(value: Any, parts: list[str], path: str) -> None:
    if not isinstance(value, bool):
        raise _type_error(path, "bool", value)
    parts.append("true" if value else "false")


def _emit_timestamp(value: Any, parts: list[str], path: str) -> None:
    try:
        parts.append(format_timestamp(value))
    except (TypeError, ValueError) as exc:
        raise _type_error(path, "timestamp", value) from exc


def _emit_blob(value: Any, parts: list[str], path: str) -> None:
    if isinstance(value, str):
        value = value.encode("utf-8")
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise _type_error(path, "bytes", value)
    parts.append(base64.b64encode(bytes(value)).decode("ascii"))


_SCALARS: dict[str, _Emit] = {
    "string": _emit_string,
    "character": _emit_string,
    "integer": _emit_integer,
    "long": _emit_integer,
    "float": _emit_float,
    "double": _emit_float,
    "boolean": _emit_boolean,
    "timestamp": _emit_timestamp,
    "blob": _emit_blob,
}


# --------------------------------------------------------------------------------------------------------
# Containers


def _element_name(member_shape: Any, member_name: str) -> str:
    """The member's XML element name, as botocore's parser looks it up (``_member_key_name``)."""
    if member_shape.type_name == "list" and member_shape.serialization.get("flattened"):
        name = member_shape.member.serialization.get("name")
        if name is not None:
            return str(name)
    return str(member_shape.serialization.get("name") or member_name)


class _Compiler:
    def __init__(self) -> None:
        self._done: dict[str, _Emit] = {}

    def compile(self, shape: Any) -> _Emit:
        name = shape.name
        kind = shape.type_name
        if name in self._done:
            return self._done[name]
        if kind not in ("structure", "list", "map"):
            if kind == "string" and name == POLICY_DOCUMENT_SHAPE:
                return _emit_policy
            try:
                return _SCALARS[kind]
            except KeyError:
                raise TypeError(f"unsupported shape type {kind} ({name})") from None
        done = self._done
        done[name] = lambda value, parts, path: done[name](value, parts, path)  # recursion placeholder
        if kind == "structure":
            built = self._structure(shape)
        elif kind == "list":
            built = self._list(shape)
        else:
            built = self._map(shape)
        done[name] = built
        return built

    def _structure(self, shape: Any) -> _Emit:
        # member name -> (element name, flattened container?, content emitter)
        members: dict[str, tuple[str, bool, _Emit]] = {}
        for name, member in shape.members.items():
            flattened = member.type_name in ("list", "map") and bool(member.serialization.get("flattened"))
            if flattened and member.type_name == "list":
                item_emit = self.compile(member.member)
                members[name] = (_element_name(member, name), True, item_emit)
            elif flattened:
                members[name] = (_element_name(member, name), True, self._map_entry(member))
            else:
                members[name] = (_element_name(member, name), False, self.compile(member))
        order = list(members)
        shape_name = shape.name

        def emit_structure(value: Any, parts: list[str], path: str) -> None:
            if not isinstance(value, Mapping):
                raise _type_error(path, f"mapping for {shape_name}", value)
            for name in value:
                if name not in members and value[name] is not None:
                    raise TypeError(f"{path}: {name!r} is not a member of {shape_name} (members: {order})")
            for name in order:
                item = value.get(name)
                if item is None:
                    continue
                tag, flattened, emit = members[name]
                if flattened:
                    if not isinstance(item, (list, tuple, Mapping)):
                        raise _type_error(f"{path}.{name}", "list or mapping", item)
                    entries = item.items() if isinstance(item, Mapping) else item
                    for entry in entries:
                        parts.append(f"<{tag}>")
                        emit(entry, parts, f"{path}.{name}")
                        parts.append(f"</{tag}>")
                else:
                    parts.append(f"<{tag}>")
                    emit(item, parts, f"{path}.{name}")
                    parts.append(f"</{tag}>")

        return emit_structure

    def _list(self, shape: Any) -> _Emit:
        emit_item = self.compile(shape.member)
        tag = str(shape.member.serialization.get("name") or "member")
        open_tag, close_tag = f"<{tag}>", f"</{tag}>"

        def emit_list(value: Any, parts: list[str], path: str) -> None:
            if not isinstance(value, (list, tuple)):
                raise _type_error(path, "list", value)
            for index, item in enumerate(value):
                if item is None:
                    raise TypeError(f"{path}[{index}]: None in a list")
                parts.append(open_tag)
                emit_item(item, parts, f"{path}[{index}]")
                parts.append(close_tag)

        return emit_list

    def _map_entry(self, shape: Any) -> _Emit:
        """Emits the content of one ``<entry>``: the key and value elements, for a (key, value) pair."""
        emit_key = self.compile(shape.key)
        emit_value = self.compile(shape.value)
        key_tag = str(shape.key.serialization.get("name") or "key")
        value_tag = str(shape.value.serialization.get("name") or "value")

        def emit_entry(pair: Any, parts: list[str], path: str) -> None:
            key, item = pair
            if item is None:
                raise TypeError(f"{path}[{key!r}]: None as a map value")
            parts.append(f"<{key_tag}>")
            emit_key(key, parts, f"{path}.<key>")
            parts.append(f"</{key_tag}><{value_tag}>")
            emit_value(item, parts, f"{path}[{key!r}]")
            parts.append(f"</{value_tag}>")

        return emit_entry

    def _map(self, shape: Any) -> _Emit:
        emit_entry = self._map_entry(shape)

        def emit_map(value: Any, parts: list[str], path: str) -> None:
            if not isinstance(value, Mapping):
                raise _type_error(path, "mapping", value)
            for pair in value.items():
                parts.append("<entry>")
                emit_entry(pair, parts, path)
                parts.append("</entry>")

        return emit_map
