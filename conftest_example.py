"""A conftest.py to copy into an application's test suite (rename it ``conftest.py``).

iammock's fixtures come from its pytest plugin as soon as the package is installed; nothing here is
required. This file shows how an application typically builds on them:

- ``iam_mock``: an active mock per test (``@pytest.mark.iammock(account_id=..., seed=...)`` sets options);
- ``iam_user`` / ``iam_role``: factories returning users with keys and roles you can assume;
- ``iam_clock``: frozen time for expiry tests;
- moto side by side for the services your application uses besides IAM and STS.

Example tests using it::

    def test_deployer_can_read_roles(deploy_role):
        iam = deploy_role.assume().client("iam")
        iam.list_roles()

    def test_session_expires(alice, iam_clock):
        sts = alice.client("sts")
        creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
        iam_clock.advance(900)          # the session is now expired: ExpiredToken

    def test_reports_go_to_s3(s3, alice):
        s3.create_bucket(Bucket="reports")   # answered by moto; IAM/STS by iammock
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import boto3
import pytest

from iammock import IAMMock

# moto hooks the botocore sessions created after it is imported: import it here, at the top of the
# conftest, before any test (or application module) creates a client. Optional: skip if absent.
try:
    import moto
except ImportError:  # pragma: no cover - the suite runs without moto too
    moto = None

MEMBER_ACCOUNT = "222233334444"

READ_ONLY_IAM = {
    "Version": "2012-10-17",
    "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}],
}


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    """An IAM client acting as the root of the mock's default account (123456789012)."""
    return boto3.client("iam")


@pytest.fixture
def alice(iam_user: Callable[..., Any]) -> Any:
    """An IAM user with read-only IAM rights and an access key: ``alice.client("iam")`` signs as her."""
    return iam_user("alice", policies=[READ_ONLY_IAM], tags={"team": "payments"})


@pytest.fixture
def deploy_role(iam_role: Callable[..., Any]) -> Any:
    """A role trusted by the account (any principal its policies allow may assume it).

    ``deploy_role.assume()`` goes through STS AssumeRole, so the trust policy is really evaluated;
    pass ``via=some_user.session`` to assume it as a particular principal.
    """
    return iam_role(
        "deploy",
        trust="account",
        policies=["arn:aws:iam::aws:policy/IAMReadOnlyAccess"],
        max_session_duration=7200,
    )


@pytest.fixture
def member_account(iam_mock: IAMMock) -> boto3.Session:
    """Cross-account set-ups: the root of a second account, created on first use.

    A typical test creates a role there trusting the default account and assumes it from a user of
    the default account (``iam_role(..., account_id=MEMBER_ACCOUNT, trust=iam_mock.account_id)``).
    """
    return iam_mock.session(MEMBER_ACCOUNT)


@pytest.fixture
def expiring_session(alice: Any, iam_clock: Any) -> Callable[[int], boto3.Session]:
    """Expiry: a GetSessionToken session of alice; move ``iam_clock`` past its end to see ExpiredToken."""

    def make(seconds: int = 900) -> boto3.Session:
        creds = alice.client("sts").get_session_token(DurationSeconds=seconds)["Credentials"]
        return boto3.Session(
            aws_access_key_id=creds["AccessKeyId"],
            aws_secret_access_key=creds["SecretAccessKey"],
            aws_session_token=creds["SessionToken"],
        )

    return make


@pytest.fixture
def s3(iam_mock: IAMMock) -> Iterator[Any]:
    """moto side by side: S3 answered by moto while IAM and STS stay with iammock."""
    if moto is None:
        pytest.skip("moto is not installed")
    with moto.mock_aws():
        yield boto3.client("s3", region_name="us-east-1")
