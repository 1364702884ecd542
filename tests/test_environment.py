"""While a mock is active the environment holds its root keys and nothing of the developer's."""

from __future__ import annotations

import os

import boto3
import pytest

from iammock import mock_iam


def test_environment_holds_root_keys_and_is_restored(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIAREALDEVELOPERKEY")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "real-secret")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "real-token")
    monkeypatch.setenv("AWS_PROFILE", "production")
    before = dict(os.environ)
    with mock_iam() as aws:
        root = aws.backend.accounts[aws.account_id].root_key
        assert os.environ["AWS_ACCESS_KEY_ID"] == root.access_key_id
        assert os.environ["AWS_SECRET_ACCESS_KEY"] == root.secret
        assert "AWS_SESSION_TOKEN" not in os.environ
        assert "AWS_PROFILE" not in os.environ
        assert os.environ["AWS_SHARED_CREDENTIALS_FILE"] == os.devnull
        assert os.environ["AWS_CONFIG_FILE"] == os.devnull
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
    assert dict(os.environ) == before


def test_environment_is_restored_when_the_test_fails() -> None:
    before = dict(os.environ)
    with pytest.raises(ZeroDivisionError), mock_iam():
        1 / 0  # noqa: B018
    assert dict(os.environ) == before


def test_existing_region_is_kept_unless_one_is_given(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-west-1")
    with mock_iam():
        assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"
    with mock_iam(region_name="ap-southeast-2"):
        assert os.environ["AWS_DEFAULT_REGION"] == "ap-southeast-2"
    assert os.environ["AWS_DEFAULT_REGION"] == "eu-west-1"


def test_real_credentials_in_files_are_never_used(
    tmp_path: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    credentials = tmp_path / "credentials"  # type: ignore[operator]
    credentials.write_text("[default]\naws_access_key_id = AKIAREALFROMFILE0000\naws_secret_access_key = s\n")
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    with mock_iam() as aws:
        key = boto3.Session().get_credentials().access_key
        assert key == aws.backend.accounts[aws.account_id].root_key.access_key_id
