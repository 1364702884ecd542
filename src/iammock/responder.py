"""What a started mock puts on the hook's dispatch stack: the hook's one counterpart.

The hook (``iammock.hook.dispatch``) asks it to authenticate a call (``begin``), run it (``execute``),
authorize a call to another service (``enforce``) and record the outcome on the trail (``record``). It
holds exactly what that takes (the backend's front door, the trail, the caller's source IP) and is
rebound to a fresh front door when the mock resets.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from . import clock
from .backend import operations
from .trail import Entry, Trail

if TYPE_CHECKING:
    from .backend.api import Api
    from .backend.call import Call
    from .backend.caller import Presented
    from .errors import AwsError


class Responder:
    __slots__ = (
        "adapted",
        "api",
        "begin",
        "enforcing",
        "execute",
        "next_request_id",
        "owner",
        "request_id",
        "source_ip",
        "trail",
    )

    def __init__(self, api: Api, trail: Trail, *, source_ip: str, enforcing: bool, owner: object) -> None:
        self.trail = trail
        self.source_ip = source_ip
        self.enforcing = enforcing  # authorize other services' calls (moto's) too
        self.owner = owner  # the mock that pushed this responder (``iammock.current()``)
        # moto's IAM answers from this mock's state (services/moto_iam.py): set once moto is seen.
        self.adapted = False
        self.use(api)

    def use(self, api: Api) -> None:
        """Answer from ``api`` from now on (a reset mock's fresh backend)."""
        self.api = api  # moto's IAM reads the same state (services/moto_iam.py)
        # Bound as attributes, not methods that forward: the hook calls them on every answer.
        self.begin: Callable[[str, str, Presented | None, str | None], Call] = api.begin
        self.execute: Callable[[Call, dict[str, Any]], dict[str, Any]] = api.execute
        self.next_request_id: Callable[[], str] = api.backend.ids.request_id
        self.request_id: Callable[[], str] = api.backend.ids.request_id

    def enforce(
        self,
        service: str,
        operation: str,
        params: dict[str, Any],
        presented: Presented | None,
        region: str | None,
        **request: Any,
    ) -> AwsError | None:
        """IAM authorization of a call to another service: its error, or None to let it proceed."""
        if not self.adapted and "moto" in sys.modules:
            # moto imported after the mock started: moto's IAM is iammock's from now on (until the last
            # mock stops, and this one is active until then).
            from .services import moto_iam

            moto_iam.install()
            self.adapted = True
        if not self.enforcing:
            return None
        from .services.enforce import enforce

        return enforce(self, service, operation, params, presented, region, **request)

    def record(
        self,
        call: Call | None,
        service: str,
        operation: str,
        region: str | None,
        params: dict[str, Any],
        response: dict[str, Any] | None,
        error: AwsError | None,
        request_id: str,
    ) -> None:
        caller = None
        decided: Any = ()
        if call is not None:
            when, region, caller = call.now, call.region, call.caller
            found = call.decisions
            if found:
                decided = found[0] if len(found) == 1 else tuple(found)
        else:
            when, region = clock.now(), region or "us-east-1"
        if response is not None and not operations.of(service, operation).shown:
            response = None  # CloudTrail shows no answer for it: keeping it would only hold memory
        self.trail.record(
            Entry(
                when,
                service,
                operation,
                region,
                self.source_ip,
                request_id,
                caller,
                params,
                response,
                error,
                decided,
            )
        )
