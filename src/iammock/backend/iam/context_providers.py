"""Trusted identity propagation context providers of identity providers, and their Identity Center link.

IAM API Reference, "ContextProvider" and "UpdateOpenIDConnectProvider": a context provider says which
claim of the external identity provider's token supplies the subject (and its type) and maps up to ten
source keys to trusted context keys. Only botocore releases that model these members (1.44 and later)
can send them; with older models these records are never made.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ...errors import AwsError
from ..registry import Output

if TYPE_CHECKING:
    from typing import NotRequired, TypedDict

    class KeyDefinitionShape(TypedDict):
        """One member of KeyDefinitionList, as botocore parses it."""

        SourceKey: str
        TargetKey: NotRequired[str]

    class ContextProviderShape(TypedDict):
        """The ContextProvider parameter, as botocore parses it."""

        SubjectSourceKey: str
        SubjectTypeValue: NotRequired[str]
        SubjectTypeSourceKey: NotRequired[str]
        KeyDefinitionList: NotRequired[list[KeyDefinitionShape]]


# The ContextProvider page: ASCII letters, digits, single spaces and _ . : / = + - @ #, neither starting
# nor ending with a space.
_KEY = re.compile(r"[A-Za-z0-9_.:/=+\-@#]+( [A-Za-z0-9_.:/=+\-@#]+)*")


@dataclass(frozen=True, slots=True)
class KeyDefinition:
    source_key: str
    target_key: str | None


@dataclass(frozen=True, slots=True)
class ContextProvider:
    subject_source_key: str
    subject_type_value: str | None
    subject_type_source_key: str | None
    key_definitions: tuple[KeyDefinition, ...]

    def render(self) -> Output:
        return {
            "SubjectSourceKey": self.subject_source_key,
            "SubjectTypeValue": self.subject_type_value,
            "SubjectTypeSourceKey": self.subject_type_source_key,
            "KeyDefinitionList": [
                {"SourceKey": k.source_key, "TargetKey": k.target_key} for k in self.key_definitions
            ],
        }


def invalid(message: str) -> AwsError:
    return AwsError("InvalidInput", message, 400)


def _key(value: str, name: str) -> str:
    if not _KEY.fullmatch(value):
        # (unconfirmed wording) the documented character rule, broken.
        raise invalid(
            f"{name} can contain only ASCII letters, numbers, single spaces and the characters "
            "_ . : / = + - @ #, and can't start or end with a space."
        )
    return value


def parse(given: ContextProviderShape) -> ContextProvider:
    """A ContextProvider parameter, checked; raises InvalidInput before anything is stored."""
    type_value = given.get("SubjectTypeValue")
    type_key = given.get("SubjectTypeSourceKey")
    if type_value is not None and type_key is not None:
        # The ContextProvider page: SubjectTypeValue and SubjectTypeSourceKey are mutually exclusive.
        raise invalid("Specify either SubjectTypeValue or SubjectTypeSourceKey, but not both.")
    definitions = []
    for item in given.get("KeyDefinitionList", ()):
        target = item.get("TargetKey")
        definitions.append(
            KeyDefinition(
                _key(item["SourceKey"], "SourceKey"),
                _key(target, "TargetKey") if target is not None else None,
            )
        )
    return ContextProvider(
        _key(given["SubjectSourceKey"], "SubjectSourceKey"),
        type_value,
        _key(type_key, "SubjectTypeSourceKey") if type_key is not None else None,
        tuple(definitions),
    )


def needs_context_provider() -> AwsError:
    # (unconfirmed) The UpdateOpenIDConnectProvider page has the Identity Center association removed before
    # the context provider: an association stands on a context provider, so none is made without one.
    return invalid("An IAM Identity Center instance can be associated only with a context provider.")
