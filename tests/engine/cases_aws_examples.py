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
