"""Remembered decisions (engine.remembered) answer exactly what a fresh evaluation answers."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from iammock.engine import (
    Decision,
    NamedPolicy,
    PolicyKind,
    PolicySet,
    Request,
    authorize,
    parse_policy,
    remembered,
)

from .helpers import USER


def _policies(condition: dict[str, object]) -> PolicySet:
    text = json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": condition}
            ],
        }
    )
    return PolicySet(identity=(NamedPolicy(parse_policy(text, PolicyKind.INLINE), "p", PolicyKind.INLINE),))


def _ask(policies: PolicySet, value: object) -> tuple[str, str]:
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": value})
    return remembered(request, policies).outcome, authorize(request, policies).outcome


def test_a_boolean_and_a_number_that_compare_equal_in_python_are_told_apart() -> None:
    policies = _policies({"NumericEquals": {"s3:max-keys": "1"}})
    assert _ask(policies, 1) == ("allowed", "allowed")
    # True == 1 in Python, but IAM's Numeric operators do not read a boolean as a number: the answer
    # remembered for 1 must not be given for True.
    assert _ask(policies, True) == ("implicit_deny", "implicit_deny")


def test_a_list_of_booleans_and_a_list_of_numbers_are_told_apart() -> None:
    policies = _policies({"ForAnyValue:NumericEquals": {"s3:max-keys": "1"}})
    assert _ask(policies, [1]) == ("allowed", "allowed")
    assert _ask(policies, [True]) == ("implicit_deny", "implicit_deny")


def test_the_remembered_decision_carries_the_request_asked_this_time() -> None:
    policies = _policies({"NumericEquals": {"s3:max-keys": "1"}})
    one = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": 1, "aws:CurrentTime": "a"})
    two = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": 1, "aws:CurrentTime": "b"})
    assert remembered(one, policies).request is one
    assert remembered(two, policies).request is two


def test_decisions_built_on_the_short_path_are_ordinary_frozen_decisions() -> None:
    policies = _policies({"NumericEquals": {"s3:max-keys": "1"}})
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": 1})
    fresh = authorize(request, policies)
    again = remembered(request, policies)
    kept = remembered(request, policies)  # answered from memory
    for d in (fresh, again, kept):
        assert type(d) is Decision
        with pytest.raises(dataclasses.FrozenInstanceError):
            d.allowed = False  # type: ignore[misc]
        assert d == Decision(**{f.name: getattr(d, f.name) for f in dataclasses.fields(Decision)})
        assert d == copy.deepcopy(d)
        assert d.request is request and d.policies is policies
    assert fresh == again == kept
    # Decisions that match the same one statement share their (immutable) statements tuple.
    assert fresh.statements is kept.statements
