"""The action tests' fixtures: the real SQLite state store, the real embedded bus, a real HTTP client."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest

from mozdef_alerter.actions import ActionContext, ActionSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Record, open_bus
from mozdef_common.event import utcnow_iso
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store

_ids = itertools.count(1)
PUBLIC = "https://mozdef.example.org"


def make_alert(**overrides: Any) -> dict[str, Any]:
    """An alert as the alerter publishes it (docs/rules.md, "The alert")."""
    n = next(_ids)
    alert: dict[str, Any] = {
        "id": f"alert-{n:05d}",
        "utctimestamp": utcnow_iso(),
        "last_seen": utcnow_iso(),
        "summary": f"12 failed SSH logins from 203.0.113.{n % 250}",
        "category": "bruteforce",
        "severity": "WARNING",
        "tags": ["ssh", "bruteforce"],
        "rule_id": "ssh-bruteforce",
        "rule_name": "SSH brute force",
        "rule_type": "threshold",
        "dedup_key": f"ssh-bruteforce|203.0.113.{n % 250}",
        "event_count": 12,
        "events": [{"id": f"ev-{n}", "summary": "Failed password for root"}],
        "group": {"details.sourceipaddress": f"203.0.113.{n % 250}"},
    }
    alert.update(overrides)
    return alert


def fast_settings(**overrides: Any) -> ActionSettings:
    """Settings with retries in tens of milliseconds, so the tests wait little."""
    values: dict[str, Any] = {
        "public_url": PUBLIC,
        "actions_backoff_s": 0.1,
        "actions_max_backoff_s": 1.0,
        "actions_max_attempts": 3,
        "actions_timeout_s": 5.0,
        "actions_poll_s": 0.05,
        **overrides,
    }
    return ActionSettings(**values)


@pytest.fixture
async def state(tmp_path: Path) -> AsyncIterator[StateStore]:
    store = open_state_store(CommonSettings(data_dir=tmp_path))
    await store.start()
    yield store
    await store.close()


@pytest.fixture
async def bus(tmp_path: Path) -> AsyncIterator[Bus]:
    bus = open_bus(CommonSettings(data_dir=tmp_path))
    await bus.start()
    yield bus
    await bus.close()


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=5.0, trust_env=False) as client:
        yield client


def context(
    state: StateStore, http: httpx.AsyncClient, env: dict[str, str], **settings: Any
) -> ActionContext:
    return ActionContext(fast_settings(**settings), http, state, env)


async def publish(bus: Bus, alerts: Iterable[dict[str, Any]]) -> None:
    await bus.producer().send_batch(topics.ALERTS, [Record(orjson.dumps(a)) for a in alerts])


async def wait_for(predicate: Callable[[], Awaitable[bool]], timeout_s: float = 15.0) -> None:
    """Until ``predicate()`` holds; TimeoutError after ``timeout_s``."""
    deadline = asyncio.get_running_loop().time() + timeout_s
    while not await predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise TimeoutError("condition not met in time")
        await asyncio.sleep(0.02)
