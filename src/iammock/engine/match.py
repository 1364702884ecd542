"""Wildcard, action, ARN and principal matching.

Globs never go through a backtracking regex: a pattern is cut at its ``*`` into fixed-length
segments, the first and last are anchored and the middle ones are found leftmost-first. That is
correct for ``*``-globs (a leftmost match of a middle segment never loses a solution) and costs
O(len(text) x len(pattern)) at worst, so ``*a*a*a*…b`` against long strings stays instant.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .context import Principal

ANY_RUN: Final = 0  # '*'
ANY_ONE: Final = 1  # '?'
Token = str | int
Tokens = tuple[Token, ...]

_WILD_SPLIT = re.compile(r"([*?])")


def tokenize(pattern: str) -> Tokens:
    out: list[Token] = []
    for piece in _WILD_SPLIT.split(pattern):
        if piece == "*":
            out.append(ANY_RUN)
        elif piece == "?":
            out.append(ANY_ONE)
        elif piece:
            out.append(piece)
    return tuple(out)


def render(tokens: Tokens) -> str:
    return "".join(t if isinstance(t, str) else ("*" if t == ANY_RUN else "?") for t in tokens)


_Segment = str | re.Pattern[str]


def _segment(tokens: list[Token], icase: bool) -> tuple[_Segment, int]:
    if all(isinstance(t, str) for t in tokens):
        text = "".join(t for t in tokens if isinstance(t, str))
        return (text.lower() if icase else text), len(text)
    parts: list[str] = []
    length = 0
    for t in tokens:
        if isinstance(t, str):
            parts.append(re.escape(t.lower() if icase else t))
            length += len(t)
        else:
            parts.append(".")
            length += 1
    # Fixed-length, quantifier-free: matching costs O(length) per starting position.
    return re.compile("".join(parts), re.DOTALL), length


def _at(seg: _Segment, text: str, pos: int) -> bool:
    if isinstance(seg, str):
        return text.startswith(seg, pos)
    return seg.match(text, pos) is not None


def _find(seg: _Segment, text: str, pos: int, end: int) -> int:
    if isinstance(seg, str):
        return text.find(seg, pos, end)
    m = seg.search(text, pos, end)
    return -1 if m is None else m.start()


class Glob:
    """A compiled IAM wildcard pattern (``*`` any run, ``?`` one character)."""

    __slots__ = (
        "_any",
        "_exact",
        "_head",
        "_head_len",
        "_icase",
        "_middle",
        "_min_len",
        "_star",
        "_tail",
        "_tail_len",
    )

    def __init__(self, tokens: Tokens, icase: bool = False) -> None:
        self._icase = icase
        self._any = bool(tokens) and all(t == ANY_RUN for t in tokens)
        self._exact: str | None = None
        if all(isinstance(t, str) for t in tokens):
            text = "".join(t for t in tokens if isinstance(t, str))
            self._exact = text.lower() if icase else text
        groups: list[list[Token]] = [[]]
        for t in tokens:
            if t == ANY_RUN:
                groups.append([])
            else:
                groups[-1].append(t)
        self._star = len(groups) > 1
        segs = [_segment(g, icase) for g in groups]
        self._head, self._head_len = segs[0]
        self._tail, self._tail_len = segs[-1] if self._star else ("", 0)
        self._middle = tuple(s for s in segs[1:-1] if s[1] > 0)
        self._min_len = sum(n for _, n in segs)

    def match(self, text: str) -> bool:
        if self._any:
            return True
        if self._icase:
            text = text.lower()
        if self._exact is not None:
            return text == self._exact
        if len(text) < self._min_len:
            return False
        if not self._star:
            return len(text) == self._min_len and _at(self._head, text, 0)
        if self._head_len and not _at(self._head, text, 0):
            return False
        end = len(text) - self._tail_len
        if self._tail_len and not _at(self._tail, text, end):
            return False
        pos = self._head_len
        for seg, n in self._middle:
            idx = _find(seg, text, pos, end)
            if idx < 0:
                return False
            pos = idx + n
        return True


@lru_cache(maxsize=16384)
def compile_tokens(tokens: Tokens, icase: bool = False) -> Glob:
    return Glob(tokens, icase)


@lru_cache(maxsize=16384)
def glob(pattern: str, icase: bool = False) -> Glob:
    return Glob(tokenize(pattern), icase)


def glob_match(pattern: str, text: str, icase: bool = False) -> bool:
    return glob(pattern, icase).match(text)


# ---------------------------------------------------------------------------------------------- actions


def action_service(pattern: str) -> str | None:
    """The lower-cased service prefix a pattern is confined to, or None when it may match any service."""
    svc, sep, _ = pattern.partition(":")
    if not sep or "*" in svc or "?" in svc:
        return None
    return svc.lower()


class ActionMatcher:
    """Case-insensitive match of a lower-cased ``service:action`` against a list of patterns."""

    __slots__ = ("_any", "_exact", "_globs")

    def __init__(self, patterns: Iterable[str]) -> None:
        exact: set[str] = set()
        globs: list[Glob] = []
        self._any = False
        for p in patterns:
            low = p.lower()
            if low == "*":
                self._any = True
            elif "*" in low or "?" in low:
                globs.append(glob(low, True))
            else:
                exact.add(low)
        self._exact = frozenset(exact)
        self._globs = tuple(globs)

    def match(self, action_lower: str) -> bool:
        if self._any or action_lower in self._exact:
            return True
        return any(g.match(action_lower) for g in self._globs)


# ---------------------------------------------------------------------------------------------- ARNs


def split_arn(arn: str) -> list[str] | None:
    parts = arn.split(":", 5)
    return parts if len(parts) == 6 else None


class ArnPattern:
    """An ARN pattern of a Resource element: parts 1-5 one by one, everything after the fifth colon as
    one glob ("IAM JSON policy elements: Resource", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html)."""

    __slots__ = ("_any", "_heads", "_icase", "_prefix", "_tail", "_tail_starts", "_whole")

    def __init__(self, pattern: str | Tokens, icase_heads: bool = True) -> None:
        tokens = tokenize(pattern) if isinstance(pattern, str) else pattern
        self._any = bool(tokens) and all(t == ANY_RUN for t in tokens)
        self._whole: Glob | None = None
        self._heads: tuple[Glob | None, ...] = ()
        self._tail: Glob | None = None
        self._prefix: str | None = None
        self._tail_starts: str | None = None
        parts = _split_tokens(tokens)
        first = render(parts[0]).lower() if parts else ""
        if len(parts) < 6 and not (first == "arn" and len(parts) > 1):
            self._whole = compile_tokens(tokens, False)
            return
        # Short ARNs ("arn:aws:s3") are padded with "*" segments, as independent simulators do.
        while len(parts) < 6:
            parts.append((ANY_RUN,))
        self._heads = tuple(None if p == (ANY_RUN,) else compile_tokens(p, icase_heads) for p in parts[:5])
        self._tail = compile_tokens(parts[5], False)
        self._icase = icase_heads
        # Five wildcard-free heads (the usual case) compare as one prefix of the raw ARN; the resource
        # part then starts right after it, and "text*" there (user/*, bucket/*) is one startswith.
        if all(isinstance(t, str) for p in parts[:5] for t in p):
            prefix = ":".join(render(p) for p in parts[:5]) + ":"
            self._prefix = prefix.lower() if icase_heads else prefix
            tail = parts[5]
            if len(tail) == 2 and isinstance(tail[0], str) and tail[1] == ANY_RUN:
                self._tail_starts = tail[0]

    def match(self, arn: str, parts: list[str] | None) -> bool:
        """``parts``: ``split_arn(arn)``, or None to have it split here only when needed."""
        if self._any:
            return True
        prefix = self._prefix
        if prefix is not None:
            n = len(prefix)
            head = arn[:n]
            # An ARN written in lower case (the usual) matches without a lower-cased copy.
            if head != prefix and (not self._icase or head.lower() != prefix):
                return False
            # The prefix holds the ARN's first five colons, so the resource part is arn[n:] (= parts[5]).
            starts = self._tail_starts
            if starts is not None:
                return arn.startswith(starts, n)
            assert self._tail is not None
            return self._tail.match(arn[n:])
        if self._whole is not None:
            return self._whole.match(arn)
        if parts is None:
            # Not split by the caller (who may not need it: see above), or not an ARN.
            parts = split_arn(arn)
            if parts is None:
                return False
        assert self._tail is not None
        for g, part in zip(self._heads, parts, strict=False):
            if g is not None and not g.match(part):
                return False
        return self._tail.match(parts[5])


def _split_tokens(tokens: Tokens) -> list[Tokens]:
    """Split a token sequence on its first five literal colons."""
    parts: list[Tokens] = []
    cur: list[Token] = []
    for t in tokens:
        if isinstance(t, str) and ":" in t and len(parts) < 5:
            pieces = t.split(":", 5 - len(parts))
            for piece in pieces[:-1]:
                if piece:
                    cur.append(piece)
                parts.append(tuple(cur))
                cur = []
            if pieces[-1]:
                cur.append(pieces[-1])
        else:
            cur.append(t)
    parts.append(tuple(cur))
    return parts


@lru_cache(maxsize=16384)
def arn_pattern(pattern: str | Tokens, icase_heads: bool = True) -> ArnPattern:
    return ArnPattern(pattern, icase_heads)


def arn_match(pattern: str, arn: str, icase_heads: bool = True) -> bool:
    return arn_pattern(pattern, icase_heads).match(arn, split_arn(arn))


# ---------------------------------------------------------------------------------------------- principals

NO_MATCH: Final = 0
ACCOUNT: Final = 1  # the account (delegation): the caller's identity policy must also allow
CAPPED: Final = 2  # role ARN matched by its session, user ARN by its federated session: caps still apply
DIRECT: Final = 3  # the exact caller, "*" or a service/IdP: implicit denies elsewhere are overridden

_ACCOUNT_ID = re.compile(r"^\d{12}$")
_ROOT_ARN = re.compile(r"^arn:[\w-]+:iam::(\d{12}):root$")
_USER_ARN = re.compile(r"^arn:[\w-]+:iam::\d{12}:user/.+$")
_ROLE_ARN = re.compile(r"^arn:[\w-]+:iam::\d{12}:role/.+$")
_SESSION_ARN = re.compile(r"^arn:[\w-]+:sts::\d{12}:(assumed-role/[^/]+/.+|federated-user/.+)$")
_UNIQUE_ID = re.compile(r"^A[A-Z0-9]{3}[A-Z0-9]{12,124}$")


def classify_aws_principal(value: str) -> str | None:
    """'any' | 'account' | 'user' | 'role' | 'session' | 'unique_id', or None when IAM would reject it."""
    if value == "*":
        return "any"
    if _ACCOUNT_ID.match(value) or _ROOT_ARN.match(value):
        return "account"
    if "*" in value or "?" in value:
        return None
    if _USER_ARN.match(value):
        return "user"
    if _ROLE_ARN.match(value):
        return "role"
    if _SESSION_ARN.match(value):
        return "session"
    if _UNIQUE_ID.match(value):
        return "unique_id"
    return None


@dataclass(frozen=True, slots=True)
class PrincipalSpec:
    """A compiled ``Principal`` / ``NotPrincipal`` element."""

    any: bool = False
    accounts: frozenset[str] = frozenset()
    users: frozenset[str] = frozenset()
    roles: frozenset[str] = frozenset()
    sessions: frozenset[str] = frozenset()  # assumed-role session ARNs and federated-user ARNs
    unique_ids: frozenset[str] = frozenset()
    services: frozenset[str] = frozenset()
    federated: frozenset[str] = frozenset()
    canonical: frozenset[str] = frozenset()
    others: frozenset[str] = frozenset()
    # Pinned user/role ARNs: ARN -> unique ID it was bound to when saved ("AWS JSON policy elements:
    # Principal", IAM roles: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles).
    pinned_users: tuple[tuple[str, str], ...] = ()
    pinned_roles: tuple[tuple[str, str], ...] = ()

    @property
    def user_role_arns(self) -> frozenset[str]:
        return self.users | self.roles | {a for a, _ in self.pinned_users} | {a for a, _ in self.pinned_roles}

    def pinned(self, pins: Mapping[str, str]) -> PrincipalSpec:
        users = {a for a in self.users if a not in pins}
        roles = {a for a in self.roles if a not in pins}
        pu = dict(self.pinned_users)
        pr = dict(self.pinned_roles)
        pu.update({a: pins[a] for a in self.users if a in pins})
        pr.update({a: pins[a] for a in self.roles if a in pins})
        return PrincipalSpec(
            any=self.any,
            accounts=self.accounts,
            users=frozenset(users),
            roles=frozenset(roles),
            sessions=self.sessions,
            unique_ids=self.unique_ids,
            services=self.services,
            federated=self.federated,
            canonical=self.canonical,
            others=self.others,
            pinned_users=tuple(sorted(pu.items())),
            pinned_roles=tuple(sorted(pr.items())),
        )


def build_principal_spec(element: object) -> PrincipalSpec:
    """Compile an already syntax-checked Principal element ("*" or a dict of str/list[str])."""
    if element == "*":
        return PrincipalSpec(any=True)
    assert isinstance(element, dict)
    acc: dict[str, set[str]] = {
        k: set()
        for k in (
            "accounts",
            "users",
            "roles",
            "sessions",
            "unique_ids",
            "services",
            "federated",
            "canonical",
        )
    }
    others: set[str] = set()
    anyone = False
    for key, raw in element.items():
        values = [raw] if isinstance(raw, str) else list(raw)
        for v in values:
            if key == "AWS":
                form = classify_aws_principal(v)
                if form == "any":
                    anyone = True
                elif form == "account":
                    m = _ROOT_ARN.match(v)
                    acc["accounts"].add(m.group(1) if m else v)
                elif form in ("user", "role", "session"):
                    acc[form + "s"].add(v)
                elif form == "unique_id":
                    acc["unique_ids"].add(v)
                else:
                    others.add(v)
            elif key == "Service":
                acc["services"].add(v.lower())
            elif key == "Federated":
                acc["federated"].add(v)
            elif key == "CanonicalUser":
                acc["canonical"].add(v)
    return PrincipalSpec(
        any=anyone,
        others=frozenset(others),
        **{k: frozenset(v) for k, v in acc.items()},  # type: ignore[arg-type]
    )


def _pinned_id(pairs: tuple[tuple[str, str], ...], entity_id: str | None) -> bool:
    return entity_id is not None and any(pid == entity_id for _, pid in pairs)


def match_principal(spec: PrincipalSpec, p: Principal) -> int:
    """How strongly a Principal element names the caller: NO_MATCH, ACCOUNT, CAPPED or DIRECT."""
    if spec.any:
        return DIRECT
    kind = p.kind
    if kind == "service":
        return DIRECT if p.service is not None and p.service.lower() in spec.services else NO_MATCH
    if kind in ("web_identity", "saml"):
        return DIRECT if (p.provider or p.arn) in spec.federated else NO_MATCH
    if kind == "anonymous":
        return NO_MATCH
    if p.arn in spec.sessions or p.arn in spec.others:
        return DIRECT
    if kind == "user":
        if (p.entity_arn or p.arn) in spec.users or p.entity_id in spec.unique_ids:
            return DIRECT
        if _pinned_id(spec.pinned_users, p.entity_id):
            return DIRECT
    elif kind == "assumed_role":
        if p.entity_arn in spec.roles or p.entity_id in spec.unique_ids:
            return CAPPED
        if _pinned_id(spec.pinned_roles, p.entity_id):
            return CAPPED
    elif kind == "federated_user" and (
        # A federated session dies with its parent user, so the parent ARN is as good as its ID here.
        p.parent_arn in spec.users or any(a == p.parent_arn for a, _ in spec.pinned_users)
    ):
        return CAPPED
    if p.account in spec.accounts:
        return ACCOUNT
    return NO_MATCH


def excluded_by(spec: PrincipalSpec, p: Principal) -> bool:
    """Whether ``NotPrincipal`` lists the caller.

    AWS documents that excluding a user or role session needs both its ARN and its account ARN;
    an account alone only excludes the account's root user (exact mechanics unconfirmed).
    """
    if spec.any:
        return True
    level = match_principal(spec, p)
    if p.kind in ("service", "web_identity", "saml", "anonymous"):
        return level != NO_MATCH
    if p.kind == "root":
        return p.account in spec.accounts
    return level in (DIRECT, CAPPED) and p.account in spec.accounts
