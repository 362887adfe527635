from __future__ import annotations

import base64

import pytest

from mozdef_common.accounts import ApiKeys, Role
from mozdef_common.accounts.apikeys import split_key
from mozdef_common.auth import credential_from_header
from mozdef_common.errors import AccountError
from mozdef_common.state import StateStore


@pytest.fixture
def keys(state: StateStore) -> ApiKeys:
    return ApiKeys(state)


def _b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


async def test_create_shows_the_secret_once_and_stores_only_its_hash(
    keys: ApiKeys, state: StateStore
) -> None:
    record, plaintext = await keys.create_key("syslog shipper", "shipper")
    assert record.role is Role.SHIPPER
    assert record.revoked is None
    assert plaintext.startswith(f"mzd_{record.id}_")
    secret = plaintext.split("_", 2)[2]
    assert len(base64.urlsafe_b64decode(secret + "=")) == 32
    stored = await state.collection("apikeys").get(record.id)
    assert secret not in str(stored)
    assert plaintext not in str(stored)
    assert "secret" not in repr(record).lower()
    listed = await keys.list_keys()
    assert [k.id for k in listed] == [record.id]
    assert secret not in repr(listed)


async def test_bad_name_or_role(keys: ApiKeys) -> None:
    with pytest.raises(AccountError, match="name"):
        await keys.create_key("  ", "shipper")
    with pytest.raises(AccountError, match="unknown role"):
        await keys.create_key("x", "root")


async def test_verify_in_every_header_form(keys: ApiKeys) -> None:
    record, key = await keys.create_key("beats", "shipper")
    headers = [
        f"Bearer {key}",
        f"ApiKey {key}",
        f"apikey {_b64(record.id + ':' + key)}",
        f"ApiKey {_b64('anything:' + key)}",
        f"Basic {_b64('elastic:' + key)}",
        f"  bearer   {key}  ",
    ]
    for header in headers:
        presented = credential_from_header(header)
        assert presented == key, header
        verified = await keys.verify_key(presented)
        assert verified is not None, header
        assert verified.id == record.id, header


@pytest.mark.parametrize(
    "header",
    [None, "", "Bearer", "Bearer ", "Digest abc", "Basic !!!", f"Basic {_b64('no-colon')}"],
)
def test_headers_without_a_credential(header: str | None) -> None:
    assert credential_from_header(header) is None


async def test_wrong_unknown_and_malformed_keys(keys: ApiKeys) -> None:
    record, key = await keys.create_key("beats", "shipper")
    assert await keys.verify_key(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert await keys.verify_key(f"mzd_{'0' * 16}_{key.split('_', 2)[2]}") is None
    for malformed in ["", "mzd_", "mzd_short_secret", key.removeprefix("mzd_"), "token"]:
        assert await keys.verify_key(malformed) is None
    assert split_key(key) == (record.id, key.split("_", 2)[2])


async def test_revoke(keys: ApiKeys) -> None:
    record, key = await keys.create_key("old", "analyst")
    other, other_key = await keys.create_key("new", "viewer")
    revoked = await keys.revoke(record.id)
    assert revoked.revoked is not None
    assert (await keys.revoke(record.id)).revoked == revoked.revoked  # again: unchanged
    assert await keys.verify_key(key) is None
    assert await keys.verify_key(other_key) is not None
    assert {k.id for k in await keys.list_keys(include_revoked=False)} == {other.id}
    with pytest.raises(AccountError, match="no API key 'nope'"):
        await keys.revoke("nope")


async def test_last_used_is_recorded(keys: ApiKeys) -> None:
    record, key = await keys.create_key("beats", "shipper")
    assert record.last_used is None
    await keys.verify_key(key)
    assert (await keys.list_keys())[0].last_used is not None
