"""The state store contract on every backend: versions, optimistic concurrency, filters, durability."""

from __future__ import annotations

import pytest

from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.state import StateStore
from tests.common.state.conftest import OpenStore


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


async def test_an_id_given_at_insert_is_kept_and_taken_only_once(state: StateStore) -> None:
    things = state.collection("things")
    doc = await things.insert({"id": "incident-1", "name": "a"})
    assert doc["id"] == "incident-1"
    assert (await things.get("incident-1"))["name"] == "a"
    with pytest.raises(ConflictError) as caught:
        await things.insert({"id": "incident-1", "name": "b"})
    assert caught.value.current == 0
    assert (await things.get("incident-1"))["name"] == "a"


async def test_updates_keep_what_they_do_not_name_and_never_touch_owned_keys(state: StateStore) -> None:
    things = state.collection("things")
    doc = await things.insert({"name": "a", "details": {"ip": "10.0.0.1"}, "tags": ["x"]})
    changed = await things.update(
        doc["id"], {"tags": ["x", "y"], "id": "other", "version": 40, "created": "then"}, version=1
    )
    assert changed == {**doc, "tags": ["x", "y"], "version": 2, "updated": changed["updated"]}
    assert changed["updated"] >= doc["updated"]
    assert await things.get(doc["id"]) == changed
    removed = await things.update(doc["id"], {"absent": None}, version=2)
    assert removed["version"] == 3
    assert {k: v for k, v in removed.items() if k not in {"version", "updated"}} == {
        k: v for k, v in changed.items() if k not in {"version", "updated"}
    }


async def test_missing_ids_are_not_found_not_conflicts(state: StateStore) -> None:
    things = state.collection("things")
    with pytest.raises(NotFoundError):
        await things.update("nope", {"name": "x"}, version=1)
    with pytest.raises(NotFoundError):
        await things.get("nope")


async def test_find_pages_newest_first_in_a_stable_order(state: StateStore) -> None:
    things = state.collection("things")
    docs = [await things.insert({"n": i}) for i in range(5)]
    await things.update(docs[1]["id"], {"touched": True}, version=1)
    total, page = await things.find(limit=100)
    assert total == 5
    assert page[0]["n"] == 1  # the last changed comes first
    assert [d["n"] for d in page[1:]] == [4, 3, 2, 0]
    walked = [d["n"] for offset in range(0, 5, 2) for d in (await things.find(limit=2, offset=offset))[1]]
    assert walked == [d["n"] for d in page]
    assert await things.find(limit=2, offset=10) == (5, [])
    assert (await things.find({"touched": True}))[0] == 1
    assert (await things.find({"id": docs[3]["id"]}))[1] == [docs[3]]


async def test_values_inside_operators_are_compared_never_run(state: StateStore) -> None:
    things = state.collection("things")
    await things.insert({"kind": "even"})
    assert await things.find({"kind": {"$eq": {"$ne": "x"}}}) == (0, [])
    assert (await things.find({"kind": {"$ne": "x"}}))[0] == 1
    for key in ("$where", "kind..x", "a b", "", "_id", "_id.x", ".kind", "kind.", "1kind"):
        with pytest.raises(ValueError, match="filter"):
            await things.find({key: "x"})


async def test_what_was_written_survives_a_new_store(open_store: OpenStore) -> None:
    first = await open_store()
    doc = await first.collection("things").insert({"name": "kept"})
    await first.close()
    second = await open_store()
    assert (await second.collection("things").get(doc["id"]))["name"] == "kept"


def test_collection_names_are_checked(state: StateStore) -> None:
    for name in ("Robert'); DROP TABLE documents;--", "a.b", "$cmd", ""):
        with pytest.raises(ValueError, match="collection name"):
            state.collection(name)
