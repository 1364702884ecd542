"""Every call authenticates with the client's own credentials, as AWS does."""

from __future__ import annotations

import datetime as dt
import os

import boto3
import freezegun
import pytest
import time_machine
from botocore.exceptions import NoCredentialsError
from tests.helpers import aws_error, client_for

from iammock import IAMMock

INVALID = "The security token included in the request is invalid."
EXPIRED = "The security token included in the request is expired"


@pytest.fixture
def alice_key(iam_mock: IAMMock) -> dict[str, str]:
    iam = boto3.client("iam")
    iam.create_user(UserName="alice")
    return dict(iam.create_access_key(UserName="alice")["AccessKey"])


def test_issue_example_alice_gets_a_key(iam_mock: IAMMock) -> None:
    iam = boto3.client("iam")  # root of account 123456789012
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    as_alice = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    assert as_alice.get_caller_identity()["Arn"].endswith(":user/alice")


def test_unknown_access_key(iam_mock: IAMMock) -> None:
    sts = boto3.client("sts", aws_access_key_id="AKIAIOSFODNN7EXAMPLE", aws_secret_access_key="x" * 40)
    with aws_error("InvalidClientTokenId", 403, INVALID):
        sts.get_caller_identity()


def test_wrong_secret(alice_key: dict[str, str]) -> None:
    sts = client_for("sts", {**alice_key, "SecretAccessKey": "wrong" * 8})
    with aws_error("SignatureDoesNotMatch", 403) as error:
        sts.get_caller_identity()
    assert error["Message"].startswith("The request signature we calculated does not match")


def test_user_key_identity(alice_key: dict[str, str]) -> None:
    ident = client_for("sts", alice_key).get_caller_identity()
    assert ident["UserId"].startswith("AIDA") and len(ident["UserId"]) == 21
    assert ident["Arn"] == "arn:aws:iam::123456789012:user/alice"
    assert ident["Account"] == "123456789012"


def test_root_identity(iam_mock: IAMMock) -> None:
    ident = boto3.client("sts").get_caller_identity()
    assert ident == {**ident, "UserId": "123456789012", "Arn": "arn:aws:iam::123456789012:root"}


def test_inactive_key_is_invalid(alice_key: dict[str, str]) -> None:
    boto3.client("iam").update_access_key(
        UserName="alice", AccessKeyId=alice_key["AccessKeyId"], Status="Inactive"
    )
    with aws_error("InvalidClientTokenId", 403, INVALID):
        client_for("sts", alice_key).get_caller_identity()
    boto3.client("iam").update_access_key(
        UserName="alice", AccessKeyId=alice_key["AccessKeyId"], Status="Active"
    )
    client_for("sts", alice_key).get_caller_identity()


def test_deleted_key_is_invalid(alice_key: dict[str, str]) -> None:
    boto3.client("iam").delete_access_key(UserName="alice", AccessKeyId=alice_key["AccessKeyId"])
    with aws_error("InvalidClientTokenId", 403, INVALID):
        client_for("sts", alice_key).get_caller_identity()


def _session_credentials(key: dict[str, str], **kwargs: int) -> dict[str, str]:
    return dict(client_for("sts", key).get_session_token(**kwargs)["Credentials"])


def test_temporary_key_without_token_is_invalid(alice_key: dict[str, str]) -> None:
    creds = _session_credentials(alice_key)
    assert creds["AccessKeyId"].startswith("ASIA") and len(creds["AccessKeyId"]) == 20
    assert len(creds["SecretAccessKey"]) == 40
    with aws_error("InvalidClientTokenId", 403, INVALID):
        client_for("sts", {**creds, "SessionToken": None}).get_caller_identity()
    with aws_error("InvalidClientTokenId", 403, INVALID):
        client_for("sts", {**creds, "SessionToken": "not-the-token"}).get_caller_identity()
    assert client_for("sts", creds).get_caller_identity()["Arn"].endswith(":user/alice")


def test_long_term_key_with_a_session_token_is_invalid(alice_key: dict[str, str]) -> None:
    with aws_error("InvalidClientTokenId", 403, INVALID):
        client_for("sts", {**alice_key, "SessionToken": "bogus"}).get_caller_identity()


