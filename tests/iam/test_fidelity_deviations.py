"""Deviations from AWS found by comparing with AWS-verified material, each with its source.

Sources used here, all recorded against AWS:
- moto's tests marked ``aws_verified`` (getmoto/moto, tests/test_iam/...);
- LocalStack's AWS-validated snapshot tests (localstack/localstack, tests/aws/services/iam/*.snapshot.json:
  ``recorded-content`` is what AWS answered);
- the IAM API Reference and the IAM User Guide;
- AWS errors quoted from real runs in public issues.
Where no such source settles a point, the test pins iammock's current behaviour and says so.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error
from tests.iam.crypto_helpers import certificate, pem_certificate, rsa_key

from iammock import IAMMock

ACCT = "123456789012"
POLICY = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
)


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


# -- fixed -------------------------------------------------------------------------------------------


def test_create_policy_answers_without_description_and_get_policy_with_empty_tags(iam: Any) -> None:
    # moto, tests/test_iam/test_iam_response_attributes.py,
    # test_policy_resource_returns_subset_of_available_attributes (aws_verified): CreatePolicy leaves out
    # Description, and Tags unless given; GetPolicy has Description when set, and Tags always.
    created = iam.create_policy(PolicyName="plain", PolicyDocument=POLICY)["Policy"]
    assert "Description" not in created and "Tags" not in created
    got = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert got["Tags"] == [] and "Description" not in got
    described = iam.create_policy(
        PolicyName="described", PolicyDocument=POLICY, Description="d", Tags=[{"Key": "k", "Value": "v"}]
    )["Policy"]
    assert "Description" not in described and described["Tags"] == [{"Key": "k", "Value": "v"}]
    got = iam.get_policy(PolicyArn=described["Arn"])["Policy"]
    assert got["Description"] == "d" and got["Tags"] == [{"Key": "k", "Value": "v"}]
    listed = iam.list_policies(Scope="Local")["Policies"]
    assert all("Description" not in p and "Tags" not in p for p in listed)


def test_third_signing_certificate(iam: Any) -> None:
    # moto, tests/test_iam/test_iam_signing_certificates.py, test_create_too_many_certificates
    # (aws_verified).
    iam.create_user(UserName="alice")
    for seed in (1, 2):
        iam.upload_signing_certificate(
            UserName="alice", CertificateBody=pem_certificate(certificate(rsa_key(seed)))
        )
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for CertificatesPerUser: 2"):
        iam.upload_signing_certificate(
            UserName="alice", CertificateBody=pem_certificate(certificate(rsa_key(3)))
        )


def test_delete_open_id_connect_provider_that_does_not_exist(iam: Any) -> None:
    # IAM API Reference, DeleteOpenIDConnectProvider: "This operation is idempotent; it does not fail or
    # return an error if you call the operation for a provider that does not exist."
    iam.delete_open_id_connect_provider(
        OpenIDConnectProviderArn=f"arn:aws:iam::{ACCT}:oidc-provider/nowhere.example"
    )


def test_three_password_policy_errors(iam: Any) -> None:
    # LocalStack, test_iam_account_password_policy.snapshot.json,
    # test_update_account_password_policy_validation_errors: no values, single quotes, this order.
    message = (
        "3 validation errors detected: "
        "Value at 'minimumPasswordLength' failed to satisfy constraint: "
        "Member must have value less than or equal to 128; "
        "Value at 'passwordReusePrevention' failed to satisfy constraint: "
        "Member must have value less than or equal to 24; "
        "Value at 'maxPasswordAge' failed to satisfy constraint: "
        "Member must have value less than or equal to 1095"
    )
    with aws_error("ValidationError", 400, message):
        iam.update_account_password_policy(
            MaxPasswordAge=1096, MinimumPasswordLength=129, PasswordReusePrevention=25
        )


def test_password_policy_fields(iam: Any) -> None:
    # LocalStack, test_iam_account_password_policy.snapshot.json: unset MaxPasswordAge,
    # PasswordReusePrevention and HardExpiry are left out; the booleans are there.
    iam.update_account_password_policy()
    assert iam.get_account_password_policy()["PasswordPolicy"] == {
        "AllowUsersToChangePassword": False,
        "ExpirePasswords": False,
        "MinimumPasswordLength": 6,
        "RequireLowercaseCharacters": False,
        "RequireNumbers": False,
        "RequireSymbols": False,
        "RequireUppercaseCharacters": False,
    }
    iam.update_account_password_policy(
        AllowUsersToChangePassword=True,
        HardExpiry=True,
        MaxPasswordAge=60,
        MinimumPasswordLength=10,
        PasswordReusePrevention=3,
        RequireLowercaseCharacters=True,
        RequireNumbers=True,
        RequireSymbols=True,
        RequireUppercaseCharacters=True,
    )
    assert iam.get_account_password_policy()["PasswordPolicy"] == {
        "AllowUsersToChangePassword": True,
        "ExpirePasswords": True,
        "HardExpiry": True,
        "MaxPasswordAge": 60,
        "MinimumPasswordLength": 10,
        "PasswordReusePrevention": 3,
        "RequireLowercaseCharacters": True,
        "RequireNumbers": True,
        "RequireSymbols": True,
        "RequireUppercaseCharacters": True,
    }
    # test_delete_account_password_policy_not_found
    iam.delete_account_password_policy()
    with aws_error("NoSuchEntity", 404, "The account policy with name PasswordPolicy cannot be found."):
        iam.delete_account_password_policy()


def test_instance_profile_fields(iam: Any) -> None:
    # LocalStack, test_iam_instance_profiles.snapshot.json: CreateInstanceProfile has no Tags,
    # GetInstanceProfile has "Tags": [], and a role inside a profile has no MaxSessionDuration.
    created = iam.create_instance_profile(InstanceProfileName="web")["InstanceProfile"]
    assert "Tags" not in created and created["Roles"] == []
    assert iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Tags"] == []
    iam.create_role(RoleName="web", AssumeRolePolicyDocument=TRUST)
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="web")
    (role,) = iam.get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Roles"]
    assert set(role) == {"Arn", "AssumeRolePolicyDocument", "CreateDate", "Path", "RoleId", "RoleName"}


@pytest.mark.parametrize("path", ["test/", "/test"])
def test_bad_path_for_a_virtual_mfa_device(iam: Any, path: str) -> None:
    # LocalStack, test_iam_mfa.snapshot.json, test_virtual_mfa_device_errors.
    message = (
        "The specified value for path is invalid. It must begin and end with / and contain only "
        "alphanumeric characters and/or / characters."
    )
    with aws_error("ValidationError", 400, message):
        iam.create_virtual_mfa_device(VirtualMFADeviceName="phone", Path=path)


def test_virtual_mfa_device_errors(iam: Any) -> None:
    # LocalStack, test_iam_mfa.snapshot.json (test_virtual_mfa_device_errors, test_enable_mfa_device_errors).
    too_long = (
        "1 validation error detected: Value at 'path' failed to satisfy constraint: "
        "Member must have length less than or equal to 512"
    )
    with aws_error("ValidationError", 400, too_long):
        iam.create_virtual_mfa_device(VirtualMFADeviceName="phone", Path="/" + "b" * 511 + "/")
    iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")
    with aws_error("EntityAlreadyExists", 409, "MFA device already exists."):
        iam.create_virtual_mfa_device(VirtualMFADeviceName="phone")
    missing = f"arn:aws:iam::{ACCT}:mfa/nonexistent-device"
    with aws_error("NoSuchEntity", 404, f"MFA Device with serial number {missing} does not exist."):
        iam.delete_virtual_mfa_device(SerialNumber=missing)
    iam.create_user(UserName="alice")
    with aws_error("NoSuchEntity", 404, f"MFA Device with serial number {missing} does not exist."):
        iam.deactivate_mfa_device(UserName="alice", SerialNumber=missing)


def test_invalid_marker(iam: Any) -> None:
    # LocalStack, test_iam_mfa.snapshot.json, test_list_virtual_mfa_devices ("list-invalid-marker-error").
    with aws_error("ValidationError", 400, "Invalid Marker."):
        iam.list_virtual_mfa_devices(Marker="invalid-marker")


# -- checked and already as AWS has it --------------------------------------------------------------


def test_duplicate_open_id_connect_provider(iam: Any) -> None:
    # AWS's answer as quoted from real runs, e.g. getscaf/sfu-fullstack-template#75 (Terraform output:
    # "EntityAlreadyExists: Provider with url https://token.actions.githubusercontent.com already exists.").
    url = "https://token.actions.githubusercontent.com"
    iam.create_open_id_connect_provider(Url=url)
    with aws_error("EntityAlreadyExists", 409, f"Provider with url {url} already exists."):
        iam.create_open_id_connect_provider(Url=url)


def test_tag_keys_differing_in_case(iam: Any) -> None:
    # IAM User Guide, "Tags for AWS Identity and Access Management resources", Case sensitivity: tag keys
    # of users and roles are case-insensitive (a new spelling replaces the old one), those of other IAM
    # resources are case-sensitive. (Whether one request may carry Costcenter and costcenter for a policy
    # is settled by no AWS-verified source: iammock accepts it, as the guide's rule implies.)
    iam.create_user(UserName="alice", Tags=[{"Key": "Department", "Value": "a"}])
    iam.tag_user(UserName="alice", Tags=[{"Key": "department", "Value": "b"}])
    assert iam.list_user_tags(UserName="alice")["Tags"] == [{"Key": "department", "Value": "b"}]
    arn = iam.create_policy(
        PolicyName="p", PolicyDocument=POLICY, Tags=[{"Key": "Costcenter", "Value": "1"}]
    )["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "costcenter", "Value": "2"}])
    assert len(iam.list_policy_tags(PolicyArn=arn)["Tags"]) == 2


# -- no AWS-verified source found: iammock's current behaviour, pinned ----------------------------


def test_tag_limit_message(iam: Any) -> None:
    # No AWS-verified source for the message when stored and new tags together pass 50; kept as is
    # (with its trailing period).
    iam.create_user(UserName="alice", Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with aws_error("LimitExceeded", 409, "The number of tags has reached the maximum limit."):
        iam.tag_user(UserName="alice", Tags=[{"Key": "one-more", "Value": "v"}])


def test_add_user_to_group_when_both_are_missing(iam: Any) -> None:
    # AWS-verified sources cover a missing user (with the group there) and a missing group (with the user
    # there), not both; iammock reports the group, as it looks it up first.
    with aws_error("NoSuchEntity", 404, "The group with name nog cannot be found."):
        iam.add_user_to_group(GroupName="nog", UserName="nou")


def test_service_linked_role_for_a_service_outside_the_catalogue(iam: Any) -> None:
    # No AWS-verified source for services iammock's catalogue does not know: the role is named
    # AWSServiceRoleFor<Service> under /aws-service-role/<principal>/ and trusts that principal only.
    role = iam.create_service_linked_role(AWSServiceName="madeup.amazonaws.com")["Role"]
    assert role["RoleName"] == "AWSServiceRoleForMadeup"
    assert role["Path"] == "/aws-service-role/madeup.amazonaws.com/"
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "Service": ["madeup.amazonaws.com"]
    }
