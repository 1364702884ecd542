"""Load real IAM into a mock: an authorization-details export, a Terraform plan or state.

:func:`load` reads the source, turns it into IAM API calls (``plan.py``, one module per format) and runs
them as the account's root through the API's validation and handlers (``runner.py``), so a loaded
account obeys the same rules as one built call by call, and a source the API would refuse fails whole.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ..backend.state import Backend
from . import authorization_details, runner, terraform
from .plan import Loaded, LoadError

__all__ = ["LoadError", "Loaded", "load"]


def read(source: Any) -> Any:
    """A parsed source: a path to JSON, JSON text, or an already-parsed value."""
    if isinstance(source, os.PathLike) or (
        isinstance(source, str) and not source.lstrip().startswith(("{", "["))
    ):
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise LoadError(f"{path}: cannot be read ({error.strerror or error})") from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise LoadError(f"{path}: not JSON ({error})") from None
    if isinstance(source, str):
        try:
            return json.loads(source)
        except json.JSONDecodeError as error:
            raise LoadError(f"not JSON ({error})") from None
    return source


def load(backend: Backend, source: Any, *, account_id: str | None, source_ip: str) -> Loaded:
    parsed = read(source)
    if authorization_details.recognise(parsed):
        plan = authorization_details.plan(parsed, account_id, backend.partition, backend.default_account_id)
    elif isinstance(parsed, Mapping) and terraform.recognise(parsed):
        target = account_id or terraform.account_of(parsed) or backend.default_account_id
        existing = backend.existing_account(target)
        plan = terraform.plan(parsed, target, existing.partition if existing else backend.partition)
    else:
        raise LoadError(
            "the source is neither an authorization-details export (UserDetailList, GroupDetailList, "
            "RoleDetailList, Policies) nor `terraform show -json` output (format_version with "
            "planned_values or values)"
        )
    return runner.run(backend, plan, source_ip=source_ip)
