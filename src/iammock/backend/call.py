"""One intercepted call as the backend sees it: who, what, when; and the authorization seam."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from .caller import Caller
from .model import Account
from .state import Backend


@dataclass
class Call:
    backend: Backend
    caller: Caller | None  # None for unsigned operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML)
    service: str
    operation: str
    now: datetime  # read once per call: every timestamp a call writes is the same instant
    region: str
    source_ip: str = "203.0.113.10"
    decisions: list[Any] = field(default_factory=list)  # every engine decision this call asked for
    cache: dict[str, Any] = field(default_factory=dict)  # per-call memo (the caller's policies …)
    # Ask the engine even where the answer is known (the account root): for explanations on demand.
    full_decisions: bool = False

    @property
    def account(self) -> Account:
        assert self.caller is not None, "unsigned operations have no caller account"
        return self.caller.account

    def authorize(self, action: str, resource: str, context: Mapping[str, Any] | None = None) -> None:
        """Ask the policy engine before acting; raises AccessDenied when the answer is no."""
        from .authz import authorize

        authorize(self, action, resource, context or {})

    def authorize_trust(
        self, role: Any, action: str, context: Mapping[str, Any] | None = None, principal: Any = None
    ) -> None:
        """Evaluate a role's trust policy for ``action``, with the caller's policies where AWS needs them."""
        from .authz import authorize_trust

        authorize_trust(self, role, action, context or {}, principal)
