"""``IAMMock.load``: real IAM from an authorization-details export or Terraform, through the API's rules.

Sources: "GetAccountAuthorizationDetails" (IAM API Reference; policies URL-encoded per RFC 3986 in the
raw API), "get-account-authorization-details" (AWS CLI Command Reference; pages merged), and
"JSON Output Format" (Terraform CLI documentation: ``planned_values``, ``resource_changes[].change.
after_unknown``, ``configuration`` expressions with ``references``, ``values`` of a state).
"""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest
from tests.helpers import aws_error, client_for
from tests.robustness import invariants

import iammock
from iammock import LoadError, mock_iam

DATA = Path(__file__).parent / "data"
EXPORT = DATA / "authorization_details.json"
RAW_PAGES = DATA / "authorization_details_raw_pages.json"
PLAN = DATA / "terraform_plan.json"
STATE = DATA / "terraform_state.json"
ACCOUNT = "444455556666"


def _iam(aws: iammock.IAMMock, account: str = ACCOUNT) -> Any:
    return aws.session(account).client("iam")


def _details(iam: Any) -> dict[str, Any]:
    """The account's authorization details, pages merged, as JSON text would carry them."""
    out: dict[str, list[Any]] = {
        "UserDetailList": [],
        "GroupDetailList": [],
        "RoleDetailList": [],
        "Policies": [],
    }
    for page in iam.get_paginator("get_account_authorization_details").paginate(
        Filter=["User", "Role", "Group", "LocalManagedPolicy"]
    ):
        for key in out:
            out[key].extend(page.get(key, []))
    return json.loads(json.dumps(out, default=str))


def test_export_loads_every_entity_with_its_ids_versions_and_documents() -> None:
    exported = json.loads(EXPORT.read_text())
    with mock_iam() as aws:
        loaded = aws.load(EXPORT)
        iam = _iam(aws)
        assert loaded.account_id == ACCOUNT
        assert len(loaded.users) == 6 and len(loaded.roles) == 6 and len(loaded.groups) == 4
        assert len(loaded.policies) == 5 and loaded.instance_profiles == (
            f"arn:aws:iam::{ACCOUNT}:instance-profile/batch-worker",
        )
        details = _details(iam)
        invariants.check(aws.backend)
    # What the account reports is what the export says, entity by entity.
    for kind, name_key, id_key in (
        ("UserDetailList", "UserName", "UserId"),
        ("GroupDetailList", "GroupName", "GroupId"),
        ("RoleDetailList", "RoleName", "RoleId"),
    ):
        want = {e[name_key]: e for e in exported[kind]}
        got = {e[name_key]: e for e in details[kind]}
        assert set(got) == set(want)
        for name, entity in want.items():
            assert got[name][id_key] == entity[id_key]
            assert got[name]["Arn"] == entity["Arn"]
            assert got[name]["CreateDate"].startswith("2023-03-14 09:26:53")
            for listed in ("AttachedManagedPolicies", "GroupList"):
                # The mock's CreateServiceLinkedRole attaches no service policy (left as it is).
                if listed in entity and not entity["Path"].startswith("/aws-service-role/"):
                    assert sorted(map(str, got[name][listed])) == sorted(map(str, entity[listed])), name
    roles = {r["RoleName"]: r for r in details["RoleDetailList"]}
    assert (
        roles["deploy"]["AssumeRolePolicyDocument"]
        == exported["RoleDetailList"][0]["AssumeRolePolicyDocument"]
    )
    assert roles["vendor-readonly"]["PermissionsBoundary"]["PermissionsBoundaryArn"].endswith(
        "policy/boundaries/developer-boundary"
    )
    policies = {p["PolicyName"]: p for p in details["Policies"]}
    orders = policies["orders-api-data"]
    assert orders["DefaultVersionId"] == "v5"
    assert sorted(v["VersionId"] for v in orders["PolicyVersionList"]) == ["v1", "v2", "v5"]
    deploy = policies["deploy-artifacts"]
    assert deploy["DefaultVersionId"] == "v4" and deploy["Description"].startswith("What the deploy role")


