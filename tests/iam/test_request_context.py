"""The request context of an authorization is the same whether its per-resource keys were remembered."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from iammock.backend import request_context
from iammock.backend.caller import Caller
from iammock.backend.model import TemporaryCredentials, User
from iammock.backend.state import Backend

NOW = datetime(2024, 5, 1, 12, 0, 0, tzinfo=UTC)


def _setup(session: bool) -> tuple[Any, dict[str, Any], str]:
    backend = Backend()
    account = backend.account("123456789012")
    arn = account.iam_arn("user", "/team/", "Tagged")
    account.users["tagged"] = User("Tagged", "AIDAEXAMPLE", arn, "/team/", NOW, tags={"Dept": "x", "cc": "7"})
    credentials = None
    if session:
        credentials = TemporaryCredentials(
            "ASIAEXAMPLE", "s", "t", account.id, "user", arn, "AIDAEXAMPLE",
            NOW - timedelta(minutes=5), NOW + timedelta(hours=1), mfa_authenticated=True,
        )  # fmt: skip
    caller = Caller("user", account, arn, "AIDAEXAMPLE", "AKIAEXAMPLE", account.users["tagged"], credentials)
    # The backend: the resource's account is looked up for its organization's keys.
    call = SimpleNamespace(
        caller=caller, now=NOW, region="eu-west-1", source_ip="203.0.113.9", backend=backend
    )
    principal_part: dict[str, Any] = {"aws:username": "Tagged", "aws:PrincipalTag/team": "red"}
    if session:
        principal_part["aws:MultiFactorAuthAge"] = None
    return call, principal_part, arn


def test_first_second_and_remembered_meetings_give_the_same_context() -> None:
    for session in (False, True):
        call, principal_part, arn = _setup(session)
        memo: dict[Any, dict[str, Any]] = {}
        extra = {"aws:RequestTag/k": "v", "aws:SourceIp": "198.51.100.1"}
        built = [
            list(request_context.build(call, principal_part, resource, extra, memo).items())
            for resource in (arn, arn, arn, "arn:aws:iam::123456789012:user/other")
        ]
        unmemoised = list(request_context.build(call, principal_part, arn, extra, None).items())
        assert built[0] == built[1] == built[2] == unmemoised  # keys, values and their order
        assert ("aws:ResourceTag/Dept", "x") in unmemoised and ("iam:ResourceTag/cc", "7") in unmemoised
        assert ("aws:SourceIp", "198.51.100.1") in unmemoised  # the call's own keys win
        assert ("aws:MultiFactorAuthAge", 300) in unmemoised or not session
        assert not any(k.startswith(("aws:ResourceTag/", "iam:ResourceTag/")) for k, _ in built[3])
