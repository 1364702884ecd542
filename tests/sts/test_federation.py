"""AssumeRoleWithWebIdentity with real JWTs and AssumeRoleWithSAML with real signed assertions."""

from __future__ import annotations

import json
from datetime import timedelta

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config
from freezegun import freeze_time
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, World, client, trust

from iammock import IAMMock, clock

GH = "https://token.actions.githubusercontent.com"


@pytest.fixture
def anon() -> object:
    return boto3.client("sts", config=Config(signature_version=UNSIGNED))


def _github(world: World, condition: dict | None = None):  # type: ignore[no-untyped-def,type-arg]
    issuer = world.aws.oidc_issuer(GH)
    provider = world.iam.create_open_id_connect_provider(
        Url=GH, ClientIDList=["sts.amazonaws.com"], ThumbprintList=[issuer.thumbprint]
    )["OpenIDConnectProviderArn"]
    role = world.role("ci", trust({"Federated": provider}, "sts:AssumeRoleWithWebIdentity", condition))
    return issuer, provider, role


def test_web_identity_success_and_answer(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    issuer, provider, role = _github(
        world,
        {
            "StringLike": {
                "token.actions.githubusercontent.com:sub": "repo:org/app:*",
                "token.actions.githubusercontent.com:aud": "sts.amazonaws.com",
            }
        },
    )
    token = issuer.token(sub="repo:org/app:ref:refs/heads/main", aud="sts.amazonaws.com")
    out = anon.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=token)
    assert out["SubjectFromWebIdentityToken"] == "repo:org/app:ref:refs/heads/main"
    assert out["Provider"] == GH
    assert out["Audience"] == "sts.amazonaws.com"
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/ci/gh"
    session = world.aws.backend.temporary[out["Credentials"]["AccessKeyId"]]
    assert session.federated_provider == provider
    with aws_error("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"):
        anon.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="gh", WebIdentityToken=issuer.token(sub="repo:evil/app:ref:x")
        )
    with aws_error("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithWebIdentity"):
        anon.assume_role_with_web_identity(
            RoleArn=f"arn:aws:iam::{ACCOUNT}:role/none", RoleSessionName="gh", WebIdentityToken=token
        )


def test_web_identity_token_errors(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    issuer, _provider, role = _github(world)
    with aws_error(
        "InvalidIdentityToken",
        400,
        "No OpenIDConnect provider found in your account for https://idp.other.example",
    ):
        anon.assume_role_with_web_identity(
            RoleArn=role,
            RoleSessionName="gh",
            WebIdentityToken=world.aws.oidc_issuer("https://idp.other.example").token(),
        )
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken="not.a.jwt")
    with aws_error("InvalidIdentityToken", 400, "Incorrect token audience"):
        anon.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="gh", WebIdentityToken=issuer.token(aud="someone-else")
        )
    good = issuer.token()
    head, _body, sig = good.split(".")
    tampered = issuer.token(sub="admin").split(".")[1]
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="gh", WebIdentityToken=f"{head}.{tampered}.{sig}"
        )
    # Signed by a key the issuer never published.
    import jwt
    from cryptography.hazmat.primitives.asymmetric import rsa

    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    forged = jwt.encode(
        jwt.decode(good, options={"verify_signature": False}),
        other_key,
        algorithm="RS256",
        headers={"kid": issuer.kid},
    )
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=forged)
    expired = issuer.token(expires_in=60)
    later = freeze_time(clock.now() + timedelta(seconds=120))
    with later, aws_error("ExpiredTokenException", 400) as error:
        anon.assume_role_with_web_identity(RoleArn=role, RoleSessionName="gh", WebIdentityToken=expired)
    assert error["Message"].startswith("Token expired: current date/time ")
    with aws_error(
        "ValidationError",
        400,
        "The requested DurationSeconds exceeds the MaxSessionDuration set for this role.",
    ):
        anon.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="gh", WebIdentityToken=good, DurationSeconds=7200
        )
    with aws_error("MalformedPolicyDocument", 400):
        anon.assume_role_with_web_identity(
            RoleArn=role, RoleSessionName="gh", WebIdentityToken=good, Policy='{"Version":"2012-10-17"}'
        )


