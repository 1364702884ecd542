"""Amazon ECR: repository ARNs (``registryId`` names the owning account)."""

from __future__ import annotations

from typing import Any

from . import Env

PREFIX = "ecr"

# (unconfirmed) ListImageReferrers is not in the service authorization reference; it reads image metadata.
OVERRIDES: dict[str, Any] = {
    "ListImageReferrers": "ecr:DescribeImages",
    "GetAuthorizationToken": [("ecr:GetAuthorizationToken", "*")],
}


def resources(kind: str, env: Env) -> list[str]:
    params = env.params
    if params.get("repositoryName"):
        account = str(params.get("registryId") or env.account)
        return [env.arn("ecr", f"repository/{params['repositoryName']}", account=account)]
    if params.get("resourceArn"):
        return [str(params["resourceArn"])]
    return []
