"""Every way AWS hands credentials to code, through botocore's own providers, in process.

Each provider: the default chain of a new ``boto3.Session()`` (or ``botocore.session.get_session()``)
finds the credentials; after they expire on the mock's clock, the next call works with new ones and
the old ones get ExpiredToken; and no socket is opened (``no_sockets`` records any attempt, on top
of the suite's guard).
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest
from botocore.awsrequest import AWSRequest
from botocore.exceptions import ClientError, ConnectTimeoutError, CredentialRetrievalError
from botocore.httpsession import URLLib3Session

from iammock import IAMMock, mock_iam
from iammock.clock_control import IAMClock
from iammock.hook import metadata
from iammock.testing import totp

ACCOUNT = "123456789012"
HOUR = 3600


def trust(principal: dict[str, str], *actions: str) -> dict[str, Any]:
    statement = {"Effect": "Allow", "Principal": principal, "Action": list(actions) or "sts:AssumeRole"}
    return {"Version": "2012-10-17", "Statement": [statement]}


@pytest.fixture(autouse=True)
def no_sockets(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Any]]:
    """Records (and refuses) every attempt to open a connection or resolve a name; none may happen."""
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError(f"network access attempted: {args!r}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    yield attempts
    assert attempts == []


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def caller(session: Any) -> str:
    arn: str = session.client("sts").get_caller_identity()["Arn"]
    return arn


def frozen(session: Any) -> Any:
    return session.get_credentials().get_frozen_credentials()


def assert_expired(keys: Any) -> None:
    old = boto3.client(
        "sts",
        aws_access_key_id=keys.access_key,
        aws_secret_access_key=keys.secret_key,
        aws_session_token=keys.token,
    )
    with pytest.raises(ClientError) as refused:
        old.get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "ExpiredToken"


def make_role(iam: Any, name: str, document: dict[str, Any]) -> str:
    arn: str = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(document))["Role"]["Arn"]
    iam.put_role_policy(
        RoleName=name,
        PolicyName="read",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}],
            }
        ),
    )
    return arn


def send(method: str, url: str, **headers: str) -> Any:
    """One HTTP request through botocore's own HTTP session, as its metadata fetchers send them."""
    return URLLib3Session(timeout=1).send(AWSRequest(method=method, url=url, headers=headers).prepare())


# -- EC2 instance metadata -------------------------------------------------------------------------


@pytest.fixture
def web_profile(iam: Any) -> str:
    make_role(iam, "web", trust({"Service": "ec2.amazonaws.com"}))
    iam.create_instance_profile(InstanceProfileName="web-profile")
    iam.add_role_to_instance_profile(InstanceProfileName="web-profile", RoleName="web")
    return "web-profile"


def test_every_default_chain_session_gets_the_instance_role(iam_mock: IAMMock, web_profile: str) -> None:
    root_key = os.environ["AWS_ACCESS_KEY_ID"]
    with iam_mock.instance_profile(web_profile) as instance:
        expected = f"arn:aws:sts::{ACCOUNT}:assumed-role/web/{instance.instance_id}"
        assert "AWS_ACCESS_KEY_ID" not in os.environ and "AWS_EC2_METADATA_DISABLED" not in os.environ
        new = boto3.Session()
        assert caller(new) == expected
        assert new.get_credentials().method == "iam-role"  # botocore's own InstanceMetadataProvider
        plain = botocore.session.get_session()
        assert plain.get_credentials().method == "iam-role"
        assert plain.create_client("sts").get_caller_identity()["Arn"] == expected
        assert boto3.client("sts").get_caller_identity()["Arn"] == expected
        assert caller(instance.session()) == expected
        # One instance, one current session: every client gets the same keys, as IMDS hands them out.
        assert frozen(new).access_key == frozen(instance.session()).access_key
        new.client("iam").get_role(RoleName="web")  # the role's own policy applies
        with pytest.raises(ClientError) as denied:
            new.client("iam").create_user(UserName="x")
        assert denied.value.response["Error"]["Code"] == "AccessDenied"
    assert os.environ["AWS_ACCESS_KEY_ID"] == root_key
    assert os.environ["AWS_EC2_METADATA_DISABLED"] == "true"
    assert caller(boto3.Session()) == f"arn:aws:iam::{ACCOUNT}:root"


