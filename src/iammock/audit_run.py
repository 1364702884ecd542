"""A test run in audit mode (``pytest --iammock-audit``): audit mocks wherever moto starts, one report.

:class:`AuditRun` patches moto's ``MockAWS.start``/``stop`` (what its decorator, context manager, class
decorator and any fixture using them all go through): every start also starts an iammock in audit mode,
unless an iammock is already answering (an ``iam_mock`` fixture, which the plugin starts in audit mode,
or the test's own ``mock_iam()``, whose mode is the test's), and the matching stop stops it first, so
that moto restores the environment it found. The mocks the run starts (these and the plugin's fixtures)
are read after every test: the test's would-be denials are tagged with its node ID and merged into one
report. Nothing here imports pytest.
"""

from __future__ import annotations

import importlib.util
import threading
import weakref
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from .audit import AuditReport, merge, report

if TYPE_CHECKING:
    from .mock import IAMMock


class AuditRun:
    """The audit mocks of one pytest process and the report of what they saw."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.mocks: list[tuple[IAMMock, int]] = []  # audit mocks started in this run, entries read so far
        self.reports: list[AuditReport] = []
        self.enforce_current = False  # the running test keeps enforce mode (iammock(mode="enforce"))
        self._unpatch: Callable[[], None] | None = None

    # -- mocks ------------------------------------------------------------------------------------------

    def watch(self, aws: IAMMock) -> None:
        """Read ``aws`` (an audit mock) after every test until it stops."""
        with self.lock:
            self.mocks.append((aws, 0))

    def flush(self, test_id: str) -> None:
        """Read what the watched mocks recorded since the last flush, as ``test_id``'s."""
        with self.lock:
            kept: list[tuple[IAMMock, int]] = []
            for aws, done in self.mocks:
                entries = aws.trail.entries()
                if len(entries) > done:
                    found = report(entries[done:], test=test_id)
                    if found.denials or found.principals:
                        self.reports.append(found)
                if aws.active:
                    kept.append((aws, len(entries)))
            self.mocks = kept

    def add(self, other: AuditReport) -> None:
        """A report from elsewhere (an xdist worker's)."""
        with self.lock:
            self.reports.append(other)

    def result(self) -> AuditReport:
        with self.lock:
            merged = merge(self.reports)
            self.reports = [merged]
            return merged

    # -- moto -----------------------------------------------------------------------------------------

    def patch_moto(self) -> None:
        """Start an audit mock with every start of moto's ``mock_aws`` (when moto is installed)."""
        if self._unpatch is not None or importlib.util.find_spec("moto") is None:
            return
        from moto.core.models import MockAWS

        original_start, original_stop = MockAWS.start, MockAWS.stop
        # Per moto mock object, what each of its (possibly nested) starts started: a mock or None.
        started: weakref.WeakKeyDictionary[Any, list[IAMMock | None]] = weakref.WeakKeyDictionary()
        run = self

        def start(moto_mock: Any, *args: Any, **kwargs: Any) -> None:
            original_start(moto_mock, *args, **kwargs)
            try:
                aws = run._start_for_moto()
            except BaseException:
                original_stop(moto_mock)
                raise
            started.setdefault(moto_mock, []).append(aws)

        def stop(moto_mock: Any, *args: Any, **kwargs: Any) -> None:
            pending = started.get(moto_mock)
            aws = pending.pop() if pending else None
            if aws is not None:
                aws.stop()  # before moto's own stop, which restores the environment moto found
            original_stop(moto_mock, *args, **kwargs)

        setattr(MockAWS, "start", start)  # noqa: B010 (a method of moto's class, replaced for the run)
        setattr(MockAWS, "stop", stop)  # noqa: B010

        def unpatch() -> None:
            setattr(MockAWS, "start", original_start)  # noqa: B010
            setattr(MockAWS, "stop", original_stop)  # noqa: B010

        self._unpatch = unpatch

    def unpatch_moto(self) -> None:
        if self._unpatch is not None:
            self._unpatch()
            self._unpatch = None

    def _start_for_moto(self) -> IAMMock | None:
        from .hook import dispatch
        from .mock import mock_iam

        if self.enforce_current or dispatch.active() is not None:
            return None  # the test keeps enforce mode, or an iammock already answers (with its own mode)
        aws = mock_iam(mode="audit").start()
        self.watch(aws)
        return aws
