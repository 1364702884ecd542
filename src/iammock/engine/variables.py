"""Policy variables: ``${key}``, ``${key, 'default'}``, escapes ``${*}`` ``${?}`` ``${$}`` ("IAM policy
elements: Variables and tags", https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html).

A template resolves to wildcard *tokens* rather than a string, so that a substituted value and an
escape stay literal even when the text around them is a glob (``arn:…:user/${aws:username}``
must not let a user named ``*`` match everyone).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Final

from .context import RequestContext, to_text
from .match import Token, Tokens, tokenize

_VAR = re.compile(r"\$\{([^}]*)\}")
_DEFAULT = re.compile(r"^\s*([^,]*?)\s*,\s*'([^']*)'\s*$")
_ESCAPES: Final = frozenset({"*", "?", "$"})


@dataclass(frozen=True, slots=True)
class Literal:
    text: str  # may hold wildcards
    escaped: bool = False  # ${*} ${?} ${$}: one literal character, never a wildcard


@dataclass(frozen=True, slots=True)
class Variable:
    key: str  # as written
    key_lower: str
    default: str | None = None


Part = Literal | Variable


@dataclass(frozen=True, slots=True)
class Template:
    parts: tuple[Part, ...]

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(p.key for p in self.parts if isinstance(p, Variable))


def parse_template(text: str) -> Template | None:
    """The template for ``text``, or None when it holds no ``${…}`` (the common, static case)."""
    if "${" not in text:
        return None
    parts: list[Part] = []
    pos = 0
    for m in _VAR.finditer(text):
        if m.start() > pos:
            parts.append(Literal(text[pos : m.start()]))
        inner = m.group(1)
        if inner in _ESCAPES:
            parts.append(Literal(inner, escaped=True))
        else:
            d = _DEFAULT.match(inner)
            if d is not None:
                parts.append(Variable(d.group(1), d.group(1).lower(), d.group(2)))
            else:
                key = inner.strip()
                parts.append(Variable(key, key.lower()))
        pos = m.end()
    if pos < len(text):
        parts.append(Literal(text[pos:]))
    if not any(isinstance(p, Variable) or p.escaped for p in parts):
        return None
    return Template(tuple(parts))


def lookup_variable(var: Variable, ctx: RequestContext) -> str | None:
    value = ctx.lookup(var.key, var.key_lower)
    if isinstance(value, list | tuple):
        # Multi-valued keys cannot be variables; a one-element list is a single value.
        value = value[0] if len(value) == 1 else None
    if value is None:
        return var.default
    return to_text(value)  # type: ignore[arg-type]


def resolve_values(
    template: Template, ctx: RequestContext, missing: set[str] | None = None
) -> tuple[str, ...] | None:
    """The value of each variable in order; None when one cannot be resolved (it is added to ``missing``)."""
    values: list[str] = []
    for part in template.parts:
        if isinstance(part, Variable):
            value = lookup_variable(part, ctx)
            if value is None:
                if missing is not None:
                    missing.add(part.key)
                return None
            values.append(value)
    return tuple(values)


def resolve(template: Template, ctx: RequestContext, missing: set[str] | None = None) -> Tokens | None:
    """Wildcard tokens with variables substituted literally; None when a variable cannot be resolved."""
    values = resolve_values(template, ctx, missing)
    return None if values is None else assemble(template, values)


@lru_cache(maxsize=4096)
def assemble(template: Template, values: tuple[str, ...]) -> Tokens:
    # A template meets the same few values decision after decision: tokenize each combination once.
    out: list[Token] = []
    given = iter(values)
    for part in template.parts:
        if isinstance(part, Literal):
            if part.escaped:
                out.append(part.text)
            else:
                out.extend(tokenize(part.text))
            continue
        value = next(given)
        if value:
            out.append(value)
    merged: list[Token] = []
    for t in out:
        if isinstance(t, str) and merged and isinstance(merged[-1], str):
            merged[-1] = merged[-1] + t
        else:
            merged.append(t)
    return tuple(merged)


def resolve_text(template: Template, ctx: RequestContext, missing: set[str] | None = None) -> str | None:
    """The substituted string for exact comparisons: wildcards in the policy text stay as written."""
    out: list[str] = []
    for part in template.parts:
        if isinstance(part, Literal):
            out.append(part.text)
            continue
        value = lookup_variable(part, ctx)
        if value is None:
            if missing is not None:
                missing.add(part.key)
            return None
        out.append(value)
    return "".join(out)