def test_a_loaded_account_answers_as_aws_would() -> None:
    """Identity policies, groups, boundaries, explicit denies and trust policies all count."""
    with mock_iam() as aws:
        aws.load(EXPORT)
        arn = f"arn:aws:iam::{ACCOUNT}"

        def allowed(principal: str, action: str, resource: str) -> bool:
            return aws.authorize(f"{arn}:{principal}", action, resource).allowed

        assert allowed("role/ci/deploy", "s3:PutObject", "arn:aws:s3:::acme-artifacts/app.zip")
        assert not allowed("role/ci/deploy", "s3:PutObject", "arn:aws:s3:::acme-prod-data/x")
        # The boundary caps alice (developers' ReadOnlyAccess allows the read, the boundary does not).
        assert allowed(
            "user/alice", "logs:GetLogEvents", f"arn:aws:logs:eu-west-1:{ACCOUNT}:log-group:/app/web"
        )
        assert not allowed("user/alice", "ec2:DescribeInstances", "*")
        assert allowed("user/carol", "iam:GetAccountAuthorizationDetails", "*")  # SecurityAudit
        # v5 of orders-api-data is the default: its index statement is in force.
        assert allowed(
            "role/service-role/orders-api",
            "dynamodb:Query",
            f"arn:aws:dynamodb:eu-west-1:{ACCOUNT}:table/orders/index/by-date",
        )
        # The deploy role trusts the ci-legacy user, and nobody else.
        ci = client_for("sts", _iam(aws).create_access_key(UserName="ci-legacy")["AccessKey"])
        ci.assume_role(RoleArn=f"{arn}:role/ci/deploy", RoleSessionName="deploy")
        bob = client_for("sts", _iam(aws).create_access_key(UserName="bob")["AccessKey"])
        with aws_error("AccessDenied", 403):
            bob.assume_role(RoleArn=f"{arn}:role/ci/deploy", RoleSessionName="deploy")
        # The vendor's role needs its external ID.
        vendor = aws.session("999988887777").client("iam")
        vendor.create_user(UserName="integrator")
        vendor.put_user_policy(
            UserName="integrator",
            PolicyName="assume",
            PolicyDocument=json.dumps(
                {
                    "Version": "2012-10-17",
                    "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": "*"}],
                }
            ),
        )
        integrator = "arn:aws:iam::999988887777:user/integrator"
        assert not aws.authorize(integrator, "sts:AssumeRole", f"{arn}:role/vendor-readonly").allowed
        assert aws.authorize(
            integrator, "sts:AssumeRole", f"{arn}:role/vendor-readonly", {"sts:ExternalId": "vendor-7731"}
        ).allowed


def test_who_can_answers_from_a_loaded_export_and_a_loaded_plan() -> None:
    """Only the prod-data-admin role may delete the production bucket: the deploy role's explicit
    Deny (deny-prod-delete) and every boundary hold; a Terraform plan's roles answer as well."""
    with mock_iam() as aws:
        aws.load(EXPORT)
        aws.load(PLAN, account_id="210987654321")
        allowed = [a.principal for a in aws.who_can("s3:DeleteBucket", "arn:aws:s3:::acme-prod-data")]
        assert allowed == [f"arn:aws:iam::{ACCOUNT}:role/prod-data-admin"]
        writers = [a.principal for a in aws.who_can("s3:PutObject", "arn:aws:s3:::acme-artifacts/app.zip")]
        assert writers == [
            "arn:aws:iam::210987654321:role/ci/deploy",
            f"arn:aws:iam::{ACCOUNT}:role/ci/deploy",
            f"arn:aws:iam::{ACCOUNT}:user/service-accounts/ci-legacy",
        ]


def test_raw_api_pages_with_url_encoded_documents_load_the_same_account() -> None:
    with mock_iam() as aws:
        aws.load(EXPORT)
        from_cli = _details(_iam(aws))
    with mock_iam() as aws:
        aws.load(RAW_PAGES)
        from_raw = _details(_iam(aws))
    assert from_raw == from_cli


