"""Model-driven input validation: the constraints AWS enforces and botocore's client does not.

botocore's client checks required members, Python types and ``min``; the service also checks ``max``,
``pattern`` (a full match, Java regex semantics), ``enum``, numeric ranges and list/map lengths, at every
nesting level. :func:`validate` does that from the operation's input shape and raises one
``AwsError("ValidationError", ...)`` listing every failure in AWS's (Coral's) wording::

    1 validation error detected: Value 'a b' at 'userName' failed to satisfy constraint: Member must satisfy
    regular expression pattern: [\\w+=,.@-]+

A validator is compiled once per operation (keyed by service, API version and operation name) and an
operation without constrained members costs one dictionary lookup.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar

from iammock.errors import AwsError

__all__ = ["compile_pattern", "validate"]

# (value, path, errors) -> None; appends AWS-worded failures to ``errors``.
_Check = Callable[[Any, str, list[str]], None]

# value -> whether it meets every constraint (when it does, _Check finds no error).
_Valid = Callable[[Any], bool]

_validators: dict[tuple[str, str, str], tuple[_Valid | None, _Check] | None] = {}
_UNSET: Any = object()
_patterns: dict[str, Callable[[str], Any]] = {}


def validate(operation_model: Any, params: Mapping[str, Any]) -> None:
    """Raise ``AwsError("ValidationError", ..., 400)`` when ``params`` break the model's constraints.

    ``params`` are the operation's API parameters as the caller passed them to the client (member names
    as in the model, Python values). Values of a type botocore's client would have rejected are skipped.
    """
    # Memoised on the model object (one per client and operation), then by name across clients.
    compiled = getattr(operation_model, "_iammock_validator", _UNSET)
    if compiled is _UNSET:
        key = _operation_key(operation_model)
        try:
            compiled = _validators[key]
        except KeyError:
            shape = operation_model.input_shape
            check = None if shape is None else _Compiler().compile(shape)
            # Valid parameters, by far the commonest, only need a yes: the checks that word AWS's
            # errors run when the answer is no.
            compiled = None if check is None or shape is None else (_Predicates().compile(shape), check)
            _validators[key] = compiled
        operation_model._iammock_validator = compiled
    if compiled is None:
        return
    valid, check = compiled
    if valid is None or valid(params):
        return
    errors: list[str] = []
    check(params, "", errors)
    for error in errors:
        if error.startswith(_SENTENCE):
            raise AwsError("ValidationError", error[len(_SENTENCE) :], 400)
    if errors:
        count = len(errors)
        head = "1 validation error detected: " if count == 1 else f"{count} validation errors detected: "
        raise AwsError("ValidationError", head + "; ".join(errors), 400)


def _operation_key(operation_model: Any) -> tuple[str, str, str]:
    service_model = operation_model.service_model
    return (str(service_model.service_name), str(service_model.api_version), str(operation_model.name))


# --------------------------------------------------------------------------------------------------------
# Java regex → Python


_CLASS_W = "A-Za-z0-9_"
_CLASS_S = " \\t\\n\\x0B\\f\\r"
# Java reads \u10000 as \u1000 followed by "0"; the STS models write \u10000-\u10FFFF meaning the
# supplementary planes (their own documentation: "printable unicode"), so we honour the intent.
_SUPPLEMENTARY = re.compile(r"\\u10000-\\u10FFFF", re.IGNORECASE)


def _translate(pattern: str) -> str:
    """Rewrite Java-only semantics: ``\\w``, ``\\d``, ``\\s`` are ASCII-only in Java, Unicode in Python."""
    pattern = _SUPPLEMENTARY.sub(r"\\U00010000-\\U0010FFFF", pattern)
    out: list[str] = []
    in_class = False
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            e = pattern[i + 1]
            if e in "wds":
                body = {"w": _CLASS_W, "d": "0-9", "s": _CLASS_S}[e]
                out.append(body if in_class else f"[{body}]")
            elif e in "WDS" and not in_class:
                body = {"W": _CLASS_W, "D": "0-9", "S": _CLASS_S}[e]
                out.append(f"[^{body}]")
            else:
                out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
            out.append(c)
            i += 1
            # A ']' first in the class (after an optional '^') is a literal.
            if i < n and pattern[i] == "^":
                out.append("^")
                i += 1
            if i < n and pattern[i] == "]":
                out.append("\\]")
                i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


def compile_pattern(pattern: str) -> Callable[[str], Any]:
    """A full-match function for a service-model (Java) pattern; cached per pattern text."""
    try:
        return _patterns[pattern]
    except KeyError:
        pass
    translated = _translate(pattern)
    # Python's re lacks \p{..}; the regex package has it (and is slower, so only when needed).
    matcher: Callable[[str], Any]
    if "\\p{" in translated or "\\P{" in translated:
        import regex  # on demand: few patterns need it, and it costs a noticeable share of import time

        matcher = regex.compile(translated).fullmatch
    else:
        matcher = re.compile(translated).fullmatch
    _patterns[pattern] = matcher
    return matcher


# --------------------------------------------------------------------------------------------------------
# Compilation


def _member_path(name: str) -> str:
    return name[:1].lower() + name[1:]


def _render(value: Any) -> str:
    """The value as AWS echoes it (Java ``toString``-like for containers; unconfirmed for those)."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(_render(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{_render(k)}={_render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (bytes, bytearray)):
        return "java.nio.HeapByteBuffer"
    return str(value)


