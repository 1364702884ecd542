"""The one error value every layer raises; the hook turns it into what botocore expects."""

from __future__ import annotations


class AwsError(Exception):
    """An AWS API error: code, message and HTTP status, as the service would send them.

    ``sender_fault`` is AWS's ``<Type>Sender</Type>`` (client fault) versus ``Receiver``.
    """

    __slots__ = ("code", "message", "sender_fault", "status")

    def __init__(self, code: str, message: str, status: int = 400, *, sender_fault: bool = True) -> None:
        super().__init__(f"{code}: {message}")
        self.code = code
        self.message = message
        self.status = status
        self.sender_fault = sender_fault

    def __repr__(self) -> str:
        return f"AwsError({self.code!r}, {self.message!r}, {self.status})"


def validation_error(message: str) -> AwsError:
    return AwsError("ValidationError", message, 400)


def access_denied(message: str) -> AwsError:
    return AwsError("AccessDenied", message, 403)