def test_an_account_exported_from_a_mock_loads_into_another_unchanged() -> None:
    """The round trip: get-account-authorization-details output is exactly what load takes."""
    with mock_iam() as aws:
        aws.load(EXPORT)
        first = _details(_iam(aws))
    with mock_iam() as aws:
        aws.load(first)
        assert _details(_iam(aws)) == first


def test_a_malformed_document_fails_the_load_naming_the_entity_and_loads_nothing() -> None:
    broken = json.loads(EXPORT.read_text())
    role = next(r for r in broken["RoleDetailList"] if r["RoleName"] == "prod-data-admin")
    role["RolePolicyList"][0]["PolicyDocument"]["Statement"][0].pop("Resource")
    with mock_iam() as aws:
        before = aws.backend.snapshot()
        with pytest.raises(LoadError) as failed:
            aws.load(broken)
        assert str(failed.value) == (
            "role prod-data-admin inline policy admin: MalformedPolicyDocument: "
            "Policy statement must contain resources."
        )
        invariants.assert_same_state(before, aws.backend.snapshot(), "a failed load")
        assert _iam(aws).list_roles()["Roles"] == []


def test_a_reference_to_a_policy_that_does_not_exist_fails_late_and_still_loads_nothing() -> None:
    """The last role's attachment fails after every other entity was created in the trial run."""
    broken = json.loads(EXPORT.read_text())
    broken["RoleDetailList"][-2]["AttachedManagedPolicies"].append(
        {"PolicyName": "NoSuchPolicy", "PolicyArn": "arn:aws:iam::aws:policy/NoSuchPolicy"}
    )
    with mock_iam() as aws:
        iam = _iam(aws)
        iam.create_user(UserName="existing")
        before = aws.backend.snapshot()
        with pytest.raises(
            LoadError,
            match=r"^role vendor-readonly: NoSuchEntity: Policy arn:aws:iam::aws:policy/NoSuchPolicy",
        ):
            aws.load(broken)
        invariants.assert_same_state(before, aws.backend.snapshot(), "a failed load")


def test_loading_an_entity_that_exists_fails_with_aws_error() -> None:
    with mock_iam() as aws:
        _iam(aws).create_group(GroupName="oncall")
        with pytest.raises(
            LoadError, match=r"^group oncall: EntityAlreadyExists: Group with name oncall already exists\."
        ):
            aws.load(EXPORT)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ({"Users": []}, "neither an authorization-details export"),
        ('{"UserDetailList": 3}', "UserDetailList: expected a list"),
        ("[1, 2]", "neither an authorization-details export"),
        ("{not json", "not JSON"),
        (DATA / "missing.json", "cannot be read"),
        ({"RoleDetailList": [{"RoleName": "r", "Path": "/"}]}, "role r: AssumeRolePolicyDocument is missing"),
        (
            {"RoleDetailList": [{"RoleName": "r b", "Path": "/", "AssumeRolePolicyDocument": "{}"}]},
            "role r b: ValidationError: 1 validation error detected: Value 'r b' at 'roleName'",
        ),
    ],
)
def test_sources_that_are_not_iam_fail_clearly(source: Any, message: str) -> None:
    with mock_iam() as aws:
        with pytest.raises(LoadError, match=message.replace("(", r"\(")):
            aws.load(source)
        assert _iam(aws, aws.account_id).list_roles()["Roles"] == []


def test_load_into_another_account_moves_the_account_own_policy_references() -> None:
    with mock_iam() as aws:
        loaded = aws.load(EXPORT, account_id="123412341234")
        assert loaded.account_id == "123412341234"
        iam = _iam(aws, "123412341234")
        attached = iam.list_attached_role_policies(RoleName="deploy", PathPrefix="/")["AttachedPolicies"]
        assert {p["PolicyArn"] for p in attached} == {
            "arn:aws:iam::123412341234:policy/ci/deploy-artifacts",
            "arn:aws:iam::123412341234:policy/deny-prod-delete",
        }
        assert _iam(aws, ACCOUNT).list_roles()["Roles"] == []


# -- Terraform --------------------------------------------------------------------------------------


