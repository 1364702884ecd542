"""Account-wide operations: the account alias and the usage/quota summary."""

from __future__ import annotations

from ...errors import AwsError
from .. import lookup, quotas
from ..call import Call
from ..model import Account
from ..paging import page
from ..registry import Output, Params, operation
from .sts_preferences import token_version


def _alias_owner(call: Call, alias: str) -> Account | None:
    for account in call.backend.accounts.values():
        if alias in account.aliases:
            return account
    return None


@operation("iam", "CreateAccountAlias")
def create_account_alias(call: Call, params: Params) -> None:
    account = call.account
    alias: str = params["AccountAlias"]
    call.authorize("iam:CreateAccountAlias", "*")
    owner = _alias_owner(call, alias)
    if owner is account:
        return None
    if owner is not None:
        raise AwsError("EntityAlreadyExists", f"The account alias {alias} already exists.", 409)
    # One alias per account: a new one replaces the old, as the console's "Edit" does.
    account.aliases[:] = [alias]
    return None


@operation("iam", "DeleteAccountAlias")
def delete_account_alias(call: Call, params: Params) -> None:
    account = call.account
    alias: str = params["AccountAlias"]
    call.authorize("iam:DeleteAccountAlias", "*")
    if alias not in account.aliases:
        raise lookup.no_such_entity(f"The account alias {alias} cannot be found.")
    account.aliases.remove(alias)
    return None


@operation("iam", "ListAccountAliases")
def list_account_aliases(call: Call, params: Params) -> Output:
    call.authorize("iam:ListAccountAliases", "*")
    return page(
        sorted(call.account.aliases),
        params,
        key=lambda a: a,
        result_key="AccountAliases",
        render=lambda a: a,
    )


def _user_serials(account: Account) -> set[str]:
    return {serial for user in account.users.values() for serial in user.mfa_devices}


@operation("iam", "GetAccountSummary")
def get_account_summary(call: Call, params: Params) -> Output:
    account = call.account
    call.authorize("iam:GetAccountSummary", "*")
    in_use = _user_serials(account)
    attached = sum(
        len(entity.attached_policies)
        for store in (account.users, account.groups, account.roles)
        for entity in store.values()
    )
    root_certificates = account.root_signing_certificates
    summary = {
        "Users": len(account.users),
        "Groups": len(account.groups),
        "Roles": len(account.roles),
        "Policies": len(account.policies),
        "InstanceProfiles": len(account.instance_profiles),
        "ServerCertificates": len(account.server_certificates),
        "Providers": len(account.saml_providers) + len(account.oidc_providers),
        "MFADevices": len(in_use | set(account.mfa_devices)),
        "MFADevicesInUse": len(in_use),
        # The root user's MFA is set up in the console only: no API call of the mock can enable it.
        "AccountMFAEnabled": 0,
        "AccountAccessKeysPresent": 1 if account.root_keys else 0,
        "AccountPasswordPresent": 1,
        "AccountSigningCertificatesPresent": 1 if root_certificates else 0,
        "PolicyVersionsInUse": attached,
        "GlobalEndpointTokenVersion": token_version(account),
        **{name: quotas.limit(account, name) for name in quotas.DEFAULTS},
    }
    return {"SummaryMap": summary}
