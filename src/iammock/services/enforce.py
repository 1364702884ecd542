"""IAM in front of every other AWS service: authorize a call with the policy engine before moto runs it.

The hook calls :func:`enforce` from botocore's ``before-call`` (which runs before moto's ``before-send``)
for every service but IAM and STS. A call made with credentials iammock issued is decided here, with
the caller's identity policies, boundary, session policies, SCPs/RCPs, and the resource-based policy
moto holds for the target (``resource_policies``: bucket, queue, topic, key, function, secret, repository,
event bus, stream …); then the KMS permissions the service checks for the caller (``kms_on_behalf``).
A denial becomes the service's own error, so moto never sees the request and its state stays as it
was; an allowed call goes on to moto unchanged except for moto's account header, which makes moto store
the resource in the account iammock authenticated (moto keys its backends by account ID).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..backend import authz, hypothetical
from ..backend.call import Call
from ..backend.caller import Caller, Presented
from ..backend.principals import named
from ..engine import Decision, NamedPolicy, PolicyKind
from ..errors import AwsError
from . import kms_on_behalf, mapping, moto_iam, pass_role, resource_policies
from .moto_state import MotoState

if TYPE_CHECKING:
    from ..responder import Responder

__all__ = ["ServiceError", "enforce"]

_IAM_HANDLED = frozenset({"iam", "sts", "organizations"})
# Services that answer like their old query protocol (codes AccessDenied, InvalidClientTokenId).
_QUERY_COMPATIBLE = frozenset({"sqs", "cloudwatch"})


class ServiceError(AwsError):
    """A denial or authentication failure, with the request ID under which the trail recorded it."""

    __slots__ = ("request_id",)

    def __init__(self, code: str, message: str, status: int, request_id: str) -> None:
        super().__init__(code, message, status)
        self.request_id = request_id


def style(service: str, protocol: str) -> str:
    """The error family of a service: ``s3`` (rest-xml), ``ec2``, ``query`` or ``json``."""
    if protocol == "rest-xml":
        return "s3"
    if protocol == "ec2":
        return "ec2"
    if protocol == "query" or service in _QUERY_COMPATIBLE:
        return "query"
    return "json"


def _authentication_error(error: AwsError, family: str, protocol: str) -> tuple[str, str, int]:
    code = error.code
    if family == "s3":
        return {
            "InvalidClientTokenId": (
                "InvalidAccessKeyId",
                "The AWS Access Key Id you provided does not exist in our records.",
                403,
            ),
            "ExpiredToken": ("ExpiredToken", "The provided token has expired.", 400),
            "SignatureDoesNotMatch": (
                "SignatureDoesNotMatch",
                "The request signature we calculated does not match the signature you provided. "
                "Check your key and signing method.",
                403,
            ),
        }.get(code, (code, error.message, error.status))
    if family == "ec2":
        if code == "ExpiredToken":
            return "RequestExpired", "Request has expired.", 400
        return "AuthFailure", "AWS was not able to validate the provided access credentials", 401
    if family == "query":
        return code, error.message, error.status
    status = 403 if protocol == "rest-json" else 400
    return {
        "InvalidClientTokenId": ("UnrecognizedClientException", error.message, status),
        "ExpiredToken": ("ExpiredTokenException", error.message, status),
        "SignatureDoesNotMatch": ("InvalidSignatureException", error.message, status),
    }.get(code, (code, error.message, error.status))


def _denial(decision: Decision, family: str, resource: str) -> tuple[str, str]:
    message = decision.message
    if family == "s3":
        # S3 quotes the resource in its denials.
        message = message.replace(f"on resource: {resource}", f'on resource: "{resource}"', 1)
        return "AccessDenied", message
    if family == "ec2":
        from ..backend.sts.authorization_messages import encode

        return (
            "UnauthorizedOperation",
            f"You are not authorized to perform this operation. {message}. "
            f"Encoded authorization failure message: {encode(decision)}",
        )
    if family == "query":
        return "AccessDenied", message
    return "AccessDeniedException", message


# "the root principal in a bucket owner's Amazon Web Services account can perform the GetBucketPolicy,
# PutBucketPolicy, and DeleteBucketPolicy API actions, even if their bucket policy explicitly denies the
# root principal's access" (Amazon S3 API Reference, DeleteBucketPolicy): what AssumeRoot's
# S3UnlockBucketPolicy task is for.
_ROOT_KEEPS = frozenset({"s3:getbucketpolicy", "s3:putbucketpolicy", "s3:deletebucketpolicy"})


def _root_keeps(action: str, policy: NamedPolicy) -> NamedPolicy | None:
    """The resource policy that applies to the owner's root: none for its bucket policy's own actions."""
    return None if action.lower() in _ROOT_KEEPS else policy


def _redacted(params: Mapping[str, Any]) -> dict[str, Any]:
    """Parameters for the trail: payloads (S3 bodies, blobs, streams) are left out."""
    return {
        k: v
        for k, v in params.items()
        if isinstance(v, str | int | float | bool | list | dict) and k not in ("Body", "Plaintext")
    }


def enforce(
    responder: Responder,
    service: str,
    operation: str,
    params: Mapping[str, Any],
    presented: Presented | None,
    region: str | None,
    *,
    model: Any = None,
    headers: dict[str, Any] | None = None,
) -> AwsError | None:
    """The service's error for a denied or unauthenticated call, or None to let it proceed."""
    moto_iam.act_as(None)  # whatever a previous call in this thread acted as, this one does not
    if service in _IAM_HANDLED or presented is None:
        return None
    service_model = getattr(model, "service_model", None)
    signing = (getattr(service_model, "signing_name", None) or service) if service_model else service
    protocol = _protocol(service_model)
    family = style(service, protocol)
    prefix = mapping.prefix_of(service, signing)
    region = region or "us-east-1"
    request_id = responder.request_id()
    try:
        call = responder.begin(prefix, operation, presented, region)
    except AwsError as error:
        code, message, status = _authentication_error(error, family, protocol)
        refused = ServiceError(code, message, status, request_id)
        responder.record(None, prefix, operation, region, _redacted(params), None, refused, request_id)
        return refused
    caller = call.caller
    if caller is None:
        return None
    http = getattr(model, "http", None) or {}
    env = mapping.Env(
        service,
        operation,
        params,
        call.region,
        caller.account_id,
        MotoState(),
        http_method=str(http.get("method", "POST")),
        request_uri=str(http.get("requestUri", "/")),
        model=model,
    )
    failure: ServiceError | None = None
    owner_of_main: str | None = None
    checks = mapping.checks(env, signing)
    for check in checks:
        owner, resource_policy, must_allow = _resource_side(check.action, check.resource, env)
        if owner_of_main is None and owner:
            owner_of_main = owner
        if resource_policy is not None and caller.is_root and owner == caller.account_id:
            resource_policy = _root_keeps(check.action, resource_policy)
        extra = dict(check.context)
        extra["aws:ResourceAccount"] = owner or caller.account_id
        # RCPs of the account that owns the resource apply (IAM itself is exempt, other services are not).
        decision = authz.check(
            call,
            check.action,
            check.resource,
            extra,
            resource_policy=resource_policy,
            resource_owner=owner or caller.account_id,
            resource_must_allow=must_allow,
        )
        if authz.stops(call, decision):  # never in audit mode
            assert decision is not None
            code, message = _denial(decision, family, check.resource)
            failure = ServiceError(code, message, 403, request_id)
            break
    if failure is None:  # then iam:PassRole on every role the request hands to the service
        passing = pass_role.denial(call, service_model, operation, params, call.region, env.moto)
        if passing is not None:
            code, message = _denial(passing, family, passing.request.resource if passing.request else "")
            failure = ServiceError(code, message, 403, request_id)
    if failure is None and (kms := kms_on_behalf.refusal(call, env, checks, request_id)) is not None:
        failure = ServiceError(kms[0], kms[1], kms[2], request_id)  # KMS on the caller's behalf
    responder.record(call, prefix, operation, call.region, _redacted(params), None, failure, request_id)
    if failure is None and service == "cloudformation" and operation in _STACK_WRITES:
        moto_iam.act_as(_stack_principal(call, params))
    if failure is None and headers is not None and env.moto.active:
        headers["x-moto-account-id"] = owner_of_main or caller.account_id
    return failure


