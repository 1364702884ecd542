from __future__ import annotations

import logging
import os
import socket
from collections.abc import Iterator
from typing import Any

import pytest

from iammock.hook import dispatch


def pytest_configure(config: pytest.Config) -> None:
    # An extra assertion on every answer: the fast path must agree with AWS's XML parsed back by
    # botocore. It changes nothing else (tests/credentials/test_foreign_errors.py proves it).
    dispatch.WIRE_CHECK = True
    config.addinivalue_line(
        "markers", "iammock_internal_failure: the test provokes a fault inside iammock on purpose"
    )


class _Faults(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(autouse=True)
def _no_internal_failure(request: pytest.FixtureRequest) -> Iterator[None]:
    """A fault inside iammock reaches users as AWS's ServiceFailure/InternalFailure and an error logged
    by the ``iammock`` logger, as it must; in this suite it also fails the test that met it (after the
    test, so the code under test sees exactly what users see), unless the test is about that fault."""
    faults = _Faults()
    logger = logging.getLogger("iammock")
    logger.addHandler(faults)
    try:
        yield
    finally:
        logger.removeHandler(faults)
    if faults.records and request.node.get_closest_marker("iammock_internal_failure") is None:
        first = faults.records[0]
        detail = logging.Formatter().formatException(first.exc_info) if first.exc_info else ""
        pytest.fail(f"a fault inside iammock: {first.getMessage()}\n{detail}", pytrace=False)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Any attempt to open a connection fails the test: iammock must never reach AWS."""

    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield


@pytest.fixture(autouse=True)
def _no_real_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path: Any) -> None:
    """Tests start from a machine with no AWS configuration, whatever the developer's machine has."""
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-credentials"))
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-config"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")
