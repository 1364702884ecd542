"""Every operation of botocore's organizations model has a handler, and every handler names one."""

from __future__ import annotations

import botocore
import botocore.session

from iammock.backend import registry

# Operations of botocore releases newer than the one the suite's pins install: their handlers stay
# registered and unused with an older model.
NEWER_THAN_PINNED = {
    "DescribeResponsibilityTransfer",
    "InviteOrganizationToTransferResponsibility",
    "ListInboundResponsibilityTransfers",
    "ListOutboundResponsibilityTransfers",
    "TerminateResponsibilityTransfer",
    "UpdateResponsibilityTransfer",
}


def test_every_operation_of_the_installed_model_has_a_handler() -> None:
    model = set(botocore.session.get_session().get_service_model("organizations").operation_names)
    missing = model - registry.implemented("organizations")
    assert not missing, (
        f"organizations operations without a handler (botocore {botocore.__version__}): {sorted(missing)}"
    )


def test_every_handler_names_a_real_operation() -> None:
    model = set(botocore.session.get_session().get_service_model("organizations").operation_names)
    extra = registry.implemented("organizations") - model - NEWER_THAN_PINNED
    assert not extra, f"handlers for operations organizations does not have: {sorted(extra)}"
