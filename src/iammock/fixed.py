"""Answer data that is built once and handed out again, unchanged (a listing's rendered items, a
simulation's results): the hook may keep what it made of it instead of converting it every time."""

from __future__ import annotations

from typing import Any


class Fixed(dict[str, Any]):
    """A structure a handler promises never to change once built.

    ``conformed`` is the hook's: the output shape it was last conformed to, and the result.
    """

    __slots__ = ("conformed",)
    conformed: tuple[Any, Any]
