"""Archive REST for admins, on real tantivy and SQLite stores: roles, archive, prune, restore, audit."""

from __future__ import annotations

import asyncio
import gzip
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from mozdef_api.settings import ApiSettings
from mozdef_common.event import utc_iso
from mozdef_common.store import open_event_store
from tests.support.api import Api, running_api
from tests.support.events import make_event

DAY = (datetime.now(UTC) - timedelta(days=3)).date()
ID = f"events-{DAY:%Y%m%d}"
COUNT = 25


def _at(day: date, minute: int) -> str:
    return utc_iso(datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(minutes=minute))


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    settings = ApiSettings(data_dir=tmp_path)
    writer = open_event_store(settings, writer=True)
    await writer.write(
        "events",
        [make_event(id=f"ev-{i:03d}", utctimestamp=_at(DAY, i), summary=f"probe {i}") for i in range(COUNT)],
    )
    await writer.write("events", [make_event(id="other", utctimestamp=_at(DAY - timedelta(days=1), 5))])
    await writer.close()
    async with running_api(settings) as running:
        yield running


async def _ids(client: httpx.AsyncClient) -> set[str]:
    window: dict[str, str | int] = {
        "q": "*",
        "start": f"{DAY}T00:00:00Z",
        "end": f"{DAY}T23:59:59Z",
        "size": 100,
    }
    answer = await client.get("/api/v1/events/search", params=window)
    assert answer.status_code == 200, answer.text
    return {hit["id"] for hit in answer.json()["hits"]}


@pytest.mark.parametrize("role", [None, "viewer", "analyst", "shipper"])
async def test_only_admins(api: Api, role: str | None) -> None:
    client = await api.client(role)
    expected = 401 if role is None else 403
    calls = [
        client.get("/api/v1/archives"),
        client.post("/api/v1/archives", json={"family": "events", "day": str(DAY)}),
        client.post(f"/api/v1/archives/{ID}/restore"),
        client.delete(f"/api/v1/archives/days/events/{DAY}"),
    ]
    for call in calls:
        assert (await call).status_code == expected
    assert (api.settings.data_dir / "events" / ID).is_dir()


async def test_archive_prune_restore_over_rest(api: Api) -> None:
    admin = await api.client("admin")
    analyst = await api.client("analyst")
    before = await _ids(analyst)
    assert len(before) == COUNT

    refused = await admin.delete(f"/api/v1/archives/days/events/{DAY}")
    assert refused.status_code == 409
    assert "no archive" in refused.json()["error"]["reason"]

    created = await admin.post("/api/v1/archives", json={"family": "events", "day": str(DAY)})
    assert created.status_code == 201, created.text
    manifest = created.json()
    assert (manifest["id"], manifest["count"], manifest["day"]) == (ID, COUNT, str(DAY))

    listed = {row["id"]: row for row in (await admin.get("/api/v1/archives")).json()["archives"]}
    assert listed[ID]["live"] == COUNT
    assert listed[ID]["archive"]["sha256"] == manifest["sha256"]

    pruned = await admin.delete(f"/api/v1/archives/days/events/{DAY}")
    assert pruned.json() == {"family": "events", "day": str(DAY), "dropped": COUNT, "forced": False}
    assert await _ids(analyst) == set()

    restored = await admin.post(f"/api/v1/archives/{ID}/restore")
    assert restored.status_code == 200, restored.text
    assert restored.json()["restored"] is not None
    assert await _ids(analyst) == before
    hit = (await analyst.get("/api/v1/events/search", params={"q": "summary:probe AND id:ev-007"})).json()
    assert [h["id"] for h in hit["hits"]] == ["ev-007"]

    again = await admin.post(f"/api/v1/archives/{ID}/restore")
    assert again.status_code == 409  # the day is live

    audit = (await admin.get("/api/v1/audit", params={"target": ID})).json()["records"]
    assert [(r["action"], r["outcome"]) for r in reversed(audit)] == [
        ("archive.prune", "refused"),
        ("archive.create", "ok"),
        ("archive.prune", "ok"),
        ("archive.restore", "ok"),
        ("archive.restore", "refused"),
    ]


async def test_tampered_archive_is_refused(api: Api) -> None:
    admin = await api.client("admin")
    assert (
        await admin.post("/api/v1/archives", json={"family": "events", "day": str(DAY)})
    ).status_code == 201
    path = api.settings.data_dir / "archive" / f"{ID}.ndjson.gz"
    data = gzip.decompress(path.read_bytes()).replace(b"probe 3", b"probe 9")
    path.write_bytes(gzip.compress(data))
    refused = await admin.delete(f"/api/v1/archives/days/events/{DAY}")
    assert refused.status_code == 409
    assert "checksum" in refused.json()["error"]["reason"]
    forced = await admin.delete(f"/api/v1/archives/days/events/{DAY}", params={"force": "true"})
    assert forced.json()["dropped"] == COUNT
    corrupt = await admin.post(f"/api/v1/archives/{ID}/restore")
    assert corrupt.status_code == 409
    assert await _ids(await api.client("analyst")) == set()


async def test_bad_requests(api: Api) -> None:
    admin = await api.client("admin")
    assert (await admin.post("/api/v1/archives", json={"family": "nope", "day": str(DAY)})).status_code == 400
    assert (await admin.post("/api/v1/archives", json={"family": "events", "day": "x"})).status_code == 400
    today = {"family": "events", "day": str(datetime.now(UTC).date())}
    assert (await admin.post("/api/v1/archives", json=today)).status_code == 409
    assert (await admin.post("/api/v1/archives/events-20000101/restore")).status_code == 404
    assert (await admin.post("/api/v1/archives/garbage/restore")).status_code == 404


async def test_retention_runs_in_the_api_lifespan(api: Api, monkeypatch: pytest.MonkeyPatch) -> None:
    from mozdef_api import archives

    monkeypatch.setattr(archives, "FIRST_RUN_DELAY_S", 0.01)
    monkeypatch.setenv("MOZDEF_RETENTION_EVENTS_DAYS", "3")  # DAY (3 days ago) stays, the day before goes
    registry = api.app.state.metrics.registry
    async with archives.retention(api.app):
        for _ in range(300):
            if registry.get_sample_value("mozdef_retention_runs_total", {"outcome": "ok"}):
                break
            await asyncio.sleep(0.01)
    assert registry.get_sample_value("mozdef_retention_days_dropped_total", {"family": "events"}) == 1
    assert registry.get_sample_value("mozdef_retention_events_dropped_total", {"family": "events"}) == 1
    assert await _ids(await api.client("analyst")) == {f"ev-{i:03d}" for i in range(COUNT)}
