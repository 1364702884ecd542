"""GetHumanReadableSummary: AWS writes it with a language model; the mock writes it from a template.

The only entity type AWS supports is a delegation request, and the same callers who may read the
request may read its summary, so the summary reuses the delegation family's visibility rules.
"""

from __future__ import annotations

from ...errors import AwsError
from ..call import Call
from ..registry import Output, Params, operation
from .delegation import DelegationRequest, state_at, visible_request

_ENTITY = ":delegation-request/"


def _describe(request: DelegationRequest, state: str) -> str:
    permissions = request.permissions or {}
    template = permissions.get("PolicyTemplateArn", "a policy template")
    parameters = permissions.get("Parameters") or []
    scoped = ", ".join(
        f"{p.get('Name')}={','.join(p.get('Values', []))}" for p in parameters if isinstance(p, dict)
    )
    hours = request.session_duration / 3600
    text = (
        f"{request.requestor_name} (account {request.requestor_id}) asks for temporary access based on "
        f"{template}"
    )
    if scoped:
        text += f" with {scoped}"
    text += f", for sessions of up to {hours:g} hour{'s' if hours != 1 else ''}. "
    if request.description:
        text += f"Purpose: {request.description}. "
    text += f"The request is {state.replace('_', ' ').lower()}."
    return text


@operation("iam", "GetHumanReadableSummary")
def get_human_readable_summary(call: Call, params: Params) -> Output:
    arn: str = params["EntityArn"]
    locale: str = params.get("Locale", "en")
    call.authorize("iam:GetHumanReadableSummary", arn)
    if _ENTITY not in arn or not arn.startswith(f"arn:{call.account.partition}:iam::"):
        raise AwsError("InvalidInput", f"Entity type of {arn} is not supported.", 400)
    request = visible_request(call, arn.rsplit("/", 1)[-1])
    if not locale.lower().startswith("en"):
        # The mock's summaries are English templates; other console languages are not generated.
        return {"SummaryContent": "", "Locale": locale, "SummaryState": "NOT_SUPPORTED"}
    return {
        "SummaryContent": _describe(request, state_at(request, call.now)),
        "Locale": locale,
        "SummaryState": "AVAILABLE",
    }
