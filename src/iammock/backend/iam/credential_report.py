"""The credential report: one CSV row per user (the account root first), built from real state."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from datetime import datetime, timedelta

from ...errors import AwsError
from ..call import Call
from ..model import AccessKey, Account, User
from ..registry import Output, Params, operation
from .signing_certificates import SigningCertificate

COLUMNS = (
    "user",
    "arn",
    "user_creation_time",
    "password_enabled",
    "password_last_used",
    "password_last_changed",
    "password_next_rotation",
    "mfa_active",
    "access_key_1_active",
    "access_key_1_last_rotated",
    "access_key_1_last_used_date",
    "access_key_1_last_used_region",
    "access_key_1_last_used_service",
    "access_key_2_active",
    "access_key_2_last_rotated",
    "access_key_2_last_used_date",
    "access_key_2_last_used_region",
    "access_key_2_last_used_service",
    "cert_1_active",
    "cert_1_last_rotated",
    "cert_2_active",
    "cert_2_last_rotated",
)
# A report is served for four hours; after that GenerateCredentialReport makes a new one.
FRESH_FOR = timedelta(hours=4)
NA = "N/A"


@dataclass(frozen=True)
class Report:
    generated: datetime
    content: bytes


def _time(moment: datetime | None) -> str:
    """ISO 8601 as the report writes it: whole seconds, ``+00:00``."""
    if moment is None:
        return NA
    return moment.replace(microsecond=0).isoformat()


def _flag(value: bool) -> str:
    return "true" if value else "false"


def _key_columns(call: Call, keys: list[AccessKey]) -> list[str]:
    ordered = sorted(keys, key=lambda k: (k.created, k.access_key_id))[:2]
    columns: list[str] = []
    for index in range(2):
        if index >= len(ordered):
            columns += ["false", NA, NA, NA, NA]
            continue
        key = ordered[index]
        use = call.backend.activity.key_last_used.get(key.access_key_id)
        columns += [
            _flag(key.status == "Active"),
            _time(key.created),
            _time(use.when) if use else NA,
            use.region if use else NA,
            use.service if use else NA,
        ]
    return columns


def _cert_columns(certificates: list[SigningCertificate]) -> list[str]:
    ordered = sorted(certificates, key=lambda c: str(c.uploaded))
    columns: list[str] = []
    for index in range(2):
        if index >= len(ordered):
            columns += ["false", NA]
            continue
        cert = ordered[index]
        columns += [_flag(cert.status == "Active"), _time(cert.uploaded)]
    return columns


def _root_row(call: Call, account: Account) -> list[str]:
    certificates = list(account.root_signing_certificates.values())
    return [
        "<root_account>",
        account.root_arn,
        _time(account.created),
        "not_supported",
        "no_information",
        "not_supported",
        "not_supported",
        "false",
        *_key_columns(call, list(account.root_keys.values())),
        *_cert_columns(certificates),
    ]


def _user_row(call: Call, account: Account, user: User) -> list[str]:
    profile = user.login_profile
    if profile is None:
        password = ["false", NA, NA, NA]
    else:
        changed = profile.created  # the profile keeps no time of a later password change
        max_age = account.password_policy.max_age if account.password_policy else None
        rotation = _time(changed + timedelta(days=int(max_age))) if max_age else NA
        last_used = _time(user.password_last_used) if user.password_last_used else "no_information"
        password = ["true", last_used, _time(changed), rotation]
    return [
        user.name,
        user.arn,
        _time(user.created),
        *password,
        _flag(bool(user.mfa_devices)),
        *_key_columns(call, list(user.access_keys.values())),
        *_cert_columns(list(user.signing_certificates.values())),
    ]


def build(call: Call, account: Account) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerow(_root_row(call, account))
    for user in sorted(account.users.values(), key=lambda u: u.name.lower()):
        writer.writerow(_user_row(call, account, user))
    return out.getvalue().rstrip("\n").encode("utf-8")


@operation("iam", "GenerateCredentialReport")
def generate_credential_report(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:GenerateCredentialReport", "*")
    current = account.credential_report
    if current is not None and call.now - current.generated < FRESH_FOR:
        return {"State": "COMPLETE"}
    # Generation is instant in the mock: the report is ready for the very next GetCredentialReport.
    account.credential_report = Report(call.now, build(call, account))
    if current is None:
        return {"State": "STARTED", "Description": "No report exists. Starting a new report generation task"}
    return {
        "State": "STARTED",
        "Description": "Report is older than 4 hours. Starting a new report generation task",
    }


@operation("iam", "GetCredentialReport")
def get_credential_report(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:GetCredentialReport", "*")
    report = account.credential_report
    if report is None:
        raise AwsError("ReportNotPresent", "", 410)  # AWS sends no message text
    return {"Content": report.content, "ReportFormat": "text/csv", "GeneratedTime": report.generated}
