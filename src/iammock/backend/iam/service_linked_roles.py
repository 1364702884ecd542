"""Service-linked roles: roles an AWS service owns, created and deleted on its behalf."""

from __future__ import annotations

import json
import re

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import DeletionTask
from ..registry import Output, Params, operation
from .roles import add_role, check_room, delete_blocker, remove_role, render

# Role names AWS gives the service-linked roles of common services. A service not listed gets
# ``AWSServiceRoleFor`` + its capitalised first host label (an approximation: AWS's names are per service).
_ROLE_NAMES = {
    "access-analyzer.amazonaws.com": "AWSServiceRoleForAccessAnalyzer",
    "autoscaling.amazonaws.com": "AWSServiceRoleForAutoScaling",
    "backup.amazonaws.com": "AWSServiceRoleForBackup",
    "cloudtrail.amazonaws.com": "AWSServiceRoleForCloudTrail",
    "config.amazonaws.com": "AWSServiceRoleForConfig",
    "dynamodb.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_DynamoDBTable",
    "ecs.amazonaws.com": "AWSServiceRoleForECS",
    "ecs.application-autoscaling.amazonaws.com": "AWSServiceRoleForApplicationAutoScaling_ECSService",
    "eks.amazonaws.com": "AWSServiceRoleForAmazonEKS",
    "eks-nodegroup.amazonaws.com": "AWSServiceRoleForAmazonEKSNodegroup",
    "elasticache.amazonaws.com": "AWSServiceRoleForElastiCache",
    "elasticbeanstalk.amazonaws.com": "AWSServiceRoleForElasticBeanstalk",
    "elasticloadbalancing.amazonaws.com": "AWSServiceRoleForElasticLoadBalancing",
    "elasticmapreduce.amazonaws.com": "AWSServiceRoleForEMRCleanup",
    "es.amazonaws.com": "AWSServiceRoleForAmazonElasticsearchService",
    "guardduty.amazonaws.com": "AWSServiceRoleForAmazonGuardDuty",
    "inspector2.amazonaws.com": "AWSServiceRoleForAmazonInspector2",
    "kafka.amazonaws.com": "AWSServiceRoleForKafka",
    "lakeformation.amazonaws.com": "AWSServiceRoleForLakeFormationDataAccess",
    "opensearchservice.amazonaws.com": "AWSServiceRoleForAmazonOpenSearchService",
    "organizations.amazonaws.com": "AWSServiceRoleForOrganizations",
    "rds.amazonaws.com": "AWSServiceRoleForRDS",
    "redshift.amazonaws.com": "AWSServiceRoleForRedshift",
    "replicator.lambda.amazonaws.com": "AWSServiceRoleForLambdaReplicator",
    "securityhub.amazonaws.com": "AWSServiceRoleForSecurityHub",
    "spot.amazonaws.com": "AWSServiceRoleForEC2Spot",
    "spotfleet.amazonaws.com": "AWSServiceRoleForEC2SpotFleet",
    "ssm.amazonaws.com": "AWSServiceRoleForAmazonSSM",
    "sso.amazonaws.com": "AWSServiceRoleForSSO",
    "support.amazonaws.com": "AWSServiceRoleForSupport",
    "trustedadvisor.amazonaws.com": "AWSServiceRoleForTrustedAdvisor",
}
# Services whose service-linked roles accept a CustomSuffix (several roles per account).
_SUFFIX_ALLOWED = frozenset(
    {
        "autoscaling.amazonaws.com",
        "elasticbeanstalk.amazonaws.com",
        "dynamodb.application-autoscaling.amazonaws.com",
        "ecs.application-autoscaling.amazonaws.com",
    }
)
_SERVICE_HOST = re.compile(r"[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)*\.amazonaws\.com(\.cn)?")
_TASK_ID = re.compile(r"task/aws-service-role/([^/]+)/([\w+=,.@-]+)/([0-9a-f-]{36})")


