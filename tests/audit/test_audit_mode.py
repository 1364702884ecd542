"""``mock_iam(mode="audit")``: every call authenticated and decided as in enforce mode; a call that would
be denied proceeds and its denial is kept for ``aws.audit()``. Black-box through boto3 clients."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from tests.helpers import aws_error, client_for

from iammock import IAMMock, mock_iam
from iammock.audit import AuditReport, Denial, PrincipalUse

ACCOUNT = "123456789012"


def doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def allow(action: Any, resource: Any = "*") -> dict[str, Any]:
    return {"Effect": "Allow", "Action": action, "Resource": resource}


def user(name: str, *statements: dict[str, Any]) -> dict[str, Any]:
    iam = boto3.client("iam")
    iam.create_user(UserName=name)
    if statements:
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=doc(*statements))
    key: dict[str, Any] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


@pytest.fixture
def audit() -> Iterator[IAMMock]:
    with mock_iam(mode="audit") as aws:
        yield aws


def test_default_mode_is_enforce() -> None:
    with mock_iam() as aws:
        assert aws.mode == "enforce"
        key = user("dev")
        with aws_error("AccessDenied", 403):
            client_for("iam", key).create_user(UserName="bob")
        assert "bob" not in aws.backend.accounts[ACCOUNT].users


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(ValueError, match="mode must be 'enforce' or 'audit'"):
        mock_iam(mode="audits")  # type: ignore[arg-type]


def test_a_denied_iam_call_proceeds_and_is_reported(audit: IAMMock) -> None:
    key = user("dev", allow("iam:GetUser"))
    iam = client_for("iam", key)
    created = iam.create_user(UserName="bob")["User"]  # AWS: AccessDenied (no policy allows it)
    assert created["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/bob"
    assert iam.get_user(UserName="bob")["User"]["UserName"] == "bob"  # allowed, and bob exists
    report = audit.audit()
    assert [(d.principal, d.action, d.resource, d.denied_by, d.count) for d in report.denials] == [
        (f"arn:aws:iam::{ACCOUNT}:user/dev", "iam:CreateUser", created["Arn"], "identity", 1)
    ]
    denial = report.denials[0]
    # The explanation is the one iammock writes for a denial ("iammock: why access was denied").
    assert "Decision:  implicit deny" in denial.explanation
    assert "because no identity-based policy allows the iam:CreateUser action" in denial.explanation
    assert denial.request_id is not None and "iam:CreateUser" in audit.explain(denial.request_id)
    # The least-privilege policy covers what dev did, allowed (GetUser) or not (CreateUser).
    assert report.policy_for(f"arn:aws:iam::{ACCOUNT}:user/dev") == {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": ["iam:CreateUser", "iam:GetUser"], "Resource": [created["Arn"]]}
        ],
    }


def test_the_trail_shows_the_call_succeeded(audit: IAMMock) -> None:
    key = user("dev")
    client_for("iam", key).create_user(UserName="bob")
    [event] = audit.trail.events(event_name="CreateUser", principal=f"arn:aws:iam::{ACCOUNT}:user/dev")
    assert "errorCode" not in event


def test_explicit_deny_in_an_scp_is_only_recorded(audit: IAMMock) -> None:
    key = user("admin", allow("iam:*"))
    audit.attach_scp(doc({"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"}), name="no-delete")
    iam = client_for("iam", key)
    iam.create_user(UserName="bob")
    iam.delete_user(UserName="bob")
    assert "bob" not in audit.backend.accounts[ACCOUNT].users
    [denial] = audit.audit().denials
    assert (denial.action, denial.denied_by) == ("iam:DeleteUser", "scp")
    assert "explicit deny" in denial.explanation


@pytest.mark.parametrize(
    ("key", "secret", "code"),
    [
        ("AKIAIOSFODNN7EXAMPLE", "x", "InvalidClientTokenId"),  # unknown key
        (None, "wrong secret", "SignatureDoesNotMatch"),  # a real key, wrong secret
    ],
)
def test_authentication_errors_are_never_relaxed(
    audit: IAMMock, key: str | None, secret: str, code: str
) -> None:
    real = user("dev")
    iam = boto3.client("iam", aws_access_key_id=key or real["AccessKeyId"], aws_secret_access_key=secret)
    with aws_error(code, 403):
        iam.create_user(UserName="bob")
    assert "bob" not in audit.backend.accounts[ACCOUNT].users
    assert audit.audit().denials == ()


def test_an_expired_session_is_still_refused(audit: IAMMock) -> None:
    from iammock.clock_control import IAMClock

    with IAMClock() as clock:
        key = user("dev", allow("sts:GetSessionToken"))
        creds = client_for("sts", key).get_session_token(DurationSeconds=900)["Credentials"]
        clock.advance(901)
        with aws_error("ExpiredToken", 403):
            client_for("iam", creds).create_user(UserName="bob")


TRUST_OTHER = doc(
    {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::210987654321:root"}, "Action": "sts:AssumeRole"}
)


def test_assume_role_denied_by_its_trust_policy_proceeds(audit: IAMMock) -> None:
    """AWS: "the trust policy must allow" (IAM User Guide, "Cross account resource access in IAM"); the
    role trusts only another account, so AssumeRole fails there. In audit mode the session is issued and
    the trust-policy denial is reported (the caller's own policy allows sts:AssumeRole)."""
    iam = boto3.client("iam")
    role = iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST_OTHER)["Role"]["Arn"]
    key = user("dev", allow("sts:AssumeRole", role))
    creds = client_for("sts", key).assume_role(RoleArn=role, RoleSessionName="ss")["Credentials"]
    identity = client_for("sts", creds).get_caller_identity()
    assert identity["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/ss"
    [denial] = audit.audit().denials
    assert (denial.principal, denial.action, denial.resource, denial.denied_by) == (
        f"arn:aws:iam::{ACCOUNT}:user/dev",
        "sts:AssumeRole",
        role,
        "trust",
    )


def test_rules_that_are_no_policy_decision_stay_errors(audit: IAMMock) -> None:
    """Root may not assume a role ("AWS account root user": roles cannot be assumed by the root user), and a
    role that does not exist cannot be assumed: no policy could allow either, so audit mode keeps them."""
    with aws_error("AccessDenied", 403):
        boto3.client("sts").assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="ss")
    key = user("dev", allow("sts:AssumeRole"))
    with aws_error("AccessDenied", 403):
        client_for("sts", key).assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="ss")


