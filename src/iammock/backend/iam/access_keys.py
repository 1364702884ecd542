"""Long-term access keys of users and of the account root."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup
from ..call import Call
from ..model import AccessKey
from ..paging import page
from ..registry import Output, Params, operation

MAX_KEYS = 2  # active and inactive alike: deactivating does not free a slot


def _owner_keys(call: Call, user_name: str | None) -> dict[str, AccessKey]:
    account = call.account
    if user_name is None:
        return account.root_keys
    return lookup.user(account, user_name).access_keys


def _owner_arn(call: Call, user_name: str | None) -> str:
    account = call.account
    return account.root_arn if user_name is None else lookup.user_arn(account, user_name)


def _metadata(key: AccessKey) -> Output:
    return {
        "UserName": key.user_name,
        "AccessKeyId": key.access_key_id,
        "Status": key.status,
        "CreateDate": key.created,
    }


def _key(call: Call, user_name: str | None, key_id: str) -> AccessKey:
    key = _owner_keys(call, user_name).get(key_id)
    if key is None:
        raise lookup.no_such_entity(f"The Access Key with id {key_id} cannot be found.")
    return key


@operation("iam", "CreateAccessKey")
def create_access_key(call: Call, params: Params) -> Output:
    user_name = lookup.target_user_name(call, params)
    call.authorize("iam:CreateAccessKey", _owner_arn(call, user_name))
    keys = _owner_keys(call, user_name)
    if user_name is not None:  # names match case-insensitively; the key records the user's own spelling
        user_name = lookup.user(call.account, user_name).name
    if len(keys) >= MAX_KEYS:
        raise AwsError("LimitExceeded", f"Cannot exceed quota for AccessKeysPerUser: {MAX_KEYS}", 409)
    ids = call.backend.ids
    key = AccessKey(
        access_key_id=ids.access_key_id(),
        secret=ids.secret_access_key(),
        account_id=call.account.id,
        user_name=user_name,
        created=call.now,
    )
    keys[key.access_key_id] = key
    call.backend.access_keys[key.access_key_id] = key
    return {"AccessKey": {**_metadata(key), "SecretAccessKey": key.secret}}


@operation("iam", "ListAccessKeys")
def list_access_keys(call: Call, params: Params) -> Output:
    user_name = lookup.target_user_name(call, params)
    call.authorize("iam:ListAccessKeys", _owner_arn(call, user_name))
    keys = sorted(_owner_keys(call, user_name).values(), key=lambda k: (k.created, k.access_key_id))
    return page(
        keys,
        params,
        key=lambda k: f"{k.created.isoformat()}|{k.access_key_id}",
        result_key="AccessKeyMetadata",
        render=_metadata,
    )


@operation("iam", "UpdateAccessKey")
def update_access_key(call: Call, params: Params) -> None:
    user_name = lookup.target_user_name(call, params)
    call.authorize("iam:UpdateAccessKey", _owner_arn(call, user_name))
    _key(call, user_name, params["AccessKeyId"]).status = params["Status"]
    return None


@operation("iam", "DeleteAccessKey")
def delete_access_key(call: Call, params: Params) -> None:
    user_name = lookup.target_user_name(call, params)
    call.authorize("iam:DeleteAccessKey", _owner_arn(call, user_name))
    key = _key(call, user_name, params["AccessKeyId"])
    del _owner_keys(call, user_name)[key.access_key_id]
    del call.backend.access_keys[key.access_key_id]
    return None


@operation("iam", "GetAccessKeyLastUsed")
def get_access_key_last_used(call: Call, params: Params) -> Output:
    key_id: str = params["AccessKeyId"]
    key = call.backend.access_keys.get(key_id)
    if key is None or key.account_id != call.account.id:
        # Another account's key, or none at all: AWS answers as for a key the caller may not see.
        call.authorize("iam:GetAccessKeyLastUsed", call.account.iam_arn("user", "/", "*"))
        raise lookup.no_such_entity(f"The Access Key with id {key_id} cannot be found.")
    call.authorize("iam:GetAccessKeyLastUsed", _owner_arn(call, key.user_name))
    last_used: Output = {"ServiceName": "N/A", "Region": "N/A"}
    use = call.backend.activity.key_last_used.get(key_id)
    if use is not None:
        last_used = {"LastUsedDate": use.when, "ServiceName": use.service, "Region": use.region}
    return {"UserName": key.user_name, "AccessKeyLastUsed": last_used}
