"""conform(op, data) == QueryParser().parse(serialize_response(op, data)) for every IAM and STS operation."""

from __future__ import annotations

import copy
import json
from datetime import datetime
from typing import Any
from urllib.parse import unquote

import botocore.handlers
import botocore.parsers
import botocore.session
import pytest
from dateutil.tz import tzutc
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wire_strategies import ShapeStrategies

from iammock.fixed import Fixed
from iammock.hook.shapes import conform
from iammock.wire import serialize_response

_SESSION = botocore.session.get_session()
MODELS = {name: _SESSION.get_service_model(name) for name in ("iam", "sts")}
STRATEGIES = {name: ShapeStrategies() for name in MODELS}
OPERATIONS = [(service, op) for service, model in MODELS.items() for op in model.operation_names]

PARITY = settings(
    max_examples=6,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
)


def parse(operation_model: Any, body: bytes, status: int = 200) -> dict[str, Any]:
    parsed: dict[str, Any] = botocore.parsers.QueryParser().parse(
        {"body": body, "headers": {}, "status_code": status}, operation_model.output_shape
    )
    return parsed


def walk(value: Any) -> Any:
    if isinstance(value, dict):
        for item in value.values():
            yield from walk(item)
    elif isinstance(value, list):
        for item in value:
            yield from walk(item)
    else:
        yield value


def _fixed(value: Any) -> Any:
    if isinstance(value, dict):
        return Fixed({k: _fixed(v) for k, v in value.items()})
    if isinstance(value, list):
        return [_fixed(v) for v in value]
    return value


def _clear(value: Any) -> None:
    """Empty every container of an answer, as a careless caller might."""
    children = list(value.values()) if isinstance(value, dict) else value
    for child in children:
        if isinstance(child, dict | list):
            _clear(child)
    value.clear()


def test_models_are_the_expected_size() -> None:
    assert len(MODELS["iam"].operation_names) >= 170
    assert len(MODELS["sts"].operation_names) >= 8


@pytest.mark.parametrize(("service", "op_name"), OPERATIONS)
@PARITY
@given(data=st.data())
def test_conform_matches_parser(service: str, op_name: str, data: st.DataObject) -> None:
    op = MODELS[service].operation_model(op_name)
    shape = op.output_shape
    plain = {} if shape is None else data.draw(STRATEGIES[service].for_shape(shape), label="data")
    body = serialize_response(op, plain, "req-1")
    parsed = parse(op, body)
    assert parsed.pop("ResponseMetadata")["RequestId"] == "req-1"
    conformed = conform(op, plain)
    assert conformed == parsed
    for leaf in walk(conformed):
        if isinstance(leaf, datetime):
            assert leaf.tzinfo == tzutc() and isinstance(leaf.tzinfo, tzutc)
            assert leaf.microsecond == 0
    # The same data marked Fixed throughout: converted once, and every answer is a copy of its own.
    fixed = _fixed(plain)
    first = conform(op, fixed)
    assert first == parsed
    _clear(first)
    assert conform(op, fixed) == parsed
    # botocore's after-call policy decoder turns our URL-encoded documents back into the handler's JSON.
    if service == "iam":
        decoded = copy.deepcopy(conformed)
        botocore.handlers.json_decode_policies(decoded, op)


def test_policy_documents_round_trip_through_after_call_handler() -> None:
    op = MODELS["iam"].operation_model("GetRolePolicy")
    text = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "é"}]}'
    conformed = conform(op, {"RoleName": "r", "PolicyName": "p", "PolicyDocument": text})
    assert conformed["PolicyDocument"] != text
    assert unquote(conformed["PolicyDocument"]) == text
    assert "%20" in conformed["PolicyDocument"] and "+" not in conformed["PolicyDocument"]
    botocore.handlers.json_decode_policies(conformed, op)
    assert conformed["PolicyDocument"] == json.loads(text)


def test_timestamps_truncate_to_seconds_and_accept_naive_and_iso() -> None:
    op = MODELS["iam"].operation_model("GetUser")
    for value in (
        datetime(2024, 1, 2, 3, 4, 5, 999999),
        "2024-01-02T03:04:05.999Z",
        "2024-01-02T05:04:05.5+02:00",
    ):
        user = {"Path": "/", "UserName": "u", "UserId": "AIDA", "Arn": "a", "CreateDate": value}
        got = conform(op, {"User": user})["User"]["CreateDate"]
        assert got == datetime(2024, 1, 2, 3, 4, 5, tzinfo=tzutc())
        assert b"<CreateDate>2024-01-02T03:04:05Z</CreateDate>" in serialize_response(op, {"User": user}, "r")


