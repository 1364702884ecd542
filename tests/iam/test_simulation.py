"""The policy simulator answers with the same engine that enforces every call."""

from __future__ import annotations

import json

import boto3
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

ACCOUNT = "123456789012"


def _doc(*statements: dict[str, object]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    client = boto3.client("iam")
    client.create_user(UserName="alice", Tags=[{"Key": "team", "Value": "blue"}])
    client.put_user_policy(
        UserName="alice",
        PolicyName="ReadUsers",
        PolicyDocument=_doc(
            {"Sid": "Read", "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"},
            {
                "Sid": "Keys",
                "Effect": "Allow",
                "Action": "iam:CreateAccessKey",
                "Resource": f"arn:aws:iam::{ACCOUNT}:user/alice",
                "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
            },
        ),
    )
    return client


def test_simulate_principal_policy_decisions_and_statements(iam) -> None:  # type: ignore[no-untyped-def]
    results = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
        ActionNames=["iam:GetUser", "iam:DeleteUser"],
    )["EvaluationResults"]
    by_action = {r["EvalActionName"]: r for r in results}
    assert by_action["iam:GetUser"]["EvalDecision"] == "allowed"
    assert by_action["iam:DeleteUser"]["EvalDecision"] == "implicitDeny"
    matched = by_action["iam:GetUser"]["MatchedStatements"]
    assert matched[0]["SourcePolicyId"] == "ReadUsers" and matched[0]["SourcePolicyType"] == "user"
    assert matched[0]["StartPosition"]["Line"] == 1 and matched[0]["StartPosition"]["Column"] > 1
    assert by_action["iam:DeleteUser"]["MatchedStatements"] == []


def test_missing_context_values_and_context_entries(iam) -> None:  # type: ignore[no-untyped-def]
    source = f"arn:aws:iam::{ACCOUNT}:user/alice"
    resource = f"arn:aws:iam::{ACCOUNT}:user/alice"
    without = iam.simulate_principal_policy(
        PolicySourceArn=source, ActionNames=["iam:CreateAccessKey"], ResourceArns=[resource]
    )["EvaluationResults"][0]
    assert without["EvalDecision"] == "implicitDeny"
    assert without["MissingContextValues"] == ["aws:MultiFactorAuthPresent"]
    with_mfa = iam.simulate_principal_policy(
        PolicySourceArn=source,
        ActionNames=["iam:CreateAccessKey"],
        ResourceArns=[resource],
        ContextEntries=[
            {
                "ContextKeyName": "aws:MultiFactorAuthPresent",
                "ContextKeyValues": ["true"],
                "ContextKeyType": "boolean",
            }
        ],
    )["EvaluationResults"][0]
    assert with_mfa["EvalDecision"] == "allowed"


