"""``GET /api/v1/health`` on an empty and a busy system, with the stores the app really uses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from mozdef_alerter.scheduled.runs import RunLog, RunOutcome
from mozdef_api.settings import ApiSettings
from mozdef_common import topics
from mozdef_common.archive.manifest import Manifest, write_manifest
from mozdef_common.bus.base import Record
from mozdef_common.bus.embedded import EmbeddedBus
from tests.api.health.conftest import deadletters, events, write
from tests.support.api import Api, running_api

URL = "/api/v1/health"


async def health(api: Api, role: str = "viewer") -> dict[str, Any]:
    response = await (await api.client(role)).get(URL)
    assert response.status_code == 200, response.text
    answer: dict[str, Any] = response.json()
    return answer


async def test_an_empty_system_is_ok_with_zeros(api: Api) -> None:
    answer = await health(api)
    assert answer["status"] == "ok"
    assert answer["reasons"] == []
    minute, hour = answer["rates"]["last_minute"], answer["rates"]["last_hour"]
    assert (minute["window_s"], hour["window_s"]) == (60, 3600)
    assert minute["in_per_s"] == hour["out_per_s"] == 0
    assert answer["rates"]["last_event_received"] is None
    assert answer["deadletters"] == {"last_hour": 0, "last_day": 0}
    assert answer["store"]["reachable"]
    assert answer["store"]["families"] == {}
    assert answer["state"] == {"reachable": True, "error": None}
    assert answer["rule_runs"] == {"rules": 0, "last_run": None, "failing": []}
    assert answer["last_archive"] is None
    assert answer["cache_s"] > 0


async def test_a_busy_system_reports_rates_store_and_dead_letters(settings: ApiSettings) -> None:
    await write(settings, "events", events(30, seconds=10) + events(90, minutes=20) + events(5, days=3))
    await write(settings, "deadletter", deadletters(3))
    async with running_api(settings) as api:
        answer = await health(api)
    minute, hour = answer["rates"]["last_minute"], answer["rates"]["last_hour"]
    assert (minute["events"], minute["deadletters"]) == (30, 3)
    assert (hour["events"], hour["deadletters"]) == (120, 3)
    assert hour["out_per_s"] == round(120 / 3600, 3)
    assert minute["in_per_s"] == round(33 / 60, 3)
    assert answer["rates"]["last_event_received"] is not None
    assert answer["deadletters"] == {"last_hour": 3, "last_day": 3}
    families = answer["store"]["families"]
    assert families["events"]["documents"] == 125
    assert families["deadletter"]["documents"] == 3
    today = datetime.now(UTC).date()
    assert families["events"]["newest_day"] == today.isoformat()
    assert families["events"]["oldest_day"] == (today - timedelta(days=3)).isoformat()
    assert sum(n for name, n in answer["store"]["indices"] if name.startswith("events-")) == 125
    # Three dead letters against 123 events in: routine, not a reason to page anyone.
    assert answer["status"] == "ok", answer["reasons"]


async def test_failing_rules_and_a_dead_letter_spike_degrade(settings: ApiSettings) -> None:
    await write(settings, "events", events(50, seconds=5))
    await write(settings, "deadletter", deadletters(20))
    async with running_api(settings) as api:
        runs = RunLog(api.state)
        now = datetime.now(UTC)
        await runs.record(RunOutcome("mozdef.ssh.bruteforce", now, 0.01, hits=1))
        await runs.record(RunOutcome("site.broken", now, 0.02, error="QueryError: no such field"))
        answer = await health(api)
    assert answer["status"] == "degraded"
    assert answer["rule_runs"]["rules"] == 2
    assert answer["rule_runs"]["last_run"] == now.isoformat()
    [failing] = answer["rule_runs"]["failing"]
    assert failing["id"] == "site.broken"
    assert failing["last_error"] == "QueryError: no such field"
    assert failing["failures"] == 1
    reasons = " | ".join(answer["reasons"])
    assert "1 scheduled rule(s) failing: site.broken" in reasons
    assert "20 dead letters in the last hour (29% of events in)" in reasons


async def test_a_pipeline_gone_quiet_degrades(settings: ApiSettings) -> None:
    await write(settings, "events", events(10, minutes=40))
    async with running_api(settings) as api:
        answer = await health(api)
    assert answer["status"] == "degraded"
    assert answer["reasons"] == ["no event indexed for 40 minutes"]


async def test_the_newest_archive_is_shown(api: Api) -> None:
    folder = api.settings.resolved_data_dir / "archive"
    folder.mkdir(parents=True)
    for day, created in (
        ("2026-01-01", "2026-01-02T00:00:00+00:00"),
        ("2026-01-02", "2026-01-03T00:00:00+00:00"),
    ):
        compact = day.replace("-", "")
        write_manifest(
            folder,
            Manifest(
                id=f"events-{compact}",
                family="events",
                day=day,
                index=f"events-{compact}",
                file=f"events-{compact}.ndjson.gz",
                count=10,
                sha256="0" * 64,
                bytes=100,
                created=created,
            ),
        )
    answer = await health(api)
    assert answer["last_archive"]["id"] == "events-20260102"
    assert answer["status"] == "ok"


async def test_readers_may_look_and_others_may_not(api: Api) -> None:
    for role in ("viewer", "analyst", "admin"):
        assert (await (await api.client(role)).get(URL)).status_code == 200
    assert (await (await api.client("shipper")).get(URL)).status_code == 403
    anonymous = await (await api.client(None)).get(URL)
    assert anonymous.status_code == 401
    assert (await (await api.client(None)).get("/readyz")).json() == {"ready": True}


async def test_lag_of_stages_in_other_processes_is_read_on_the_bus(api: Api, tmp_path: Path) -> None:
    bus = EmbeddedBus(tmp_path / "bus")
    await bus.start()
    try:
        await bus.producer().send_batch(topics.RAW, [Record(b"{}") for _ in range(7)])
        api.app.state.bus = bus  # as the api server wires it; no enrich runs here to consume
        answer = await health(api)
    finally:
        await bus.close()
    enrich = next(s for s in answer["lag"]["stages"] if s["group"] == "mozdef-enrich")
    assert (enrich["stage"], enrich["total"]) == ("enrich", 7)
