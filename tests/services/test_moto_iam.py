"""One IAM for iammock and moto: moto's services read (and write) iammock's IAM entities.

Each test runs in both start orders. The entities are created through iammock (boto3's IAM client,
answered by iammock) and used by services moto runs: AWS checks that a role or instance profile passed
to a service exists (Lambda "The role defined for the function cannot be assumed by Lambda", EC2
``Invalid IAM Instance Profile``; https://docs.aws.amazon.com/lambda/latest/dg/lambda-intro-execution-role.html,
https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/iam-roles-for-amazon-ec2.html).
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from moto import mock_aws
from tests.iam.crypto_helpers import certificate, pem_certificate, pem_private, rsa_key

from iammock import IAMMock, mock_iam

BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
AMI = "ami-12c6146b"  # one of moto's AMIs
# EC2 refuses an unknown instance profile with InvalidParameterValue ("Invalid IAM Instance Profile
# name"); moto 5.2.5 passes on IAM's NoSuchEntity instead. Either shows the profile was not found.
PROFILE_NOT_FOUND = {"InvalidParameterValue", "NoSuchEntity"}

# Services iammock has no IAM mapping for (SES, Batch, ELBv2, Organizations …) are authorized as
# ``prefix:Operation``; the warning saying so is not what these tests are about.
pytestmark = pytest.mark.filterwarnings("ignore::iammock.UnmappedOperationWarning")


def trust(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Principal": {"Service": service}, "Action": "sts:AssumeRole"}],
        }
    )


@pytest.fixture(params=["iammock-first", "moto-first"])
def aws(request: pytest.FixtureRequest) -> Iterator[IAMMock]:
    """iammock and moto (docker-free Lambda: no docker here), started in either order."""
    moto = mock_aws(config={"lambda": {"use_docker": False}})
    with ExitStack() as stack:
        if request.param == "iammock-first":
            mock = stack.enter_context(mock_iam())
            stack.enter_context(moto)
        else:
            stack.enter_context(moto)
            mock = stack.enter_context(mock_iam())
        yield mock


def iam() -> Any:
    return boto3.client("iam", region_name="us-east-1")


def client(service: str) -> Any:
    return boto3.client(service, region_name="us-east-1")


def function_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("handler.py", "def handler(event, context):\n    return event\n")
    return buffer.getvalue()


def execution_role(name: str = "fn-role") -> str:
    arn: str = iam().create_role(RoleName=name, AssumeRolePolicyDocument=trust("lambda.amazonaws.com"))[
        "Role"
    ]["Arn"]
    iam().attach_role_policy(RoleName=name, PolicyArn=BASIC_EXECUTION)
    return arn


# -- reads -------------------------------------------------------------------------------------------


def test_lambda_creates_and_invokes_a_function_with_an_iammock_role(aws: IAMMock) -> None:
    role = execution_role()
    lam = client("lambda")
    fn = lam.create_function(
        FunctionName="echo",
        Runtime="python3.12",
        Role=role,
        Handler="handler.handler",
        Code={"ZipFile": function_zip()},
    )
    assert fn["Role"] == role
    answer = lam.invoke(FunctionName="echo", Payload=b'{"hello": "world"}')
    assert answer["StatusCode"] == 200
    assert json.loads(answer["Payload"].read()) == {"hello": "world"}


def test_lambda_refuses_a_role_deleted_in_iammock(aws: IAMMock) -> None:
    role = execution_role()
    lam = client("lambda")
    code = {"ZipFile": function_zip()}
    lam.create_function(
        FunctionName="before", Runtime="python3.12", Role=role, Handler="handler.handler", Code=code
    )
    iam().detach_role_policy(RoleName="fn-role", PolicyArn=BASIC_EXECUTION)
    iam().delete_role(RoleName="fn-role")
    with pytest.raises(ClientError) as excinfo:
        lam.create_function(
            FunctionName="after", Runtime="python3.12", Role=role, Handler="handler.handler", Code=code
        )
    assert excinfo.value.response["Error"]["Code"] == "InvalidParameterValueException"
    assert "cannot be assumed by Lambda" in excinfo.value.response["Error"]["Message"]


def instance_profile(name: str = "web") -> str:
    iam().create_role(RoleName=f"{name}-role", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
    arn: str = iam().create_instance_profile(InstanceProfileName=name)["InstanceProfile"]["Arn"]
    iam().add_role_to_instance_profile(InstanceProfileName=name, RoleName=f"{name}-role")
    return arn


@pytest.mark.parametrize("by", ["Name", "Arn"])
def test_ec2_runs_an_instance_with_an_iammock_instance_profile(aws: IAMMock, by: str) -> None:
    arn = instance_profile()
    ec2 = client("ec2")
    given = {"Name": "web"} if by == "Name" else {"Arn": arn}
    instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, IamInstanceProfile=given)["Instances"][
        0
    ]
    assert instance["IamInstanceProfile"]["Arn"] == arn


@pytest.mark.parametrize("by", ["Name", "Arn"])
def test_ec2_associates_an_iammock_instance_profile(aws: IAMMock, by: str) -> None:
    arn = instance_profile()
    profile_id = iam().get_instance_profile(InstanceProfileName="web")["InstanceProfile"]["InstanceProfileId"]
    ec2 = client("ec2")
    instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1)["Instances"][0]
    given = {"Name": "web"} if by == "Name" else {"Arn": arn}
    association = ec2.associate_iam_instance_profile(
        InstanceId=instance["InstanceId"], IamInstanceProfile=given
    )
    assert association["IamInstanceProfileAssociation"]["IamInstanceProfile"] == {
        "Arn": arn,
        "Id": profile_id,
    }
    described = ec2.describe_iam_instance_profile_associations()["IamInstanceProfileAssociations"]
    assert [a["IamInstanceProfile"]["Arn"] for a in described] == [arn]


def test_ec2_does_not_find_a_profile_deleted_in_iammock(aws: IAMMock) -> None:
    instance_profile()
    ec2 = client("ec2")
    ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "web"})
    iam().remove_role_from_instance_profile(InstanceProfileName="web", RoleName="web-role")
    iam().delete_instance_profile(InstanceProfileName="web")
    instance = ec2.run_instances(ImageId=AMI, MinCount=1, MaxCount=1)["Instances"][0]
    with pytest.raises(ClientError) as excinfo:
        ec2.associate_iam_instance_profile(
            InstanceId=instance["InstanceId"], IamInstanceProfile={"Name": "web"}
        )
    assert excinfo.value.response["Error"]["Code"] in PROFILE_NOT_FOUND


def test_ec2_in_another_partition_reads_that_partitions_iam() -> None:
    """An account lives in one partition (https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html):
    moto's EC2 in cn-north-1 finds the profile in the aws-cn account, with its aws-cn ARN."""
    with mock_iam(region_name="cn-north-1") as mock, mock_aws():
        cn_iam = boto3.client("iam", region_name="cn-north-1")
        cn_iam.create_role(RoleName="web-role", AssumeRolePolicyDocument=trust("ec2.amazonaws.com.cn"))
        arn = cn_iam.create_instance_profile(InstanceProfileName="web")["InstanceProfile"]["Arn"]
        assert arn.startswith("arn:aws-cn:iam::")
        ec2 = boto3.client("ec2", region_name="cn-north-1")
        image = ec2.describe_images()["Images"][0]["ImageId"]
        instance = ec2.run_instances(ImageId=image, MinCount=1, MaxCount=1, IamInstanceProfile={"Arn": arn})
        assert instance["Instances"][0]["IamInstanceProfile"]["Arn"] == arn
        # An account of the aws partition has no such profile.
        other = mock.session("111122223333", region_name="us-east-1").client("ec2")
        with pytest.raises(ClientError) as excinfo:
            other.run_instances(ImageId=AMI, MinCount=1, MaxCount=1, IamInstanceProfile={"Name": "web"})
        assert excinfo.value.response["Error"]["Code"] in PROFILE_NOT_FOUND


