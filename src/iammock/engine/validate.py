"""IAM's MalformedPolicyDocument checks, in IAM's stage order. The rules are the policy grammar's
("Grammar of the IAM JSON policy language",
https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html); AWS does not
document the order, which follows the messages IAM returns for documents breaking several rules.

IAM reports only the first failing stage, so every stage runs over the whole document before
the next one starts; within the resource-format stage the last error found wins.
"""

from __future__ import annotations

import re
from typing import Final

from ..errors import AwsError
from .conditions import legacy_date_ok, split_operator
from .kinds import IDENTITY_KINDS, PRINCIPAL_KINDS, PolicyKind
from .match import classify_aws_principal, glob
from .regional_arns import region_allowed

SYNTAX: Final = "Syntax errors in policy."
VERSION: Final = "Policy document must be version 2012-10-17 or greater."
LEGACY: Final = "The policy failed legacy parsing"
SID_UNIQUE: Final = "Statement IDs (SID) in a single policy must be unique."
SID_CHARSET: Final = (
    "Statement IDs (SID) must be alpha-numeric. "
    "Check that your input satisfies the regular expression [0-9A-Za-z]*"
)
NO_ACTIONS: Final = "Policy statement must contain actions."
NO_RESOURCES: Final = "Policy statement must contain resources."
NO_VENDOR: Final = "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
TWO_COLONS: Final = "Actions/Condition can contain only one colon."
PRINCIPAL_IN_IDENTITY: Final = "Policy document should not specify a principal."
TRUST_NO_PRINCIPAL: Final = (
    "Invalid principal in policy: com.amazon.balsa.error.InvalidPolicyException: "
    "The passed in policy has a statement with no principals!"
)
# Unconfirmed wordings (not found in AWS's documentation); chosen to read like IAM's other messages.
RESOURCE_NO_PRINCIPAL: Final = "Missing required field Principal"
TRUST_ACTIONS: Final = (
    "Trust Policy statement actions can only be sts:AssumeRole, sts:AssumeRoleWithSAML, "
    "sts:AssumeRoleWithWebIdentity, sts:TagSession, sts:SetSourceIdentity and sts:SetContext"
)

TOP_KEYS: Final = frozenset({"Version", "Id", "Statement"})
STATEMENT_KEYS: Final = frozenset(
    {
        "Sid",
        "Effect",
        "Principal",
        "NotPrincipal",
        "Action",
        "NotAction",
        "Resource",
        "NotResource",
        "Condition",
    }
)
PRINCIPAL_KEYS: Final = frozenset({"AWS", "Service", "Federated", "CanonicalUser"})
VERSIONS: Final = frozenset({"2008-10-17", "2012-10-17"})
TRUST_ACTION_NAMES: Final = (
    "sts:assumerole",
    "sts:assumerolewithsaml",
    "sts:assumerolewithwebidentity",
    "sts:tagsession",
    "sts:setsourceidentity",
    "sts:setcontext",
)
_REGION_ERRORS: Final = {
    "iam": "IAM resource {resource} cannot contain region information.",
    "s3": "Resource {resource} can not contain region information.",
}
_IAM_PATHS: Final = (
    "user/",
    "federated-user/",
    "role/",
    "group/",
    "instance-profile/",
    "mfa/",
    "server-certificate/",
    "policy/",
    "sms-mfa/",
    "saml-provider/",
    "oidc-provider/",
    "report/",
    "access-report/",
)
_IAM_PATH_ERROR: Final = 'IAM resource path must either be "*" or start with ' + ", ".join(_IAM_PATHS) + "."
_PARTITIONS: Final = frozenset({"*"})  # beside the partition IAM runs in
_SID: Final = re.compile(r"^[0-9A-Za-z]*$")
_VENDOR_BAD: Final = re.compile(r"[^a-zA-Z0-9\-.]")


class _Fail(Exception):
    pass


def _err(message: str) -> AwsError:
    return AwsError("MalformedPolicyDocument", message, 400)


def _as_list(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    assert isinstance(value, list)
    return [v for v in value if isinstance(v, str)]


def _string_or_strings(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value))


def _cond_value_ok(value: object) -> bool:
    scalar = (str, bool, int, float)
    return isinstance(value, scalar) or (
        isinstance(value, list) and all(isinstance(v, scalar) for v in value)
    )


