"""A demonstration of iammock's main job, run by the README's first command: ``python -m iammock.demo``.

The scenarios people use to explain IAM users and roles, executed for real through boto3 against
the mock and printed as a report: who is allowed what, and why not when they are not.
"""

from __future__ import annotations

import json
from typing import Any

import boto3
from botocore.exceptions import ClientError

from . import mock_iam
from .clock_control import IAMClock

MANAGEMENT = "123456789012"
MEMBER = "222233334444"
AWS_MANAGED = "arn:aws:iam::aws:policy/"


def _doc(*statements: dict[str, Any]) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": list(statements)})


def _trust(principal: dict[str, str], *actions: str) -> str:
    return _doc({"Effect": "Allow", "Principal": principal, "Action": list(actions or ["sts:AssumeRole"])})


def _session(credentials: dict[str, Any]) -> boto3.Session:
    return boto3.Session(
        aws_access_key_id=credentials["AccessKeyId"],
        aws_secret_access_key=credentials["SecretAccessKey"],
        aws_session_token=credentials.get("SessionToken"),
    )


def _who(session: boto3.Session) -> str:
    arn: str = session.client("sts").get_caller_identity()["Arn"]
    return arn


def _heading(text: str) -> None:
    print(f"\n== {text}")


def _line(text: str) -> None:
    print(f"   {text}")


def _denied(error: ClientError) -> str:
    return f"{error.response['Error']['Code']}: {error.response['Error']['Message']}"


