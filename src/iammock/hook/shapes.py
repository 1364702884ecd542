"""Model-driven output conformance: handler data → the dict botocore's QueryParser would have produced.

:func:`conform` takes the plain data an operation handler returns and yields exactly what botocore's
``QueryParser`` makes of AWS's XML for that operation (before ``after-call`` handlers run; the hook adds
``ResponseMetadata``). It is strict about names, so handler bugs surface in tests:

* a member the output shape does not have raises ``TypeError`` naming it; ``None`` values are omitted;
* timestamps (``datetime``, naive meaning UTC, or ISO-8601 text) become aware UTC datetimes with
  ``dateutil.tz.tzutc()``, truncated to whole seconds as AWS sends them;
* IAM policy documents (``policyDocumentType``) are given as JSON text (or a mapping, dumped to JSON) and
  come out URL-encoded, as on the wire; botocore's ``json_decode_policies`` after-call handler decodes them;
* blobs become ``bytes``, as botocore's default parser decodes them (a client whose parser has other
  settings, such as the AWS CLI's, gets what its own parser makes of the XML: :mod:`iammock.hook.parsers`);
  lists stay lists (``[]`` included), maps dicts;
* a :class:`~iammock.fixed.Fixed` structure is converted once: what it became is kept on it, and each
  answer gets a fresh copy (made by a copier compiled for the shape, at C speed where it can be).

A converter is compiled once per output shape (keyed by service, API version and operation name).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from dateutil import parser as dateutil_parser
from dateutil.tz import tzutc

from ..fixed import Fixed
from .parsers import through_own_parser

__all__ = ["POLICY_DOCUMENT_SHAPE", "conform", "to_utc_seconds"]

#: IAM's shape name for URL-encoded policy documents (the one botocore's json_decode_policies looks for).
POLICY_DOCUMENT_SHAPE = "policyDocumentType"

_UTC = tzutc()

# (value, path) -> converted value; a path is a name or a lazily joined (parent, step), see where()
_Convert = Callable[[Any, Any], Any]

_converters: dict[tuple[str, str, str], _Convert | None] = {}
_UNSET: Any = object()


def conform(operation_model: Any, data: Mapping[str, Any]) -> dict[str, Any]:
    """The parsed-response dict for ``operation_model`` built from handler ``data`` (no ResponseMetadata)."""
    # Memoised on the model object (one per client and operation), then by name across clients.
    convert = getattr(operation_model, "_iammock_converter", _UNSET)
    if convert is _UNSET:
        service_model = operation_model.service_model
        key = (str(service_model.service_name), str(service_model.api_version), str(operation_model.name))
        try:
            convert = _converters[key]
        except KeyError:
            shape = operation_model.output_shape
            convert = None if shape is None else _Compiler().compile(shape)
            _converters[key] = convert
        if convert is not None:
            # What the client's own parser makes of the answer, if it is not botocore's default one.
            convert = through_own_parser(operation_model, convert)
        operation_model._iammock_converter = convert
    if convert is None:
        if data:
            raise TypeError(f"{operation_model.name} has no output, got members {sorted(data)}")
        return {}
    result: dict[str, Any] = convert(data, operation_model.name)
    return result


def to_utc_seconds(value: Any) -> datetime:
    """A timestamp value (datetime, naive = UTC; ISO-8601 text; epoch seconds) as aware UTC, whole seconds."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, str):
        moment = dateutil_parser.isoparse(value)
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        moment = datetime.fromtimestamp(value, UTC)
    else:
        raise TypeError(f"not a timestamp: {value!r}")
    if moment.tzinfo is None or moment.tzinfo is UTC:
        return moment.replace(microsecond=0, tzinfo=_UTC)  # the mock's own instants: no conversion needed
    return moment.astimezone(_UTC).replace(microsecond=0)


def where(path: Any) -> str:
    """A member path for error messages. Paths are built lazily, ``(parent, step)``, because every
    member of every answer would otherwise pay for formatting a string that only errors read."""
    if not isinstance(path, tuple):
        return str(path)
    parent, step = path
    if isinstance(step, str):
        return where(parent) + step
    return f"{where(parent)}[{step!r}]"


