"""One state-store suite, every backend: SQLite always, MongoDB when given, nx-27017 when installed.

``MOZDEF_TEST_MONGODB_URL`` names a MongoDB server to test against (each test gets its own database,
dropped afterwards). ``nx`` runs the MongoDB store over the wire against nx-27017.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest
from pymongo import AsyncMongoClient

from mozdef_common.errors import StoreError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store
from tests.common.state.nx import nx_server

OpenStore = Callable[[], Awaitable[StateStore]]
MONGODB_URL = os.environ.get("MOZDEF_TEST_MONGODB_URL", "")


@pytest.fixture(scope="session")
def nx_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with nx_server(tmp_path_factory.mktemp("nx")) as url:
        yield url


def _own_database(url: str) -> str:
    """``url`` with a fresh database, credentials still checked where the original said."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query)
    if parts.username and not any(key.lower() == "authsource" for key, _ in query):
        query.append(("authSource", parts.path.strip("/") or "admin"))
    return urlunsplit(parts._replace(path=f"/mozdef_test_{uuid.uuid4().hex[:12]}", query=urlencode(query)))


@pytest.fixture(
    params=[
        "sqlite",
        pytest.param(
            "mongodb",
            marks=pytest.mark.skipif(not MONGODB_URL, reason="MOZDEF_TEST_MONGODB_URL is not set"),
        ),
        "nx",
    ]
)
def backend(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
async def open_store(
    backend: str, request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[OpenStore]:
    """Opens (and starts) a store on this test's backend; every one it opens sees the same data."""
    if backend == "sqlite":
        settings = CommonSettings(data_dir=tmp_path)
    else:
        server = MONGODB_URL if backend == "mongodb" else request.getfixturevalue("nx_url")
        settings = CommonSettings(data_dir=tmp_path, state_url=_own_database(server))
    opened: list[StateStore] = []

    async def open_one() -> StateStore:
        store = open_state_store(settings)
        opened.append(store)
        await store.start()
        if backend == "nx":
            try:
                probe = store.collection("probe")  # the first write meets the index every collection gets
                await probe.delete((await probe.insert({}))["id"])
            except StoreError as exc:
                pytest.skip(f"nx-27017 cannot write under the MongoDB store's index: {exc}")
        return store

    yield open_one
    for store in opened:
        await store.close()
    if backend != "sqlite":
        client: AsyncMongoClient[dict[str, object]] = AsyncMongoClient(settings.state_url)
        try:
            await client.drop_database(client.get_default_database())
        finally:
            await client.close()


@pytest.fixture
async def state(open_store: OpenStore) -> StateStore:
    return await open_store()
