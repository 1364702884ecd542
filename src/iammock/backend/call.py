"""One intercepted call as the backend sees it: who, what, when; its handlers ask ``authz`` through it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from . import authz
from .caller import Caller
from .model import Account, Role, Use
from .state import Backend

if TYPE_CHECKING:
    from ..engine import ContextValue, Decision, Principal


@dataclass(init=False, eq=False, slots=True)
class Call:
    backend: Backend
    caller: Caller | None  # None for unsigned operations (AssumeRoleWithWebIdentity, AssumeRoleWithSAML)
    service: str
    operation: str
    now: datetime  # read once per call: every timestamp a call writes is the same instant
    region: str
    source_ip: str
    decisions: list[Decision]  # every engine decision this call asked for
    cache: dict[str, object]  # per-call memo (the caller's policies …)
    # Ask the engine even where the answer is known (the account root): for explanations on demand.
    full_decisions: bool
    # What the call's credentials were used for (when, service, region), once made: the access key's
    # last use and the caller's service access record the same value.
    use: Use | None
    # Audit mode (``mock_iam(mode="audit")``): a denial is kept on the call as always, and the call
    # proceeds (``authz.stops``).
    audit: bool

    # Written out, slotted: every answered call builds one, and the generated __init__ with default
    # factories (sentinel tests, factory calls) and an instance dict cost a quarter more.
    def __init__(
        self,
        backend: Backend,
        caller: Caller | None,
        service: str,
        operation: str,
        now: datetime,
        region: str,
        source_ip: str = "203.0.113.10",
        *,
        full_decisions: bool = False,
        audit: bool = False,
    ) -> None:
        self.backend = backend
        self.caller = caller
        self.service = service
        self.operation = operation
        self.now = now
        self.region = region
        self.source_ip = source_ip
        self.decisions = []
        self.cache = {}
        self.full_decisions = full_decisions
        self.use = None
        self.audit = audit

    @property
    def account(self) -> Account:
        assert self.caller is not None, "unsigned operations have no caller account"
        return self.caller.account

    def authorize(
        self, action: str, resource: str, context: Mapping[str, ContextValue] | None = None
    ) -> None:
        """Ask the policy engine before acting (``authz.check``); AccessDenied when the answer is no."""
        authz.authorize(self, action, resource, context)

    def authorize_trust(
        self,
        role: Role,
        action: str,
        context: Mapping[str, ContextValue] | None = None,
        principal: Principal | None = None,
    ) -> None:
        """Evaluate a role's trust policy for ``action``, with the caller's policies where AWS needs them."""
        authz.authorize_trust(self, role, action, context, principal)
