"""IAMMock: one object that is a context manager, a decorator and (through the plugin) a pytest fixture."""

from __future__ import annotations

import functools
import inspect
import os
import re
import sys
import threading
import unittest
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar, overload

from . import explain
from .backend import hypothetical, partitions
from .backend.api import Api
from .backend.state import Backend
from .botocore_sessions import new_session
from .environment import Environment
from .hook import dispatch, install, metadata
from .responder import Responder
from .trail import Trail

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    import boto3

    from .backend.sts.services import Container, Instance, ServiceEnvironment
    from .engine import Decision

F = TypeVar("F", bound=Callable[..., Any])
_ACCOUNT_ID = re.compile(r"\d{12}")
C = TypeVar("C", bound=type)

DEFAULT_ACCOUNT_ID = "123456789012"
DEFAULT_SOURCE_IP = "203.0.113.10"  # TEST-NET-3: a documentation address, never a real caller


class IAMMock:
    """AWS IAM and STS for the code under test, in this process.

    Use it as ``with mock_iam() as aws:``, as ``@mock_iam()`` on a test function, coroutine or
    ``unittest.TestCase`` class, or through the ``iam_mock`` pytest fixture; ``start()``/``stop()``
    do the same by hand. Every start begins with empty state (one account, ``account_id``, with
    fresh root keys in the environment) and ``stop()`` leaves nothing behind.

    Nesting: a mock started while another is active answers every call until it stops; then the
    outer one answers again, its state and environment untouched. The two share nothing, so keys of
    the outer mock are unknown to the inner one (``InvalidClientTokenId``).

    Other services (with moto's ``mock_aws`` active, in either nesting order): every call made with
    credentials this mock issued is authorized by the policy engine before moto sees it, and a denial
    is the service's own error (``iammock.services``); ``enforce_services=False`` turns that off.
    """

    def __init__(
        self,
        *,
        account_id: str = DEFAULT_ACCOUNT_ID,
        region_name: str | None = None,
        seed: int | None = None,
        source_ip: str = DEFAULT_SOURCE_IP,
        enforce_services: bool = True,
    ) -> None:
        if not isinstance(account_id, str) or not _ACCOUNT_ID.fullmatch(account_id):
            raise ValueError(f"account_id must be 12 digits, got {account_id!r}")
        self._account_id = account_id
        self._region_name = region_name
        self._seed = seed
        self._source_ip = source_ip
        self._enforce_services = enforce_services
        self._lock = threading.RLock()
        self._backend: Backend | None = None
        self._environment: Environment | None = None
        self._saved_default_session: Any = None
        self._trail: Trail | None = None
        # What this mock puts on the hook's dispatch stack while active (iammock.responder).
        self._responder: Responder | None = None

    def __repr__(self) -> str:
        state = "active" if self.active else "inactive"
        return f"<IAMMock account_id={self._account_id!r} {state}>"

    # -- lifecycle -------------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        return self._backend is not None

    @property
    def enforce_services(self) -> bool:
        """Whether calls to other services (answered by moto) are authorized first (``iammock.services``)."""
        return self._enforce_services

    @enforce_services.setter
    def enforce_services(self, value: bool) -> None:
        self._enforce_services = value
        if self._responder is not None:
            self._responder.enforcing = value

    @property
    def region_name(self) -> str | None:
        """The ``region_name`` option: None when the environment's region (or us-east-1) is kept."""
        return self._region_name

    @property
    def account_id(self) -> str:
        """The default account: the one whose root keys are in the environment."""
        return self._account_id

    @property
    def backend(self) -> Backend:
        if self._backend is None:
            raise RuntimeError("the mock is not active: use it as a context manager, decorator or fixture")
        return self._backend

    def start(self) -> IAMMock:
        with self._lock:
            if self._backend is not None:
                raise RuntimeError("this mock is already active; create another with mock_iam() to nest")
            install.install()
            install.adopt_existing()
            backend = Backend(self._account_id, seed=self._seed, partition=self._partition())
            self._backend = backend
            trail = self._trail = Trail()
            explain.remember(trail)
            responder = Responder(
                Api(backend, source_ip=self._source_ip),
                trail,
                source_ip=self._source_ip,
                enforcing=self._enforce_services,
                owner=self,
            )
            self._environment = Environment()
            root = backend.accounts[self._account_id].root_key
            try:
                self._environment.apply(root.access_key_id, root.secret, self._region_name)
                self._environment.redirect_home()
                # The default session may hold credentials it resolved before the mock: make it resolve
                # them again (from the environment set above), keeping its loaded models.
                # boto3 is imported on demand (an empty pytest run need not pay for it): not imported
                # yet means no default session to worry about.
                loaded = sys.modules.get("boto3")
                default = getattr(loaded, "DEFAULT_SESSION", None)
                if default is not None:
                    self._saved_default_session = (default, default._session._credentials)
                    default._session._credentials = None
                dispatch.push(responder)
                self._responder = responder
                if "moto" in sys.modules:  # moto's services read and write IAM in this mock's state
                    from .services import moto_iam

                    moto_iam.install()
                metadata.install()  # botocore's metadata fetchers: answered in process, never sent
            except BaseException:
                self._environment.restore()
                self._backend = self._environment = self._responder = None
                raise
            return self

    def stop(self) -> None:
        with self._lock:
            if self._backend is None:
                return
            if self._responder is not None:
                dispatch.pop(self._responder)
                adapter = sys.modules.get("iammock.services.moto_iam")
                if dispatch.active() is None and adapter is not None:
                    adapter.uninstall()  # moto's own IAM backend answers moto's services again
            metadata.uninstall()
            if self._saved_default_session is not None:
                default, credentials = self._saved_default_session
                default._session._credentials = credentials
                self._saved_default_session = None
            else:
                # A default session created during the mock read the mock's root keys from the
                # environment: without this, clients it makes after the mock would present them,
                # although the environment no longer holds them (and the next mock would refuse them).
                default = getattr(sys.modules.get("boto3"), "DEFAULT_SESSION", None)
                resolved = getattr(getattr(default, "_session", None), "_credentials", None)
                if default is not None and getattr(resolved, "method", None) == "env":
                    default._session._credentials = None
            if self._environment is not None:
                self._environment.restore()
            self._backend = self._environment = self._responder = None

    def reset(self) -> None:
        """Forget every entity and session; the default account keeps its root keys."""
        with self._lock:
            old = self.backend
            with old.lock:
                root = old.accounts[self._account_id].root_key
                fresh = Backend(self._account_id, seed=self._seed, partition=old.partition)
                fresh_root = fresh.accounts[self._account_id]
                del fresh.access_keys[fresh_root.root_key.access_key_id]
                fresh_root.root_key = root
                fresh_root.root_keys = {root.access_key_id: root}
                fresh.access_keys[root.access_key_id] = root
                self._backend = fresh
                assert self._responder is not None
                self._responder.use(Api(fresh, source_ip=self._source_ip))

    def _partition(self) -> str:
        """The partition of the mock's region (``region_name``, else the environment's, else us-east-1):
        the default account lives there."""
        return partitions.of_region(self._region_name or os.environ.get("AWS_DEFAULT_REGION") or None).name

    def __enter__(self) -> IAMMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- decorator --------------------------------------------------------------------------------

    @overload
    def __call__(self, target: C) -> C: ...

    @overload
    def __call__(self, target: F) -> F: ...

    def __call__(self, target: Any) -> Any:
        if isinstance(target, type):
            return self._decorate_class(target)
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def run_async(*args: Any, **kwargs: Any) -> Any:
                with self:
                    return await target(*args, **kwargs)

            return run_async

        @functools.wraps(target)
        def run(*args: Any, **kwargs: Any) -> Any:
            with self:
                return target(*args, **kwargs)

        return run

    def _decorate_class(self, cls: C) -> C:
        if issubclass(cls, unittest.TestCase):
            # Fresh state per test: start in setUp, stop in a cleanup that runs even when setUp fails.
            original = cls.setUp

            def setUp(test: unittest.TestCase) -> None:
                self.start()
                test.addCleanup(self.stop)
                original(test)

            cls.setUp = setUp  # type: ignore[assignment,method-assign]
            return cls
        for name, value in list(vars(cls).items()):
            if name.startswith("test") and callable(value):
                setattr(cls, name, self(value))
        return cls

    # -- what tests use ---------------------------------------------------------------------------

    def session(self, account_id: str | None = None, region_name: str | None = None) -> boto3.Session:
        """A boto3 session holding the root credentials of ``account_id`` (created on first use).

        A new account lives in the partition of ``region_name`` (by default the mock's region); without
        ``region_name``, the session's region is the mock's, or IAM's region of the account's partition
        when the account lives in another one. A region of another partition than the account's gives
        a session whose calls fail as AWS's do (``InvalidClientTokenId``).
        """
        backend = self.backend
        account = backend.account(
            account_id or self._account_id,
            partition=partitions.of_region(region_name).name if region_name else None,
        )
        import boto3

        if region_name is None:
            region_name = self._region_name or "us-east-1"
            if partitions.of_region(region_name).name != account.partition:
                region_name = partitions.iam_region(account.partition)
        return boto3.Session(
            aws_access_key_id=account.root_key.access_key_id,
            aws_secret_access_key=account.root_key.secret,
            region_name=region_name,
            botocore_session=new_session(),
        )

    def oidc_issuer(self, url: str) -> Any:
        """A test OpenID Connect issuer at ``url`` whose tokens STS verifies (``iammock.testing.oidc``)."""
        from .testing import oidc

        return oidc.issuer(self.backend, url)

    def saml_idp(self, name: str) -> Any:
        """A test SAML 2.0 identity provider whose assertions STS verifies (``iammock.testing.saml``)."""
        from .testing import saml

        return saml.idp(self.backend, name)

    def service_session(self, service: str, role: Any, *, session_name: str | None = None) -> boto3.Session:
        """A boto3 session with ``service``'s credentials for ``role`` (name or ARN), if its trust allows."""
        from .backend.sts import services

        return services.service_session(
            self.backend, self._account_id, service, role, session_name=session_name
        )

    def instance_profile(
        self, name: str, *, account_id: str | None = None, http_tokens: str = "optional"
    ) -> AbstractContextManager[Instance]:
        """Context manager: inside it the process is on an EC2 instance with this instance profile.

        The mock's keys leave the environment and the instance metadata service answers (in process)
        botocore's ``InstanceMetadataProvider``: every session using the default chain gets the
        profile's role, refreshed as botocore does. ``http_tokens="required"`` refuses IMDSv1.
        """
        from .backend.sts import services

        return services.instance_profile(
            self.backend,
            self._owner(),
            metadata.serve,
            name,
            account_id=account_id or self._account_id,
            http_tokens=http_tokens,
        )

    def container_credentials(
        self, role: Any, *, full_uri: str | None = None, token_file: bool = False, service: str | None = None
    ) -> AbstractContextManager[Container]:
        """Context manager: inside it the process is an ECS task (or, with ``full_uri``, an EKS pod)
        whose role is ``role`` (name or ARN), served to botocore's ``ContainerProvider`` in process.

        Without ``full_uri``: ``AWS_CONTAINER_CREDENTIALS_RELATIVE_URI`` as the ECS agent sets it
        (service ``ecs-tasks.amazonaws.com``). With ``full_uri`` (``services.POD_IDENTITY_URI`` or a
        loopback ``http://`` URL): ``AWS_CONTAINER_CREDENTIALS_FULL_URI`` and an authorization token in
        ``AWS_CONTAINER_AUTHORIZATION_TOKEN``, or in a file named by ``..._TOKEN_FILE`` with
        ``token_file=True`` (service ``pods.eks.amazonaws.com``, whose trust needs ``sts:TagSession`` too).
        """
        from .backend.sts import services

        return services.container_credentials(
            self.backend,
            self._account_id,
            self._owner(),
            metadata.serve,
            role,
            full_uri=full_uri,
            token_file=token_file,
            service=service,
        )

    def service_environment(
        self, service: str, role: Any, *, session_name: str | None = None
    ) -> AbstractContextManager[ServiceEnvironment]:
        """Context manager: ``service``'s session for ``role`` in ``AWS_ACCESS_KEY_ID``,
        ``AWS_SECRET_ACCESS_KEY`` and ``AWS_SESSION_TOKEN``, as Lambda sets them for a function;
        the environment is restored on exit. ``renew()`` puts new keys there."""
        from .backend.sts import services

        return services.service_environment(
            self.backend, self._account_id, service, role, session_name=session_name
        )

    # -- decisions, least privilege, organisation policies (iammock.explain and friends) ----------

    def explain(self, request_id_or_error: Any) -> str:
        """Why a past call was allowed or denied: principal, action, resource, every policy considered
        with the statements that matched (or that none did), the denying policy kind, missing context keys.

        Takes a request ID, a botocore ``ClientError`` or a response dict; ``KeyError`` if unknown.
        """
        return explain.explain(self.trail, request_id_or_error)

    def authorize(
        self, principal_arn: str, action: str, resource: str, context: dict[str, Any] | None = None
    ) -> Decision:
        """The engine's decision for a hypothetical request, as if ``principal_arn`` made it now.

        ``principal_arn``: a user ARN, a role ARN (evaluated as a fresh session of the role), the
        ``arn:aws:sts::…:assumed-role/…`` ARN of a live session, or an account root ARN. ``context``
        adds or overrides condition keys. For ``sts:AssumeRole`` on a role ARN the role's trust policy
        is evaluated too. Nothing is recorded on the trail.
        """
        return hypothetical.decide(
            self.backend,
            principal_arn,
            action,
            resource,
            context,
            region=self._region_name or "us-east-1",
            source_ip=self._source_ip,
        )

    def least_privilege_policy(self, principal_arn: str) -> dict[str, Any]:
        """The smallest policy document allowing exactly what ``principal_arn`` was allowed to do so far.

        One statement per set of actions sharing the same resources, sorted; a role ARN also counts
        the calls of the role's sessions.
        """
        from . import least_privilege

        return least_privilege.policy(self.trail, principal_arn)

    def attach_scp(
        self,
        document: str | dict[str, Any],
        *,
        account_id: str | None = None,
        name: str | None = None,
        level: str = "account",
    ) -> str:
        """Attach a service control policy at ``level`` ("root", "ou" or "account"); returns its name.

        The first SCP attached to an account enables SCPs for it, which puts ``FullAWSAccess`` at every
        level as AWS does. The document is validated as an SCP (``MalformedPolicyDocument``).
        """
        from . import organizations

        return organizations.attach(
            self.backend, "SCP", document, account_id=account_id or self._account_id, name=name, level=level
        )

    def detach_scp(self, name: str, *, account_id: str | None = None, level: str = "account") -> None:
        """Detach an SCP; detaching ``FullAWSAccess`` at a level denies everything not allowed there."""
        from . import organizations

        organizations.detach(
            self.backend, "SCP", name, account_id=account_id or self._account_id, level=level
        )

    def attach_rcp(
        self,
        document: str | dict[str, Any],
        *,
        account_id: str | None = None,
        name: str | None = None,
        level: str = "account",
    ) -> str:
        """Attach a resource control policy; the first puts ``RCPFullAWSAccess`` at every level."""
        from . import organizations

        return organizations.attach(
            self.backend, "RCP", document, account_id=account_id or self._account_id, name=name, level=level
        )

    def detach_rcp(self, name: str, *, account_id: str | None = None, level: str = "account") -> None:
        """Detach an RCP (``RCPFullAWSAccess`` cannot be detached, as in AWS)."""
        from . import organizations

        organizations.detach(
            self.backend, "RCP", name, account_id=account_id or self._account_id, level=level
        )

    def _owner(self) -> Responder:
        """The responder metadata endpoints answer for: theirs while this mock is the active one."""
        if self._responder is None:
            raise RuntimeError("the mock is not active: use it as a context manager, decorator or fixture")
        return self._responder

    @property
    def trail(self) -> Trail:
        """Every call this mock answered since it last started, as CloudTrail events (``trail.events()``).

        It stays readable after ``stop()``, until the next start.
        """
        if self._trail is None:
            raise RuntimeError("the mock has not been started")
        return self._trail


def mock_iam(
    *,
    account_id: str = DEFAULT_ACCOUNT_ID,
    region_name: str | None = None,
    seed: int | None = None,
    source_ip: str = DEFAULT_SOURCE_IP,
    enforce_services: bool = True,
) -> IAMMock:
    """A new, inactive mock. Options are keyword-only; a misspelt one is a ``TypeError``.

    ``account_id``: the default account (12 digits). ``region_name``: sets ``AWS_DEFAULT_REGION``
    (otherwise an existing value is kept, or ``us-east-1``). ``seed``: makes IDs and keys
    reproducible. ``source_ip``: the caller's ``aws:SourceIp``. ``enforce_services``: authorize calls to
    every other AWS service (answered by moto) with the policy engine before moto runs them (default
    on; see ``iammock.services``).
    """
    return IAMMock(
        account_id=account_id,
        region_name=region_name,
        seed=seed,
        source_ip=source_ip,
        enforce_services=enforce_services,
    )


def current() -> IAMMock:
    """The mock answering calls right now (the innermost active one)."""
    responder = dispatch.active()
    owner = responder.owner if isinstance(responder, Responder) else None
    if not isinstance(owner, IAMMock):
        raise RuntimeError("no iammock is active")
    return owner
