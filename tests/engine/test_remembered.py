"""Remembered decisions (engine.remembered) answer exactly what a fresh evaluation answers."""

from __future__ import annotations

import copy
import dataclasses
import json

import pytest

from iammock.engine import (
    Decision,
    DecisionCache,
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


def test_a_policy_set_is_a_plain_value_and_its_memory_lives_beside_it() -> None:
    policies = _policies({"NumericEquals": {"s3:max-keys": "1"}})
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": 1})
    # Only the policies and flags: nothing a decision learns is written onto the set.
    plain = {"identity", "boundary", "session", "resource", "resource_account", "scps", "rcps"}
    assert {f.name for f in dataclasses.fields(PolicySet)} == plain | {"resource_must_allow"}
    assert set(vars(policies)) == {f.name for f in dataclasses.fields(PolicySet)}
    cache = DecisionCache(policies)
    kept = remembered(request, policies, cache)
    assert set(vars(policies)) == {f.name for f in dataclasses.fields(PolicySet)}
    assert list(cache.decisions.values()) == [kept]
    assert "s3:GetObject" in cache.plans
    assert remembered(request, policies, cache) == kept == authorize(request, policies, cache=cache)
    # An equal set is another set: its own cache, and the decisions it makes carry it.
    twin = dataclasses.replace(policies)
    assert twin == policies
    assert remembered(request, twin).policies is twin


def test_a_cache_answers_only_for_its_own_policy_set() -> None:
    policies = _policies({"NumericEquals": {"s3:max-keys": "1"}})
    other = _policies({"NumericEquals": {"s3:max-keys": "2"}})
    request = Request(USER, "s3:GetObject", "arn:aws:s3:::b/k", {"s3:max-keys": 2})
    cache = DecisionCache(policies)
    with pytest.raises(ValueError):
        remembered(request, other, cache)
    with pytest.raises(ValueError):
        authorize(request, other, cache=cache)
    assert not cache.decisions and not cache.plans
    assert remembered(request, other).allowed