def test_instance_credentials_refresh_after_expiry(
    iam_mock: IAMMock, iam_clock: IAMClock, web_profile: str
) -> None:
    with iam_mock.instance_profile(web_profile, http_tokens="required") as instance:
        session = boto3.Session()
        sts = session.client("sts")
        sts.get_caller_identity()
        first = frozen(session)
        iam_clock.advance(20 * 60)  # well before expiry: botocore keeps them, IMDS still hands them out
        sts.get_caller_identity()
        assert frozen(session).access_key == first.access_key
        assert frozen(boto3.Session()).access_key == first.access_key
        iam_clock.advance(HOUR)  # past their expiry: botocore asks IMDS again
        assert sts.get_caller_identity()["Arn"].endswith(f"/web/{instance.instance_id}")
        assert frozen(session).access_key != first.access_key
        assert_expired(first)


def test_threads_share_the_instance_credentials(iam_mock: IAMMock, web_profile: str) -> None:
    with iam_mock.instance_profile(web_profile, http_tokens="required") as instance:

        def on_the_instance(_: int) -> tuple[str, str]:
            session = boto3.Session()
            return caller(session), frozen(session).access_key

        with ThreadPoolExecutor(max_workers=8) as pool:
            seen = set(pool.map(on_the_instance, range(16)))
    assert len(seen) == 1
    assert next(iter(seen))[0].endswith(f"/web/{instance.instance_id}")


def test_imds_speaks_imdsv2(iam_mock: IAMMock, web_profile: str) -> None:
    base = "http://169.254.169.254/latest"
    with iam_mock.instance_profile(web_profile, http_tokens="required") as instance:
        assert send("GET", f"{base}/meta-data/iam/security-credentials/").status_code == 401  # IMDSv1
        assert send("PUT", f"{base}/api/token").status_code == 400  # no TTL header
        assert (
            send("PUT", f"{base}/api/token", **{"x-aws-ec2-metadata-token-ttl-seconds": "21601"}).status_code
            == 400
        )
        token = send("PUT", f"{base}/api/token", **{"x-aws-ec2-metadata-token-ttl-seconds": "60"}).text
        auth = {"x-aws-ec2-metadata-token": token}
        assert send("GET", f"{base}/meta-data/iam/security-credentials/", **auth).text == "web"
        assert send("GET", f"{base}/meta-data/instance-id", **auth).text == instance.instance_id
        assert send("GET", f"{base}/meta-data/iam/security-credentials/other", **auth).status_code == 404
        document = json.loads(send("GET", f"{base}/meta-data/iam/security-credentials/web", **auth).text)
        assert set(document) == {
            "Code",
            "LastUpdated",
            "Type",
            "AccessKeyId",
            "SecretAccessKey",
            "Token",
            "Expiration",
        }
        assert (document["Code"], document["Type"]) == ("Success", "AWS-HMAC")
        assert document["AccessKeyId"].startswith("ASIA")
        wrong = {"x-aws-ec2-metadata-token": token + "x"}
        assert send("GET", f"{base}/meta-data/iam/security-credentials/", **wrong).status_code == 401
        # IPv6 endpoint mode reaches the same service.
        assert (
            send("GET", "http://[fd00:ec2::254]/latest/meta-data/instance-id", **auth).text
            == instance.instance_id
        )


