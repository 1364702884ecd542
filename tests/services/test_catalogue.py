"""The Service Authorization Reference as iammock reads it (``iammock.services.catalogue``)."""

from __future__ import annotations

from iammock.services import catalogue


def test_an_action_with_its_resource_types_and_request_keys() -> None:
    """ "Actions defined by AWS Lambda": CreateFunction needs ``function*`` and lists lambda:Layer."""
    lam = catalogue.service("lambda")
    assert lam is not None
    action = lam.action("createFUNCTION")
    assert action is not None and action.name == "CreateFunction"
    assert [(r.name, r.required) for r in action.resources] == [("function", True)]
    assert "lambda:Layer" in action.condition_keys
    function = lam.resource_type("function")
    assert function is not None
    assert function.arn == "arn:${Partition}:lambda:${Region}:${Account}:function:${FunctionName}"
    assert function.placeholders == ("Partition", "Region", "Account", "FunctionName")
    assert lam.condition_keys["lambda:layer"].type == "ArrayOfString"


def test_unknown_prefix() -> None:
    assert catalogue.service("no-such-service") is None
    assert "ecs" in catalogue.prefixes() and catalogue.version()


def test_a_service_is_read_once() -> None:
    assert catalogue.service("glue") is catalogue.service("glue")


def test_arn_pattern() -> None:
    pattern = catalogue.arn_pattern("arn:${Partition}:logs:${Region}:${Account}:log-group:${LogGroupName}")
    assert pattern.match("arn:aws:logs:us-east-1:111122223333:log-group:/aws/lambda/f")
    assert not pattern.match("arn:aws:logs:us-east-1:111122223333:destination:d")
    table = catalogue.arn_pattern(
        "arn:${Partition}:dynamodb:${Region}:${Account}:table/${TableName}/index/${IndexName}"
    )
    assert table.match("arn:aws:dynamodb:us-east-1:111122223333:table/T/index/I")
    assert not table.match("arn:aws:dynamodb:us-east-1:111122223333:table/T")
