"""A small pre-built account, so fuzzed calls reach real code paths and not only NoSuchEntity."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from iammock import IAMMock
from iammock.backend.state import Backend

ACCOUNT = "123456789012"
ALLOW_ALL = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
)
TRUST = json.dumps(
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT}:root"},
                "Action": ["sts:AssumeRole", "sts:TagSession", "sts:SetSourceIdentity"],
            }
        ],
    }
)
READ = json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]}
)


@dataclass
class World:
    pools: dict[str, list[Any]]
    fuzzer_key: dict[str, str]  # a user with AdministratorAccess
    baseline: dict[str, Any]  # Backend.snapshot() right after building


def build(mock: IAMMock, iam: Any) -> World:
    users = ["alice", "bob", "fuzzer"]
    for name in users:
        iam.create_user(UserName=name, Path="/eng/", Tags=[{"Key": "team", "Value": "core"}])
    iam.create_group(GroupName="ops")
    iam.create_group(GroupName="Readers", Path="/eng/")
    iam.add_user_to_group(GroupName="ops", UserName="alice")
    read = iam.create_policy(PolicyName="ReadPolicy", PolicyDocument=READ, Path="/eng/")["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=read, PolicyDocument=ALLOW_ALL, SetAsDefault=False)
    spare = iam.create_policy(PolicyName="Spare", PolicyDocument=READ)["Policy"]["Arn"]
    admin = "arn:aws:iam::aws:policy/AdministratorAccess"
    iam.attach_user_policy(UserName="fuzzer", PolicyArn=admin)
    iam.attach_user_policy(UserName="alice", PolicyArn=read)
    iam.attach_group_policy(GroupName="ops", PolicyArn=read)
    iam.put_user_policy(UserName="alice", PolicyName="inline", PolicyDocument=READ)
    iam.put_group_policy(GroupName="ops", PolicyName="inline", PolicyDocument=READ)
    role = iam.create_role(
        RoleName="app-role", AssumeRolePolicyDocument=TRUST, Tags=[{"Key": "env", "Value": "test"}]
    )["Role"]["Arn"]
    iam.create_role(RoleName="Other", Path="/svc/", AssumeRolePolicyDocument=TRUST, MaxSessionDuration=7200)
    iam.attach_role_policy(RoleName="app-role", PolicyArn=read)
    iam.put_role_policy(RoleName="app-role", PolicyName="inline", PolicyDocument=ALLOW_ALL)
    iam.put_role_permissions_boundary(RoleName="Other", PermissionsBoundary=spare)
    iam.create_instance_profile(InstanceProfileName="web")
    iam.add_role_to_instance_profile(InstanceProfileName="web", RoleName="app-role")
    key = iam.create_access_key(UserName="alice")["AccessKey"]["AccessKeyId"]
    fuzzer = iam.create_access_key(UserName="fuzzer")["AccessKey"]
    iam.create_login_profile(UserName="bob", Password="Correct-Horse-9!")
    serial = iam.create_virtual_mfa_device(VirtualMFADeviceName="alice-mfa")["VirtualMFADevice"][
        "SerialNumber"
    ]
    oidc = iam.create_open_id_connect_provider(
        Url="https://token.example.com", ClientIDList=["app"], ThumbprintList=["a" * 40]
    )["OpenIDConnectProviderArn"]
    iam.create_account_alias(AccountAlias="fuzz-account")
    other_role = "arn:aws:iam::210987654321:role/other"
    pools: dict[str, list[Any]] = {
        "UserName": [*users, "ALICE", "nobody"],
        "NewUserName": ["bob", "carol"],
        "GroupName": ["ops", "Readers", "OPS", "nogroup"],
        "NewGroupName": ["ops", "newgroup"],
        "RoleName": ["app-role", "Other", "APP-ROLE", "norole", "AWSServiceRoleForSupport"],
        "PolicyName": ["inline", "ReadPolicy", "Spare", "missing"],
        "InstanceProfileName": ["web", "WEB", "noprofile"],
        "PolicyArn": [read, spare, admin, "arn:aws:iam::aws:policy/ReadOnlyAccess", f"{read}x"],
        "PermissionsBoundary": [read, spare, admin],
        "arn": [read, spare, admin],
        "AccessKeyId": [key, fuzzer["AccessKeyId"], "AKIAIOSFODNN7EXAMPLE"],
        "SerialNumber": [serial, f"arn:aws:iam::{ACCOUNT}:mfa/none"],
        "VersionId": ["v1", "v2", "v3", "V1"],
        "RoleArn": [role, other_role, f"arn:aws:iam::{ACCOUNT}:role/svc/Other"],
        "OpenIDConnectProviderArn": [oidc, f"{oidc}/x"],
        "PolicySourceArn": [
            role,
            f"arn:aws:iam::{ACCOUNT}:user/eng/alice",
            f"arn:aws:iam::{ACCOUNT}:group/ops",
        ],
        "*Arn": [role, read, oidc, f"arn:aws:iam::{ACCOUNT}:user/eng/alice", other_role],
        "Path": ["/", "/eng/", "/svc/"],
        "PathPrefix": ["/", "/eng/", "/e"],
        "Key": ["team", "env", "Team"],
        "TagKeys": ["team"],
        "AccountAlias": ["fuzz-account", "other-alias"],
        "Password": ["Correct-Horse-9!", "x"],
        "ActionNames": ["iam:GetUser", "s3:GetObject", "*"],
        "ResourceArns": ["*", role],
        "RoleSessionName": ["session", "s@x"],
        "Marker": ["1", "0"],
        "JobId": ["00000000-0000-0000-0000-000000000000"],
    }
    return World(
        pools,
        {"AccessKeyId": fuzzer["AccessKeyId"], "SecretAccessKey": fuzzer["SecretAccessKey"]},
        mock.backend.snapshot(),
    )


def restore(backend: Backend, baseline: dict[str, Any]) -> None:
    """Put the backend back to ``baseline`` (one deep copy, so shared records stay shared)."""
    state = copy.deepcopy(baseline)
    with backend.lock:
        backend.accounts = state["accounts"]
        backend.access_keys = state["keys"]
        backend.temporary = state["temporary"]
    backend.touch()  # records replaced behind the API: the backend's memos must not outlive them