def _type_error(path: Any, expected: str, value: Any) -> TypeError:
    return TypeError(f"{where(path)}: expected {expected}, got {type(value).__name__} {value!r:.80}")


def _string(value: Any, path: Any) -> str:
    if type(value) is str:
        return value
    if isinstance(value, str):  # str subclasses, e.g. enum members
        return str.__str__(value)
    raise _type_error(path, "str", value)


def _policy_document(value: Any, path: Any) -> str:
    if isinstance(value, Mapping):
        value = json.dumps(value)
    return quote(_string(value, path), safe="")


def _integer(value: Any, path: Any) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)
    raise _type_error(path, "int", value)


def _float(value: Any, path: Any) -> float:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    raise _type_error(path, "float", value)


def _boolean(value: Any, path: Any) -> bool:
    if isinstance(value, bool):
        return value
    raise _type_error(path, "bool", value)


_timestamps: dict[Any, datetime] = {}


def _timestamp(value: Any, path: Any) -> datetime:
    # Entities keep their creation instant: the same few datetimes come back call after call.
    if type(value) is datetime:
        hit = _timestamps.get(value)
        if hit is not None:
            return hit
        return _new_instant(value)
    try:
        return to_utc_seconds(value)
    except (TypeError, ValueError) as exc:
        raise _type_error(path, "timestamp", value) from exc


def _new_instant(value: datetime) -> datetime:
    """A plain datetime not converted before (kept for next time): AssumeRole's Expiration and every
    new entity's creation date are new instants on each call."""
    zone = value.tzinfo
    if (zone is None or zone is UTC) and not value.fold:
        # The constructor, not to_utc_seconds' replace(): keyword arguments make replace() cost twice
        # as much as building the same instant.
        hit = datetime(value.year, value.month, value.day, value.hour, value.minute, value.second, 0, _UTC)
    else:
        hit = to_utc_seconds(value)
    if len(_timestamps) > 4096:
        _timestamps.clear()
    _timestamps[value] = hit
    return hit


def _blob(value: Any, path: Any) -> bytes:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if isinstance(value, str):
        return value.encode("utf-8")
    raise _type_error(path, "bytes", value)


_SCALARS: dict[str, _Convert] = {
    "string": _string,
    "character": _string,
    "integer": _integer,
    "long": _integer,
    "float": _float,
    "double": _float,
    "boolean": _boolean,
    "timestamp": _timestamp,
    "blob": _blob,
}


# How a structure member converts: its commonest values are handled inline.
_OTHER, _TEXT, _INSTANT, _WHOLE = 0, 1, 2, 3


def _flattened(shape: Any) -> bool:
    return shape.type_name in ("list", "map") and bool(shape.serialization.get("flattened"))


_Copy = Callable[[Any], Any]


