"""Every credential is authenticated, wherever botocore found it: the environment, a profile in the shared
credentials or config file, a ``credential_process``, an assume-role cache. Unknown, deleted, inactive
or expired keys get AWS's errors, as when they are passed explicitly (IAM API Reference, "Common
Errors": InvalidClientTokenId, "The X.509 certificate or AWS access key ID provided does not exist in
our records", HTTP 403; AWS STS API Reference, "Common Errors").

The one convenience, and what it covers exactly: credentials botocore's environment provider read from
AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY before an active mock replaced them (a module-level client in
application code), moto's fake keys while moto's mock_aws holds them, and a client created when the
chain found nothing, which signs with what the environment holds at the call.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import moto
import pytest
from botocore.utils import JSONFileCache
from tests.helpers import aws_error

from iammock import IAMMock, mock_iam
from iammock.clock_control import IAMClock

INVALID = "The security token included in the request is invalid."
EXPIRED = "The security token included in the request is expired"
GHOST = "AKIAGHOSTGHOSTGHOST1"
ROOT_ARN = "arn:aws:iam::123456789012:root"


def _user_key(name: str = "alice") -> dict[str, str]:
    """A user (allowed everything in IAM) and an access key of theirs, made as the account root."""
    iam = boto3.client("iam")
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="all",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": ["iam:*", "sts:*"], "Resource": "*"}],
            }
        ),
    )
    return dict(iam.create_access_key(UserName=name)["AccessKey"])


def _user_names(aws: IAMMock) -> list[str]:
    return sorted(user.name for user in aws.backend.accounts[aws.account_id].users.values())


def _set_environment_keys(key: str, secret: str, token: str | None = None) -> None:
    # Plain assignments, as application code does: the mock puts every one back when it stops.
    os.environ["AWS_ACCESS_KEY_ID"] = key
    os.environ["AWS_SECRET_ACCESS_KEY"] = secret
    if token is not None:
        os.environ["AWS_SESSION_TOKEN"] = token


def _point_at_files(tmp_path: Path, credentials: str = "", config: str = "") -> None:
    (tmp_path / "credentials").write_text(credentials)
    (tmp_path / "config").write_text(config)
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "credentials")
    os.environ["AWS_CONFIG_FILE"] = str(tmp_path / "config")


def _process(tmp_path: Path, output: dict[str, Any]) -> str:
    """A ``credential_process`` line: this Python printing ``output`` as JSON."""
    script = tmp_path / "print_credentials.py"
    script.write_text(f"import json\nprint(json.dumps({output!r}))\n")
    return f"{sys.executable} {script}"


# -- the repros: every one is AWS's error now ----------------------------------------------------


def test_unknown_keys_put_in_the_environment_are_refused() -> None:
    with mock_iam() as aws:
        _set_environment_keys(GHOST, "any-secret-at-all")
        iam = boto3.Session().client("iam")
        assert iam._request_signer._credentials.method == "env"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            iam.create_user(UserName="x")
        with aws_error("InvalidClientTokenId", 403, INVALID):
            boto3.client("sts").get_caller_identity()  # the default session resolves them as well
        assert _user_names(aws) == []  # a refused call changes nothing


def test_a_deleted_or_inactive_key_in_the_environment_is_refused() -> None:
    with mock_iam():
        alice = _user_key()
        _set_environment_keys(alice["AccessKeyId"], alice["SecretAccessKey"])
        sts = boto3.Session().client("sts")
        assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/alice"
        root = boto3.Session(  # the root, explicitly: the environment holds alice's key now
            aws_access_key_id=_root_key()[0], aws_secret_access_key=_root_key()[1]
        ).client("iam")
        root.update_access_key(UserName="alice", AccessKeyId=alice["AccessKeyId"], Status="Inactive")
        with aws_error("InvalidClientTokenId", 403, INVALID):
            sts.get_caller_identity()
        root.delete_access_key(UserName="alice", AccessKeyId=alice["AccessKeyId"])
        with aws_error("InvalidClientTokenId", 403, INVALID):
            boto3.Session().client("iam").create_user(UserName="x")


def _root_key() -> tuple[str, str]:
    from iammock import current

    mock = current()
    assert mock is not None
    root = mock.backend.accounts[mock.account_id].root_key
    return root.access_key_id, root.secret


def test_a_known_key_with_the_wrong_secret_in_the_environment() -> None:
    with mock_iam():
        alice = _user_key()
        _set_environment_keys(alice["AccessKeyId"], "wrong" * 8)
        with aws_error("SignatureDoesNotMatch", 403) as error:
            boto3.Session().client("sts").get_caller_identity()
        assert error["Message"].startswith("The request signature we calculated does not match")


def test_expired_session_credentials_in_the_environment(iam_clock: IAMClock) -> None:
    with mock_iam():
        alice = _user_key()
        session = boto3.client(
            "sts", aws_access_key_id=alice["AccessKeyId"], aws_secret_access_key=alice["SecretAccessKey"]
        ).get_session_token(DurationSeconds=900)["Credentials"]
        _set_environment_keys(session["AccessKeyId"], session["SecretAccessKey"], session["SessionToken"])
        sts = boto3.Session().client("sts")
        assert sts.get_caller_identity()["Arn"] == "arn:aws:iam::123456789012:user/alice"
        iam_clock.advance(901)
        with aws_error("ExpiredToken", 403, EXPIRED):
            sts.get_caller_identity()


def test_a_profiles_unknown_keys_in_the_shared_credentials_file(tmp_path: Path) -> None:
    with mock_iam() as aws:
        _point_at_files(
            tmp_path, credentials=f"[dev]\naws_access_key_id = {GHOST}\naws_secret_access_key = s\n"
        )
        iam = boto3.Session(profile_name="dev").client("iam")
        assert iam._request_signer._credentials.method == "shared-credentials-file"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            iam.create_user(UserName="x")
        # AWS_PROFILE names it when the environment holds no keys (they come first in the chain).
        del os.environ["AWS_ACCESS_KEY_ID"], os.environ["AWS_SECRET_ACCESS_KEY"]
        os.environ["AWS_PROFILE"] = "dev"
        sts = boto3.Session().client("sts")
        assert sts._request_signer._credentials.method == "shared-credentials-file"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            sts.get_caller_identity()
        assert _user_names(aws) == []


def test_a_profile_with_a_users_keys_acts_as_that_user(tmp_path: Path) -> None:
    with mock_iam():
        alice = _user_key()
        _point_at_files(
            tmp_path,
            credentials=(
                f"[alice]\naws_access_key_id = {alice['AccessKeyId']}\n"
                f"aws_secret_access_key = {alice['SecretAccessKey']}\n"
                f"[wrong]\naws_access_key_id = {alice['AccessKeyId']}\naws_secret_access_key = nope\n"
            ),
        )
        arn = boto3.Session(profile_name="alice").client("sts").get_caller_identity()["Arn"]
        assert arn == "arn:aws:iam::123456789012:user/alice"
        with aws_error("SignatureDoesNotMatch", 403):
            boto3.Session(profile_name="wrong").client("sts").get_caller_identity()


def test_unknown_keys_in_the_config_file(tmp_path: Path) -> None:
    with mock_iam():
        _point_at_files(
            tmp_path, config=f"[profile cfg]\naws_access_key_id = {GHOST}\naws_secret_access_key = s\n"
        )
        sts = boto3.Session(profile_name="cfg").client("sts")
        assert sts._request_signer._credentials.method == "config-file"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            sts.get_caller_identity()


def test_a_credential_process_printing_unknown_keys(tmp_path: Path) -> None:
    with mock_iam() as aws:
        process = _process(tmp_path, {"Version": 1, "AccessKeyId": GHOST, "SecretAccessKey": "s"})
        _point_at_files(tmp_path, config=f"[profile proc]\ncredential_process = {process}\n")
        iam = boto3.Session(profile_name="proc").client("iam")
        assert iam._request_signer._credentials.method == "custom-process"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            iam.create_user(UserName="x")
        assert _user_names(aws) == []


def test_a_credential_process_printing_a_users_keys(tmp_path: Path) -> None:
    with mock_iam():
        alice = _user_key()
        output = {
            "Version": 1,
            "AccessKeyId": alice["AccessKeyId"],
            "SecretAccessKey": alice["SecretAccessKey"],
        }
        _point_at_files(
            tmp_path, config=f"[profile proc]\ncredential_process = {_process(tmp_path, output)}\n"
        )
        arn = boto3.Session(profile_name="proc").client("sts").get_caller_identity()["Arn"]
        assert arn == "arn:aws:iam::123456789012:user/alice"


def _assume_role_profile(tmp_path: Path, cache: Path) -> Any:
    """A user ``base`` in a credentials file, a role ``app`` it may assume, and a session of the profile
    ``app`` (botocore's AssumeRoleProvider with ``source_profile``) caching its answers in ``cache``."""
    base = _user_key("base")
    boto3.client("iam").create_role(
        RoleName="app",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "123456789012"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )
    _point_at_files(
        tmp_path,
        credentials=(
            f"[base]\naws_access_key_id = {base['AccessKeyId']}\n"
            f"aws_secret_access_key = {base['SecretAccessKey']}\n"
        ),
        config="[profile app]\nrole_arn = arn:aws:iam::123456789012:role/app\nsource_profile = base\n",
    )
    session = botocore.session.Session(profile="app")
    session.get_component("credential_provider").get_provider("assume-role").cache = JSONFileCache(str(cache))
    return session


def test_cached_assumed_role_credentials_from_an_earlier_mock_are_refused(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    with mock_iam():
        session = _assume_role_profile(tmp_path, cache)
        arn = session.create_client("sts").get_caller_identity()["Arn"]
        assert arn.startswith("arn:aws:sts::123456789012:assumed-role/app/")
    assert list(cache.iterdir()), "botocore cached the assumed-role credentials"
    with mock_iam() as aws:
        # The same profile and role in a new mock: botocore finds its cache still valid and presents
        # credentials this mock never issued, which AWS would refuse too.
        session = _assume_role_profile(tmp_path, cache)
        sts = session.create_client("sts")
        assert sts._request_signer._credentials.method == "assume-role"
        with aws_error("InvalidClientTokenId", 403, INVALID):
            sts.get_caller_identity()
        with aws_error("InvalidClientTokenId", 403, INVALID):
            session.create_client("iam").create_user(UserName="x")
        assert _user_names(aws) == ["base"]


# -- the one convenience, exactly -------------------------------------------------------------------------


def test_a_client_made_from_the_environment_before_the_mock_is_the_root(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAPREMOCKPREMOCK01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "pre-mock-secret")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    # A default session of this test's own: it keeps the keys it read, as botocore's sessions do.
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    iam = boto3.Session().client("iam")  # module-level clients in application code
    sts = boto3.client("sts")
    assert iam._request_signer._credentials.method == "env"
    with mock_iam() as aws:
        iam.create_user(UserName="early")
        assert _user_names(aws) == ["early"]
        assert sts.get_caller_identity()["Arn"] == ROOT_ARN
        # Only what botocore's environment provider read: the same key and secret passed explicitly
        # are an unknown key, as on AWS.
        explicit = boto3.client(
            "sts", aws_access_key_id="AKIAPREMOCKPREMOCK01", aws_secret_access_key="pre-mock-secret"
        )
        with aws_error("InvalidClientTokenId", 403, INVALID):
            explicit.get_caller_identity()


def test_the_default_session_keeps_no_keys_of_a_stopped_mock(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    with mock_iam():
        boto3.client("sts").get_caller_identity()  # the default session is made and reads the root keys
    early = boto3.client("iam")  # between two mocks: the environment holds no keys
    assert early._request_signer._credentials is None
    with mock_iam() as aws:
        early.create_user(UserName="u")
        assert _user_names(aws) == ["u"]


def test_a_client_made_before_the_mock_from_a_profile_is_checked(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "dev-credentials").write_text(
        "[default]\naws_access_key_id = AKIADEVELOPERDEVELOP\naws_secret_access_key = s\n"
    )
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "dev-credentials"))
    iam = boto3.Session(region_name="us-east-1").client("iam")
    assert iam._request_signer._credentials.method == "shared-credentials-file"
    with mock_iam(), aws_error("InvalidClientTokenId", 403, INVALID):
        iam.list_users()


def test_a_client_made_when_the_chain_found_nothing_signs_with_the_environment_now() -> None:
    iam = boto3.Session(region_name="us-east-1").client("iam")  # no credentials anywhere
    assert iam._request_signer._credentials is None
    with mock_iam() as aws:
        iam.create_user(UserName="early")  # the mock's root keys, from the environment
        assert _user_names(aws) == ["early"]
        _set_environment_keys(GHOST, "s")
        with aws_error("InvalidClientTokenId", 403, INVALID):
            iam.create_user(UserName="late")
        assert _user_names(aws) == ["early"]


def test_nested_mocks_the_inner_default_root(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAPREMOCKPREMOCK01")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "pre-mock-secret")
    before = boto3.Session(region_name="us-east-1").client("sts")
    with mock_iam(account_id="111111111111"):
        in_outer = boto3.Session().client("sts")
        assert in_outer.get_caller_identity()["Account"] == "111111111111"
        with mock_iam(account_id="222222222222"):
            # Both read environment variables a mock replaced: the inner mock's default root.
            assert before.get_caller_identity()["Arn"] == "arn:aws:iam::222222222222:root"
            assert in_outer.get_caller_identity()["Arn"] == "arn:aws:iam::222222222222:root"
            in_inner = boto3.Session().client("sts")
        assert before.get_caller_identity()["Account"] == "111111111111"
        # The inner mock's root keys were never replaced by the outer one: unknown to it.
        with aws_error("InvalidClientTokenId", 403, INVALID):
            in_inner.get_caller_identity()


def test_moto_started_first_its_keys_are_the_replaced_environment() -> None:
    with moto.mock_aws():
        made_in_moto = boto3.Session(region_name="us-east-1").client("iam")
        assert made_in_moto._request_signer._credentials.access_key == "FOOBARKEY"
        with mock_iam() as aws:
            made_in_moto.create_user(UserName="u")
            assert _user_names(aws) == ["u"]


def test_moto_started_inside_its_keys_count_only_from_the_environment_while_it_runs() -> None:
    with mock_iam() as aws:
        with moto.mock_aws():
            made_in_moto = boto3.Session(region_name="us-east-1").client("iam")
            made_in_moto.create_user(UserName="u")
            explicit = boto3.client(
                "iam", aws_access_key_id="FOOBARKEY", aws_secret_access_key="FOOBARSECRET"
            )
            with aws_error("InvalidClientTokenId", 403, INVALID):
                explicit.create_user(UserName="v")
        # moto has stopped and the environment holds the mock's root keys again.
        with aws_error("InvalidClientTokenId", 403, INVALID):
            made_in_moto.create_user(UserName="w")
        assert _user_names(aws) == ["u"]


def test_other_services_side_by_side_with_moto_check_environment_keys_too() -> None:
    # Amazon S3 API Reference, "Error responses": InvalidAccessKeyId, 403, "The AWS access key ID you
    # provided does not exist in our records."
    with mock_iam(), moto.mock_aws():
        s3 = boto3.Session(region_name="us-east-1").client("s3")
        s3.create_bucket(Bucket="made-as-root")  # moto's keys, read from the environment
        _set_environment_keys(GHOST, "s")
        with aws_error("InvalidAccessKeyId", 403):
            boto3.Session(region_name="us-east-1").client("s3").list_buckets()
        assert [b["Name"] for b in s3.list_buckets()["Buckets"]] == ["made-as-root"]


@pytest.fixture
def aws_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    """moto's documented fixture: fake keys in the environment."""
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")


def test_fake_keys_set_before_the_mock_leave_its_root_keys(aws_credentials: None, iam_mock: IAMMock) -> None:
    assert boto3.Session().client("sts").get_caller_identity()["Arn"] == ROOT_ARN


def test_fake_keys_set_inside_the_mock_are_checked(iam_mock: IAMMock, aws_credentials: None) -> None:
    with aws_error("InvalidClientTokenId", 403, INVALID):
        boto3.Session().client("sts").get_caller_identity()