def _fail(value: Any, path: str, phrase: str, sensitive: bool) -> str:
    if sensitive:
        return f"Value at '{path}' failed to satisfy constraint: {phrase}"
    return f"Value '{_render(value)}' at '{path}' failed to satisfy constraint: {phrase}"


def _join(path: str, name: str) -> str:
    return f"{path}.{name}" if path else name


F = TypeVar("F", bound=Callable[..., Any])


class _ShapeWalk(Generic[F]):
    """Compiles one shape tree into one function per shape; ``_done`` breaks recursion in
    self-referencing shapes. Subclasses say what a structure, list, map and scalar become."""

    def __init__(self) -> None:
        self._done: dict[str, F | None] = {}
        self._building: set[str] = set()

    def compile(self, shape: Any) -> F | None:
        name = shape.name
        if name in self._done:
            return self._done[name]
        if name in self._building:
            # Recursive shape: resolved lazily (the entry exists by the time the function runs).
            return self._deferred(name, self._done)
        self._building.add(name)
        try:
            built = self._build(shape)
        finally:
            self._building.discard(name)
        self._done[name] = built
        return built

    def _build(self, shape: Any) -> F | None:
        kind = shape.type_name
        if kind == "structure":
            return self._structure(shape)
        if kind == "list":
            return self._list(shape)
        if kind == "map":
            return self._map(shape)
        return self._scalar(shape)

    def _deferred(self, name: str, done: dict[str, F | None]) -> F:
        raise NotImplementedError

    def _structure(self, shape: Any) -> F | None:
        raise NotImplementedError

    def _list(self, shape: Any) -> F | None:
        raise NotImplementedError

    def _map(self, shape: Any) -> F | None:
        raise NotImplementedError

    def _scalar(self, shape: Any) -> F | None:
        raise NotImplementedError


# Where AWS words a check otherwise than the model implies. UpdateAccountPasswordPolicy, as AWS answered
# it (LocalStack's AWS-validated snapshot, tests/aws/services/iam/test_iam_account_password_policy
# .snapshot.json): these values are not echoed ("Value at 'minimumPasswordLength'"), and the members are
# reported in this order.
# Paths too, and a Path that breaks the pattern is refused with a sentence of its own, alone (LocalStack's
# AWS-validated snapshot of CreateVirtualMFADevice, tests/aws/services/iam/test_iam_mfa.snapshot.json).
_UNECHOED = frozenset(
    {"minimumPasswordLengthType", "passwordReusePreventionType", "maxPasswordAgeType", "pathType"}
)
_PATTERN_SENTENCES = {
    "pathType": "The specified value for path is invalid. It must begin and end with / and contain only "
    "alphanumeric characters and/or / characters."
}
_SENTENCE = "\x00"  # marks an error that is the whole message
_PATTERN_PHRASE = "Member must satisfy regular expression pattern"
_MEMBER_ORDER = {
    "UpdateAccountPasswordPolicyRequest": (
        "MinimumPasswordLength",
        "PasswordReusePrevention",
        "MaxPasswordAge",
    )
}


