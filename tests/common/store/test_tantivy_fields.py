"""The field catalog: top-level fields and every details path seen, typed."""

from __future__ import annotations

from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event


async def test_catalog_types_every_path(store: TantivyEventStore) -> None:
    await store.write(
        "events",
        [
            make_event(utctimestamp="2026-11-26T10:00:00+00:00", details={"user": {"name": "a", "uid": 1}}),
            make_event(details={"ok": True, "when": "2026-11-27T09:00:00Z", "port": 22, "a.b": "x"}),
        ],
    )
    fields = dict(await store.fields())
    assert fields["hostname"] == "keyword"
    assert fields["summary"] == "text"
    assert fields["utctimestamp"] == "date"
    assert fields["details"] == "object"
    assert {k: v for k, v in fields.items() if k.startswith("details.")} == {
        "details.a": "object",
        "details.a.b": "keyword",
        "details.ok": "boolean",
        "details.port": "number",
        "details.user": "object",
        "details.user.name": "keyword",
        "details.user.uid": "number",
        "details.when": "date",
    }
    assert await store.fields("deadletter") == [f for f in await store.fields() if "." not in f[0]]
