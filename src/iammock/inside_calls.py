"""IAM operations the mock runs for itself, not for a client: moto's IAM writes and loading real IAM.

Their parameters are checked as a boto3 call's are: botocore's parameter validation (required
members and types: what a client refuses before sending), then the constraints the service enforces
(``hook.params.validate``: lengths, patterns, enums). The caller then runs the operation's handler
through ``Api.execute``, with the rules every API call meets.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping
from typing import Any

from .botocore_sessions import new_session
from .errors import AwsError
from .hook.params import validate

_lock = threading.Lock()
_models: dict[str, Any] = {}  # IAM operation name -> botocore OperationModel ("" -> the service model)


def operation_model(operation: str) -> Any:
    """botocore's model of IAM's ``operation``, loaded once per process."""
    with _lock:
        found = _models.get(operation)
        if found is None:
            service = _models.get("") or new_session().get_service_model("iam")
            _models[""] = service
            found = _models[operation] = service.operation_model(operation)
        return found


def checked(operation: str, params: Mapping[str, Any]) -> None:
    """``ValidationError`` (AwsError) for parameters a client or IAM would refuse."""
    from botocore.exceptions import ParamValidationError
    from botocore.validate import ParamValidator

    model = operation_model(operation)
    report = ParamValidator().validate(params, model.input_shape)
    if report.has_errors():  # worded as the client's ParamValidationError
        raise AwsError("ValidationError", str(ParamValidationError(report=report.generate_report())), 400)
    validate(model, params)