class _Compiler(_ShapeWalk[_Check]):
    """Checks that word AWS's errors: ``(value, path, errors)``, appending one message per failure."""

    def _deferred(self, name: str, done: dict[str, _Check | None]) -> _Check:
        def deferred(value: Any, path: str, errors: list[str]) -> None:
            check = done.get(name)
            if check is not None:
                check(value, path, errors)

        return deferred

    def _scalar(self, shape: Any) -> _Check | None:
        phrases = _scalar_phrases(shape)
        if phrases is None:
            return None
        sensitive = bool(shape.metadata.get("sensitive")) or shape.name in _UNECHOED
        sentence = _PATTERN_SENTENCES.get(shape.name)

        def check_scalar(value: Any, path: str, errors: list[str]) -> None:
            for phrase in phrases(value):
                if sentence is not None and phrase.startswith(_PATTERN_PHRASE):
                    errors.append(_SENTENCE + sentence)
                else:
                    errors.append(_fail(value, path, phrase, sensitive))

        return check_scalar

    def _structure(self, shape: Any) -> _Check | None:
        members: list[tuple[str, str, _Check]] = []
        for name, member in shape.members.items():
            check = self.compile(member)
            if check is not None:
                members.append((name, _member_path(name), check))
        if not members:
            return None
        order = _MEMBER_ORDER.get(shape.name)
        if order is not None:
            members.sort(key=lambda m: order.index(m[0]) if m[0] in order else len(order))

        def check_structure(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, Mapping):
                return
            for name, lname, check in members:
                item = value.get(name)
                if item is not None:
                    check(item, f"{path}.{lname}" if path else lname, errors)

        return check_structure

    def _list(self, shape: Any) -> _Check | None:
        own = _length_phrases(shape.metadata)
        item_check = self.compile(shape.member)
        if own is None and item_check is None:
            return None
        sensitive = bool(shape.metadata.get("sensitive"))

        def check_list(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, (list, tuple)):
                return
            if own is not None:
                for phrase in own(len(value)):
                    errors.append(_fail(value, path, phrase, sensitive))
            if item_check is not None:
                for index, item in enumerate(value, 1):
                    if item is not None:
                        item_check(item, f"{path}.{index}.member", errors)

        return check_list

    def _map(self, shape: Any) -> _Check | None:
        own = _length_phrases(shape.metadata)
        key_phrases = _scalar_phrases(shape.key)
        value_shape = shape.value
        scalar_value = value_shape.type_name not in ("structure", "list", "map")
        value_phrases = _scalar_phrases(value_shape) if scalar_value else None
        value_check = None if scalar_value else self.compile(value_shape)
        if own is None and key_phrases is None and value_phrases is None and value_check is None:
            return None
        sensitive = bool(shape.metadata.get("sensitive"))

        def check_map(value: Any, path: str, errors: list[str]) -> None:
            if not isinstance(value, Mapping):
                return
            if own is not None:
                for phrase in own(len(value)):
                    errors.append(_fail(value, path, phrase, sensitive))
            # Coral's wording for maps: one error per map listing the failed key/value constraints.
            if key_phrases is not None:
                failed = _collect(key_phrases, value.keys())
                if failed:
                    phrase = f"Map keys must satisfy constraint: [{', '.join(failed)}]"
                    errors.append(_fail(value, path, phrase, sensitive))
            if value_phrases is not None:
                failed = _collect(value_phrases, (v for v in value.values() if v is not None))
                if failed:
                    phrase = f"Map value must satisfy constraint: [{', '.join(failed)}]"
                    errors.append(_fail(value, path, phrase, sensitive))
            if value_check is not None:
                for key, item in value.items():
                    if item is not None:
                        value_check(item, f"{path}.{key}", errors)

        return check_map


def _collect(phrases: Callable[[Any], list[str]], values: Any) -> list[str]:
    failed: list[str] = []
    for item in values:
        for phrase in phrases(item):
            if phrase not in failed:
                failed.append(phrase)
    return failed


