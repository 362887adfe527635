"""The alerter as `mozdef run alerter` runs it: indexed events in, alerts out, offsets after delivery."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

import orjson
import pytest

from mozdef_alerter import app
from mozdef_alerter.settings import AlerterSettings
from mozdef_api.alerts.model import decode_alert
from mozdef_common import topics
from mozdef_common.bus import Bus, Record, open_bus
from mozdef_common.errors import StoreError
from mozdef_common.query.parser import parse_query
from mozdef_common.store import SearchRequest, open_event_store
from tests.alerter.conftest import read_topic
from tests.support.events import make_event

RULE = """\
id: root-login
name: Root login
type: match
severity: ERROR
summary: "root login on {hostname}"
query: details.username:root
dedup: {key: [hostname], window: 1h}
"""


def settings_for(tmp_path: Path, **more: object) -> AlerterSettings:
    rules = tmp_path / "rules"
    rules.mkdir(exist_ok=True)
    return AlerterSettings(data_dir=tmp_path, rules_dir=rules, rules_reload_seconds=0.2, **more)  # type: ignore[arg-type]


@asynccontextmanager
async def running(settings: AlerterSettings) -> AsyncIterator[asyncio.Task[None]]:
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(app.run(settings, stop, ready=ready))
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait({task, waiter}, timeout=20, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    try:
        yield task
    finally:
        stop.set()
        await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 30)


async def publish(bus: Bus, *events: dict[str, object]) -> None:
    await bus.producer().send_batch(
        topics.INDEXED, [Record(orjson.dumps(e), key=str(e["id"]).encode()) for e in events]
    )


async def wait_for(predicate: Callable[[], object], timeout: float = 15) -> None:
    for _ in range(int(timeout / 0.05)):
        if await predicate():  # type: ignore[misc]
            return
        await asyncio.sleep(0.05)
    raise AssertionError("condition not reached")


def root(host: str) -> dict[str, object]:
    return make_event(hostname=host, details={"username": "root"})


async def test_match_to_alert_end_to_end_with_hot_reload(tmp_path: Path) -> None:
    settings = settings_for(tmp_path, rules_builtin=False)
    (settings.resolved_rules_dir / "root.yml").write_text(RULE)
    bus = open_bus(settings)
    await bus.start()
    try:
        async with running(settings):
            await publish(bus, root("web1"), root("web1"), make_event(details={"username": "ann"}))
            alerts: list[dict[str, object]] = []

            async def arrived() -> bool:
                alerts.extend(decode_alert(m.value) for m in await read_topic(bus, 1))
                return len(alerts) >= 1

            await wait_for(arrived)
            assert alerts[0]["summary"] == "root login on web1"
            assert alerts[0]["event_count"] == 2
            # A new rule file is picked up without a restart.
            (settings.resolved_rules_dir / "ann.yml").write_text(
                "id: ann\nname: Ann\ntype: match\nquery: details.username:ann\n"
            )
            await asyncio.sleep(1.0)
            await publish(bus, make_event(details={"username": "ann"}))
            alerts.clear()
            await wait_for(arrived)
            assert alerts[0]["rule_id"] == "ann"
        reader = open_event_store(settings)
        found = await reader.search(SearchRequest(parse_query("details.rule_id:root-login"), family="alerts"))
        assert found.total == 1
        await reader.close()
        lag = await (await bus.consumer([topics.INDEXED], "alerter")).lag()
        assert sum(lag.values()) == 0  # everything committed once delivered
    finally:
        await bus.close()


async def test_offsets_are_committed_only_after_the_alerts_are_delivered(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = settings_for(tmp_path, rules_builtin=False)
    (settings.resolved_rules_dir / "root.yml").write_text(RULE)
    bus = open_bus(settings)
    await bus.start()
    try:
        await publish(bus, root("db1"))
        # Crash: the alerts index cannot be written (the store is read-only), the stage dies mid-batch.
        with monkeypatch.context() as patch:
            patch.setattr(app, "open_event_store", lambda s, writer=False: open_event_store(s))
            async with running(settings) as task:
                await asyncio.wait_for(asyncio.gather(task, return_exceptions=True), 20)
                assert isinstance(task.exception(), StoreError)
        assert await read_topic(bus, 0) == []  # nothing published…
        lag = await (await bus.consumer([topics.INDEXED], "alerter")).lag()
        assert sum(lag.values()) == 1  # …and nothing committed: the batch replays
        async with running(settings):
            messages = []

            async def arrived() -> bool:
                messages.extend(await read_topic(bus, 1))
                return bool(messages)

            await wait_for(arrived)
        assert orjson.loads(messages[0].value)["summary"] == "root login on db1"
    finally:
        await bus.close()


@pytest.mark.kafka
async def test_on_kafka(tmp_path: Path, kafka_bootstrap: str) -> None:
    settings = settings_for(
        tmp_path, rules_builtin=False, bus_url=f"kafka://{kafka_bootstrap}", alerter_group="alerter-kafka"
    )
    (settings.resolved_rules_dir / "root.yml").write_text(RULE)
    bus = open_bus(settings)
    await bus.start()
    try:
        async with running(settings):
            await publish(bus, root("k1"))
            found: list[dict[str, object]] = []

            async def arrived() -> bool:
                found.extend(decode_alert(m.value) for m in await read_topic(bus, 1, group="kafka-reader"))
                return any(a["summary"] == "root login on k1" for a in found)

            await wait_for(arrived, timeout=60)
    finally:
        await bus.close()
