"""The public API stays typed (mypy --strict) and the tree stays ruff-clean: checked on every run."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", *args], cwd=ROOT, capture_output=True, text=True, timeout=600, check=False
    )


def test_mypy_strict_on_the_package() -> None:
    result = _run("mypy", "--strict", "src/iammock")
    assert result.returncode == 0, result.stdout + result.stderr


def test_ruff_clean() -> None:
    result = _run("ruff", "check", "src", "tests", "benchmarks", "conftest_example.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_package_is_marked_typed() -> None:
    assert (ROOT / "src" / "iammock" / "py.typed").exists()
