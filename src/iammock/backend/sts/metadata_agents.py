"""The HTTP agents that hand role credentials to code on AWS compute: EC2's instance metadata service,
the ECS agent and the EKS Pod Identity agent. They answer requests the hook's metadata endpoint
(``iammock.hook.metadata``) intercepts; what they hand out are role sessions the mock issued.

Sources: "Retrieve security credentials from instance metadata" and "Use the Instance Metadata
Service to access instance metadata" (Amazon EC2 User Guide), "Amazon ECS task IAM role" (Amazon ECS
Developer Guide), "Understand how EKS Pod Identity works" (Amazon EKS User Guide), and the agents'
public sources (aws/amazon-ecs-agent ``tmds/handlers/v1/credentials_handler.go``,
aws/eks-pod-identity-agent ``internal/validation/request.go``) for their error answers.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Protocol

from ... import clock
from ...errors import AwsError
from ..model import Role, TemporaryCredentials

# AWS: "We make new credentials available at least five minutes before the expiration of the old
# credentials." The mock's service sessions last an hour; the agents hand out the current one until
# half of it is left. botocore refreshes 15 minutes before expiry, and its IMDS provider stretches an
# expiry it finds within 12-20 minutes ("static stability"), so a session handed out must have more
# left than that, or botocore would keep it past its real expiry.
ROTATE_BEFORE = timedelta(minutes=30)
# IMDSv2: "The token TTL can be a minimum of one second and a maximum of six hours (21,600 seconds)."
TOKEN_TTL_MAX = 21600


@dataclass(frozen=True)
class Request:
    """One HTTP request to a metadata endpoint, as an agent sees it."""

    method: str
    path: str
    query: str
    headers: Mapping[str, str]  # lower-case names

    def header(self, name: str) -> str | None:
        return self.headers.get(name.lower())


@dataclass(frozen=True)
class Reply:
    """An agent's HTTP answer."""

    status: int
    body: str
    content_type: str = "text/plain"


class Agent(Protocol):
    """What answers one metadata endpoint."""

    def answer(self, request: Request) -> Reply: ...


def timestamp(when: datetime) -> str:
    """The agents' time format (botocore's IMDS provider parses exactly ``%Y-%m-%dT%H:%M:%SZ``)."""
    return when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class RotatingSession:
    """The role session an agent hands out: the current one, or a new one once due (``ROTATE_BEFORE``)."""

    def __init__(self, issue: Callable[[], TemporaryCredentials]) -> None:
        self._issue = issue
        self._lock = threading.Lock()
        self._session: TemporaryCredentials | None = None

    def current(self) -> TemporaryCredentials:
        """Raises the ``AwsError`` of issuing when the role's trust no longer allows the service."""
        with self._lock:
            session = self._session
            if session is None or clock.now() >= session.expiration - ROTATE_BEFORE:
                session = self._session = self._issue()
            return session


def _json(status: int, document: Mapping[str, object], content_type: str = "application/json") -> Reply:
    return Reply(status, json.dumps(document, indent=2), content_type)


_IMDS_JSON = "text/plain"  # IMDS sends its JSON documents as plain text