def test_imds_over_ipv6(iam_mock: IAMMock, web_profile: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://192.0.2.1/")  # not the instance's
    with iam_mock.instance_profile(web_profile) as instance:
        assert "AWS_EC2_METADATA_SERVICE_ENDPOINT" not in os.environ
        os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"] = "IPv6"
        try:
            assert caller(boto3.Session()).endswith(f"/web/{instance.instance_id}")
        finally:
            del os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE"]
    assert os.environ["AWS_EC2_METADATA_SERVICE_ENDPOINT"] == "http://192.0.2.1/"


def test_imds_follows_the_profile_and_the_trust_policy(
    iam_mock: IAMMock, iam_clock: IAMClock, iam: Any, web_profile: str
) -> None:
    with iam_mock.instance_profile(web_profile):
        # EC2 may no longer assume the role: at the next rotation IMDS says so in a 200 JSON body,
        # and botocore finds nothing there.
        iam.update_assume_role_policy(
            RoleName="web", PolicyDocument=json.dumps(trust({"Service": "lambda.amazonaws.com"}))
        )
        iam_clock.advance(HOUR)
        document = json.loads(
            send("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/web").text
        )
        assert document["Code"] == "AssumeRoleUnauthorizedAccess"
        assert "EC2 cannot assume the role web." in document["Message"]
        assert boto3.Session().get_credentials() is None
        iam.remove_role_from_instance_profile(InstanceProfileName=web_profile, RoleName="web")
        assert (
            send("GET", "http://169.254.169.254/latest/meta-data/iam/security-credentials/").status_code
            == 404
        )


def test_instance_profile_needs_ec2_in_the_trust_policy(iam_mock: IAMMock, iam: Any) -> None:
    make_role(iam, "fn", trust({"Service": "lambda.amazonaws.com"}))
    iam.create_instance_profile(InstanceProfileName="p")
    iam.add_role_to_instance_profile(InstanceProfileName="p", RoleName="fn")
    with pytest.raises(Exception) as refused, iam_mock.instance_profile("p"):
        pass
    assert getattr(refused.value, "code", None) == "AccessDenied"


def test_metadata_hosts_without_an_agent_are_unreachable_not_sent(
    iam_mock: IAMMock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    monkeypatch.delenv("AWS_EC2_METADATA_DISABLED")
    assert boto3.Session().get_credentials() is None  # botocore's IMDS provider found nothing
    for url in ("http://169.254.169.254/latest/api/token", "http://169.254.170.2/v2/credentials/x"):
        with pytest.raises(ConnectTimeoutError):
            send("GET", url)
    # The repro: a container variable inside a mock made botocore connect to 169.254.170.2.
    monkeypatch.setattr("botocore.utils.ContainerMetadataFetcher.SLEEP_TIME", 0)
    monkeypatch.setenv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/nothing-here")
    with pytest.raises(CredentialRetrievalError) as failed:
        boto3.Session().get_credentials()
    assert "container-role" in str(failed.value)


def test_nested_mocks_answer_only_their_own_metadata(iam_mock: IAMMock, web_profile: str) -> None:
    url = "http://169.254.169.254/latest/meta-data/instance-id"
    installs = metadata._installs
    with iam_mock.instance_profile(web_profile) as instance:
        with mock_iam():
            assert metadata._installs == installs + 1
            with pytest.raises(ConnectTimeoutError):
                send("GET", url)  # the outer mock's instance is not this mock's
        assert metadata._installs == installs
        assert URLLib3Session.send is metadata._send
        assert send("GET", url).text == instance.instance_id
    iam_mock.stop()
    assert metadata._installs == installs - 1
    # The last mock to stop puts botocore's own send back.
    assert (URLLib3Session.send is metadata._ORIGINAL[metadata._send]) == (metadata._installs == 0)


# -- containers: ECS task roles and EKS Pod Identity -----------------------------------------------


def test_ecs_task_role_through_the_relative_uri(iam_mock: IAMMock, iam_clock: IAMClock, iam: Any) -> None:
    make_role(iam, "task", trust({"Service": "ecs-tasks.amazonaws.com"}))
    with iam_mock.container_credentials("task") as container:
        relative = os.environ["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]
        assert container.url == "http://169.254.170.2" + relative
        assert "AWS_ACCESS_KEY_ID" not in os.environ
        session = boto3.Session()
        assert session.get_credentials().method == "container-role"  # botocore's ContainerProvider
        sts = session.client("sts")
        assert ":assumed-role/task/" in sts.get_caller_identity()["Arn"]
        first = frozen(session)
        iam_clock.advance(HOUR + 1)
        assert ":assumed-role/task/" in sts.get_caller_identity()["Arn"]
        assert frozen(session).access_key != first.access_key
        assert_expired(first)
        # The ECS agent's answer to an unknown credentials ID (aws/amazon-ecs-agent).
        unknown = send("GET", "http://169.254.170.2/v2/credentials/other")
        assert unknown.status_code == 400
        assert json.loads(unknown.text)["code"] == "InvalidIdInRequest"
    assert "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI" not in os.environ
    assert caller(boto3.Session()) == f"arn:aws:iam::{ACCOUNT}:root"


@pytest.mark.parametrize("token_file", [False, True])
def test_pod_identity_through_the_full_uri_and_a_token(
    iam_mock: IAMMock, iam_clock: IAMClock, iam: Any, token_file: bool
) -> None:
    make_role(iam, "pod", trust({"Service": "pods.eks.amazonaws.com"}, "sts:AssumeRole", "sts:TagSession"))
    uri = "http://169.254.170.23/v1/credentials"
    with iam_mock.container_credentials("pod", full_uri=uri, token_file=token_file) as container:
        assert os.environ["AWS_CONTAINER_CREDENTIALS_FULL_URI"] == uri
        if token_file:
            assert container.token_file is not None
            assert (
                Path(os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"]).read_text()
                == container.authorization_token
            )
            assert "AWS_CONTAINER_AUTHORIZATION_TOKEN" not in os.environ
        else:
            assert os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] == container.authorization_token
        session = boto3.Session()
        assert session.get_credentials().method == "container-role"
        sts = session.client("sts")
        assert ":assumed-role/pod/" in sts.get_caller_identity()["Arn"]
        first = frozen(session)
        iam_clock.advance(HOUR + 1)
        sts.get_caller_identity()
        assert frozen(session).access_key != first.access_key
        assert_expired(first)
    if container.token_file is not None:
        assert not Path(container.token_file).exists()


def test_pod_identity_refuses_a_missing_or_wrong_token(
    iam_mock: IAMMock, iam: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    make_role(iam, "pod", trust({"Service": "pods.eks.amazonaws.com"}, "sts:AssumeRole", "sts:TagSession"))
    monkeypatch.setattr("botocore.utils.ContainerMetadataFetcher.SLEEP_TIME", 0)  # botocore retries 3 times
    with iam_mock.container_credentials("pod", full_uri="http://169.254.170.23/v1/credentials"):
        os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = "not-the-token"
        with pytest.raises(CredentialRetrievalError) as wrong:
            boto3.Session().get_credentials()
        assert "Received non 200 response 400" in str(wrong.value)
        assert "InvalidTokenException" in str(wrong.value)
        del os.environ["AWS_CONTAINER_AUTHORIZATION_TOKEN"]
        with pytest.raises(CredentialRetrievalError) as missing:
            boto3.Session().get_credentials()
        assert "Service account token cannot be empty" in str(missing.value)


def test_pod_identity_needs_tag_session_in_the_trust_policy(iam_mock: IAMMock, iam: Any) -> None:
    make_role(iam, "pod", trust({"Service": "pods.eks.amazonaws.com"}))
    with (
        pytest.raises(Exception) as refused,
        iam_mock.container_credentials("pod", full_uri="http://169.254.170.23/v1/credentials"),
    ):
        pass
    assert getattr(refused.value, "code", None) == "AccessDenied"
    assert "sts:TagSession" in str(refused.value)


def test_loopback_full_uri(iam_mock: IAMMock, iam: Any) -> None:
    make_role(iam, "task", trust({"Service": "ecs-tasks.amazonaws.com"}))
    uri = "http://127.0.0.1:51679/credentials"
    with iam_mock.container_credentials("task", full_uri=uri, service="ecs-tasks.amazonaws.com"):
        assert ":assumed-role/task/" in caller(boto3.Session())


# -- profiles: assume role (with MFA), credential_process, web identity ----------------------------


def write_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, config: str, credentials: str = "") -> None:
    """Config files in tmp_path, pointed at inside the mock (which points them at empty files)."""
    (tmp_path / "config").write_text(config)
    (tmp_path / "credentials").write_text(credentials)
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "credentials"))


def keys_of(profile: str, key: dict[str, str]) -> str:
    """A shared credentials file section with an access key."""
    return (
        f"[{profile}]\naws_access_key_id = {key['AccessKeyId']}\n"
        f"aws_secret_access_key = {key['SecretAccessKey']}\n"
    )


def user_with_key(iam: Any, name: str) -> dict[str, str]:
    iam.create_user(UserName=name)
    iam.put_user_policy(
        UserName=name,
        PolicyName="assume",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
            }
        ),
    )
    key: dict[str, str] = iam.create_access_key(UserName=name)["AccessKey"]
    return key