def main() -> int:
    print("iammock demonstration: IAM and STS answered in process, nothing sent to AWS")
    with IAMClock("2030-01-01T09:00:00Z") as clock, mock_iam(account_id=MANAGEMENT) as aws:
        iam = boto3.client("iam")
        _line(f"account {aws.account_id}, acting as {_who(boto3.Session())}")

        _heading("1. A devops group with administrator rights")
        iam.create_group(GroupName="devops")
        iam.attach_group_policy(GroupName="devops", PolicyArn=AWS_MANAGED + "AdministratorAccess")
        iam.create_user(UserName="dana")
        iam.add_user_to_group(GroupName="devops", UserName="dana")
        dana = _session(iam.create_access_key(UserName="dana")["AccessKey"])
        _line(f"dana is in devops (AdministratorAccess); she signs as {_who(dana)}")
        dana.client("iam").create_user(UserName="erin")
        _line("dana created user erin: allowed by AdministratorAccess through the group")
        erin = _session(iam.create_access_key(UserName="erin")["AccessKey"])
        try:
            erin.client("iam").list_users()
        except ClientError as error:
            _line(f"erin, in no group, lists users -> {error.response['Error']['Code']}")
            denial = error

        _heading("2. A Lambda execution role")
        iam.create_role(
            RoleName="orders-fn-role", AssumeRolePolicyDocument=_trust({"Service": "lambda.amazonaws.com"})
        )
        iam.attach_role_policy(
            RoleName="orders-fn-role", PolicyArn=AWS_MANAGED + "service-role/AWSLambdaBasicExecutionRole"
        )
        function = aws.service_session("lambda.amazonaws.com", "orders-fn-role", session_name="orders-fn")
        _line(f"lambda.amazonaws.com assumes it: {_who(function)}")
        try:
            dana.client("sts").assume_role(
                RoleArn=f"arn:aws:iam::{MANAGEMENT}:role/orders-fn-role", RoleSessionName="dana"
            )
        except ClientError as error:
            _line("dana (an administrator) cannot: the trust policy names only the Lambda service")
            _line(f"-> {error.response['Error']['Code']}")

        _heading("3. An EC2 role in an instance profile")
        iam.create_role(
            RoleName="web-server", AssumeRolePolicyDocument=_trust({"Service": "ec2.amazonaws.com"})
        )
        iam.attach_role_policy(RoleName="web-server", PolicyArn=AWS_MANAGED + "AmazonS3ReadOnlyAccess")
        iam.create_instance_profile(InstanceProfileName="web-server")
        iam.add_role_to_instance_profile(InstanceProfileName="web-server", RoleName="web-server")
        with aws.instance_profile("web-server"):
            found = boto3.client("sts").get_caller_identity()["Arn"]
            _line(f"on the instance, boto3's default credential chain finds {found}")
            decision = aws.authorize(
                f"arn:aws:iam::{MANAGEMENT}:role/web-server", "s3:GetObject", "arn:aws:s3:::assets/logo.png"
            )
            _line(f"s3:GetObject on assets/logo.png: {decision.outcome}")
            decision = aws.authorize(
                f"arn:aws:iam::{MANAGEMENT}:role/web-server", "s3:PutObject", "arn:aws:s3:::assets/logo.png"
            )
            _line(f"s3:PutObject on assets/logo.png: {decision.outcome.replace('_', ' ')} (read-only)")

        _heading("4. Cross-account access: OrganizationAccountAccessRole")
        member_iam = aws.session(MEMBER).client("iam")
        member_iam.create_role(
            RoleName="OrganizationAccountAccessRole",
            AssumeRolePolicyDocument=_trust({"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}),
        )
        member_iam.attach_role_policy(
            RoleName="OrganizationAccountAccessRole", PolicyArn=AWS_MANAGED + "AdministratorAccess"
        )
        credentials = dana.client("sts").assume_role(
            RoleArn=f"arn:aws:iam::{MEMBER}:role/OrganizationAccountAccessRole", RoleSessionName="dana"
        )["Credentials"]
        in_member = _session(credentials)
        _line(f"member account {MEMBER} trusts the management account's root")
        _line(f"dana (management account) assumes it: {_who(in_member)}")
        in_member.client("iam").create_user(UserName="member-admin")
        _line("and administers the member account: created user member-admin there")

        _heading("5. An analyst, a security role and a break-glass role, told apart by the trail")
        analyst_trust = _trust(
            {"AWS": f"arn:aws:iam::{MANAGEMENT}:root"}, "sts:AssumeRole", "sts:SetSourceIdentity"
        )
        iam.create_role(RoleName="SecurityAnalystRole", AssumeRolePolicyDocument=analyst_trust)
        iam.attach_role_policy(RoleName="SecurityAnalystRole", PolicyArn=AWS_MANAGED + "SecurityAudit")
        iam.put_role_policy(
            RoleName="SecurityAnalystRole",
            PolicyName="may-break-glass",
            PolicyDocument=_doc(
                {
                    "Effect": "Allow",
                    "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
                    "Resource": f"arn:aws:iam::{MANAGEMENT}:role/BreakGlassRole",
                }
            ),
        )
        iam.create_role(RoleName="BreakGlassRole", AssumeRolePolicyDocument=analyst_trust)
        iam.attach_role_policy(RoleName="BreakGlassRole", PolicyArn=AWS_MANAGED + "AdministratorAccess")
        iam.create_user(UserName="ana")
        iam.put_user_policy(
            UserName="ana",
            PolicyName="may-analyse",
            PolicyDocument=_doc(
                {
                    "Effect": "Allow",
                    "Action": ["sts:AssumeRole", "sts:SetSourceIdentity"],
                    "Resource": f"arn:aws:iam::{MANAGEMENT}:role/SecurityAnalystRole",
                }
            ),
        )
        ana = _session(iam.create_access_key(UserName="ana")["AccessKey"])
        analyst = _session(
            ana.client("sts").assume_role(
                RoleArn=f"arn:aws:iam::{MANAGEMENT}:role/SecurityAnalystRole",
                RoleSessionName="ana",
                SourceIdentity="ana",
            )["Credentials"]
        )
        analyst.client("iam").list_roles()
        _line(f"ana assumes SecurityAnalystRole and lists roles as {_who(analyst)}")
        try:
            analyst.client("iam").delete_role(RoleName="web-server")
        except ClientError as error:
            _line(
                f"delete_role as the analyst -> {error.response['Error']['Code']} "
                "(SecurityAudit is read-only)"
            )
        glass = _session(
            analyst.client("sts").assume_role(
                RoleArn=f"arn:aws:iam::{MANAGEMENT}:role/BreakGlassRole",
                RoleSessionName="ana",
                SourceIdentity="ana",
            )["Credentials"]
        )
        glass.client("iam").remove_role_from_instance_profile(
            InstanceProfileName="web-server", RoleName="web-server"
        )
        _line(f"she breaks glass ({_who(glass)}) and detaches the web-server role")
        _line("the audit trail, CloudTrail-style:")
        for event in aws.trail.events():
            identity = event["userIdentity"]
            if identity.get("sourceIdentity") != "ana" or event["eventName"] == "GetCallerIdentity":
                continue
            issuer = identity["sessionContext"]["sessionIssuer"]["userName"]
            outcome = event.get("errorCode", "ok")
            _line(
                f"  {event['eventTime']}  {issuer:<19} sourceIdentity=ana  {event['eventName']:<32} {outcome}"
            )

        _heading("6. Temporary credentials expire as the clock moves")
        temporary = _session(dana.client("sts").get_session_token(DurationSeconds=900)["Credentials"])
        _line(f"{clock.now():%H:%M:%S} dana's 15-minute session: {_who(temporary)}")
        clock.advance(15 * 60)
        try:
            _who(temporary)
        except ClientError as error:
            _line(f"{clock.now():%H:%M:%S} the same session -> {_denied(error)}")

        _heading("7. Why was erin denied? (IAMMock.explain)")
        for text in aws.explain(denial).splitlines():
            _line(text)
    print("\nThe mock has stopped; nothing it created survives.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