def test_batch_creates_a_compute_environment_with_iammock_roles(aws: IAMMock) -> None:
    service_role = iam().create_role(
        RoleName="batch-service", AssumeRolePolicyDocument=trust("batch.amazonaws.com")
    )["Role"]["Arn"]
    profile = instance_profile("batch-instance")
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnet = ec2.create_subnet(VpcId=vpc, CidrBlock="10.0.0.0/24")["Subnet"]["SubnetId"]
    group = ec2.create_security_group(GroupName="batch", Description="batch", VpcId=vpc)["GroupId"]
    batch = client("batch")
    unmanaged = batch.create_compute_environment(
        computeEnvironmentName="unmanaged", type="UNMANAGED", serviceRole=service_role
    )
    managed = batch.create_compute_environment(
        computeEnvironmentName="managed",
        type="MANAGED",
        serviceRole=service_role,
        computeResources={
            "type": "EC2",
            "minvCpus": 0,
            "maxvCpus": 4,
            "instanceTypes": ["t2.micro"],
            "subnets": [subnet],
            "securityGroupIds": [group],
            "instanceRole": profile,
        },
    )
    names = {
        e["computeEnvironmentName"]: e["serviceRole"]
        for e in batch.describe_compute_environments()["computeEnvironments"]
    }
    assert names == {"unmanaged": service_role, "managed": service_role}
    assert unmanaged["computeEnvironmentArn"] != managed["computeEnvironmentArn"]


