"""Service-specific credentials: Git passwords (CodeCommit), Keyspaces passwords and service API keys."""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import User
from ..paging import page
from ..registry import Output, Params, operation

MAX_PER_SERVICE = 2
# Services that take a user name and password.
PASSWORD_SERVICES = frozenset({"codecommit.amazonaws.com", "cassandra.amazonaws.com"})
# Services whose credential is a long-term API key (an alias and a bearer secret), which may expire.
API_KEY_SERVICES = {"bedrock.amazonaws.com": "BedrockAPIKey", "logs.amazonaws.com": "CloudWatchLogsAPIKey"}
_PASSWORD_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_ALIAS_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789"


@dataclass(eq=False)
class ServiceSpecificCredential:
    credential_id: str
    service: str
    user_id: str
    created: datetime
    secret: str = field(repr=False)
    service_user_name: str | None = None
    alias: str | None = None
    expires: datetime | None = None
    status: str = "Active"

    def current_status(self, now: datetime) -> str:
        if self.expires is not None and now >= self.expires:
            return "Expired"
        return self.status


def _render(call: Call, user: User, cred: ServiceSpecificCredential, *, secret: bool) -> Output:
    data: Output = {
        "UserName": user.name,
        "Status": cred.current_status(call.now),
        "ServiceUserName": cred.service_user_name,
        "ServiceCredentialAlias": cred.alias,
        "CreateDate": cred.created,
        "ExpirationDate": cred.expires,
        "ServiceSpecificCredentialId": cred.credential_id,
        "ServiceName": cred.service,
    }
    if secret:
        if cred.alias is not None:
            data["ServiceCredentialSecret"] = cred.secret
        else:
            data["ServicePassword"] = cred.secret
    return data


def _not_supported(service: str) -> AwsError:
    return AwsError(
        "NotSupportedService", f"No such service {service} is supported for Service-Specific Credentials", 404
    )


def _new_secret(call: Call, service: str) -> str:
    ids = call.backend.ids
    if service in API_KEY_SERVICES:
        raw = ids.token(_PASSWORD_ALPHABET, 96).encode("ascii")
        return "ABSK" + base64.b64encode(raw).decode("ascii")
    return ids.token(_PASSWORD_ALPHABET, 43) + "="


def _credential(user: User, cred_id: str) -> ServiceSpecificCredential:
    found: ServiceSpecificCredential | None = user.service_specific_credentials.get(cred_id)
    if found is None:
        raise lookup.no_such_entity(f"No such credential {cred_id} exists")
    return found


def _target(call: Call, params: Params) -> tuple[str | None, str]:
    name = lookup.target_user_name(call, params)
    account = call.account
    return name, lookup.user_arn(account, name) if name else account.root_arn


def _user(call: Call, name: str | None) -> User:
    if name is None:
        raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials", 400)
    return lookup.user(call.account, name)


@operation("iam", "CreateServiceSpecificCredential")
def create_service_specific_credential(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["UserName"]
    service: str = params["ServiceName"]
    call.authorize("iam:CreateServiceSpecificCredential", lookup.user_arn(account, name))
    user = lookup.user(account, name)
    if service not in PASSWORD_SERVICES and service not in API_KEY_SERVICES:
        raise _not_supported(service)
    days: int | None = params.get("CredentialAgeDays")
    if days is not None and service not in API_KEY_SERVICES:
        raise AwsError(
            "InvalidInput",
            "CredentialAgeDays is only supported for Bedrock and CloudWatch Logs API keys.",
            400,
        )
    existing = [c for c in user.service_specific_credentials.values() if c.service == service]
    if len(existing) >= MAX_PER_SERVICE:
        raise AwsError(
            "LimitExceeded",
            f"Cannot exceed quota for ServiceSpecificCredentialsPerUserPerService: {MAX_PER_SERVICE}",
            409,
        )
    ids = call.backend.ids
    cred = ServiceSpecificCredential(
        credential_id=ids.unique_id("ACCA"),
        service=service,
        user_id=user.user_id,
        created=call.now,
        secret=_new_secret(call, service),
        expires=call.now + timedelta(days=days) if days is not None else None,
    )
    if service in API_KEY_SERVICES:
        cred.alias = f"{API_KEY_SERVICES[service]}-{ids.token(_ALIAS_ALPHABET, 4)}-at-{account.id}"
    else:
        cred.service_user_name = f"{user.name}-at-{account.id}"
    user.service_specific_credentials[cred.credential_id] = cred
    return {"ServiceSpecificCredential": _render(call, user, cred, secret=True)}


@operation("iam", "ListServiceSpecificCredentials")
def list_service_specific_credentials(call: Call, params: Params) -> Output:
    account = call.account
    service: str | None = params.get("ServiceName")
    all_users = bool(params.get("AllUsers"))
    if all_users and params.get("UserName") is not None:
        raise AwsError("InvalidInput", "UserName and AllUsers cannot be specified together.", 400)
    if all_users:
        call.authorize("iam:ListServiceSpecificCredentials", account.iam_arn("user", "/", "*"))
        users = list(account.users.values())
    else:
        name, arn = _target(call, params)
        call.authorize("iam:ListServiceSpecificCredentials", arn)
        users = [_user(call, name)]
    if service is not None and service not in PASSWORD_SERVICES and service not in API_KEY_SERVICES:
        raise _not_supported(service)
    entries = sorted(
        (
            (user, cred)
            for user in users
            for cred in user.service_specific_credentials.values()
            if service is None or cred.service == service
        ),
        key=lambda e: (e[1].created, e[1].credential_id),
    )
    return page(
        entries,
        params,
        key=lambda e: f"{e[1].created.isoformat()}|{e[1].credential_id}",
        result_key="ServiceSpecificCredentials",
        render=lambda e: _render(call, e[0], e[1], secret=False),
    )


@operation("iam", "ResetServiceSpecificCredential")
def reset_service_specific_credential(call: Call, params: Params) -> Output:
    name, arn = _target(call, params)
    call.authorize("iam:ResetServiceSpecificCredential", arn)
    user = _user(call, name)
    cred = _credential(user, params["ServiceSpecificCredentialId"])
    cred.secret = _new_secret(call, cred.service)
    return {"ServiceSpecificCredential": _render(call, user, cred, secret=True)}


@operation("iam", "UpdateServiceSpecificCredential")
def update_service_specific_credential(call: Call, params: Params) -> None:
    name, arn = _target(call, params)
    call.authorize("iam:UpdateServiceSpecificCredential", arn)
    cred = _credential(_user(call, name), params["ServiceSpecificCredentialId"])
    status: str = params["Status"]
    if status not in ("Active", "Inactive"):
        raise AwsError("InvalidInput", f"Invalid status {status}: must be Active or Inactive.", 400)
    cred.status = status
    return None


@operation("iam", "DeleteServiceSpecificCredential")
def delete_service_specific_credential(call: Call, params: Params) -> None:
    name, arn = _target(call, params)
    call.authorize("iam:DeleteServiceSpecificCredential", arn)
    user = _user(call, name)
    cred = _credential(user, params["ServiceSpecificCredentialId"])
    del user.service_specific_credentials[cred.credential_id]
    return None
