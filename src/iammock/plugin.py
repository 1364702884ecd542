"""The pytest plugin (``pytest11`` entry point ``iammock``): fixtures, a marker, explanations, the trail file.

Fixtures: ``iam_mock`` (one test), ``iam_mock_module`` and ``iam_mock_session`` (shared, for
expensive set-ups), ``iam_clock`` (frozen, movable time), and the factories ``iam_user`` and
``iam_role``. Marker: ``@pytest.mark.iammock(**options)`` passes options to ``mock_iam()``
(and ``load=[paths]`` to ``IAMMock.load`` before the test);
``@pytest.mark.iammock_clock(start)`` sets where ``iam_clock`` starts.

When a test fails with an ``AccessDenied`` that iammock answered, the report gets a section that
explains the decision. ``--iammock-trail=PATH`` appends every test's calls to PATH as CloudTrail
JSON lines with a ``testId`` field. ``--iammock-audit`` runs the suite with iammock in audit mode wherever
moto's ``mock_aws`` starts and wherever an iammock fixture is used (``iammock.audit_run``);
``--iammock-audit-report=PATH`` writes the merged report as JSON.

Importing this module must stay cheap (it is loaded by every pytest run where iammock is installed):
anything heavy is imported inside the fixtures and hooks that need it.
"""

from __future__ import annotations

import inspect
import itertools
import json
import os
import threading
import weakref
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    import boto3

    from .audit import AuditReport
    from .audit_run import AuditRun
    from .clock_control import IAMClock
    from .mock import IAMMock
    from .trail import Trail

_ACCESS_DENIED = frozenset({"AccessDenied", "AccessDeniedException"})
_TRAIL_KEY = pytest.StashKey["_TrailWriter"]()
_AUDIT_KEY = pytest.StashKey["AuditRun"]()
_AUDIT_WORKER_OUTPUT = "iammock_audit"
SECTION_TITLE = "iammock: why access was denied"


# -- configuration ----------------------------------------------------------------------------------


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("iammock", "iammock (AWS IAM and STS in process)")
    group.addoption(
        "--iammock-trail",
        metavar="PATH",
        default=None,
        help="append every test's IAM/STS calls to PATH as CloudTrail JSON lines, each with a testId field",
    )
    group.addoption(
        "--iammock-audit",
        action="store_true",
        default=False,
        help="audit mode: start iammock with moto's mock_aws and in iammock fixtures, let calls it would "
        "deny proceed, and list the would-be denials at the end",
    )
    group.addoption(
        "--iammock-audit-report",
        metavar="PATH",
        default=None,
        help="write the audit report (would-be denials, least-privilege policies) to PATH as JSON; "
        "implies --iammock-audit",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers",
        "iammock(**options): options for the iam_mock fixture, passed to iammock.mock_iam() "
        "(account_id, region_name, seed, source_ip, mode …); mode='enforce' keeps a test out of "
        "--iammock-audit",
    )
    config.addinivalue_line(
        "markers", "iammock_clock(start): where the iam_clock fixture starts (a datetime or ISO 8601 string)"
    )
    path = config.getoption("iammock_trail", None)
    if path:
        config.stash[_TRAIL_KEY] = _TrailWriter(str(path))
    if config.getoption("iammock_audit", False) or config.getoption("iammock_audit_report", None):
        from .audit_run import AuditRun

        run = config.stash[_AUDIT_KEY] = AuditRun()
        run.patch_moto()


# -- the mock fixtures ------------------------------------------------------------------------------


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    node = request.node
    marker = node.get_closest_marker("iammock")
    if marker is None:
        return {}
    if marker.args:
        pytest.fail(
            f"@pytest.mark.iammock takes keyword options only, got positional {marker.args!r}", pytrace=False
        )
    return dict(marker.kwargs)


def _start(options: Mapping[str, Any], audit: AuditRun | None = None) -> IAMMock:
    from .mock import mock_iam

    if audit is not None and "mode" not in options:
        options = {**options, "mode": "audit"}

    valid = inspect.signature(mock_iam).parameters
    unknown = sorted(set(options) - set(valid))
    if unknown:
        pytest.fail(
            f"@pytest.mark.iammock: unknown option(s) {', '.join(unknown)}; "
            f"valid options are {', '.join(sorted({*valid, 'load'}))}",
            pytrace=False,
        )
    try:
        aws = mock_iam(**options).start()
    except (TypeError, ValueError) as error:
        pytest.fail(f"@pytest.mark.iammock: {error}", pytrace=False)
    if audit is not None and aws.mode == "audit":
        audit.watch(aws)
    return aws


