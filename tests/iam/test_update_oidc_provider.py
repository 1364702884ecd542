"""UpdateOpenIDConnectProvider (botocore 1.44+), black-box through boto3.

Rules from the IAM API Reference pages "UpdateOpenIDConnectProvider" and "ContextProvider"
(https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateOpenIDConnectProvider.html). Where a
message is not documented the tests check the code only. The tests skip where the installed botocore's
IAM model has no such operation: `.ci/run` runs them again with the newest botocore.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
import botocore.session
import pytest
from tests.helpers import aws_error, client_for

from iammock import IAMMock

pytestmark = pytest.mark.skipif(
    "UpdateOpenIDConnectProvider"
    not in botocore.session.get_session().get_service_model("iam").operation_names,
    reason=f"botocore {botocore.__version__}'s IAM model has no UpdateOpenIDConnectProvider "
    "(added in 1.44); .ci/run runs this module with the newest botocore",
)

URL = "https://token.example.com"
ARN = "arn:aws:iam::123456789012:oidc-provider/token.example.com"
INSTANCE = "arn:aws:sso:::instance/ssoins-1234567890abcdef"
CONTEXT = {
    "SubjectSourceKey": "sub",
    "SubjectTypeValue": "user",
    "KeyDefinitionList": [{"SourceKey": "email", "TargetKey": "user:email"}],
}


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    client = boto3.client("iam")
    client.create_open_id_connect_provider(Url=URL, ClientIDList=["sts.amazonaws.com"])
    return client


def test_set_replace_and_remove_the_context_provider(iam: Any) -> None:
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ContextProvider=CONTEXT)
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert got["ContextProvider"] == CONTEXT
    assert got["ClientIDList"] == ["sts.amazonaws.com"]  # the rest of the provider is untouched
    replaced = {"SubjectSourceKey": "email", "SubjectTypeSourceKey": "kind", "KeyDefinitionList": []}
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ContextProvider=replaced)
    assert iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["ContextProvider"] == replaced
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, RemoveContextProvider=True)
    assert "ContextProvider" not in iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)


def test_identity_center_association_and_the_order_of_removal(iam: Any) -> None:
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ContextProvider=CONTEXT)
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, IdentityCenterInstanceArn=INSTANCE)
    assert (
        iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)["IdentityCenterInstanceArn"]
        == INSTANCE
    )
    # "To remove the context provider, first remove the IAM Identity Center association."
    with aws_error("InvalidInput", 400):
        iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, RemoveContextProvider=True)
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, RemoveIdentityCenterInstance=True)
    iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, RemoveContextProvider=True)
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert "IdentityCenterInstanceArn" not in got and "ContextProvider" not in got


@pytest.mark.parametrize(
    "params",
    [
        # a value and its Remove flag in one request
        {"ContextProvider": CONTEXT, "RemoveContextProvider": True},
        {"IdentityCenterInstanceArn": INSTANCE, "RemoveIdentityCenterInstance": True},
        # the context provider and the association in one request
        {"ContextProvider": CONTEXT, "IdentityCenterInstanceArn": INSTANCE},
        # nothing to change
        {},
        # SubjectTypeValue and SubjectTypeSourceKey are mutually exclusive (ContextProvider page)
        {
            "ContextProvider": {
                "SubjectSourceKey": "sub",
                "SubjectTypeValue": "u",
                "SubjectTypeSourceKey": "t",
            }
        },
        # keys: no leading, trailing or double spaces, only the documented characters
        {"ContextProvider": {"SubjectSourceKey": " sub"}},
        {"ContextProvider": {"SubjectSourceKey": "a  b"}},
        {"ContextProvider": {"SubjectSourceKey": "sub", "KeyDefinitionList": [{"SourceKey": "e$mail"}]}},
    ],
)
def test_refused_requests_change_nothing(iam: Any, params: dict[str, Any]) -> None:
    before = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    with aws_error("InvalidInput", 400):
        iam.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, **params)
    after = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=ARN)
    assert {k: v for k, v in after.items() if k != "ResponseMetadata"} == {
        k: v for k, v in before.items() if k != "ResponseMetadata"
    }


def test_unknown_provider(iam: Any) -> None:
    missing = ARN + "/other"
    with aws_error("NoSuchEntity", 404, f"OpenIDConnect Provider not found for arn {missing}"):
        iam.update_open_id_connect_provider(OpenIDConnectProviderArn=missing, ContextProvider=CONTEXT)


def test_create_takes_the_configuration_too(iam: Any) -> None:
    arn = iam.create_open_id_connect_provider(
        Url="https://other.example.com", ContextProvider=CONTEXT, IdentityCenterInstanceArn=INSTANCE
    )["OpenIDConnectProviderArn"]
    got = iam.get_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    assert got["ContextProvider"] == CONTEXT and got["IdentityCenterInstanceArn"] == INSTANCE


def test_authorized_with_the_documented_condition_keys(iam: Any) -> None:
    # The page names iam:EnableIdentityPropagation for control over who configures propagation.
    policy = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
            {
                "Effect": "Deny",
                "Action": "iam:UpdateOpenIDConnectProvider",
                "Resource": "*",
                "Condition": {"Bool": {"iam:EnableIdentityPropagation": "true"}},
            },
        ],
    }
    iam.create_user(UserName="dev")
    iam.put_user_policy(UserName="dev", PolicyName="p", PolicyDocument=json.dumps(policy))
    dev = client_for("iam", iam.create_access_key(UserName="dev")["AccessKey"])
    with aws_error("AccessDenied", 403):
        dev.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, ContextProvider=CONTEXT)
    dev.update_open_id_connect_provider(OpenIDConnectProviderArn=ARN, RemoveContextProvider=True)
