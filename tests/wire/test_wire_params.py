"""hook.params.validate: AWS's server-side constraint checks, in AWS's wording."""

from __future__ import annotations

from typing import Any

import botocore.session
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wire_strategies import TEXT

from iammock.errors import AwsError
from iammock.hook import params as params_module
from iammock.hook.params import compile_pattern, validate

_SESSION = botocore.session.get_session()
MODELS = {name: _SESSION.get_service_model(name) for name in ("iam", "sts")}
ROLE = "arn:aws:iam::123456789012:role/r"
USER_PATTERN = r"[\w+=,.@-]+"
SESSION_PATTERN = r"[\w+=,.@-]*"
TAG_KEY_PATTERN = r"[\p{L}\p{Z}\p{N}_.:/=+\-@]+"
PREFIX = "failed to satisfy constraint: Member must"


def message(service: str, op: str, params: dict[str, Any]) -> str | None:
    try:
        validate(MODELS[service].operation_model(op), params)
    except AwsError as error:
        assert error.code == "ValidationError"
        assert error.status == 400
        assert error.sender_fault
        return error.message
    return None


def one(value: str, path: str, phrase: str) -> str:
    return f"1 validation error detected: Value '{value}' at '{path}' failed to satisfy constraint: {phrase}"


VALID = [
    ("iam", "CreateUser", {"UserName": "alice+ops=1,a.b@c-d_e"}),
    ("iam", "CreateUser", {"UserName": "u" * 64, "Path": "/"}),
    ("iam", "CreateUser", {"UserName": "u", "Path": "/division/team/"}),
    ("iam", "CreateUser", {"UserName": "u", "Tags": [{"Key": "clé 名前 \u0661", "Value": ""}]}),
    ("iam", "CreateUser", {"UserName": "u", "Tags": [{"Key": "k", "Value": "v"}] * 50}),
    ("iam", "ListUsers", {"MaxItems": 1}),
    ("iam", "ListUsers", {"MaxItems": 1000, "PathPrefix": "/"}),
    ("iam", "ListPolicies", {"Scope": "Local"}),
    ("iam", "UpdateAccessKey", {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Inactive"}),
    ("iam", "CreateAccountAlias", {"AccountAlias": "my-alias-1"}),
    ("iam", "CreateLoginProfile", {"UserName": "u", "Password": "p" * 128}),
    ("sts", "AssumeRole", {"RoleArn": ROLE, "RoleSessionName": "s" * 64, "DurationSeconds": 43200}),
    ("sts", "AssumeRole", {"RoleArn": ROLE, "RoleSessionName": "ss", "DurationSeconds": 900}),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE + "😀", "RoleSessionName": "ss"},
    ),  # \u10000-\u10FFFF: supplementary
    ("sts", "AssumeRole", {"RoleArn": ROLE, "RoleSessionName": "ss", "TokenCode": "123456"}),
    ("sts", "GetSessionToken", {"DurationSeconds": 129600}),
    ("sts", "GetCallerIdentity", {}),
]


@pytest.mark.parametrize(("service", "op", "params"), VALID)
def test_valid(service: str, op: str, params: dict[str, Any]) -> None:
    assert message(service, op, params) is None


