"""Backend → Account → stores.

One lock serialises every operation, so concurrent calls see consistent state.
"""

from __future__ import annotations

import copy
import re
import threading
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from .. import clock
from ..errors import AwsError
from .ids import Ids
from .model import AccessKey, Account, Activity, TemporaryCredentials

if TYPE_CHECKING:
    from .authz import CallerParts
    from .caller import KnownCaller

_ACCOUNT_ID = re.compile(r"\d{12}")


T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Kept(Generic[T]):
    """A value derived from state, with the ``Backend.generation`` it was derived at."""

    generation: int
    value: T


class Backend:
    """All state of one mock. Nothing here is shared between two mocks."""

    def __init__(
        self, default_account_id: str = "123456789012", *, seed: int | None = None, partition: str = "aws"
    ) -> None:
        if not isinstance(default_account_id, str) or not _ACCOUNT_ID.fullmatch(default_account_id):
            raise ValueError(f"account_id must be 12 digits, got {default_account_id!r}")
        self.lock = threading.RLock()
        self.ids = Ids(seed)
        self.default_account_id = default_account_id
        # The partition of the mock's region: where an account is created unless a caller names another.
        self.partition = partition
        self.accounts: dict[str, Account] = {}
        # Every access key the mock issued, for authentication: long-term keys and STS sessions.
        self.access_keys: dict[str, AccessKey] = {}
        self.temporary: dict[str, TemporaryCredentials] = {}
        self.activity = Activity()
        # Bumped by every operation that may change state; per-caller authorization inputs (principal,
        # policies, principal context keys) are memoised against it, so reads do not rebuild them.
        self.generation = 0
        # Bumped by the writes that may change what a principal is allowed to do: every write except
        # the creation of a new entity nothing refers to yet. Callers' policy sets are kept against it.
        self.permissions = 0
        self.authz_cache: dict[str, CallerParts] = {}  # per caller, see authz.py
        self.callers: dict[str, KnownCaller] = {}  # long-term access key -> its caller, see caller.py
        self.simulations: dict[Any, Kept[Any]] = {}  # prepared policy simulations, see iam/simulation.py
        self.order_cache: dict[Any, Kept[list[Any]]] = {}  # sorted listings, see paging.ordered
        self.account(default_account_id)

    def account(
        self, account_id: str, now: datetime | None = None, *, partition: str | None = None
    ) -> Account:
        """The account with that ID, created with root keys on first use in ``partition`` (by default the
        mock's). An account lives in one partition: an existing account keeps its own."""
        with self.lock:
            found = self.accounts.get(account_id)
            if found is not None:
                return found
            if not _ACCOUNT_ID.fullmatch(account_id):
                raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
            created = now or clock.now()
            key = AccessKey(
                access_key_id=self.ids.access_key_id(),
                secret=self.ids.secret_access_key(),
                account_id=account_id,
                user_name=None,
                created=created,
            )
            acct = Account(account_id, key, created, partition=partition or self.partition)
            acct.root_keys[key.access_key_id] = key
            self.accounts[account_id] = acct
            self.access_keys[key.access_key_id] = key
            return acct

    def touch(self) -> None:
        """Record that state changed outside an API call (the mock's Python API, tests editing records)."""
        with self.lock:
            self.generation += 1
            self.permissions += 1

    def existing_account(self, account_id: str) -> Account | None:
        return self.accounts.get(account_id)

    def snapshot(self) -> dict[str, object]:
        """A deep copy of entity state (not activity), to prove that a failed call changed nothing."""
        with self.lock:
            return copy.deepcopy(
                {"accounts": self.accounts, "keys": self.access_keys, "temporary": self.temporary}
            )

    def require_account(self, account_id: str) -> Account:
        acct = self.accounts.get(account_id)
        if acct is None:
            raise AwsError(
                "InvalidClientTokenId", "The security token included in the request is invalid.", 403
            )
        return acct
