"""Route intercepted calls: IAM and STS to the active mock; anything unanswered never leaves the process."""

from __future__ import annotations

import inspect
import logging
import sys
import threading
import time
import traceback
from collections.abc import Callable
from email.utils import formatdate
from typing import Any, Protocol

from botocore import UNSIGNED
from botocore.awsrequest import AWSResponse

from ..backend.organizations.errors import from_validation as organizations_error
from ..errors import AwsError
from ..wire.errors import parsed_error
from .identity import presented_credentials
from .params import validate
from .shapes import conform

PARAMS_KEY = "iammock.params"

# Set by iammock's own test suite: every answer is also written as AWS's XML and parsed back by botocore,
# and the two must agree, so the fast path stays wire-faithful for every operation the tests exercise.
# An extra assertion only: the suite runs the code path users run.
WIRE_CHECK = False
SERVICES = frozenset({"iam", "sts", "organizations"})

logger = logging.getLogger("iammock")

# What AWS answers when the service itself fails: IAM documents ServiceFailure, STS the common
# InternalFailure. Users get this instead of a Python traceback from inside botocore.
_SERVICE_FAILURE = {
    "iam": (
        "ServiceFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
    ),
    "sts": (
        "InternalFailure",
        "The request processing has failed because of an unknown error, exception or failure.",
    ),
    # AWS Organizations API Reference, ServiceException.
    "organizations": (
        "ServiceException",
        "AWS Organizations can't complete your request because of an internal service error. "
        "Try again later.",
    ),
}


class UnmockedServiceError(RuntimeError):
    """A request to an AWS service that neither iammock nor another mock answered."""


class Responder(Protocol):
    """What the hook needs from a mock; it knows nothing about policies or state."""

    def begin(self, service: str, operation: str, presented: Any, region: str | None) -> Any: ...

    def execute(self, call: Any, params: dict[str, Any]) -> dict[str, Any]: ...

    def request_id(self) -> str: ...

    # The same as request_id, as a plain attribute: one call deep on every answer.
    next_request_id: Callable[[], str]

    def record(
        self,
        call: Any,
        service: str,
        operation: str,
        region: str | None,
        params: dict[str, Any],
        response: dict[str, Any] | None,
        error: AwsError | None,
        request_id: str,
    ) -> None: ...


# One stack for the whole process: boto3 clients are shared between threads (thread pools, s3transfer),
# and a mock started in the main thread must answer their calls too.
_stack: list[Responder] = []
_lock = threading.Lock()


def push(responder: Responder) -> None:
    with _lock:
        _stack.append(responder)


def pop(responder: Responder) -> None:
    with _lock:
        if responder in _stack:
            _stack.remove(responder)


def active() -> Responder | None:
    return _stack[-1] if _stack else None


def stash_params(params: dict[str, Any], context: dict[str, Any], **_: Any) -> None:
    """Keep the final API parameters: before-call only sees the serialized request."""
    if _stack:
        context[PARAMS_KEY] = params


def answer(model: Any, params: Any, request_signer: Any, context: dict[str, Any], **_: Any) -> Any:
    """botocore's ``before-call`` for IAM and STS: the parsed response, so nothing is sent."""
    if not _stack:
        return None
    if not _awaits(type(getattr(request_signer, "_credentials", None))):
        return _answer(model, params, request_signer, context, None)
    return _resolving(
        model, request_signer, lambda frozen: _answer(model, params, request_signer, context, frozen)
    )


def _resolving(model: Any, request_signer: Any, run: Callable[[Any], Any]) -> Any:
    """For aiobotocore, whose credentials are awaited (botocore's resolve synchronously when read):
    its emitter awaits what a handler returns, so the answer is a coroutine that resolves them first,
    as its signer would, then runs ``run(frozen)``."""
    credentials = request_signer._credentials

    async def resolved() -> Any:
        frozen = None
        if model.resolved_auth_type != "none" and request_signer.signature_version is not UNSIGNED:
            frozen = await credentials.get_frozen_credentials()
        return run(frozen)

    return resolved()


_AWAITING: dict[type, bool] = {}


