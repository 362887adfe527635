from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_common.store.opensearch_bulk import Backoff
from mozdef_common.store.opensearch_settings import OpenSearchConfig
from mozdef_common.store.opensearch_store import OpenSearchEventStore
from tests.common.store_opensearch.fake_server import FakeOpenSearch, serve

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def stub_compile(node: Any, now: datetime) -> dict[str, Any]:
    """Stands in for the query compiler where only the envelope around the query matters."""
    return {"stub": repr(node)}


@pytest.fixture
async def fake() -> AsyncIterator[FakeOpenSearch]:
    async with serve() as server:
        yield server


def config_for(url_port: int, **overrides: Any) -> OpenSearchConfig:
    values: dict[str, Any] = {"hosts": (("127.0.0.1", url_port),), "use_tls": False, "timeout": 5.0}
    values.update(overrides)
    return OpenSearchConfig(**values)


@pytest.fixture
async def store(fake: FakeOpenSearch) -> AsyncIterator[OpenSearchEventStore]:
    """A reading store on the fake node, with fast retries."""
    opened = OpenSearchEventStore(
        config_for(fake.port),
        compile_query=stub_compile,
        clock=lambda: NOW,
        backoff=Backoff(attempts=4, base=0.001, cap=0.01),
    )
    yield opened
    await opened.close()