def _length_phrases(metadata: Mapping[str, Any]) -> Callable[[int], list[str]] | None:
    low = metadata.get("min")
    high = metadata.get("max")
    if low is None and high is None:
        return None

    def phrases(length: int) -> list[str]:
        out: list[str] = []
        if high is not None and length > high:
            out.append(f"Member must have length less than or equal to {high}")
        if low is not None and length < low:
            out.append(f"Member must have length greater than or equal to {low}")
        return out

    return phrases


def _scalar_phrases(shape: Any) -> Callable[[Any], list[str]] | None:
    """value -> failed constraint phrases, for a scalar shape; None when the shape has no constraints."""
    kind = shape.type_name
    metadata = shape.metadata
    if kind == "string":
        return _string_phrases(metadata)
    if kind in ("integer", "long", "float", "double"):
        return _number_phrases(metadata, kind)
    if kind == "blob":
        lengths = _length_phrases(metadata)
        if lengths is None:
            return None

        def blob_phrases(value: Any) -> list[str]:
            if isinstance(value, (bytes, bytearray)):
                return lengths(len(value))
            if isinstance(value, str):
                return lengths(len(value.encode("utf-8")))
            return []

        return blob_phrases
    return None


# Characters an XML 1.0 document can carry. A member without a pattern of its own (ActionNames, for
# one) may be echoed in the response, and AWS's XML cannot hold the others: refused as a pattern
# violation in AWS's wording, with the XML Char production as the pattern (iammock's decision).
_XML_CHARS = "[\\u0009\\u000A\\u000D\\u0020-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]*"
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _string_phrases(metadata: Mapping[str, Any]) -> Callable[[Any], list[str]] | None:
    lengths = _length_phrases(metadata)
    pattern = metadata.get("pattern")
    enum = metadata.get("enum")
    matcher = compile_pattern(pattern) if pattern is not None else None
    if matcher is None and not enum:
        pattern = _XML_CHARS
        matcher = _xml_text
    pattern_phrase = f"Member must satisfy regular expression pattern: {pattern}"
    allowed = frozenset(enum) if enum else None
    enum_phrase = f"Member must satisfy enum value set: [{', '.join(enum)}]" if enum else ""

    def phrases(value: Any) -> list[str]:
        if not isinstance(value, str):
            return []
        out = lengths(len(value)) if lengths is not None else []
        if matcher is not None and matcher(value) is None:
            out.append(pattern_phrase)
        if allowed is not None and value not in allowed:
            out.append(enum_phrase)
        return out

    return phrases


def _xml_text(value: str) -> object | None:
    """Like a compiled pattern's fullmatch: None when ``value`` holds a character XML cannot carry."""
    return None if _NOT_XML.search(value) else value


def _number_phrases(metadata: Mapping[str, Any], kind: str) -> Callable[[Any], list[str]] | None:
    low = metadata.get("min")
    high = metadata.get("max")
    if low is None and high is None:
        return None
    types: tuple[type, ...] = (int,) if kind in ("integer", "long") else (int, float)

    def phrases(value: Any) -> list[str]:
        if not isinstance(value, types) or isinstance(value, bool):
            return []
        out: list[str] = []
        if high is not None and value > high:
            out.append(f"Member must have value less than or equal to {high}")
        if low is not None and value < low:
            out.append(f"Member must have value greater than or equal to {low}")
        return out

    return phrases


# --------------------------------------------------------------------------------------------------------
# Predicates: the same constraints as the checks above, answering only whether all hold


