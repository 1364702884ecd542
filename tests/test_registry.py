"""Operations are registered by name from botocore's model."""

from __future__ import annotations

import botocore.session

from iammock.backend import registry


def test_every_handler_names_a_real_operation() -> None:
    session = botocore.session.get_session()
    for service in ("iam", "sts"):
        model = set(session.get_service_model(service).operation_names)
        extra = registry.implemented(service) - model
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


def test_every_iam_operation_of_the_installed_model_has_a_handler() -> None:
    model = set(botocore.session.get_session().get_service_model("iam").operation_names)
    missing = model - registry.implemented("iam")
    assert not missing, f"IAM operations without a handler: {sorted(missing)}"