def test_explicit_deny_and_boundary_detail(iam) -> None:  # type: ignore[no-untyped-def]
    result = iam.simulate_principal_policy(
        PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
        ActionNames=["iam:GetUser"],
        PolicyInputList=[_doc({"Effect": "Deny", "Action": "iam:Get*", "Resource": "*"})],
        PermissionsBoundaryPolicyInputList=[_doc({"Effect": "Allow", "Action": "iam:*", "Resource": "*"})],
    )["EvaluationResults"][0]
    assert result["EvalDecision"] == "explicitDeny"
    assert {s["SourcePolicyId"] for s in result["MatchedStatements"]} == {"PolicyInputList.1"}
    assert result["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}


def test_simulate_custom_policy_with_resource_policy(iam) -> None:  # type: ignore[no-untyped-def]
    results = iam.simulate_custom_policy(
        PolicyInputList=[
            _doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::bucket/*"})
        ],
        ActionNames=["s3:GetObject", "s3:PutObject"],
        ResourceArns=["arn:aws:s3:::bucket/key"],
    )["EvaluationResults"]
    assert [r["EvalDecision"] for r in results] == ["allowed", "implicitDeny"]


def test_simulation_agrees_with_enforcement(iam) -> None:  # type: ignore[no-untyped-def]
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = client_for("iam", key)
    as_alice.get_user(UserName="alice")  # allowed by the policy, as simulated above
    with aws_error("AccessDenied"):
        as_alice.delete_user(UserName="alice")


def test_malformed_input_policy_is_invalid_input(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=["{not json"], ActionNames=["iam:GetUser"])


def test_context_keys_for_policies(iam) -> None:  # type: ignore[no-untyped-def]
    keys = iam.get_context_keys_for_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice")
    assert keys["ContextKeyNames"] == ["aws:MultiFactorAuthPresent"]
    custom = iam.get_context_keys_for_custom_policy(
        PolicyInputList=[
            _doc(
                {
                    "Effect": "Allow",
                    "Action": "s3:*",
                    "Resource": "arn:aws:s3:::b/${aws:username}/*",
                    "Condition": {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
                }
            )
        ]
    )
    assert set(custom["ContextKeyNames"]) == {"aws:username", "aws:SourceIp"}


def test_simulation_pages(iam) -> None:  # type: ignore[no-untyped-def]
    paginator = iam.get_paginator("simulate_principal_policy")
    pages = list(
        paginator.paginate(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice",
            ActionNames=[f"iam:Get{n}" for n in ("User", "Role", "Group", "Policy", "AccountSummary")],
            PaginationConfig={"PageSize": 2},
        )
    )
    assert len(pages) == 3
    assert sum(len(p["EvaluationResults"]) for p in pages) == 5


def test_unknown_source_is_no_such_entity(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("NoSuchEntity", 404):
        iam.simulate_principal_policy(
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/ghost", ActionNames=["iam:GetUser"]
        )


def test_answers_asked_again_are_the_callers_own(iam) -> None:  # type: ignore[no-untyped-def]
    """Results are remembered between simulations; what one caller does to its answer stays its own."""

    def simulate() -> dict:  # type: ignore[type-arg]
        return iam.simulate_principal_policy(  # type: ignore[no-any-return]
            PolicySourceArn=f"arn:aws:iam::{ACCOUNT}:user/alice", ActionNames=["iam:GetUser"]
        )

    first = simulate()
    expected = json.loads(json.dumps(first["EvaluationResults"]))
    first["EvaluationResults"][0]["MatchedStatements"][0]["StartPosition"]["Line"] = 99
    first["EvaluationResults"][0]["ResourceSpecificResults"].clear()
    first["EvaluationResults"][0]["EvalDecision"] = "explicitDeny"
    assert simulate()["EvaluationResults"] == expected


def test_simulated_decisions_are_not_the_callers(iam, iam_mock: IAMMock) -> None:  # type: ignore[no-untyped-def]
    """A simulation decides for its inputs, not for the caller: "The simulation does not perform the API
    operations; it only checks the authorization" (IAM API Reference, SimulateCustomPolicy). The
    Simulate call's trail entry holds the caller's own authorization only, so least privilege and
    explanations never count a simulated action as the caller's."""
    iam.create_user(UserName="bob")
    iam.put_user_policy(
        UserName="bob",
        PolicyName="Simulate",
        PolicyDocument=_doc({"Effect": "Allow", "Action": "iam:SimulateCustomPolicy", "Resource": "*"}),
    )
    as_bob = client_for("iam", iam.create_access_key(UserName="bob")["AccessKey"])
    answer = as_bob.simulate_custom_policy(
        PolicyInputList=[_doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"})],
        ActionNames=["s3:GetObject", "iam:DeleteUser"],
    )
    decisions = [r["EvalDecision"] for r in answer["EvaluationResults"]]
    assert decisions == ["allowed", "implicitDeny"]
    assert iam_mock.least_privilege_policy(f"arn:aws:iam::{ACCOUNT}:user/bob") == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["iam:SimulateCustomPolicy"], "Resource": ["*"]}],
    }
    explanation = iam_mock.explain(answer)
    assert "iam:SimulateCustomPolicy" in explanation
    assert "s3:GetObject" not in explanation and "iam:DeleteUser" not in explanation
