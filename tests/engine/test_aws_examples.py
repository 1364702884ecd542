"""AWS's documented example policies (cases_aws_examples.py) give AWS's answers.

Every example the IAM User Guide page "Example IAM identity-based policies" links must be in the
table, with at least one request it allows and one it denies.
"""

from __future__ import annotations

import pytest

from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Request, authorize, parse_policy

from .cases_aws_examples import ALICE_CONTEXT, EXAMPLES, PAGE, Case, Example
from .helpers import USER, allow, named

ROWS = [(anchor, example, case) for anchor, example in EXAMPLES.items() for case in example.cases]


def test_every_example_of_the_page_is_in_the_table() -> None:
    assert sorted(PAGE) == sorted(EXAMPLES), "examples of the page without cases, or cases of no example"
    for anchor, example in EXAMPLES.items():
        answers = {case.allowed for case in example.cases}
        assert answers == {True, False}, f"{anchor}: needs an allowed and a denied request"
        names = [case.name for case in example.cases]
        assert len(names) == len(set(names)), anchor


@pytest.mark.parametrize("anchor", sorted(EXAMPLES))
def test_example_policy_is_saved_as_a_managed_policy(anchor: str) -> None:
    parse_policy(EXAMPLES[anchor].policy, PolicyKind.MANAGED)


@pytest.mark.parametrize(
    ("anchor", "example", "case"),
    ROWS,
    ids=[f"{anchor}:{case.name}" for anchor, _, case in ROWS],
)
def test_example_answers(anchor: str, example: Example, case: Case) -> None:
    identity = [NamedPolicy(parse_policy(example.policy, PolicyKind.INLINE), anchor, PolicyKind.INLINE)]
    if example.with_allow_all:
        identity.append(named([allow()], PolicyKind.INLINE, "allow-all"))
    request = Request(USER, case.action, case.resource, {**ALICE_CONTEXT, **case.context})
    decision = authorize(request, PolicySet(identity=tuple(identity)))
    assert decision.allowed is case.allowed, decision.explain()
