"""The attacker tests' fixtures: the real app on a real SQLite state store, the real embedded bus."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import orjson
import pytest

from mozdef_api.attackers.consumer import AttackerConsumer
from mozdef_api.settings import ApiSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Message, open_bus
from mozdef_common.event import utc_iso
from tests.support.api import Api, running_api

NOW = datetime.now(UTC)
_ids = itertools.count(1)


def ago(days: float = 0.0, minutes: float = 5.0) -> str:
    return utc_iso(NOW - timedelta(days=days, minutes=minutes))


def attack(source: str | None, **overrides: Any) -> dict[str, Any]:
    """An alert as the alerter publishes it, grouped on ``source`` (None: no group)."""
    n = next(_ids)
    alert: dict[str, Any] = {
        "id": f"atk-alert-{n:05d}",
        "utctimestamp": ago(),
        "last_seen": ago(),
        "summary": f"failed logins from {source}",
        "category": "bruteforce",
        "severity": "WARNING",
        "tags": ["ssh"],
        "rule_id": "mozdef.ssh.bruteforce",
        "event_count": 10,
        "events": [{"id": f"ev-{n}", "index": "events-x", "utctimestamp": ago(), "summary": "s"}],
        "group": {"details.sourceipaddress": source} if source else {},
    }
    alert.update(overrides)
    return alert


def messages(alerts: list[dict[str, Any]], start: int = 0) -> list[Message]:
    return [
        Message(topic=topics.ALERTS, partition=0, offset=start + i, value=orjson.dumps(a))
        for i, a in enumerate(alerts)
    ]


async def count_alerts(api: Api, bus: Bus, alerts: list[dict[str, Any]]) -> None:
    """Count alerts through the consumer's own batch handler, without waiting on a bus read."""
    await AttackerConsumer(api.app, bus).handle(messages(alerts))


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path)) as running:
        yield running


@pytest.fixture
async def bus(tmp_path: Path) -> AsyncIterator[Bus]:
    bus = open_bus(ApiSettings(data_dir=tmp_path))
    await bus.start()
    yield bus
    await bus.close()
