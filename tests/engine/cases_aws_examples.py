"""AWS's documented example policies, each with AWS's answer for requests it allows and denies.

Source: IAM User Guide, "Example IAM identity-based policies"
(https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_examples.html), as published in
AWS's documentation repository awsdocs/iam-user-guide, doc_source/access_policies_examples.md and the
doc_source/reference_policies_examples_<key>.md page of each example. ``PAGE`` lists every example the
page links (its key and the page's own wording); test_aws_examples.py fails when one of them has no
cases here.

Each policy is the page's JSON, verbatim. The caller is the IAM user alice of account 111122223333
(tests/engine/helpers.py: USER); where an example leaves a placeholder (``account-id``, ``region``) the
requests use the placeholder's text, which is what the policy matches as written. The expected answers
follow from the example's own description ("What does this policy do?"). Policies that only deny
("This policy does not allow any actions. Use this policy in combination with other policies") are
evaluated next to an identity policy allowing everything (``with_allow_all``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from .helpers import USER_ARN, USER_ID, A

ALICE = "alice"
ME = f"arn:aws:iam::{A}:user/{ALICE}"
OTHER_USER = f"arn:aws:iam::{A}:user/bob"
# Context keys AWS sets for alice's requests (IAM User Guide, "AWS global condition context keys").
ALICE_CONTEXT: dict[str, Any] = {"aws:username": ALICE, "aws:userid": USER_ID, "aws:PrincipalArn": USER_ARN}
MFA: dict[str, Any] = {"aws:MultiFactorAuthPresent": True}
NO_MFA: dict[str, Any] = {"aws:MultiFactorAuthPresent": False}


@dataclass(frozen=True)
class Case:
    name: str
    action: str
    resource: str
    allowed: bool
    context: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Example:
    policy: str  # the page's JSON
    cases: tuple[Case, ...]
    with_allow_all: bool = False

    @property
    def document(self) -> dict[str, Any]:
        return json.loads(self.policy)  # type: ignore[no-any-return]


# The page's list of examples: its page (doc_source/reference_policies_examples_<key>.md) -> the words
# the list gives it.
PAGE: dict[str, str] = {
    # Example policies: AWS
    "aws-dates": "Allows access during a specific range of dates.",
    "aws-enable-disable-regions": "Allows enabling and disabling AWS Regions.",
    "aws_my-sec-creds-self-manage": (
        "Allows MFA-authenticated users to manage their own credentials on the My Security Credentials page."
    ),
    "aws_mfa-dates": ("Allows specific access when using MFA during a specific range of dates."),
    "aws_my-sec-creds-self-manage-no-mfa": (
        "Allows users to manage their own credentials on the My Security Credentials page."
    ),
    "aws_my-sec-creds-self-manage-mfa-only": (
        "Allows users to manage their own MFA device on the My Security Credentials page."
    ),
    "aws_my-sec-creds-self-manage-password-only": (
        "Allows users to manage their own password on the My Security Credentials page."
    ),
    "aws_my-sec-creds-self-manage-pass-accesskeys-ssh": (
        "Allows users to manage their own password, access keys, and SSH public keys on the "
        "My Security Credentials page."
    ),
    "aws_deny-requested-region": "Denies access to AWS based on the requested Region.",
    "aws_deny-ip": "Denies access to AWS based on the source IP address.",
    # Example policies: AWS Data Pipeline
    "datapipeline_not-owned": "Denies access to pipelines that a user did not create",
    # Example policies: Amazon DynamoDB
    "dynamodb_specific-table": "Allows access to a specific Amazon DynamoDB table",
    "dynamodb_columns": "Allows access to specific Amazon DynamoDB columns",
    "dynamodb_rows": "Allows row-level access to Amazon DynamoDB based on an Amazon Cognito ID",
    # Example policies: Amazon EC2
    "ec2_volumes-instance": "Allows an Amazon EC2 instance to attach or detach volumes",
    "ec2_ebs-owner": "Allows attaching or detaching Amazon EBS volumes to Amazon EC2 instances based on tags",
    "ec2_instances-subnet": (
        "Allows launching Amazon EC2 instances in a specific subnet, programmatically and in the console"
    ),
    "ec2_securitygroups-vpc": (
        "Allows managing Amazon EC2 security groups associated with a specific VPC, programmatically and "
        "in the console"
    ),
    "ec2_tag-owner": (
        "Allows starting or stopping Amazon EC2 instances a user has tagged, programmatically and in the "
        "console"
    ),
    "ec2-start-stop-tags": (
        "Allows starting or stopping Amazon EC2 instances based on resource and principal tags, "
        "programmatically and in the console"
    ),
    "ec2-start-stop-match-tags": (
        "Allows starting or stopping Amazon EC2 instances when the resource and principal tags match"
    ),
    "ec2_region": (
        "Allows full Amazon EC2 access within a specific Region, programmatically and in the console."
    ),
    "ec2_instance-securitygroup": (
        "Allows starting or stopping a specific Amazon EC2 instance and modifying a specific security group, "
        "programmatically and in the console"
    ),
    "ec2_require-mfa": "Denies access to specific Amazon EC2 operations without MFA",
    "ec2_terminate-ip": "Limits terminating Amazon EC2 instances to a specific IP address range",
    # Example policies: AWS Identity and Access Management (IAM)
    "iam_policy-sim": "Allows access to the policy simulator API",
    "iam_policy-sim-console": "Allows access to the policy simulator console",
    "iam-assume-tagged-role": (
        "Allows assuming any roles that have a specific tag, programmatically and in the console"
    ),
    "iam_multiple-services-console": (
        "Allows and denies access to multiple services, programmatically and in the console"
    ),
    "iam-add-tag": (
        "Allows adding a specific tag to an IAM user with a different specific tag, programmatically and "
        "in the console"
    ),
    "iam-add-tag-user-role": (
        "Allows adding a specific tag to any IAM user or role, programmatically and in the console"
    ),
    "iam-new-user-tag": "Allows creating a new user only with specific tags",
    "iam-credential-report": "Allows generating and retrieving IAM credential reports",
    "iam_manage-group-membership": (
        "Allows managing a group's membership, programmatically and in the console"
    ),
    "iam-manage-tags": "Allows managing a specific tag",
    "iam-passrole-service": "Allows passing an IAM role to a specific service",
    "iam_read-only-console-no-reporting": "Allows read-only access to the IAM console without reporting",
    "iam_read-only-console": "Allows read-only access to the IAM console",
    "iam_users-manage-group": "Allows specific users to manage a group, programmatically and in the console",
    "iam_set-account-pass-policy": (
        "Allows setting the account password requirements, programmatically and in the console"
    ),
    "iam_policy-sim-path": "Allows using the policy simulator API for users with a specific path",
    "iam_policy-sim-path-console": "Allows using the policy simulator console for users with a specific path",
    "iam_mfa-selfmanage": "Allows IAM users to self-manage an MFA device.",
    "iam_credentials_console": (
        "Allows IAM users to rotate their own credentials, programmatically and in the console."
    ),
    "iam_service-accessed-data-orgs": (
        "Allows viewing service last accessed information for an AWS Organizations policy in the IAM console."
    ),
    "iam_limit-managed": "Limits managed policies that can be applied to an IAM user, group, or role",
    # Example policies: AWS Lambda
    "lambda-access-dynamodb": "Allows an AWS Lambda function to access an Amazon DynamoDB table",
    # Example policies: Amazon RDS
    "rds_region": "Allows full Amazon RDS database access within a specific Region.",
    "rds_db-console": "Allows restoring Amazon RDS databases, programmatically and in the console",
    "rds_tag-owner": "Allows tag owners full access to Amazon RDS resources that they have tagged",
    # Example policies: Amazon S3
    "s3_cognito-bucket": "Allows an Amazon Cognito user to access objects in their own Amazon S3 bucket",
    "s3_federated-home-directory-console": (
        "Allows federated users to access their own home directory in Amazon S3, programmatically and in "
        "the console"
    ),
    "s3_full-access-except-production": (
        "Allows full S3 access, but explicitly denies access to the Production bucket if the administrator "
        "has not signed in using MFA within the last thirty minutes"
    ),
    "s3_home-directory-console": (
        "Allows IAM users to access their own home directory in Amazon S3, programmatically and in the "
        "console"
    ),
    "s3_deny-except-bucket": (
        "Allows a user to manage a single Amazon S3 bucket and denies every other AWS action and resource"
    ),
    "s3_rw-bucket": "Allows Read and Write access to a specific Amazon S3 bucket",
    "s3_rw-bucket-console": (
        "Allows Read and Write access to a specific Amazon S3 bucket, programmatically and in the console"
    ),
}

SELF_MANAGE_NO_MFA = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowViewAccountInfo",
            "Effect": "Allow",
            "Action": [
                "iam:GetAccountPasswordPolicy",
                "iam:GetAccountSummary"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowManageOwnPasswords",
            "Effect": "Allow",
            "Action": [
                "iam:ChangePassword",
                "iam:GetUser"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnAccessKeys",
            "Effect": "Allow",
            "Action": [
                "iam:CreateAccessKey",
                "iam:DeleteAccessKey",
                "iam:ListAccessKeys",
                "iam:UpdateAccessKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnSigningCertificates",
            "Effect": "Allow",
            "Action": [
                "iam:DeleteSigningCertificate",
                "iam:ListSigningCertificates",
                "iam:UpdateSigningCertificate",
                "iam:UploadSigningCertificate"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnSSHPublicKeys",
            "Effect": "Allow",
            "Action": [
                "iam:DeleteSSHPublicKey",
                "iam:GetSSHPublicKey",
                "iam:ListSSHPublicKeys",
                "iam:UpdateSSHPublicKey",
                "iam:UploadSSHPublicKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnGitCredentials",
            "Effect": "Allow",
            "Action": [
                "iam:CreateServiceSpecificCredential",
                "iam:DeleteServiceSpecificCredential",
                "iam:ListServiceSpecificCredentials",
                "iam:ResetServiceSpecificCredential",
                "iam:UpdateServiceSpecificCredential"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        }
    ]
}"""

