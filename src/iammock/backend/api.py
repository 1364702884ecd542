"""The backend's front door: authenticate a call, then run its operation's handler."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .. import clock
from ..errors import AwsError
from . import operations, partitions, registry
from .call import Call
from .caller import Presented, authenticate, invalid_token
from .model import Use
from .operations import Effect
from .state import Backend
from .sts import scope

if TYPE_CHECKING:
    from .registry import Output, Params

# IAM is global: AWS reports its calls, and its keys' last use, in one region of the partition
# (us-east-1 in aws): the credential scope of IAM's endpoint there (partitions.iam_region). Organizations
# too: its one endpoint is in that region ("AWS Organizations endpoints and quotas").
_GLOBAL = frozenset({"iam", "organizations"})
# (service, client region) -> (partition, the region the call is made in): asked on every call.
_WHERE: dict[tuple[str, str | None], tuple[str, str]] = {}


def _where(service: str, region: str | None) -> tuple[str, str]:
    partition = partitions.of_region(region)
    return partition.name, partition.iam_region if service in _GLOBAL else region or partitions.DEFAULT_REGION


class Api:
    def __init__(self, backend: Backend, *, source_ip: str, audit: bool = False) -> None:
        self.backend = backend
        self.source_ip = source_ip
        self.audit = audit  # audit mode: denials are recorded on the call, which proceeds (authz.stops)

    def begin(self, service: str, operation: str, presented: Presented | None, region: str | None) -> Call:
        """Authenticate; the returned call carries the one instant the whole call uses."""
        now = clock.now()
        backend = self.backend
        # The client's region decides the partition, hence which IAM instance answers.
        where = _WHERE.get((service, region))
        if where is None:
            where = _WHERE[(service, region)] = _where(service, region)
        partition, region = where
        if presented is None:
            return Call(backend, None, service, operation, now, region, self.source_ip, audit=self.audit)
        caller = authenticate(backend, presented, now)
        if caller.account.partition != partition:
            # Partitions have independent IAM instances: a key of another partition is unknown here.
            raise invalid_token()
        scope.check(caller, service, operation)
        call = Call(backend, caller, service, operation, now, region, self.source_ip, audit=self.audit)
        if presented.access_key_id in backend.access_keys:
            use = call.use = Use(now, service, region)
            backend.activity.key_last_used[presented.access_key_id] = use
        return call

    def execute(self, call: Call, params: Params) -> Output:
        handler = registry.handler_for(call.service, call.operation)
        if handler is None:
            raise AwsError(
                "InvalidAction",
                f"iammock does not implement {call.service}:{call.operation} yet.",
                400,
            )
        with self.backend.lock:
            try:
                result = handler(call, params) or {}
            finally:
                # The caches kept against these counters: see operations.Effect. Also when the call
                # failed: a handler may have changed state before it raised.
                effect = operations.of(call.service, call.operation).effect
                if effect is Effect.CHANGES or effect is Effect.CREATES:
                    self.backend.generation += 1
                    if effect is Effect.CHANGES:
                        self.backend.permissions += 1
            self._record_access(call)
            return result

    def _record_access(self, call: Call) -> None:
        """Service last accessed data: which user or role called which service, and when."""
        caller = call.caller
        if caller is None:
            return
        if caller.user is not None:
            arn = caller.user.arn
        elif caller.session is not None and caller.session.role_name:
            role = caller.account.roles.get(caller.session.role_name.lower())
            if role is None:
                return
            arn = role.arn
        else:
            return  # the account root: AWS keeps no access advisor data for it
        use = call.use or Use(call.now, call.service, call.region)
        activity = self.backend.activity
        activity.service_access[(arn, call.service)] = use
        activity.action_access[(arn, f"{call.service}:{call.operation}")] = use

    def request_id(self) -> str:
        return self.backend.ids.request_id()