class InstanceMetadataService:
    """IMDS on one instance: IMDSv2 tokens, the role name and the role's credentials.

    ``role`` gives the instance profile's role as it is now (None once it was removed or the profile
    deleted: the credentials path then answers 404, as on an instance whose profile lost its role).
    ``http_tokens="required"`` refuses IMDSv1 requests (no token) with 401, as the instance metadata
    option ``HttpTokens`` does.
    """

    PREFIX = "/latest/meta-data/"
    CREDENTIALS = "/latest/meta-data/iam/security-credentials/"

    def __init__(
        self,
        instance_id: str,
        region: str,
        role: Callable[[], Role | None],
        session: RotatingSession,
        http_tokens: str = "optional",
        token_source: Callable[[], str] | None = None,
    ) -> None:
        if http_tokens not in ("optional", "required"):
            raise ValueError(f"http_tokens must be 'optional' or 'required', got {http_tokens!r}")
        self.instance_id = instance_id
        self.region = region
        self._role = role
        self._session = session
        self._http_tokens = http_tokens
        self._tokens: dict[str, datetime] = {}
        self._lock = threading.Lock()
        self._new_token = token_source or _random_token

    def answer(self, request: Request) -> Reply:
        if request.path == "/latest/api/token":
            return self._token(request) if request.method == "PUT" else Reply(405, "")
        if request.method != "GET":
            return Reply(405, "")
        token = request.header("x-aws-ec2-metadata-token")
        if token is None:
            if self._http_tokens == "required":
                return Reply(401, "")
        elif not self._valid(token):
            return Reply(401, "")
        return self._get(request.path)

    def _token(self, request: Request) -> Reply:
        ttl = request.header("x-aws-ec2-metadata-token-ttl-seconds")
        if ttl is None or not ttl.isdigit() or not 1 <= int(ttl) <= TOKEN_TTL_MAX:
            return Reply(400, "")
        token = self._new_token()
        with self._lock:
            now = clock.now()
            self._tokens = {t: e for t, e in self._tokens.items() if e > now}
            self._tokens[token] = now + timedelta(seconds=int(ttl))
        return Reply(200, token)

    def _valid(self, token: str) -> bool:
        with self._lock:
            expires = self._tokens.get(token)
        return expires is not None and clock.now() < expires

    def _get(self, path: str) -> Reply:
        role = self._role()
        if path == self.CREDENTIALS:
            return Reply(200, role.name) if role is not None else Reply(404, "")
        if path.startswith(self.CREDENTIALS):
            if role is None or path[len(self.CREDENTIALS) :] != role.name:
                return Reply(404, "")
            return self._credentials(role)
        simple = {
            "instance-id": self.instance_id,
            "placement/region": self.region,
            "placement/availability-zone": self.region + "a",
        }
        value = simple.get(path[len(self.PREFIX) :].rstrip("/")) if path.startswith(self.PREFIX) else None
        return Reply(200, value) if value is not None else Reply(404, "")

    def _credentials(self, role: Role) -> Reply:
        try:
            session = self._session.current()
        except AwsError:
            # What IMDS answers when EC2 may not assume the role ("Troubleshoot IAM roles for Amazon EC2").
            return _json(
                200,
                {
                    "Code": "AssumeRoleUnauthorizedAccess",
                    "Message": f"EC2 cannot assume the role {role.name}.  Please see documentation at "
                    "http://docs.amazonwebservices.com/IAM/latest/UserGuide/RolesTroubleshooting.html.",
                    "LastUpdated": timestamp(clock.now()),
                },
                _IMDS_JSON,
            )
        return _json(
            200,
            {
                "Code": "Success",
                "LastUpdated": timestamp(session.issued),
                "Type": "AWS-HMAC",
                "AccessKeyId": session.access_key_id,
                "SecretAccessKey": session.secret,
                "Token": session.token,
                "Expiration": timestamp(session.expiration),
            },
            _IMDS_JSON,
        )


class ContainerAgent:
    """The ECS agent (``path`` is the task's relative URI, no token) or the EKS Pod Identity agent
    (a full URI and an authorization token), serving one role's credentials."""

    def __init__(self, path: str, role: Role, session: RotatingSession, token: str | None) -> None:
        self._path = path
        self._role = role
        self._session = session
        self._token = token

    def answer(self, request: Request) -> Reply:
        if self._token is None:
            return self._ecs(request)
        return self._pod_identity(request)

    def _ecs(self, request: Request) -> Reply:
        if request.method != "GET" or request.path != self._path:
            # aws/amazon-ecs-agent: an unknown credentials ID is a 400 with this JSON body.
            return _json(
                400, {"code": "InvalidIdInRequest", "message": "CredentialsV2Request: Credentials not found"}
            )
        return self._credentials(
            lambda s: {
                "RoleArn": self._role.arn,
                "AccessKeyId": s.access_key_id,
                "SecretAccessKey": s.secret,
                "Token": s.token,
                "Expiration": timestamp(s.expiration),
            }
        )

    def _pod_identity(self, request: Request) -> Reply:
        if request.method != "GET" or request.path != self._path:
            return Reply(404, "404 page not found\n")
        token = request.header("authorization")
        # aws/eks-pod-identity-agent validates the token before asking EKS Auth; EKS Auth's
        # AssumeRoleForPodIdentity refuses a token it did not issue with InvalidTokenException (400).
        if not token:
            return Reply(400, "Service account token cannot be empty\n")
        if token != self._token:
            return Reply(
                400,
                "(InvalidTokenException): The specified Kubernetes service account token is invalid., "
                "fault: client\n",
            )
        return self._credentials(
            lambda s: {
                "AccessKeyId": s.access_key_id,
                "SecretAccessKey": s.secret,
                "Token": s.token,
                "AccountId": s.account_id,
                "Expiration": timestamp(s.expiration),
            }
        )

    def _credentials(self, render: Callable[[TemporaryCredentials], Mapping[str, object]]) -> Reply:
        try:
            session = self._session.current()
        except AwsError as error:
            # The agents pass on STS's refusal as a client error.
            return Reply(400, f"({error.code}): {error.message}, fault: client\n")
        return _json(200, render(session))


def _random_token() -> str:
    import secrets

    return secrets.token_urlsafe(42)
