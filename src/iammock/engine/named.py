"""A policy as a decision sees it: the document with its name and kind, and the matched statements a
decision reports. Below both ``index`` (which gathers statements per gate) and ``decide``."""

from __future__ import annotations

from dataclasses import dataclass, field

from .document import Policy, Statement
from .jsonpos import Position
from .kinds import PolicyKind


@dataclass(frozen=True, slots=True)
class MatchedStatement:
    policy_name: str
    policy_kind: PolicyKind
    sid_or_index: str | int  # the Sid, or the 0-based index of a statement without one
    effect: str
    start: Position
    end: Position


@dataclass(frozen=True)
class NamedPolicy:
    policy: Policy
    name: str  # policy name, or ARN for managed policies
    kind: PolicyKind
    _matched: dict[int, tuple[MatchedStatement]] = field(default_factory=dict, compare=False, repr=False)

    def matched(self, st: Statement) -> MatchedStatement:
        return self.matched_alone(st)[0]

    def matched_alone(self, st: Statement) -> tuple[MatchedStatement]:
        """The statement as a decision's whole ``statements``: decisions that match one statement (most
        do) share this tuple rather than each keeping one more object alive."""
        one = self._matched.get(st.index)
        if one is None:
            m = MatchedStatement(self.name, self.kind, st.sid_or_index, st.effect, st.start, st.end)
            one = self._matched[st.index] = (m,)
        return one