def test_unknown_member_is_a_type_error() -> None:
    op = MODELS["iam"].operation_model("GetUser")
    with pytest.raises(TypeError, match="Bogus"):
        conform(op, {"User": {"UserName": "u", "Bogus": 1}})
    with pytest.raises(TypeError, match="Bogus"):
        serialize_response(op, {"User": {"UserName": "u", "Bogus": 1}}, "r")
    with pytest.raises(TypeError):
        conform(op, {"User": {"UserName": 5}})


def test_none_omitted_and_empty_lists_kept() -> None:
    op = MODELS["iam"].operation_model("ListUsers")
    assert conform(op, {"Users": [], "IsTruncated": False, "Marker": None}) == {
        "Users": [],
        "IsTruncated": False,
    }
    assert parse(op, serialize_response(op, {"Users": [], "Marker": None}, "r"))["Users"] == []


def test_no_output_operation() -> None:
    op = MODELS["iam"].operation_model("DeleteUser")
    assert conform(op, {}) == {}
    body = serialize_response(op, {}, "rid-9")
    assert body == (
        b'<DeleteUserResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/">'
        b"<ResponseMetadata><RequestId>rid-9</RequestId></ResponseMetadata></DeleteUserResponse>"
    )
    with pytest.raises(TypeError):
        conform(op, {"UserName": "x"})


def test_sts_result_wrapper_and_namespace() -> None:
    op = MODELS["sts"].operation_model("GetCallerIdentity")
    body = serialize_response(
        op, {"Account": "123456789012", "Arn": "arn:aws:iam::123456789012:root", "UserId": "1"}, "r"
    )
    assert body.startswith(
        b'<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><GetCallerIdentityResult>'
    )


def test_map_output_get_account_summary() -> None:
    op = MODELS["iam"].operation_model("GetAccountSummary")
    data = {"SummaryMap": {"Users": 3, "Groups": 0}}
    body = serialize_response(op, data, "r")
    assert b"<SummaryMap><entry><key>Users</key><value>3</value></entry>" in body
    assert conform(op, data) == {k: v for k, v in parse(op, body).items() if k != "ResponseMetadata"}


# A synthetic query model exercising what IAM/STS do not use: flattened lists and maps, locationNames.
SYNTHETIC = {
    "metadata": {
        "protocol": "query",
        "apiVersion": "2020-01-01",
        "endpointPrefix": "synthetic",
        "serviceId": "Synthetic",
        "xmlNamespace": "https://synthetic.example/doc/",
        "signatureVersion": "v4",
    },
    "operations": {
        "Get": {"name": "Get", "output": {"shape": "GetOut", "resultWrapper": "GetResult"}},
    },
    "shapes": {
        "GetOut": {
            "type": "structure",
            "members": {
                "Flat": {"shape": "FlatList"},
                "FlatNamed": {"shape": "FlatNamedList", "locationName": "Item"},
                "Named": {"shape": "NamedList", "locationName": "TheList"},
                "FlatMap": {"shape": "FlatMap"},
                "NamedMap": {"shape": "NamedMap"},
                "Number": {"shape": "Double"},
                "Tree": {"shape": "Tree"},
            },
        },
        "FlatList": {"type": "list", "member": {"shape": "String"}, "flattened": True},
        "FlatNamedList": {
            "type": "list",
            "member": {"shape": "String", "locationName": "Item"},
            "flattened": True,
        },
        "NamedList": {"type": "list", "member": {"shape": "String", "locationName": "Thing"}},
        "FlatMap": {
            "type": "map",
            "key": {"shape": "String"},
            "value": {"shape": "String"},
            "flattened": True,
        },
        "NamedMap": {
            "type": "map",
            "key": {"shape": "String", "locationName": "Name"},
            "value": {"shape": "Long", "locationName": "Count"},
        },
        "Tree": {
            "type": "structure",
            "members": {"Label": {"shape": "String"}, "Children": {"shape": "Trees"}},
        },
        "Trees": {"type": "list", "member": {"shape": "Tree"}},
        "String": {"type": "string"},
        "Long": {"type": "long"},
        "Double": {"type": "double"},
    },
}


@PARITY
@given(data=st.data())
def test_synthetic_model_parity(data: st.DataObject) -> None:
    from botocore.model import ServiceModel

    model = ServiceModel(SYNTHETIC, service_name="synthetic")
    op = model.operation_model("Get")
    plain = data.draw(ShapeStrategies(max_list=2).for_shape(op.output_shape))
    parsed = parse(op, serialize_response(op, plain, "r"))
    parsed.pop("ResponseMetadata")
    assert conform(op, plain) == parsed