def test_temporary_credentials_expire_under_freezegun(alice_key: dict[str, str]) -> None:
    with freezegun.freeze_time("2030-01-01T00:00:00Z") as frozen:
        creds = _session_credentials(alice_key, DurationSeconds=900)
        assert creds["Expiration"] == dt.datetime(2030, 1, 1, 0, 15, tzinfo=dt.UTC)
        sts = client_for("sts", creds)
        frozen.tick(dt.timedelta(seconds=899))
        sts.get_caller_identity()
        frozen.tick(dt.timedelta(seconds=1))
        with aws_error("ExpiredToken", 403, EXPIRED):
            sts.get_caller_identity()


def test_temporary_credentials_expire_under_time_machine(alice_key: dict[str, str]) -> None:
    with time_machine.travel(dt.datetime(2031, 6, 1, tzinfo=dt.UTC), tick=False) as traveller:
        creds = _session_credentials(alice_key, DurationSeconds=3600)
        sts = client_for("sts", creds)
        sts.get_caller_identity()
        traveller.shift(dt.timedelta(hours=1, seconds=1))
        with aws_error("ExpiredToken", 403, EXPIRED):
            sts.get_caller_identity()


def test_refreshable_credentials_refresh_as_usual(iam_mock: IAMMock) -> None:
    from botocore.credentials import RefreshableCredentials
    from botocore.session import Session

    root = iam_mock.backend.accounts[iam_mock.account_id].root_key
    refreshes = []

    def fetch() -> dict[str, str]:
        refreshes.append(1)
        return {
            "access_key": root.access_key_id,
            "secret_key": root.secret,
            "token": "",
            "expiry_time": (dt.datetime.now(dt.UTC) + dt.timedelta(hours=1)).isoformat(),
        }

    session = Session()
    session._credentials = RefreshableCredentials.create_from_metadata(fetch(), fetch, "custom-refresher")
    assert (
        session.create_client("sts", region_name="us-east-1").get_caller_identity()["Account"]
        == "123456789012"
    )
    assert refreshes


def test_refreshable_credentials_present_what_each_refresh_fetched(alice_key: dict[str, str]) -> None:
    from botocore.credentials import RefreshableCredentials
    from botocore.session import Session

    keys = [
        (alice_key["AccessKeyId"], alice_key["SecretAccessKey"]),
        (os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]),
    ]
    fetched = []

    def fetch() -> dict[str, str]:
        key, secret = keys[len(fetched) % 2]
        fetched.append(key)
        # Inside botocore's mandatory refresh window: every signature refreshes first.
        expiry = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=5)
        return {"access_key": key, "secret_key": secret, "token": "", "expiry_time": expiry.isoformat()}

    session = Session()
    session._credentials = RefreshableCredentials.create_from_metadata(fetch(), fetch, "custom-refresher")
    sts = session.create_client("sts", region_name="us-east-1")
    arns = [sts.get_caller_identity()["Arn"] for _ in range(3)]
    assert len(fetched) >= 4
    assert arns == [
        "arn:aws:iam::123456789012:root",
        "arn:aws:iam::123456789012:user/alice",
        "arn:aws:iam::123456789012:root",
    ]


def test_plain_credentials_present_what_they_hold_now(alice_key: dict[str, str]) -> None:
    sts = boto3.client("sts")
    assert sts.get_caller_identity()["Arn"].endswith(":root")
    assert sts.get_caller_identity()["Arn"].endswith(":root")
    credentials = sts._request_signer._credentials
    credentials.access_key = alice_key["AccessKeyId"]
    with aws_error("SignatureDoesNotMatch", 403):
        sts.get_caller_identity()
    credentials.secret_key = alice_key["SecretAccessKey"]
    assert sts.get_caller_identity()["Arn"].endswith(":user/alice")
    credentials.token = "not-a-session"
    with aws_error("InvalidClientTokenId", 403, INVALID):
        sts.get_caller_identity()
    credentials.token = None
    credentials.access_key = None
    with pytest.raises(NoCredentialsError):
        sts.get_caller_identity()


def test_root_get_session_token_is_capped_at_one_hour(iam_mock: IAMMock) -> None:
    with freezegun.freeze_time("2030-01-01T00:00:00Z"):
        creds = boto3.client("sts").get_session_token(DurationSeconds=7200)["Credentials"]
        assert creds["Expiration"] == dt.datetime(2030, 1, 1, 1, 0, tzinfo=dt.UTC)


def test_session_credentials_cannot_get_a_session_token(alice_key: dict[str, str]) -> None:
    creds = _session_credentials(alice_key)
    with aws_error("AccessDenied", 403, "Cannot call GetSessionToken with session credentials"):
        client_for("sts", creds).get_session_token()
