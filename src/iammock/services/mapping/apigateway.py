"""Amazon API Gateway (REST APIs): AWS authorizes the HTTP verb (``apigateway:GET`` …) on the resource
path of the request: ``arn:aws:apigateway:REGION::/restapis/ID/stages/NAME``. Generated from the model."""

from __future__ import annotations

import re
from typing import Any

from . import Env

PREFIX = "apigateway"

OVERRIDES: dict[str, Any] = {}
VERB_ACTIONS = True  # the action is "apigateway:<HTTP method>", not the operation name


def action_for(http_method: str) -> str:
    return f"apigateway:{http_method.upper()}"


def refine_action(action: str, env: Env) -> str:
    return action_for(env.http_method)


def resources(kind: str, env: Env) -> list[str]:
    path = env.request_uri.split("?", 1)[0]
    if env.service == "apigatewayv2" and path.startswith("/v2/"):
        # HTTP and WebSocket APIs are called under /v2, their ARNs have no /v2: "Resource types defined by
        # Amazon API Gateway Management V2" (arn:${Partition}:apigateway:${Region}::/apis/${ApiId}).
        path = path[3:]

    members: dict[str, str] = {}
    shape = getattr(env.model, "input_shape", None)
    for member, member_shape in shape.members.items() if shape is not None else ():
        if member_shape.serialization.get("location") == "uri":
            members[member_shape.serialization.get("name", member)] = member

    def fill(match: re.Match[str]) -> str:
        name = match.group(1).rstrip("+")
        return str(env.params.get(members.get(name, name), "*"))

    return [env.arn("apigateway", re.sub(r"{([^}]+)}", fill, path), account="")]
