"""The AWS CLI (v1) run in process inside a mock, as a user's test runs it.

What AWS's CLI shows is the reference: its exit codes (AWS CLI v1 User Guide, "Command line return codes
in the AWS CLI": 255 when the service returned an error), its error line ("An error occurred (Code) when
calling the Operation operation: message"), timestamps as the service sends them (the CLI v1 default
`cli_timestamp_format = wire`), and `iam create-virtual-mfa-device --outfile` writing the decoded
bootstrap data (IAM API Reference, "VirtualMFADevice": Base32StringSeed is the base32 seed of RFC 3548,
QRCodePNG a PNG image of otpauth://totp/...; both base64-encoded on the wire).
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import struct
import subprocess
import sys
import textwrap
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import botocore.session
import pytest

from iammock import mock_iam
from iammock.testing import totp

# Imported after botocore: awscli >= 1.46 carries its own copy of botocore and serves it as `botocore`
# only to a process that has not imported botocore yet.
from awscli.clidriver import create_clidriver  # isort: skip

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
# `import awscli` adds its own data folder to AWS_DATA_PATH; the suite's conftest clears every AWS_
# variable before each test, so it is put back.
AWSCLI_DATA_PATH = os.environ["AWS_DATA_PATH"]


@pytest.fixture(autouse=True)
def _awscli_data_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DATA_PATH", AWSCLI_DATA_PATH)


def aws(*argv: str) -> tuple[int, str, str]:
    """`aws argv...` in this process: exit code, standard output, standard error."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = create_clidriver().main(list(argv))
    return code, out.getvalue(), err.getvalue()


