"""Every client in the process is answered by the mock; nothing reaches the network."""

from __future__ import annotations

import boto3
import botocore.session
import pytest

import iammock
from iammock import mock_iam


def test_client_created_before_the_mock_started_is_intercepted() -> None:
    iam = boto3.client("iam", region_name="us-east-1")  # a module-level client in application code
    with mock_iam():
        iam.create_user(UserName="early")
        assert [u["UserName"] for u in iam.list_users()["Users"]] == ["early"]


def test_botocore_session_and_new_boto3_sessions_are_intercepted() -> None:
    with mock_iam():
        core = botocore.session.get_session().create_client("sts", region_name="eu-west-1")
        assert core.get_caller_identity()["Account"] == "123456789012"
        assert boto3.Session().client("sts").get_caller_identity()["Account"] == "123456789012"


def test_session_created_before_import_is_adopted() -> None:
    # Simulate a session whose emitter lacks the built-in handlers (created before iammock's import).
    session = botocore.session.Session()
    for event, handler, _ in iammock.hook.install._REGISTRATIONS:  # type: ignore[attr-defined]
        session._events.unregister(event, handler)
    client = session.create_client(
        "iam", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="y"
    )
    iammock.hook.install._adopted = False  # type: ignore[attr-defined]
    with mock_iam():
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.list_users()
        # Answered by the mock (unknown explicit key), not sent to AWS.
        assert caught.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_other_services_are_refused_with_advice() -> None:
    with mock_iam():
        s3 = boto3.client("s3")
        with pytest.raises(iammock.UnmockedServiceError) as caught:
            s3.list_buckets()
    message = str(caught.value)
    assert "s3" in message and "moto" in message


def test_no_mock_no_interception() -> None:
    # Outside a mock the hook does nothing: botocore goes on to sign and send (here refused by the
    # test's network guard, which proves the request was really on its way out).
    client = boto3.client(
        "sts", region_name="us-east-1", aws_access_key_id="AKIAX", aws_secret_access_key="s"
    )
    with pytest.raises(botocore.exceptions.HTTPClientError, match="network access attempted"):
        client.get_caller_identity()


def test_client_without_credentials_gets_botocores_own_error(monkeypatch: pytest.MonkeyPatch) -> None:
    with mock_iam():
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        client = botocore.session.Session().create_client("iam", region_name="us-east-1")
        with pytest.raises(botocore.exceptions.NoCredentialsError):
            client.list_users()


def test_unsigned_client_gets_missing_authentication_token() -> None:
    from botocore import UNSIGNED
    from botocore.config import Config

    with mock_iam():
        client = boto3.client("iam", config=Config(signature_version=UNSIGNED))
        with pytest.raises(client.exceptions.ClientError) as caught:
            client.list_users()
        assert caught.value.response["Error"]["Code"] == "MissingAuthenticationToken"
        assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403


def test_wire_check_catches_a_fast_path_that_differs_from_the_wire(monkeypatch: pytest.MonkeyPatch) -> None:
    from iammock.hook import dispatch, shapes

    real = shapes.conform

    def drops_a_member(model: object, data: dict[str, object]) -> dict[str, object]:
        out = real(model, data)
        out.pop("Account", None)
        return out

    monkeypatch.setattr(dispatch, "conform", drops_a_member)
    with mock_iam(), pytest.raises(AssertionError, match="differs from the wire"):
        boto3.client("sts").get_caller_identity()


def test_adoption_skips_dead_weak_proxies() -> None:
    import gc
    import weakref

    class Thing:
        pass

    thing = Thing()
    proxy = weakref.proxy(thing)
    del thing
    gc.collect()
    holder = [proxy]  # keeps the dead proxy among the objects the collector tracks
    iammock.hook.install._adopted = False  # type: ignore[attr-defined]
    with mock_iam():
        assert boto3.client("sts").get_caller_identity()["Account"] == "123456789012"
    assert holder
