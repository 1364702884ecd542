"""The request context: who asks, and the condition keys AWS builds for one authorization call."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Final

ContextScalar = str | bool | int | float | datetime | bytes
# A list or tuple is a multi-valued key (aws:TagKeys, aws:CalledVia); AWS decides single- versus
# multi-valued by the request's value count, so a one-element list behaves as a single value.
ContextValue = ContextScalar | Sequence[ContextScalar]


@dataclass(frozen=True, slots=True)
class Principal:
    # "root" | "user" | "assumed_role" | "federated_user" | "service" | "web_identity" | "saml" | "anonymous"
    kind: str
    arn: str
    account: str
    entity_arn: str | None = None
    entity_id: str | None = None
    parent_arn: str | None = None
    service: str | None = None
    # The identity provider of a web-identity / SAML caller (accounts.google.com, an OIDC or SAML
    # provider ARN); falls back to ``arn`` when absent, so backends may simply put it there.
    provider: str | None = None


class RequestContext(Mapping[str, ContextValue]):
    """Case-insensitive view of a context mapping; iteration yields the caller's spelling."""

    __slots__ = ("_lower_map", "_values")

    def __init__(self, values: Mapping[str, ContextValue]) -> None:
        self._values = values
        self._lower_map: dict[str, ContextValue] | None = None

    @property
    def _lower(self) -> dict[str, ContextValue]:
        # Built on first need: most lookups hit the caller's own spelling (see lookup()).
        if self._lower_map is None:
            self._lower_map = {k.lower(): v for k, v in self._values.items()}
        return self._lower_map

    def __getitem__(self, key: str) -> ContextValue:
        return self._lower[key.lower()]

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name in self._values:
            if name.lower() not in seen:
                seen.add(name.lower())
                yield name

    def __len__(self) -> int:
        return len(self._lower)

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key.lower() in self._lower

    def get_lower(self, key_lower: str) -> ContextValue | None:
        """Lookup by an already lower-cased key."""
        return self._lower.get(key_lower)

    def itself(self) -> RequestContext:
        """The context, for code that asks for it through a callable (built lazily elsewhere)."""
        return self

    def lookup(self, key: str, key_lower: str) -> ContextValue | None:
        """The hot path of condition evaluation: the exact spelling first, then case-insensitively."""
        value = self._values.get(key)
        if value is not None:
            return value
        return self._lower.get(key_lower)


def as_context(values: Mapping[str, ContextValue]) -> RequestContext:
    if type(values) is dict:
        # The usual case, decided without isinstance: against an ABC it costs as much as the wrapping.
        return RequestContext(values)
    return values if isinstance(values, RequestContext) else RequestContext(values)


def is_multi(value: ContextValue) -> bool:
    return isinstance(value, list | tuple)


def values_of(value: ContextValue) -> tuple[ContextScalar, ...]:
    if isinstance(value, list | tuple):
        return tuple(value)
    return (value,)  # type: ignore[return-value]


def to_text(value: ContextScalar) -> str:
    """How a context value reads when compared as a string or substituted into a policy variable."""
    if type(value) is str:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


@dataclass(frozen=True, slots=True)
class ContextKey:
    name: str
    type: str  # "String" | "Bool" | "Numeric" | "Date" | "IPAddress" | "ARN" | "Binary"
    multi: bool = False


def _keys(*specs: tuple[str, str, bool]) -> dict[str, ContextKey]:
    return {name.lower(): ContextKey(name, typ, multi) for name, typ, multi in specs}


# "AWS global condition context keys" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html)
# and "IAM and AWS STS condition context keys"
# (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_iam-condition-keys.html).
# Keys with a tag or attribute suffix are in TAG_KEY_PREFIXES.
GLOBAL_KEYS: Final[Mapping[str, ContextKey]] = _keys(
    ("aws:username", "String", False),
    ("aws:userid", "String", False),
    ("aws:PrincipalType", "String", False),
    ("aws:PrincipalArn", "ARN", False),
    ("aws:PrincipalAccount", "String", False),
    ("aws:PrincipalOrgID", "String", False),
    ("aws:PrincipalOrgPaths", "String", True),
    ("aws:PrincipalIsAWSService", "Bool", False),
    ("aws:PrincipalServiceName", "String", False),
    ("aws:TokenIssueTime", "Date", False),
    ("aws:MultiFactorAuthPresent", "Bool", False),
    ("aws:MultiFactorAuthAge", "Numeric", False),
    ("aws:SourceIdentity", "String", False),
    ("aws:FederatedProvider", "String", False),
    ("aws:CurrentTime", "Date", False),
    ("aws:EpochTime", "Date", False),
    ("aws:SecureTransport", "Bool", False),
    ("aws:SourceIp", "IPAddress", False),
    ("aws:RequestedRegion", "String", False),
    ("aws:UserAgent", "String", False),
    ("aws:referer", "String", False),
    ("aws:ViaAWSService", "Bool", False),
    ("aws:CalledVia", "String", True),
    ("aws:CalledViaFirst", "String", False),
    ("aws:CalledViaLast", "String", False),
    ("aws:TagKeys", "String", True),
    ("aws:SourceArn", "ARN", False),
    ("aws:SourceAccount", "String", False),
    ("aws:ResourceAccount", "String", False),
    ("aws:ResourceOrgID", "String", False),
    ("aws:ResourceOrgPaths", "String", True),
    ("sts:ExternalId", "String", False),
    ("sts:RoleSessionName", "String", False),
    ("sts:SourceIdentity", "String", False),
    ("sts:TransitiveTagKeys", "String", True),
    ("sts:TaskPolicyArn", "ARN", False),
    ("iam:PermissionsBoundary", "ARN", False),
    ("iam:PolicyARN", "ARN", False),
    ("iam:PassedToService", "String", False),
    ("iam:AssociatedResourceArn", "ARN", False),
    ("iam:OrganizationsPolicyId", "String", False),
    ("iam:AWSServiceName", "String", False),
    ("cognito-identity.amazonaws.com:amr", "String", True),
    ("cognito-identity.amazonaws.com:aud", "String", False),
    ("cognito-identity.amazonaws.com:sub", "String", False),
    ("saml:aud", "String", False),
    ("saml:iss", "String", False),
    ("saml:sub", "String", False),
    ("saml:sub_type", "String", False),
    ("saml:namequalifier", "String", False),
    ("saml:doc", "String", False),
)

