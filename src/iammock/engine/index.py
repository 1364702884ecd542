"""Which statements a request can reach.

For one action, the statements of a gate's policies that name it are gathered once. When there are
many, they are also bucketed by the literal prefix of their Resource patterns, across policies, so
that a request only visits the buckets its own ARN can fall into: a principal with a thousand
statements that share an action but not a resource costs about what one with ten does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

from .document import Statement
from .named import NamedPolicy

Reach = tuple[tuple[NamedPolicy, tuple[Statement, ...]], ...]
_Entry = tuple[int, NamedPolicy, Statement]  # (rank in document order across the gate, policy, statement)

# Below this many statements the buckets cost more than trying each statement.
_INDEX_THRESHOLD: Final = 8
_SEPARATORS: Final = re.compile(r"[:/]")


def literal_prefix(pattern: str) -> str:
    """The text every resource matching ``pattern`` starts with (ignoring case): up to the first wildcard
    or variable, cut back to a separator so that lookups only need the resource's separator prefixes."""
    cut = len(pattern)
    for mark in ("*", "?", "${"):
        i = pattern.find(mark)
        if i >= 0:
            cut = min(cut, i)
    if cut == len(pattern) and pattern.count(":") >= 5:
        return pattern.lower()  # a complete ARN without wildcards: keyed by the whole of it
    head = pattern[:cut]
    last = max(head.rfind(":"), head.rfind("/"))
    return head[: last + 1].lower()


class GateStatements:
    """The statements of one gate's policies (in order) whose Action/NotAction matches one action."""

    __slots__ = ("_always", "_buckets", "_reach", "empty")

    def __init__(self, policies: Iterable[NamedPolicy], action_lower: str) -> None:
        reach = []
        for named in policies:
            found = named.policy.candidates(action_lower)
            if found:
                reach.append((named, found))
        self._reach: Reach = tuple(reach)
        self.empty = not reach
        self._buckets: dict[str, tuple[_Entry, ...]] | None = None
        self._always: tuple[_Entry, ...] = ()
        if sum(len(found) for _, found in reach) > _INDEX_THRESHOLD:
            self._bucket()

    def _bucket(self) -> None:
        always: list[_Entry] = []
        buckets: dict[str, list[_Entry]] = {}
        rank = 0
        for named, found in self._reach:
            for st in found:
                entry = (rank, named, st)
                rank += 1
                patterns = st.resources
                keys = {literal_prefix(p) for p in patterns} if patterns is not None else {""}
                # NotResource, no Resource, or a pattern open from the start could match anything.
                # Variables are always tried too: an unresolvable one is reported as a missing key
                # whether or not the ARN around it could match, with or without the index.
                if "" in keys or st.resource_matcher.keys:
                    always.append(entry)
                    continue
                for key in keys:
                    buckets.setdefault(key, []).append(entry)
        self._always = tuple(always)
        self._buckets = {k: tuple(v) for k, v in buckets.items()}

    def reach(self, resource: str) -> Reach:
        """Per policy, the statements that may apply to ``resource``; the rest cannot match it."""
        buckets = self._buckets
        if buckets is None:
            return self._reach
        low = resource.lower()
        found = list(self._always)
        get = buckets.get
        hit = get(low)
        if hit:
            found.extend(hit)
        for m in _SEPARATORS.finditer(low):
            hit = get(low[: m.end()])
            if hit:
                found.extend(hit)
        if not found:
            return ()
        found = sorted({e[0]: e for e in found}.values(), key=lambda e: e[0])
        out: list[tuple[NamedPolicy, list[Statement]]] = []
        for _, named, st in found:
            if out and out[-1][0] is named:
                out[-1][1].append(st)
            else:
                out.append((named, [st]))
        return tuple((named, tuple(sts)) for named, sts in out)
