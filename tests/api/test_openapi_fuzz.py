"""schemathesis against the OpenAPI document: no generated request, valid or not, makes the api fail (5xx).

Every operation is called as an admin (who may do everything) with requests generated from the spec,
on the real app over real stores. A 5xx is a bug: bad input must get a 4xx that names what was wrong.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core.result import Ok

from mozdef_api import alerts, cases
from mozdef_api.app import create_app
from mozdef_api.settings import ApiSettings
from mozdef_common.accounts import ApiKeys
from mozdef_common.state import StateStore, open_state_store
from mozdef_common.store import open_event_store

pytestmark = pytest.mark.slow


async def _open(settings: ApiSettings) -> tuple[StateStore, str]:
    state = open_state_store(settings)
    await state.start()
    await alerts.prepare(state)
    await cases.prepare(state)
    _, key = await ApiKeys(state).create_key("fuzz-admin", "admin")
    return state, key


@pytest.fixture(scope="module")
def admin_key_and_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    settings = ApiSettings(data_dir=Path(tmp_path_factory.mktemp("fuzz")))
    state, key = asyncio.run(_open(settings))
    store = open_event_store(settings)
    try:
        yield key, create_app(settings, store, state)
    finally:
        asyncio.run(state.close())
        asyncio.run(store.close())


def test_no_request_makes_the_api_fail(admin_key_and_app: tuple[str, Any]) -> None:
    key, app = admin_key_and_app
    spec = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    headers = {"Authorization": f"Bearer {key}"}
    failures: list[str] = []
    operations = 0
    for result in spec.get_all_operations():
        assert isinstance(result, Ok), f"an operation the spec cannot describe: {result}"
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck), database=None)
        def call(case: Any) -> None:
            response = case.call(headers=headers)
            if response.status_code >= 500:
                failures.append(
                    f"{case.method} {case.formatted_path}: {response.status_code} {response.text[:300]}"
                )

        call()
    assert operations >= 40
    assert not failures, "\n".join(failures[:20])
