"""The real backends on tmp dirs: the tantivy event store and the SQLite state store, plus helpers
to write events at chosen times and to build rules from the rule models."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from mozdef_common.rules.models import RULE_TYPES, RuleBase
from mozdef_common.state.sqlite import SqliteStateStore
from mozdef_common.store.tantivy_store import TantivyEventStore
from mozdef_common.types import Event
from tests.support.events import make_event
from tests.support.store import store

__all__ = ["store"]

#: The instant every test's timeline starts from.
T0 = datetime(2026, 11, 27, 10, 0, tzinfo=UTC)


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[SqliteStateStore]:
    s = SqliteStateStore(tmp_path / "state.db")
    await s.start()
    yield s
    await s.close()


def at(seconds: float) -> datetime:
    return T0 + timedelta(seconds=seconds)


def login(seconds: float, ip: str | None = "198.51.100.1", user: str = "root", **details: Any) -> Event:
    """A failed sshd login ``seconds`` after T0 (``ip=None``: the event has no source address)."""
    body: dict[str, Any] = {"program": "sshd", "action": "failed", "username": user, **details}
    if ip is not None:
        body["sourceipaddress"] = ip
    return make_event(
        utctimestamp=at(seconds).isoformat(),
        category="authentication",
        processname="sshd",
        summary=f"Failed password for {user} from {ip}",
        details=body,
    )


def heartbeat(seconds: float, host: str) -> Event:
    return make_event(
        utctimestamp=at(seconds).isoformat(), category="heartbeat", hostname=host, summary="alive"
    )


async def write(store: TantivyEventStore, *events: Event) -> None:
    result = await store.write("events", list(events))
    assert not result.failed


def rule(**keys: Any) -> RuleBase:
    """A validated rule model; ``id`` and ``name`` default."""
    body = {"id": f"test-{keys['type']}", "name": f"test {keys['type']}", **keys}
    return RULE_TYPES[keys["type"]].model_validate(body)
