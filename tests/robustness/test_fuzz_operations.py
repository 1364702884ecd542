"""Every IAM and STS operation, fuzzed through a real boto3 client, as the root and as an admin user.

Each call ends in a result or in a ClientError with a real AWS error code; a failed call leaves the
entity state exactly as it was; a successful one leaves it consistent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import boto3
import botocore.session
import pytest
from botocore import xform_name
from botocore.exceptions import ClientError, ParamValidationError
from hypothesis import HealthCheck, given, settings
from tests.strategies import InputStrategies

from iammock import IAMMock, mock_iam

from . import invariants, world

_MODELS = {svc: botocore.session.get_session().get_service_model(svc) for svc in ("iam", "sts")}
OPERATIONS = [(svc, op) for svc, model in _MODELS.items() for op in model.operation_names]
CATCH_ALLS = frozenset({"InternalFailure", "ServiceFailure", "InternalError", "InvalidAction", "Unknown"})
_CODE = re.compile(r"[A-Z][A-Za-z]*(\.[A-Za-z]+)?")


@pytest.fixture(scope="module")
def fuzz_world() -> Iterator[tuple[IAMMock, world.World]]:
    # One mock for the module, restored to the same baseline before every example: building the world
    # for each of the ~370 tests would cost more than the fuzzing itself.
    with mock_iam() as mock:
        session = mock.session()
        built = world.build(mock, session.client("iam"))
        yield mock, built


def _client(mock: IAMMock, built: world.World, service: str, identity: str) -> Any:
    if identity == "root":
        return mock.session().client(service)
    return boto3.Session(
        aws_access_key_id=built.fuzzer_key["AccessKeyId"],
        aws_secret_access_key=built.fuzzer_key["SecretAccessKey"],
        region_name="us-east-1",
    ).client(service)


def check_outcome(client: Any, operation: str, params: dict[str, Any], mock: IAMMock, baseline: Any) -> str:
    """Call; 'ok', 'invalid' (botocore's own validation) or the AWS error code. Asserts the contract."""
    method = getattr(client, xform_name(operation))
    try:
        method(**params)
    except ParamValidationError:
        return "invalid"
    except ClientError as error:
        code: str = error.response["Error"]["Code"]
        assert code not in CATCH_ALLS, (operation, params, error.response["Error"])
        assert _CODE.fullmatch(code), code
        status = error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert 400 <= status < 500, (operation, code, status)
        invariants.assert_same_state(baseline, mock.backend.snapshot(), f"failed {operation} ({code})")
        return code
    invariants.check(mock.backend)
    return "ok"


@pytest.mark.parametrize("identity", ["root", "admin-user"])
@pytest.mark.parametrize(("service", "operation"), OPERATIONS, ids=[f"{s}:{o}" for s, o in OPERATIONS])
def test_every_operation_answers_with_a_result_or_an_aws_error(
    fuzz_world: tuple[IAMMock, world.World], service: str, operation: str, identity: str
) -> None:
    mock, built = fuzz_world
    client = _client(mock, built, service, identity)
    world.restore(mock.backend, built.baseline)
    strategy = InputStrategies(built.pools).for_operation(_MODELS[service].operation_model(operation))

    @settings(
        max_examples=15 if identity == "root" else 8,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(strategy)
    def run(params: dict[str, Any]) -> None:
        # A failed call leaves the baseline as it was (asserted), so only a success needs a restore.
        if check_outcome(client, operation, params, mock, built.baseline) == "ok":
            world.restore(mock.backend, built.baseline)

    run()
