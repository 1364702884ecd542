"""``python -m benchmarks [--quick] [--json] [--only SECTION ...]``: iammock against moto and the Stubber
floor, in one process; prints a table (or, with ``--json``, one JSON object of named figures)."""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
from collections.abc import Callable
from typing import Any

from . import calls, engine, fixed, scale, services, who_can
from .timing import FULL, QUICK

SECTIONS = ("calls", "services", "fixed", "imports", "engine", "scale", "who_can")
Figures = dict[str, Any]


def machine() -> dict[str, Any]:
    import boto3
    import botocore
    import moto

    cpu = "unknown"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    return {
        "machine.nproc": os.cpu_count(),
        "machine.cpu": cpu,
        "machine.loadavg_1m": os.getloadavg()[0] if hasattr(os, "getloadavg") else None,
        "machine.python": platform.python_version(),
        "machine.botocore": botocore.__version__,
        "machine.boto3": boto3.__version__,
        "machine.moto": moto.__version__,
    }


def _f(value: float | None, digits: int = 1, suffix: str = "") -> str:
    return "n/a" if value is None else f"{value:,.{digits}f}{suffix}"


def _target(ok: bool | None) -> str:
    return "" if ok is None else ("met" if ok else "MISSED")


def render(fig: Figures) -> str:
    lines: list[str] = []
    add = lines.append
    if "machine.cpu" in fig:
        add(
            f"machine: {fig['machine.nproc']} CPUs, {fig['machine.cpu']}, "
            f"load {fig['machine.loadavg_1m']:.1f}; "
            f"Python {fig['machine.python']}, botocore {fig['machine.botocore']}, moto {fig['machine.moto']}"
        )
        add("")
    if any(k.startswith("calls.") for k in fig):
        add("Per-call latency, us (median of rounds; floor = botocore Stubber with pre-queued responses)")
        add("targets: iammock <= 1.5x floor; moto >= 10x iammock")
        header = (
            f"{'operation':<31}{'floor':>8}{'iammock':>9}{'xfloor':>8}{'as user':>9}{'xfloor':>8}"
            f"{'moto':>10}{'moto/iammock':>14}{'moto/floor':>12}{'added':>8}  targets"
        )
        add(header)
        add("-" * len(header))
        for op in calls.OPERATIONS:
            p = f"calls.{op}."
            root_x, user_x = fig[p + "iammock_root_x_floor"], fig[p + "iammock_user_x_floor"]
            moto_x = fig[p + "moto_x_iammock_root"] or fig[p + "moto_x_iammock_user"]
            worst = max((x for x in (root_x, user_x) if x is not None), default=None)
            verdicts = []
            if worst is not None:
                verdicts.append(f"floor {_target(worst <= 1.5)}")
            if moto_x is not None:
                verdicts.append(f"moto {_target(moto_x >= 10)}")
            add(
                f"{op:<31}{_f(fig[p + 'floor_us']):>8}{_f(fig[p + 'iammock_root_us']):>9}"
                f"{_f(root_x, 2, 'x'):>8}{_f(fig[p + 'iammock_user_us']):>9}{_f(user_x, 2, 'x'):>8}"
                f"{_f(fig[p + 'moto_us']):>10}{_f(moto_x, 1, 'x'):>14}"
                f"{_f(fig.get(p + 'moto_x_floor'), 1, 'x'):>12}"
                f"{_f(fig.get(p + 'moto_added_x_iammock_added'), 0, 'x'):>8}  {', '.join(verdicts)}"
            )
        add(
            "  moto/floor: moto's cost in floors (the moto target needs iammock within a tenth of it);"
            " added: moto's cost beyond the floor / iammock's (as root; as user for assume_role)"
        )
        for note in fig.get("calls.notes", []):
            add(f"  n/a: {note}")
        add("")
    if any(k.startswith("services.") for k in fig):
        lines.extend(services.render(fig))
        add("")
    if "fixed.iammock.enter_exit_ms" in fig:
        add("Fixed costs, ms (median of rounds)             iammock      moto   target")
        enter = fig["fixed.iammock.enter_exit_ms"]
        add(
            f"  enter + leave the mock                  {enter:>13.3f}"
            f"{fig['fixed.moto.enter_exit_ms']:>10.3f}"
            f"   < 0.3 ms: {_target(enter < 0.3)}"
        )
        add(
            f"  first boto3.client('sts') in fresh mock {fig['fixed.iammock.first_client_ms']:>13.2f}"
            f"{fig['fixed.moto.first_client_ms']:>10.2f}"
        )
        add(
            "  ... and its first get_caller_identity   "
            f"{fig['fixed.iammock.first_client_and_call_ms']:>13.2f}"
            f"{fig['fixed.moto.first_client_and_call_ms']:>10.2f}"
        )
        add("")
    if "import.python_cpu_ms" in fig:
        add(
            "Import and pytest start-up, ms, fresh subprocesses (median; CPU = user+system, wall in brackets)"
        )
        for name, code in fixed.IMPORTS.items():
            add(
                f"  python -c {code!r:<30}{fig[f'import.{name}_cpu_ms']:>9.0f}"
                f"  ({fig[f'import.{name}_wall_ms']:.0f})"
            )
        add(
            f"  iammock beyond botocore.session          {fig['import.iammock_beyond_botocore_cpu_ms']:>9.0f}"
            f"  ({fig['import.iammock_beyond_botocore_wall_ms']:.0f})"
        )
        add(
            f"  empty pytest run, -p no:iammock          {fig['pytest.empty_without_plugin_cpu_ms']:>9.0f}"
            f"  ({fig['pytest.empty_without_plugin_wall_ms']:.0f})"
        )
        add(
            f"  empty pytest run, with the plugin        {fig['pytest.empty_with_plugin_cpu_ms']:>9.0f}"
            f"  ({fig['pytest.empty_with_plugin_wall_ms']:.0f})"
        )
        beyond = fig["pytest.plugin_added_beyond_botocore_cpu_ms"]
        add(
            f"  plugin adds {fig['pytest.plugin_added_cpu_ms']:.0f} ms, "
            "of which beyond botocore's own import "
            f"{beyond:.0f} ms (target < 100 ms: {_target(beyond < 100)})"
        )
        add("")
    if "engine.five_policies.decisions_per_s" in fig:
        add("Engine (iammock.engine.authorize), fresh decisions  decisions/s   us/decision")
        rate = fig["engine.five_policies.decisions_per_s"]
        add(
            f"  5 policies, 25 statements, 2 conditions   {rate:>14,.0f}"
            f"{fig['engine.five_policies.us_per_decision']:>14.1f}"
            f"   target >= 50,000/s: {_target(rate >= 50000)}"
        )
        add(
            f"  ... the same request again (remembered)   "
            f"{fig['engine.five_policies.repeated.decisions_per_s']:>14,.0f}"
            f"{fig['engine.five_policies.repeated.us_per_decision']:>14.1f}"
        )
        for n in (10, 100, 1000):
            add(
                f"  {n:>5,} statements, one matching          "
                f"{fig[f'engine.statements_{n}.decisions_per_s']:>14,.0f}"
                f"{fig[f'engine.statements_{n}.us_per_decision']:>14.1f}"
            )
        growth = fig["engine.cost_1000_x_10"]
        add(f"  cost of 1,000 statements / 10: {growth:.2f}x (target <= 5x: {_target(growth <= 5)})")
        add(f"  parse + compile 1,000 statements: {fig['engine.parse_1000_statements_ms']:.0f} ms")
        add("")
    if "scale.create.seconds" in fig:
        sizes = sorted(
            {int(k.split(".")[2]) for k in fig if k.startswith("scale.list_users.") and k[17].isdigit()}
        )
        add("Scale (iammock, created through boto3 as root; each user and role has an inline policy)")
        add(
            f"  create {sizes[-1]:,} users + {sizes[-1]:,} roles: {fig['scale.create.seconds']:.1f} s "
            f"({fig['scale.create.us_per_user_and_role']:.0f} us per user+role, 4 calls)"
        )
        add("  size    ListUsers (all pages)       GetAccountAuthorizationDetails (all pages)")
        for size in sizes:
            add(
                f"  {size:>6,} {fig[f'scale.list_users.{size}.ms']:>8.1f} ms "
                f"{fig[f'scale.list_users.{size}.us_per_user']:>6.1f} us/user"
                f"  {fig[f'scale.authorization_details.{size}.ms']:>10.1f} ms "
                f"{fig[f'scale.authorization_details.{size}.us_per_item']:>6.1f} us/item"
            )
        add(
            "  per-item cost, largest / smallest size: "
            f"ListUsers {fig['scale.list_users.per_item_growth']:.2f}x, "
            f"GetAccountAuthorizationDetails {fig['scale.authorization_details.per_item_growth']:.2f}x "
            "(1.0 = linear)"
        )
        pop = int(fig["scale.memory.population"])
        add(
            f"  memory for {pop:,} users + {pop:,} roles (tracemalloc): "
            f"held {fig['scale.memory.held_mib']:.1f} MiB = "
            f"{fig['scale.memory.kib_per_user_and_role']:.1f} KiB per user+role, including the audit trail "
            f"of {fig['scale.memory.trail_entries']:,.0f} calls; peak {fig['scale.memory.peak_mib']:.1f} MiB"
        )
    if "who_can.first_ms" in fig:
        if lines and lines[-1]:
            add("")
        lines.extend(who_can.render(fig))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> Figures:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="tiny sizes (seconds, for the smoke test)")
    parser.add_argument("--json", action="store_true", help="print one JSON object of named figures")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=list(SECTIONS), metavar="SECTION")
    args = parser.parse_args(argv)
    sizes = QUICK if args.quick else FULL

    def log(message: str) -> None:
        print(message, file=sys.stderr, flush=True)

    fig: Figures = {"quick": args.quick}
    fig.update(machine())
    runners: dict[str, Callable[[], Figures]] = {
        "calls": lambda: _calls(sizes, log),
        "services": lambda: services.figures(services.run(sizes, log)),
        "fixed": lambda: fixed.mocks(sizes, log),
        "imports": lambda: fixed.imports(sizes, log),
        "engine": lambda: engine.run(sizes, log),
        "scale": lambda: scale.run(sizes, log),
        "who_can": lambda: who_can.run(sizes, log),
    }
    for section in SECTIONS:
        if section in args.only:
            fig.update(runners[section]())
    if args.json:
        print(json.dumps(fig, indent=2, sort_keys=True))
    else:
        print(render(fig))
    return fig


def _calls(sizes: Any, log: Callable[[str], None]) -> Figures:
    results = calls.run(sizes, log)
    out: Figures = dict(calls.figures(results))
    out["calls.notes"] = results.notes
    return out


if __name__ == "__main__":
    main()