def test_well_known_google_and_cognito(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    google = world.aws.oidc_issuer("https://accounts.google.com")
    role = world.role(
        "g",
        trust(
            {"Federated": "accounts.google.com"},
            "sts:AssumeRoleWithWebIdentity",
            {"StringEquals": {"accounts.google.com:aud": "client-1"}},
        ),
    )
    out = anon.assume_role_with_web_identity(
        RoleArn=role, RoleSessionName="g1", WebIdentityToken=google.token(sub="1234", aud="client-1")
    )
    assert out["Provider"] == "https://accounts.google.com" and out["Audience"] == "client-1"
    cognito = world.aws.oidc_issuer("https://cognito-identity.amazonaws.com")
    crole = world.role(
        "c",
        trust(
            {"Federated": "cognito-identity.amazonaws.com"},
            "sts:AssumeRoleWithWebIdentity",
            {
                "StringEquals": {"cognito-identity.amazonaws.com:aud": "us-east-1:pool"},
                "ForAnyValue:StringLike": {"cognito-identity.amazonaws.com:amr": "authenticated"},
            },
        ),
    )
    with aws_error("AccessDenied", 403):
        anon.assume_role_with_web_identity(
            RoleArn=crole,
            RoleSessionName="c1",
            WebIdentityToken=cognito.token(aud="us-east-1:pool", amr=["unauthenticated"]),
        )
    out = anon.assume_role_with_web_identity(
        RoleArn=crole,
        RoleSessionName="c1",
        WebIdentityToken=cognito.token(aud="us-east-1:pool", amr=["authenticated", "accounts.google.com"]),
    )
    session = world.aws.backend.temporary[out["Credentials"]["AccessKeyId"]]
    assert session.federated_provider == "cognito-identity.amazonaws.com"


def _saml(world: World):  # type: ignore[no-untyped-def]
    idp = world.aws.saml_idp("corp")
    provider = world.iam.create_saml_provider(Name="corp", SAMLMetadataDocument=idp.metadata)[
        "SAMLProviderArn"
    ]
    role = world.role(
        "sso",
        trust(
            {"Federated": provider},
            "sts:AssumeRoleWithSAML",
            {"StringEquals": {"SAML:aud": "https://signin.aws.amazon.com/saml"}},
        ),
    )
    return idp, provider, role


def test_saml_success_and_answer(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    idp, provider, role = _saml(world)
    assertion = idp.assertion(subject="alice@example.com", roles=[(role, provider)], session_duration=1800)
    out = anon.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion=assertion)
    assert out["Subject"] == "alice@example.com" and out["SubjectType"] == "persistent"
    assert out["Issuer"] == idp.entity_id and out["Audience"] == "https://signin.aws.amazon.com/saml"
    import base64
    import hashlib

    expected = base64.b64encode(hashlib.sha1((idp.entity_id + ACCOUNT + "/corp").encode()).digest()).decode()
    assert out["NameQualifier"] == expected
    assert out["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT}:assumed-role/sso/alice@example.com"
    session = world.aws.backend.temporary[out["Credentials"]["AccessKeyId"]]
    assert (session.expiration - session.issued).total_seconds() == 1800
    assert client("sts", out["Credentials"]).get_caller_identity()["Arn"].endswith("/sso/alice@example.com")


def test_saml_errors(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    idp, provider, role = _saml(world)
    other = world.aws.saml_idp("rogue")
    with aws_error("InvalidIdentityToken", 400):  # signed by a key the provider's metadata does not hold
        anon.assume_role_with_saml(
            RoleArn=role,
            PrincipalArn=provider,
            SAMLAssertion=other.assertion(subject="a1", roles=[(role, provider)]),
        )
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_saml(
            RoleArn=role,
            PrincipalArn=provider,
            SAMLAssertion=idp.assertion(subject="a1", roles=[(role, provider)], sign=False),
        )
    with aws_error("InvalidIdentityToken", 400):  # the role/provider pair is not in the Role attribute
        anon.assume_role_with_saml(
            RoleArn=role, PrincipalArn=provider, SAMLAssertion=idp.assertion(subject="a1", roles=[])
        )
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_saml(
            RoleArn=role,
            PrincipalArn=provider,
            SAMLAssertion=idp.assertion(
                subject="a1", roles=[(role, provider)], audience="https://elsewhere.example"
            ),
        )
    old = idp.assertion(subject="a1", roles=[(role, provider)], valid_for=300)
    with freeze_time(clock.now() + timedelta(seconds=600)), aws_error("ExpiredTokenException", 400):
        anon.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion=old)
    with aws_error("MalformedPolicyDocument", 400):
        anon.assume_role_with_saml(
            RoleArn=role,
            PrincipalArn=provider,
            Policy="{}",
            SAMLAssertion=idp.assertion(subject="a1", roles=[(role, provider)]),
        )
    with aws_error("InvalidIdentityToken", 400):
        anon.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion="bm90IHhtbA==")


def test_saml_trust_conditions_on_attributes(world: World, anon) -> None:  # type: ignore[no-untyped-def]
    idp = world.aws.saml_idp("corp2")
    provider = world.iam.create_saml_provider(Name="corp2", SAMLMetadataDocument=idp.metadata)[
        "SAMLProviderArn"
    ]
    role = world.role(
        "eng",
        trust(
            {"Federated": provider},
            "sts:AssumeRoleWithSAML",
            {
                "StringEquals": {
                    "saml:sub_type": "persistent",
                    "saml:iss": idp.entity_id,
                    "saml:doc": f"{ACCOUNT}/corp2",
                }
            },
        ),
    )
    out = anon.assume_role_with_saml(
        RoleArn=role,
        PrincipalArn=provider,
        SAMLAssertion=idp.assertion(subject="bob", roles=[(role, provider)]),
    )
    assert out["SubjectType"] == "persistent"
    with aws_error("AccessDenied", 403, "Not authorized to perform sts:AssumeRoleWithSAML"):
        anon.assume_role_with_saml(
            RoleArn=role,
            PrincipalArn=provider,
            SAMLAssertion=idp.assertion(
                subject="bob",
                roles=[(role, provider)],
                subject_format="urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
            ),
        )


def test_unused_import_guard(iam_mock: IAMMock) -> None:
    assert json.dumps({}) == "{}"