SELF_MANAGE_MFA = """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowViewAccountInfo",
            "Effect": "Allow",
            "Action": [
                "iam:GetAccountPasswordPolicy",
                "iam:GetAccountSummary",
                "iam:ListVirtualMFADevices"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowManageOwnPasswords",
            "Effect": "Allow",
            "Action": [
                "iam:ChangePassword",
                "iam:GetUser"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnAccessKeys",
            "Effect": "Allow",
            "Action": [
                "iam:CreateAccessKey",
                "iam:DeleteAccessKey",
                "iam:ListAccessKeys",
                "iam:UpdateAccessKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnSigningCertificates",
            "Effect": "Allow",
            "Action": [
                "iam:DeleteSigningCertificate",
                "iam:ListSigningCertificates",
                "iam:UpdateSigningCertificate",
                "iam:UploadSigningCertificate"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnSSHPublicKeys",
            "Effect": "Allow",
            "Action": [
                "iam:DeleteSSHPublicKey",
                "iam:GetSSHPublicKey",
                "iam:ListSSHPublicKeys",
                "iam:UpdateSSHPublicKey",
                "iam:UploadSSHPublicKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnGitCredentials",
            "Effect": "Allow",
            "Action": [
                "iam:CreateServiceSpecificCredential",
                "iam:DeleteServiceSpecificCredential",
                "iam:ListServiceSpecificCredentials",
                "iam:ResetServiceSpecificCredential",
                "iam:UpdateServiceSpecificCredential"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnVirtualMFADevice",
            "Effect": "Allow",
            "Action": [
                "iam:CreateVirtualMFADevice",
                "iam:DeleteVirtualMFADevice"
            ],
            "Resource": "arn:aws:iam::*:mfa/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnUserMFA",
            "Effect": "Allow",
            "Action": [
                "iam:DeactivateMFADevice",
                "iam:EnableMFADevice",
                "iam:ListMFADevices",
                "iam:ResyncMFADevice"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "DenyAllExceptListedIfNoMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken"
            ],
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {
                    "aws:MultiFactorAuthPresent": "false"
                }
            }
        }
    ]
}"""

