"""Customer managed policies, their versions and tags, and the AWS managed policy catalogue, through boto3."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from tests.helpers import aws_error, client_for
from tests.iam.state_helpers import plain

from iammock import IAMMock
from iammock.backend import managed

ACCT = "123456789012"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
LAMBDA_BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"


def doc(action: str = "s3:GetObject", *, version: str | None = "2012-10-17", padding: int = 0) -> str:
    statement: dict[str, Any] = {"Effect": "Allow", "Action": action, "Resource": "*"}
    if padding:
        statement["Sid"] = "S" + "x" * padding
    body: dict[str, Any] = {"Statement": [statement]}
    if version is not None:
        body["Version"] = version
    return json.dumps(body)


@pytest.fixture
def iam(iam_mock: IAMMock) -> Any:
    return boto3.client("iam")


def test_create_and_get_policy(iam: Any) -> None:
    created = iam.create_policy(
        PolicyName="reader",
        Path="/team/",
        PolicyDocument=doc(),
        Description="reads objects",
        Tags=[{"Key": "team", "Value": "core"}],
    )["Policy"]
    assert created["Arn"] == f"arn:aws:iam::{ACCT}:policy/team/reader"
    assert created["PolicyId"].startswith("ANPA") and len(created["PolicyId"]) == 21
    assert created["DefaultVersionId"] == "v1"
    assert created["AttachmentCount"] == 0 and created["PermissionsBoundaryUsageCount"] == 0
    assert created["IsAttachable"] is True
    assert created["CreateDate"] == created["UpdateDate"]
    fetched = iam.get_policy(PolicyArn=created["Arn"])["Policy"]
    assert fetched == {**created, "Description": "reads objects"}  # CreatePolicy leaves it out
    assert fetched["Description"] == "reads objects"
    assert fetched["Tags"] == [{"Key": "team", "Value": "core"}]
    version = iam.get_policy_version(PolicyArn=created["Arn"], VersionId="v1")["PolicyVersion"]
    assert version["Document"] == json.loads(doc())
    assert version["IsDefaultVersion"] is True


def test_duplicate_names_collide_case_insensitively_across_paths(iam: Any) -> None:
    iam.create_policy(PolicyName="Reader", PolicyDocument=doc())
    message = "A policy called reader already exists. Duplicate names are not allowed."
    with aws_error("EntityAlreadyExists", 409, message):
        iam.create_policy(PolicyName="reader", Path="/other/", PolicyDocument=doc())


def test_document_rules_for_managed_policies(iam: Any) -> None:
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName="p", PolicyDocument=doc(version=None))
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName="p", PolicyDocument=doc(version="2008-10-17"))
    with aws_error("MalformedPolicyDocument", 400):
        iam.create_policy(PolicyName="p", PolicyDocument="{not json")
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144"):
        iam.create_policy(PolicyName="p", PolicyDocument=doc(padding=6144))
    # Whitespace does not count against the quota.
    base = len(doc(padding=1).replace(" ", "")) - 1
    fits = doc(padding=6144 - base)
    assert len(fits.replace(" ", "")) == 6144
    iam.create_policy(PolicyName="p", PolicyDocument=json.dumps(json.loads(fits), indent=8))


def test_invalid_path_and_arn(iam: Any) -> None:
    with aws_error("ValidationError", 400):
        iam.create_policy(PolicyName="p", Path="no-slashes", PolicyDocument=doc())
    with aws_error("NoSuchEntity", 404, f"Policy arn:aws:iam::{ACCT}:policy/ghost was not found."):
        iam.get_policy(PolicyArn=f"arn:aws:iam::{ACCT}:policy/ghost")
    with aws_error("InvalidInput", 400, "ARN arn:aws:iam::nonsense:thing is not valid."):
        iam.get_policy(PolicyArn="arn:aws:iam::nonsense:thing")


def test_versions_lifecycle(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc())["Policy"]["Arn"]
    created_v1 = iam.get_policy(PolicyArn=arn)["Policy"]["UpdateDate"]
    v2 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:PutObject"))["PolicyVersion"]
    assert v2["VersionId"] == "v2" and v2["IsDefaultVersion"] is False and "Document" not in v2
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v1"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["UpdateDate"] >= created_v1
    v3 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:*"), SetAsDefault=True)
    assert v3["PolicyVersion"]["IsDefaultVersion"] is True
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v3"
    listed = iam.list_policy_versions(PolicyArn=arn)["Versions"]
    assert [(v["VersionId"], v["IsDefaultVersion"]) for v in listed] == [
        ("v3", True),
        ("v2", False),
        ("v1", False),
    ]
    assert all("Document" not in v for v in listed)
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:A"))
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:B"))
    with aws_error(
        "LimitExceeded",
        409,
        "A managed policy can have up to 5 versions. Before you create a new version, "
        "you must delete an existing version.",
    ):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:C"))
    with aws_error("DeleteConflict", 409, "Cannot delete the default version of a policy."):
        iam.delete_policy_version(PolicyArn=arn, VersionId="v3")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v2")
    # Ids are never reused: the next version is v6, not v2.
    v6 = iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:C"))["PolicyVersion"]
    assert v6["VersionId"] == "v6"
    iam.set_default_policy_version(PolicyArn=arn, VersionId="v6")
    assert iam.get_policy_version(PolicyArn=arn, VersionId="v6")["PolicyVersion"]["Document"] == json.loads(
        doc("s3:C")
    )
    with aws_error("NoSuchEntity", 404):
        iam.get_policy_version(PolicyArn=arn, VersionId="v2")
    with aws_error("NoSuchEntity", 404):
        iam.set_default_policy_version(PolicyArn=arn, VersionId="v9")
    with aws_error("NoSuchEntity", 404):
        iam.delete_policy_version(PolicyArn=arn, VersionId="v9")
    with aws_error("MalformedPolicyDocument", 400):
        iam.delete_policy_version(PolicyArn=arn, VersionId="v1")  # make room first
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(version=None))


def test_list_policy_versions_pages(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc())["Policy"]["Arn"]
    for action in ("s3:A", "s3:B", "s3:C"):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(action))
    pages = list(
        iam.get_paginator("list_policy_versions").paginate(PolicyArn=arn, PaginationConfig={"PageSize": 3})
    )
    assert [[v["VersionId"] for v in p["Versions"]] for p in pages] == [["v4", "v3", "v2"], ["v1"]]


def test_delete_policy_rules(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc())["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc("s3:*"), SetAsDefault=True)
    with aws_error("DeleteConflict", 409) as error:
        iam.delete_policy(PolicyArn=arn)
    assert error["Message"].startswith("This policy has more than one version.")
    iam.delete_policy_version(PolicyArn=arn, VersionId="v1")
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=arn)
    with aws_error("DeleteConflict", 409, "Cannot delete a policy attached to entities."):
        iam.delete_policy(PolicyArn=arn)
    iam.detach_user_policy(UserName="alice", PolicyArn=arn)
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arn)
    with aws_error("DeleteConflict", 409, "Cannot delete a policy attached to entities."):
        iam.delete_policy(PolicyArn=arn)
    iam.delete_user_permissions_boundary(UserName="alice")
    iam.delete_policy(PolicyArn=arn)
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn=arn)
    with aws_error("NoSuchEntity", 404):
        iam.delete_policy(PolicyArn=arn)
    # The name is free again.
    iam.create_policy(PolicyName="p", PolicyDocument=doc())


def test_policy_tags(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc())["Policy"]["Arn"]
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "b", "Value": "1"}, {"Key": "a", "Value": "2"}])
    # Policy tag keys are case-sensitive: "A" is another key.
    iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "A", "Value": "3"}, {"Key": "b", "Value": "4"}])
    tags = iam.list_policy_tags(PolicyArn=arn)["Tags"]
    assert tags == [{"Key": "b", "Value": "4"}, {"Key": "a", "Value": "2"}, {"Key": "A", "Value": "3"}]
    first = iam.list_policy_tags(PolicyArn=arn, MaxItems=2)
    assert first["IsTruncated"] and len(first["Tags"]) == 2
    rest = iam.list_policy_tags(PolicyArn=arn, Marker=first["Marker"])
    assert rest["Tags"] == [{"Key": "A", "Value": "3"}] and not rest["IsTruncated"]
    iam.untag_policy(PolicyArn=arn, TagKeys=["a", "missing"])
    assert [t["Key"] for t in iam.get_policy(PolicyArn=arn)["Policy"]["Tags"]] == ["b", "A"]
    with aws_error("InvalidInput", 400):
        iam.tag_policy(PolicyArn=arn, Tags=[{"Key": "aws:x", "Value": "1"}])
    with aws_error("LimitExceeded", 409):
        iam.tag_policy(PolicyArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    with aws_error("NoSuchEntity", 404):
        iam.tag_policy(PolicyArn=f"arn:aws:iam::{ACCT}:policy/ghost", Tags=[{"Key": "a", "Value": "1"}])


def test_list_policies_scopes_filters_and_pages(iam: Any) -> None:
    for i in range(12):
        iam.create_policy(PolicyName=f"local{i:02d}", Path="/mine/" if i < 4 else "/", PolicyDocument=doc())
    local = iam.list_policies(Scope="Local")["Policies"]
    assert [p["PolicyName"] for p in local] == [f"local{i:02d}" for i in range(12)]
    assert all("Tags" not in p and "Description" not in p for p in local)
    mine = iam.list_policies(Scope="Local", PathPrefix="/mine/")["Policies"]
    assert len(mine) == 4
    pages = list(iam.get_paginator("list_policies").paginate(Scope="Local", PaginationConfig={"PageSize": 5}))
    assert [len(p["Policies"]) for p in pages] == [5, 5, 2]
    aws = [p for page in iam.get_paginator("list_policies").paginate(Scope="AWS") for p in page["Policies"]]
    assert len(aws) > 1000
    assert all(p["Arn"].startswith("arn:aws:iam::aws:policy/") for p in aws)
    names = {p["PolicyName"] for p in aws}
    assert {"AdministratorAccess", "ReadOnlyAccess", "AmazonS3ReadOnlyAccess"} <= names
    everything = iam.list_policies(MaxItems=1000)
    assert everything["IsTruncated"] and len(everything["Policies"]) == 1000
    service_roles = [
        p
        for page in iam.get_paginator("list_policies").paginate(Scope="AWS", PathPrefix="/service-role/")
        for p in page["Policies"]
    ]
    assert "AWSLambdaBasicExecutionRole" in {p["PolicyName"] for p in service_roles}
    assert all(p["Path"] == "/service-role/" for p in service_roles)


def test_list_policies_only_attached_and_usage_filter(iam: Any) -> None:
    arn = iam.create_policy(PolicyName="boundary", PolicyDocument=doc())["Policy"]["Arn"]
    iam.create_policy(PolicyName="unused", PolicyDocument=doc())
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=ADMIN)
    iam.put_user_permissions_boundary(UserName="alice", PermissionsBoundary=arn)
    attached = iam.list_policies(OnlyAttached=True)["Policies"]
    assert [(p["PolicyName"], p["AttachmentCount"]) for p in attached] == [("AdministratorAccess", 1)]
    bounds = iam.list_policies(PolicyUsageFilter="PermissionsBoundary")["Policies"]
    assert [(p["PolicyName"], p["PermissionsBoundaryUsageCount"]) for p in bounds] == [("boundary", 1)]
    as_policy = iam.list_policies(Scope="AWS", PolicyUsageFilter="PermissionsPolicy")["Policies"]
    assert [p["PolicyName"] for p in as_policy] == ["AdministratorAccess"]


def test_aws_managed_policies_are_read_only(iam: Any) -> None:
    admin = iam.get_policy(PolicyArn=ADMIN)["Policy"]
    assert admin["PolicyName"] == "AdministratorAccess" and admin["Path"] == "/"
    assert admin["PolicyId"].startswith("ANPA") and admin["AttachmentCount"] == 0
    assert admin["CreateDate"].year == 2015
    document = iam.get_policy_version(PolicyArn=ADMIN, VersionId=admin["DefaultVersionId"])
    assert document["PolicyVersion"]["Document"]["Statement"][0]["Action"] == "*"
    assert [v["VersionId"] for v in iam.list_policy_versions(PolicyArn=ADMIN)["Versions"]] == [
        admin["DefaultVersionId"]
    ]
    attempts: list[Callable[[], object]] = [
        lambda: iam.delete_policy(PolicyArn=ADMIN),
        lambda: iam.create_policy_version(PolicyArn=ADMIN, PolicyDocument=doc()),
        lambda: iam.delete_policy_version(PolicyArn=ADMIN, VersionId="v1"),
        lambda: iam.set_default_policy_version(PolicyArn=ADMIN, VersionId="v1"),
        lambda: iam.tag_policy(PolicyArn=ADMIN, Tags=[{"Key": "a", "Value": "b"}]),
        lambda: iam.untag_policy(PolicyArn=ADMIN, TagKeys=["a"]),
    ]
    for attempt in attempts:
        with aws_error("AccessDenied", 403):
            attempt()
    assert iam.list_policy_tags(PolicyArn=ADMIN)["Tags"] == []
    lam = iam.get_policy(PolicyArn=LAMBDA_BASIC)["Policy"]
    assert lam["Path"] == "/service-role/"
    with aws_error("NoSuchEntity", 404):
        iam.get_policy(PolicyArn="arn:aws:iam::aws:policy/AWSLambdaBasicExecutionRole")  # wrong path
    # A customer policy may reuse an AWS managed policy's name.
    iam.create_policy(PolicyName="AdministratorAccess", PolicyDocument=doc())


def test_aws_attachment_counts_are_per_account(iam_mock: IAMMock, iam: Any) -> None:
    iam.create_user(UserName="alice")
    iam.attach_user_policy(UserName="alice", PolicyArn=ADMIN)
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["AttachmentCount"] == 1
    other = iam_mock.backend.account("210987654321")
    other_iam = boto3.client(
        "iam",
        aws_access_key_id=other.root_key.access_key_id,
        aws_secret_access_key=other.root_key.secret,
    )
    assert other_iam.get_policy(PolicyArn=ADMIN)["Policy"]["AttachmentCount"] == 0
    iam.detach_user_policy(UserName="alice", PolicyArn=ADMIN)
    assert iam.get_policy(PolicyArn=ADMIN)["Policy"]["AttachmentCount"] == 0


def test_catalogue_hands_out_copies() -> None:
    """Changing a looked-up AWS managed policy cannot change what the next lookup (or another mock) sees."""
    first = managed.aws_managed_policy(ADMIN)
    assert first is not None and managed.loaded()
    first.attachments += 5
    first.versions[first.default_version].document = "changed"
    again = managed.aws_managed_policy(ADMIN)
    assert again is not None and again.attachments == 0 and again.document != "changed"
    assert managed.aws_managed_policy("arn:aws:iam::aws:policy/NoSuchPolicyAnywhere") is None
    assert managed.aws_managed_policy(f"arn:aws:iam::{ACCT}:policy/AdministratorAccess") is None


def test_failed_calls_change_nothing(iam_mock: IAMMock, iam: Any) -> None:
    arn = iam.create_policy(PolicyName="p", PolicyDocument=doc())["Policy"]["Arn"]
    for action in ("s3:A", "s3:B", "s3:C", "s3:D"):
        iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc(action))
    before = plain(iam_mock.backend.snapshot())
    attempts: list[Callable[[], object]] = [
        lambda: iam.create_policy(PolicyName="P", PolicyDocument=doc()),
        lambda: iam.create_policy(PolicyName="q", PolicyDocument=doc(version=None)),
        lambda: iam.create_policy(
            PolicyName="q",
            PolicyDocument=doc(),
            Tags=[{"Key": "a", "Value": "1"}, {"Key": "a", "Value": "2"}],
        ),
        lambda: iam.create_policy_version(PolicyArn=arn, PolicyDocument=doc()),
        lambda: iam.delete_policy_version(PolicyArn=arn, VersionId="v1"),
        lambda: iam.delete_policy(PolicyArn=arn),
        lambda: iam.tag_policy(PolicyArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)]),
    ]
    for attempt in attempts:
        with pytest.raises(iam.exceptions.ClientError):
            attempt()
    assert plain(iam_mock.backend.snapshot()) == before


def test_non_root_caller_is_denied(iam: Any) -> None:
    iam.create_user(UserName="alice")
    key = iam.create_access_key(UserName="alice")["AccessKey"]
    with aws_error("AccessDenied", 403) as error:
        client_for("iam", key).create_policy(PolicyName="p", PolicyDocument=doc())
    assert f"iam:CreatePolicy on resource: arn:aws:iam::{ACCT}:policy/p" in error["Message"]
    assert iam.list_policies(Scope="Local")["Policies"] == []


def test_catalogue_is_read_only_when_first_needed() -> None:
    """In a fresh interpreter: local-only work never reads the catalogue; the first AWS lookup does."""
    script = textwrap.dedent(
        """
        import json, boto3
        from iammock import mock_iam
        from iammock.backend import managed
        with mock_iam():
            iam = boto3.client("iam")
            doc = json.dumps({"Version": "2012-10-17",
                              "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
            arn = iam.create_policy(PolicyName="p", PolicyDocument=doc)["Policy"]["Arn"]
            iam.create_user(UserName="u")
            iam.attach_user_policy(UserName="u", PolicyArn=arn)
            iam.list_policies(Scope="Local")
            iam.list_attached_user_policies(UserName="u")
            before = managed.loaded()
            iam.list_policies(Scope="AWS", MaxItems=1)
            print(before, managed.loaded())
        """
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True)
    assert out.stdout.split() == ["False", "True"]