def _awaits(kind: type) -> bool:
    """Whether a credentials class resolves asynchronously (aiobotocore's); asked once per class
    (``type(None)`` included: no credentials)."""
    found = _AWAITING.get(kind)
    if found is None:
        found = _AWAITING[kind] = inspect.iscoroutinefunction(getattr(kind, "get_frozen_credentials", None))
    return found


def _answer(model: Any, params: Any, request_signer: Any, context: dict[str, Any], frozen: Any) -> Any:
    try:
        responder = _stack[-1]
    except IndexError:
        return None
    api_params = context.pop(PARAMS_KEY, None)
    if api_params is None:
        api_params = {}
    # Kept on the model object (one per client and operation), as params and shapes keep theirs.
    service = getattr(model, "_iammock_service", None)
    if service is None:
        service = model._iammock_service = model.service_model.endpoint_prefix
    request_id = responder.next_request_id()
    region = context.get("client_region")
    call = None
    resolving = True
    try:
        presented = presented_credentials(model, request_signer, frozen)
        resolving = False
        call = responder.begin(service, model.name, presented, region)
        validate(model, api_params)
        data = responder.execute(call, dict(api_params))
        parsed = conform(model, data)
        status = 200
        responder.record(call, service, model.name, region, api_params, data, None, request_id)
    except AwsError as error:
        if service == "organizations" and error.code == "ValidationError":
            error = organizations_error(error)
        parsed = _parsed_error(model, error, request_id)
        status = error.status
        responder.record(call, service, model.name, region, api_params, None, error, request_id)
    except Exception as exc:
        if resolving:
            # Resolving the client's credentials ran botocore's providers and what they call (a
            # credential_process, an MFA prompt, the application's own provider): what they raise is
            # not the mock's, and reaches the caller as it would without a mock (NoCredentialsError,
            # CredentialRetrievalError, RefreshWithMFAUnsupportedError, EOFError …).
            raise
        parsed, status = _internal_failure(
            responder, call, model, service, region, api_params, request_id, exc
        )
    if WIRE_CHECK and status == 200:
        # iammock's own suite: an extra assertion on an answer already made, which changes nothing else.
        if model.service_model.protocol == "json":
            _check_json_wire(model, data, parsed)
        else:
            _check_wire(model, data, parsed, request_id)
    second = int(time.time())
    date = _date_cache[1] if _date_cache[0] == second else _http_date()
    headers = {
        "x-amzn-requestid": request_id,
        "content-type": _CONTENT_TYPE.get(service, "text/xml"),
        "date": date,
    }
    parsed["ResponseMetadata"] = {
        "RequestId": request_id,
        "HTTPStatusCode": status,
        "HTTPHeaders": headers,
        "RetryAttempts": 0,
    }
    return _Answer(status, headers), parsed


def _internal_failure(
    responder: Responder,
    call: Any,
    model: Any,
    service: str,
    region: str | None,
    api_params: dict[str, Any],
    request_id: str,
    exc: Exception,
) -> tuple[dict[str, Any], int]:
    """A fault inside iammock: AWS's answer when the service itself fails, saying where to look.

    The traceback goes to the ``iammock`` logger; the parameters are not logged (they may hold
    passwords, keys or tokens), and the message names only the exception's type and where it was raised.
    """
    operation = model.name
    logger.error("iammock: %s:%s failed inside the mock (%s)", service, operation, request_id, exc_info=exc)
    code, message = _SERVICE_FAILURE.get(service, _SERVICE_FAILURE["sts"])
    # A fault of the service, not of the request: <Type>Receiver</Type>, as AWS sends it.
    failure = AwsError(code, f"{message} {_bug_report(exc, request_id)}", 500, sender_fault=False)
    try:
        responder.record(call, service, operation, region, api_params, None, failure, request_id)
    except Exception:  # the trail must not turn a reported failure into a traceback
        logger.exception("iammock: recording %s:%s failed", service, operation)
    return _parsed_error(model, failure, request_id), 500


# Organizations speaks JSON 1.1 (botocore's model: protocol "json", jsonVersion "1.1").
_CONTENT_TYPE = {"organizations": "application/x-amz-json-1.1"}


