"""Account alias, account summary and STS preferences through boto3."""

from __future__ import annotations

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock

TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow",'
    '"Principal":{"Service":"ec2.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
)
POLICY = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def _root_client_of(iam_mock: IAMMock, account_id: str) -> object:
    key = iam_mock.backend.account(account_id).root_key
    return client_for("iam", {"AccessKeyId": key.access_key_id, "SecretAccessKey": key.secret})


def test_alias_lifecycle(iam) -> None:  # type: ignore[no-untyped-def]
    assert iam.list_account_aliases()["AccountAliases"] == []
    iam.create_account_alias(AccountAlias="my-company")
    iam.create_account_alias(AccountAlias="my-company")  # the same alias again: nothing changes
    assert iam.list_account_aliases()["AccountAliases"] == ["my-company"]
    iam.create_account_alias(AccountAlias="renamed")
    assert iam.list_account_aliases()["AccountAliases"] == ["renamed"]
    with aws_error("NoSuchEntity", 404):
        iam.delete_account_alias(AccountAlias="my-company")
    iam.delete_account_alias(AccountAlias="renamed")
    assert iam.list_account_aliases() | {"ResponseMetadata": None} == {
        "AccountAliases": [],
        "IsTruncated": False,
        "ResponseMetadata": None,
    }


@pytest.mark.parametrize("alias", ["-abc", "abc-", "a--b", "ABC", "a_b", "x" * 64])
def test_alias_pattern(iam, alias: str) -> None:  # type: ignore[no-untyped-def]
    with aws_error("ValidationError", 400):
        iam.create_account_alias(AccountAlias=alias)


def test_alias_is_unique_across_accounts(iam_mock: IAMMock, iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_account_alias(AccountAlias="taken")
    other = _root_client_of(iam_mock, "210987654321")
    before = plain(iam_mock.backend.snapshot())
    with aws_error("EntityAlreadyExists", 409):
        other.create_account_alias(AccountAlias="taken")  # type: ignore[attr-defined]
    assert plain(iam_mock.backend.snapshot()) == before
    other.create_account_alias(AccountAlias="free")  # type: ignore[attr-defined]
    assert other.list_account_aliases()["AccountAliases"] == ["free"]  # type: ignore[attr-defined]


def test_summary_counts_real_state(iam) -> None:  # type: ignore[no-untyped-def]
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 0 and summary["Roles"] == 0 and summary["Providers"] == 0
    assert summary["AccountAccessKeysPresent"] == 1
    assert summary["GlobalEndpointTokenVersion"] == 1
    assert summary["UsersQuota"] == 5000 and summary["AccessKeysPerUserQuota"] == 2
    assert summary["PolicySizeQuota"] == 6144 and summary["AttachedPoliciesPerRoleQuota"] == 10
    iam.create_user(UserName="alice")
    iam.create_group(GroupName="devs")
    iam.create_role(RoleName="app", AssumeRolePolicyDocument=TRUST)
    arn = iam.create_policy(PolicyName="read", PolicyDocument=POLICY)["Policy"]["Arn"]
    iam.attach_role_policy(RoleName="app", PolicyArn=arn)
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    iam.create_instance_profile(InstanceProfileName="ip")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="spare")
    iam.create_open_id_connect_provider(Url="https://idp.example.com")
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["Users"] == 1 and summary["Groups"] == 1 and summary["Roles"] == 1
    assert summary["Policies"] == 1 and summary["PolicyVersionsInUse"] == 2
    assert summary["InstanceProfiles"] == 1 and summary["Providers"] == 1
    assert summary["MFADevices"] == 1 and summary["MFADevicesInUse"] == 0
    assert summary["AccountMFAEnabled"] == 0
    import botocore.session

    keys = set(botocore.session.get_session().get_service_model("iam").shape_for("summaryKeyType").enum)
    assert set(summary) == keys


def test_token_version_preference(iam) -> None:  # type: ignore[no-untyped-def]
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 2
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")
    assert iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"] == 1
    with aws_error("ValidationError", 400):
        iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v3Token")


def test_non_root_user_is_denied(iam) -> None:  # type: ignore[no-untyped-def]
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).get_account_summary()
    assert "iam:GetAccountSummary" in error["Message"]