def ok(*argv: str) -> Any:
    code, out, err = aws(*argv)
    assert code == 0, err
    return json.loads(out) if out.strip() else None


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The 'real' home folder of the test: whatever the CLI writes must never land here."""
    real = tmp_path / "real-home"
    real.mkdir()
    monkeypatch.setenv("HOME", str(real))
    monkeypatch.setenv("USERPROFILE", str(real))
    return real


def profiles(tmp_path: Path, config: str, credentials: str) -> None:
    """Shared config and credentials files for the CLI, set inside the mock: it points both variables at
    an empty file when it starts and puts back what they were when it stops."""
    (tmp_path / "config").write_text(textwrap.dedent(config))
    (tmp_path / "credentials").write_text(textwrap.dedent(credentials))
    os.environ["AWS_CONFIG_FILE"] = str(tmp_path / "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "credentials")


def test_get_caller_identity_is_the_default_accounts_root(iam_mock: Any) -> None:
    identity = ok("sts", "get-caller-identity")
    assert identity == {
        "UserId": iam_mock.account_id,
        "Account": iam_mock.account_id,
        "Arn": f"arn:aws:iam::{iam_mock.account_id}:root",
    }


def test_create_user_prints_the_user_with_the_wire_timestamp(iam_mock: Any) -> None:
    user = ok("iam", "create-user", "--user-name", "carol", "--path", "/ops/")["User"]
    assert user["Arn"] == f"arn:aws:iam::{iam_mock.account_id}:user/ops/carol"
    assert re.fullmatch(r"AIDA[A-Z2-7]{17}", user["UserId"])
    # CLI v1 prints timestamps as IAM sends them (cli_timestamp_format = wire), not as Python's isoformat.
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", user["CreateDate"]), user["CreateDate"]
    assert iam_mock.session().client("iam").get_user(UserName="carol")["User"]["Path"] == "/ops/"


def test_denied_call_exits_255_with_the_error_line(iam_mock: Any, iam_user: Any, tmp_path: Path) -> None:
    bob = iam_user("bob")
    key = bob.session.get_credentials()
    profiles(
        tmp_path,
        "",
        f"""\
        [bob]
        aws_access_key_id = {key.access_key}
        aws_secret_access_key = {key.secret_key}
        """,
    )
    code, out, err = aws("iam", "create-user", "--user-name", "mallory", "--profile", "bob")
    assert code == 255
    assert out == ""
    assert err.strip() == (
        "An error occurred (AccessDenied) when calling the CreateUser operation: "
        f"User: {bob.arn} is not authorized to perform: iam:CreateUser on resource: "
        f"arn:aws:iam::{iam_mock.account_id}:user/mallory because no identity-based policy allows "
        "the iam:CreateUser action"
    )
    assert "mallory" not in [u["UserName"] for u in iam_mock.session().client("iam").list_users()["Users"]]


def test_assume_role_profile_caches_in_the_mocks_home_and_leaves_nothing(home: Path, tmp_path: Path) -> None:
    for round_ in range(2):  # the second mock starts with awscli's modules (and its cache path) imported
        with mock_iam() as mock:
            admin = mock.session().client("iam")
            admin.create_role(
                RoleName="deployer",
                AssumeRolePolicyDocument=json.dumps(
                    {
                        "Version": "2012-10-17",
                        "Statement": [
                            {
                                "Effect": "Allow",
                                "Principal": {"AWS": f"arn:aws:iam::{mock.account_id}:root"},
                                "Action": "sts:AssumeRole",
                            }
                        ],
                    }
                ),
            )
            admin.attach_role_policy(RoleName="deployer", PolicyArn=ADMIN)
            admin.create_user(UserName="dev")
            admin.attach_user_policy(UserName="dev", PolicyArn=ADMIN)
            key = admin.create_access_key(UserName="dev")["AccessKey"]
            profiles(
                tmp_path,
                f"""\
                [profile deployer]
                role_arn = arn:aws:iam::{mock.account_id}:role/deployer
                source_profile = dev
                role_session_name = cli-{round_}
                """,
                f"""\
                [dev]
                aws_access_key_id = {key["AccessKeyId"]}
                aws_secret_access_key = {key["SecretAccessKey"]}
                """,
            )
            identity = ok("sts", "get-caller-identity", "--profile", "deployer")
            assert identity["Arn"] == f"arn:aws:sts::{mock.account_id}:assumed-role/deployer/cli-{round_}"
            ok("iam", "create-user", "--user-name", f"made-by-role-{round_}", "--profile", "deployer")

            # The CLI cached the role's credentials, as it does on a developer's machine, but under the
            # mock's own home folder.
            mock_home = Path(os.path.expanduser("~"))
            assert mock_home != home
            cached = list((mock_home / ".aws" / "cli" / "cache").glob("*.json"))
            assert len(cached) == 1
            credentials = json.loads(cached[0].read_text())["Credentials"]
            assert credentials["AccessKeyId"].startswith("ASIA")
            # One cache file: the earlier mock's file did not survive into this one.
        assert list(mock_home.iterdir()) == []  # emptied: the cached credentials went with the mock
        assert files_under(home) == []
        assert os.path.expanduser("~") == str(home)


def test_cli_cache_path_is_the_mocks_while_it_is_active_and_put_back_after(home: Path) -> None:
    import awscli.customizations.assumerole as assumerole

    before = assumerole.CACHE_DIR
    with mock_iam():
        ok("sts", "get-caller-identity")
        assert os.path.join(os.path.expanduser("~"), ".aws", "cli", "cache") == assumerole.CACHE_DIR
        assert before != assumerole.CACHE_DIR
    assert before == assumerole.CACHE_DIR


def test_nested_mocks_each_have_their_own_home(home: Path) -> None:
    with mock_iam():
        outer = os.path.expanduser("~")
        Path(outer, "left-by-outer").write_text("x")
        with mock_iam():
            inner = os.path.expanduser("~")
            assert inner not in (outer, str(home))
            assert os.listdir(inner) == []
            Path(inner, "left-by-inner").write_text("x")
        assert os.listdir(inner) == []
        assert os.path.expanduser("~") == outer
        assert os.listdir(outer) == ["left-by-outer"]
    assert os.listdir(outer) == []
    assert os.path.expanduser("~") == str(home)
    assert files_under(home) == []


def test_first_cli_use_inside_a_mock_leaves_the_home_folder_untouched(tmp_path: Path) -> None:
    """A fresh process whose first CLI command runs inside the mock: awscli computes its cache folder
    when it is first imported, inside the mock, and must not keep writing there once the mock is gone."""
    real_home = tmp_path / "home"
    real_home.mkdir()
    script = textwrap.dedent(
        """
        import json, os, socket, sys, tempfile

        def refuse(*args, **kwargs):
            raise AssertionError(f"network access attempted: {args!r}")

        socket.socket.connect = refuse
        socket.create_connection = refuse
        socket.getaddrinfo = refuse

        import botocore.session
        from iammock import mock_iam
        from awscli.clidriver import create_clidriver

        with mock_iam() as mock:
            iam = mock.session().client("iam")
            iam.create_role(RoleName="r", AssumeRolePolicyDocument=json.dumps({"Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                               "Principal": {"AWS": mock.account_id}}]}))
            iam.create_user(UserName="u")
            iam.put_user_policy(UserName="u", PolicyName="p", PolicyDocument=json.dumps({
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}]}))
            key = iam.create_access_key(UserName="u")["AccessKey"]
            folder = tempfile.mkdtemp()
            with open(os.path.join(folder, "config"), "w") as f:
                f.write(f"[profile r]\\nrole_arn = arn:aws:iam::{mock.account_id}:role/r\\n"
                        "source_profile = u\\n")
            with open(os.path.join(folder, "credentials"), "w") as f:
                f.write(f"[u]\\naws_access_key_id = {key['AccessKeyId']}\\n"
                        f"aws_secret_access_key = {key['SecretAccessKey']}\\n")
            os.environ["AWS_CONFIG_FILE"] = os.path.join(folder, "config")
            os.environ["AWS_SHARED_CREDENTIALS_FILE"] = os.path.join(folder, "credentials")
            assert create_clidriver().main(["sts", "get-caller-identity", "--profile", "r"]) == 0
            mock_home = os.path.expanduser("~")
            assert os.listdir(os.path.join(mock_home, ".aws", "cli", "cache"))
        import awscli.customizations.assumerole as assumerole
        report = {"mock_home": mock_home, "left": os.listdir(mock_home), "cache_dir": assumerole.CACHE_DIR}
        print(json.dumps(report))
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env["HOME"] = env["USERPROFILE"] = str(real_home)
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["left"] == []
    assert report["cache_dir"] == str(real_home / ".aws" / "cli" / "cache")
    assert not os.path.exists(report["mock_home"])  # the mocks' folders go when the process exits
    assert files_under(real_home) == []


def test_virtual_mfa_seed_outfile_is_the_base32_seed_that_enables_the_device(
    iam_mock: Any, tmp_path: Path
) -> None:
    ok("iam", "create-user", "--user-name", "alice")
    seed_file = tmp_path / "seed.txt"
    device = ok(
        "iam",
        "create-virtual-mfa-device",
        "--virtual-mfa-device-name",
        "alice-phone",
        "--outfile",
        str(seed_file),
        "--bootstrap-method",
        "Base32StringSeed",
    )["VirtualMFADevice"]
    # The bootstrap data went to the file, not to standard output.
    assert device == {"SerialNumber": f"arn:aws:iam::{iam_mock.account_id}:mfa/alice-phone"}
    seed = seed_file.read_bytes()
    # 40 random bytes as unpadded RFC 4648 base32, as AWS sends seeds.
    assert re.fullmatch(rb"[A-Z2-7]{64}", seed), seed
    assert len(base64.b32decode(seed)) == 40

    first, second = totp.consecutive_codes(seed.decode("ascii"))
    ok(
        "iam",
        "enable-mfa-device",
        "--user-name",
        "alice",
        "--serial-number",
        device["SerialNumber"],
        "--authentication-code1",
        first,
        "--authentication-code2",
        second,
    )
    listed = ok("iam", "list-mfa-devices", "--user-name", "alice")["MFADevices"]
    assert [d["SerialNumber"] for d in listed] == [device["SerialNumber"]]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", listed[0]["EnableDate"])


def _png_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """The chunks of a PNG file, each CRC checked (PNG specification, section 5)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    chunks, at = [], 8
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kind, body = data[at + 4 : at + 8], data[at + 8 : at + 8 + length]
        (crc,) = struct.unpack(">I", data[at + 8 + length : at + 12 + length])
        assert zlib.crc32(kind + body) == crc, kind
        chunks.append((kind, body))
        at += 12 + length
    return chunks


def test_virtual_mfa_qr_code_outfile_is_a_png(iam_mock: Any, tmp_path: Path) -> None:
    png_file = tmp_path / "qr.png"
    ok(
        "iam",
        "create-virtual-mfa-device",
        "--virtual-mfa-device-name",
        "kiosk",
        "--outfile",
        str(png_file),
        "--bootstrap-method",
        "QRCodePNG",
    )
    chunks = _png_chunks(png_file.read_bytes())
    kinds = [kind for kind, _ in chunks]
    assert kinds[0] == b"IHDR" and kinds[-1] == b"IEND" and b"IDAT" in kinds
    width, height = struct.unpack(">II", chunks[0][1][:8])
    assert width == height and width >= 21 * 4  # a QR code (21 modules at least) at 4 pixels a module
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert pixels


def _parsed_by(customize: Callable[[Any], None] | None, call: Callable[[Any], Any], mock: Any) -> Any:
    session = botocore.session.get_session()
    if customize is not None:
        customize(session.get_component("response_parser_factory"))
    key = mock.backend.accounts[mock.account_id].root_key
    client = session.create_client(
        "iam", region_name="us-east-1", aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret
    )
    return call(client)


def test_blobs_and_timestamps_follow_the_clients_parser_settings(iam_mock: Any) -> None:
    """The CLI's settings are one case: any client whose parser factory leaves blobs (or timestamps)
    undecoded gets the text of AWS's XML, and a default client gets bytes and datetimes."""

    def create(name: str) -> Callable[[Any], Any]:
        return lambda client: client.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]

    plain = _parsed_by(None, create("plain"), iam_mock)
    assert isinstance(plain["Base32StringSeed"], bytes)
    assert plain["QRCodePNG"].startswith(b"\x89PNG")

    def raw(factory: Any) -> None:
        factory.set_parser_defaults(blob_parser=lambda text: text, timestamp_parser=lambda text: text)

    undecoded = _parsed_by(raw, create("undecoded"), iam_mock)
    assert re.fullmatch(rb"[A-Z2-7]{64}", base64.b64decode(undecoded["Base32StringSeed"]))
    assert base64.b64decode(undecoded["QRCodePNG"]).startswith(b"\x89PNG")

    created = _parsed_by(raw, lambda client: client.create_user(UserName="tim")["User"], iam_mock)
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", created["CreateDate"])
    plain_user = boto3.client("iam").get_user(UserName="tim")["User"]
    assert plain_user["CreateDate"].strftime("%Y-%m-%dT%H:%M:%SZ") == created["CreateDate"]