class _Predicates(_ShapeWalk[_Valid]):
    """Compiles one shape tree into ``value -> bool``; None where nothing can fail. Sound: a value is
    accepted only where the matching _Check would report nothing."""

    def _deferred(self, name: str, done: dict[str, _Valid | None]) -> _Valid:
        def deferred(value: Any) -> bool:
            valid = done.get(name)
            return valid is None or valid(value)

        return deferred

    def _scalar(self, shape: Any) -> _Valid | None:
        return _scalar_valid(shape)

    def _structure(self, shape: Any) -> _Valid | None:
        members: dict[str, _Valid] = {}
        for name, member in shape.members.items():
            valid = self.compile(member)
            if valid is not None:
                members[name] = valid
        if not members:
            return None
        lookup = members.get

        def valid_structure(value: Any) -> bool:
            if type(value) is not dict and not isinstance(value, Mapping):
                return True
            # What the caller passed, usually far fewer than the members the shape has.
            for name, item in value.items():
                valid = lookup(name)
                if valid is not None and item is not None and not valid(item):
                    return False
            return True

        return valid_structure

    def _list(self, shape: Any) -> _Valid | None:
        low, high = _bounds(shape.metadata)
        valid_item = self.compile(shape.member)
        if low is None and high is None and valid_item is None:
            return None

        def valid_list(value: Any) -> bool:
            if not isinstance(value, (list, tuple)):
                return True
            if not _within(len(value), low, high):
                return False
            if valid_item is not None:
                for item in value:
                    if item is not None and not valid_item(item):
                        return False
            return True

        return valid_list

    def _map(self, shape: Any) -> _Valid | None:
        low, high = _bounds(shape.metadata)
        valid_key = _scalar_valid(shape.key)
        value_shape = shape.value
        scalar_value = value_shape.type_name not in ("structure", "list", "map")
        valid_value = _scalar_valid(value_shape) if scalar_value else self.compile(value_shape)
        if low is None and high is None and valid_key is None and valid_value is None:
            return None

        def valid_map(value: Any) -> bool:
            if not isinstance(value, Mapping):
                return True
            if not _within(len(value), low, high):
                return False
            if valid_key is not None:
                for key in value:
                    if not valid_key(key):
                        return False
            if valid_value is not None:
                for item in value.values():
                    if item is not None and not valid_value(item):
                        return False
            return True

        return valid_map


def _bounds(metadata: Mapping[str, Any]) -> tuple[Any, Any]:
    return metadata.get("min"), metadata.get("max")


def _within(number: Any, low: Any, high: Any) -> bool:
    """As the phrases test it: a failure is ``> high`` or ``< low`` (so NaN fails neither)."""
    return not ((high is not None and number > high) or (low is not None and number < low))


def _scalar_valid(shape: Any) -> _Valid | None:
    kind = shape.type_name
    metadata = shape.metadata
    if kind == "string":
        return _string_valid(metadata)
    if kind in ("integer", "long", "float", "double"):
        low, high = _bounds(metadata)
        if low is None and high is None:
            return None
        types: tuple[type, ...] = (int,) if kind in ("integer", "long") else (int, float)

        def valid_number(value: Any) -> bool:
            if not isinstance(value, types) or isinstance(value, bool):
                return True
            return _within(value, low, high)

        return valid_number
    if kind == "blob":
        low, high = _bounds(metadata)
        if low is None and high is None:
            return None

        def valid_blob(value: Any) -> bool:
            if isinstance(value, (bytes, bytearray)):
                return _within(len(value), low, high)
            if isinstance(value, str):
                return _within(len(value.encode("utf-8")), low, high)
            return True

        return valid_blob
    return None


# Strings found valid, per member shape: the same names and ARNs come back call after call, and a set
# lookup costs a fraction of a regular expression match. Bounded, only short strings are kept, and
# never those of members the model marks sensitive (passwords, MFA codes): they outlive the mock.
_REMEMBERED = 256
_REMEMBERED_LENGTH = 256


def _string_valid(metadata: Mapping[str, Any]) -> _Valid:
    """Mirrors _string_phrases: lengths, the pattern (XML's characters when there is neither a pattern
    nor an enum) and the enum."""
    low, high = _bounds(metadata)
    pattern = metadata.get("pattern")
    enum = metadata.get("enum")
    matcher = compile_pattern(pattern) if pattern is not None else None
    allowed = frozenset(enum) if enum else None
    if matcher is None and allowed is None:
        matcher = _xml_text
    shortest = 0 if low is None else low
    longest = high
    known: set[str] = set()
    keep = _REMEMBERED_LENGTH if not metadata.get("sensitive") else -1

    def valid_string(value: Any) -> bool:
        if type(value) is str and value in known:
            return True
        if not isinstance(value, str):
            return True
        size = len(value)
        if size < shortest or (longest is not None and size > longest):
            return False
        if matcher is not None and matcher(value) is None:
            return False
        if allowed is not None and value not in allowed:
            return False
        if type(value) is str and size <= keep:
            if len(known) >= _REMEMBERED:
                known.clear()
            known.add(value)
        return True

    return valid_string
