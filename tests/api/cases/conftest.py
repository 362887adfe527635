"""Cases tests: the real app on a real SQLite state store, indexes prepared as at server start."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mozdef_api.cases import prepare
from mozdef_api.settings import ApiSettings
from tests.support.api import Api, running_api

INCIDENTS = "/api/v1/incidents"


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path)) as running:
        await prepare(running.state)
        yield running


@pytest.fixture
async def client(api: Api) -> httpx.AsyncClient:
    """An analyst."""
    return await api.client("analyst", name="alice")


async def open_incident(client: httpx.AsyncClient, **fields: object) -> dict[str, object]:
    response = await client.post(INCIDENTS, json={"summary": "Suspicious logins on web1", **fields})
    assert response.status_code == 201, response.text
    created: dict[str, object] = response.json()
    return created
