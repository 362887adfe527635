"""The embedded store's own promises: versioned schema migrations, and queries that use indexes."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import orjson
import pytest

from mozdef_common.errors import StoreUnavailableError
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.state.sqlite_schema import LATEST

# The schema every data dir had before it was versioned (user_version 0), and version 1 is the same.
_BEFORE_VERSIONS = """
CREATE TABLE IF NOT EXISTS documents (
    collection TEXT NOT NULL,
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    updated TEXT NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (collection, id)
);
CREATE INDEX IF NOT EXISTS documents_by_updated ON documents (collection, updated);
"""
_DOC = {
    "id": "a1",
    "status": "open",
    "version": 1,
    "created": "2024-01-01T00:00:00Z",
    "updated": "2024-01-01T00:00:00Z",
}


def _old_data_dir(path: Path, user_version: int) -> None:
    db = sqlite3.connect(path)
    db.executescript(_BEFORE_VERSIONS)
    db.execute(
        "INSERT INTO documents VALUES ('alerts', 'a1', 1, ?, ?)", (_DOC["updated"], orjson.dumps(_DOC))
    )
    db.execute(f"PRAGMA user_version = {user_version}")
    db.commit()
    db.close()


def _version(path: Path) -> int:
    db = sqlite3.connect(path)
    try:
        version: int = db.execute("PRAGMA user_version").fetchone()[0]
        return version
    finally:
        db.close()


async def test_a_fresh_data_dir_gets_the_latest_schema(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.db")
    await store.start()
    try:
        assert await store.increment("incident") == 1
    finally:
        await store.close()
    assert _version(tmp_path / "state.db") == LATEST


@pytest.mark.parametrize("user_version", [0, 1])
async def test_an_older_data_dir_is_migrated_and_keeps_its_documents(
    tmp_path: Path, user_version: int
) -> None:
    path = tmp_path / "state.db"
    _old_data_dir(path, user_version)
    store = SqliteStateStore(path)
    await store.start()
    try:
        alerts = store.collection("alerts")
        assert await alerts.get("a1") == _DOC
        assert await alerts.find({"status": "open"}) == (1, [_DOC])
        await alerts.update("a1", {"status": "closed"}, version=1)
    finally:
        await store.close()
    assert _version(path) == LATEST
    store = SqliteStateStore(path)
    await store.start()
    try:
        assert await store.increment("incident") == 1  # the second start finds nothing to migrate
        assert (await store.collection("alerts").get("a1"))["status"] == "closed"
    finally:
        await store.close()
    assert _version(path) == LATEST


async def test_a_data_dir_from_a_newer_mozdef_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    _old_data_dir(path, LATEST + 1)
    store = SqliteStateStore(path)
    with pytest.raises(StoreUnavailableError, match=rf"version {LATEST + 1}.*up to {LATEST}"):
        await store.start()
    await store.close()
    assert _version(path) == LATEST + 1


def _plans(store: SqliteStateStore, statements: list[str]) -> list[str]:
    """SQLite's plan for each statement (traced with its values in place), one line each."""
    db = store.db()
    return [
        " | ".join(str(row[-1]) for row in db.execute(f"EXPLAIN QUERY PLAN {sql}").fetchall())
        for sql in statements
        if sql.startswith("SELECT")
    ]


async def test_filters_and_sorts_on_an_indexed_path_use_the_index(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.db")
    await store.start()
    try:
        alerts = store.collection("alerts")
        for i in range(20):
            await alerts.insert(
                {"status": "open" if i % 2 else "closed", "dates": {"closed": f"2024-05-{i:02}"}}
            )
        for _ in range(2):
            await alerts.ensure_index("status")
            await alerts.ensure_index("dates.closed")
        names = [r[0] for r in store.db().execute("SELECT name FROM sqlite_master WHERE type = 'index'")]
        assert len([n for n in names if n.startswith("documents_by_status_")]) == 1
        assert len([n for n in names if n.startswith("documents_by_dates_closed_")]) == 1

        traced: list[str] = []
        store.db().set_trace_callback(traced.append)  # the statements exactly as run, values in place
        assert await alerts.count({"status": "open"}) == 10
        assert await alerts.count({"status": {"$in": ["open", "x"]}}) == 10
        total, page = await alerts.find({"status": "open"}, sort=[("dates.closed", -1)], limit=3)
        assert (total, [d["dates"]["closed"] for d in page]) == (
            10,
            ["2024-05-19", "2024-05-17", "2024-05-15"],
        )
        await alerts.find(sort=[("dates.closed", 1)], limit=3)
        await alerts.find()
        store.db().set_trace_callback(None)
        count, count_in, filtered, sorted_page, default_page = _plans(store, traced)
        assert "USING INDEX documents_by_status_" in count
        assert "USING INDEX documents_by_status_" in count_in
        assert "documents_by_status_" in filtered
        assert "documents_by_dates_closed_" in sorted_page
        assert "documents_by_updated" in default_page
    finally:
        await store.close()


async def test_icontains_folds_case_beyond_ascii(tmp_path: Path) -> None:
    store = SqliteStateStore(tmp_path / "state.db")
    await store.start()
    try:
        notes = store.collection("notes")
        await notes.insert({"text": "Éric a vu ÉCOLE"})
        assert await notes.count({"text": {"$icontains": "école"}}) == 1
    finally:
        await store.close()
