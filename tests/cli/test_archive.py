"""`mozdef archive list|create|prune|restore|retention` as an operator runs them, on a real data dir."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from mozdef_common.archive.days import store_days
from mozdef_common.event import utc_iso
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store
from tests.support.events import make_event

OLD = (datetime.now(UTC) - timedelta(days=200)).date()
RECENT = (datetime.now(UTC) - timedelta(days=2)).date()


def mozdef(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "MOZDEF_DATA_DIR": str(tmp_path), **env}
    for name in ("MOZDEF_EVENTS_URL", "MOZDEF_ARCHIVE_DIR", "MOZDEF_ARCHIVE_REPOSITORY"):
        environment.pop(name, None)
    return subprocess.run(
        [sys.executable, "-m", "mozdef_cli", "archive", *args],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


async def _write(tmp_path: Path) -> None:
    store = open_event_store(CommonSettings(data_dir=tmp_path), writer=True)
    for day, n in ((OLD, 40), (RECENT, 10)):
        start = datetime(day.year, day.month, day.day, tzinfo=UTC)
        events = [
            make_event(id=f"{day}-{i}", utctimestamp=utc_iso(start + timedelta(seconds=i))) for i in range(n)
        ]
        await store.write("events", events)
    await store.close()


def _days(tmp_path: Path) -> dict[str, int]:
    async def read() -> dict[str, int]:
        store = open_event_store(CommonSettings(data_dir=tmp_path))
        try:
            return {str(day): count for (_, day), count in (await store_days(store)).items()}
        finally:
            await store.close()

    return asyncio.run(read())


def test_create_prune_restore_list(tmp_path: Path) -> None:
    asyncio.run(_write(tmp_path))
    day = ["--family", "events", "--day", str(OLD)]

    refused = mozdef(tmp_path, "prune", *day)
    assert refused.returncode == 2
    assert "no archive" in refused.stderr

    created = mozdef(tmp_path, "create", *day)
    assert created.returncode == 0, created.stderr
    assert "export: 40/40 events (100%)" in created.stderr  # progress
    assert "verify: 40/40 events" in created.stderr
    assert created.stdout.startswith(f"archived events-{OLD:%Y%m%d}: 40 events, sha256 ")

    listed = mozdef(tmp_path, "list")
    rows = {line.split("\t")[1]: line.split("\t") for line in listed.stdout.splitlines()[1:]}
    assert rows[str(OLD)][2:4] == ["40", "40"]
    assert rows[str(RECENT)][2:4] == ["10", "-"]

    pruned = mozdef(tmp_path, "prune", *day)
    assert pruned.returncode == 0, pruned.stderr
    assert "40 events dropped" in pruned.stdout
    assert str(OLD) not in _days(tmp_path)

    restored = mozdef(tmp_path, "restore", *day)
    assert restored.returncode == 0, restored.stderr
    assert "restore: 40/40 events" in restored.stderr
    assert _days(tmp_path)[str(OLD)] == 40


def test_force_prune_and_bad_input(tmp_path: Path) -> None:
    asyncio.run(_write(tmp_path))
    forced = mozdef(tmp_path, "prune", "--family", "events", "--day", str(RECENT), "--force")
    assert forced.returncode == 0, forced.stderr
    assert str(RECENT) not in _days(tmp_path)
    bad = mozdef(tmp_path, "create", "--family", "events", "--day", "yesterday")
    assert bad.returncode == 2
    assert "YYYY-MM-DD" in bad.stderr
    missing = mozdef(tmp_path, "restore", "--family", "alerts", "--day", str(OLD))
    assert missing.returncode == 2
    assert "no archive" in missing.stderr


def test_retention_once(tmp_path: Path) -> None:
    asyncio.run(_write(tmp_path))
    ran = mozdef(tmp_path, "retention", MOZDEF_RETENTION_ARCHIVE_FIRST="true")
    assert ran.returncode == 0, ran.stderr
    assert f"dropped events on {OLD}: 40 events" in ran.stdout
    assert _days(tmp_path) == {str(RECENT): 10}
    assert (tmp_path / "archive" / f"events-{OLD:%Y%m%d}.manifest.json").is_file()