def test_authorize_still_answers_deny_in_audit_mode(audit: IAMMock) -> None:
    user("dev")
    decision = audit.authorize(f"arn:aws:iam::{ACCOUNT}:user/dev", "iam:CreateUser", "*")
    assert not decision.allowed
    assert audit.audit().denials == ()  # hypothetical questions are not calls


def test_other_services_under_moto_proceed_and_are_reported(audit: IAMMock) -> None:
    with mock_aws():
        key = user("dev", allow("s3:CreateBucket", "arn:aws:s3:::media"))
        s3 = client_for("s3", key)
        s3.create_bucket(Bucket="media")
        s3.put_object(Bucket="media", Key="a.txt", Body=b"a")  # AWS: AccessDenied
        assert (
            boto3.client("s3").get_object(Bucket="media", Key="a.txt")["Body"].read() == b"a"
        )  # moto has it
        # An unknown key is still S3's own authentication error.
        bad = boto3.client("s3", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x")
        with aws_error("InvalidAccessKeyId", 403):
            bad.list_buckets()
    report = audit.audit()
    assert [(d.action, d.resource) for d in report.denials] == [("s3:PutObject", "arn:aws:s3:::media/a.txt")]
    assert report.policy_for(f"arn:aws:iam::{ACCOUNT}:user/dev")["Statement"] == [
        {"Effect": "Allow", "Action": ["s3:CreateBucket"], "Resource": ["arn:aws:s3:::media"]},
        {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::media/a.txt"]},
    ]


def test_the_enforce_mode_report_lists_the_denials_that_happened() -> None:
    with mock_iam() as aws:
        key = user("dev")
        with pytest.raises(ClientError):
            client_for("iam", key).create_user(UserName="bob")
        assert [d.action for d in aws.audit().denials] == ["iam:CreateUser"]


def test_a_role_session_is_reported_as_its_role(audit: IAMMock) -> None:
    trust = doc(
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"}, "Action": "sts:AssumeRole"}
    )
    role = boto3.client("iam").create_role(RoleName="app", AssumeRolePolicyDocument=trust)["Role"]["Arn"]
    key = user("dev", allow("sts:AssumeRole", role))
    for name in ("one", "two"):
        creds = client_for("sts", key).assume_role(RoleArn=role, RoleSessionName=name)["Credentials"]
        client_for("iam", creds).list_users()
    [denial] = audit.audit().denials
    assert (denial.principal, denial.action, denial.count) == (role, "iam:ListUsers", 2)


def test_the_report_is_a_value_that_round_trips_and_merges() -> None:
    one = AuditReport(
        (
            Denial(
                "arn:aws:iam::1:user/a", "s3:GetObject", "arn:aws:s3:::b/k", "identity", "why", 2, "r1", "t1"
            ),
        ),
        (PrincipalUse("arn:aws:iam::1:user/a", (("s3:GetObject", ("arn:aws:s3:::b/k",)),)),),
    )
    two = AuditReport(
        (
            Denial(
                "arn:aws:iam::1:user/a",
                "s3:GetObject",
                "arn:aws:s3:::b/k",
                "identity",
                "later",
                3,
                "r2",
                "t2",
            ),
            Denial(
                "arn:aws:iam::1:user/a", "s3:PutObject", "arn:aws:s3:::b/k", "identity", "why", 1, "r3", None
            ),
        ),
        (
            PrincipalUse(
                "arn:aws:iam::1:user/a",
                (("s3:GetObject", ("arn:aws:s3:::b/j",)), ("s3:PutObject", ("arn:aws:s3:::b/k",))),
            ),
        ),
    )
    assert AuditReport.from_json(one.to_json()) == one
    merged = one.merge(two.for_test("t9"))
    assert AuditReport.from_json(merged.to_json()) == merged
    assert [(d.action, d.count, d.test, d.explanation) for d in merged.denials] == [
        ("s3:GetObject", 5, "t1", "why"),  # counts add up; the first report's test and explanation stay
        ("s3:PutObject", 1, "t9", "why"),
    ]
    assert merged.policy_for("arn:aws:iam::1:user/a")["Statement"] == [
        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": ["arn:aws:s3:::b/j", "arn:aws:s3:::b/k"]},
        {"Effect": "Allow", "Action": ["s3:PutObject"], "Resource": ["arn:aws:s3:::b/k"]},
    ]
    with pytest.raises(KeyError):
        merged.policy_for("arn:aws:iam::1:user/nobody")
    with pytest.raises(ValueError, match="not an iammock audit report"):
        AuditReport.from_json("{}")