def _mock_fixture(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    options = _options(request)
    sources = options.pop("load", ())
    aws = _start(options, request.config.stash.get(_AUDIT_KEY, None))
    try:
        _load(aws, sources, request)
        yield aws
    finally:
        aws.stop()


def _load(aws: IAMMock, sources: Any, request: pytest.FixtureRequest) -> None:
    """``@pytest.mark.iammock(load=[...])``: sources loaded before the test (``IAMMock.load``).

    A relative path is read from the test module's folder, like other test data.
    """
    from .loading import LoadError

    if isinstance(sources, str | os.PathLike) or not isinstance(sources, list | tuple):
        sources = [sources]
    for source in sources:
        if isinstance(source, str | os.PathLike) and not str(source).lstrip().startswith(("{", "[")):
            path = Path(source)
            if not path.is_absolute():
                path = Path(request.path).parent / path
            source = path
        try:
            aws.load(source)
        except LoadError as error:
            pytest.fail(f"@pytest.mark.iammock(load=...): {error}", pytrace=False)


@pytest.fixture
def iam_mock(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    """An active mock for one test: empty at the start, gone at the end.

    Options come from ``@pytest.mark.iammock(account_id=..., region_name=..., seed=..., source_ip=...)``
    on the test, its class or its module; a misspelt option fails the test at set-up.
    """
    yield from _mock_fixture(request)


@pytest.fixture(scope="module")
def iam_mock_module(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    """One mock shared by every test of a module (options from a module-level ``pytestmark``).

    State carries over between the module's tests: use it for expensive set-ups that tests only read.
    """
    yield from _mock_fixture(request)


@pytest.fixture(scope="session")
def iam_mock_session(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    """One mock for the whole run (per xdist worker). State carries over between all tests."""
    yield from _mock_fixture(request)


@pytest.fixture
def iam_clock(request: pytest.FixtureRequest) -> Iterator[IAMClock]:
    """Frozen time the mock follows: ``now()``, ``advance(seconds | timedelta)``, ``move_to(when)``.

    Starts at the real current time, or where ``@pytest.mark.iammock_clock(start)`` says.
    """
    from .clock_control import IAMClock

    marker = request.node.get_closest_marker("iammock_clock")
    start = marker.args[0] if marker is not None and marker.args else None
    with IAMClock(start) as clock:
        yield clock


# -- factories ----------------------------------------------------------------------------------------


def _document(value: str | Mapping[str, Any]) -> str:
    return value if isinstance(value, str) else json.dumps(value)


@dataclass
class IAMUser:
    """An IAM user made by the ``iam_user`` factory, with an access key in ``session``."""

    name: str
    arn: str
    user_id: str
    access_key_id: str
    session: boto3.Session = field(repr=False)

    def client(self, service: str, **kwargs: Any) -> Any:
        """A client signing as this user."""
        return self.session.client(service, **kwargs)


@dataclass
class IAMRole:
    """An IAM role made by the ``iam_role`` factory; ``assume()`` goes through STS AssumeRole."""

    name: str
    arn: str
    role_id: str
    account_id: str
    trust_policy: str = field(repr=False)
    _assume: Callable[..., boto3.Session] = field(repr=False)

    def assume(
        self,
        session_name: str = "iammock-session",
        *,
        via: boto3.Session | None = None,
        **assume_role_kwargs: Any,
    ) -> boto3.Session:
        """A session of this role, from STS AssumeRole, so the trust policy is really evaluated.

        ``via``: the session that calls AssumeRole. By default, a role trusted by an AWS service
        (``trust="lambda.amazonaws.com"``) is assumed as that service would, and any other role by an
        IAM user ``iammock-role-assumer`` of the role's account whose only policy allows
        ``sts:AssumeRole``. Extra keyword arguments go to ``assume_role`` (``DurationSeconds``,
        ``Policy``, ``Tags``, ``SourceIdentity`` …).
        """
        return self._assume(session_name, via, assume_role_kwargs)


class _Factories:
    """What the factory fixtures share within one test: the mock, counters, the assumer users."""

    ASSUMER = "iammock-role-assumer"

    def __init__(self, aws: IAMMock) -> None:
        self.aws = aws
        self.counter = itertools.count(1)
        self.assumers: dict[str, boto3.Session] = {}

    def iam(self, account_id: str | None) -> Any:
        return self.aws.session(account_id).client("iam")

    def session_for(self, key: Mapping[str, Any]) -> boto3.Session:
        import boto3

        from .botocore_sessions import new_session

        return boto3.Session(
            aws_access_key_id=key["AccessKeyId"],
            aws_secret_access_key=key["SecretAccessKey"],
            aws_session_token=key.get("SessionToken"),
            region_name=self.aws.region_name or "us-east-1",
            botocore_session=new_session(),
        )

    def boundary_arn(self, iam: Any, owner: str, boundary: str | Mapping[str, Any] | None) -> str | None:
        if boundary is None or (isinstance(boundary, str) and boundary.startswith("arn:")):
            return boundary
        created = iam.create_policy(PolicyName=f"{owner}-boundary", PolicyDocument=_document(boundary))
        arn: str = created["Policy"]["Arn"]
        return arn

    def attach(self, iam: Any, kind: str, name: str, policies: Sequence[str | Mapping[str, Any]]) -> None:
        key = "UserName" if kind == "user" else "RoleName"
        for index, policy in enumerate(policies, start=1):
            if isinstance(policy, str) and policy.startswith("arn:"):
                getattr(iam, f"attach_{kind}_policy")(**{key: name, "PolicyArn": policy})
            else:
                getattr(iam, f"put_{kind}_policy")(
                    **{key: name, "PolicyName": f"{name}-policy-{index}", "PolicyDocument": _document(policy)}
                )

    def user(
        self,
        name: str | None = None,
        *,
        policies: Sequence[str | Mapping[str, Any]] = (),
        groups: Sequence[str] = (),
        boundary: str | Mapping[str, Any] | None = None,
        tags: Mapping[str, str] | None = None,
        path: str = "/",
        account_id: str | None = None,
    ) -> IAMUser:
        iam = self.iam(account_id)
        name = name or f"user-{next(self.counter)}"
        params: dict[str, Any] = {"UserName": name, "Path": path}
        if tags:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        boundary_arn = self.boundary_arn(iam, name, boundary)
        if boundary_arn:
            params["PermissionsBoundary"] = boundary_arn
        created = iam.create_user(**params)["User"]
        self.attach(iam, "user", name, policies)
        for group in groups:
            try:
                iam.get_group(GroupName=group)
            except iam.exceptions.NoSuchEntityException:
                iam.create_group(GroupName=group)
            iam.add_user_to_group(GroupName=group, UserName=name)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return IAMUser(name, created["Arn"], created["UserId"], key["AccessKeyId"], self.session_for(key))

    def role(
        self,
        name: str | None = None,
        *,
        trust: str | Mapping[str, Any] = "account",
        policies: Sequence[str | Mapping[str, Any]] = (),
        boundary: str | Mapping[str, Any] | None = None,
        max_session_duration: int = 3600,
        tags: Mapping[str, str] | None = None,
        path: str = "/",
        account_id: str | None = None,
    ) -> IAMRole:
        account = account_id or self.aws.account_id
        iam = self.iam(account)
        name = name or f"role-{next(self.counter)}"
        trust_text, service = _trust(trust, account, self.aws.backend.account(account).partition)
        params: dict[str, Any] = {
            "RoleName": name,
            "Path": path,
            "AssumeRolePolicyDocument": trust_text,
            "MaxSessionDuration": max_session_duration,
        }
        if tags:
            params["Tags"] = [{"Key": k, "Value": v} for k, v in tags.items()]
        boundary_arn = self.boundary_arn(iam, name, boundary)
        if boundary_arn:
            params["PermissionsBoundary"] = boundary_arn
        created = iam.create_role(**params)["Role"]
        self.attach(iam, "role", name, policies)
        arn = created["Arn"]

        def assume(session_name: str, via: boto3.Session | None, kwargs: dict[str, Any]) -> boto3.Session:
            if via is None and service is not None and not kwargs:
                service_session: boto3.Session = self.aws.service_session(
                    service, arn, session_name=session_name
                )
                return service_session
            caller = via or self.assumer(account)
            sts = caller.client("sts")
            credentials = sts.assume_role(RoleArn=arn, RoleSessionName=session_name, **kwargs)["Credentials"]
            return self.session_for(credentials)

        return IAMRole(name, arn, created["RoleId"], account, trust_text, assume)

    def assumer(self, account_id: str) -> boto3.Session:
        found = self.assumers.get(account_id)
        if found is None:
            found = self.user(
                self.ASSUMER,
                policies=[
                    {
                        "Version": "2012-10-17",
                        "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
                    }
                ],
                account_id=account_id,
            ).session
            self.assumers[account_id] = found
        return found


def _trust(trust: str | Mapping[str, Any], account_id: str, partition: str) -> tuple[str, str | None]:
    """The trust policy text, and the service principal when the role is for an AWS service."""
    if not isinstance(trust, str):
        return json.dumps(trust), None
    if trust.lstrip().startswith("{"):
        return trust, None
    service = None
    if trust == "account":
        principal: dict[str, str] = {"AWS": f"arn:{partition}:iam::{account_id}:root"}
    elif trust.isdigit() and len(trust) == 12:
        principal = {"AWS": f"arn:{partition}:iam::{trust}:root"}
    elif trust.startswith("arn:"):
        principal = {"AWS": trust}
    elif "." in trust:
        principal, service = {"Service": trust}, trust
    else:
        raise ValueError(
            f"trust={trust!r}: give a policy document, 'account', an account ID, a principal ARN "
            "or a service principal such as 'lambda.amazonaws.com'"
        )
    statement = {"Effect": "Allow", "Principal": principal, "Action": "sts:AssumeRole"}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]}), service


@pytest.fixture
def _iam_factories(iam_mock: IAMMock) -> _Factories:
    return _Factories(iam_mock)


@pytest.fixture
def iam_user(_iam_factories: _Factories) -> Callable[..., IAMUser]:
    """Factory: ``iam_user(name=None, policies=[documents or managed ARNs], groups=[...], boundary=None,
    tags=None, path="/", account_id=None) -> IAMUser`` with ``.name``, ``.arn``, ``.session``, ``.client()``.

    Groups that do not exist yet are created; a boundary given as a document becomes a customer
    managed policy ``<name>-boundary``.
    """
    return _iam_factories.user


@pytest.fixture
def iam_role(_iam_factories: _Factories) -> Callable[..., IAMRole]:
    """Factory: ``iam_role(name=None, trust="account", policies=[...], boundary=None,
    max_session_duration=3600, tags=None, path="/", account_id=None) -> IAMRole``.

    ``trust``: a policy document, ``"account"`` (the role's account root), another account's ID, a
    principal ARN, or a service principal (``"lambda.amazonaws.com"``). ``role.assume()`` returns a
    boto3 session of the role through STS AssumeRole.
    """
    return _iam_factories.role


# -- explanations on failure --------------------------------------------------------------------------


def _denied_request_ids(error: BaseException | None) -> list[str]:
    out: list[str] = []
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        response = getattr(error, "response", None)
        if isinstance(response, Mapping):
            code = response.get("Error", {}).get("Code")
            request_id = response.get("ResponseMetadata", {}).get("RequestId")
            if code in _ACCESS_DENIED and isinstance(request_id, str):
                out.append(request_id)
        error = error.__cause__ or error.__context__
    return out


def explanation_for(error: BaseException) -> str | None:
    """The explanation of an AccessDenied iammock answered, found through the error's request ID."""
    ids = _denied_request_ids(error)
    if not ids:
        return None
    from .explain import explain_anywhere

    for request_id in ids:
        text = explain_anywhere(request_id)
        if text is not None:
            return text
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(
    item: pytest.Item, call: pytest.CallInfo[None]
) -> Generator[None, pytest.TestReport, pytest.TestReport]:
    report = yield
    if report.failed and call.excinfo is not None:
        text = explanation_for(call.excinfo.value)
        if text is not None:
            report.sections.append((SECTION_TITLE, text))
    return report


# -- the trail file --------------------------------------------------------------------------------


class _TrailWriter:
    """Appends the events each test added to any mock's trail; safe with xdist workers sharing a file."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.lock = threading.Lock()
        self.written: weakref.WeakKeyDictionary[Trail, int] = weakref.WeakKeyDictionary()
        # Calls made before this run began (another session in the same process) are not this run's.
        from .explain import recent_trails

        for trail in recent_trails():
            self.written[trail] = len(trail.entries())

    def flush(self, test_id: str) -> None:
        from .explain import recent_trails
        from .trail import to_event

        lines: list[str] = []
        for trail in reversed(recent_trails()):
            done = self.written.get(trail, 0)  # a restarted mock has a new trail: first seen
            entries = trail.entries()
            for entry in entries[done:]:
                event = to_event(entry)
                event["testId"] = test_id
                lines.append(json.dumps(event, default=str) + "\n")
            self.written[trail] = len(entries)
        if lines:
            with self.lock, open(self.path, "a", encoding="utf-8") as handle:
                _lock_file(handle)
                handle.write("".join(lines))


def _lock_file(handle: Any) -> None:
    try:
        import fcntl
    except ImportError:  # Windows: appends of one write() each are good enough
        return
    fcntl.flock(handle.fileno(), fcntl.LOCK_EX)  # released when the file closes


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Iterator[None]:
    try:
        return (yield)
    finally:
        writer = item.config.stash.get(_TRAIL_KEY, None)
        if writer is not None:
            writer.flush(item.nodeid)
        audit = item.config.stash.get(_AUDIT_KEY, None)
        if audit is not None:
            audit.flush(item.nodeid)


# -- audit mode (--iammock-audit) --------------------------------------------------------------------


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(
    item: pytest.Item, nextitem: pytest.Item | None
) -> Generator[None, object, object]:
    audit = item.config.stash.get(_AUDIT_KEY, None)
    if audit is None:
        return (yield)
    marker = item.get_closest_marker("iammock")
    audit.enforce_current = marker is not None and marker.kwargs.get("mode") == "enforce"
    try:
        return (yield)
    finally:
        audit.enforce_current = False


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object) -> None:
    """xdist's controller: merge the report a worker sent (``workeroutput``)."""
    audit = node.config.stash.get(_AUDIT_KEY, None)
    text = getattr(node, "workeroutput", {}).get(_AUDIT_WORKER_OUTPUT)
    if audit is not None and text:
        from .audit import AuditReport

        audit.add(AuditReport.from_json(text))


def pytest_sessionfinish(session: pytest.Session) -> None:
    config = session.config
    audit = config.stash.get(_AUDIT_KEY, None)
    if audit is None:
        return
    audit.unpatch_moto()
    result = audit.result()
    workeroutput = getattr(config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker: the controller merges and writes
        workeroutput[_AUDIT_WORKER_OUTPUT] = result.to_json()
        return
    path = config.getoption("iammock_audit_report", None)
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            handle.write(result.to_json())


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    audit = config.stash.get(_AUDIT_KEY, None)
    if audit is None or hasattr(config, "workerinput"):
        return
    terminalreporter.section("iammock audit: would-be denials")
    for line in summary_lines(audit.result(), config.getoption("iammock_audit_report", None)):
        terminalreporter.write_line(line)


def summary_lines(result: AuditReport, path: str | None) -> list[str]:
    """Per principal, each would-be denial with its count and the first test that hit it."""
    if not result.denials:
        lines = ["no call would have been denied"]
    else:
        lines = []
        principal = None
        for denial in result.denials:
            if denial.principal != principal:
                principal = denial.principal
                lines.append(principal)
            kind = f", denied by the {denial.denied_by} policy" if denial.denied_by else ""
            lines.append(
                f"  {denial.count}x {denial.action} on {denial.resource}{kind}; first in {denial.test or '?'}"
            )
    if path:
        lines.append(f"report with least-privilege policies per principal: {path}")
    else:
        lines.append("--iammock-audit-report=PATH writes the least-privilege policies per principal")
    return lines
