"""AWS services as principals: role sessions a service would get (Lambda, EC2, ECS tasks …), for tests.

A service assumes a role only when the role's trust policy allows that service principal. The
credentials are refreshable the way a service's are: when they near expiry on the mock's clock,
botocore fetches new ones from the mock, as it would from the instance metadata service.

EC2 (``IAMMock.instance_profile``): on an instance, botocore's default chain finds no keys in the
environment and gets the role's credentials from the instance metadata service. Inside the context
manager the mock's root keys leave the environment and ``boto3.DEFAULT_SESSION`` is replaced by a
session whose credential resolver has an instance-metadata provider (method ``iam-role``, as
botocore's own) at the front of its chain, so ``boto3.client(...)`` with no arguments acts as the
instance profile's role. Nothing global in botocore is patched; both are put back on exit.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC
from typing import TYPE_CHECKING, Any

from botocore.credentials import CredentialProvider, RefreshableCredentials

from ... import clock
from ...engine import Principal
from ...errors import AwsError
from .. import partitions
from ..authz import authorize_trust
from ..call import Call
from ..model import Role, TemporaryCredentials
from ..state import Backend
from . import common

if TYPE_CHECKING:
    import boto3

SERVICE_SESSION_SECONDS = 3600
_ENV_KEYS = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN")


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
    backend: Backend, service: str, role: Role, session_name: str, region: str = "us-east-1"
) -> TemporaryCredentials:
    """A role session for ``service``, if the role's trust policy lets that service assume it."""
    with backend.lock:
        call = Call(backend, None, "sts", "AssumeRole", clock.now(), region)
        principal = Principal(kind="service", arn=service, account=role.arn.split(":")[4], service=service)
        try:
            authorize_trust(call, role, "sts:AssumeRole", {"sts:RoleSessionName": session_name}, principal)
        except AwsError as error:
            raise AwsError(
                "AccessDenied",
                f"{service} is not authorized to perform: sts:AssumeRole on resource: {role.arn}",
                403,
            ) from error
        return common.issue_role_session(
            call, role, session_name, SERVICE_SESSION_SECONDS, origin="service", extra={"service": service}
        )


def _metadata(session: TemporaryCredentials) -> dict[str, Any]:
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
    mock: Any,
    service: str,
    role: str | Role,
    *,
    session_name: str | None = None,
    region_name: str | None = None,
) -> boto3.Session:
    from ...mock import _botocore_session

    backend: Backend = mock.backend
    found = resolve_role(backend, role, mock.account_id)
    name = session_name or default_session_name(backend, service, found)
    region = region_name or _region_of(found)
    issue_for_service(backend, service, found, name, region)  # fails now if the trust policy says no
    botocore_session = _botocore_session()
    botocore_session._credentials = refreshable(
        lambda: issue_for_service(backend, service, found, name, region), "assume-role"
    )
    import boto3  # on demand: importing iammock should not cost boto3's import

    return boto3.Session(botocore_session=botocore_session, region_name=region)


class InstanceMetadataProvider(CredentialProvider):  # type: ignore[misc]
    """The instance's role credentials, as botocore's IMDS provider would find them."""

    METHOD = "iam-role"
    CANONICAL_NAME = "Ec2InstanceMetadata"

    def __init__(self, fetch: Callable[[], TemporaryCredentials]) -> None:
        super().__init__()
        self._fetch = fetch

    def load(self) -> RefreshableCredentials:
        return refreshable(self._fetch, self.METHOD)


@dataclass
class Instance:
    """What ``instance_profile`` yields: the instance, its role, and sessions as on the instance."""

    instance_id: str
    role: Role
    provider: InstanceMetadataProvider
    region: str

    def session(self) -> boto3.Session:
        """A new boto3 session whose default chain finds the instance's credentials."""
        return _session_with(self.provider, self.region)


def _session_with(provider: InstanceMetadataProvider, region: str) -> boto3.Session:
    from ...mock import _botocore_session

    botocore_session = _botocore_session()
    resolver = botocore_session.get_component("credential_provider")
    resolver.insert_before("env", provider)
    import boto3  # on demand: importing iammock should not cost boto3's import

    return boto3.Session(botocore_session=botocore_session, region_name=region)


@contextmanager
def instance_profile(mock: Any, name: str, *, account_id: str | None = None) -> Iterator[Instance]:
    import boto3  # on demand, as above

    backend: Backend = mock.backend
    account = backend.account(account_id or mock.account_id)
    profile = account.instance_profiles.get(name.lower())
    if profile is None:
        raise LookupError(f"no instance profile {name!r} in account {account.id}")
    if not profile.roles:
        raise LookupError(f"instance profile {name!r} has no role")
    role = account.roles[profile.roles[0].lower()]
    instance_id = "i-" + backend.ids.hex(17)
    region = _region_of(role)
    issue_for_service(backend, "ec2.amazonaws.com", role, instance_id, region)
    provider = InstanceMetadataProvider(
        lambda: issue_for_service(backend, "ec2.amazonaws.com", role, instance_id, region)
    )
    saved_env = {k: os.environ.get(k) for k in _ENV_KEYS}
    saved_default = boto3.DEFAULT_SESSION
    for key in _ENV_KEYS:
        os.environ.pop(key, None)
    boto3.DEFAULT_SESSION = _session_with(provider, region)
    try:
        yield Instance(instance_id, role, provider, region)
    finally:
        boto3.DEFAULT_SESSION = saved_default
        for key, value in saved_env.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
