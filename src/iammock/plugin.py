"""The pytest plugin (``pytest11`` entry point): fixtures available in any suite that installs iammock."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from .mock import IAMMock, mock_iam


@pytest.fixture
def iam_mock() -> Iterator[IAMMock]:
    """An active mock for one test: empty at the start, gone at the end."""
    with mock_iam() as aws:
        yield aws
