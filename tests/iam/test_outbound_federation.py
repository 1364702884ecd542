"""Outbound web identity federation: a per-account switch and issuer."""

from __future__ import annotations

import re

import boto3
import pytest
from tests.helpers import aws_error

from iammock import IAMMock


@pytest.fixture
def iam(iam_mock: IAMMock) -> object:
    return boto3.client("iam")


def test_enable_disable(iam) -> None:  # type: ignore[no-untyped-def]
    with aws_error("FeatureDisabled", 404):
        iam.get_outbound_web_identity_federation_info()
    with aws_error("FeatureDisabled", 404):
        iam.disable_outbound_web_identity_federation()
    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    assert re.fullmatch(r"https://[0-9a-f-]{36}\.tokens\.sts\.global\.api\.aws", issuer)
    with aws_error("FeatureEnabled", 409):
        iam.enable_outbound_web_identity_federation()
    info = iam.get_outbound_web_identity_federation_info()
    assert info["IssuerIdentifier"] == issuer and info["JwtVendingEnabled"] is True
    iam.disable_outbound_web_identity_federation()
    assert iam.get_outbound_web_identity_federation_info()["JwtVendingEnabled"] is False
    assert iam.enable_outbound_web_identity_federation()["IssuerIdentifier"] == issuer