class _Compiler:
    def __init__(self) -> None:
        self._done: dict[str, _Convert] = {}
        self._copiers: dict[str, _Copy | None] = {}

    def copier(self, shape: Any) -> _Copy | None:
        """A fresh copy of a converted value of ``shape``; None for scalars, which are immutable."""
        name = shape.name
        if name in self._copiers:
            return self._copiers[name]
        kind = shape.type_name
        if kind not in ("structure", "list", "map"):
            self._copiers[name] = None
            return None
        copiers = self._copiers
        copiers[name] = lambda value: copiers[name](value)  # type: ignore[misc]  # recursive shapes
        built: _Copy
        if kind == "structure":
            nested = tuple(
                (member_name, sub)
                for member_name, member in shape.members.items()
                if (sub := self.copier(member)) is not None
            )
            if not nested:
                built = dict.copy
            else:

                def copy_structure(value: dict[str, Any]) -> dict[str, Any]:
                    out = value.copy()
                    for member_name, sub in nested:
                        item = out.get(member_name)
                        if item is not None:
                            out[member_name] = sub(item)
                    return out

                built = copy_structure
        elif kind == "list":
            item_copy = self.copier(shape.member)

            def copy_list(value: list[Any]) -> list[Any]:
                return [item_copy(item) for item in value]  # type: ignore[misc]

            built = list.copy if item_copy is None else copy_list
        else:
            value_copy = self.copier(shape.value)

            def copy_map(value: dict[Any, Any]) -> dict[Any, Any]:
                return {k: value_copy(v) for k, v in value.items()}  # type: ignore[misc]

            built = dict.copy if value_copy is None else copy_map
        copiers[name] = built
        return built

    def compile(self, shape: Any) -> _Convert:
        name = shape.name
        if name in self._done:
            return self._done[name]
        if shape.type_name not in ("structure", "list", "map"):
            if shape.type_name == "string" and name == POLICY_DOCUMENT_SHAPE:
                return _policy_document
            try:
                return _SCALARS[shape.type_name]
            except KeyError:
                raise TypeError(f"unsupported shape type {shape.type_name} ({name})") from None
        done = self._done
        # Placeholder for recursive shapes, replaced once built.
        done[name] = lambda value, path: done[name](value, path)
        if shape.type_name == "structure":
            built = self._structure(shape)
        elif shape.type_name == "list":
            built = self._list(shape)
        else:
            built = self._map(shape)
        done[name] = built
        return built

    def _structure(self, shape: Any) -> _Convert:
        members: dict[str, tuple[_Convert, bool, str, int]] = {}
        for name, member in shape.members.items():
            convert = self.compile(member)
            kind = (
                _TEXT
                if convert is _string
                else _INSTANT
                if convert is _timestamp
                else _WHOLE
                if convert is _integer
                else _OTHER
            )
            members[name] = (convert, _flattened(member), f".{name}", kind)
        shape_name = shape.name
        copy = self.copier(shape)
        assert copy is not None

        def convert_structure(value: Any, path: Any) -> dict[str, Any]:
            # Listings convert hundreds of these per answer: plain dicts and plain strings, by far the
            # commonest, skip the generic checks.
            if type(value) is not dict:
                if type(value) is Fixed:
                    kept = getattr(value, "conformed", None)
                    if kept is None or kept[0] is not shape:
                        kept = value.conformed = (shape, convert_members(value, path))
                    out: dict[str, Any] = copy(kept[1])
                    return out
                if not isinstance(value, Mapping):
                    raise _type_error(path, f"mapping for {shape_name}", value)
            return convert_members(value, path)

        def convert_members(value: Mapping[str, Any], path: Any) -> dict[str, Any]:
            out: dict[str, Any] = {}
            for name, item in value.items():
                if item is None:
                    continue
                try:
                    convert, flattened, step, kind = members[name]
                except KeyError:
                    known = ", ".join(members)
                    raise TypeError(
                        f"{where(path)}: {name!r} is not a member of {shape_name} (members: {known})"
                    ) from None
                if (kind == _TEXT and type(item) is str) or (kind == _WHOLE and type(item) is int):
                    out[name] = item
                    continue
                if kind == _INSTANT and type(item) is datetime:
                    known_instant = _timestamps.get(item)
                    out[name] = known_instant if known_instant is not None else _new_instant(item)
                    continue
                converted = convert(item, (path, step))
                if flattened and not converted:
                    continue  # an empty flattened list/map has no XML element: the parser omits it
                out[name] = converted
            return out

        return convert_structure

    def _list(self, shape: Any) -> _Convert:
        convert_item = self.compile(shape.member)

        def convert_list(value: Any, path: Any) -> list[Any]:
            if not isinstance(value, (list, tuple)):
                raise _type_error(path, "list", value)
            if convert_item is _string and all(type(item) is str for item in value):
                return list(value)
            out: list[Any] = []
            for index, item in enumerate(value):
                if item is None:
                    raise TypeError(f"{where(path)}[{index}]: None in a list")
                out.append(convert_item(item, (path, index)))
            return out

        return convert_list

    def _map(self, shape: Any) -> _Convert:
        convert_key = self.compile(shape.key)
        convert_value = self.compile(shape.value)

        def convert_map(value: Any, path: Any) -> dict[Any, Any]:
            if not isinstance(value, Mapping):
                raise _type_error(path, "mapping", value)
            out: dict[Any, Any] = {}
            for key, item in value.items():
                if item is None:
                    raise TypeError(f"{where(path)}[{key!r}]: None as a map value")
                out[convert_key(key, (path, ".<key>"))] = convert_value(item, (path, key))
            return out

        return convert_map