EXAMPLES: dict[str, Example] = {
    "aws-dates": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": "service-prefix:action-name",
        "Resource": "*",
        "Condition": {
            "DateGreaterThan": {"aws:CurrentTime": "2017-07-01T00:00:00Z"},
            "DateLessThan": {"aws:CurrentTime": "2017-12-31T23:59:59Z"}
        }
    }
}""",
        (
            Case(
                "in-range",
                "service-prefix:action-name",
                "*",
                True,
                {"aws:CurrentTime": "2017-09-01T12:00:00Z"},
            ),
            Case(
                "before",
                "service-prefix:action-name",
                "*",
                False,
                {"aws:CurrentTime": "2017-06-30T23:59:59Z"},
            ),
            Case(
                "after", "service-prefix:action-name", "*", False, {"aws:CurrentTime": "2018-01-01T00:00:00Z"}
            ),
            Case(
                "other-action",
                "service-prefix:other",
                "*",
                False,
                {"aws:CurrentTime": "2017-09-01T12:00:00Z"},
            ),
        ),
    ),
    "aws-enable-disable-regions": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "EnableDisableHongKong",
            "Effect": "Allow",
            "Action": [
                "account:EnableRegion",
                "account:DisableRegion"
            ],
            "Resource": "*",
            "Condition": {
                "StringEquals": {"account:TargetRegion": "ap-east-1"}
            }
        },
        {
            "Sid": "ViewConsole",
            "Effect": "Allow",
            "Action": [
                "aws-portal:ViewAccount",
                "account:ListRegions"
            ],
            "Resource": "*"
        }
    ]
}""",
        (
            Case("hong-kong", "account:EnableRegion", "*", True, {"account:TargetRegion": "ap-east-1"}),
            Case("other-region", "account:EnableRegion", "*", False, {"account:TargetRegion": "me-south-1"}),
            Case("list-regions", "account:ListRegions", "*", True),
            Case("close-account", "account:CloseAccount", "*", False),
        ),
    ),
    "aws_my-sec-creds-self-manage": Example(
        SELF_MANAGE_MFA,
        (
            Case("get-self-no-mfa", "iam:GetUser", ME, True, NO_MFA),
            Case("create-key-self-mfa", "iam:CreateAccessKey", ME, True, MFA),
            Case("create-key-self-no-mfa", "iam:CreateAccessKey", ME, False, NO_MFA),
            # Long-term keys carry no aws:MultiFactorAuthPresent: BoolIfExists denies.
            Case("create-key-self-long-term-key", "iam:CreateAccessKey", ME, False),
            Case("create-key-other-mfa", "iam:CreateAccessKey", OTHER_USER, False, MFA),
            Case(
                "own-virtual-mfa", "iam:CreateVirtualMFADevice", f"arn:aws:iam::{A}:mfa/{ALICE}", True, NO_MFA
            ),
            Case("other-virtual-mfa", "iam:CreateVirtualMFADevice", f"arn:aws:iam::{A}:mfa/bob", False, MFA),
            Case("list-virtual-mfa", "iam:ListVirtualMFADevices", "*", True, NO_MFA),
            Case("summary-no-mfa", "iam:GetAccountSummary", "*", False, NO_MFA),
            Case("summary-mfa", "iam:GetAccountSummary", "*", True, MFA),
        ),
    ),
    "aws_mfa-dates": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "service-prefix-1:*",
            "service-prefix-2:action-name-a",
            "service-prefix-2:action-name-b"
        ],
        "Resource": "*",
        "Condition": {
            "Bool": {"aws:MultiFactorAuthPresent": true},
            "DateGreaterThan": {"aws:CurrentTime": "2017-07-01T00:00:00Z"},
            "DateLessThan": {"aws:CurrentTime": "2017-12-31T23:59:59Z"}
        }
    }
}""",
        (
            Case(
                "mfa-in-range",
                "service-prefix-1:anything",
                "*",
                True,
                {**MFA, "aws:CurrentTime": "2017-08-01T00:00:00Z"},
            ),
            Case(
                "named-action",
                "service-prefix-2:action-name-b",
                "*",
                True,
                {**MFA, "aws:CurrentTime": "2017-08-01T00:00:00Z"},
            ),
            Case(
                "no-mfa",
                "service-prefix-1:anything",
                "*",
                False,
                {**NO_MFA, "aws:CurrentTime": "2017-08-01T00:00:00Z"},
            ),
            Case(
                "mfa-late",
                "service-prefix-1:anything",
                "*",
                False,
                {**MFA, "aws:CurrentTime": "2018-08-01T00:00:00Z"},
            ),
            Case(
                "other-action",
                "service-prefix-2:action-name-c",
                "*",
                False,
                {**MFA, "aws:CurrentTime": "2017-08-01T00:00:00Z"},
            ),
        ),
    ),
    "aws_my-sec-creds-self-manage-no-mfa": Example(
        SELF_MANAGE_NO_MFA,
        (
            Case("get-self", "iam:GetUser", ME, True),
            Case("list-own-keys", "iam:ListAccessKeys", ME, True),
            Case("create-own-key", "iam:CreateAccessKey", ME, True),
            Case("own-ssh-key", "iam:UploadSSHPublicKey", ME, True),
            Case("password-policy", "iam:GetAccountPasswordPolicy", "*", True),
            Case("get-other", "iam:GetUser", OTHER_USER, False),
            Case("create-other-key", "iam:CreateAccessKey", OTHER_USER, False),
            Case("same-name-other-account", "iam:GetUser", f"arn:aws:iam::444455556666:user/{ALICE}", True),
            Case("name-prefix", "iam:GetUser", f"arn:aws:iam::{A}:user/{ALICE}2", False),
            Case("own-mfa", "iam:ListMFADevices", ME, False),
            Case("list-users", "iam:ListUsers", "*", False),
        ),
    ),
    "aws_my-sec-creds-self-manage-mfa-only": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowViewAccountInfo",
            "Effect": "Allow",
            "Action": "iam:ListVirtualMFADevices",
            "Resource": "*"
        },
        {
            "Sid": "AllowManageOwnVirtualMFADevice",
            "Effect": "Allow",
            "Action": [
                "iam:CreateVirtualMFADevice",
                "iam:DeleteVirtualMFADevice"
            ],
            "Resource": "arn:aws:iam::*:mfa/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnUserMFA",
            "Effect": "Allow",
            "Action": [
                "iam:DeactivateMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ResyncMFADevice"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "DenyAllExceptListedIfNoMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:ChangePassword",
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:GetUser",
                "iam:ListMFADevices",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice",
                "sts:GetSessionToken"
            ],
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}
            }
        }
    ]
}""",
        (
            Case("enable-own-no-mfa", "iam:EnableMFADevice", ME, True, NO_MFA),
            Case("create-own-virtual", "iam:CreateVirtualMFADevice", f"arn:aws:iam::{A}:mfa/{ALICE}", True),
            # Deleting needs MFA ("Do not add permission to delete an MFA device without MFA").
            Case(
                "delete-own-virtual-no-mfa",
                "iam:DeleteVirtualMFADevice",
                f"arn:aws:iam::{A}:mfa/{ALICE}",
                False,
                NO_MFA,
            ),
            Case(
                "delete-own-virtual-mfa",
                "iam:DeleteVirtualMFADevice",
                f"arn:aws:iam::{A}:mfa/{ALICE}",
                True,
                MFA,
            ),
            Case("deactivate-other", "iam:DeactivateMFADevice", OTHER_USER, False, MFA),
        ),
    ),
    "aws_my-sec-creds-self-manage-password-only": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ViewAccountPasswordRequirements",
            "Effect": "Allow",
            "Action": "iam:GetAccountPasswordPolicy",
            "Resource": "*"
        },
        {
            "Sid": "ChangeOwnPassword",
            "Effect": "Allow",
            "Action": [
                "iam:GetUser",
                "iam:ChangePassword"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        }
    ]
}""",
        (
            Case("change-own", "iam:ChangePassword", ME, True),
            Case("password-policy", "iam:GetAccountPasswordPolicy", "*", True),
            Case("change-other", "iam:ChangePassword", OTHER_USER, False),
            Case("own-keys", "iam:CreateAccessKey", ME, False),
        ),
    ),
    "aws_my-sec-creds-self-manage-pass-accesskeys-ssh": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowViewAccountInfo",
            "Effect": "Allow",
            "Action": [
                "iam:GetAccountPasswordPolicy",
                "iam:GetAccountSummary"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowManageOwnPasswords",
            "Effect": "Allow",
            "Action": [
                "iam:ChangePassword",
                "iam:GetUser"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnAccessKeys",
            "Effect": "Allow",
            "Action": [
                "iam:CreateAccessKey",
                "iam:DeleteAccessKey",
                "iam:ListAccessKeys",
                "iam:UpdateAccessKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        },
        {
            "Sid": "AllowManageOwnSSHPublicKeys",
            "Effect": "Allow",
            "Action": [
                "iam:DeleteSSHPublicKey",
                "iam:GetSSHPublicKey",
                "iam:ListSSHPublicKeys",
                "iam:UpdateSSHPublicKey",
                "iam:UploadSSHPublicKey"
            ],
            "Resource": "arn:aws:iam::*:user/${aws:username}"
        }
    ]
}""",
        (
            Case("delete-own-key", "iam:DeleteAccessKey", ME, True),
            Case("own-ssh", "iam:GetSSHPublicKey", ME, True),
            Case("other-ssh", "iam:GetSSHPublicKey", OTHER_USER, False),
            Case("own-signing-cert", "iam:UploadSigningCertificate", ME, False),
        ),
    ),
    "aws_deny-requested-region": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "DenyAllOutsideEU",
            "Effect": "Deny",
            "NotAction": [
                "cloudfront:*",
                "iam:*",
                "route53:*",
                "support:*"
            ],
            "Resource": "*",
            "Condition": {
                "StringNotEquals": {
                    "aws:RequestedRegion": [
                        "eu-central-1",
                        "eu-west-1"
                    ]
                }
            }
        }
    ]
}""",
        (
            Case("eu-west-1", "ec2:RunInstances", "*", True, {"aws:RequestedRegion": "eu-west-1"}),
            Case("us-east-1", "ec2:RunInstances", "*", False, {"aws:RequestedRegion": "us-east-1"}),
            Case("global-iam", "iam:CreateUser", "*", True, {"aws:RequestedRegion": "us-east-1"}),
        ),
        with_allow_all=True,
    ),
    "aws_deny-ip": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Deny",
        "Action": "*",
        "Resource": "*",
        "Condition": {
            "NotIpAddress": {
                "aws:SourceIp": [
                    "192.0.2.0/24",
                    "203.0.113.0/24"
                ]
            }
        }
    }
}""",
        (
            Case("inside", "s3:GetObject", "arn:aws:s3:::b/k", True, {"aws:SourceIp": "203.0.113.7"}),
            Case("outside", "s3:GetObject", "arn:aws:s3:::b/k", False, {"aws:SourceIp": "198.51.100.7"}),
        ),
        with_allow_all=True,
    ),
    "datapipeline_not-owned": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ExplicitDenyIfNotTheOwner",
            "Effect": "Deny",
            "Action": [
                "datapipeline:ActivatePipeline",
                "datapipeline:AddTags",
                "datapipeline:DeactivatePipeline",
                "datapipeline:DeletePipeline",
                "datapipeline:DescribeObjects",
                "datapipeline:EvaluateExpression",
                "datapipeline:GetPipelineDefinition",
                "datapipeline:PollForTask",
                "datapipeline:PutPipelineDefinition",
                "datapipeline:QueryObjects",
                "datapipeline:RemoveTags",
                "datapipeline:ReportTaskProgress",
                "datapipeline:ReportTaskRunnerHeartbeat",
                "datapipeline:SetStatus",
                "datapipeline:SetTaskStatus",
                "datapipeline:ValidatePipelineDefinition"
            ],
            "Resource": ["*"],
            "Condition": {
                "StringNotEquals": {"datapipeline:PipelineCreator": "${aws:userid}"}
            }
        }
    ]
}""",
        (
            Case("own", "datapipeline:DeletePipeline", "*", True, {"datapipeline:PipelineCreator": USER_ID}),
            Case(
                "not-own",
                "datapipeline:DeletePipeline",
                "*",
                False,
                {"datapipeline:PipelineCreator": "AIDAOTHER"},
            ),
        ),
        with_allow_all=True,
    ),
    "dynamodb_specific-table": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListAndDescribe",
            "Effect": "Allow",
            "Action": [
                "dynamodb:List*",
                "dynamodb:DescribeReservedCapacity*",
                "dynamodb:DescribeLimits",
                "dynamodb:DescribeTimeToLive"
            ],
            "Resource": "*"
        },
        {
            "Sid": "SpecificTable",
            "Effect": "Allow",
            "Action": [
                "dynamodb:BatchGet*",
                "dynamodb:DescribeStream",
                "dynamodb:DescribeTable",
                "dynamodb:Get*",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:BatchWrite*",
                "dynamodb:CreateTable",
                "dynamodb:Delete*",
                "dynamodb:Update*",
                "dynamodb:PutItem"
            ],
            "Resource": "arn:aws:dynamodb:*:*:table/MyTable"
        }
    ]
}""",
        (
            Case("my-table", "dynamodb:GetItem", f"arn:aws:dynamodb:us-east-1:{A}:table/MyTable", True),
            Case("list", "dynamodb:ListTables", "*", True),
            Case("other-table", "dynamodb:GetItem", f"arn:aws:dynamodb:us-east-1:{A}:table/Other", False),
            Case("index", "dynamodb:Query", f"arn:aws:dynamodb:us-east-1:{A}:table/MyTable/index/i", False),
        ),
    ),
    "dynamodb_columns": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "dynamodb:GetItem",
                "dynamodb:BatchGetItem",
                "dynamodb:Query",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem",
                "dynamodb:DeleteItem",
                "dynamodb:BatchWriteItem"
            ],
            "Resource": ["arn:aws:dynamodb:*:*:table/table-name"],
            "Condition": {
                "ForAllValues:StringEquals": {
                    "dynamodb:Attributes": [
                        "column-name-1",
                        "column-name-2",
                        "column-name-3"
                    ]
                },
                "StringEqualsIfExists": {"dynamodb:Select": "SPECIFIC_ATTRIBUTES"}
            }
        }
    ]
}""",
        (
            Case(
                "listed-columns",
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-1:{A}:table/table-name",
                True,
                {
                    "dynamodb:Attributes": ["column-name-1", "column-name-3"],
                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES",
                },
            ),
            Case(
                "other-column",
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-1:{A}:table/table-name",
                False,
                {
                    "dynamodb:Attributes": ["column-name-1", "salary"],
                    "dynamodb:Select": "SPECIFIC_ATTRIBUTES",
                },
            ),
            Case(
                "all-attributes",
                "dynamodb:Query",
                f"arn:aws:dynamodb:us-east-1:{A}:table/table-name",
                False,
                {"dynamodb:Attributes": ["column-name-1"], "dynamodb:Select": "ALL_ATTRIBUTES"},
            ),
        ),
    ),
}


EC2 = f"arn:aws:ec2:us-east-1:{A}"
INSTANCE = f"{EC2}:instance/i-0123456789abcdef0"

EXAMPLES |= {
    "dynamodb_rows": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "dynamodb:DeleteItem",
                "dynamodb:GetItem",
                "dynamodb:PutItem",
                "dynamodb:Query",
                "dynamodb:UpdateItem"
            ],
            "Resource": ["arn:aws:dynamodb:*:*:table/MyTable"],
            "Condition": {
                "ForAllValues:StringEquals": {
                    "dynamodb:LeadingKeys": ["${cognito-identity.amazonaws.com:sub}"]
                }
            }
        }
    ]
}""",
        (
            Case(
                "own-rows",
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-1:{A}:table/MyTable",
                True,
                {
                    "cognito-identity.amazonaws.com:sub": "us-east-1:1234",
                    "dynamodb:LeadingKeys": ["us-east-1:1234"],
                },
            ),
            Case(
                "other-rows",
                "dynamodb:GetItem",
                f"arn:aws:dynamodb:us-east-1:{A}:table/MyTable",
                False,
                {
                    "cognito-identity.amazonaws.com:sub": "us-east-1:1234",
                    "dynamodb:LeadingKeys": ["us-east-1:9999"],
                },
            ),
        ),
    ),
    "ec2_volumes-instance": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
            ],
            "Resource": [
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:ec2:*:*:instance/*"
            ],
            "Condition": {
                "ArnEquals": {"ec2:SourceInstanceARN": "arn:aws:ec2:*:*:instance/instance-id"}
            }
        }
    ]
}""",
        (
            Case(
                "from-the-instance",
                "ec2:AttachVolume",
                f"{EC2}:volume/vol-1",
                True,
                {"ec2:SourceInstanceARN": f"{EC2}:instance/instance-id"},
            ),
            Case(
                "from-another-instance",
                "ec2:AttachVolume",
                f"{EC2}:volume/vol-1",
                False,
                {"ec2:SourceInstanceARN": f"{EC2}:instance/i-other"},
            ),
            Case("not-from-an-instance", "ec2:DetachVolume", f"{EC2}:volume/vol-1", False),
        ),
    ),
    "ec2_ebs-owner": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
            ],
            "Resource": "arn:aws:ec2:*:*:instance/*",
            "Condition": {
                "StringEquals": {"aws:ResourceTag/Department": "Development"}
            }
        },
        {
            "Effect": "Allow",
            "Action": [
                "ec2:AttachVolume",
                "ec2:DetachVolume"
            ],
            "Resource": "arn:aws:ec2:*:*:volume/*",
            "Condition": {
                "StringEquals": {"aws:ResourceTag/VolumeUser": "${aws:username}"}
            }
        }
    ]
}""",
        (
            Case(
                "own-volume",
                "ec2:AttachVolume",
                f"{EC2}:volume/vol-1",
                True,
                {"aws:ResourceTag/VolumeUser": ALICE},
            ),
            Case(
                "bobs-volume",
                "ec2:AttachVolume",
                f"{EC2}:volume/vol-1",
                False,
                {"aws:ResourceTag/VolumeUser": "bob"},
            ),
            Case(
                "dev-instance",
                "ec2:AttachVolume",
                INSTANCE,
                True,
                {"aws:ResourceTag/Department": "Development"},
            ),
            Case(
                "prod-instance",
                "ec2:AttachVolume",
                INSTANCE,
                False,
                {"aws:ResourceTag/Department": "Production"},
            ),
        ),
    ),
    "ec2_instances-subnet": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:Describe*",
                "ec2:GetConsole*"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "ec2:RunInstances",
            "Resource": [
                "arn:aws:ec2:*:*:subnet/subnet-subnet-id",
                "arn:aws:ec2:*:*:network-interface/*",
                "arn:aws:ec2:*:*:instance/*",
                "arn:aws:ec2:*:*:volume/*",
                "arn:aws:ec2:*::image/ami-*",
                "arn:aws:ec2:*:*:key-pair/*",
                "arn:aws:ec2:*:*:security-group/*"
            ]
        }
    ]
}""",
        (
            Case("the-subnet", "ec2:RunInstances", f"{EC2}:subnet/subnet-subnet-id", True),
            Case("public-image", "ec2:RunInstances", "arn:aws:ec2:us-east-1::image/ami-12345678", True),
            Case("other-subnet", "ec2:RunInstances", f"{EC2}:subnet/subnet-other", False),
            # An image ARN names no account: one that does is not this pattern's.
            Case("image-with-account", "ec2:RunInstances", f"{EC2}:image/ami-12345678", False),
            Case("describe", "ec2:DescribeSubnets", "*", True),
        ),
    ),
    "ec2_securitygroups-vpc": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:DeleteSecurityGroup",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:ModifySecurityGroupRules"
            ],
            "Resource": "arn:aws:ec2:*:*:security-group/*",
            "Condition": {
                "ArnEquals": {
                    "ec2:Vpc": "arn:aws:ec2:*:*:vpc/vpc-vpc-id"
                }
            }
        },
        {
            "Action": [
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSecurityGroupReferences",
                "ec2:DescribeStaleSecurityGroups",
                "ec2:DescribeVpcs",
                "ec2:DescribeSecurityGroupRules"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ]
}""",
        (
            Case(
                "group-in-vpc",
                "ec2:DeleteSecurityGroup",
                f"{EC2}:security-group/sg-1",
                True,
                {"ec2:Vpc": f"{EC2}:vpc/vpc-vpc-id"},
            ),
            Case(
                "group-in-other-vpc",
                "ec2:DeleteSecurityGroup",
                f"{EC2}:security-group/sg-1",
                False,
                {"ec2:Vpc": f"{EC2}:vpc/vpc-other"},
            ),
            Case("describe-vpcs", "ec2:DescribeVpcs", "*", True),
        ),
    ),
    "ec2_tag-owner": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:StartInstances",
                "ec2:StopInstances"
            ],
            "Resource": "arn:aws:ec2:*:*:instance/*",
            "Condition": {
                "StringEquals": {
                    "ec2:ResourceTag/Owner": "${aws:username}"
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "ec2:DescribeInstances",
            "Resource": "*"
        }
    ]
}""",
        (
            Case("own-instance", "ec2:StopInstances", INSTANCE, True, {"ec2:ResourceTag/Owner": ALICE}),
            Case("bobs-instance", "ec2:StopInstances", INSTANCE, False, {"ec2:ResourceTag/Owner": "bob"}),
            Case("untagged", "ec2:StartInstances", INSTANCE, False),
        ),
    ),
    "ec2-start-stop-tags": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "StartStopIfTags",
            "Effect": "Allow",
            "Action": [
                "ec2:StartInstances",
                "ec2:StopInstances",
                "ec2:DescribeTags"
            ],
            "Resource": "arn:aws:ec2:region:account-id:instance/*",
            "Condition": {
                "StringEquals": {
                    "ec2:ResourceTag/Project": "DataAnalytics",
                    "aws:PrincipalTag/Department": "Data"
                }
            }
        }
    ]
}""",
        (
            Case(
                "both-tags",
                "ec2:StartInstances",
                "arn:aws:ec2:region:account-id:instance/i-1",
                True,
                {"ec2:ResourceTag/Project": "DataAnalytics", "aws:PrincipalTag/Department": "Data"},
            ),
            Case(
                "principal-not-tagged",
                "ec2:StartInstances",
                "arn:aws:ec2:region:account-id:instance/i-1",
                False,
                {"ec2:ResourceTag/Project": "DataAnalytics"},
            ),
            Case(
                "other-project",
                "ec2:StopInstances",
                "arn:aws:ec2:region:account-id:instance/i-1",
                False,
                {"ec2:ResourceTag/Project": "Web", "aws:PrincipalTag/Department": "Data"},
            ),
        ),
    ),
    "ec2-start-stop-match-tags": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "ec2:startInstances",
            "ec2:stopInstances"
        ],
        "Resource": "*",
        "Condition": {"StringEquals":
            {"ec2:ResourceTag/CostCenter": "${aws:PrincipalTag/CostCenter}"}}
    }
}""",
        (
            Case(
                "same-cost-center",
                "ec2:StartInstances",
                INSTANCE,
                True,
                {"ec2:ResourceTag/CostCenter": "1234", "aws:PrincipalTag/CostCenter": "1234"},
            ),
            Case(
                "other-cost-center",
                "ec2:StartInstances",
                INSTANCE,
                False,
                {"ec2:ResourceTag/CostCenter": "1234", "aws:PrincipalTag/CostCenter": "5678"},
            ),
            Case(
                "principal-untagged",
                "ec2:StopInstances",
                INSTANCE,
                False,
                {"ec2:ResourceTag/CostCenter": "1234"},
            ),
        ),
    ),
    "ec2_region": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": "ec2:*",
            "Resource": "*",
            "Effect": "Allow",
            "Condition": {
                "StringEquals": {
                    "ec2:Region": "region"
                }
            }
        }
    ]
}""",
        (
            Case("in-region", "ec2:RunInstances", "*", True, {"ec2:Region": "region"}),
            Case("other-region", "ec2:RunInstances", "*", False, {"ec2:Region": "us-west-2"}),
        ),
    ),
    "ec2_instance-securitygroup": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "ec2:DescribeInstances",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeSecurityGroupReferences",
                "ec2:DescribeStaleSecurityGroups"
            ],
            "Resource": "*",
            "Effect": "Allow"
        },
        {
            "Action": [
                "ec2:AuthorizeSecurityGroupEgress",
                "ec2:AuthorizeSecurityGroupIngress",
                "ec2:RevokeSecurityGroupEgress",
                "ec2:RevokeSecurityGroupIngress",
                "ec2:StartInstances",
                "ec2:StopInstances"
            ],
            "Resource": [
                "arn:aws:ec2:*:*:instance/i-instance-id",
                "arn:aws:ec2:*:*:security-group/sg-security-group-id"
            ],
            "Effect": "Allow"
        }
    ]
}""",
        (
            Case("the-instance", "ec2:StopInstances", f"{EC2}:instance/i-instance-id", True),
            Case(
                "the-group",
                "ec2:AuthorizeSecurityGroupIngress",
                f"{EC2}:security-group/sg-security-group-id",
                True,
            ),
            Case("other-instance", "ec2:StopInstances", INSTANCE, False),
            Case("terminate", "ec2:TerminateInstances", f"{EC2}:instance/i-instance-id", False),
        ),
    ),
    "ec2_require-mfa": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowAllActionsForEC2",
            "Effect": "Allow",
            "Action": "ec2:*",
            "Resource": "*"
        },
        {
            "Sid": "DenyStopAndTerminateWhenMFAIsNotPresent",
            "Effect": "Deny",
            "Action": [
                "ec2:StopInstances",
                "ec2:TerminateInstances"
            ],
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {"aws:MultiFactorAuthPresent": false}
            }
        }
    ]
}""",
        (
            Case("stop-with-mfa", "ec2:StopInstances", INSTANCE, True, MFA),
            Case("stop-long-term-key", "ec2:StopInstances", INSTANCE, False),
            Case("stop-session-without-mfa", "ec2:TerminateInstances", INSTANCE, False, NO_MFA),
            Case("start-without-mfa", "ec2:StartInstances", INSTANCE, True),
        ),
    ),
    "ec2_terminate-ip": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": ["ec2:TerminateInstances"],
            "Resource": ["*"]
        },
        {
            "Effect": "Deny",
            "Action": ["ec2:TerminateInstances"],
            "Condition": {
                "NotIpAddress": {
                    "aws:SourceIp": [
                        "192.0.2.0/24",
                        "203.0.113.0/24"
                    ]
                }
            },
            "Resource": ["*"]
        }
    ]
}""",
        (
            Case("inside", "ec2:TerminateInstances", INSTANCE, True, {"aws:SourceIp": "192.0.2.10"}),
            Case("outside", "ec2:TerminateInstances", INSTANCE, False, {"aws:SourceIp": "198.51.100.10"}),
        ),
    ),
}

DEV_USER = f"arn:aws:iam::{A}:user/Department/Development/dev1"
TABLE = f"arn:aws:dynamodb:us-east-1:{A}:table"

EXAMPLES |= {
    "iam_policy-sim": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "iam:GetContextKeysForCustomPolicy",
                "iam:GetContextKeysForPrincipalPolicy",
                "iam:SimulateCustomPolicy",
                "iam:SimulatePrincipalPolicy"
            ],
            "Effect": "Allow",
            "Resource": "*"
        }
    ]
}""",
        (
            Case("simulate-custom", "iam:SimulateCustomPolicy", "*", True),
            Case("simulate-principal", "iam:SimulatePrincipalPolicy", OTHER_USER, True),
            Case("get-user", "iam:GetUser", ME, False),
        ),
    ),
    "iam_policy-sim-console": Example(
        """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Action": [
                "iam:GetGroup",
                "iam:GetGroupPolicy",
                "iam:GetPolicy",
                "iam:GetPolicyVersion",
                "iam:GetRole",
                "iam:GetRolePolicy",
                "iam:GetUser",
                "iam:GetUserPolicy",
                "iam:ListAttachedGroupPolicies",
                "iam:ListAttachedRolePolicies",
                "iam:ListAttachedUserPolicies",
                "iam:ListGroups",
                "iam:ListGroupPolicies",
                "iam:ListGroupsForUser",
                "iam:ListRolePolicies",
                "iam:ListRoles",
                "iam:ListUserPolicies",
                "iam:ListUsers"
       ],
      "Effect": "Allow",
      "Resource":"*"
    }
  ]
}""",
        (
            Case("list-roles", "iam:ListRoles", "*", True),
            Case("get-role-policy", "iam:GetRolePolicy", f"arn:aws:iam::{A}:role/r", True),
            Case("create-role", "iam:CreateRole", f"arn:aws:iam::{A}:role/r", False),
        ),
    ),
    "iam-assume-tagged-role": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "",
            "Effect": "Allow",
            "Action": "sts:AssumeRole",
            "Resource": "*",
            "Condition": {
                "StringEquals": {"iam:ResourceTag/Project": "ExampleCorpABC"}
            }
        }
    ]
}""",
        (
            Case(
                "tagged-role",
                "sts:AssumeRole",
                f"arn:aws:iam::{A}:role/r",
                True,
                {"iam:ResourceTag/Project": "ExampleCorpABC"},
            ),
            Case(
                "other-project",
                "sts:AssumeRole",
                f"arn:aws:iam::{A}:role/r",
                False,
                {"iam:ResourceTag/Project": "Other"},
            ),
            Case("untagged-role", "sts:AssumeRole", f"arn:aws:iam::{A}:role/r", False),
        ),
    ),
    "iam_multiple-services-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowServices",
            "Effect": "Allow",
            "Action": [
                "s3:*",
                "cloudwatch:*",
                "ec2:*"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowIAMConsoleForCredentials",
            "Effect": "Allow",
            "Action": [
                "iam:ListUsers",
                "iam:GetAccountPasswordPolicy"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowManageOwnPasswordAndAccessKeys",
            "Effect": "Allow",
            "Action": [
                "iam:*AccessKey*",
                "iam:ChangePassword",
                "iam:GetUser",
                "iam:*LoginProfile*"
            ],
            "Resource": ["arn:aws:iam::*:user/${aws:username}"]
        },
        {
            "Sid": "DenyS3Logs",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::logs",
                "arn:aws:s3:::logs/*"
            ]
        },
        {
            "Sid": "DenyEC2Production",
            "Effect": "Deny",
            "Action": "ec2:*",
            "Resource": "arn:aws:ec2:*:*:instance/i-1234567890abcdef0"
        }
    ]
}""",
        (
            Case("s3-object", "s3:GetObject", "arn:aws:s3:::b/k", True),
            Case("s3-logs", "s3:GetObject", "arn:aws:s3:::logs/2020/k", False),
            Case("ec2-other-instance", "ec2:StopInstances", INSTANCE, True),
            Case("ec2-production", "ec2:StopInstances", f"{EC2}:instance/i-1234567890abcdef0", False),
            Case("own-login-profile", "iam:UpdateLoginProfile", ME, True),
            Case("other-login-profile", "iam:UpdateLoginProfile", OTHER_USER, False),
            Case("dynamodb", "dynamodb:GetItem", f"{TABLE}/t", False),
        ),
    ),
    "iam-add-tag": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListTagsForAllUsers",
            "Effect": "Allow",
            "Action": [
                "iam:ListUserTags",
                "iam:ListUsers"
            ],
            "Resource": "*"
        },
        {
            "Sid": "TagManagerWithSpecificDepartment",
            "Effect": "Allow",
            "Action": "iam:TagUser",
            "Resource": "*",
            "Condition": {"StringEquals": {
                "iam:ResourceTag/JobFunction": "Manager",
                "aws:RequestTag/Department": [
                    "Marketing",
                    "Development",
                    "QualityAssurance"
                    ]
                },
                "ForAllValues:StringEquals": {"aws:TagKeys": "Department"}
            }
        }
    ]
}""",
        (
            Case(
                "manager-department",
                "iam:TagUser",
                OTHER_USER,
                True,
                {
                    "iam:ResourceTag/JobFunction": "Manager",
                    "aws:RequestTag/Department": "Marketing",
                    "aws:TagKeys": ["Department"],
                },
            ),
            Case(
                "extra-tag-key",
                "iam:TagUser",
                OTHER_USER,
                False,
                {
                    "iam:ResourceTag/JobFunction": "Manager",
                    "aws:RequestTag/Department": "Marketing",
                    "aws:TagKeys": ["Department", "Owner"],
                },
            ),
            Case(
                "not-a-manager",
                "iam:TagUser",
                OTHER_USER,
                False,
                {
                    "iam:ResourceTag/JobFunction": "Employee",
                    "aws:RequestTag/Department": "Marketing",
                    "aws:TagKeys": ["Department"],
                },
            ),
        ),
    ),
    "iam-add-tag-user-role": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ConsoleDisplay",
            "Effect": "Allow",
            "Action": [
                "iam:GetRole",
                "iam:GetUser",
                "iam:ListRoles",
                "iam:ListRoleTags",
                "iam:ListUsers",
                "iam:ListUserTags"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AddTag",
            "Effect": "Allow",
            "Action": [
                "iam:TagUser",
                "iam:TagRole"
            ],
            "Resource": "*",
            "Condition": {
                "StringEquals": {
                    "aws:RequestTag/CostCenter": [
                        "A-123",
                        "B-456"
                    ]
                },
                "ForAllValues:StringEquals": {"aws:TagKeys": "CostCenter"}
            }
        }
    ]
}""",
        (
            Case(
                "listed-value",
                "iam:TagRole",
                f"arn:aws:iam::{A}:role/r",
                True,
                {"aws:RequestTag/CostCenter": "B-456", "aws:TagKeys": ["CostCenter"]},
            ),
            Case(
                "other-value",
                "iam:TagUser",
                OTHER_USER,
                False,
                {"aws:RequestTag/CostCenter": "C-789", "aws:TagKeys": ["CostCenter"]},
            ),
        ),
    ),
    "iam-new-user-tag": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "TagUsersWithOnlyTheseTags",
            "Effect": "Allow",
            "Action": [
                "iam:CreateUser",
                "iam:TagUser"
            ],
            "Resource": "*",
            "Condition": {
                "StringEqualsIfExists": {
                    "aws:RequestTag/Department": [
                        "Development",
                        "QualityAssurance"
                    ],
                    "aws:RequestTag/JobFunction": "Employee"
                },
                "ForAllValues:StringEquals": {
                    "aws:TagKeys": [
                        "Department",
                        "JobFunction"
                    ]
                }
            }
        }
    ]
}""",
        (
            Case(
                "quality-assurance",
                "iam:CreateUser",
                OTHER_USER,
                True,
                {"aws:RequestTag/Department": "QualityAssurance", "aws:TagKeys": ["Department"]},
            ),
            Case(
                "employee-and-project",
                "iam:CreateUser",
                OTHER_USER,
                False,
                {
                    "aws:RequestTag/JobFunction": "Employee",
                    "aws:RequestTag/Project": "core",
                    "aws:TagKeys": ["JobFunction", "Project"],
                },
            ),
            Case(
                "other-department",
                "iam:CreateUser",
                OTHER_USER,
                False,
                {"aws:RequestTag/Department": "Sales", "aws:TagKeys": ["Department"]},
            ),
        ),
    ),
    "iam-credential-report": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "iam:GenerateCredentialReport",
            "iam:GetCredentialReport"
        ],
        "Resource": "*"
    }
}""",
        (
            Case("generate", "iam:GenerateCredentialReport", "*", True),
            Case("get", "iam:GetCredentialReport", "*", True),
            Case("list-users", "iam:ListUsers", "*", False),
        ),
    ),
    "iam_manage-group-membership": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ViewGroups",
            "Effect": "Allow",
            "Action": [
                "iam:ListGroups",
                "iam:ListUsers",
                "iam:GetUser",
                "iam:ListGroupsForUser"
            ],
            "Resource": "*"
        },
        {
            "Sid": "ViewEditThisGroup",
            "Effect": "Allow",
            "Action": [
                "iam:AddUserToGroup",
                "iam:RemoveUserFromGroup",
                "iam:GetGroup"
            ],
            "Resource": "arn:aws:iam::*:group/MarketingTeam"
        }
    ]
}""",
        (
            Case("marketing", "iam:AddUserToGroup", f"arn:aws:iam::{A}:group/MarketingTeam", True),
            Case("admins", "iam:AddUserToGroup", f"arn:aws:iam::{A}:group/Admins", False),
            Case("group-policy", "iam:PutGroupPolicy", f"arn:aws:iam::{A}:group/MarketingTeam", False),
        ),
    ),
    "iam-manage-tags": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "iam:TagUser",
            "iam:TagRole",
            "iam:UntagUser",
            "iam:UntagRole"
        ],
        "Resource": "*",
        "Condition": {"ForAllValues:StringEquals": {"aws:TagKeys": "Department"}}
    }
}""",
        (
            Case("department", "iam:UntagUser", OTHER_USER, True, {"aws:TagKeys": ["Department"]}),
            Case(
                "two-keys",
                "iam:TagRole",
                f"arn:aws:iam::{A}:role/r",
                False,
                {"aws:TagKeys": ["Department", "x"]},
            ),
        ),
    ),
    "iam-passrole-service": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "iam:PassRole",
            "Resource": "*",
            "Condition": {
                "StringEquals": {"iam:PassedToService": "cloudwatch.amazonaws.com"}
            }
        }
    ]
}""",
        (
            Case(
                "to-cloudwatch",
                "iam:PassRole",
                f"arn:aws:iam::{A}:role/r",
                True,
                {"iam:PassedToService": "cloudwatch.amazonaws.com"},
            ),
            Case(
                "to-ec2",
                "iam:PassRole",
                f"arn:aws:iam::{A}:role/r",
                False,
                {"iam:PassedToService": "ec2.amazonaws.com"},
            ),
        ),
    ),
    # The page's JSON has a comma after "iam:List*", which is not JSON (IAM answers "Syntax errors in
    # policy."); the policy is evaluated without it.
    "iam_read-only-console-no-reporting": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "iam:Get*",
            "iam:List*"
        ],
        "Resource": "*"
    }
}""",
        (
            Case("get-user", "iam:GetUser", OTHER_USER, True),
            Case("list-roles", "iam:ListRoles", "*", True),
            Case("report", "iam:GenerateCredentialReport", "*", False),
        ),
    ),
    "iam_read-only-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "iam:Get*",
            "iam:List*",
            "iam:Generate*"
        ],
        "Resource": "*"
    }
}""",
        (
            Case("report", "iam:GenerateServiceLastAccessedDetails", f"arn:aws:iam::{A}:role/r", True),
            Case("create-user", "iam:CreateUser", OTHER_USER, False),
        ),
    ),
    "iam_users-manage-group": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowAllUsersToListAllGroups",
            "Effect": "Allow",
            "Action": "iam:ListGroups",
            "Resource": "*"
        },
        {
            "Sid": "AllowAllUsersToViewAndManageThisGroup",
            "Effect": "Allow",
            "Action": "iam:*Group*",
            "Resource": "arn:aws:iam::*:group/AllUsers"
        },
        {
            "Sid": "LimitGroupManagementAccessToSpecificUsers",
            "Effect": "Deny",
            "Action": [
                "iam:AddUserToGroup",
                "iam:CreateGroup",
                "iam:RemoveUserFromGroup",
                "iam:DeleteGroup",
                "iam:AttachGroupPolicy",
                "iam:UpdateGroup",
                "iam:DetachGroupPolicy",
                "iam:DeleteGroupPolicy",
                "iam:PutGroupPolicy"
            ],
            "Resource": "arn:aws:iam::*:group/AllUsers",
            "Condition": {
                "StringNotEquals": {
                    "aws:username": [
                        "srodriguez",
                        "mjackson",
                        "adesai"
                    ]
                }
            }
        }
    ]
}""",
        (
            Case("alice-views", "iam:GetGroup", f"arn:aws:iam::{A}:group/AllUsers", True),
            Case("alice-adds", "iam:AddUserToGroup", f"arn:aws:iam::{A}:group/AllUsers", False),
            Case(
                "listed-user-adds",
                "iam:AddUserToGroup",
                f"arn:aws:iam::{A}:group/AllUsers",
                True,
                {"aws:username": "mjackson"},
            ),
            Case("other-group", "iam:GetGroup", f"arn:aws:iam::{A}:group/Admins", False),
        ),
    ),
    "iam_set-account-pass-policy": Example(
        """{
    "Version": "2012-10-17",
    "Statement": {
        "Effect": "Allow",
        "Action": [
            "iam:GetAccountPasswordPolicy",
            "iam:UpdateAccountPasswordPolicy"
        ],
        "Resource": "*"
    }
}""",
        (
            Case("update", "iam:UpdateAccountPasswordPolicy", "*", True),
            Case("delete", "iam:DeleteAccountPasswordPolicy", "*", False),
        ),
    ),
    "iam_policy-sim-path": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "iam:GetContextKeysForPrincipalPolicy",
                "iam:SimulatePrincipalPolicy"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:iam::*:user/Department/Development/*"
        }
    ]
}""",
        (
            Case("development-user", "iam:SimulatePrincipalPolicy", DEV_USER, True),
            Case("other-path", "iam:SimulatePrincipalPolicy", ME, False),
        ),
    ),
    "iam_policy-sim-path-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Action": [
                "iam:GetPolicy",
                "iam:GetUserPolicy"
            ],
            "Effect": "Allow",
            "Resource": "*"
        },
        {
            "Action": [
                "iam:GetUser",
                "iam:ListAttachedUserPolicies",
                "iam:ListGroupsForUser",
                "iam:ListUserPolicies",
                "iam:ListUsers"
            ],
            "Effect": "Allow",
            "Resource": "arn:aws:iam::*:user/Department/Development/*"
        }
    ]
}""",
        (
            Case("development-user", "iam:ListUserPolicies", DEV_USER, True),
            Case("other-path", "iam:GetUser", ME, False),
        ),
    ),
    "iam_mfa-selfmanage": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "AllowListActions",
            "Effect": "Allow",
            "Action": [
                "iam:ListUsers",
                "iam:ListVirtualMFADevices"
            ],
            "Resource": "*"
        },
        {
            "Sid": "AllowIndividualUserToListOnlyTheirOwnMFA",
            "Effect": "Allow",
            "Action": [
                "iam:ListMFADevices"
            ],
            "Resource": [
                "arn:aws:iam::*:mfa/*",
                "arn:aws:iam::*:user/${aws:username}"
            ]
        },
        {
            "Sid": "AllowIndividualUserToManageTheirOwnMFA",
            "Effect": "Allow",
            "Action": [
                "iam:CreateVirtualMFADevice",
                "iam:DeleteVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:ResyncMFADevice"
            ],
            "Resource": [
                "arn:aws:iam::*:mfa/${aws:username}",
                "arn:aws:iam::*:user/${aws:username}"
            ]
        },
        {
            "Sid": "AllowIndividualUserToDeactivateOnlyTheirOwnMFAOnlyWhenUsingMFA",
            "Effect": "Allow",
            "Action": [
                "iam:DeactivateMFADevice"
            ],
            "Resource": [
                "arn:aws:iam::*:mfa/${aws:username}",
                "arn:aws:iam::*:user/${aws:username}"
            ],
            "Condition": {
                "Bool": {
                    "aws:MultiFactorAuthPresent": "true"
                }
            }
        },
        {
            "Sid": "BlockMostAccessUnlessSignedInWithMFA",
            "Effect": "Deny",
            "NotAction": [
                "iam:CreateVirtualMFADevice",
                "iam:EnableMFADevice",
                "iam:ListMFADevices",
                "iam:ListUsers",
                "iam:ListVirtualMFADevices",
                "iam:ResyncMFADevice"
            ],
            "Resource": "*",
            "Condition": {
                "BoolIfExists": {
                    "aws:MultiFactorAuthPresent": "false"
                }
            }
        }
    ]
}""",
        (
            Case("enable-own", "iam:EnableMFADevice", ME, True),
            Case("create-own-virtual", "iam:CreateVirtualMFADevice", f"arn:aws:iam::{A}:mfa/{ALICE}", True),
            Case("deactivate-own-with-mfa", "iam:DeactivateMFADevice", ME, True, MFA),
            Case("deactivate-own-without-mfa", "iam:DeactivateMFADevice", ME, False, NO_MFA),
            Case("enable-other", "iam:EnableMFADevice", OTHER_USER, False, MFA),
            Case(
                "delete-own-virtual-long-term-key",
                "iam:DeleteVirtualMFADevice",
                f"arn:aws:iam::{A}:mfa/{ALICE}",
                False,
            ),
        ),
    ),
    "iam_credentials_console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "iam:ListUsers",
                "iam:GetAccountPasswordPolicy"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": [
                "iam:*AccessKey*",
                "iam:ChangePassword",
                "iam:GetUser",
                "iam:*ServiceSpecificCredential*",
                "iam:*SigningCertificate*"
            ],
            "Resource": ["arn:aws:iam::*:user/${aws:username}"]
        }
    ]
}""",
        (
            Case("own-certificate", "iam:UpdateSigningCertificate", ME, True),
            Case("own-git-credential", "iam:ResetServiceSpecificCredential", ME, True),
            Case("other-user-key", "iam:CreateAccessKey", OTHER_USER, False),
            Case("own-ssh-key", "iam:UploadSSHPublicKey", ME, False),
        ),
    ),
    # The page's JSON holds two statements after "Statement": without the list brackets, which is not
    # JSON; the policy is evaluated with them.
    "iam_service-accessed-data-orgs": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [{
        "Sid": "AllowOrgsReadOnlyAndIamGetReport",
        "Effect": "Allow",
        "Action": [
            "iam:GetOrganizationsAccessReport",
            "organizations:Describe*",
            "organizations:List*"
        ],
        "Resource": "*"
    },
    {
        "Sid": "AllowGenerateReportOnlyForThePolicy",
        "Effect": "Allow",
        "Action": "iam:GenerateOrganizationsAccessReport",
        "Resource": "*",
        "Condition": {
            "StringEquals": {"iam:OrganizationsPolicyId": "p-policy123"}
        }
    }]
}""",
        (
            Case(
                "the-policy",
                "iam:GenerateOrganizationsAccessReport",
                "*",
                True,
                {"iam:OrganizationsPolicyId": "p-policy123"},
            ),
            Case(
                "other-policy",
                "iam:GenerateOrganizationsAccessReport",
                "*",
                False,
                {"iam:OrganizationsPolicyId": "p-other"},
            ),
            Case("list-accounts", "organizations:ListAccounts", "*", True),
        ),
    ),
    "iam_limit-managed": Example(
        """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Effect": "Allow",
      "Action": [
        "iam:ChangePassword",
        "iam:CreateAccessKey",
        "iam:CreateLoginProfile",
        "iam:CreateUser",
        "iam:DeleteAccessKey",
        "iam:DeleteLoginProfile",
        "iam:DeleteUser",
        "iam:UpdateAccessKey",
        "iam:ListAttachedUserPolicies",
        "iam:ListPolicies",
        "iam:ListUserPolicies",
        "iam:ListGroups",
        "iam:ListGroupsForUser",
        "iam:GetPolicy",
        "iam:GetAccountSummary"
      ],
      "Resource": "*"
    },
    {
      "Effect": "Allow",
      "Action": [
        "iam:AttachUserPolicy",
        "iam:DetachUserPolicy"
      ],
      "Resource": "*",
      "Condition": {
        "ArnEquals": {
          "iam:PolicyArn": [
            "arn:aws:iam::<ACCOUNTNUMBER>:policy/<MANAGED-POLICY-NAME>",
            "arn:aws:iam::aws:policy/<AWS-MANAGED-POLICY-NAME>"
          ]
        }
      }
    }
  ]
}""",
        (
            Case(
                "listed-policy",
                "iam:AttachUserPolicy",
                OTHER_USER,
                True,
                {"iam:PolicyArn": "arn:aws:iam::aws:policy/<AWS-MANAGED-POLICY-NAME>"},
            ),
            Case(
                "administrator-access",
                "iam:AttachUserPolicy",
                OTHER_USER,
                False,
                {"iam:PolicyArn": "arn:aws:iam::aws:policy/AdministratorAccess"},
            ),
            Case("create-user", "iam:CreateUser", OTHER_USER, True),
        ),
    ),
    "lambda-access-dynamodb": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ReadWriteTable",
            "Effect": "Allow",
            "Action": [
                "dynamodb:BatchGetItem",
                "dynamodb:GetItem",
                "dynamodb:Query",
                "dynamodb:Scan",
                "dynamodb:BatchWriteItem",
                "dynamodb:PutItem",
                "dynamodb:UpdateItem"
            ],
            "Resource": "arn:aws:dynamodb:*:*:table/SampleTable"
        },
        {
            "Sid": "GetStreamRecords",
            "Effect": "Allow",
            "Action": "dynamodb:GetRecords",
            "Resource": "arn:aws:dynamodb:*:*:table/SampleTable/stream/* "
        },
        {
            "Sid": "WriteLogStreamsAndGroups",
            "Effect": "Allow",
            "Action": [
                "logs:CreateLogStream",
                "logs:PutLogEvents"
            ],
            "Resource": "*"
        },
        {
            "Sid": "CreateLogGroup",
            "Effect": "Allow",
            "Action": "logs:CreateLogGroup",
            "Resource": "*"
        }
    ]
}""",
        (
            Case("put-item", "dynamodb:PutItem", f"{TABLE}/SampleTable", True),
            Case("logs", "logs:CreateLogGroup", "*", True),
            Case("delete-item", "dynamodb:DeleteItem", f"{TABLE}/SampleTable", False),
            Case("other-table", "dynamodb:GetItem", f"{TABLE}/Other", False),
        ),
    ),
    "rds_region": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "rds:*",
            "Resource": ["arn:aws:rds:region:*:*"]
        },
        {
            "Effect": "Allow",
            "Action": ["rds:Describe*"],
            "Resource": ["*"]
        }
    ]
}""",
        (
            Case("in-region", "rds:DeleteDBInstance", f"arn:aws:rds:region:{A}:db:mydb", True),
            Case("other-region", "rds:DeleteDBInstance", f"arn:aws:rds:us-east-1:{A}:db:mydb", False),
            Case("describe-anywhere", "rds:DescribeDBInstances", f"arn:aws:rds:us-east-1:{A}:db:mydb", True),
        ),
    ),
    "rds_db-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "ec2:Describe*",
                "rds:CreateDBParameterGroup",
                "rds:CreateDBSnapshot",
                "rds:DeleteDBSnapshot",
                "rds:Describe*",
                "rds:DownloadDBLogFilePortion",
                "rds:List*",
                "rds:ModifyDBInstance",
                "rds:ModifyDBParameterGroup",
                "rds:ModifyOptionGroup",
                "rds:RebootDBInstance",
                "rds:RestoreDBInstanceFromDBSnapshot",
                "rds:RestoreDBInstanceToPointInTime"
            ],
            "Resource": "*"
        }
    ]
}""",
        (
            Case(
                "restore", "rds:RestoreDBInstanceFromDBSnapshot", f"arn:aws:rds:us-east-1:{A}:db:mydb", True
            ),
            Case("delete-instance", "rds:DeleteDBInstance", f"arn:aws:rds:us-east-1:{A}:db:mydb", False),
        ),
    ),
    "rds_tag-owner": Example(
        """{
  "Version": "2012-10-17",
  "Statement": [
      {
          "Action": [
              "rds:Describe*",
              "rds:List*"
          ],
          "Effect": "Allow",
          "Resource": "*"
      },
      {
          "Action": [
              "rds:DeleteDBInstance",
              "rds:RebootDBInstance",
              "rds:ModifyDBInstance"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:db-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:ModifyOptionGroup",
              "rds:DeleteOptionGroup"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:og-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:ModifyDBParameterGroup",
              "rds:ResetDBParameterGroup"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:pg-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:AuthorizeDBSecurityGroupIngress",
              "rds:RevokeDBSecurityGroupIngress",
              "rds:DeleteDBSecurityGroup"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:secgrp-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:DeleteDBSnapshot",
              "rds:RestoreDBInstanceFromDBSnapshot"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:snapshot-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:ModifyDBSubnetGroup",
              "rds:DeleteDBSubnetGroup"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:subgrp-tag/Owner": "${aws:username}"
              }
          }
      },
      {
          "Action": [
              "rds:ModifyEventSubscription",
              "rds:AddSourceIdentifierToSubscription",
              "rds:RemoveSourceIdentifierFromSubscription",
              "rds:DeleteEventSubscription"
          ],
          "Effect": "Allow",
          "Resource": "*",
          "Condition": {
              "StringEqualsIgnoreCase": {
                  "rds:es-tag/Owner": "${aws:username}"
              }
          }
      }
  ]
}""",
        (
            Case("own-db-any-case", "rds:DeleteDBInstance", "*", True, {"rds:db-tag/Owner": "ALICE"}),
            Case("bobs-db", "rds:DeleteDBInstance", "*", False, {"rds:db-tag/Owner": "bob"}),
            Case("own-snapshot", "rds:DeleteDBSnapshot", "*", True, {"rds:snapshot-tag/Owner": ALICE}),
            Case("db-tag-on-snapshot", "rds:DeleteDBSnapshot", "*", False, {"rds:db-tag/Owner": ALICE}),
        ),
    ),
    "s3_cognito-bucket": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListYourObjects",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": ["arn:aws:s3:::bucket-name"],
            "Condition": {
                "StringLike": {
                    "s3:prefix": ["cognito/application-name/${cognito-identity.amazonaws.com:sub}"]
                }
            }
        },
        {
            "Sid": "ReadWriteDeleteYourObjects",
            "Effect": "Allow",
            "Action": [
                "s3:GetObject",
                "s3:PutObject",
                "s3:DeleteObject"
            ],
            "Resource": [
                "arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}",
                "arn:aws:s3:::bucket-name/cognito/application-name/${cognito-identity.amazonaws.com:sub}/*"
            ]
        }
    ]
}""",
        (
            Case(
                "own-object",
                "s3:GetObject",
                "arn:aws:s3:::bucket-name/cognito/application-name/us-east-1:1234/photo.png",
                True,
                {"cognito-identity.amazonaws.com:sub": "us-east-1:1234"},
            ),
            Case(
                "other-identity",
                "s3:GetObject",
                "arn:aws:s3:::bucket-name/cognito/application-name/us-east-1:9999/photo.png",
                False,
                {"cognito-identity.amazonaws.com:sub": "us-east-1:1234"},
            ),
            Case(
                "list-own-prefix",
                "s3:ListBucket",
                "arn:aws:s3:::bucket-name",
                True,
                {
                    "cognito-identity.amazonaws.com:sub": "us-east-1:1234",
                    "s3:prefix": "cognito/application-name/us-east-1:1234",
                },
            ),
            Case(
                "no-identity",
                "s3:GetObject",
                "arn:aws:s3:::bucket-name/cognito/application-name/us-east-1:1234/photo.png",
                False,
            ),
        ),
    ),
    "s3_federated-home-directory-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListAllMyBuckets",
                "s3:GetBucketLocation"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::bucket-name",
            "Condition": {
                "StringLike": {
                    "s3:prefix": [
                        "",
                        "home/",
                        "home/${aws:userid}/*"
                    ]
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::bucket-name/home/${aws:userid}",
                "arn:aws:s3:::bucket-name/home/${aws:userid}/*"
            ]
        }
    ]
}""",
        (
            Case(
                "own-home",
                "s3:PutObject",
                "arn:aws:s3:::bucket-name/home/AROAXXT2NJT7D3SIQN7Z6:John/notes.txt",
                True,
                {"aws:userid": "AROAXXT2NJT7D3SIQN7Z6:John"},
            ),
            Case(
                "other-home",
                "s3:PutObject",
                "arn:aws:s3:::bucket-name/home/AROAXXT2NJT7D3SIQN7Z6:Jane/notes.txt",
                False,
                {"aws:userid": "AROAXXT2NJT7D3SIQN7Z6:John"},
            ),
            Case(
                "list-own-home",
                "s3:ListBucket",
                "arn:aws:s3:::bucket-name",
                True,
                {
                    "aws:userid": "AROAXXT2NJT7D3SIQN7Z6:John",
                    "s3:prefix": "home/AROAXXT2NJT7D3SIQN7Z6:John/docs",
                },
            ),
        ),
    ),
    "s3_full-access-except-production": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListAllS3Buckets",
            "Effect": "Allow",
            "Action": ["s3:ListAllMyBuckets"],
            "Resource": "arn:aws:s3:::*"
        },
        {
            "Sid": "AllowBucketLevelActions",
            "Effect": "Allow",
            "Action": [
                "s3:ListBucket",
                "s3:GetBucketLocation"
            ],
            "Resource": "arn:aws:s3:::*"
        },
        {
            "Sid": "AllowBucketObjectActions",
            "Effect": "Allow",
            "Action": [
                "s3:PutObject",
                "s3:PutObjectAcl",
                "s3:GetObject",
                "s3:GetObjectAcl",
                "s3:DeleteObject"
            ],
            "Resource": "arn:aws:s3:::*/*"
        },
        {
            "Sid": "RequireMFAForProductionBucket",
            "Effect": "Deny",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::Production/*",
                "arn:aws:s3:::Production"
            ],
            "Condition": {
                "NumericGreaterThanIfExists": {"aws:MultiFactorAuthAge": "1800"}
            }
        }
    ]
}""",
        (
            Case("other-bucket", "s3:DeleteObject", "arn:aws:s3:::staging/k", True),
            Case(
                "production-recent-mfa",
                "s3:GetObject",
                "arn:aws:s3:::Production/k",
                True,
                {"aws:MultiFactorAuthAge": 600},
            ),
            Case(
                "production-old-mfa",
                "s3:GetObject",
                "arn:aws:s3:::Production/k",
                False,
                {"aws:MultiFactorAuthAge": 3600},
            ),
            Case("production-long-term-key", "s3:ListBucket", "arn:aws:s3:::Production", False),
        ),
    ),
    "s3_home-directory-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": [
                "s3:ListAllMyBuckets",
                "s3:GetBucketLocation"
            ],
            "Resource": "*"
        },
        {
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": "arn:aws:s3:::bucket-name",
            "Condition": {
                "StringLike": {
                    "s3:prefix": [
                        "",
                        "home/",
                        "home/${aws:username}/*"
                    ]
                }
            }
        },
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::bucket-name/home/${aws:username}",
                "arn:aws:s3:::bucket-name/home/${aws:username}/*"
            ]
        }
    ]
}""",
        (
            Case("own-home", "s3:GetObject", "arn:aws:s3:::bucket-name/home/alice/k", True),
            Case("bobs-home", "s3:GetObject", "arn:aws:s3:::bucket-name/home/bob/k", False),
            Case(
                "list-own",
                "s3:ListBucket",
                "arn:aws:s3:::bucket-name",
                True,
                {"s3:prefix": "home/alice/docs"},
            ),
            Case(
                "list-bobs",
                "s3:ListBucket",
                "arn:aws:s3:::bucket-name",
                False,
                {"s3:prefix": "home/bob/docs"},
            ),
        ),
    ),
    "s3_deny-except-bucket": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Effect": "Allow",
            "Action": "s3:*",
            "Resource": [
                "arn:aws:s3:::bucket-name",
                "arn:aws:s3:::bucket-name/*"
            ]
        },
        {
            "Effect": "Deny",
            "NotAction": "s3:*",
            "NotResource": [
                "arn:aws:s3:::bucket-name",
                "arn:aws:s3:::bucket-name/*"
            ]
        }
    ]
}""",
        (
            Case("the-bucket", "s3:PutObject", "arn:aws:s3:::bucket-name/k", True),
            Case("other-bucket", "s3:PutObject", "arn:aws:s3:::other/k", False),
            Case("ec2", "ec2:RunInstances", "*", False),
        ),
    ),
    "s3_rw-bucket": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ListObjectsInBucket",
            "Effect": "Allow",
            "Action": ["s3:ListBucket"],
            "Resource": ["arn:aws:s3:::bucket-name"]
        },
        {
            "Sid": "AllObjectActions",
            "Effect": "Allow",
            "Action": "s3:*Object",
            "Resource": ["arn:aws:s3:::bucket-name/*"]
        }
    ]
}""",
        (
            Case("put", "s3:PutObject", "arn:aws:s3:::bucket-name/k", True),
            Case("list", "s3:ListBucket", "arn:aws:s3:::bucket-name", True),
            Case("acl", "s3:PutObjectAcl", "arn:aws:s3:::bucket-name/k", False),
            Case("other-bucket", "s3:GetObject", "arn:aws:s3:::other/k", False),
        ),
    ),
    "s3_rw-bucket-console": Example(
        """{
    "Version": "2012-10-17",
    "Statement": [
        {
            "Sid": "ConsoleAccess",
            "Effect": "Allow",
            "Action": [
                "s3:GetAccountPublicAccessBlock",
                "s3:GetBucketAcl",
                "s3:GetBucketLocation",
                "s3:GetBucketPolicyStatus",
                "s3:GetBucketPublicAccessBlock",
                "s3:ListAllMyBuckets"
            ],
            "Resource": "*"
        },
        {
            "Sid": "ListObjectsInBucket",
            "Effect": "Allow",
            "Action": "s3:ListBucket",
            "Resource": ["arn:aws:s3:::bucket-name"]
        },
        {
            "Sid": "AllObjectActions",
            "Effect": "Allow",
            "Action": "s3:*Object",
            "Resource": ["arn:aws:s3:::bucket-name/*"]
        }
    ]
}""",
        (
            Case("delete", "s3:DeleteObject", "arn:aws:s3:::bucket-name/k", True),
            Case("bucket-acl", "s3:GetBucketAcl", "arn:aws:s3:::other", True),
            Case("put-bucket-policy", "s3:PutBucketPolicy", "arn:aws:s3:::bucket-name", False),
        ),
    ),
}
