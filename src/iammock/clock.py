"""The mock's only source of time.

Read through the ``datetime`` module at call time (never bound at import), so freezegun's
patching of ``datetime.datetime`` and time-machine's patching of the C clock both move it.
Never ``time.monotonic``: a test that travels in time must see credentials expire.
"""

from __future__ import annotations

import datetime as _dt


def now() -> _dt.datetime:
    """The current instant as an aware UTC datetime."""
    cls = _dt.datetime
    value = cls.now(_dt.UTC)
    if type(value) is cls and value.tzinfo is _dt.UTC:
        return value
    # A patched clock may hand back another class or zone; rebuild it as the module's own UTC datetime.
    return cls(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=_dt.UTC,
    )
