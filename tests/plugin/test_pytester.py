"""The plugin seen from an application's suite: pytester projects run in process or in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["pytester"]

ROOT = Path(__file__).resolve().parents[2]

DENIED_TEST = """
import boto3

def test_alice_cannot_create_users(iam_user):
    alice = iam_user("alice")
    alice.client("iam").create_user(UserName="bob")
"""


def test_misspelt_marker_option_fails_at_setup(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        """
        import pytest

        @pytest.mark.iammock(acount_id="111122223333")
        def test_typo(iam_mock):
            pass
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*@pytest.mark.iammock: unknown option(s) acount_id; valid options are*"])


def test_markers_are_registered(pytester: pytest.Pytester) -> None:
    result = pytester.runpytest("--markers")
    result.stdout.fnmatch_lines(["@pytest.mark.iammock(**options)*", "@pytest.mark.iammock_clock(start)*"])


def test_module_and_session_mocks_are_shared(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        test_module="""
        import pytest
        pytestmark = pytest.mark.iammock(account_id="999988887777")

        def test_one(iam_mock_module):
            assert iam_mock_module.account_id == "999988887777"
            iam_mock_module.session().client("iam").create_user(UserName="shared")

        def test_two(iam_mock_module):
            assert "shared" in iam_mock_module.backend.accounts["999988887777"].users
        """,
        test_session_a="""
        def test_a(iam_mock_session):
            iam_mock_session.session().client("iam").create_user(UserName="everywhere")
        """,
        test_session_b="""
        def test_b(iam_mock_session):
            assert "everywhere" in iam_mock_session.backend.accounts["123456789012"].users
        """,
    )
    pytester.runpytest("-p", "no:randomly").assert_outcomes(passed=4)


def test_access_denied_failure_is_explained(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(
        DENIED_TEST
        + """
from iammock import mock_iam

@mock_iam()
def test_decorated():
    iam = boto3.client("iam")
    iam.create_user(UserName="carol")
    key = iam.create_access_key(UserName="carol")["AccessKey"]
    try:
        boto3.client("iam", aws_access_key_id=key["AccessKeyId"],
                     aws_secret_access_key=key["SecretAccessKey"]).delete_user(UserName="carol")
    except Exception as error:
        raise RuntimeError("the application wrapped it") from error
"""
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(failed=2)
    result.stdout.fnmatch_lines(
        [
            "*iammock: why access was denied*",
            "iam:CreateUser (request *) failed: AccessDenied",
            "Principal: arn:aws:iam::123456789012:user/alice (user)",
            "Action:    iam:CreateUser",
            "Resource:  arn:aws:iam::123456789012:user/bob",
            "Denied by: Identity-based policies",
            "*iammock: why access was denied*",
            "iam:DeleteUser (request *) failed: AccessDenied",
            "Principal: arn:aws:iam::123456789012:user/carol (user)",
        ]
    )


def test_trail_file(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(
        """
        import boto3

        def test_keys(iam_mock, iam_role):
            iam = boto3.client("iam")
            iam.create_user(UserName="alice")
            iam.create_access_key(UserName="alice")
            iam.create_login_profile(UserName="alice", Password="Hunter-2-Hunter-2")
            iam_role("r").assume()

        def test_other(iam_mock):
            boto3.client("sts").get_caller_identity()
        """
    )
    path = tmp_path / "trail.jsonl"
    path.write_text("")
    pytester.runpytest("-p", "no:randomly", f"--iammock-trail={path}").assert_outcomes(passed=2)
    events = [json.loads(line) for line in path.read_text().splitlines()]
    assert {e["testId"] for e in events} == {
        "test_trail_file.py::test_keys",
        "test_trail_file.py::test_other",
    }
    names = [e["eventName"] for e in events if e["testId"].endswith("test_keys")]
    assert names[:3] == ["CreateUser", "CreateAccessKey", "CreateLoginProfile"] and "AssumeRole" in names, (
        names
    )
    text = path.read_text()
    assert "Hunter-2-Hunter-2" not in text
    for event in events:
        if event["eventName"] in ("CreateAccessKey", "AssumeRole"):
            blob = json.dumps(event["responseElements"])
            assert "HIDDEN_DUE_TO_SECURITY_REASONS" in blob
    assert 'secretAccessKey": "HIDDEN' in text


def test_xdist_and_random_order(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytest.importorskip("xdist")
    pytest.importorskip("pytest_randomly")
    body = "\n".join(
        f"""
def test_{i}(iam_mock, iam_user, iam_clock):
    user = iam_user("u{i}")
    assert user.client("sts").get_caller_identity()["Arn"] == user.arn
    iam_clock.advance(3600)
"""
        for i in range(8)
    )
    pytester.makepyfile(body)
    path = tmp_path / "trail.jsonl"
    result = pytester.runpytest_subprocess("-n", "2", "-p", "randomly", f"--iammock-trail={path}")
    result.assert_outcomes(passed=8)
    ids = {json.loads(line)["testId"] for line in path.read_text().splitlines()}
    assert len(ids) == 8


def test_conftest_example_is_a_working_conftest(pytester: pytest.Pytester) -> None:
    pytester.makeconftest((ROOT / "conftest_example.py").read_text())
    pytester.makepyfile(
        """
        import pytest
        from botocore.exceptions import ClientError

        def test_uses_the_example(alice, deploy_role, member_account, s3, iam_clock, expiring_session):
            assert alice.client("sts").get_caller_identity()["Arn"].endswith(":user/alice")
            arn = deploy_role.assume().client("sts").get_caller_identity()["Arn"]
            assert arn.endswith(":assumed-role/deploy/iammock-session")
            assert member_account.client("sts").get_caller_identity()["Account"] == "222233334444"
            s3.create_bucket(Bucket="artifacts-bucket")
            session = expiring_session(900)
            session.client("sts").get_caller_identity()
            iam_clock.advance(900)
            with pytest.raises(ClientError, match="ExpiredToken"):
                session.client("sts").get_caller_identity()
        """
    )
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1)