def _parsed_error(model: Any, error: AwsError, request_id: str) -> dict[str, Any]:
    """What botocore's parser makes of the service's error response, in the service's protocol."""
    if model.service_model.protocol != "json":
        return parsed_error(error, request_id)
    return _json_error(error, request_id, model)


def _json_error(error: AwsError, request_id: str, model: Any) -> dict[str, Any]:
    """A JSON protocol error as botocore parses it: ``Error`` (Code, Message) and the error shape's
    modeled members at the top (``Message``, and ``Reason`` where the shape has one), which botocore's
    endpoint adds from the body (``_add_modeled_error_fields``)."""
    parsed: dict[str, Any] = {
        "Error": {"Message": error.message, "Code": error.code},
        "ResponseMetadata": {"RequestId": request_id},
    }
    fields: dict[str, str] = getattr(error, "fields", None) or {}
    shape = model.service_model.shape_for_error_code(error.code)
    if shape is not None:
        members = shape.members
        if "Message" in members:
            parsed["Message"] = error.message
        parsed.update({k: v for k, v in fields.items() if k in members})
    return parsed


def _bug_report(exc: Exception, request_id: str) -> str:
    frame = traceback.extract_tb(exc.__traceback__)[-1:] if exc.__traceback__ is not None else []
    where = f" at {frame[0].filename}:{frame[0].lineno} in {frame[0].name}" if frame else ""
    return (
        f"(iammock: {type(exc).__name__} raised inside iammock{where}; this is a bug in iammock, not in "
        f"your code: the traceback is logged by the 'iammock' logger under request {request_id}.)"
    )


_date_cache: tuple[int, str] = (0, "")


def _http_date() -> str:
    """The Date header; formatted once per second, since every answer carries one."""
    global _date_cache
    second = int(time.time())
    if _date_cache[0] != second:
        _date_cache = (second, formatdate(second, usegmt=True))
    return _date_cache[1]


class _Answer(AWSResponse):  # type: ignore[misc]
    """The HTTP response botocore sees for an answered call.

    botocore's own constructor parses its headers into an ``email.message`` object, which costs more
    than the rest of the answer; hardly anything reads them for IAM and STS, so they are built on first use.
    """

    # Shared defaults: only what differs between answers is set per answer.
    url = ""
    raw = None
    _content = b""
    _parsed_headers: Any = None

    def __init__(self, status: int, headers: dict[str, str]) -> None:
        self.status_code = status
        self._plain_headers = headers

    @property
    def headers(self) -> Any:
        if self._parsed_headers is None:
            self._parsed_headers = AWSResponse("", self.status_code, self._plain_headers, None).headers
        return self._parsed_headers


def _check_wire(model: Any, data: dict[str, Any], parsed: dict[str, Any], request_id: str) -> None:
    from ..wire.query import serialize_response
    from .parsers import client_parser

    body = serialize_response(model, data, request_id)
    # _do_parse, not parse: parse() logs the whole body at DEBUG, and bodies hold secret keys and tokens
    # that iammock never otherwise hands to a logger.
    expected = client_parser(model)._do_parse(
        {"body": body, "headers": {}, "status_code": 200}, model.output_shape
    )
    expected.pop("ResponseMetadata", None)
    if expected != parsed:
        raise AssertionError(f"{model.name}: fast path {parsed!r} differs from the wire's {expected!r}")


def _check_json_wire(model: Any, data: dict[str, Any], parsed: dict[str, Any]) -> None:
    """The JSON protocol's counterpart of :func:`_check_wire`: the answer as a JSON body (timestamps as
    epoch seconds), parsed by botocore's JSON parser, must equal what the fast path returned."""
    import json
    from datetime import datetime

    from botocore.parsers import create_parser

    from .shapes import to_utc_seconds

    def encode(value: Any) -> Any:
        if isinstance(value, datetime):
            return to_utc_seconds(value).timestamp()
        raise TypeError(f"{model.name}: {type(value).__name__} in an answer")

    body = json.dumps(data, default=encode).encode("utf-8")
    expected = create_parser("json").parse(
        {"body": body, "headers": {}, "status_code": 200}, model.output_shape
    )
    expected.pop("ResponseMetadata", None)
    if expected != parsed:
        raise AssertionError(f"{model.name}: fast path {parsed!r} differs from the wire's {expected!r}")