def pipeline(role_arn: str) -> dict[str, Any]:
    return {
        "name": "deploy",
        "roleArn": role_arn,
        "artifactStore": {"type": "S3", "location": "artifacts"},
        "stages": [
            {
                "name": "Source",
                "actions": [
                    {
                        "name": "Source",
                        "actionTypeId": {
                            "category": "Source",
                            "owner": "AWS",
                            "provider": "S3",
                            "version": "1",
                        },
                        "configuration": {"S3Bucket": "artifacts", "S3ObjectKey": "app.zip"},
                        "outputArtifacts": [{"name": "app"}],
                    }
                ],
            },
            {
                "name": "Deploy",
                "actions": [
                    {
                        "name": "Deploy",
                        "actionTypeId": {
                            "category": "Deploy",
                            "owner": "AWS",
                            "provider": "S3",
                            "version": "1",
                        },
                        "configuration": {"BucketName": "site", "Extract": "true"},
                        "inputArtifacts": [{"name": "app"}],
                    }
                ],
            },
        ],
    }


def test_codepipeline_creates_a_pipeline_with_an_iammock_role(aws: IAMMock) -> None:
    role = iam().create_role(
        RoleName="pipeline", AssumeRolePolicyDocument=trust("codepipeline.amazonaws.com")
    )["Role"]["Arn"]
    created = client("codepipeline").create_pipeline(pipeline=pipeline(role))
    assert created["pipeline"]["roleArn"] == role
    # A role CodePipeline may not assume is refused (moto reads the trust policy from iammock).
    other = iam().create_role(RoleName="not-pipeline", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))[
        "Role"
    ]["Arn"]
    with pytest.raises(ClientError) as excinfo:
        client("codepipeline").create_pipeline(pipeline={**pipeline(other), "name": "other"})
    assert excinfo.value.response["Error"]["Code"] == "InvalidStructureException"


def test_ses_receipt_rule_with_an_s3_action_and_an_iammock_role(aws: IAMMock) -> None:
    role = iam().create_role(RoleName="ses-s3", AssumeRolePolicyDocument=trust("ses.amazonaws.com"))["Role"][
        "Arn"
    ]
    client("s3").create_bucket(Bucket="mail")
    ses = client("ses")
    ses.create_receipt_rule_set(RuleSetName="inbound")
    rule = {
        "Name": "store",
        "Enabled": True,
        "Actions": [{"S3Action": {"BucketName": "mail", "IamRoleArn": role}}],
    }
    ses.create_receipt_rule(RuleSetName="inbound", Rule=rule)
    described = ses.describe_receipt_rule(RuleSetName="inbound", RuleName="store")["Rule"]
    assert described["Actions"][0]["S3Action"]["IamRoleArn"] == role
    missing = {**rule, "Name": "other"}
    missing["Actions"] = [{"S3Action": {"BucketName": "mail", "IamRoleArn": role.replace("ses-s3", "gone")}}]
    with pytest.raises(ClientError) as excinfo:
        ses.create_receipt_rule(RuleSetName="inbound", Rule=missing)
    assert "Could not assume the provided IAM role" in excinfo.value.response["Error"]["Message"]


