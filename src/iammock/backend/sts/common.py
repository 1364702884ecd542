"""Rules every AssumeRole* operation shares: the role, durations, session policies, packed size, tags."""

from __future__ import annotations

import json
import math
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from ...engine import ContextValue, PolicyKind, parse_policy
from ...errors import AwsError, access_denied, validation_error
from .. import lookup, partitions
from ..call import Call
from ..model import Account, Role, TemporaryCredentials, Use, VerifiedClaims
from ..registry import Output, Params
from . import credentials

CHAINED_MAX = 3600
POLICY_PLAINTEXT_MAX = 2048
MAX_POLICY_ARNS = 10
MAX_SESSION_TAGS = 50
# The packed binary limit: compressed session policy + policy ARNs + session tags (PackedPolicySize
# is a percentage of it). AWS does not publish the number; this one puts a 2,048-character policy
# at roughly half and 50 long random tags well above 100%.
PACKED_LIMIT = 1024


@lru_cache(maxsize=1024)  # tests assume the same few roles again and again
def parse_role_arn(arn: str) -> tuple[str, str, str, str] | None:
    """(account, path, name, partition) of ``arn:PARTITION:iam::ACCT:role/PATH/NAME``, or None."""
    parts = arn.split(":", 5)
    if len(parts) != 6 or parts[0] != "arn" or parts[2] != "iam" or not parts[4].isdigit():
        return None
    kind, sep, rest = parts[5].partition("/")
    if kind != "role" or not sep or not rest:
        return None
    path, _, name = ("/" + rest).rpartition("/")
    return parts[4], path + "/", name, parts[1]


def call_partition(call: Call) -> str:
    """The partition a call is made in: its caller's account's (checked against the client's region when
    the call began), or the client region's for unsigned calls."""
    caller = call.caller
    return caller.account.partition if caller is not None else partitions.of_region(call.region).name


def account_at(call: Call, split: tuple[str, str, str, str]) -> Account | None:
    """The account a parsed role ARN names, if it lives in the ARN's partition and in the call's: partitions
    have independent IAM instances, so a role of another partition does not exist for this call."""
    account = call.backend.accounts.get(split[0])
    if account is None or account.partition != split[3] or split[3] != call_partition(call):
        return None
    return account


def find_role(call: Call, arn: str) -> Role | None:
    """The role an ARN names, path included; None when there is none (or the account is unknown)."""
    split = parse_role_arn(arn)
    return None if split is None else role_at(call, split)


def role_at(call: Call, split: tuple[str, str, str, str]) -> Role | None:
    """``find_role`` for an ARN already parsed by ``parse_role_arn``."""
    account = account_at(call, split)
    if account is None:
        return None
    role = account.roles.get(split[2].lower())
    if role is None or role.path != split[1] or role.name != split[2]:
        return None
    return role


def check_role_arn(arn: str) -> tuple[str, str, str, str]:
    """``parse_role_arn``, with AWS's error for an ARN that is no role ARN."""
    split = parse_role_arn(arn)
    if split is None:
        raise invalid_role_arn(arn)
    return split


def invalid_role_arn(arn: str) -> AwsError:
    # (unconfirmed) AWS's wording for a RoleArn that is no role ARN at all.
    return validation_error(f"{arn} is invalid")


def role_duration(params: Params, role: Role, *, chained: bool) -> int:
    duration: int = params.get("DurationSeconds", 3600)
    if chained and duration > CHAINED_MAX:
        raise validation_error(
            "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by "
            "role chaining."
        )
    if duration > role.max_session_duration:
        raise validation_error(
            "The requested DurationSeconds exceeds the MaxSessionDuration set for this role."
        )
    return duration


@dataclass(frozen=True, slots=True)
class SessionPolicies:
    documents: tuple[str, ...] | None
    arns: tuple[str, ...]
    packed_size: int | None  # percentage; None when neither a policy, ARNs nor tags were passed


NO_SESSION_POLICIES = SessionPolicies(None, (), None)


