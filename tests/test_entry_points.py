"""One object, three entry points: context manager, decorator, fixture; and start/stop by hand."""

from __future__ import annotations

import asyncio
import os
import unittest

import boto3
import pytest

import iammock
from iammock import IAMMock, mock_iam


def _user_count() -> int:
    return len(boto3.client("iam").list_users()["Users"])


def test_context_manager_yields_the_active_mock() -> None:
    with mock_iam() as aws:
        assert isinstance(aws, IAMMock)
        assert aws.active
        assert iammock.current() is aws
        boto3.client("iam").create_user(UserName="alice")
        assert _user_count() == 1
    assert not aws.active


def test_decorator_starts_fresh_on_every_call() -> None:
    mock = mock_iam()

    @mock
    def create_and_count() -> int:
        boto3.client("iam").create_user(UserName="alice")
        return _user_count()

    assert create_and_count() == 1
    assert create_and_count() == 1  # the second call does not see the first call's user
    assert not mock.active


def test_decorator_on_coroutine_function() -> None:
    @mock_iam()
    async def make_user() -> str:
        return str(boto3.client("iam").create_user(UserName="async-user")["User"]["UserName"])

    assert asyncio.run(make_user()) == "async-user"


@mock_iam()
class DecoratedTestCase(unittest.TestCase):
    def test_one(self) -> None:
        boto3.client("iam").create_user(UserName="bob")
        self.assertEqual(_user_count(), 1)

    def test_two(self) -> None:
        # Fresh state per test method, whatever ran before.
        self.assertEqual(_user_count(), 0)
        boto3.client("iam").create_user(UserName="bob")


def test_testcase_decorator_runs_each_test_in_a_fresh_mock() -> None:
    suite = unittest.defaultTestLoader.loadTestsFromTestCase(DecoratedTestCase)
    result = unittest.TestResult()
    suite.run(result)
    assert result.testsRun == 2
    assert result.errors == [] and result.failures == []


def test_start_and_stop_by_hand() -> None:
    mock = mock_iam()
    mock.start()
    try:
        assert _user_count() == 0
    finally:
        mock.stop()
    mock.stop()  # stopping twice is harmless


def test_starting_an_active_mock_again_is_an_error() -> None:
    with mock_iam() as aws, pytest.raises(RuntimeError):
        aws.start()


def test_fixture_is_active(iam_mock: IAMMock) -> None:
    assert iam_mock.active
    assert iam_mock.account_id == "123456789012"
    assert boto3.client("sts").get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:root"


def test_misspelt_option_is_a_type_error() -> None:
    with pytest.raises(TypeError):
        mock_iam(acount_id="123456789012")  # type: ignore[call-arg]


def test_options_are_keyword_only() -> None:
    with pytest.raises(TypeError):
        mock_iam("123456789012")  # type: ignore[misc]


def test_bad_account_id_is_rejected() -> None:
    with pytest.raises(ValueError):
        mock_iam(account_id="12345")


def test_custom_account_id() -> None:
    with mock_iam(account_id="111122223333"):
        assert boto3.client("sts").get_caller_identity()["Account"] == "111122223333"


def test_nesting_inner_answers_then_outer_resumes() -> None:
    with mock_iam() as outer:
        boto3.client("iam").create_user(UserName="outer-user")
        outer_key = os.environ["AWS_ACCESS_KEY_ID"]
        with mock_iam(account_id="999988887777") as inner:
            assert iammock.current() is inner
            assert _user_count() == 0
            assert boto3.client("sts").get_caller_identity()["Account"] == "999988887777"
        assert iammock.current() is outer
        assert os.environ["AWS_ACCESS_KEY_ID"] == outer_key
        assert [u["UserName"] for u in boto3.client("iam").list_users()["Users"]] == ["outer-user"]


def test_session_holds_root_credentials_of_any_account() -> None:
    with mock_iam() as aws:
        other = aws.session("444455556666")
        ident = other.client("sts").get_caller_identity()
        assert ident["Arn"] == "arn:aws:iam::444455556666:root"
        assert aws.session().client("sts").get_caller_identity()["Account"] == "123456789012"
        # Each account has its own root keys.
        a = aws.session().get_credentials().access_key
        b = other.get_credentials().access_key
        assert a != b and a.startswith("AKIA") and b.startswith("AKIA")


def test_reset_forgets_entities_but_keeps_root_keys() -> None:
    with mock_iam() as aws:
        iam = boto3.client("iam")
        iam.create_user(UserName="alice")
        aws.reset()
        assert iam.list_users()["Users"] == []  # the same client still authenticates


def test_two_mocks_never_share_state() -> None:
    first, second = mock_iam(), mock_iam()
    with first:
        boto3.client("iam").create_user(UserName="only-in-first")
    with second:
        assert _user_count() == 0


def test_seed_makes_ids_reproducible() -> None:
    ids = []
    for _ in range(2):
        with mock_iam(seed=7):
            ids.append(boto3.client("iam").create_user(UserName="u")["User"]["UserId"])
    assert ids[0] == ids[1]
    assert ids[0].startswith("AIDA") and len(ids[0]) == 21
