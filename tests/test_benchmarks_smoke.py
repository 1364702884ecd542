"""The benchmark runner runs end to end on tiny sizes and reports every named figure (no timing asserted)."""

from __future__ import annotations

import json
import math
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import __main__ as runner  # noqa: E402
from benchmarks.calls import OPERATIONS  # noqa: E402
from benchmarks.services import OPERATIONS as SERVICE_OPERATIONS  # noqa: E402

EXPECTED = [
    *(
        f"calls.{op}.{suffix}"
        for op in OPERATIONS
        for suffix in (
            "floor_us",
            "iammock_root_us",
            "iammock_user_us",
            "moto_us",
            "iammock_root_x_floor",
            "iammock_user_x_floor",
            "moto_x_iammock_root",
            "moto_x_iammock_user",
        )
    ),
    *(
        f"services.{op}.{suffix}"
        for op in SERVICE_OPERATIONS
        for suffix in (
            "moto_us",
            "iammock_root_us",
            "iammock_user_us",
            "iammock_user_x_moto",
            "moto_cpu_us",
            "iammock_user_enforce_x_moto",
            "iammock_user_enforce_us",
        )
    ),
    "fixed.iammock.enter_exit_ms",
    "fixed.moto.enter_exit_ms",
    "fixed.iammock.first_client_ms",
    "fixed.moto.first_client_and_call_ms",
    "import.botocore_cpu_ms",
    "import.iammock_cpu_ms",
    "import.iammock_plugin_cpu_ms",
    "import.iammock_beyond_botocore_cpu_ms",
    "pytest.plugin_added_cpu_ms",
    "pytest.plugin_added_beyond_botocore_cpu_ms",
    "pytest.plugin_added_wall_ms",
    "engine.five_policies.decisions_per_s",
    "engine.statements_10.us_per_decision",
    "engine.statements_1000.us_per_decision",
    "engine.cost_1000_x_10",
    "scale.list_users.100.us_per_user",
    "scale.list_users.500.us_per_user",
    "scale.authorization_details.500.us_per_item",
    "scale.list_users.per_item_growth",
    "scale.authorization_details.per_item_growth",
    "scale.create.us_per_user_and_role",
    "scale.memory.held_mib",
    "scale.memory.peak_mib",
    "scale.memory.kib_per_user_and_role",
    "who_can.first_ms",
    "who_can.first_cpu_ms",
    "who_can.allowed",
    "machine.nproc",
    "machine.botocore",
]
# Operations every contender answers: their figures must be numbers, not n/a.
ALWAYS = ("iam.get_user", "iam.list_users", "sts.get_caller_identity", "iam.create_user")


@pytest.mark.filterwarnings("ignore")
def test_quick_json_run_reports_every_named_figure(capsys: pytest.CaptureFixture[str]) -> None:
    figures = runner.main(["--quick", "--json"])
    printed = json.loads(capsys.readouterr().out)
    assert printed == json.loads(json.dumps(figures))
    missing = [name for name in EXPECTED if name not in printed]
    assert not missing, missing
    for op in ALWAYS:
        for contender in ("floor", "iammock_root", "iammock_user", "moto"):
            value = printed[f"calls.{op}.{contender}_us"]
            assert isinstance(value, float) and math.isfinite(value) and value > 0, (op, contender, value)
    for op in SERVICE_OPERATIONS:
        for contender in ("moto", "iammock_root", "iammock_user"):
            value = printed[f"services.{op}.{contender}_us"]
            assert isinstance(value, float) and math.isfinite(value) and value > 0, (op, contender, value)
    for name in EXPECTED:
        value = printed[name]
        if name.startswith(("engine.", "scale.", "fixed.", "who_can.")):
            assert isinstance(value, float) and math.isfinite(value), (name, value)
    # The table renders from the same figures.
    table = runner.render(figures)
    assert "iam.get_user" in table and "GetAccountAuthorizationDetails" in table
    assert printed["who_can.allowed"] > 0 and "who_can(" in table
    assert "lambda.create_function" in table