def test_elbv2_https_listener_with_an_iammock_server_certificate(aws: IAMMock) -> None:
    key = rsa_key(0)
    cert_arn = iam().upload_server_certificate(
        ServerCertificateName="site",
        CertificateBody=pem_certificate(certificate(key, "site.example.com")),
        PrivateKey=pem_private(key),
    )["ServerCertificateMetadata"]["Arn"]
    ec2 = client("ec2")
    vpc = ec2.create_vpc(CidrBlock="10.0.0.0/16")["Vpc"]["VpcId"]
    subnets = [
        ec2.create_subnet(VpcId=vpc, CidrBlock=f"10.0.{i}.0/24", AvailabilityZone=f"us-east-1{zone}")[
            "Subnet"
        ]["SubnetId"]
        for i, zone in enumerate("ab")
    ]
    elb = client("elbv2")
    balancer = elb.create_load_balancer(Name="web", Subnets=subnets)["LoadBalancers"][0]["LoadBalancerArn"]
    group = elb.create_target_group(Name="web", Protocol="HTTP", Port=80, VpcId=vpc)["TargetGroups"][0][
        "TargetGroupArn"
    ]
    listener = elb.create_listener(
        LoadBalancerArn=balancer,
        Protocol="HTTP",
        Port=443,
        DefaultActions=[{"Type": "forward", "TargetGroupArn": group}],
    )["Listeners"][0]["ListenerArn"]
    # moto checks the certificate (in ACM, then IAM) when a listener becomes HTTPS.
    https = elb.modify_listener(
        ListenerArn=listener, Protocol="HTTPS", Certificates=[{"CertificateArn": cert_arn}]
    )
    assert https["Listeners"][0]["Certificates"] == [{"CertificateArn": cert_arn}]
    iam().delete_server_certificate(ServerCertificateName="site")
    with pytest.raises(ClientError) as excinfo:
        elb.modify_listener(
            ListenerArn=listener, Protocol="HTTPS", Certificates=[{"CertificateArn": cert_arn}]
        )
    assert excinfo.value.response["Error"]["Code"] == "CertificateNotFound"


def test_aws_config_discovers_iammock_roles_and_policies(aws: IAMMock) -> None:
    """AWS Config records IAM roles and customer managed policies
    (https://docs.aws.amazon.com/config/latest/developerguide/resource-config-reference.html)."""
    role = iam().create_role(RoleName="audited", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))["Role"]
    document = {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}],
    }
    policy = iam().create_policy(PolicyName="audited", PolicyDocument=json.dumps(document))["Policy"]
    iam().attach_role_policy(RoleName="audited", PolicyArn=policy["Arn"])
    config = client("config")
    roles = config.list_discovered_resources(resourceType="AWS::IAM::Role")["resourceIdentifiers"]
    assert [(r["resourceId"], r["resourceName"]) for r in roles] == [(role["RoleId"], "audited")]
    item = config.get_resource_config_history(resourceType="AWS::IAM::Role", resourceId=role["RoleId"])[
        "configurationItems"
    ][0]
    recorded = json.loads(item["configuration"])
    assert recorded["arn"] == role["Arn"]
    assert recorded["attachedManagedPolicies"] == [{"policyArn": policy["Arn"], "policyName": "audited"}]
    policies = config.list_discovered_resources(resourceType="AWS::IAM::Policy")["resourceIdentifiers"]
    assert [(p["resourceId"], p["resourceName"]) for p in policies] == [(policy["PolicyId"], "audited")]


# -- writes ------------------------------------------------------------------------------------------


def test_a_role_moto_creates_lands_in_iammock(aws: IAMMock) -> None:
    """Organizations' CreateAccount creates OrganizationAccountAccessRole in the new account
    (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_accounts_create-cross-account-role.html):
    moto writes it through its IAM backend, so it is iammock's, with iammock's IDs and ARNs."""
    org = client("organizations")
    org.create_organization(FeatureSet="ALL")
    status = org.create_account(Email="member@example.com", AccountName="member")["CreateAccountStatus"]
    member = status["AccountId"]
    roles = aws.session(member).client("iam").list_roles()["Roles"]
    assert [(r["RoleName"], r["Arn"], r["Path"]) for r in roles] == [
        ("OrganizationAccountAccessRole", f"arn:aws:iam::{member}:role/OrganizationAccountAccessRole", "/")
    ]
    assert roles[0]["RoleId"].startswith("AROA")
    # On the trail, as a call of the member account's root.
    created = [e["userIdentity"]["arn"] for e in aws.trail.events() if e["eventName"] == "CreateRole"]
    assert f"arn:aws:iam::{member}:root" in created


