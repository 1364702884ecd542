"""AWS services as principals: role sessions a service would get (Lambda, EC2, ECS tasks …), for tests.

A service assumes a role only when the role's trust policy allows that service principal. The
credentials are refreshable the way a service's are: when they near expiry on the mock's clock,
botocore fetches new ones from the mock.

EC2 (``IAMMock.instance_profile``) and containers (``IAMMock.container_credentials``): the process
environment becomes that of an instance or a task (no keys in the environment; the metadata service
enabled, or the container credentials variables set) and the hook's metadata endpoint answers the
HTTP requests botocore's own ``InstanceMetadataProvider`` and ``ContainerProvider`` send, from the
agents in ``metadata_agents``. So every session and client using botocore's default chain (a new
``boto3.Session()``, ``botocore.session.get_session()``, ``boto3.client(...)``) gets the role's
credentials, and refreshes them as botocore does. Lambda (``IAMMock.service_environment``): the
session's keys in the environment variables, as Lambda sets them for a function.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from collections.abc import Callable, Iterator, Mapping
from contextlib import AbstractContextManager, ExitStack, contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Protocol
from urllib.parse import urlsplit

from botocore.credentials import RefreshableCredentials

from ... import clock
from ...botocore_sessions import new_session
from ...engine import Principal
from ...errors import AwsError
from .. import partitions
from ..authz import authorize_trust
from ..call import Call
from ..model import Role, TemporaryCredentials
from ..state import Backend
from . import common
from .metadata_agents import Agent, ContainerAgent, InstanceMetadataService, RotatingSession

if TYPE_CHECKING:
    import boto3

SERVICE_SESSION_SECONDS = 3600
_ENV_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")
_CONTAINER_KEYS = (
    "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI",
    "AWS_CONTAINER_CREDENTIALS_FULL_URI",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN",
    "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE",
)
# Where botocore's fetchers look: IMDS over IPv4 and IPv6 (``ec2_metadata_service_endpoint_mode``),
# the ECS agent for relative URIs. EKS Pod Identity's agent is at POD_IDENTITY_URI.
IMDS_URLS = ("http://169.254.169.254/", "http://[fd00:ec2::254]/")
ECS_AGENT_URL = "http://169.254.170.2"
POD_IDENTITY_URI = "http://169.254.170.23/v1/credentials"
# "Understand how EKS Pod Identity works": the role's trust policy allows both for pods.eks.amazonaws.com.
_POD_IDENTITY_ACTIONS = ("sts:AssumeRole", "sts:TagSession")


class Serve(Protocol):
    """The hook's metadata endpoint (``iammock.hook.metadata.serve``): answer ``url`` with ``agent``
    while ``owner`` (the active mock's responder) is on top of the dispatch stack."""

    def __call__(self, owner: object, url: str, agent: Agent) -> AbstractContextManager[None]: ...


def resolve_role(backend: Backend, role: str | Role, default_account: str) -> Role:
    if isinstance(role, Role):
        return role
    if role.startswith("arn:"):
        split = common.parse_role_arn(role)
        account = backend.existing_account(split[0]) if split else None
        if account is not None and split is not None and account.partition != split[3]:
            account = None  # a role ARN of another partition names no role of this account
        found = account.roles.get(split[2].lower()) if account and split else None
    else:
        found = backend.account(default_account).roles.get(role.lower())
    if found is None:
        raise LookupError(f"no role {role!r} in the mock")
    return found


def default_session_name(backend: Backend, service: str, role: Role) -> str:
    prefix = service.split(".", 1)[0]
    if prefix == "ec2":
        return "i-" + backend.ids.hex(17)
    if prefix == "lambda":
        return role.name  # Lambda names the session after the function; a test may pass that name
    if prefix == "ecs-tasks":
        return backend.ids.hex(32)  # the task ID
    return f"{prefix}-{backend.ids.digits(10)}"


def issue_for_service(
    backend: Backend,
    service: str,
    role: Role,
    session_name: str,
    region: str = "us-east-1",
    actions: tuple[str, ...] = ("sts:AssumeRole",),
) -> TemporaryCredentials:
    """A role session for ``service``, if the role's trust policy lets that service assume it
    (every one of ``actions``: EKS Pod Identity also needs ``sts:TagSession``)."""
    with backend.lock:
        call = Call(backend, None, "sts", "AssumeRole", clock.now(), region)
        principal = Principal(kind="service", arn=service, account=role.arn.split(":")[4], service=service)
        for action in actions:
            try:
                authorize_trust(call, role, action, {"sts:RoleSessionName": session_name}, principal)
            except AwsError as error:
                raise AwsError(
                    "AccessDenied",
                    f"{service} is not authorized to perform: {action} on resource: {role.arn}",
                    403,
                ) from error
        return common.issue_role_session(
            call, role, session_name, SERVICE_SESSION_SECONDS, origin="service", service=service
        )


def _metadata(session: TemporaryCredentials) -> dict[str, str]:
    return {
        "access_key": session.access_key_id,
        "secret_key": session.secret,
        "token": session.token,
        "expiry_time": session.expiration.astimezone(UTC).isoformat(),
    }


def _region_of(role: Role) -> str:
    """The environment's region, or IAM's region of the role's partition when the role lives in another:
    the role's credentials work only in its own partition."""
    region = os.environ.get("AWS_DEFAULT_REGION") or partitions.DEFAULT_REGION
    partition = partitions.of_arn(role.arn)
    return region if partitions.of_region(region).name == partition else partitions.iam_region(partition)


def refreshable(fetch: Callable[[], TemporaryCredentials], method: str) -> RefreshableCredentials:
    return RefreshableCredentials.create_from_metadata(
        metadata=_metadata(fetch()), refresh_using=lambda: _metadata(fetch()), method=method
    )


def service_session(
    backend: Backend,
    default_account: str,
    service: str,
    role: str | Role,
    *,
    session_name: str | None = None,
    region_name: str | None = None,
) -> boto3.Session:
    found = resolve_role(backend, role, default_account)
    name = session_name or default_session_name(backend, service, found)
    region = region_name or _region_of(found)
    issue_for_service(backend, service, found, name, region)  # fails now if the trust policy says no
    botocore_session = new_session()
    botocore_session._credentials = refreshable(
        lambda: issue_for_service(backend, service, found, name, region), "assume-role"
    )
    import boto3  # on demand: importing iammock should not cost boto3's import

    return boto3.Session(botocore_session=botocore_session, region_name=region)


@contextmanager
def _environment(changes: Mapping[str, str | None]) -> Iterator[None]:
    """Set (or, for None, remove) environment variables and put them back on exit.

    ``boto3.DEFAULT_SESSION`` is dropped for the duration (and put back after): a default session made
    earlier resolved its credentials, and created its providers, from the environment as it was then;
    ``boto3.client(...)`` inside makes a new one from the environment as it is now.
    """
    import boto3  # on demand: importing iammock should not cost boto3's import

    saved = {name: os.environ.get(name) for name in changes}
    saved_default = boto3.DEFAULT_SESSION
    try:
        for name, value in changes.items():
            _set(name, value)
        boto3.DEFAULT_SESSION = None
        yield
    finally:
        boto3.DEFAULT_SESSION = saved_default
        for name, value in saved.items():
            _set(name, value)


def _set(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value


def _new_session(region: str) -> boto3.Session:
    """A boto3 session with botocore's default credential chain."""
    import boto3

    return boto3.Session(botocore_session=new_session(), region_name=region)


@dataclass
class Instance:
    """What ``instance_profile`` yields: the instance, its role, and sessions as on the instance."""

    instance_id: str
    role: Role
    region: str
    metadata: InstanceMetadataService

    def session(self) -> boto3.Session:
        """A new boto3 session; its default chain finds the instance's credentials through IMDS."""
        return _new_session(self.region)


@contextmanager
def instance_profile(
    backend: Backend,
    owner: object,
    serve: Serve,
    name: str,
    *,
    account_id: str,
    http_tokens: str = "optional",
) -> Iterator[Instance]:
    if http_tokens not in ("optional", "required"):
        raise ValueError(f"http_tokens must be 'optional' or 'required', got {http_tokens!r}")
    account = backend.account(account_id)
    key = name.lower()

    def current_role() -> Role | None:
        """The profile's role as it is now: a role removed from the profile is gone from IMDS too."""
        with backend.lock:
            profile = account.instance_profiles.get(key)
            return account.roles.get(profile.roles[0].lower()) if profile and profile.roles else None

    profile = account.instance_profiles.get(key)
    if profile is None:
        raise LookupError(f"no instance profile {name!r} in account {account.id}")
    role = current_role()
    if role is None:
        raise LookupError(f"instance profile {name!r} has no role")
    instance_id = "i-" + backend.ids.hex(17)
    region = _region_of(role)
    first = role

    def issue() -> TemporaryCredentials:
        return issue_for_service(backend, "ec2.amazonaws.com", current_role() or first, instance_id, region)

    session = RotatingSession(issue)
    session.current()  # fails now if the role's trust policy does not let EC2 assume it
    imds = InstanceMetadataService(
        instance_id,
        region,
        current_role,
        session,
        http_tokens,
        lambda: backend.ids.token(_TOKEN_ALPHABET, 56),
    )
    # On an instance no keys are in the environment, and the metadata service is reachable.
    changes: dict[str, str | None] = dict.fromkeys((*_ENV_KEYS, *_CONTAINER_KEYS))
    changes["AWS_EC2_METADATA_DISABLED"] = None
    # A developer's own endpoint would be fetched for real; the instance's is the link-local one.
    changes["AWS_EC2_METADATA_SERVICE_ENDPOINT"] = None
    with ExitStack() as stack:
        for url in IMDS_URLS:
            stack.enter_context(serve(owner, url, imds))
        stack.enter_context(_environment(changes))
        yield Instance(instance_id, role, region, imds)


_TOKEN_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"


@dataclass
class Container:
    """What ``container_credentials`` yields: the task's or pod's role and where its agent listens."""

    role: Role
    service: str
    url: str  # the full URL botocore's ContainerProvider fetches
    authorization_token: str | None  # None for an ECS task (relative URI)
    token_file: str | None
    region: str

    def session(self) -> boto3.Session:
        """A new boto3 session; its default chain finds the container's credentials."""
        return _new_session(self.region)


@contextmanager
def container_credentials(
    backend: Backend,
    default_account: str,
    owner: object,
    serve: Serve,
    role: str | Role,
    *,
    full_uri: str | None = None,
    token_file: bool = False,
    service: str | None = None,
) -> Iterator[Container]:
    found = resolve_role(backend, role, default_account)
    if service is None:
        service = "ecs-tasks.amazonaws.com" if full_uri is None else "pods.eks.amazonaws.com"
    actions = _POD_IDENTITY_ACTIONS if service == "pods.eks.amazonaws.com" else ("sts:AssumeRole",)
    name = default_session_name(backend, service, found)
    region = _region_of(found)
    session = RotatingSession(lambda: issue_for_service(backend, service, found, name, region, actions))
    session.current()  # fails now if the role's trust policy does not let the service assume it
    changes: dict[str, str | None] = dict.fromkeys((*_ENV_KEYS, *_CONTAINER_KEYS))
    token: str | None = None
    directory: str | None = None
    file: str | None = None
    if full_uri is None:
        # The ECS agent: a per-task credentials ID in the path, no token.
        path = f"/v2/credentials/{uuid.UUID(backend.ids.hex(32))}"
        url = ECS_AGENT_URL + path
        changes["AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"] = path
    else:
        parts = urlsplit(full_uri)
        if parts.scheme != "http":
            raise ValueError(f"full_uri must be an http:// URL (https is fetched by botocore): {full_uri!r}")
        path, url = parts.path or "/", full_uri
        token = backend.ids.token(_TOKEN_ALPHABET, 64)
        changes["AWS_CONTAINER_CREDENTIALS_FULL_URI"] = full_uri
        if token_file:
            directory = tempfile.mkdtemp(prefix="iammock-container-")
            file = os.path.join(directory, "token")
            with open(file, "w", encoding="ascii") as out:
                out.write(token)
            changes["AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"] = file
        else:
            changes["AWS_CONTAINER_AUTHORIZATION_TOKEN"] = token
    agent = ContainerAgent(path, found, session, token)
    try:
        with serve(owner, url, agent), _environment(changes):
            yield Container(found, service, url, token, file, region)
    finally:
        if directory is not None:
            shutil.rmtree(directory, ignore_errors=True)


@dataclass
class ServiceEnvironment:
    """What ``service_environment`` yields: the session whose keys are in the environment."""

    service: str
    role: Role
    session_name: str
    region: str
    credentials: TemporaryCredentials
    _issue: Callable[[], TemporaryCredentials]

    def renew(self) -> TemporaryCredentials:
        """New keys in the environment, as a new execution environment of the function would get."""
        self.credentials = self._issue()
        _put_keys(self.credentials)
        return self.credentials

    def session(self) -> boto3.Session:
        """A new boto3 session; its default chain reads the keys from the environment."""
        return _new_session(self.region)


def _put_keys(session: TemporaryCredentials) -> None:
    os.environ["AWS_ACCESS_KEY_ID"] = session.access_key_id
    os.environ["AWS_SECRET_ACCESS_KEY"] = session.secret
    os.environ["AWS_SESSION_TOKEN"] = session.token


@contextmanager
def service_environment(
    backend: Backend, default_account: str, service: str, role: str | Role, *, session_name: str | None = None
) -> Iterator[ServiceEnvironment]:
    found = resolve_role(backend, role, default_account)
    name = session_name or default_session_name(backend, service, found)
    region = _region_of(found)

    def issue() -> TemporaryCredentials:
        return issue_for_service(backend, service, found, name, region)

    credentials = issue()
    changes: dict[str, str | None] = dict.fromkeys((*_ENV_KEYS, *_CONTAINER_KEYS))
    with _environment(changes):
        _put_keys(credentials)
        yield ServiceEnvironment(service, found, name, region, credentials, issue)
