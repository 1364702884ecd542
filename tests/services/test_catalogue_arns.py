"""Filling the reference's ARN formats from a request (``iammock.services.mapping.generic``)."""

from __future__ import annotations

from functools import cache

import botocore.session
from hypothesis import given, settings
from hypothesis import strategies as st

from iammock.services import catalogue
from iammock.services.mapping import generic

WHERE = {"partition": "aws", "region": "eu-west-1", "account": "111122223333"}


def rule(prefix: str, type_name: str, operation: str, members: list[str], required: bool = True):  # type: ignore[no-untyped-def]
    page = catalogue.service(prefix)
    assert page is not None
    rtype = page.resource_type(type_name)
    assert rtype is not None
    return generic.resource_rule(rtype, required, operation, members)


def test_a_placeholder_from_the_parameter_of_its_name() -> None:
    r = rule("lambda", "function", "CreateFunction", ["FunctionName", "Role"])
    assert generic.fill(r, {"FunctionName": "f", "Role": "x"}, WHERE) == [
        "arn:aws:lambda:eu-west-1:111122223333:function:f"
    ]


def test_an_arn_of_the_type_is_used_whole_and_one_of_another_type_is_not() -> None:
    r = rule("ecs", "cluster", "ListServices", ["cluster"])
    arn = "arn:aws:ecs:us-west-2:444455556666:cluster/c"
    assert generic.fill(r, {"cluster": arn}, WHERE) == [arn]
    # A task definition ARN is not a cluster: the placeholder stays open.
    other = "arn:aws:ecs:us-west-2:444455556666:task-definition/t:1"
    assert generic.fill(r, {"cluster": other}, WHERE) == ["arn:aws:ecs:eu-west-1:111122223333:cluster/*"]


def test_the_parameter_named_after_the_type_is_the_rest_of_the_arn() -> None:
    """ECS's ``taskDefinition`` is ``family:revision``: task-definition/${Family}:${Revision}."""
    r = rule("ecs", "task-definition", "RunTask", ["cluster", "taskDefinition"])
    assert generic.fill(r, {"taskDefinition": "web:3"}, WHERE) == [
        "arn:aws:ecs:eu-west-1:111122223333:task-definition/web:3"
    ]


def test_name_of_the_operations_own_type_and_plural_lists() -> None:
    r = rule("glue", "job", "CreateJob", ["Name", "Role"])
    assert generic.fill(r, {"Name": "etl"}, WHERE) == ["arn:aws:glue:eu-west-1:111122223333:job/etl"]
    # ``Name`` of an operation named after another type is not this type's name.
    r = rule("glue", "job", "CreateTrigger", ["Name"])
    assert generic.fill(r, {"Name": "t"}, WHERE) == ["arn:aws:glue:eu-west-1:111122223333:job/*"]
    r = rule("glue", "job", "BatchGetJobs", ["JobNames"])
    assert generic.fill(r, {"JobNames": ["a", "b"]}, WHERE) == [
        "arn:aws:glue:eu-west-1:111122223333:job/a",
        "arn:aws:glue:eu-west-1:111122223333:job/b",
    ]


def test_required_types_left_open_and_optional_types_left_out() -> None:
    r = rule("glue", "table", "GetTable", ["DatabaseName"])
    assert generic.fill(r, {"DatabaseName": "d"}, WHERE) == ["arn:aws:glue:eu-west-1:111122223333:table/d/*"]
    optional = rule("glue", "table", "GetTable", ["DatabaseName", "TableName"], required=False)
    assert generic.fill(optional, {"DatabaseName": "d"}, WHERE) == []
    assert generic.fill(optional, {"DatabaseName": "d", "TableName": "t"}, WHERE) == [
        "arn:aws:glue:eu-west-1:111122223333:table/d/t"
    ]


def test_an_action_without_resource_types_is_on_star_and_context_keys_come_from_parameters() -> None:
    compiled = generic.compiled("ecs")
    (list_clusters,) = compiled.rules("ListClusters") or ()
    assert generic.resources(list_clusters, {}, WHERE) == ["*"]
    (create_service,) = compiled.rules("CreateService") or ()
    assert ("ecs:enable-execute-command", "enableExecuteCommand") in create_service.context
    context = generic.context(create_service, {"serviceName": "s", "enableExecuteCommand": True})
    assert context == {"ecs:enable-execute-command": "true"}  # IAM compares booleans as text
    (run_task,) = compiled.rules("RunTask") or ()
    assert generic.context(run_task, {"cluster": "prod", "taskDefinition": "t"}) == {"ecs:cluster": "prod"}