def test_parser_settings_made_after_the_client_apply_to_its_next_call(iam_mock: Any) -> None:
    session = botocore.session.get_session()
    key = iam_mock.backend.accounts[iam_mock.account_id].root_key
    client = session.create_client(
        "iam", region_name="us-east-1", aws_access_key_id=key.access_key_id, aws_secret_access_key=key.secret
    )
    before = client.create_virtual_mfa_device(VirtualMFADeviceName="before")["VirtualMFADevice"]
    assert isinstance(before["Base32StringSeed"], bytes)
    session.get_component("response_parser_factory").set_parser_defaults(
        blob_parser=lambda text: ("b64", text)
    )
    after = client.create_virtual_mfa_device(VirtualMFADeviceName="after")["VirtualMFADevice"]
    label, text = after["Base32StringSeed"]
    assert label == "b64"
    assert re.fullmatch(rb"[A-Z2-7]{64}", base64.b64decode(text))


def test_readme_cli_recipe(iam_mock: Any, iam_user: Any, iam_role: Any, tmp_path: Path) -> None:
    """The README's recipe (The AWS CLI), as written there."""
    assert json.loads(aws("sts", "get-caller-identity")[1])["Arn"].endswith(":root")

    assume = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
    }
    dev = iam_user("dev", policies=[assume])
    role = iam_role("deployer", policies=["arn:aws:iam::aws:policy/IAMFullAccess"])
    key = dev.session.get_credentials()
    (tmp_path / "config").write_text(f"[profile deployer]\nrole_arn = {role.arn}\nsource_profile = dev\n")
    (tmp_path / "credentials").write_text(
        f"[dev]\naws_access_key_id = {key.access_key}\naws_secret_access_key = {key.secret_key}\n"
    )
    os.environ["AWS_CONFIG_FILE"] = str(tmp_path / "config")
    os.environ["AWS_SHARED_CREDENTIALS_FILE"] = str(tmp_path / "credentials")
    code, out, err = aws("iam", "create-user", "--user-name", "alice", "--profile", "deployer")
    assert code == 0, err  # as the role; the CLI's cache went to the mock's home folder

    code, out, err = aws("iam", "create-user", "--user-name", "eve", "--profile", "dev")
    assert code == 255 and "An error occurred (AccessDenied) when calling the CreateUser" in err

    seed = tmp_path / "seed.txt"
    out = aws(
        "iam",
        "create-virtual-mfa-device",
        "--virtual-mfa-device-name",
        "alice",
        "--outfile",
        str(seed),
        "--bootstrap-method",
        "Base32StringSeed",
    )[1]
    serial = json.loads(out)["VirtualMFADevice"]["SerialNumber"]
    first, second = totp.consecutive_codes(seed.read_text())
    code, out, err = aws(
        "iam",
        "enable-mfa-device",
        "--user-name",
        "alice",
        "--serial-number",
        serial,
        "--authentication-code1",
        first,
        "--authentication-code2",
        second,
    )
    assert code == 0, err
    # What the recipe relies on, checked as root.
    iam = iam_mock.session().client("iam")
    assert iam.list_mfa_devices(UserName="alice")["MFADevices"][0]["SerialNumber"] == serial
    trail_users = [u["UserName"] for u in iam.list_users()["Users"]]
    assert "alice" in trail_users and "eve" not in trail_users
