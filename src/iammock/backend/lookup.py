"""Finding entities by name, with AWS's not-found errors; shared by every operation family."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import AwsError
from .model import Account, Group, ManagedPolicy, Role, User
from .partitions import aws_policy_prefix

if TYPE_CHECKING:
    from .call import Call
    from .registry import Params


def no_such_entity(message: str) -> AwsError:
    return AwsError("NoSuchEntity", message, 404)


def user(account: Account, name: str) -> User:
    found = account.users.get(name.lower())
    if found is None:
        raise no_such_entity(f"The user with name {name} cannot be found.")
    return found


def group(account: Account, name: str) -> Group:
    found = account.groups.get(name.lower())
    if found is None:
        raise no_such_entity(f"The group with name {name} cannot be found.")
    return found


def role(account: Account, name: str) -> Role:
    found = account.roles.get(name.lower())
    if found is None:
        raise no_such_entity(f"The role with name {name} cannot be found.")
    return found


def user_arn(account: Account, name: str) -> str:
    """The ARN AWS authorizes against: the stored one (with its path) if the user exists."""
    found = account.users.get(name.lower())
    return found.arn if found else account.iam_arn("user", "/", name)


def group_arn(account: Account, name: str) -> str:
    found = account.groups.get(name.lower())
    return found.arn if found else account.iam_arn("group", "/", name)


def role_arn(account: Account, name: str) -> str:
    found = account.roles.get(name.lower())
    return found.arn if found else account.iam_arn("role", "/", name)


def managed_policy(account: Account, arn: str) -> ManagedPolicy | None:
    """A customer managed policy of this account, or an AWS managed one."""
    found = account.policies.get(arn)
    if found is not None:
        return found
    if arn.startswith(aws_policy_prefix(account.partition)):
        from .managed import aws_managed_policy

        return aws_managed_policy(arn)
    return None


def target_user_name(call: Call, params: Params) -> str | None:
    """``UserName`` or, when omitted, the calling user (None for the account root).

    Role and federated sessions must name the user, as in AWS.
    """
    name = params.get("UserName")
    if name is not None:
        return str(name)
    caller = call.caller
    assert caller is not None
    if caller.kind == "user" and caller.user is not None:
        return caller.user.name
    if caller.kind == "root":
        return None
    raise AwsError("ValidationError", "Must specify userName when calling with non-User credentials", 400)
