"""Account properties (Namespace/PropertyName settings), through boto3."""

from __future__ import annotations

from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_no_properties_until_set(iam: Any) -> None:
    assert iam.get_account_properties().get("Properties", {}) == {}


def test_put_then_get(iam: Any) -> None:
    iam.put_account_properties(Properties={"RoleManager/Enabled": "false", "RoleManager/Other": "x"})
    iam.put_account_properties(Properties={"RoleManager/Enabled": "true"})
    iam.put_account_properties(Properties={"Other/Setting": "42"})
    assert iam.get_account_properties()["Properties"] == {
        "RoleManager/Enabled": "true",
        "RoleManager/Other": "x",
        "Other/Setting": "42",
    }


@pytest.mark.parametrize("key", ["NoSlash", "Ns/", "Ns/A/B", "Ns//B"])
def test_key_format(iam: Any, iam_mock: IAMMock, key: str) -> None:
    before = iam_mock.backend.snapshot()
    with aws_error("InvalidInput", 400):
        iam.put_account_properties(Properties={key: "v"})
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_key_pattern_is_checked_by_the_model(iam: Any) -> None:
    with aws_error("ValidationError", 400):
        iam.put_account_properties(Properties={"/Ns": "v"})


def test_one_namespace_per_request(iam: Any, iam_mock: IAMMock) -> None:
    before = iam_mock.backend.snapshot()
    with aws_error("InvalidInput", 400):
        iam.put_account_properties(Properties={"A/x": "1", "B/y": "2"})
    assert plain(iam_mock.backend.snapshot()) == plain(before)
    assert iam.get_account_properties().get("Properties", {}) == {}


def test_boolean_property_values(iam: Any, iam_mock: IAMMock) -> None:
    before = iam_mock.backend.snapshot()
    with aws_error("InvalidInput", 400):
        iam.put_account_properties(Properties={"RoleManager/Other": "ok", "RoleManager/Enabled": "yes"})
    assert plain(iam_mock.backend.snapshot()) == plain(before)


def test_properties_are_per_account(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")
    iam.put_account_properties(Properties={"Ns/P": "v"})
    other = iam_mock.backend.account("210987654321")
    key = other.root_key
    other_iam = client_for("iam", {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret})
    assert other_iam.get_account_properties().get("Properties", {}) == {}


def test_non_root_user_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    alice = client_for("iam", iam.create_access_key(UserName="alice")["AccessKey"])
    with aws_error("AccessDenied", 403):
        alice.put_account_properties(Properties={"Ns/P": "v"})
    with aws_error("AccessDenied", 403):
        alice.get_account_properties()
