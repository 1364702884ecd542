"""Fixed costs: entering and leaving a mock, the first client inside a fresh mock, and what importing
iammock and its pytest plugin adds to a process (fresh subprocesses, so nothing is cached)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3

from .timing import Sizes, calls_for, median, ratio, time_calls

IMPORTS = {
    "python": "pass",
    "botocore": "import botocore.session",
    "boto3": "import boto3",
    "iammock": "import iammock",
    "iammock_plugin": "import iammock.plugin",
    "moto": "from moto import mock_aws",
}
EMPTY_TEST = "def test_nothing():\n    pass\n"


def _factory(contender: str) -> Callable[[], Any]:
    if contender == "moto":
        from moto import mock_aws

        return mock_aws
    from iammock import mock_iam

    return mock_iam


def _enter_exit(contender: str) -> Callable[[int], object]:
    factory = _factory(contender)

    def once(i: int) -> None:
        with factory():
            pass

    return once


def _first_client(contender: str, with_call: bool) -> float:
    """ns for the first ``boto3.client("sts")`` (and its first call) inside a mock that was just started."""
    with _factory(contender)():
        t0 = time.perf_counter_ns()
        client = boto3.client("sts", region_name="us-east-1")
        if with_call:
            client.get_caller_identity()
        return time.perf_counter_ns() - t0


def mocks(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> dict[str, float | None]:
    contenders = ("iammock", "moto")
    enter = {c: _enter_exit(c) for c in contenders}
    for c in contenders:
        enter[c](0)  # imports, model loading
    counts = {
        c: calls_for(sizes.round_budget_s, time_calls(enter[c], 3), sizes.max_calls) for c in contenders
    }
    enter_ns: dict[str, list[float]] = {c: [] for c in contenders}
    client_ns: dict[str, list[float]] = {c: [] for c in contenders}
    first_call_ns: dict[str, list[float]] = {c: [] for c in contenders}
    for r in range(sizes.rounds):
        log(f"fixed: round {r + 1}/{sizes.rounds}")
        for c in contenders if r % 2 == 0 else contenders[::-1]:
            enter_ns[c].append(time_calls(enter[c], counts[c]))
            client_ns[c].append(_first_client(c, with_call=False))
            first_call_ns[c].append(_first_client(c, with_call=True))
    out: dict[str, float | None] = {}
    for c in contenders:
        out[f"fixed.{c}.enter_exit_ms"] = median(enter_ns[c]) / 1e6
        out[f"fixed.{c}.first_client_ms"] = median(client_ns[c]) / 1e6
        out[f"fixed.{c}.first_client_and_call_ms"] = median(first_call_ns[c]) / 1e6
    out["fixed.moto_x_iammock.enter_exit"] = ratio(median(enter_ns["moto"]), median(enter_ns["iammock"]))
    return out


def _run(argv: list[str], cwd: str | None = None, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one subprocess."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter_ns()
    subprocess.run(argv, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = (time.perf_counter_ns() - t0) / 1e6
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime) * 1000
    return wall, cpu


def _clean_env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "AWS_"))}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def imports(sizes: Sizes, log: Callable[[str], None] = lambda _: None) -> dict[str, float | None]:
    """Medians of ``python -c <import>`` and of an empty pytest run with and without the plugin.

    CPU time (user + system of the child) is the headline: it does not grow when other processes
    compete for the machine, wall time does; both are reported.
    """
    env = _clean_env()
    names = [*IMPORTS, "pytest_without_plugin", "pytest_with_plugin"]
    wall: dict[str, list[float]] = {name: [] for name in names}
    cpu: dict[str, list[float]] = {name: [] for name in names}
    with tempfile.TemporaryDirectory(prefix="iammock-bench-") as tmp:
        Path(tmp, "test_empty.py").write_text(EMPTY_TEST)
        Path(tmp, "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider\n")
        pytest_base = [sys.executable, "-m", "pytest", "-q", "test_empty.py"]
        commands: dict[str, tuple[list[str], str | None]] = {
            name: ([sys.executable, "-c", code], None) for name, code in IMPORTS.items()
        }
        commands["pytest_without_plugin"] = ([*pytest_base, "-p", "no:iammock"], tmp)
        commands["pytest_with_plugin"] = (pytest_base, tmp)
        if sizes.subprocess_runs > 1:
            for argv, cwd in commands.values():
                _run(argv, cwd, env)  # warm the OS file cache and the bytecode caches
        for r in range(sizes.subprocess_runs):
            log(f"imports: run {r + 1}/{sizes.subprocess_runs}")
            for name, (argv, cwd) in commands.items():
                w, c = _run(argv, cwd, env)
                wall[name].append(w)
                cpu[name].append(c)
    out: dict[str, float | None] = {}
    for suffix, runs in (("cpu_ms", cpu), ("wall_ms", wall)):
        med = {name: median(values) for name, values in runs.items()}
        for name in IMPORTS:
            out[f"import.{name}_{suffix}"] = med[name]
        botocore_added = med["botocore"] - med["python"]
        out[f"import.botocore_added_{suffix}"] = botocore_added
        out[f"import.iammock_added_{suffix}"] = med["iammock"] - med["python"]
        out[f"import.iammock_beyond_botocore_{suffix}"] = med["iammock"] - med["botocore"]
        out[f"import.iammock_plugin_beyond_botocore_{suffix}"] = med["iammock_plugin"] - med["botocore"]
        out[f"pytest.empty_without_plugin_{suffix}"] = med["pytest_without_plugin"]
        out[f"pytest.empty_with_plugin_{suffix}"] = med["pytest_with_plugin"]
        added = med["pytest_with_plugin"] - med["pytest_without_plugin"]
        out[f"pytest.plugin_added_{suffix}"] = added
        out[f"pytest.plugin_added_beyond_botocore_{suffix}"] = added - botocore_added
    return out
