"""Operations are registered by name from botocore's model."""

from __future__ import annotations

import botocore
import botocore.session
import pytest

from iammock.backend import registry

# Operations of botocore releases newer than the one the suite's pins install (1.44: both). Their
# handlers stay registered and unused with an older model; `.ci/run` runs this module again with the
# newest botocore, where every handler must name an operation of the model.
NEWER_THAN_PINNED = {"iam": {"UpdateOpenIDConnectProvider"}, "sts": {"GetScopedCredentials"}}


def test_every_handler_names_a_real_operation() -> None:
    session = botocore.session.get_session()
    for service in ("iam", "sts"):
        model = set(session.get_service_model(service).operation_names)
        extra = registry.implemented(service) - model - NEWER_THAN_PINNED[service]
        assert not extra, f"handlers for operations {service} does not have: {sorted(extra)}"


def test_first_slice_is_implemented() -> None:
    assert {
        "CreateUser",
        "GetUser",
        "ListUsers",
        "DeleteUser",
        "CreateAccessKey",
        "ListAccessKeys",
        "UpdateAccessKey",
        "DeleteAccessKey",
    } <= registry.implemented("iam")
    assert "GetCallerIdentity" in registry.implemented("sts")


@pytest.mark.parametrize("service", ["iam", "sts"])
def test_every_operation_of_the_installed_model_has_a_handler(service: str) -> None:
    # With the newest botocore (.ci/run's second environment) a new AWS operation fails CI here.
    model = set(botocore.session.get_session().get_service_model(service).operation_names)
    missing = model - registry.implemented(service)
    assert not missing, (
        f"{service} operations without a handler (botocore {botocore.__version__}): {sorted(missing)}"
    )