def test_moto_reads_the_account_from_iammock_keys(aws: IAMMock) -> None:
    """Without enforcement (no account header from iammock) moto finds the caller's account from its
    access key, in iammock's state: a user's key and a role session's key of another account."""
    aws.enforce_services = False
    from moto.s3.models import s3_backends

    other = aws.session("444455556666")
    other.client("s3", region_name="us-east-1").create_bucket(Bucket="root-bucket")
    assert "root-bucket" in s3_backends["444455556666"]["aws"].buckets
    role = other.client("iam").create_role(
        RoleName="app",
        AssumeRolePolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {"Effect": "Allow", "Principal": {"AWS": "444455556666"}, "Action": "sts:AssumeRole"}
                ],
            }
        ),
    )["Role"]["Arn"]
    other_iam = other.client("iam")
    other_iam.create_user(UserName="dev")
    other_iam.put_user_policy(
        UserName="dev",
        PolicyName="assume",
        PolicyDocument=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Resource": role}],
            }
        ),
    )
    key = other_iam.create_access_key(UserName="dev")["AccessKey"]
    dev = boto3.client(
        "sts", aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"]
    )
    credentials = dev.assume_role(RoleArn=role, RoleSessionName="app-session")["Credentials"]
    session = boto3.client(
        "s3",
        region_name="us-east-1",
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials["SessionToken"],
    )
    session.create_bucket(Bucket="session-bucket")
    assert "session-bucket" in s3_backends["444455556666"]["aws"].buckets


# -- lifecycle ---------------------------------------------------------------------------------------


def moto_roles() -> list[str]:
    """The role names moto's IAM backend of the default account holds, as moto's services see them."""
    from moto.iam.models import iam_backends

    return sorted(r.name for r in iam_backends["123456789012"]["aws"].roles.values())


def test_moto_own_iam_returns_when_iammock_stops() -> None:
    with mock_aws():
        client("iam").create_role(RoleName="motos", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
        with mock_iam():
            iam().create_role(RoleName="iammocks", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
            assert moto_roles() == ["iammocks"]
        assert moto_roles() == ["motos"]
        # moto alone again: its Lambda takes its own role, and no longer iammock's.
        lam = client("lambda")
        code = {"ZipFile": function_zip()}
        motos = "arn:aws:iam::123456789012:role/motos"
        lam.create_function(
            FunctionName="f", Runtime="python3.12", Role=motos, Handler="handler.handler", Code=code
        )
        with pytest.raises(ClientError):
            lam.create_function(
                FunctionName="g",
                Runtime="python3.12",
                Role=motos.replace("motos", "iammocks"),
                Handler="h.h",
                Code=code,
            )
    from moto.iam.models import iam_backends

    assert type(iam_backends).__name__ == "BackendDict"


def test_nested_mocks_each_see_their_own_state() -> None:
    with mock_iam(), mock_aws():
        iam().create_role(RoleName="outer", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
        with mock_iam():
            assert moto_roles() == []
            iam().create_role(RoleName="inner", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
            assert moto_roles() == ["inner"]
        assert moto_roles() == ["outer"]


def test_moto_restarted_inside_iammock_still_reads_it() -> None:
    with mock_iam():
        iam().create_role(RoleName="kept", AssumeRolePolicyDocument=trust("ec2.amazonaws.com"))
        for _ in range(2):
            with mock_aws():  # moto resets its backends on start and stop
                assert moto_roles() == ["kept"]


def test_nothing_is_left_for_the_next_test() -> None:
    with mock_aws():
        assert moto_roles() == []
        with pytest.raises(ClientError):
            client("iam").get_role(RoleName="fn-role")
