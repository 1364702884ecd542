"""AssumeRoot, GetWebIdentityToken and GetDelegatedAccessToken, as the botocore model documents them."""

from __future__ import annotations

import json
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from ...errors import AwsError, access_denied, validation_error
from .. import partitions
from ..call import Call
from ..iam import outbound_federation
from ..model import Account
from ..registry import Output, Params, operation
from ..state import Backend
from . import credentials, issuer_keys

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ec import EllipticCurvePrivateKey
    from cryptography.hazmat.primitives.asymmetric.rsa import RSAPrivateKey

    SigningKey = EllipticCurvePrivateKey | RSAPrivateKey

TASK_POLICIES = frozenset(
    {
        "IAMAuditRootUserCredentials",
        "IAMCreateRootUserPassword",
        "IAMDeleteRootUserCredentials",
        "S3UnlockBucketPolicy",
        "SQSUnlockQueuePolicy",
    }
)


ROOT_SESSION_SECONDS = 900  # the default and the most AssumeRoot allows (STS API Reference, "AssumeRoot")


@operation("sts", "AssumeRoot")
def assume_root(call: Call, params: Params) -> Output:
    """A session of a member account's root, scoped by a task policy (STS API Reference, "AssumeRoot";
    IAM User Guide, "Centralize root access for member accounts" and "Perform a privileged task on an
    AWS Organizations member account")."""
    caller = call.caller
    assert caller is not None
    target: str = params["TargetPrincipal"]
    target_account = (
        target if target.isdigit() else target.split(":")[4] if target.count(":") >= 5 else target
    )
    partition = caller.account.partition
    resource = partitions.iam_arn(partition, target_account, "root")
    policy_arn: str | None = params["TaskPolicyArn"].get("arn")
    if policy_arn is None:  # the model leaves "arn" optional; the service requires it (unconfirmed)
        raise validation_error(
            "1 validation error detected: Value null at 'taskPolicyArn.arn' failed to satisfy constraint: "
            "Member must not be null"
        )
    task = policy_arn.rsplit("/", 1)[-1]
    if (
        task not in TASK_POLICIES
        or policy_arn != f"{partitions.aws_policy_prefix(partition)}root-task/{task}"
    ):
        # Only AWS's task policies, arn:aws:iam::aws:policy/root-task/<name> (unconfirmed wording)
        raise validation_error(f"TaskPolicyArn {policy_arn} is not a supported task policy for AssumeRoot.")
    if caller.is_root:
        # "You cannot use root user credentials to make this call." (an AssumeRoot session is one too)
        raise access_denied("Root user credentials cannot be used to call AssumeRoot.")
    call.authorize("sts:AssumeRoot", resource, {"sts:TaskPolicyArn": policy_arn})
    reason = _refusal(caller.account, target_account)
    if reason is not None:
        # AWS's wording for these refusals is unconfirmed; the code is the one its other denials use.
        raise access_denied(
            f"User: {caller.arn} is not authorized to perform: sts:AssumeRoot on resource: {resource} "
            f"because {reason}"
        )
    member = call.backend.account(target_account)
    session = credentials.issue(
        call,
        account_id=member.id,
        kind="root",
        arn=member.root_arn,
        user_id=member.id,
        duration=params.get("DurationSeconds", ROOT_SESSION_SECONDS),
        origin="AssumeRoot",
    )
    session.task_policy_arn = policy_arn
    minimum: int = params.get("MinimumSessionTokenSize") or 0
    if len(session.token) < minimum:
        session.token = (session.token * (minimum // len(session.token) + 1))[:minimum]
    return {"Credentials": credentials.render(session)}


def _refusal(account: Account, target_account: str) -> str | None:
    """Why ``account`` may not start a root session in ``target_account``, or None when it may: it must
    be the management account or a delegated administrator for IAM of an organization with all features,
    trusted access for IAM and root sessions enabled, and the target one of its member accounts."""
    org = account.organization
    if org is None:
        return "the account is not a member of an organization"
    if account.id != org.management_account_id and account.id not in org.delegated_administrators:
        return "the account is not the management account or a delegated administrator for IAM"
    if not org.all_features or not org.iam_trusted_access or "RootSessions" not in org.enabled_features:
        return (
            "privileged root actions in member accounts (RootSessions) are not enabled for the organization"
        )
    if target_account == org.management_account_id or target_account not in org.members:
        return "the target is not a member account of the organization"
    return None


_SIGNING_KEYS: WeakKeyDictionary[Backend, dict[tuple[str, str], tuple[str, SigningKey]]] = WeakKeyDictionary()


def _signing_key(backend: Backend, issuer: str, algorithm: str) -> tuple[str, SigningKey]:
    keys = _SIGNING_KEYS.setdefault(backend, {})
    found = keys.get((issuer, algorithm))
    if found is None:
        # Imported on first use: most suites never ask for a token, and cryptography's ~10k objects
        # would otherwise be walked by every garbage collection.
        from cryptography.hazmat.primitives.asymmetric import ec, rsa

        private: SigningKey = (
            ec.generate_private_key(ec.SECP384R1())
            if algorithm == "ES384"
            else rsa.generate_private_key(public_exponent=65537, key_size=2048)
        )
        kid = backend.ids.hex(32)
        found = keys[(issuer, algorithm)] = (kid, private)
        issuer_keys.register(backend, issuer, kid, private.public_key())
    return found


MAX_PAYLOAD = 8192  # (unconfirmed) bytes of JWT payload


@operation("sts", "GetWebIdentityToken")
def get_web_identity_token(call: Call, params: Params) -> Output:
    caller = call.caller
    assert caller is not None
    call.authorize("sts:GetWebIdentityToken", "*")
    state = outbound_federation.state(caller.account)
    if state is None or not state.enabled:
        raise AwsError(
            "OutboundWebIdentityFederationDisabledException",
            "The outbound web identity federation feature is not enabled for this account.",
            403,
        )
    algorithm: str = params.get("SigningAlgorithm", "RS256")
    if algorithm not in ("RS256", "ES384"):
        raise validation_error(
            f"1 validation error detected: Value '{algorithm}' at 'signingAlgorithm' failed to satisfy "
            "constraint: Member must satisfy enum value set: [RS256, ES384]"
        )
    duration: int = params.get("DurationSeconds", 300)
    expires = call.now + timedelta(seconds=duration)
    if caller.session is not None and expires > caller.session.expiration:
        raise AwsError(
            "SessionDurationEscalationException",
            "The requested token duration would extend the session beyond its original expiration time.",
            403,
        )
    audiences: list[str] = list(params["Audience"])
    request_tags = {t["Key"]: t["Value"] for t in params.get("Tags", [])}
    payload: dict[str, object] = {
        "iss": state.issuer,
        "sub": caller.arn,
        "aud": audiences[0] if len(audiences) == 1 else audiences,
        "iat": int(call.now.timestamp()),
        "nbf": int(call.now.timestamp()),
        "exp": int(expires.timestamp()),
        "jti": str(uuid.UUID(call.backend.ids.request_id())),
        "https://sts.amazonaws.com/": {
            "aws_account": caller.account_id,
            "source_region": call.region,
            "principal_id": caller.arn,
            **({"request_tags": request_tags} if request_tags else {}),
        },
    }
    if len(json.dumps(payload)) > MAX_PAYLOAD:
        raise AwsError(
            "JWTPayloadSizeExceededException",
            "The requested token payload size exceeds the maximum allowed size.",
            400,
        )
    import jwt

    kid, key = _signing_key(call.backend, state.issuer, algorithm)
    token = jwt.encode(payload, key, algorithm=algorithm, headers={"kid": kid})
    return {"WebIdentityToken": token, "Expiration": expires}


@operation("sts", "GetDelegatedAccessToken")
def get_delegated_access_token(call: Call, params: Params) -> Output:
    # Trade-in tokens come from AWS services acting for a principal; the mock issues none, so no
    # token it is given can still be exchanged (decision: answered as an expired trade-in token).
    raise AwsError(
        "ExpiredTradeInTokenException",
        "The trade-in token provided in the request has expired and can no longer be exchanged "
        "for credentials.",
        400,
    )