def enforce(model: Any, params: Any, request_signer: Any, context: dict[str, Any], **_: Any) -> Any:
    """botocore's ``before-call`` for every other service (registered first, so before moto's
    ``before-send``): the responder decides; a refusal is answered here in the service's protocol."""
    if not _stack:
        return None
    service_model = model.service_model
    if service_model.endpoint_prefix in SERVICES:
        return None
    responder = active()
    check = getattr(responder, "enforce", None)
    api_params = context.pop(PARAMS_KEY, None)
    if check is None:
        return None
    if not _awaits(type(getattr(request_signer, "_credentials", None))):
        return _enforce(model, params, request_signer, context, api_params, None)
    return _resolving(
        model,
        request_signer,
        lambda frozen: _enforce(model, params, request_signer, context, api_params, frozen),
    )


def _enforce(
    model: Any, params: Any, request_signer: Any, context: dict[str, Any], api_params: Any, frozen: Any
) -> Any:
    responder = active()
    if responder is None:
        return None
    try:
        presented = presented_credentials(model, request_signer, frozen)
    except AwsError:
        presented = None  # anonymous (unsigned) requests: only resource policies could speak for them
    headers = params.get("headers") if isinstance(params, dict) else None
    error = responder.enforce(  # type: ignore[attr-defined]
        model.service_model.service_name,
        model.name,
        api_params or {},
        presented,
        context.get("client_region"),
        model=model,
        headers=headers,
    )
    if error is None:
        return None
    request_id = getattr(error, "request_id", None) or responder.request_id()
    return _service_error(model, error, request_id, context)


def _service_error(model: Any, error: AwsError, request_id: str, context: dict[str, Any]) -> Any:
    """The service's own error response, parsed by botocore's parser for its protocol."""
    from botocore.awsrequest import HeadersDict
    from botocore.parsers import create_parser

    from ..wire.errors import PROTOCOLS, serialize_error

    service_model = model.service_model
    protocol = str(getattr(service_model, "resolved_protocol", None) or service_model.protocol)
    # smithy-rpc-v2-cbor (CloudWatch) errors carry the same fields; JSON stands in for the CBOR body.
    wire_protocol = protocol if protocol in PROTOCOLS else "json"
    wire = serialize_error(error, request_id, wire_protocol)
    headers = HeadersDict(wire.headers)
    headers["date"] = _http_date()
    # A HEAD response has no body: botocore then reports the status ("403", "Forbidden") as S3 users see.
    body = b"" if model.http.get("method") == "HEAD" else wire.body
    parsed = create_parser(wire_protocol).parse(
        {"status_code": wire.status, "headers": headers, "body": body}, model.output_shape
    )
    parsed.setdefault("ResponseMetadata", {})["RetryAttempts"] = 0
    return AWSResponse(context.get("endpoint_url", ""), wire.status, headers, None), parsed


def _moto_active() -> bool:
    """botocore calls every before-send handler (``emit``, not ``emit_until_response``), so this one
    cannot see that moto, registered before it, already answered: it defers while moto is on."""
    models = sys.modules.get("moto.core.models")
    return bool(getattr(getattr(models, "botocore_stubber", None), "enabled", False))


def refuse_unanswered(request: Any, event_name: str, **_: Any) -> None:
    """Registered last on ``before-send``: anything no mock answered would reach AWS. It must not."""
    if not _stack or _moto_active():
        return None
    parts = event_name.split(".")
    service = parts[1] if len(parts) > 1 else "an AWS service"
    operation = parts[2] if len(parts) > 2 else "a request"
    raise UnmockedServiceError(
        f"iammock refused {service}:{operation}: iammock answers IAM, STS and Organizations only, and no "
        f"other mock answered this {service} request, so it would have gone to AWS. To test {service} side "
        f"by side with iammock, start moto as well: `with mock_iam(), moto.mock_aws(): ...` "
        "(README: moto side by side)."
    )