TAG_KEY_PREFIXES: Final[Mapping[str, ContextKey]] = _keys(
    ("aws:PrincipalTag/", "String", False),
    ("aws:RequestTag/", "String", False),
    ("aws:ResourceTag/", "String", False),
    ("iam:ResourceTag/", "String", False),
)

# Which principal-derived keys exist for each principal kind ("AWS global condition context keys",
# properties of the principal: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
PRINCIPAL_KEYS: Final[Mapping[str, tuple[str, ...]]] = {
    "user": ("aws:username", "aws:userid", "aws:PrincipalType", "aws:PrincipalArn", "aws:PrincipalAccount"),
    "assumed_role": ("aws:userid", "aws:PrincipalType", "aws:PrincipalArn", "aws:PrincipalAccount"),
    "federated_user": ("aws:userid", "aws:PrincipalType", "aws:PrincipalArn", "aws:PrincipalAccount"),
    "root": ("aws:userid", "aws:PrincipalType", "aws:PrincipalArn", "aws:PrincipalAccount"),
}

PRINCIPAL_TYPES: Final[Mapping[str, str]] = {
    "user": "User",
    "assumed_role": "AssumedRole",
    "federated_user": "FederatedUser",
    "root": "Account",
    "anonymous": "Anonymous",
}


def key_info(name: str) -> ContextKey | None:
    """Type and cardinality of a known condition key (case-insensitive), or None when unknown."""
    low = name.lower()
    info = GLOBAL_KEYS.get(low)
    if info is not None:
        return info
    for prefix, proto in TAG_KEY_PREFIXES.items():
        if low.startswith(prefix) and len(low) > len(prefix):
            return ContextKey(proto.name + name[len(prefix) :], proto.type, proto.multi)
    if low.startswith("saml:") and low.endswith("[]"):
        return ContextKey(name, "String", True)
    if low.endswith(":amr"):
        return ContextKey(name, "String", True)
    if low.endswith((":aud", ":sub", ":oaud", ":app_id", ":id", ":user_id", ":azp")):
        return ContextKey(name, "String", False)
    return None


def principal_context(principal: Principal, *, user_name: str | None = None) -> dict[str, ContextValue]:
    """The principal-derived keys (properties of the principal, "AWS global condition context keys")
    that follow from the Principal alone."""
    out: dict[str, ContextValue] = {}
    ptype = PRINCIPAL_TYPES.get(principal.kind)
    if ptype is not None:
        out["aws:PrincipalType"] = ptype
    if principal.kind in ("user", "assumed_role", "federated_user", "root"):
        out["aws:PrincipalAccount"] = principal.account
    if principal.kind == "user":
        out["aws:PrincipalArn"] = principal.entity_arn or principal.arn
        if principal.entity_id:
            out["aws:userid"] = principal.entity_id
        name = user_name or (principal.entity_arn or principal.arn).rsplit("/", 1)[-1]
        out["aws:username"] = name
    elif principal.kind == "assumed_role":
        out["aws:PrincipalArn"] = principal.entity_arn or principal.arn
        session = principal.arn.rsplit("/", 1)[-1]
        if principal.entity_id:
            out["aws:userid"] = f"{principal.entity_id}:{session}"
    elif principal.kind == "federated_user":
        out["aws:PrincipalArn"] = principal.arn
        out["aws:userid"] = f"{principal.account}:{principal.arn.rsplit('/', 1)[-1]}"
    elif principal.kind == "root":
        # In the partition of the caller's own ARN (an account lives in one partition).
        partition = principal.arn.split(":", 2)[1] if principal.arn.startswith("arn:") else "aws"
        out["aws:PrincipalArn"] = f"arn:{partition}:iam::{principal.account}:root"
        out["aws:userid"] = principal.account
    if principal.kind != "service":
        out["aws:PrincipalIsAWSService"] = False
    return out
