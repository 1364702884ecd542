"""Who is calling: authentication of presented credentials against the keys the mock issued."""

from __future__ import annotations

import hmac
from dataclasses import dataclass
from datetime import datetime

from ..environment import replaced_keys
from ..errors import AwsError
from .model import Account, TemporaryCredentials, User
from .state import Backend

INVALID_TOKEN = "The security token included in the request is invalid."
EXPIRED_TOKEN = "The security token included in the request is expired"
BAD_SIGNATURE = (
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details."
)


@dataclass(frozen=True)
class Presented:
    """Credentials as a client presented them."""

    access_key_id: str
    secret: str
    token: str | None
    # Read by botocore's environment provider (method "env"), or, for a client created when the chain
    # found nothing, taken from the environment at the call.
    from_environment: bool = False

    def __repr__(self) -> str:
        return f"Presented({self.access_key_id!r}, secret=***, token={'***' if self.token else None})"


@dataclass(frozen=True)
class Caller:
    """An authenticated principal. ``kind`` is root, user, assumed_role or federated_user."""

    kind: str
    account: Account
    arn: str
    user_id: str
    access_key_id: str | None
    user: User | None = None
    session: TemporaryCredentials | None = None

    @property
    def account_id(self) -> str:
        return self.account.id

    @property
    def is_root(self) -> bool:
        return self.kind == "root"


@dataclass(frozen=True, slots=True)
class KnownCaller:
    """The caller a long-term access key stands for (``Backend.callers``), with the
    ``Backend.permissions`` it was built at: valid while that counter stands."""

    permissions: int
    caller: Caller


def invalid_token() -> AwsError:
    return AwsError("InvalidClientTokenId", INVALID_TOKEN, 403)


def authenticate(backend: Backend, presented: Presented, now: datetime) -> Caller:
    """The caller these credentials belong to, or AWS's authentication error."""
    key_id = presented.access_key_id
    with backend.lock:
        key = backend.access_keys.get(key_id)
        if key is not None:
            if presented.token or key.status != "Active":
                raise invalid_token()
            if not hmac.compare_digest(key.secret, presented.secret):
                raise AwsError("SignatureDoesNotMatch", BAD_SIGNATURE, 403)
            # The caller a key stands for changes only with the permissions counter (users are deleted,
            # renamed or re-created only through writes that bump it): build it once per key and count.
            kept = backend.callers.get(key_id)
            if kept is not None and kept.permissions == backend.permissions:
                return kept.caller
            account = backend.accounts[key.account_id]
            if key.user_name is None:
                caller = root_caller(account, key_id)
            else:
                user = account.users[key.user_name.lower()]
                caller = Caller("user", account, user.arn, user.user_id, key_id, user=user)
            backend.callers[key_id] = KnownCaller(backend.permissions, caller)
            return caller
        session = backend.temporary.get(key_id)
        if session is not None:
            if presented.token is None or not hmac.compare_digest(session.token, presented.token):
                raise invalid_token()
            if now >= session.expiration:
                raise AwsError("ExpiredToken", EXPIRED_TOKEN, 403)
            if not hmac.compare_digest(session.secret, presented.secret):
                raise AwsError("SignatureDoesNotMatch", BAD_SIGNATURE, 403)
            return session_caller(backend, session)
        if presented.from_environment and replaced_keys(key_id, presented.secret):
            # The environment variables the mock replaced when it started, read before it did (a
            # module-level client in application code): inside the mock the environment names the
            # default account's root, so that is who such a client is. Any other unknown key, wherever
            # botocore found it, is refused as AWS refuses it.
            account = backend.accounts[backend.default_account_id]
            return root_caller(account, account.root_key.access_key_id)
        raise invalid_token()


def root_caller(account: Account, key_id: str | None) -> Caller:
    return Caller("root", account, account.root_arn, account.id, key_id)


def session_caller(backend: Backend, session: TemporaryCredentials) -> Caller:
    account = backend.accounts[session.account_id]
    user = account.users.get(session.user_name.lower()) if session.user_name else None
    return Caller(
        session.kind, account, session.arn, session.user_id, session.access_key_id, user=user, session=session
    )
