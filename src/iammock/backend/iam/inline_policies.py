"""Inline policies of users, groups and roles: put (create or overwrite), get, list, delete."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ...engine import PolicyKind, check_inline_policy_sizes, parse_policy
from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import Account, Group, Role, User
from ..paging import page
from ..registry import Output, Params, operation

Owner = User | Group | Role


@dataclass(frozen=True)
class Kind:
    """What differs between the user, group and role flavours of an operation family."""

    word: str  # "user" | "group" | "role": IAM's wording in messages and quotas
    title: str  # "User" | "Group" | "Role": operation names and parameter names
    find: Callable[[Account, str], Owner]
    arn: Callable[[Account, str], str]

    @property
    def name_param(self) -> str:
        return f"{self.title}Name"


USER = Kind("user", "User", lookup.user, lookup.user_arn)
GROUP = Kind("group", "Group", lookup.group, lookup.group_arn)
ROLE = Kind("role", "Role", lookup.role, lookup.role_arn)
KINDS = (USER, GROUP, ROLE)


def protect_service_linked(owner: Owner) -> None:
    """Service-linked roles belong to their service: the account may not change their permissions."""
    if isinstance(owner, Role) and owner.path.startswith("/aws-service-role/"):
        raise AwsError(
            "UnmodifiableEntity",
            f"Cannot perform the operation on the protected role '{owner.name}' - "
            "this role is only modifiable by AWS",
            400,
        )


def _not_found(kind: Kind, name: str) -> AwsError:
    return lookup.no_such_entity(f"The {kind.word} policy with name {name} cannot be found.")


def _put(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    policy_name: str = params["PolicyName"]
    document: str = params["PolicyDocument"]
    call.authorize(f"iam:Put{kind.title}Policy", kind.arn(account, owner_name))
    owner = kind.find(account, owner_name)
    protect_service_linked(owner)
    parse_policy(document, PolicyKind.INLINE, account.partition)
    after = {**owner.inline_policies, policy_name: document}
    check_inline_policy_sizes(kind.word, owner.name, list(after.values()))
    owner.inline_policies[policy_name] = document
    return None


def _get(kind: Kind, call: Call, params: Params) -> Output:
    account = call.account
    owner_name: str = params[kind.name_param]
    policy_name: str = params["PolicyName"]
    call.authorize(f"iam:Get{kind.title}Policy", kind.arn(account, owner_name))
    owner = kind.find(account, owner_name)
    document = owner.inline_policies.get(policy_name)
    if document is None:
        raise _not_found(kind, policy_name)
    return {kind.name_param: owner.name, "PolicyName": policy_name, "PolicyDocument": document}


def _delete(kind: Kind, call: Call, params: Params) -> None:
    account = call.account
    owner_name: str = params[kind.name_param]
    policy_name: str = params["PolicyName"]
    call.authorize(f"iam:Delete{kind.title}Policy", kind.arn(account, owner_name))
    owner = kind.find(account, owner_name)
    protect_service_linked(owner)
    if policy_name not in owner.inline_policies:
        raise _not_found(kind, policy_name)
    del owner.inline_policies[policy_name]
    return None


def _list(kind: Kind, call: Call, params: Params) -> Output:
    account = call.account
    owner_name: str = params[kind.name_param]
    call.authorize(f"iam:List{kind.title}Policies", kind.arn(account, owner_name))
    owner = kind.find(account, owner_name)
    names = sorted(owner.inline_policies)
    return page(names, params, key=lambda n: n, result_key="PolicyNames", render=lambda n: n)


@operation("iam", "PutUserPolicy")
def put_user_policy(call: Call, params: Params) -> None:
    return _put(USER, call, params)


@operation("iam", "GetUserPolicy")
def get_user_policy(call: Call, params: Params) -> Output:
    return _get(USER, call, params)


@operation("iam", "DeleteUserPolicy")
def delete_user_policy(call: Call, params: Params) -> None:
    return _delete(USER, call, params)


@operation("iam", "ListUserPolicies")
def list_user_policies(call: Call, params: Params) -> Output:
    return _list(USER, call, params)


@operation("iam", "PutGroupPolicy")
def put_group_policy(call: Call, params: Params) -> None:
    return _put(GROUP, call, params)


@operation("iam", "GetGroupPolicy")
def get_group_policy(call: Call, params: Params) -> Output:
    return _get(GROUP, call, params)


@operation("iam", "DeleteGroupPolicy")
def delete_group_policy(call: Call, params: Params) -> None:
    return _delete(GROUP, call, params)


@operation("iam", "ListGroupPolicies")
def list_group_policies(call: Call, params: Params) -> Output:
    return _list(GROUP, call, params)


@operation("iam", "PutRolePolicy")
def put_role_policy(call: Call, params: Params) -> None:
    return _put(ROLE, call, params)


@operation("iam", "GetRolePolicy")
def get_role_policy(call: Call, params: Params) -> Output:
    return _get(ROLE, call, params)


@operation("iam", "DeleteRolePolicy")
def delete_role_policy(call: Call, params: Params) -> None:
    return _delete(ROLE, call, params)


@operation("iam", "ListRolePolicies")
def list_role_policies(call: Call, params: Params) -> Output:
    return _list(ROLE, call, params)