def test_a_type_with_two_formats_uses_the_one_the_request_fills() -> None:
    """ "Resource types defined by Amazon Lex V2" and "... Amazon Lex" share the prefix and the type bot."""
    v2 = rule("lex", "bot", "DescribeBot", ["botId"])
    assert generic.fill(v2, {"botId": "B1"}, WHERE) == ["arn:aws:lex:eu-west-1:111122223333:bot/B1"]
    v1 = rule("lex", "bot", "GetBot", ["name", "versionOrAlias"])
    assert generic.fill(v1, {"name": "b"}, WHERE) == ["arn:aws:lex:eu-west-1:111122223333:bot:b"]


def test_prefix_table() -> None:
    """The reference's prefix where botocore's signing name differs; every prefix named exists."""
    assert generic.prefix("cloudwatch", "monitoring") == "cloudwatch"
    assert generic.prefix("resourcegroupstaggingapi", "tagging") == "tag"
    assert generic.prefix("ecs", "ecs") == "ecs"
    assert set(generic.PREFIXES.values()) <= catalogue.prefixes()
    # Every botocore service's prefix: tests/services/test_mapping_coverage.py.


def test_overrides_name_actions_the_reference_has() -> None:
    for service, table in generic.ACTIONS.items():
        model = botocore.session.get_session().get_service_model(service)
        page = catalogue.service(generic.prefix(service, model.signing_name))
        assert page is not None
        for operation, actions in table.items():
            assert operation in model.operation_names
            assert all(page.action(a) is not None for a in actions), (service, operation)


def test_documented_action_is_used() -> None:
    """botocore: Converse "requires permission for the bedrock:InvokeModel action"."""
    (rule_,) = generic.compiled("bedrock-runtime").rules("Converse") or ()
    assert rule_.action == "bedrock:InvokeModel"


def test_unsigned_operations_need_no_authorization() -> None:
    assert generic.compiled("cognito-idp").rules("InitiateAuth") == ()


@cache
def _all_formats() -> list[tuple[catalogue.ResourceType, str]]:
    out = []
    for prefix in sorted(catalogue.prefixes()):
        page = catalogue.service(prefix)
        assert page is not None
        out += [(t, f) for t in page.resource_types.values() for f in t.formats]
    return out


_VALUE = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_./", min_size=1, max_size=12
)


@settings(max_examples=300, deadline=None)
@given(st.data())
def test_every_generated_arn_parses_and_matches_its_format(data: st.DataObject) -> None:
    rtype, arn_format = data.draw(st.sampled_from(_all_formats()))
    custom = catalogue.PLACEHOLDER.findall(arn_format)
    custom = [p for p in custom if p not in ("Partition", "Region", "Account", "AccountId")]
    params = {p: data.draw(_VALUE, label=p) for p in custom}
    r = generic.resource_rule(rtype, True, "Operation", list(params))
    if r.arn_format != arn_format:  # a type with two formats whose placeholders are the same names
        return
    (arn,) = generic.fill(r, params, WHERE)
    assert catalogue.arn_pattern(arn_format).match(arn), (arn_format, arn)
    parts = arn.split(":", 5)
    assert len(parts) == 6 and parts[0] == "arn" and parts[1] == "aws", arn
    assert "," not in arn and " " not in arn, arn  # one ARN, not a list of formats
    expected = arn_format.replace("${Partition}", "aws").replace("${Region}", "eu-west-1")
    expected = expected.replace("${AccountId}", "111122223333").replace("${Account}", "111122223333")
    for name, value in params.items():
        expected = expected.replace("${" + name + "}", value)
    assert arn == expected


def test_compiled_once_per_service_and_operation() -> None:
    service = generic.compiled("codebuild")
    assert generic.compiled("codebuild") is service
    assert service.rules("StartBuild") is service.rules("StartBuild")
    assert service.rules("NoSuchOperation") is None


def test_tagging_an_arn_authorizes_the_type_it_names() -> None:
    """TagResource lists every taggable type as optional: the one ``ResourceArn`` matches is authorized."""
    (tag,) = generic.compiled("glue").rules("TagResource") or ()
    job = "arn:aws:glue:eu-west-1:111122223333:job/etl"
    assert generic.resources(tag, {"ResourceArn": job, "TagsToAdd": {"a": "b"}}, WHERE) == [job]