def session_policies(
    account: Account,
    params: Params,
    session_tags: Mapping[str, str] | None = None,
) -> SessionPolicies:
    """Validate ``Policy`` and ``PolicyArns`` (which must exist in ``account``) and the packed size."""
    text: str | None = params.get("Policy")
    descriptors = params.get("PolicyArns", ())
    if text is None and not descriptors and not session_tags:
        return NO_SESSION_POLICIES  # most sessions: nothing to check, nothing packed
    for index, item in enumerate(descriptors, 1):
        if item.get("arn") is None:  # the model leaves "arn" optional; the service requires it (unconfirmed)
            raise validation_error(
                f"1 validation error detected: Value null at 'policyArns.{index}.member.arn' failed to "
                "satisfy constraint: Member must not be null"
            )
    arns = tuple(item["arn"] for item in descriptors)
    if text is not None:
        if len(text) > POLICY_PLAINTEXT_MAX:
            raise validation_error(
                "1 validation error detected: Value at 'policy' failed to satisfy constraint: "
                f"Member must have length less than or equal to {POLICY_PLAINTEXT_MAX}"
            )
        parse_policy(text, PolicyKind.SESSION, account.partition)
    if len(arns) > MAX_POLICY_ARNS:
        raise validation_error(
            "1 validation error detected: Value at 'policyArns' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_POLICY_ARNS}"
        )
    for arn in arns:
        if lookup.managed_policy(account, arn) is None:
            # (unconfirmed wording) the ARN must name a policy of the role's account or an AWS one.
            raise AwsError("InvalidParameterValue", f"Policy {arn} does not exist or is not attachable.", 400)
    tags = dict(session_tags or {})
    packed = None
    if text is not None or arns or tags:
        packed = packed_size(text, arns, tags)
    return SessionPolicies((text,) if text is not None else None, arns, packed)


def packed_size(text: str | None, arns: Iterable[str], tags: Mapping[str, str]) -> int:
    """Percentage of the packed limit; raises PackedPolicyTooLarge above 100."""
    policy_part = json.dumps(json.loads(text), separators=(",", ":")) if text else ""
    arn_part = "\n".join(arns)
    tag_part = "\n".join(f"{k}={v}" for k, v in tags.items())
    blob = "\x00".join((policy_part, arn_part, tag_part)).encode()
    size = len(zlib.compress(blob, 9)) if (policy_part or arn_part or tag_part) else 0
    percent = math.ceil(size * 100 / PACKED_LIMIT)
    if percent > 100:
        if not policy_part and not arn_part:
            message = f"Packed size of session tags consumes {percent}% of allotted space."
        else:
            # (unconfirmed) wording reported by AWS users for oversized session policies.
            message = (
                f"Packed policy consumes {percent}% of allotted space, please use smaller policy for session."
            )
        raise AwsError("PackedPolicyTooLarge", message, 400)
    return percent


@dataclass(frozen=True, slots=True)
class SessionTags:
    # Not to be changed in place: NO_SESSION_TAGS is shared, and sessions take a copy.
    tags: dict[str, str] = field(default_factory=dict)
    transitive: tuple[str, ...] = ()
    passed: bool = False  # Tags or TransitiveTagKeys given: sts:TagSession must be allowed


NO_SESSION_TAGS = SessionTags({}, (), False)


