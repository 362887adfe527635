"""The embedded state store: versioned documents, optimistic concurrency, filters, durability."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[StateStore]:
    store = open_state_store(CommonSettings(data_dir=tmp_path))
    await store.start()
    yield store
    await store.close()


async def test_insert_get_update_delete(state: StateStore) -> None:
    things = state.collection("things")
    doc = await things.insert({"name": "a", "version": 99, "tags": ["x"]})
    assert doc["version"] == 1  # the store owns id, version and times
    assert doc["created"] == doc["updated"]
    assert await things.get(doc["id"]) == doc

    changed = await things.update(doc["id"], {"name": "b", "tags": None}, version=1)
    assert changed["version"] == 2
    assert changed["name"] == "b"
    assert "tags" not in changed
    assert changed["id"] == doc["id"]

    await things.delete(doc["id"])
    with pytest.raises(NotFoundError):
        await things.get(doc["id"])
    with pytest.raises(NotFoundError):
        await things.delete(doc["id"])


async def test_a_stale_version_is_a_conflict_that_names_the_current_one(state: StateStore) -> None:
    things = state.collection("things")
    doc = await things.insert({"name": "a"})
    await things.update(doc["id"], {"name": "first writer"}, version=1)
    with pytest.raises(ConflictError) as caught:
        await things.update(doc["id"], {"name": "second writer"}, version=1)
    assert caught.value.current == 2
    assert (await things.get(doc["id"]))["name"] == "first writer"


async def test_find_filters_pages_and_keeps_collections_apart(state: StateStore) -> None:
    things, others = state.collection("things"), state.collection("others")
    for i in range(5):
        await things.insert({"kind": "even" if i % 2 == 0 else "odd", "n": i})
    await others.insert({"kind": "even"})
    total, page = await things.find({"kind": "even"}, limit=2)
    assert total == 3
    assert len(page) == 2
    assert all(d["kind"] == "even" for d in page)
    total, rest = await things.find({"kind": "even"}, limit=2, offset=2)
    assert total == 3
    assert len(rest) == 1
    assert {d["n"] for d in page + rest} == {0, 2, 4}
    assert (await things.find({"n": 3}))[0] == 1
    with pytest.raises(ValueError, match="filter"):
        await things.find({"kind') OR 1=1 --": "x"})


async def test_what_was_written_survives_a_new_store(tmp_path: Path) -> None:
    first = open_state_store(CommonSettings(data_dir=tmp_path))
    await first.start()
    doc = await first.collection("things").insert({"name": "kept"})
    await first.close()
    second = open_state_store(CommonSettings(data_dir=tmp_path))
    await second.start()
    try:
        assert (await second.collection("things").get(doc["id"]))["name"] == "kept"
    finally:
        await second.close()


def test_collection_names_are_checked(tmp_path: Path) -> None:
    store = open_state_store(CommonSettings(data_dir=tmp_path))
    with pytest.raises(ValueError, match="collection name"):
        store.collection("Robert'); DROP TABLE documents;--")
