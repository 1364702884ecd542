"""The response parser each IAM and STS client would run on AWS's answer, when it is not botocore's default.

botocore parses a response with a parser made by its endpoint's ``ResponseParserFactory``, whose
``set_parser_defaults(blob_parser=…, timestamp_parser=…)`` changes what blobs and timestamps become.
The AWS CLI (v1) sets both to the identity (``awscli/customizations/scalarparse.py``): it wants blobs
as the base64 text of the XML, which it decodes itself (``iam create-virtual-mfa-device --outfile``),
and timestamps as sent. The hook's fast path (:mod:`iammock.hook.shapes`) builds what botocore's
*default* parser yields; a client whose factory has settings of its own gets its answer through that
factory's parser instead, from the XML AWS would have sent (:mod:`iammock.wire.query`).

The hook only sees a client's operation model, so every IAM and STS client class gets
:class:`RemembersParser` as a base (botocore's ``creating-client-class`` event, the documented way to
extend client classes), which keeps the client's factory on its service model: one per client.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

__all__ = ["RemembersParser", "add_base", "client_parser", "remember", "through_own_parser"]

# Where a client's factory is kept: on its service model, which the operation models point to.
_FACTORY = "_iammock_parser_factory"

_Convert = Callable[[Any, Any], Any]


class RemembersParser:
    """A base of IAM and STS client classes: remembers the parser factory of each new client."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        remember(self)


def add_base(base_classes: list[type], **_: Any) -> None:
    """botocore's ``creating-client-class.iam`` / ``.sts``: make the new class a :class:`RemembersParser`."""
    if RemembersParser not in base_classes:
        base_classes.insert(0, RemembersParser)


def remember(client: Any) -> None:
    """Keep the factory that ``client``'s endpoint parses with (also for clients made before the hook)."""
    factory = getattr(getattr(client, "_endpoint", None), "_response_parser_factory", None)
    service_model = getattr(getattr(client, "meta", None), "service_model", None)
    if factory is not None and service_model is not None:
        setattr(service_model, _FACTORY, factory)


def _settings(factory: Any) -> dict[str, Any] | None:
    """The factory's own parser settings: botocore keeps what ``set_parser_defaults`` was given in
    ``_defaults`` (empty: the parsers botocore makes by default)."""
    settings = getattr(factory, "_defaults", None)
    return settings if isinstance(settings, dict) else None


def through_own_parser(operation_model: Any, fast: _Convert) -> _Convert:
    """The converter for ``operation_model``'s answers: ``fast`` while the client's parser is botocore's
    default, the client's own parser on the answer's XML whenever it has settings of its own.

    The settings are looked at on every answer (one dict's truth value), because botocore's endpoint
    asks its factory for a parser on every response, so settings made after the client was created
    apply to its next call.
    """
    factory = getattr(operation_model.service_model, _FACTORY, None)
    settings = None if factory is None else _settings(factory)
    if settings is None:
        return fast

    def convert(data: Any, path: Any) -> Any:
        if settings:
            return _parse_as_client(factory, operation_model, data)
        return fast(data, path)

    return convert


def client_parser(operation_model: Any) -> Any:
    """The parser the client of ``operation_model`` would run on IAM's or STS's XML."""
    from botocore.parsers import create_parser

    factory = getattr(operation_model.service_model, _FACTORY, None)
    protocol = operation_model.service_model.resolved_protocol
    if factory is None or not _settings(factory):
        return create_parser(protocol)
    return factory.create_parser(protocol)


def _parse_as_client(factory: Any, operation_model: Any, data: Any) -> dict[str, Any]:
    from ..wire.query import serialize_response

    body = serialize_response(operation_model, data, "")
    parser = factory.create_parser(operation_model.service_model.resolved_protocol)
    # _do_parse, not parse: parse() logs the whole body at DEBUG, and bodies hold secret keys and tokens.
    # For the query protocol it is synchronous in aiobotocore's parsers too.
    parsed: dict[str, Any] = parser._do_parse(
        {"body": body, "headers": {}, "status_code": 200}, operation_model.output_shape
    )
    parsed.pop("ResponseMetadata", None)
    return parsed