def test_assume_role_profile_refreshes(
    iam_mock: IAMMock, iam_clock: IAMClock, iam: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = user_with_key(iam, "dev")
    role_arn = make_role(iam, "deploy", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"}))
    write_config(
        tmp_path,
        monkeypatch,
        f"[profile deploy]\nrole_arn = {role_arn}\nsource_profile = dev\nrole_session_name = ci\n",
        keys_of("dev", key),
    )
    session = boto3.Session(profile_name="deploy")
    sts = session.client("sts")
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/ci"
    first = frozen(session)
    iam_clock.advance(HOUR + 1)
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/deploy/ci"
    assert frozen(session).access_key != first.access_key
    assert_expired(first)


def test_assume_role_profile_with_mfa(
    iam_mock: IAMMock, iam_clock: IAMClock, iam: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = user_with_key(iam, "dev")
    device = iam.create_virtual_mfa_device(VirtualMFADeviceName="dev")["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    now = iam_clock.now()
    iam.enable_mfa_device(
        UserName="dev",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=totp.totp(seed, now),
        AuthenticationCode2=totp.totp(seed, now + timedelta(seconds=totp.STEP)),
    )
    iam_clock.advance(2 * totp.STEP)
    document = trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"})
    document["Statement"][0]["Condition"] = {"Bool": {"aws:MultiFactorAuthPresent": "true"}}
    role_arn = make_role(iam, "admin", document)
    write_config(
        tmp_path,
        monkeypatch,
        f"[profile admin]\nrole_arn = {role_arn}\nsource_profile = dev\n"
        f"mfa_serial = {device['SerialNumber']}\n",
        keys_of("dev", key),
    )
    prompts: list[str] = []

    def authenticator(prompt: str) -> str:
        prompts.append(prompt)
        return totp.totp(seed, iam_clock.now())

    def session_with_prompter() -> boto3.Session:
        session = boto3.Session(profile_name="admin")
        provider = session._session.get_component("credential_provider").get_provider("assume-role")
        provider._prompter = authenticator  # botocore's own provider, asking our virtual MFA app
        return session

    session = session_with_prompter()
    sts = session.client("sts")
    assert ":assumed-role/admin/" in sts.get_caller_identity()["Arn"]
    assert prompts == [f"Enter MFA code for {device['SerialNumber']}: "]
    first = frozen(session)
    iam_clock.advance(HOUR + 1)
    # botocore does not refresh MFA-backed credentials: its own error reaches the caller.
    from botocore.exceptions import RefreshWithMFAUnsupportedError

    with pytest.raises(RefreshWithMFAUnsupportedError):
        sts.get_caller_identity()
    assert_expired(first)
    fresh = session_with_prompter()
    assert ":assumed-role/admin/" in caller(fresh)
    assert len(prompts) == 2


def test_credential_process_refreshes(
    iam_mock: IAMMock, iam_clock: IAMClock, iam: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = user_with_key(iam, "dev")
    role_arn = make_role(iam, "app", trust({"AWS": f"arn:aws:iam::{ACCOUNT}:user/dev"}))
    dev_sts = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    vault = tmp_path / "vault.json"

    def stock_the_vault() -> None:
        """What a credential helper would fetch from its own store."""
        creds = dev_sts.assume_role(RoleArn=role_arn, RoleSessionName="helper")["Credentials"]
        vault.write_text(
            json.dumps(
                {
                    "Version": 1,
                    "AccessKeyId": creds["AccessKeyId"],
                    "SecretAccessKey": creds["SecretAccessKey"],
                    "SessionToken": creds["SessionToken"],
                    "Expiration": creds["Expiration"].isoformat(),
                }
            )
        )

    helper = tmp_path / "helper.py"
    helper.write_text("import sys\nprint(open(sys.argv[1]).read())\n")
    write_config(
        tmp_path, monkeypatch, f"[profile app]\ncredential_process = {sys.executable} {helper} {vault}\n"
    )
    stock_the_vault()
    session = boto3.Session(profile_name="app")
    assert session.get_credentials().method == "custom-process"
    sts = session.client("sts")
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/helper"
    first = frozen(session)
    iam_clock.advance(HOUR + 1)
    stock_the_vault()
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/app/helper"
    assert frozen(session).access_key != first.access_key
    assert_expired(first)


@pytest.mark.parametrize("where", ["profile", "environment"])
def test_web_identity_token_file_refreshes(
    iam_mock: IAMMock,
    iam_clock: IAMClock,
    iam: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    where: str,
) -> None:
    issuer = iam_mock.oidc_issuer("https://oidc.eks.us-east-1.amazonaws.com/id/EXAMPLE")
    provider = iam.create_open_id_connect_provider(
        Url=issuer.url, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[issuer.thumbprint]
    )["OpenIDConnectProviderArn"]
    document = trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity")
    role_arn = make_role(iam, "irsa", document)
    token_file = tmp_path / "token"

    def project_token() -> None:
        """What Kubernetes does: a fresh service account token in the file before the old expires."""
        token_file.write_text(issuer.token(sub="system:serviceaccount:default:app", expires_in=HOUR))

    project_token()
    if where == "profile":
        write_config(
            tmp_path,
            monkeypatch,
            f"[profile irsa]\nrole_arn = {role_arn}\nweb_identity_token_file = {token_file}\n"
            "role_session_name = app\n",
        )
        session = boto3.Session(profile_name="irsa")
    else:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
        monkeypatch.setenv("AWS_ROLE_ARN", role_arn)
        monkeypatch.setenv("AWS_WEB_IDENTITY_TOKEN_FILE", str(token_file))
        monkeypatch.setenv("AWS_ROLE_SESSION_NAME", "app")
        session = boto3.Session()
    assert session.get_credentials().method == "assume-role-with-web-identity"
    sts = session.client("sts")
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/irsa/app"
    first = frozen(session)
    iam_clock.advance(HOUR + 1)
    project_token()
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/irsa/app"
    assert frozen(session).access_key != first.access_key
    assert_expired(first)


# -- Lambda: the function's credentials in its environment -----------------------------------------


def test_lambda_environment_credentials(iam_mock: IAMMock, iam_clock: IAMClock, iam: Any) -> None:
    make_role(iam, "fn-role", trust({"Service": "lambda.amazonaws.com"}))
    root_key = os.environ["AWS_ACCESS_KEY_ID"]
    with iam_mock.service_environment("lambda.amazonaws.com", "fn-role", session_name="my-fn") as env:
        assert os.environ["AWS_ACCESS_KEY_ID"] == env.credentials.access_key_id
        assert os.environ["AWS_SESSION_TOKEN"] == env.credentials.token
        expected = f"arn:aws:sts::{ACCOUNT}:assumed-role/fn-role/my-fn"
        session = boto3.Session()
        assert session.get_credentials().method == "env"
        sts = session.client("sts")
        assert sts.get_caller_identity()["Arn"] == expected
        assert boto3.client("sts").get_caller_identity()["Arn"] == expected
        first = frozen(session)
        iam_clock.advance(HOUR + 1)
        # Environment credentials do not refresh themselves: Lambda starts a new environment.
        with pytest.raises(ClientError) as expired:
            sts.get_caller_identity()
        assert expired.value.response["Error"]["Code"] == "ExpiredToken"
        renewed = env.renew()
        assert renewed.access_key_id != first.access_key
        assert caller(boto3.Session()) == expected
        assert_expired(first)
    assert os.environ["AWS_ACCESS_KEY_ID"] == root_key
    assert "AWS_SESSION_TOKEN" not in os.environ