INVALID = [
    (
        "iam",
        "CreateUser",
        {"UserName": "a b"},
        one("a b", "userName", f"Member must satisfy regular expression pattern: {USER_PATTERN}"),
    ),
    (
        "iam",
        "CreateUser",
        {"UserName": "u" * 65},
        one("u" * 65, "userName", "Member must have length less than or equal to 64"),
    ),
    # Java's \w is ASCII only.
    (
        "iam",
        "CreateUser",
        {"UserName": "josé"},
        one("josé", "userName", f"Member must satisfy regular expression pattern: {USER_PATTERN}"),
    ),
    (
        "iam",
        "CreateUser",
        {"UserName": "u", "Path": "/a"},
        # AWS's own sentence for a Path that breaks the pattern, alone (LocalStack's AWS-validated
        # snapshot, tests/aws/services/iam/test_iam_mfa.snapshot.json).
        "The specified value for path is invalid. It must begin and end with / and contain only "
        "alphanumeric characters and/or / characters.",
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "s" * 65},
        one("s" * 65, "roleSessionName", "Member must have length less than or equal to 64"),
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "a:b"},
        one("a:b", "roleSessionName", f"Member must satisfy regular expression pattern: {SESSION_PATTERN}"),
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "ss", "DurationSeconds": 43201},
        one("43201", "durationSeconds", "Member must have value less than or equal to 43200"),
    ),
    (
        "sts",
        "GetSessionToken",
        {"DurationSeconds": 129601},
        one("129601", "durationSeconds", "Member must have value less than or equal to 129600"),
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "ss", "TokenCode": "\u0661\u0662\u0663\u0664\u0665\u0666"},
        one(
            "\u0661\u0662\u0663\u0664\u0665\u0666",
            "tokenCode",
            r"Member must satisfy regular expression pattern: [\d]*",
        ),
    ),
    (
        "iam",
        "ListUsers",
        {"MaxItems": 0},
        one("0", "maxItems", "Member must have value greater than or equal to 1"),
    ),
    (
        "iam",
        "ListUsers",
        {"MaxItems": 1001},
        one("1001", "maxItems", "Member must have value less than or equal to 1000"),
    ),
    (
        "iam",
        "UpdateAccessKey",
        {"AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "active"},
        one("active", "status", "Member must satisfy enum value set: [Active, Inactive, Expired]"),
    ),
    (
        "iam",
        "CreateUser",
        {"UserName": "u", "Tags": [{"Key": "ok", "Value": "v"}, {"Key": "bad!", "Value": "v"}]},
        one(
            "bad!", "tags.2.member.key", f"Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}"
        ),
    ),
    (
        "iam",
        "CreateUser",
        {"UserName": "u", "Tags": [{"Key": "k", "Value": "v" * 257}]},
        one("v" * 257, "tags.1.member.value", "Member must have length less than or equal to 256"),
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "ss", "PolicyArns": [{"arn": ROLE}, {"arn": "x" * 2049}]},
        one("x" * 2049, "policyArns.2.member.arn", "Member must have length less than or equal to 2048"),
    ),
    (
        "sts",
        "AssumeRole",
        {"RoleArn": ROLE, "RoleSessionName": "ss", "TransitiveTagKeys": ["ok", "no!"]},
        one(
            "no!",
            "transitiveTagKeys.2.member",
            f"Member must satisfy regular expression pattern: {TAG_KEY_PATTERN}",
        ),
    ),
    (
        "iam",
        "CreateAccountAlias",
        {"AccountAlias": "my--alias"},
        one(
            "my--alias",
            "accountAlias",
            "Member must satisfy regular expression pattern: ^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$",
        ),
    ),
    # Sensitive members are not echoed.
    (
        "iam",
        "CreateLoginProfile",
        {"UserName": "u", "Password": "p" * 129},
        "1 validation error detected: Value at 'password' failed to satisfy constraint: "
        "Member must have length less than or equal to 128",
    ),
    (
        "iam",
        "ChangePassword",
        {"OldPassword": "old", "NewPassword": "new\x01"},
        "1 validation error detected: Value at 'newPassword' failed to satisfy constraint: "
        r"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+",
    ),
    (
        # No pattern in the model, but echoed in the answer: XML cannot carry a backspace.
        "iam",
        "SimulateCustomPolicy",
        {"PolicyInputList": ["{}"], "ActionNames": ["iam:Get\x08User"]},
        "1 validation error detected: Value 'iam:Get\x08User' at 'actionNames.1.member' failed to satisfy "
        r"constraint: Member must satisfy regular expression pattern: "
        r"[\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]*",
    ),
]


@pytest.mark.parametrize(("service", "op", "params", "expected"), INVALID)
def test_invalid(service: str, op: str, params: dict[str, Any], expected: str) -> None:
    assert message(service, op, params) == expected


def test_several_errors_are_counted_and_joined() -> None:
    got = message("sts", "AssumeRole", {"RoleArn": ROLE, "RoleSessionName": "a b" * 30, "DurationSeconds": 1})
    assert got == (
        "3 validation errors detected: "
        f"Value '{'a b' * 30}' at 'roleSessionName' failed to satisfy constraint: "
        "Member must have length less than or equal to 64; "
        f"Value '{'a b' * 30}' at 'roleSessionName' failed to satisfy constraint: "
        f"Member must satisfy regular expression pattern: {SESSION_PATTERN}; "
        "Value '1' at 'durationSeconds' failed to satisfy constraint: "
        "Member must have value greater than or equal to 900"
    )


def test_list_length() -> None:
    tags = [{"Key": f"k{i}", "Value": "v"} for i in range(51)]
    got = message("iam", "TagUser", {"UserName": "u", "Tags": tags})
    assert got is not None
    assert got.startswith("1 validation error detected: Value '[{Key=k0, Value=v}, {Key=k1, Value=v}")
    assert got.endswith(f"' at 'tags' {PREFIX} have length less than or equal to 50")


def test_length_counts_code_points() -> None:
    letter = "\U0001d400"  # MATHEMATICAL BOLD CAPITAL A: one code point, two UTF-16 units, category Lu
    assert (
        message(
            "iam", "CreateUser", {"UserName": "u", "Tags": [{"Key": letter * 128, "Value": letter * 256}]}
        )
        is None
    )
    got = message("iam", "CreateUser", {"UserName": "u", "Tags": [{"Key": letter * 129, "Value": ""}]})
    assert got is not None and "less than or equal to 128" in got


def test_wrong_types_are_left_to_botocore() -> None:
    assert message("iam", "CreateUser", {"UserName": 5, "Tags": "nope", "Path": None}) is None
    assert message("iam", "ListUsers", {"MaxItems": "0"}) is None
    assert message("iam", "CreateUser", {"UserName": "u", "Tags": [None, 3, {"Key": 1}]}) is None


