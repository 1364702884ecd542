"""``pytest --iammock-audit`` on an unchanged moto suite: the report, and that its policies are enough.

The suite below is written for moto alone (it passes without iammock, where nothing is authorized): a
CI user assumes an application role and the application uses S3, SQS and DynamoDB as that role. Neither
has a policy, so on AWS every one of those calls would be denied. With ``--iammock-audit`` the suite
still passes, and the report lists each would-be denial and, per principal, the least-privilege policy;
attached to fresh principals in enforce mode, those policies let the same code pass.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import boto3
import pytest

from iammock import mock_iam
from iammock.audit import AuditReport

moto = pytest.importorskip("moto")

pytest_plugins = ["pytester"]

ACCOUNT = "123456789012"  # moto's default account, and iammock's
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/app"
USER_ARN = f"arn:aws:iam::{ACCOUNT}:user/ci"

# The application: what both the moto suite and the enforce-mode replay below run.
APP = '''
import json

import boto3

TRUST = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:root"},
                   "Action": "sts:AssumeRole"}],
}


def role_session(iam, user_key):
    """The CI user assumes the application role (the role exists already)."""
    sts = boto3.client("sts", region_name="us-east-1", aws_access_key_id=user_key["AccessKeyId"],
                       aws_secret_access_key=user_key["SecretAccessKey"])
    role_arn = iam.get_role(RoleName="app")["Role"]["Arn"]
    creds = sts.assume_role(RoleArn=role_arn, RoleSessionName="deploy")["Credentials"]
    return boto3.Session(aws_access_key_id=creds["AccessKeyId"],
                         aws_secret_access_key=creds["SecretAccessKey"],
                         aws_session_token=creds["SessionToken"], region_name="us-east-1")


def run_app(session):
    s3 = session.client("s3")
    s3.create_bucket(Bucket="audit-uploads")
    s3.put_object(Bucket="audit-uploads", Key="reports/1.txt", Body=b"hello")
    sqs = session.client("sqs")
    url = sqs.create_queue(QueueName="audit-jobs")["QueueUrl"]
    sqs.send_message(QueueUrl=url, MessageBody="job")
    ddb = session.client("dynamodb")
    ddb.create_table(TableName="audit-items", KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
                     AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
                     BillingMode="PAY_PER_REQUEST")
    ddb.put_item(TableName="audit-items", Item={"id": {"S": "1"}})
    return s3.get_object(Bucket="audit-uploads", Key="reports/1.txt")["Body"].read()


def setup_identities():
    """As moto suites do: the default credentials create a user with a key and a role, no policies."""
    iam = boto3.client("iam", region_name="us-east-1")
    iam.create_user(UserName="ci")
    key = iam.create_access_key(UserName="ci")["AccessKey"]
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=json.dumps(TRUST))
    return iam, key
'''

# A moto suite, unchanged: decorator, context manager, fixture and class decorator.
MOTO_SUITE = """
import pytest
from moto import mock_aws

from app import role_session, run_app, setup_identities


@mock_aws
def test_decorated():
    iam, key = setup_identities()
    assert run_app(role_session(iam, key)) == b"hello"


def test_context_manager():
    with mock_aws():
        iam, key = setup_identities()
        assert run_app(role_session(iam, key)) == b"hello"


@pytest.fixture
def aws():
    with mock_aws():
        yield


def test_fixture(aws):
    iam, key = setup_identities()
    assert run_app(role_session(iam, key)) == b"hello"


@mock_aws
class TestInAClass:
    def test_method(self):
        iam, key = setup_identities()
        assert run_app(role_session(iam, key)) == b"hello"
"""

CONFTEST = """
import moto  # moto hooks the botocore sessions made after it is imported: import it first, as moto suites do
"""


def _project(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(app=APP, test_moto_suite=MOTO_SUITE, conftest=CONFTEST)


def _app() -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(APP, "app.py", "exec"), namespace)  # the same code the moto suite runs
    return namespace


EXPECTED_ROLE_ACTIONS = {
    "s3:CreateBucket",
    "s3:PutObject",
    "s3:GetObject",
    "sqs:CreateQueue",
    "sqs:SendMessage",
    "dynamodb:CreateTable",
    "dynamodb:PutItem",
}


def test_the_moto_suite_passes_without_iammock(pytester: pytest.Pytester) -> None:
    _project(pytester)
    pytester.runpytest("-p", "no:randomly", "-p", "no:iammock").assert_outcomes(passed=4)


def test_audit_run_reports_would_be_denials_and_policies(pytester: pytest.Pytester, tmp_path: Path) -> None:
    _project(pytester)
    path = tmp_path / "audit.json"
    result = pytester.runpytest("-p", "no:randomly", "--iammock-audit", f"--iammock-audit-report={path}")
    result.assert_outcomes(passed=4)
    report = AuditReport.from_json(path.read_text())
    denied = {(d.principal, d.action) for d in report.denials}
    assert (USER_ARN, "sts:AssumeRole") in denied
    assert {(ROLE_ARN, action) for action in EXPECTED_ROLE_ACTIONS} <= denied
    # Grouped across the four tests by account and name: each test's fresh mock gave the role a new ID.
    put = next(d for d in report.denials if d.principal == ROLE_ARN and d.action == "s3:PutObject")
    assert put.count == 4
    assert put.test == "test_moto_suite.py::test_decorated"
    assert put.resource == "arn:aws:s3:::audit-uploads/reports/1.txt"
    assert "because no identity-based policy allows the s3:PutObject action" in put.explanation
    assert put.denied_by == "identity"
    # The terminal summary: per principal, counts and the first test.
    result.stdout.fnmatch_lines(
        [
            "*iammock audit: would-be denials*",
            ROLE_ARN,
            "  4x s3:PutObject on arn:aws:s3:::audit-uploads/reports/1.txt, denied by the identity policy;"
            " first in test_moto_suite.py::test_decorated",
        ]
    )
    _replay_in_enforce_mode(report)


def _replay_in_enforce_mode(report: AuditReport) -> None:
    """The report's policies, attached to fresh principals, let the same code pass with enforcement on;
    without the role's policy the same code is denied."""
    app = _app()
    role_policy = json.dumps(report.policy_for(ROLE_ARN))
    user_policy = json.dumps(report.policy_for(USER_ARN))
    with moto.mock_aws(), mock_iam():
        iam, key = app["setup_identities"]()
        iam.put_user_policy(UserName="ci", PolicyName="from-audit", PolicyDocument=user_policy)
        session = app["role_session"](iam, key)  # the user may assume the role now
        with pytest.raises(Exception, match="AccessDenied"):
            app["run_app"](session)  # the role has no policy yet
        iam.put_role_policy(RoleName="app", PolicyName="from-audit", PolicyDocument=role_policy)
        assert app["run_app"](session) == b"hello"


