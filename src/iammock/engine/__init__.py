"""The pure policy engine: parse and validate policy documents, and decide requests as AWS does."""

from __future__ import annotations

from .conditions import Condition
from .context import (
    GLOBAL_KEYS,
    TAG_KEY_PREFIXES,
    ContextKey,
    ContextScalar,
    ContextValue,
    Principal,
    RequestContext,
    as_context,
    key_info,
    principal_context,
)
from .decide import (
    ALLOWED,
    EXPLICIT_DENY,
    IMPLICIT_DENY,
    NOT_APPLICABLE,
    Decision,
    DecisionCache,
    PolicySet,
    Request,
    authorize,
    remembered,
)
from .document import (
    INLINE_QUOTAS,
    MANAGED_POLICY_QUOTA,
    TRUST_POLICY_QUOTA,
    Policy,
    Statement,
    check_inline_policy_sizes,
    check_managed_policy_size,
    check_trust_policy_size,
    invalid_principal,
    parse_policy,
    policy_size,
)
from .explain import denial_message
from .jsonpos import Position
from .kinds import PolicyKind
from .match import PrincipalSpec, arn_match, glob_match, match_principal
from .named import MatchedStatement, NamedPolicy

__all__ = [
    "ALLOWED",
    "EXPLICIT_DENY",
    "GLOBAL_KEYS",
    "IMPLICIT_DENY",
    "INLINE_QUOTAS",
    "MANAGED_POLICY_QUOTA",
    "NOT_APPLICABLE",
    "TAG_KEY_PREFIXES",
    "TRUST_POLICY_QUOTA",
    "Condition",
    "ContextKey",
    "ContextScalar",
    "ContextValue",
    "Decision",
    "DecisionCache",
    "MatchedStatement",
    "NamedPolicy",
    "Policy",
    "PolicyKind",
    "PolicySet",
    "Position",
    "Principal",
    "PrincipalSpec",
    "Request",
    "RequestContext",
    "Statement",
    "arn_match",
    "as_context",
    "authorize",
    "check_inline_policy_sizes",
    "check_managed_policy_size",
    "check_trust_policy_size",
    "denial_message",
    "glob_match",
    "invalid_principal",
    "key_info",
    "match_principal",
    "parse_policy",
    "policy_size",
    "principal_context",
    "remembered",
]