def session_tags(params: Params, parent: TemporaryCredentials | None) -> SessionTags:
    """Passed tags plus the transitive tags inherited from the calling session."""
    given = params.get("Tags", [])
    transitive_given = list(params.get("TransitiveTagKeys", []))
    if not given and not transitive_given and (parent is None or not parent.transitive_tag_keys):
        return NO_SESSION_TAGS  # most sessions: no tags passed, none inherited
    inherited: dict[str, str] = {}
    inherited_keys: tuple[str, ...] = ()
    if parent is not None and parent.transitive_tag_keys:
        inherited_keys = parent.transitive_tag_keys
        lowered = {k.lower() for k in inherited_keys}
        inherited = {k: v for k, v in parent.tags.items() if k.lower() in lowered}
    out: dict[str, str] = dict(inherited)
    seen: set[str] = set()
    for tag in given:
        key, value = tag["Key"], tag.get("Value", "")
        low = key.lower()
        if low in seen:
            raise validation_error(
                "Duplicate tag keys found. Please note that Tag keys are case insensitive."
            )
        seen.add(low)
        if low.startswith("aws:"):
            raise validation_error('User-defined tag keys can\'t start with the reserved prefix "aws:".')
        if any(k.lower() == low for k in inherited):
            # (unconfirmed wording) an inherited transitive tag cannot be set again down the chain.
            raise access_denied(
                f"Cannot set session tag {key}: it is already set as a transitive tag of the calling session."
            )
        out[key] = value
    if len(out) > MAX_SESSION_TAGS:
        raise validation_error(
            "1 validation error detected: Value at 'tags' failed to satisfy constraint: "
            f"Member must have length less than or equal to {MAX_SESSION_TAGS}"
        )
    given_lower = {t["Key"].lower(): t["Key"] for t in given}
    new_transitive = []
    for key in transitive_given:
        if key.lower() not in given_lower:
            # (unconfirmed wording) a transitive key must be one of the passed session tags.
            raise validation_error(f"The transitive tag key {key} is not among the session tags.")
        new_transitive.append(given_lower[key.lower()])
    transitive = tuple(dict.fromkeys((*inherited_keys, *new_transitive)))
    return SessionTags(out, transitive, bool(given) or bool(transitive_given))


def tag_context(params: Params) -> dict[str, ContextValue]:
    context: dict[str, ContextValue] = {}
    given = params.get("Tags", [])
    for tag in given:
        context[f"aws:RequestTag/{tag['Key']}"] = tag.get("Value", "")
    if given:
        context["aws:TagKeys"] = [t["Key"] for t in given]
    if params.get("TransitiveTagKeys"):
        context["sts:TransitiveTagKeys"] = list(params["TransitiveTagKeys"])
    return context


def issue_role_session(
    call: Call,
    role: Role,
    session_name: str,
    duration: int,
    *,
    origin: str,
    policies: SessionPolicies | None = None,
    tags: SessionTags | None = None,
    source_identity: str | None = None,
    mfa: bool = False,
    chained: bool = False,
    external_id: str | None = None,
    service: str | None = None,
    federated_provider: str | None = None,
    web_identity_claims: VerifiedClaims | None = None,
) -> TemporaryCredentials:
    backend = call.backend
    role_arn = role.arn
    _, partition, _, _, account_id, _ = role_arn.split(":", 5)
    name = role.name
    role_id = role.role_id
    access_key_id, secret, token = backend.ids.temporary_credentials()
    now = call.now
    # One positional constructor call (field order of model.TemporaryCredentials): every AssumeRole*
    # comes through here, and binding keywords or setting attributes afterwards costs twice as much.
    session = TemporaryCredentials(
        access_key_id,
        secret,
        token,
        account_id,
        "assumed_role",
        partitions.sts_arn(partition, account_id, f"assumed-role/{name}/{session_name}"),
        f"{role_id}:{session_name}",
        now,
        now + credentials.span(duration),
        None,
        name,
        role_arn,
        role_id,
        session_name,
        mfa,
        policies.documents if policies is not None else None,
        policies.arns if policies is not None else (),
        dict(tags.tags) if tags is not None and tags.tags else {},
        tags.transitive if tags is not None else (),
        source_identity,
        chained,
        origin,
        external_id,
        None,
        service,
        federated_provider,
        web_identity_claims,
    )
    backend.temporary[access_key_id] = session  # its keys authenticate from now on
    # One Use per call (Call.use): its key's last use, its service access and this record hold the same
    # when, "sts" and region.
    use = call.use
    if use is None:
        use = call.use = Use(now, "sts", call.region)
    backend.activity.role_last_used[role_arn] = use
    return session


def assumed_role_answer(session: TemporaryCredentials, policies: SessionPolicies | None) -> Output:
    return {
        # credentials.render, written out: every AssumeRole* answer is built here.
        "Credentials": {
            "AccessKeyId": session.access_key_id,
            "SecretAccessKey": session.secret,
            "SessionToken": session.token,
            "Expiration": session.expiration,
        },
        "AssumedRoleUser": {"AssumedRoleId": session.user_id, "Arn": session.arn},
        "PackedPolicySize": policies.packed_size if policies else None,
        "SourceIdentity": session.source_identity,
    }