def test_audit_run_under_xdist_merges_the_workers_reports(pytester: pytest.Pytester, tmp_path: Path) -> None:
    _project(pytester)
    path = tmp_path / "audit.json"
    result = pytester.runpytest_subprocess(
        "-n", "2", "-p", "no:randomly", "--iammock-audit", f"--iammock-audit-report={path}"
    )
    result.assert_outcomes(passed=4)
    report = AuditReport.from_json(path.read_text())
    put = next(d for d in report.denials if d.principal == ROLE_ARN and d.action == "s3:PutObject")
    assert put.count == 4  # every worker's tests counted once
    assert put.test is not None and put.test.startswith("test_moto_suite.py::")
    result.stdout.fnmatch_lines(["*iammock audit: would-be denials*", ROLE_ARN])
    _replay_in_enforce_mode(report)


FIXTURE_SUITE = """
import moto
import pytest
from botocore.exceptions import ClientError


def test_fixture_runs_in_audit_mode(iam_mock, iam_user):
    alice = iam_user("alice")
    alice.client("iam").create_user(UserName="bob")  # would be denied: proceeds
    assert iam_mock.mode == "audit"


def test_fixture_answers_inside_mock_aws(iam_mock, iam_user):
    carol = iam_user("carol")
    with moto.mock_aws():  # no second iammock: the fixture's (in audit mode) answers
        carol.client("s3", region_name="us-east-1").create_bucket(Bucket="carols")


@pytest.mark.iammock(mode="enforce")
def test_kept_in_enforce_mode(iam_mock, iam_user):
    alice = iam_user("alice")
    with pytest.raises(ClientError, match="AccessDenied"):
        alice.client("iam").create_user(UserName="bob")
"""


def test_iammock_fixtures_audit_unless_marked_enforce(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(test_audited_fixtures=FIXTURE_SUITE)
    path = tmp_path / "audit.json"
    result = pytester.runpytest("-p", "no:randomly", f"--iammock-audit-report={path}")
    result.assert_outcomes(passed=3)
    report = AuditReport.from_json(path.read_text())
    # Only the audited tests' denials: the enforce-mode test's AccessDenied is its own business.
    assert [(d.principal, d.action, d.count, d.test) for d in report.denials] == [
        (
            f"arn:aws:iam::{ACCOUNT}:user/alice",
            "iam:CreateUser",
            1,
            "test_audited_fixtures.py::test_fixture_runs_in_audit_mode",
        ),
        (
            f"arn:aws:iam::{ACCOUNT}:user/carol",
            "s3:CreateBucket",
            1,
            "test_audited_fixtures.py::test_fixture_answers_inside_mock_aws",
        ),
    ]


def test_without_the_flag_nothing_changes(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(test_audited_fixtures=FIXTURE_SUITE)
    result = pytester.runpytest("-p", "no:randomly")
    result.assert_outcomes(passed=1, failed=2)  # the audit-mode tests fail in enforce mode
    assert "iammock audit" not in result.stdout.str()


def test_enforce_marker_keeps_moto_tests_unaudited(pytester: pytest.Pytester, tmp_path: Path) -> None:
    pytester.makepyfile(
        app=APP,
        conftest=CONFTEST,
        test_marked_enforce="""
        import pytest
        from moto import mock_aws

        from app import role_session, run_app, setup_identities

        @pytest.mark.iammock(mode="enforce")
        @mock_aws
        def test_plain_moto():
            iam, key = setup_identities()
            assert run_app(role_session(iam, key)) == b"hello"
        """,
    )
    path = tmp_path / "audit.json"
    pytester.runpytest("-p", "no:randomly", f"--iammock-audit-report={path}").assert_outcomes(passed=1)
    assert AuditReport.from_json(path.read_text()).denials == ()


def test_boto3_after_the_audit_run_is_unmocked(pytester: pytest.Pytester) -> None:
    """The moto patch is undone at the end of the run: a mock_aws started afterwards starts no iammock."""
    _project(pytester)
    pytester.runpytest("-p", "no:randomly", "--iammock-audit").assert_outcomes(passed=4)
    with moto.mock_aws():
        # No iammock: moto answers IAM itself, where any key works.
        assert boto3.client("iam", region_name="us-east-1").list_users()["Users"] == []
        from iammock.hook import dispatch

        assert dispatch.active() is None
