"""Shared measurement helpers: medians over alternating rounds, ``perf_counter_ns`` throughout."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Sizes:
    """How much work each section does: ``full`` for the README figures, ``quick`` for the smoke test."""

    rounds: int
    round_budget_s: float  # wall time one contender's round aims at (sets the call count)
    max_calls: int
    subprocess_runs: int
    engine_budget_s: float
    engine_fresh: int  # distinct requests cycled through, so that no decision comes from memory
    scale_sizes: tuple[int, ...]
    population: int  # users and roles held for the memory figure


FULL = Sizes(
    rounds=7,
    round_budget_s=0.15,
    max_calls=2000,
    subprocess_runs=7,
    engine_budget_s=0.2,
    engine_fresh=4096,
    scale_sizes=(1000, 5000, 10000),
    population=10000,
)
QUICK = Sizes(
    rounds=3,
    round_budget_s=0.01,
    max_calls=50,
    subprocess_runs=1,
    engine_budget_s=0.01,
    engine_fresh=64,
    scale_sizes=(100, 500),
    population=500,
)


def median(values: list[float]) -> float:
    return statistics.median(values)


def calls_for(budget_s: float, per_call_ns: float, max_calls: int, min_calls: int = 3) -> int:
    """How many calls fill one round's budget, from a first estimate of one call's cost."""
    if per_call_ns <= 0:
        return max_calls
    return max(min_calls, min(max_calls, int(budget_s * 1e9 / per_call_ns)))


def time_calls(call: Callable[[int], object], n: int, start: int = 0) -> float:
    """Nanoseconds per call of ``call(i)`` for ``i`` in ``start .. start + n`` (collector left on: its
    cost is part of a call's cost)."""
    t0 = time.perf_counter_ns()
    for i in range(start, start + n):
        call(i)
    t1 = time.perf_counter_ns()
    return (t1 - t0) / n


def ratio(numerator: float | None, denominator: float | None) -> float | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return numerator / denominator