def test_unconstrained_operation_compiles_to_nothing() -> None:
    op = MODELS["sts"].operation_model("GetCallerIdentity")
    validate(op, {})
    assert params_module._validators[("sts", op.service_model.api_version, "GetCallerIdentity")] is None


def test_valid_values_are_remembered_per_member() -> None:
    name = "u" * 100  # GetUser takes 128 characters, CreateUser 64
    assert message("iam", "GetUser", {"UserName": name}) is None
    assert message("iam", "GetUser", {"UserName": name}) is None
    expected = one(name, "userName", "Member must have length less than or equal to 64")
    assert message("iam", "CreateUser", {"UserName": name}) == expected
    assert message("iam", "CreateUser", {"UserName": name}) == expected
    assert message("iam", "GetUser", {"UserName": "a b"}) is not None


def test_sensitive_values_are_never_remembered() -> None:
    """Passwords outlive the mock in nothing iammock keeps (the memory of valid strings included)."""
    import gc

    password = "".join(["Correct-Horse-", "Battery-Staple-", str(id(object()))])
    user = "".join(["remembered-", str(id(object()))])
    assert message("iam", "CreateLoginProfile", {"UserName": user, "Password": password}) is None
    holders = [type(h).__name__ for h in gc.get_referrers(password) if isinstance(h, set | frozenset)]
    assert holders == []
    # The same cache does keep the (non-sensitive) user name, so the check above can fail.
    assert [h for h in gc.get_referrers(user) if isinstance(h, set)] != []


def test_pattern_translation() -> None:
    assert compile_pattern(r"[\w]+")("abc_1") and not compile_pattern(r"[\w]+")("é")
    assert compile_pattern(r"[\d]+")("123") and not compile_pattern(r"\d+")("\u0661")
    assert compile_pattern(TAG_KEY_PATTERN)("ключ 鍵 \u0661 _.:/=+-@")
    assert not compile_pattern(TAG_KEY_PATTERN)("a!b")
    assert not compile_pattern(r"[\w+=,.@-]+")("abc\n")  # full match: no trailing newline slack
    assert compile_pattern(r"v[1-9][0-9]*(\.[A-Za-z0-9-]*)?")("v12.ab-1")


def _fuzz_strategy(shape: Any, depth: int = 0) -> st.SearchStrategy[Any]:
    kind = shape.type_name
    if kind == "structure":
        if depth > 4:
            return st.just({})
        return st.fixed_dictionaries(
            {}, optional={name: _fuzz_strategy(member, depth + 1) for name, member in shape.members.items()}
        )
    if kind == "list":
        return st.lists(_fuzz_strategy(shape.member, depth + 1), max_size=3)
    if kind == "map":
        return st.dictionaries(
            _fuzz_strategy(shape.key, depth + 1), _fuzz_strategy(shape.value, depth + 1), max_size=3
        )
    if kind == "string":
        enum = shape.metadata.get("enum")
        texts = st.one_of(TEXT, st.text(max_size=300), st.text(alphabet="ab_-:/", max_size=70))
        return st.one_of(st.sampled_from(enum), texts) if enum else texts
    if kind in ("integer", "long"):
        return st.integers(-(2**40), 2**40)
    if kind == "boolean":
        return st.booleans()
    if kind == "blob":
        return st.binary(max_size=8)
    if kind == "timestamp":
        return st.datetimes()
    return st.none()


FUZZ_OPERATIONS = [
    (service, op)
    for service, model in MODELS.items()
    for op in model.operation_names
    if model.operation_model(op).input_shape is not None
]


@pytest.mark.parametrize(("service", "op_name"), FUZZ_OPERATIONS)
@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_validate_only_raises_validation_errors(service: str, op_name: str, data: st.DataObject) -> None:
    op = MODELS[service].operation_model(op_name)
    params = data.draw(_fuzz_strategy(op.input_shape))
    try:
        validate(op, params)
    except AwsError as error:
        assert error.code == "ValidationError" and error.status == 400
        if error.message.startswith("The specified value for path is invalid."):
            return  # AWS's sentence for a bad Path stands alone (hook/params.py _PATTERN_SENTENCES)
        count = error.message.count("failed to satisfy constraint")
        expected_head = (
            "1 validation error detected: " if count == 1 else f"{count} validation errors detected: "
        )
        assert error.message.startswith(expected_head)


@pytest.mark.parametrize(("service", "op_name"), FUZZ_OPERATIONS)
@settings(
    max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(data=st.data())
def test_quick_yes_agrees_with_the_worded_checks(service: str, op_name: str, data: st.DataObject) -> None:
    # Valid parameters are accepted by a predicate alone; it must accept exactly what finds no error.
    op = MODELS[service].operation_model(op_name)
    params = data.draw(_fuzz_strategy(op.input_shape))
    validate(op, {})  # compiles
    compiled = params_module._validators[params_module._operation_key(op)]
    if compiled is None:
        return
    valid, check = compiled
    errors: list[str] = []
    check(params, "", errors)
    assert (valid is None or valid(params)) == (not errors), errors
