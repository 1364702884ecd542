"""AWS Organizations' errors, with the messages of the AWS Organizations API Reference ("Common Errors"
and each operation's "Errors" section, https://docs.aws.amazon.com/organizations/latest/APIReference/).

Organizations speaks JSON 1.1: an error's code is its exception name, and ``ConstraintViolationException``,
``InvalidInputException``, ``HandshakeConstraintViolationException`` and
``AccessDeniedForDependencyException`` carry a ``Reason`` beside the message (:class:`OrganizationsError`
keeps the modeled fields; the hook writes them as botocore parses them).
"""

from __future__ import annotations

from ...errors import AwsError


class OrganizationsError(AwsError):
    """An Organizations error with its modeled members (``Reason``).

    HTTP 400 for every one of them, as the service sends its JSON 1.1 errors (its Smithy model's
    ``httpError`` traits, 404 or 409 for some, are not what the wire carries: a missing organization
    answers ``AWSOrganizationsNotInUseException`` with status 400).
    """

    __slots__ = ("fields",)

    def __init__(self, code: str, message: str, reason: str | None = None, status: int = 400) -> None:
        super().__init__(code, message, status)
        self.fields: dict[str, str] = {"Reason": reason} if reason else {}


def error(code: str, message: str, reason: str | None = None) -> OrganizationsError:
    return OrganizationsError(code, message, reason)


def not_in_use() -> OrganizationsError:
    return error("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.")


def access_denied(message: str = "You don't have permissions to access this resource.") -> OrganizationsError:
    return error("AccessDeniedException", message)


def constraint(reason: str, message: str) -> OrganizationsError:
    return error("ConstraintViolationException", message, reason)


def invalid_input(
    reason: str, message: str = "You provided a value that does not match the required pattern."
) -> OrganizationsError:
    return error("InvalidInputException", message, reason)


def handshake_constraint(reason: str, message: str) -> OrganizationsError:
    return error("HandshakeConstraintViolationException", message, reason)


ACCOUNT_NOT_FOUND = (
    "AccountNotFoundException",
    "You specified an account that doesn't exist.",
)
NOT_FOUND = {
    "account": ACCOUNT_NOT_FOUND,
    "ou": (
        "OrganizationalUnitNotFoundException",
        "We can't find an organizational unit (OU) with the OrganizationalUnitId that you specified.",
    ),
    "parent": ("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified."),
    "child": (
        "ChildNotFoundException",
        "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
    ),
    "policy": ("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified."),
    "target": (
        "TargetNotFoundException",
        "We can't find a root, OU, account, or policy with the TargetId that you specified.",
    ),
    "root": ("RootNotFoundException", "We can't find a root with the RootId that you specified."),
    "handshake": (
        "HandshakeNotFoundException",
        "We can't find a handshake with the HandshakeId that you specified.",
    ),
    "create_status": (
        "CreateAccountStatusNotFoundException",
        "We can't find an create account request with the CreateAccountRequestId that you specified.",
    ),
    "source": (
        "SourceParentNotFoundException",
        "We can't find a source root or OU with the ParentId that you specified.",
    ),
    "destination": (
        "DestinationParentNotFoundException",
        "We can't find the destination container (a root or OU) with the ParentId that you specified.",
    ),
    "resource_policy": (
        "ResourcePolicyNotFoundException",
        "We can't find a resource policy request with the parameter that you specified.",
    ),
    "effective_policy": (
        "EffectivePolicyNotFoundException",
        "We can't find an effective policy matching your query.",
    ),
    "transfer": (
        "ResponsibilityTransferNotFoundException",
        "We can't find a transfer that you specified.",
    ),
}


def not_found(kind: str) -> OrganizationsError:
    code, message = NOT_FOUND[kind]
    return error(code, message)


# botocore-model validation failures, as Organizations reports them: InvalidInputException with the
# Reason of the broken constraint (API Reference, InvalidInputException: "INVALID_PATTERN",
# "INVALID_ENUM", "MAX_LENGTH_EXCEEDED", "MIN_LENGTH_EXCEEDED", "MAX_VALUE_EXCEEDED", "MIN_VALUE_EXCEEDED").
_VALIDATION_REASONS = (
    ("regular expression pattern", "INVALID_PATTERN"),
    ("enum value set", "INVALID_ENUM"),
    ("length less than or equal", "MAX_LENGTH_EXCEEDED"),
    ("length greater than or equal", "MIN_LENGTH_EXCEEDED"),
    ("less than or equal", "MAX_VALUE_EXCEEDED"),
    ("greater than or equal", "MIN_VALUE_EXCEEDED"),
)


def from_validation(failure: AwsError) -> OrganizationsError:
    """A model validation failure (``ValidationError``) as Organizations words it."""
    reason = next((r for phrase, r in _VALIDATION_REASONS if phrase in failure.message), "INVALID_INPUT")
    return invalid_input(reason, failure.message)