def _syntax_statement(st: object) -> None:
    if not isinstance(st, dict):
        raise _Fail
    if not STATEMENT_KEYS.issuperset(st):
        raise _Fail
    for a, b in (("Action", "NotAction"), ("Resource", "NotResource"), ("Principal", "NotPrincipal")):
        if a in st and b in st:
            raise _Fail
    effect = st.get("Effect")
    if not isinstance(effect, str) or effect.lower() not in ("allow", "deny"):
        raise _Fail
    for key in ("Action", "NotAction", "Resource", "NotResource"):
        if key in st and not _string_or_strings(st[key]):
            raise _Fail
    if "Sid" in st and not isinstance(st["Sid"], str):
        raise _Fail
    for key in ("Principal", "NotPrincipal"):
        if key in st:
            _syntax_principal(st[key])
    if "Condition" in st:
        block = st["Condition"]
        if not isinstance(block, dict):
            raise _Fail
        for op_name, pairs in block.items():
            if not isinstance(pairs, dict):
                raise _Fail
            if not all(_cond_value_ok(v) for v in pairs.values()):
                raise _Fail
            if pairs and split_operator(op_name) is None:
                raise _Fail


def _syntax_principal(value: object) -> None:
    if value == "*":
        return
    if not isinstance(value, dict) or not value or not PRINCIPAL_KEYS.issuperset(value):
        raise _Fail
    for v in value.values():
        if not _string_or_strings(v) or v == []:
            raise _Fail


def _syntax(doc: object) -> list[dict[str, object]]:
    if not isinstance(doc, dict) or not TOP_KEYS.issuperset(doc):
        raise _Fail
    if "Version" in doc and not (isinstance(doc["Version"], str) and doc["Version"] in VERSIONS):
        raise _Fail
    if "Id" in doc and not isinstance(doc["Id"], str):
        raise _Fail
    raw = doc.get("Statement")
    if isinstance(raw, dict):
        statements: list[object] = [raw]
    elif isinstance(raw, list) and raw:
        statements = list(raw)
    else:
        raise _Fail
    for st in statements:
        _syntax_statement(st)
    return statements  # type: ignore[return-value]


def _resource_format(resource: str, valid_partition: str | None = "aws") -> str | None:
    """The resource-format error for one Resource entry, or None ("IAM JSON policy elements: Resource",
    https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html).

    IAM accepts only its own partition there: in aws-cn, ``arn:aws:`` resources are refused with
    ``Partition "aws" is not valid for resource ...`` (as reported in
    https://github.com/kubernetes/kops/issues/6763 and aws/chalice#777)."""
    if resource == "*":
        return None
    _, sep, rest = resource.partition(":")
    if not sep:
        return f'Resource {resource} must be in ARN format or "*".'
    partition, sep, rest = rest.partition(":")
    if partition != valid_partition and partition not in _PARTITIONS and valid_partition is not None:
        parts = rest.split(":")
        arn1 = parts[0] if parts[0] != "" or len(parts) > 1 else "*"
        arn2 = parts[1] if len(parts) > 1 else "*"
        arn3 = parts[2] if len(parts) > 2 else "*"
        arn4 = ":".join(parts[3:]) if len(parts) > 3 else "*"
        shown = f"arn:{partition}:{arn1}:{arn2}:{arn3}:{arn4}"
        return f'Partition "{partition}" is not valid for resource "{shown}".'
    if sep != ":":
        return "Resource vendor must be fully qualified and cannot contain regexes."
    service, _, rest = rest.partition(":")
    # Anything but an empty region segment counts as region information (so does "arn:aws:s3").
    regional = not rest.startswith(":")
    _, _, rest = rest.partition(":")
    _, _, rest = rest.partition(":")
    if service in _REGION_ERRORS and regional and not region_allowed(service, rest):
        return _REGION_ERRORS[service].format(resource=resource)
    # "root": the account root user (STS's resource type for sts:AssumeRoot, arn:${Partition}:iam::
    # ${Account}:root, Service Authorization Reference); AWS's own root-task policies name it.
    if service == "iam" and rest != "*" and rest != "root" and not rest.startswith(_IAM_PATHS):
        return _IAM_PATH_ERROR
    return None


def _legacy_resource_ok(resource: str) -> bool:
    if resource == "*":
        return True
    if resource.count(":") < 5 and "::" in resource:
        return False
    parts = resource.split(":")
    return len(parts) < 3 or parts[2] != ""


