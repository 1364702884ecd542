"""A strict JSON reader that remembers where each object starts and ends.

The standard library cannot report positions or reject duplicate keys while keeping them, and
SimulatePrincipalPolicy needs each statement's Start/EndPosition, so objects and arrays are read
here; strings and numbers still go through the standard library's scanners.
"""

from __future__ import annotations

import bisect
import json.decoder
import re
from collections.abc import Callable
from dataclasses import dataclass

_WS = re.compile(r"[ \t\n\r]*")
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?")
MAX_DEPTH = 64
# The C scanner json uses internally; typeshed does not declare it.
_scanstring: Callable[[str, int, bool], tuple[str, int]] = json.decoder.scanstring  # type: ignore[attr-defined]


class JsonError(ValueError):
    pass


@dataclass(frozen=True, slots=True)
class Position:
    line: int  # 1-based
    column: int  # 1-based
    offset: int  # 0-based character offset into the document


class PositionedObject(dict[str, object]):
    """A JSON object that knows its [start, end) character span in the source text."""

    __slots__ = ("end", "start")

    def __init__(self, pairs: list[tuple[str, object]], start: int, end: int) -> None:
        super().__init__(pairs)
        self.start = start
        self.end = end


def _literal(text: str, i: int) -> tuple[object, int]:
    for word, value in (("true", True), ("false", False), ("null", None)):
        if text.startswith(word, i):
            return value, i + len(word)
    raise JsonError(f"unexpected character at {i}")


def _value(text: str, i: int, depth: int) -> tuple[object, int]:
    if depth > MAX_DEPTH:
        raise JsonError("document nested too deeply")
    i = _WS.match(text, i).end()  # type: ignore[union-attr]
    if i >= len(text):
        raise JsonError("unexpected end of document")
    ch = text[i]
    if ch == "{":
        return _object(text, i, depth)
    if ch == "[":
        return _array(text, i, depth)
    if ch == '"':
        try:
            return _scanstring(text, i + 1, True)
        except json.JSONDecodeError as exc:
            raise JsonError(str(exc)) from None
    m = _NUMBER.match(text, i)
    if m is not None and m.end() > i:
        num = m.group()
        return (float(num) if any(c in num for c in ".eE") else int(num)), m.end()
    return _literal(text, i)


def _object(text: str, start: int, depth: int) -> tuple[object, int]:
    pairs: list[tuple[str, object]] = []
    seen: set[str] = set()
    i = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("}", i):
        return PositionedObject(pairs, start, i + 1), i + 1
    while True:
        if not text.startswith('"', i):
            raise JsonError(f"expected a key at {i}")
        try:
            key, i = _scanstring(text, i + 1, True)
        except json.JSONDecodeError as exc:
            raise JsonError(str(exc)) from None
        if key in seen:
            raise JsonError(f"duplicate key {key!r}")
        seen.add(key)
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if not text.startswith(":", i):
            raise JsonError(f"expected ':' at {i}")
        value, i = _value(text, i + 1, depth + 1)
        pairs.append((key, value))
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if text.startswith("}", i):
            return PositionedObject(pairs, start, i + 1), i + 1
        if not text.startswith(",", i):
            raise JsonError(f"expected ',' or '}}' at {i}")
        i = _WS.match(text, i + 1).end()  # type: ignore[union-attr]


def _array(text: str, start: int, depth: int) -> tuple[object, int]:
    items: list[object] = []
    i = _WS.match(text, start + 1).end()  # type: ignore[union-attr]
    if text.startswith("]", i):
        return items, i + 1
    while True:
        value, i = _value(text, i, depth + 1)
        items.append(value)
        i = _WS.match(text, i).end()  # type: ignore[union-attr]
        if text.startswith("]", i):
            return items, i + 1
        if not text.startswith(",", i):
            raise JsonError(f"expected ',' or ']' at {i}")
        i += 1


def loads(text: str) -> object:
    """Parse a whole document; objects come back as PositionedObject. Raises JsonError."""
    value, end = _value(text, 0, 0)
    if _WS.match(text, end).end() != len(text):  # type: ignore[union-attr]
        raise JsonError("trailing data")
    return value


class LineIndex:
    """Offset -> (line, column) for one document."""

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0] + [i + 1 for i, c in enumerate(text) if c == "\n"]

    def position(self, offset: int) -> Position:
        line = bisect.bisect_right(self._starts, offset)
        return Position(line, offset - self._starts[line - 1] + 1, offset)
