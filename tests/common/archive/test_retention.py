"""Retention on the embedded store: only days older than each family's limit go, never today's."""

from __future__ import annotations

import asyncio
from datetime import date, timedelta
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from mozdef_common.archive import RetentionJob, RetentionPolicy, apply_retention
from mozdef_common.archive.days import store_days
from mozdef_common.archive.settings import ArchiveSettings
from tests.common.archive.conftest import DAYS, NOW, PER_DAY, Setup, events_of
from tests.support.events import make_event

TODAY = NOW.date()


def test_expiry_boundaries() -> None:
    policy = RetentionPolicy(days={"events": 7, "alerts": 0})
    assert policy.expired("events", TODAY - timedelta(days=8), TODAY)
    assert not policy.expired("events", TODAY - timedelta(days=7), TODAY)  # exactly the limit: kept
    assert not policy.expired("events", TODAY, TODAY)
    assert not policy.expired("alerts", date(2000, 1, 1), TODAY)  # 0: forever
    assert not policy.expired("other", date(2000, 1, 1), TODAY)  # unnamed: forever


def test_settings_defaults_and_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("EVENTS", "ALERTS", "DEADLETTER"):
        monkeypatch.delenv(f"MOZDEF_RETENTION_{name}_DAYS", raising=False)
    monkeypatch.delenv("MOZDEF_ARCHIVE_DIR", raising=False)
    settings = ArchiveSettings(data_dir=tmp_path)
    assert dict(settings.retention_policy().days) == {"events": 90, "alerts": 365, "deadletter": 30}
    assert settings.resolved_archive_dir == tmp_path.resolve() / "archive"
    monkeypatch.setenv("MOZDEF_RETENTION_EVENTS_DAYS", "0")
    monkeypatch.setenv("MOZDEF_ARCHIVE_DIR", str(tmp_path / "elsewhere"))
    settings = ArchiveSettings()
    assert settings.retention_policy().days["events"] == 0
    assert settings.resolved_archive_dir == tmp_path.resolve() / "elsewhere"


async def test_drops_only_days_older_than_the_limit(setup: Setup) -> None:
    # Today's day is being written; the limit puts DAYS[0] and DAYS[1] out, DAYS[2] in.
    await setup.store.write("events", [make_event(id="today", utctimestamp=NOW.isoformat())])
    await setup.store.write("deadletter", events_of(DAYS[0], 3))
    keep = (TODAY - DAYS[2]).days
    policy = RetentionPolicy(days={"events": keep, "alerts": 0, "deadletter": 0})
    report = await apply_retention(setup.store, policy, TODAY)
    assert report.dropped == [("events", DAYS[0], PER_DAY), ("events", DAYS[1], PER_DAY)]
    left = await store_days(setup.store)
    assert left == {
        ("events", DAYS[2]): PER_DAY,
        ("events", TODAY): 1,
        ("alerts", DAYS[1]): 1,
        ("deadletter", DAYS[0]): 3,
    }
    # A limit of one day keeps yesterday and today; the writer of today's day is never in the way.
    report = await apply_retention(setup.store, RetentionPolicy(days={"events": 1}), TODAY)
    assert [d for _, d, _ in report.dropped] == [DAYS[2]]
    assert (await store_days(setup.store))[("events", TODAY)] == 1


async def test_archive_first_archives_before_dropping(setup: Setup) -> None:
    policy = RetentionPolicy(days={"events": (TODAY - DAYS[0]).days - 1}, archive_first=True)
    report = await apply_retention(setup.store, policy, TODAY, archiver=setup.archiver)
    assert report.dropped == [("events", DAYS[0], PER_DAY)]
    manifest = setup.archiver.manifest("events", DAYS[0])
    assert manifest.count == PER_DAY
    await setup.archiver.restore("events", DAYS[0])
    assert (await store_days(setup.store))[("events", DAYS[0])] == PER_DAY


async def test_the_job_runs_and_counts(setup: Setup) -> None:
    registry = CollectorRegistry()
    policy = RetentionPolicy(days={"events": (TODAY - DAYS[2]).days})
    job = RetentionJob(
        setup.store, policy, interval=3600, registry=registry, first_delay=0.01, clock=lambda: NOW
    )
    stop = asyncio.Event()
    task = asyncio.create_task(job.run(stop))
    for _ in range(200):
        if registry.get_sample_value("mozdef_retention_runs_total", {"outcome": "ok"}):
            break
        await asyncio.sleep(0.01)
    stop.set()
    await asyncio.wait_for(task, 5)
    assert registry.get_sample_value("mozdef_retention_days_dropped_total", {"family": "events"}) == 2
    assert registry.get_sample_value("mozdef_retention_events_dropped_total", {"family": "events"}) == (
        2 * PER_DAY
    )
