"""Shipper keys at the door of ingest: every header form shippers send, roles, revocation, open paths."""

from __future__ import annotations

import asyncio
import base64
from collections.abc import AsyncIterator

import httpx
import pytest

from mozdef_common.accounts import ApiKeys, CachedKeys
from mozdef_common.bus import Bus
from mozdef_common.state import StateStore, open_state_store
from mozdef_ingest.app import create_app
from mozdef_ingest.settings import IngestSettings
from tests.ingest.conftest import read_raw

CACHE_TTL = 0.5


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


@pytest.fixture
async def state(settings: IngestSettings) -> AsyncIterator[StateStore]:
    store = open_state_store(settings)
    await store.start()
    yield store
    await store.close()


@pytest.fixture
async def keys(state: StateStore) -> ApiKeys:
    return ApiKeys(state)


@pytest.fixture
async def guarded(settings: IngestSettings, bus: Bus, keys: ApiKeys) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(settings, bus, keys=CachedKeys(keys, ttl=CACHE_TTL))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://ingest") as client:
        yield client


async def test_a_shipper_key_in_every_form_shippers_send(
    guarded: httpx.AsyncClient, keys: ApiKeys, bus: Bus
) -> None:
    record, key = await keys.create_key("beats", "shipper")
    forms = [
        f"Bearer {key}",
        f"ApiKey {key}",
        f"ApiKey {b64(record.id + ':' + key)}",  # Beats and Logstash: base64(id:api_key)
        f"Basic {b64('elastic:' + key)}",  # rsyslog, Fluent Bit, Vector: the key as password
    ]
    for n, authorization in enumerate(forms):
        response = await guarded.post("/events", json={"n": n}, headers={"authorization": authorization})
        assert response.status_code == 202, authorization
    bulk = await guarded.post(
        "/_bulk",
        content=b'{"index": {"_index": "x"}}\n{"n": 9}\n',
        headers={"authorization": f"Bearer {key}", "content-type": "application/x-ndjson"},
    )
    assert bulk.status_code == 200
    assert len(await read_raw(bus, 5)) == 5


async def test_missing_or_wrong_keys_get_401_and_a_basic_challenge(
    guarded: httpx.AsyncClient, keys: ApiKeys, bus: Bus
) -> None:
    _, key = await keys.create_key("beats", "shipper")
    wrong = key[:-2] + ("AA" if not key.endswith("AA") else "BB")
    for headers in ({}, {"authorization": f"Bearer {wrong}"}, {"authorization": "Bearer nonsense"}):
        denied = await guarded.post("/events", json={"a": 1}, headers=headers)
        assert denied.status_code == 401
        assert denied.headers["www-authenticate"].startswith('Basic realm="mozdef"')
        assert denied.headers["x-elastic-product"] == "Elasticsearch"
        assert denied.json()["error"]["type"] == "security_exception"
        assert wrong not in denied.text
    assert (await guarded.head("/")).status_code == 401
    assert (await guarded.get("/status")).status_code == 401
    for open_path in ("/healthz", "/readyz", "/metrics"):
        assert (await guarded.get(open_path)).status_code == 200
    assert await read_raw(bus, 0, timeout_s=0.5) == []


@pytest.mark.parametrize("role", ["analyst", "viewer", "admin"])
async def test_keys_of_other_roles_are_forbidden_by_name(
    guarded: httpx.AsyncClient, keys: ApiKeys, role: str
) -> None:
    _, key = await keys.create_key(f"{role}-key", role)
    refused = await guarded.post("/events", json={"a": 1}, headers={"authorization": f"Bearer {key}"})
    assert refused.status_code == 403
    assert (
        refused.json()["error"]["reason"] == f"the {role} role may not ingest: use a key of the shipper role"
    )
    assert "www-authenticate" not in refused.headers


async def test_a_revoked_key_is_refused_within_the_cache_ttl(
    guarded: httpx.AsyncClient, keys: ApiKeys
) -> None:
    record, key = await keys.create_key("beats", "shipper")
    auth = {"authorization": f"Bearer {key}"}
    assert (await guarded.post("/events", json={"a": 1}, headers=auth)).status_code == 202
    await keys.revoke(record.id)  # as an admin would, from another process
    await asyncio.sleep(CACHE_TTL + 0.1)
    assert (await guarded.post("/events", json={"a": 2}, headers=auth)).status_code == 401