def _check_action(action: str) -> None:
    parts = action.split(":")
    if len(parts) == 1 and parts[0] != "*":
        raise _err(NO_VENDOR)
    if len(parts) > 2:
        raise _err(TWO_COLONS)
    if parts[0] != "*" and _VENDOR_BAD.search(parts[0]):
        raise _err(f"Vendor {parts[0]} is not valid")


def _trust_action_ok(action: str) -> bool:
    low = action.lower()
    if low in TRUST_ACTION_NAMES:
        return True
    if low.startswith("sts:") and ("*" in low or "?" in low):
        g = glob(low, True)
        return any(g.match(name) for name in TRUST_ACTION_NAMES)
    return False


def validate(doc: object, kind: PolicyKind, partition: str | None = "aws") -> list[dict[str, object]]:
    """Run every stage; return the statement objects of a valid document, else raise AwsError."""
    try:
        statements = _syntax(doc)
    except _Fail:
        raise _err(SYNTAX) from None
    assert isinstance(doc, dict)

    if kind is PolicyKind.MANAGED and doc.get("Version") != "2012-10-17":
        raise _err(VERSION)

    if kind is PolicyKind.TRUST:
        # Checked before the resource stages, which would otherwise complain about a field that
        # should not be there at all (stage position unconfirmed).
        for st in statements:
            for key in ("Resource", "NotResource"):
                if key in st:
                    raise _err(f"Has prohibited field {key}")

    # Stage 3: the legacy parser (Effect case, dates), then resource formats, which may also fail legacy.
    resource_error = ""
    for st in statements:
        if st["Effect"] not in ("Allow", "Deny"):
            raise _err(LEGACY)
        for op_name, pairs in (st.get("Condition") or {}).items():  # type: ignore[attr-defined]
            parsed = split_operator(op_name)
            if parsed is None or not parsed[1].startswith("Date"):
                continue
            for value in pairs.values():
                for v in value if isinstance(value, list) else [value]:
                    if isinstance(v, bool) or not legacy_date_ok(str(v)):
                        raise _err(LEGACY)
    for key in ("Resource", "NotResource"):
        for st in statements:
            if key not in st:
                continue
            entries = _as_list(st[key])
            for r in entries if isinstance(st[key], str) else sorted(entries, reverse=True):
                error = _resource_format(r, partition)
                if error is not None:
                    resource_error = error
            if not resource_error and not all(_legacy_resource_ok(r) for r in entries):
                raise _err(LEGACY)

    sids = [st["Sid"] for st in statements if st.get("Sid")]
    if len(sids) != len(set(sids)):
        raise _err(SID_UNIQUE)
    if kind not in (PolicyKind.RESOURCE, PolicyKind.SCP, PolicyKind.RCP) and not all(
        isinstance(s, str) and _SID.match(s) for s in sids
    ):
        raise _err(SID_CHARSET)

    for st in statements:
        key = "Action" if "Action" in st else "NotAction"
        if key not in st or st[key] == []:
            raise _err(NO_ACTIONS)

    if resource_error:
        raise _err(resource_error)

    for key in ("Action", "NotAction"):
        for st in statements:
            if key in st:
                for action in _as_list(st[key]):
                    _check_action(action)

    if kind is not PolicyKind.TRUST:
        for st in statements:
            key = "Resource" if "Resource" in st else "NotResource"
            if key not in st or st[key] == []:
                raise _err(NO_RESOURCES)

    if kind in IDENTITY_KINDS:
        if any("Principal" in st or "NotPrincipal" in st for st in statements):
            raise _err(PRINCIPAL_IN_IDENTITY)
    elif kind in PRINCIPAL_KINDS:
        _check_principals(statements, kind is PolicyKind.TRUST)
    return statements


def _check_principals(statements: list[dict[str, object]], trust: bool) -> None:
    for st in statements:
        if trust and "NotPrincipal" in st:
            raise _err("Has prohibited field NotPrincipal")
        if "Principal" not in st and "NotPrincipal" not in st:
            raise _err(TRUST_NO_PRINCIPAL if trust else RESOURCE_NO_PRINCIPAL)
    for st in statements:
        element = st.get("Principal", st.get("NotPrincipal"))
        if isinstance(element, dict) and "AWS" in element:
            for value in _as_list(element["AWS"]):
                if classify_aws_principal(value) is None:
                    raise _err(f'Invalid principal in policy: "AWS":"{value}"')
    if trust:
        for st in statements:
            if "Action" in st and not all(_trust_action_ok(a) for a in _as_list(st["Action"])):
                raise _err(TRUST_ACTIONS)