def test_a_terraform_plan_loads_what_apply_would_create() -> None:
    with mock_iam() as aws:
        loaded = aws.load(PLAN, account_id="210987654321")
        iam = _iam(aws, "210987654321")
        assert sorted(r["RoleName"] for r in iam.list_roles()["Roles"]) == ["deploy", "orders-api"]
        deploy = iam.get_role(RoleName="deploy")["Role"]
        assert deploy["Path"] == "/ci/" and deploy["MaxSessionDuration"] == 7200
        assert deploy["Tags"] == [{"Key": "purpose", "Value": "deploy"}]
        # policy_arn = aws_iam_policy.deploy.arn is known only after apply: the configuration's
        # reference names the policy the load creates.
        assert {
            p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName="deploy")["AttachedPolicies"]
        } == {
            "arn:aws:iam::210987654321:policy/ci/deploy-artifacts",
            "arn:aws:iam::aws:policy/ReadOnlyAccess",
        }
        # In a module, role = aws_iam_role.this.id (the role's name once applied).
        assert iam.list_role_policies(RoleName="orders-api")["PolicyNames"] == ["orders-table"]
        assert [u["UserName"] for u in iam.get_group(GroupName="developers")["Users"]] == ["alice"]
        assert iam.list_attached_group_policies(GroupName="developers")["AttachedPolicies"][0][
            "PolicyName"
        ] == ("read-app-logs")
        # What only apply knows is reported by address, not guessed; what depends on it is left out.
        assert loaded.unresolved == (
            "aws_iam_role.worker: name is known only after apply",
            "aws_iam_instance_profile.worker: role is known only after apply"
            " (aws_iam_role.worker.name, not loaded)",
            "aws_iam_role_policy.worker_queue: role is known only after apply"
            " (aws_iam_role.worker.name, not loaded)",
        )
        assert loaded.skipped == ("aws_iam_access_key.ci: iammock does not load aws_iam_access_key",)
        assert iam.list_instance_profiles()["InstanceProfiles"] == []
        arn = "arn:aws:iam::210987654321"
        assert aws.authorize(f"{arn}:role/ci/deploy", "s3:PutObject", "arn:aws:s3:::acme-artifacts/a").allowed
        assert not aws.authorize(
            f"{arn}:role/ci/deploy", "s3:DeleteBucket", "arn:aws:s3:::acme-artifacts"
        ).allowed
        assert aws.authorize(
            f"{arn}:user/service-accounts/ci", "sts:AssumeRole", f"{arn}:role/ci/deploy"
        ).allowed


def test_a_terraform_state_loads_with_its_ids() -> None:
    with mock_iam() as aws:
        loaded = aws.load(STATE)
        assert loaded.account_id == "777788889999"
        role = _iam(aws, "777788889999").get_role(RoleName="app")["Role"]
        assert role["RoleId"] == "AROA3XKQ2ZV7MW5PLD4QX"
        assert role["Tags"] == [{"Key": "service", "Value": "app"}]
        assert aws.authorize(role["Arn"], "s3:GetObject", "arn:aws:s3:::app-data/k").allowed


def test_a_terraform_plan_with_an_invalid_policy_loads_nothing() -> None:
    plan = json.loads(PLAN.read_text())
    broken = copy.deepcopy(plan)
    for resource in broken["planned_values"]["root_module"]["resources"]:
        if resource["address"] == "aws_iam_policy.read_logs":
            resource["values"]["policy"] = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow"}]}'
    with mock_iam() as aws:
        with pytest.raises(LoadError, match=r"^aws_iam_policy.read_logs: MalformedPolicyDocument: "):
            aws.load(broken, account_id="210987654321")
        assert _iam(aws, "210987654321").list_policies(Scope="Local")["Policies"] == []


# -- the marker -------------------------------------------------------------------------------------


@pytest.mark.iammock(load=["data/authorization_details.json", "data/terraform_state.json"])
def test_the_marker_loads_before_the_test(iam_mock: iammock.IAMMock) -> None:
    assert _iam(iam_mock).get_user(UserName="alice")["User"]["Path"] == "/"
    assert _iam(iam_mock, "777788889999").get_role(RoleName="app")["Role"]["Path"] == "/"


# -- quotas -----------------------------------------------------------------------------------------


