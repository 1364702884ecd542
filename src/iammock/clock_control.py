"""A controller over the mock's clock, backed by freezegun (the ``iam_clock`` fixture).

The mock reads ``datetime.now`` on every call, so freezing and moving freezegun's time is all it
takes for temporary credentials to expire, ``aws:CurrentTime`` to move and timestamps to follow.
"""

from __future__ import annotations

import datetime as dt
from typing import Any


def _aware(value: dt.datetime) -> dt.datetime:
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.UTC)


class IAMClock:
    """Frozen time that only moves when told to.

    ``now()`` is the mock's current instant (aware, UTC); ``advance(seconds | timedelta)`` moves it
    forward; ``move_to(datetime | ISO string)`` jumps anywhere (naive values are taken as UTC).
    freezegun's own ``freeze_time`` can be used inside: the innermost freeze wins until it exits.
    """

    def __init__(self, start: dt.datetime | str | None = None) -> None:
        self._start = start
        self._factory: Any = None
        self._freezer: Any = None

    def start(self) -> IAMClock:
        import freezegun

        if self._freezer is not None:
            raise RuntimeError("this clock is already running")
        start = self._start
        if start is None:
            start = dt.datetime.now(dt.UTC)
        # real_asyncio: asyncio's event loop keeps its real monotonic clock, so async tests still run.
        self._freezer = freezegun.freeze_time(start, real_asyncio=True)
        self._factory = self._freezer.start()
        return self

    def stop(self) -> None:
        if self._freezer is not None:
            self._freezer.stop()
            self._freezer = self._factory = None

    def __enter__(self) -> IAMClock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _running(self) -> Any:
        if self._factory is None:
            raise RuntimeError("the clock is not running")
        return self._factory

    def now(self) -> dt.datetime:
        """The frozen instant, as the mock sees it."""
        from . import clock

        self._running()
        return clock.now()

    def advance(self, by: float | dt.timedelta) -> dt.datetime:
        """Move forward by seconds or a timedelta; returns the new instant."""
        delta = by if isinstance(by, dt.timedelta) else dt.timedelta(seconds=by)
        if delta < dt.timedelta(0):
            raise ValueError("advance() moves forward only; use move_to() to go back")
        self._running().tick(delta)
        return self.now()

    def move_to(self, when: dt.datetime | str) -> dt.datetime:
        """Jump to an instant (an aware or UTC-naive datetime, or an ISO 8601 string); returns it."""
        if isinstance(when, str):
            from dateutil import parser

            instant: dt.datetime = parser.isoparse(when)
        else:
            instant = when
        target = _aware(instant).astimezone(dt.UTC).replace(tzinfo=None)
        self._running().move_to(target)
        return self.now()

    def __repr__(self) -> str:
        state = self.now().isoformat() if self._factory is not None else "stopped"
        return f"<IAMClock {state}>"
