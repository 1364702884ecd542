"""Account properties: per-account ``Namespace/PropertyName`` settings (Role Manager and the like).

Stored in ``account.properties`` (key -> value text). The documentation states no default
values, so GetAccountProperties answers only what PutAccountProperties has set.

The documentation names no property: the one the mock gives meaning to is ``RoleManager/Enabled``
(boolean, ``"true"``/``"false"``); when it is ``"false"`` AcquireRole answers RoleTemplateDisabled.
Unset means enabled, because nothing in the documentation says Role Manager must be opted into. Keys
the mock gives no type to are stored as given: AWS's list of valid properties is not published.
"""

from __future__ import annotations

from ...errors import AwsError
from ..call import Call
from ..model import Account
from ..registry import Output, Params, operation

ROLE_MANAGER_ENABLED = "RoleManager/Enabled"

# Keys with a known type: key -> type name ("boolean" or "integer"), as the value docs describe them.
_TYPES: dict[str, str] = {ROLE_MANAGER_ENABLED: "boolean"}


def properties(account: Account) -> dict[str, str]:
    """The account's properties (read-only view for other families)."""
    stored = account.properties
    return stored


def role_manager_enabled(account: Account) -> bool:
    return properties(account).get(ROLE_MANAGER_ENABLED, "true") != "false"


def _invalid(message: str) -> AwsError:
    return AwsError("InvalidInput", message, 400)


def _namespace(key: str) -> str:
    # Exactly one "/" separating namespace and property name, neither end being "/".
    if key.count("/") != 1 or key.startswith("/") or key.endswith("/"):
        raise _invalid(
            f"Invalid property key {key}: keys must have the format Namespace/PropertyName, "
            "with exactly one '/' that is not at the start or end."
        )
    return key.split("/", 1)[0]


def _check_value(key: str, value: str) -> None:
    kind = _TYPES.get(key)
    if kind == "boolean" and value not in ("true", "false"):
        raise _invalid(f"Invalid value {value} for property {key}: expected true or false.")
    if kind == "integer" and not value.lstrip("-").isdigit():
        raise _invalid(f"Invalid value {value} for property {key}: expected an integer.")


@operation("iam", "PutAccountProperties")
def put_account_properties(call: Call, params: Params) -> None:
    account = call.account
    given: dict[str, str] = params.get("Properties") or {}
    call.authorize("iam:PutAccountProperties", "*")
    if not given:
        raise _invalid("Properties must contain at least one property.")
    namespaces = {_namespace(key) for key in given}
    if len(namespaces) > 1:
        raise _invalid(
            "All properties in a request must belong to the same namespace; found: "
            + ", ".join(sorted(namespaces))
            + "."
        )
    for key, value in given.items():
        _check_value(key, value)
    account.properties.update(given)
    return None


@operation("iam", "GetAccountProperties")
def get_account_properties(call: Call, params: Params) -> Output:
    call.authorize("iam:GetAccountProperties", "*")
    return {"Properties": dict(properties(call.account))}