def _roles(count: int, attached: int = 0) -> dict[str, Any]:
    trust = {
        "Version": "2012-10-17",
        "Statement": [
            {"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}
        ],
    }
    return {
        "RoleDetailList": [
            {
                "RoleName": f"r{i}",
                "Path": "/",
                "Arn": f"arn:aws:iam::{ACCOUNT}:role/r{i}",
                "AssumeRolePolicyDocument": trust,
                "AttachedManagedPolicies": [
                    {"PolicyName": p, "PolicyArn": f"arn:aws:iam::aws:policy/{p}"}
                    for p in _AWS_MANAGED[:attached]
                ],
            }
            for i in range(count)
        ]
    }


# Attachable AWS managed policies at path "/" (the mock's copies of AWS's).
_AWS_MANAGED = [
    *("ReadOnlyAccess", "SecurityAudit", "AmazonS3ReadOnlyAccess", "AmazonEC2ReadOnlyAccess"),
    *("AmazonDynamoDBReadOnlyAccess", "AmazonSQSReadOnlyAccess", "AmazonSNSReadOnlyAccess"),
    *("AWSLambda_ReadOnlyAccess", "CloudWatchReadOnlyAccess", "AmazonRDSReadOnlyAccess"),
    *("AmazonVPCReadOnlyAccess", "IAMReadOnlyAccess", "AmazonRoute53ReadOnlyAccess"),
    *("AmazonKinesisReadOnlyAccess", "AWSCloudFormationReadOnlyAccess", "AmazonECS_FullAccess"),
    *("AmazonS3FullAccess", "AmazonSQSFullAccess", "AmazonSNSFullAccess", "AmazonDynamoDBFullAccess"),
    *("AmazonEC2ContainerRegistryReadOnly", "AmazonElastiCacheReadOnlyAccess"),
]


def test_an_export_larger_than_the_default_quotas_raises_them_as_its_account_had() -> None:
    """AWS: 1,000 roles and 10 managed policies per role by default, up to 5,000 and 20 on request."""
    with mock_iam() as aws:
        loaded = aws.load(_roles(1001, attached=12))
        assert loaded.raised_quotas == (
            "RolesQuota: 1000 -> 1001",
            "AttachedPoliciesPerRoleQuota: 10 -> 12",
        )
        summary = _iam(aws).get_account_summary()["SummaryMap"]
        assert summary["Roles"] == 1001 and summary["RolesQuota"] == 1001
        assert summary["AttachedPoliciesPerRoleQuota"] == 12
        # The raised quota holds for the API too, and no further.
        iam = _iam(aws)
        extra = f"arn:aws:iam::aws:policy/{_AWS_MANAGED[12]}"
        with pytest.raises(iam.exceptions.LimitExceededException, match="PoliciesPerRole: 12"):
            iam.attach_role_policy(RoleName="r0", PolicyArn=extra)
        iam.detach_role_policy(RoleName="r0", PolicyArn=f"arn:aws:iam::aws:policy/{_AWS_MANAGED[0]}")
        iam.attach_role_policy(RoleName="r0", PolicyArn=extra)


def test_beyond_what_aws_grants_the_load_fails_with_aws_limit() -> None:
    with mock_iam() as aws:
        with pytest.raises(
            LoadError, match=r"^role r0: LimitExceeded: Cannot exceed quota for PoliciesPerRole: 20$"
        ):
            aws.load(_roles(1, attached=21))
        assert _iam(aws).get_account_summary()["SummaryMap"]["AttachedPoliciesPerRoleQuota"] == 10


def test_raise_quota_is_an_approved_increase() -> None:
    with mock_iam() as aws:
        aws.raise_quota("GroupsQuota", 500)
        assert _iam(aws, aws.account_id).get_account_summary()["SummaryMap"]["GroupsQuota"] == 500
        with pytest.raises(ValueError, match="UsersQuota cannot be increased"):
            aws.raise_quota("UsersQuota", 6000)
        with pytest.raises(ValueError, match="GroupsQuota can be set from 300 to 500, not 501"):
            aws.raise_quota("GroupsQuota", 501)