def role_name_for(service: str) -> str:
    known = _ROLE_NAMES.get(service)
    if known:
        return known
    first = service.split(".", 1)[0]
    return "AWSServiceRoleFor" + "".join(part[:1].upper() + part[1:] for part in first.split("-"))


def _trust_document(service: str) -> str:
    return json.dumps(
        {
            "Version": "2012-10-17",
            "Statement": [
                {"Effect": "Allow", "Principal": {"Service": [service]}, "Action": "sts:AssumeRole"}
            ],
        }
    )


@operation("iam", "CreateServiceLinkedRole")
def create_service_linked_role(call: Call, params: Params) -> Output:
    account = call.account
    service: str = params["AWSServiceName"]
    suffix: str | None = params.get("CustomSuffix")
    path = f"/aws-service-role/{service}/"
    name = role_name_for(service) + (f"_{suffix}" if suffix else "")
    call.authorize(
        "iam:CreateServiceLinkedRole", account.iam_arn("role", path, name), {"iam:AWSServiceName": service}
    )
    if not _SERVICE_HOST.fullmatch(service):
        raise AwsError("InvalidInput", f"Invalid service name: {service}", 400)
    if suffix and service not in _SUFFIX_ALLOWED:
        raise AwsError("InvalidInput", f"Custom suffix is not allowed for {service}", 400)
    if len(name) > 64:
        raise AwsError("InvalidInput", f"Role name {name} is longer than 64 characters.", 400)
    if name.lower() in account.roles:
        raise AwsError(
            "InvalidInput",
            f"Service role name {name} has been taken in this account, please try a different suffix.",
            400,
        )
    check_room(call)
    role = add_role(
        call,
        name=name,
        path=path,
        trust_text=_trust_document(service),
        pins={},
        description=params.get("Description"),
        max_session_duration=3600,
        role_tags={},
        boundary=None,
        service=service,
    )
    return {"Role": render(call, role, full=True)}


@operation("iam", "DeleteServiceLinkedRole")
def delete_service_linked_role(call: Call, params: Params) -> Output:
    account = call.account
    name: str = params["RoleName"]
    call.authorize("iam:DeleteServiceLinkedRole", lookup.role_arn(account, name))
    role = lookup.role(account, name)
    service = role.service_linked
    if not service:
        raise AwsError("InvalidInput", f"Role {role.name} is not a service-linked role.", 400)
    # The service, not the caller, cleans up a service-linked role's policies; only an instance
    # profile the caller added keeps it alive.
    blocker = delete_blocker(role) if role.instance_profiles else None
    task_id = f"task/aws-service-role/{service}/{role.name}/{call.backend.ids.request_id()}"
    tasks = account.service_linked_role_deletions
    if blocker:
        tasks[task_id] = DeletionTask("FAILED", blocker)
        return {"DeletionTaskId": task_id}
    # AWS deletes asynchronously; the mock finishes at once, so the first status poll says SUCCEEDED.
    for arn in role.attached_policies:
        policy = lookup.managed_policy(account, arn)
        if policy is not None:
            policy.attachments -= 1
    role.inline_policies.clear()
    role.attached_policies = ()
    remove_role(call, role)
    tasks[task_id] = DeletionTask("SUCCEEDED")
    return {"DeletionTaskId": task_id}


@operation("iam", "GetServiceLinkedRoleDeletionStatus")
def get_service_linked_role_deletion_status(call: Call, params: Params) -> Output:
    account = call.account
    task_id: str = params["DeletionTaskId"]
    match = _TASK_ID.fullmatch(task_id)
    if match is None:
        raise AwsError("InvalidInput", f"Invalid deletion task id: {task_id}", 400)
    service, name = match.group(1), match.group(2)
    call.authorize(
        "iam:GetServiceLinkedRoleDeletionStatus",
        account.iam_arn("role", f"/aws-service-role/{service}/", name),
    )
    task = account.service_linked_role_deletions.get(task_id)
    if task is None:
        raise lookup.no_such_entity(f"Deletion task {task_id} cannot be found.")
    if task.reason is None:
        return {"Status": task.status}
    return {"Status": task.status, "Reason": {"Reason": task.reason}}
