"""Audit reports: what a run would have been denied, and the least privilege each principal needed.

``mock_iam(mode="audit")`` decides every call as enforce mode does and keeps each decision on the trail,
but lets a denied call proceed (``backend.authz.stops``). A report is read from the trail: every denial
the engine decided (principal, action, resource, the denying policy kind and the explanation
``IAMMock.explain`` writes), and for each principal the policy covering everything it asked for, allowed
or not, in the manner of ``IAMMock.least_privilege_policy`` (exact actions, exact ARNs).

Principals are named by what stays the same from one test to the next: a role's sessions count for the
role (``arn:aws:iam::…:role/name``), a user's sessions for the user. Unique IDs, which every fresh mock
draws anew, are never part of a report, so reports of many tests (or xdist workers) merge.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from . import least_privilege

if TYPE_CHECKING:
    from .engine import Principal
    from .trail import Entry

__all__ = ["AuditReport", "Denial", "PrincipalUse", "merge", "report"]

FORMAT = "iammock-audit/1"


@dataclass(frozen=True, slots=True)
class Denial:
    """One would-be denial: a principal, an action on a resource, and how often it was asked."""

    principal: str  # the user, role (for its sessions) or other principal ARN
    action: str
    resource: str
    denied_by: str | None  # the policy kind that denied ("identity", "trust", "scp", …)
    explanation: str  # the engine's explanation of the first such decision (``Decision.explain``)
    count: int = 1
    request_id: str | None = None  # the first call that asked
    test: str | None = None  # the first test that asked (the pytest plugin fills it in)

    @property
    def key(self) -> tuple[str, str, str, str | None]:
        return (self.principal, self.action, self.resource, self.denied_by)


@dataclass(frozen=True, slots=True)
class PrincipalUse:
    """Everything one principal asked for (action -> resources), allowed or not."""

    principal: str
    actions: tuple[tuple[str, tuple[str, ...]], ...]  # sorted by action; resources sorted

    @property
    def policy(self) -> dict[str, Any]:
        """The least-privilege policy allowing exactly these actions on these resources."""
        return least_privilege.document(dict(self.actions))


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Would-be denials and least-privilege policies; a value (``to_json``/``from_json``, ``merge``)."""

    denials: tuple[Denial, ...] = ()  # sorted by principal, action, resource
    principals: tuple[PrincipalUse, ...] = ()  # sorted by principal

    def policy_for(self, principal_arn: str) -> dict[str, Any]:
        """The least-privilege policy of one principal; ``KeyError`` if it made no decided request."""
        for use in self.principals:
            if use.principal == principal_arn:
                return use.policy
        raise KeyError(principal_arn)

    def denials_of(self, principal_arn: str) -> tuple[Denial, ...]:
        return tuple(d for d in self.denials if d.principal == principal_arn)

    def merge(self, *others: AuditReport) -> AuditReport:
        """This report and ``others`` as one: counts add up, the first denial (test, explanation) is kept."""
        return merge((self, *others))

    def for_test(self, test: str) -> AuditReport:
        """The same report with ``test`` as the first test of every denial that names none."""
        return replace(self, denials=tuple(d if d.test else replace(d, test=test) for d in self.denials))

    def to_json(self) -> str:
        return json.dumps(
            {
                "format": FORMAT,
                "denials": [
                    {
                        "principal": d.principal,
                        "action": d.action,
                        "resource": d.resource,
                        "deniedBy": d.denied_by,
                        "count": d.count,
                        "requestId": d.request_id,
                        "test": d.test,
                        "explanation": d.explanation,
                    }
                    for d in self.denials
                ],
                "principals": [{"principal": u.principal, "policy": u.policy} for u in self.principals],
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> AuditReport:
        data = json.loads(text)
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise ValueError(f"not an iammock audit report (expected format {FORMAT!r})")
        denials = tuple(
            Denial(
                str(d["principal"]),
                str(d["action"]),
                str(d["resource"]),
                d.get("deniedBy"),
                str(d.get("explanation", "")),
                int(d.get("count", 1)),
                d.get("requestId"),
                d.get("test"),
            )
            for d in data.get("denials", [])
        )
        uses: list[PrincipalUse] = []
        for item in data.get("principals", []):
            actions: dict[str, set[str]] = defaultdict(set)
            for statement in item["policy"].get("Statement", []):
                for action in statement["Action"]:
                    actions[action].update(statement["Resource"])
            uses.append(_use(str(item["principal"]), actions))
        return cls(denials, tuple(uses))


def principal_key(principal: Principal) -> str:
    """The principal a report names: a session's role or user (same ARN in every test), else its ARN."""
    if principal.kind in ("assumed_role", "user") and principal.entity_arn:
        return principal.entity_arn
    return principal.arn


def report(entries: Iterable[Entry], *, test: str | None = None) -> AuditReport:
    """The report of these trail entries (oldest first)."""
    first: dict[tuple[str, str, str, str | None], tuple[Any, str]] = {}
    counts: dict[tuple[str, str, str, str | None], int] = defaultdict(int)
    used: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for entry in entries:
        for decision in entry.decisions:
            request = decision.request
            if request is None:
                continue
            who = principal_key(request.principal)
            used[who][request.action].add(request.resource)
            if decision.allowed:
                continue
            kind = decision.denied_by.value if decision.denied_by is not None else None
            key = (who, request.action, request.resource, kind)
            counts[key] += 1
            if key not in first:
                first[key] = (decision, entry.request_id)
    denials = tuple(
        Denial(*key, explanation=decision.explain(), count=counts[key], request_id=request_id, test=test)
        for key, (decision, request_id) in sorted(first.items(), key=lambda kv: _order(kv[0]))
    )
    return AuditReport(denials, tuple(_use(who, used[who]) for who in sorted(used)))


def merge(reports: Iterable[AuditReport]) -> AuditReport:
    """Several reports as one (in order: the first report naming a denial gives its test and explanation)."""
    denials: dict[tuple[str, str, str, str | None], Denial] = {}
    used: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    for one in reports:
        for denial in one.denials:
            kept = denials.get(denial.key)
            denials[denial.key] = denial if kept is None else replace(kept, count=kept.count + denial.count)
        for use in one.principals:
            for action, resources in use.actions:
                used[use.principal][action].update(resources)
    return AuditReport(
        tuple(denials[k] for k in sorted(denials, key=_order)),
        tuple(_use(who, used[who]) for who in sorted(used)),
    )


def _order(key: tuple[str, str, str, str | None]) -> tuple[str, str, str, str]:
    return (key[0], key[1], key[2], key[3] or "")


def _use(principal: str, actions: Mapping[str, Iterable[str]]) -> PrincipalUse:
    return PrincipalUse(
        principal, tuple((action, tuple(sorted(actions[action]))) for action in sorted(actions))
    )
