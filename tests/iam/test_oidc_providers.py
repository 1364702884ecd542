"""OpenID Connect providers through boto3."""

from __future__ import annotations

import boto3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

ACCT = "123456789012"
THUMB = "9e99a48a9960b14926bb7f3b02e22da2b0ab7280"
URL = "https://token.actions.githubusercontent.com"
ARN = f"arn:aws:iam::{ACCT}:oidc-provider/token.actions.githubusercontent.com"


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def test_create_get_list_delete(iam) -> None:  # type: ignore[no-untyped-def]
    created = iam.create_open_id_connect_provider(
        Url=URL, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[THUMB], Tags=[{"Key": "k", "Value": "v"}]
    )
    assert created["OpenIDConnectProviderArn"] == ARN
    assert created["Tags"] == [{"Key": "k", "Value": "v"}]
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["Url"] == "token.actions.githubusercontent.com"
    assert got["ClientIDList"] == ["sts.amazonaws.com"]
    assert got["ThumbprintList"] == [THUMB]
    assert got["CreateDate"].tzinfo is not None
    assert got["Tags"] == [{"Key": "k", "Value": "v"}]
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == [{"Arn": ARN}]
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []
    with aws_error("NoSuchEntity", 404, f"OpenIDConnect Provider not found for arn {ARN}"):
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    # IAM API Reference, DeleteOpenIDConnectProvider: "This operation is idempotent; it does not fail or
    # return an error if you call the operation for a provider that does not exist."
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert iam.list_open_id_connect_providers()["OpenIDConnectProviderList"] == []


def test_path_is_part_of_the_arn_and_thumbprints_are_optional(iam) -> None:  # type: ignore[no-untyped-def]
    url = "https://oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"
    arn = iam.create_open_id_connect_provider(Url=url)["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCT}:oidc-provider/oidc.eks.eu-west-1.amazonaws.com/id/ABCDEF"
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["ClientIDList"] == [] and got["ThumbprintList"] == []


def test_duplicate_url(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_open_id_connect_provider(Url=URL)
    with aws_error("EntityAlreadyExists", 409, f"Provider with url {URL} already exists."):
        iam.create_open_id_connect_provider(Url=URL, ThumbprintList=[THUMB])


@pytest.mark.parametrize("url", ["http://example.com", "example.com", "https://", "https:///path"])
def test_url_must_be_https_with_a_host(iam, url: str) -> None:  # type: ignore[no-untyped-def]
    with aws_error("InvalidInput", 400):
        iam.create_open_id_connect_provider(Url=url)


def test_thumbprint_rules(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("InvalidInput", 400):
        iam.create_open_id_connect_provider(Url=URL, ThumbprintList=["z" * 40])
    with aws_error("InvalidInput", 400):
        iam.create_open_id_connect_provider(Url=URL, ThumbprintList=[f"{i:040x}" for i in range(6)])
    with aws_error("ValidationError", 400):
        iam.create_open_id_connect_provider(Url=URL, ThumbprintList=["ab" * 21])
    iam.create_open_id_connect_provider(Url=URL, ThumbprintList=[f"{i:040x}" for i in range(5)])
    iam.update_open_id_connect_provider_thumbprint(OpenIDConnectProviderArn=ARN, ThumbprintList=[THUMB])
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ThumbprintList"] == [THUMB]
    with aws_error("InvalidInput", 400):
        iam.update_open_id_connect_provider_thumbprint(
            OpenIDConnectProviderArn=ARN, ThumbprintList=["g" * 40]
        )


def test_client_ids_add_and_remove_are_idempotent(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_open_id_connect_provider(Url=URL, ClientIDList=["a"])
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="b")
    iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="b")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ClientIDList"] == ["a", "b"]
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="a")
    iam.remove_client_id_from_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="zz")
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ClientIDList"] == ["b"]
    missing = f"arn:aws:iam::{ACCT}:oidc-provider/nowhere.example.com"
    with aws_error("NoSuchEntity", 404):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=missing, ClientID="x")


def test_client_id_limit(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_open_id_connect_provider(Url=URL, ClientIDList=[f"c{i}" for i in range(100)])
    with aws_error("LimitExceeded", 409):
        iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="one-more")
    with aws_error("LimitExceeded", 409):
        iam.create_open_id_connect_provider(Url=URL + "/x", ClientIDList=[f"c{i}" for i in range(101)])


def test_provider_limit(iam) -> None:  # type: ignore[no-untyped-def]
    for i in range(100):
        iam.create_open_id_connect_provider(Url=f"https://idp{i}.example.com")
    with aws_error("LimitExceeded", 409):
        iam.create_open_id_connect_provider(Url="https://idp100.example.com")


def test_tags(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_open_id_connect_provider(Url=URL)
    iam.tag_open_id_connect_provider(
        OpenIDConnectProviderArn=ARN, Tags=[{"Key": "b", "Value": "2"}, {"Key": "a", "Value": "1"}]
    )
    iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, Tags=[{"Key": "B", "Value": "3"}])
    listed = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)
    assert listed["Tags"] == [
        {"Key": "B", "Value": "3"},
        {"Key": "a", "Value": "1"},
        {"Key": "b", "Value": "2"},
    ]
    first = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN, MaxItems=2)
    assert first["IsTruncated"] and len(first["Tags"]) == 2
    rest = iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN, Marker=first["Marker"])
    assert rest["Tags"] == [{"Key": "b", "Value": "2"}] and not rest["IsTruncated"]
    iam.untag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, TagKeys=["a", "absent"])
    assert [
        t["Key"] for t in iam.list_open_id_connect_provider_tags(OpenIDConnectProviderArn=ARN)["Tags"]
    ] == [
        "B",
        "b",
    ]
    with aws_error("InvalidInput", 400):
        iam.tag_open_id_connect_provider(OpenIDConnectProviderArn=ARN, Tags=[{"Key": "aws:x", "Value": ""}])
    with aws_error("LimitExceeded", 409):
        iam.tag_open_id_connect_provider(
            OpenIDConnectProviderArn=ARN, Tags=[{"Key": f"t{i}", "Value": ""} for i in range(49)]
        )


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_open_id_connect_provider(Url=URL, ClientIDList=[f"c{i}" for i in range(100)])
    before = plain(iam_mock.backend.snapshot())
    for attempt in (
        lambda: iam.create_open_id_connect_provider(Url=URL),
        lambda: iam.create_open_id_connect_provider(Url="https://new.example.com", ThumbprintList=["x" * 40]),
        lambda: iam.add_client_id_to_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ClientID="z"),
        lambda: iam.update_open_id_connect_provider_thumbprint(
            OpenIDConnectProviderArn=ARN, ThumbprintList=["q" * 40]
        ),
        lambda: iam.tag_open_id_connect_provider(
            OpenIDConnectProviderArn=ARN, Tags=[{"Key": f"t{i}", "Value": ""} for i in range(51)]
        ),
    ):
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == before


def test_non_root_user_is_denied(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_open_id_connect_provider(Url=URL)
    assert "iam:CreateOpenIDConnectProvider" in error["Message"] and ARN in error["Message"]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.from_regex(r"[a-z0-9]{1,20}(\.[a-z]{2,5}){1,2}(/[A-Za-z0-9_-]{1,10}){0,2}", fullmatch=True))
def test_arn_follows_any_valid_url(iam_mock: IAMMock, path: str) -> None:
    iam = boto3.client("iam")
    arn = iam.create_open_id_connect_provider(Url=f"https://{path}")["OpenIDConnectProviderArn"]
    assert arn == f"arn:aws:iam::{ACCT}:oidc-provider/{path}"
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)["Url"] == path
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
