"""Permissions boundaries of users and roles: a managed policy that caps what identity policies grant."""

from __future__ import annotations

from .. import lookup
from ..call import Call
from ..model import Role, User
from ..registry import Params, operation
from .inline_policies import ROLE, USER, Kind, protect_service_linked
from .managed_policies import adjust


def _put(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    arn: str = params["PermissionsBoundary"]
    call.authorize(
        f"iam:Put{kind.title}PermissionsBoundary",
        kind.arn(account, owner_name),
        {"iam:PermissionsBoundary": arn},
    )
    owner = kind.find(account, owner_name)
    assert isinstance(owner, User | Role)
    protect_service_linked(owner)
    if lookup.managed_policy(account, arn) is None:
        raise lookup.no_such_entity(f"Scope ARN: {arn} does not exist or is not attachable.")
    if owner.boundary == arn:
        return None
    if owner.boundary:
        adjust(account, owner.boundary, boundary_uses=-1)
    owner.boundary = arn
    adjust(account, arn, boundary_uses=1)
    return None


def _delete(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    owner_arn = kind.arn(account, owner_name)
    existing = account.users if kind is USER else account.roles
    current = existing.get(owner_name.lower())
    # The boundary being removed is part of the request context, as for Put.
    context = {"iam:PermissionsBoundary": current.boundary} if current and current.boundary else {}
    call.authorize(f"iam:Delete{kind.title}PermissionsBoundary", owner_arn, context)
    owner = kind.find(account, owner_name)
    assert isinstance(owner, User | Role)
    protect_service_linked(owner)
    if owner.boundary:
        adjust(account, owner.boundary, boundary_uses=-1)
        owner.boundary = None
    return None


@operation("iam", "PutUserPermissionsBoundary")
def put_user_permissions_boundary(call: Call, params: Params) -> None:
    return _put(USER, call, params)


@operation("iam", "PutRolePermissionsBoundary")
def put_role_permissions_boundary(call: Call, params: Params) -> None:
    return _put(ROLE, call, params)


@operation("iam", "DeleteUserPermissionsBoundary")
def delete_user_permissions_boundary(call: Call, params: Params) -> None:
    return _delete(USER, call, params)


@operation("iam", "DeleteRolePermissionsBoundary")
def delete_role_permissions_boundary(call: Call, params: Params) -> None:
    return _delete(ROLE, call, params)
