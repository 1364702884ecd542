"""Hypothesis strategies built from botocore shapes: plain data as an operation handler would return it."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from dateutil.tz import tzutc
from hypothesis import strategies as st

POLICY_DOCUMENT_SHAPE = "policyDocumentType"

# Characters XML 1.0 can carry (no C0 controls but \t \n \r, no surrogates, no U+FFFE/U+FFFF), with the
# ones that need escaping or parser care drawn often.
_TRICKY = st.sampled_from([*"\t\n\r &<>\"'%+/=]", "]]>", "\r\n", "é", "日", "😀", "\u2028", "\x85"])
_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff")
TEXT = st.lists(st.one_of(_TRICKY, _CHARS), max_size=8).map("".join)

_ZONES = st.sampled_from(
    [UTC, tzutc(), timezone(timedelta(hours=5, minutes=30)), timezone(-timedelta(hours=8))]
)
AWARE_DATETIMES = st.datetimes(
    min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 30), timezones=_ZONES
)
TIMESTAMPS = st.one_of(
    AWARE_DATETIMES,
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2199, 12, 30)),  # naive = UTC
    AWARE_DATETIMES.map(lambda d: d.isoformat()),
)

_JSON_SCALARS = st.one_of(TEXT, st.integers(-(10**6), 10**6), st.booleans(), st.none())
POLICY_DOCUMENTS = st.one_of(
    st.dictionaries(TEXT, st.one_of(_JSON_SCALARS, st.lists(TEXT, max_size=2)), max_size=3).map(json.dumps),
    st.just('{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Resource": "*"}]\n}'),
)


class ShapeStrategies:
    """One strategy per shape name (per service model), built lazily; recursion through st.deferred."""

    def __init__(self, max_list: int = 3) -> None:
        self._cache: dict[str, st.SearchStrategy[Any]] = {}
        self._max_list = max_list

    def for_shape(self, shape: Any) -> st.SearchStrategy[Any]:
        name = shape.name
        if name not in self._cache:
            self._cache[name] = st.deferred(lambda: self._build(shape))
        return self._cache[name]

    def _build(self, shape: Any) -> st.SearchStrategy[Any]:
        kind = shape.type_name
        if kind == "structure":
            required = set(shape.required_members)
            mandatory: dict[str, st.SearchStrategy[Any]] = {}
            optional: dict[str, st.SearchStrategy[Any]] = {}
            for name, member in shape.members.items():
                strategy = self.for_shape(member)
                if name in required:
                    mandatory[name] = strategy
                else:
                    optional[name] = (
                        st.one_of(st.none(), strategy) if member.type_name != "structure" else strategy
                    )
            return st.fixed_dictionaries(mandatory, optional=optional)
        if kind == "list":
            return st.lists(self.for_shape(shape.member), max_size=self._max_list)
        if kind == "map":
            return st.dictionaries(
                self.for_shape(shape.key), self.for_shape(shape.value), max_size=self._max_list
            )
        if kind == "string":
            if shape.name == POLICY_DOCUMENT_SHAPE:
                return POLICY_DOCUMENTS
            enum = shape.metadata.get("enum")
            return st.sampled_from(enum) if enum else TEXT
        if kind in ("integer", "long"):
            return st.integers(-(2**63), 2**63 - 1)
        if kind == "boolean":
            return st.booleans()
        if kind == "timestamp":
            return TIMESTAMPS
        if kind == "blob":
            return st.binary(max_size=16)
        if kind in ("float", "double"):
            return st.floats(allow_nan=False, allow_infinity=False)
        raise NotImplementedError(kind)
