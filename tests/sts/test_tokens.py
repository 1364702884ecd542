"""GetSessionToken, GetFederationToken, GetAccessKeyInfo, DecodeAuthorizationMessage, newer operations."""

from __future__ import annotations

import json

import jwt
from tests.helpers import aws_error
from tests.sts.conftest import ACCOUNT, World, client, trust

from iammock.backend.sts import authorization_messages
from iammock.testing import totp

ONLY_LIST_ROLES = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*"}]}
)


def test_get_session_token_for_user_and_root(world: World) -> None:
    key = world.user("alice")
    out = client("sts", key).get_session_token()
    creds = out["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    sts = client("sts", creds)
    assert sts.get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    # Without MFA, IAM does not accept these credentials at all.
    with aws_error("InvalidClientTokenId", 403, "The security token included in the request is invalid."):
        client("iam", creds).list_users()
    with aws_error("AccessDenied", 403, "Cannot call GetSessionToken with session credentials"):
        sts.get_session_token()
    with aws_error("AccessDenied", 403, "Cannot call GetFederationToken with session credentials"):
        sts.get_federation_token(Name="bob")
    with aws_error("AccessDenied", 403):
        sts.decode_authorization_message(EncodedMessage="abc")
    root = world.sts.get_session_token(DurationSeconds=129600)["Credentials"]
    assert client("sts", root).get_caller_identity()["Arn"] == f"arn:aws:iam::{ACCOUNT}:root"
    issued = world.aws.backend.temporary[root["AccessKeyId"]]
    assert (issued.expiration - issued.issued).total_seconds() == 3600  # root: one hour at most
    user = world.aws.backend.temporary[creds["AccessKeyId"]]
    assert (user.expiration - user.issued).total_seconds() == 43200


def test_get_session_token_with_mfa_may_call_iam(world: World) -> None:
    from iammock import clock

    key = world.user("alice")
    device = world.iam.create_virtual_mfa_device(VirtualMFADeviceName="alice")["VirtualMFADevice"]
    seed = device["Base32StringSeed"]
    seed = seed.decode() if isinstance(seed, bytes) else seed
    first, second = totp.consecutive_codes(seed)
    world.iam.enable_mfa_device(
        UserName="alice",
        SerialNumber=device["SerialNumber"],
        AuthenticationCode1=first,
        AuthenticationCode2=second,
    )
    sts = client("sts", key)
    wrong = "123456" if totp.totp(seed, clock.now()) != "123456" else "654321"
    with aws_error(
        "AccessDenied", 403, "MultiFactorAuthentication failed with invalid MFA one time pass code."
    ):
        sts.get_session_token(SerialNumber=device["SerialNumber"], TokenCode=wrong)
    creds = sts.get_session_token(SerialNumber=device["SerialNumber"], TokenCode=totp.totp(seed, clock.now()))
    client("iam", creds["Credentials"]).list_users()


def test_get_federation_token(world: World) -> None:
    key = world.user("alice")
    sts = client("sts", key)
    out = sts.get_federation_token(Name="bob", Policy=ONLY_LIST_ROLES)
    assert out["FederatedUser"] == {
        "FederatedUserId": f"{ACCOUNT}:bob",
        "Arn": f"arn:aws:sts::{ACCOUNT}:federated-user/bob",
    }
    assert 0 < out["PackedPolicySize"] <= 100
    fed = out["Credentials"]
    me = client("sts", fed).get_caller_identity()
    assert me["Arn"] == f"arn:aws:sts::{ACCOUNT}:federated-user/bob" and me["UserId"] == f"{ACCOUNT}:bob"
    with aws_error("InvalidClientTokenId", 403):
        client("iam", fed).list_roles()  # federated users cannot call IAM
    with aws_error("AccessDenied", 403, "Cannot call GetFederationToken with session credentials"):
        client("sts", fed).get_federation_token(Name="again")
    with aws_error("AccessDenied", 403):
        client("sts", fed).assume_role(RoleArn=f"arn:aws:iam::{ACCOUNT}:role/x", RoleSessionName="s0")
    with aws_error("MalformedPolicyDocument", 400):
        sts.get_federation_token(Name="bob", Policy='{"Statement": 5}')
    # A user without the permission cannot federate.
    other = world.user("carol", policy=None)
    with aws_error("AccessDenied", 403):
        client("sts", other).get_federation_token(Name="bob")


def test_federated_session_permissions_come_from_the_session_policy(world: World) -> None:
    from iammock import clock
    from iammock.backend.authz import authorize
    from iammock.backend.call import Call

    key = world.user("alice")
    with_policy = client("sts", key).get_federation_token(Name="bob", Policy=ONLY_LIST_ROLES)["Credentials"]
    without = client("sts", key).get_federation_token(Name="eve")["Credentials"]
    backend = world.aws.backend
    from iammock.backend.caller import session_caller

    def allowed(creds: dict[str, str], action: str) -> bool:
        caller = session_caller(backend, backend.temporary[creds["AccessKeyId"]])
        call = Call(backend, caller, "s3", "GetObject", clock.now(), "us-east-1")
        try:
            authorize(call, action, "*", {})
        except Exception:
            return False
        return True

    assert allowed(with_policy, "iam:ListRoles")
    assert not allowed(with_policy, "iam:ListUsers")
    assert not allowed(without, "iam:ListRoles")
    root_fed = world.sts.get_federation_token(Name="rootfed", Policy=ONLY_LIST_ROLES)["Credentials"]
    assert allowed(root_fed, "iam:ListRoles") and not allowed(root_fed, "iam:ListUsers")


def test_get_access_key_info(world: World) -> None:
    key = world.user("alice")
    other = world.aws.session("222233334444").client("iam")
    other.create_user(UserName="x")
    foreign = other.create_access_key(UserName="x")["AccessKey"]
    assert (
        client("sts", key).get_access_key_info(AccessKeyId=foreign["AccessKeyId"])["Account"]
        == "222233334444"
    )
    temp = world.sts.get_session_token()["Credentials"]
    assert world.sts.get_access_key_info(AccessKeyId=temp["AccessKeyId"])["Account"] == ACCOUNT


def test_decode_authorization_message(world: World) -> None:
    from iammock.engine import NamedPolicy, PolicyKind, PolicySet, Principal, Request, authorize, parse_policy

    policy = NamedPolicy(parse_policy(ONLY_LIST_ROLES, PolicyKind.INLINE), "p", PolicyKind.IDENTITY)
    principal = Principal("user", f"arn:aws:iam::{ACCOUNT}:user/alice", ACCOUNT, entity_id="AIDAEXAMPLE")
    decision = authorize(
        Request(principal, "s3:GetObject", "arn:aws:s3:::b/k", {"aws:SourceIp": "203.0.113.10"}),
        PolicySet(identity=(policy,)),
    )
    encoded = authorization_messages.encode(decision)
    decoded = json.loads(world.sts.decode_authorization_message(EncodedMessage=encoded)["DecodedMessage"])
    assert decoded["allowed"] is False and decoded["explicitDeny"] is False
    assert decoded["context"]["action"] == "s3:GetObject"
    assert decoded["context"]["resource"] == "arn:aws:s3:::b/k"
    assert decoded["context"]["principal"]["arn"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    with aws_error("InvalidAuthorizationMessageException", 400):
        world.sts.decode_authorization_message(EncodedMessage="not-a-message")
    with aws_error("InvalidAuthorizationMessageException", 400):
        world.sts.decode_authorization_message(EncodedMessage=encoded[:-4] + "AAAA")
    key = world.user("bob", policy=None)
    with aws_error("AccessDenied", 403):
        client("sts", key).decode_authorization_message(EncodedMessage=encoded)


def test_assume_root_is_refused_outside_an_organization(world: World) -> None:
    key = world.user("alice")
    task = {"arn": "arn:aws:iam::aws:policy/root-task/IAMAuditRootUserCredentials"}
    with aws_error("AccessDenied", 403):
        client("sts", key).assume_root(TargetPrincipal="222233334444", TaskPolicyArn=task)
    with aws_error("AccessDenied", 403):
        world.sts.assume_root(TargetPrincipal="222233334444", TaskPolicyArn=task)
    with aws_error("ValidationError", 400):
        client("sts", key).assume_root(
            TargetPrincipal="222233334444",
            TaskPolicyArn={"arn": "arn:aws:iam::aws:policy/AdministratorAccess"},
        )


def test_get_web_identity_token(world: World) -> None:
    with aws_error("OutboundWebIdentityFederationDisabledException", 403):
        world.sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="RS256")
    issuer = world.iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    key = world.user("alice")
    out = client("sts", key).get_web_identity_token(
        Audience=["https://api.example.com"],
        DurationSeconds=600,
        SigningAlgorithm="RS256",
        Tags=[{"Key": "team", "Value": "blue"}],
    )
    claims = jwt.decode(out["WebIdentityToken"], options={"verify_signature": False})
    assert claims["iss"] == issuer and claims["aud"] == "https://api.example.com"
    assert claims["sub"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    assert claims["exp"] - claims["iat"] == 600
    assert jwt.get_unverified_header(out["WebIdentityToken"])["alg"] == "RS256"
    es = world.sts.get_web_identity_token(Audience=["a1"], SigningAlgorithm="ES384")["WebIdentityToken"]
    assert jwt.get_unverified_header(es)["alg"] == "ES384"
    # The token verifies against the account's issuer like any OIDC token: STS accepts it in another account.
    other = world.aws.session("222233334444").client("iam")
    provider = other.create_open_id_connect_provider(Url=issuer, ClientIDList=["https://api.example.com"])
    role = other.create_role(
        RoleName="from-aws",
        AssumeRolePolicyDocument=trust(
            {"Federated": provider["OpenIDConnectProviderArn"]}, "sts:AssumeRoleWithWebIdentity"
        ),
    )["Role"]["Arn"]
    assumed = world.sts.assume_role_with_web_identity(
        RoleArn=role, RoleSessionName="jwt", WebIdentityToken=out["WebIdentityToken"]
    )
    assert assumed["SubjectFromWebIdentityToken"] == f"arn:aws:iam::{ACCOUNT}:user/alice"
    session = client("sts", world.sts.get_session_token()["Credentials"])
    with aws_error("AccessDenied", 403):
        session.get_web_identity_token(
            Audience=["a1"], SigningAlgorithm="RS256"
        )  # GetSessionToken sessions may not call it


def test_get_delegated_access_token_with_an_unknown_token(world: World) -> None:
    with aws_error("ExpiredTradeInTokenException", 400):
        world.sts.get_delegated_access_token(TradeInToken="x" * 40)