# CloudFormation operations that create, change or delete a stack's resources while moto answers them.
_STACK_WRITES = frozenset(
    {
        "CreateStack",
        "UpdateStack",
        "DeleteStack",
        "ExecuteChangeSet",
        "ContinueUpdateRollback",
        "RollbackStack",
    }
)


def _stack_principal(call: Call, params: Mapping[str, Any]) -> Caller | None:
    """Whose permissions a stack operation's IAM resources need: a fresh session of the service role
    the call names (``RoleARN``), else the caller ("AWS CloudFormation service role")."""
    role_arn = params.get("RoleARN")
    if isinstance(role_arn, str) and role_arn:
        try:
            return hypothetical.caller_for(call.backend, role_arn, call.now)
        except ValueError:
            return call.caller
    return call.caller


def _protocol(service_model: Any) -> str:
    if service_model is None:
        return "json"
    return str(getattr(service_model, "resolved_protocol", None) or service_model.protocol)


def resource_side(
    action: str, resource: str, region: str, account_id: str
) -> tuple[str, NamedPolicy | None, bool]:
    """(owning account, resource-based policy, policy must allow) of another service's ``resource`` as
    :func:`enforce` would count them for a caller of ``account_id``: for hypothetical requests
    (``IAMMock.who_can``), so that a bucket policy moto holds counts there too."""
    env = mapping.Env("", "", {}, region, account_id, MotoState())
    owner, policy, must_allow = _resource_side(action, resource, env)
    return owner or account_id, policy, must_allow


def _resource_side(
    action: str, resource: str, env: mapping.Env
) -> tuple[str | None, NamedPolicy | None, bool]:
    found = resource_policies.lookup(action, resource, env.moto, env.region)
    policy = None
    if found.text:
        try:
            policy = named(found.text, resource, PolicyKind.RESOURCE, PolicyKind.RESOURCE, env.partition)
        except AwsError:
            policy = None  # moto accepted a document AWS would not have: treat it as absent
    return found.owner, policy, found.must_allow
