"""The action runner on the real embedded bus and the real SQLite state store, against receivers."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import orjson

from mozdef_alerter.actions import ActionRunner
from mozdef_alerter.actions.records import ATTEMPTS, RUNS, TASKS, task_id
from mozdef_api.settings import ApiSettings
from mozdef_common import topics
from mozdef_common.bus import Bus, Message
from mozdef_common.errors import NotFoundError
from mozdef_common.state import Document, StateStore
from tests.alerter.actions.conftest import fast_settings, make_alert, publish, wait_for
from tests.alerter.actions.receivers import HttpReceiver, http_receiver
from tests.support.api import running_api


def webhooks(by_rule: dict[str, HttpReceiver]) -> Callable[[str], list[dict[str, Any]]]:
    """The core's ``actions_for``: each rule posts to its receiver."""
    return lambda rule_id: [{"type": "webhook", "url": by_rule[rule_id].url}] if rule_id in by_rule else []


@asynccontextmanager
async def running(
    bus: Bus, state: StateStore, actions_for: Any, **settings: Any
) -> AsyncIterator[ActionRunner]:
    runner = ActionRunner(bus, state, actions_for, settings=fast_settings(**settings))
    await runner.start()
    try:
        yield runner
    finally:
        await runner.close()


async def task(state: StateStore, alert_id: str, index: int = 0) -> Document:
    return await state.collection(TASKS).get(task_id(alert_id, index))


async def attempts(state: StateStore, alert_id: str) -> list[Document]:
    _, docs = await state.collection(ATTEMPTS).find({"alert_id": alert_id}, sort=[("attempt", 1)])
    return docs


async def until_state(state: StateStore, alert_id: str, wanted: str, timeout_s: float = 15.0) -> Document:
    async def reached() -> bool:
        try:
            return bool((await task(state, alert_id))["state"] == wanted)
        except NotFoundError:  # not taken in yet
            return False

    await wait_for(reached, timeout_s)
    return await task(state, alert_id)


async def test_a_new_alert_runs_its_actions_and_every_attempt_is_recorded(
    bus: Bus, state: StateStore, tmp_path: Path
) -> None:
    alert = make_alert()
    async with http_receiver() as receiver, running(bus, state, webhooks({"ssh-bruteforce": receiver})):
        await publish(bus, [alert])
        done = await until_state(state, alert["id"], "ok")
    assert orjson.loads(receiver.requests[0].body)["id"] == alert["id"]
    assert done["attempts"] == 1
    (record,) = await attempts(state, alert["id"])
    assert record["action"] == "webhook"
    assert record["attempt"] == 1
    assert record["ok"] is True
    assert record["status"] == "200"
    assert record["at"]
    assert record["duration_ms"] >= 0

    async with running_api(ApiSettings(data_dir=tmp_path)) as api:
        viewer = await api.client("viewer")
        answer = (await viewer.get(f"/api/v1/alerts/{alert['id']}/actions")).json()
    assert answer["actions"] == [
        {"index": 0, "action": "webhook", "state": "ok", "attempts": 1, "next_at": None, "last_error": None}
    ]
    assert [(a["attempt"], a["ok"], a["status"]) for a in answer["attempts"]] == [(1, True, "200")]


async def test_a_failing_receiver_is_retried_with_growing_waits(bus: Bus, state: StateStore) -> None:
    alert = make_alert()
    async with (
        http_receiver([500, 503]) as receiver,
        running(bus, state, webhooks({"ssh-bruteforce": receiver}), actions_max_attempts=5),
    ):
        await publish(bus, [alert])
        done = await until_state(state, alert["id"], "ok")
    assert done["attempts"] == 3
    records = await attempts(state, alert["id"])
    assert [(r["attempt"], r["ok"], r["status"]) for r in records] == [
        (1, False, "500"), (2, False, "503"), (3, True, "200"),
    ]  # fmt: skip
    assert "answered 500" in records[0]["error"]
    first, second, third = (r.at for r in receiver.requests)
    # The waits are floors (a busy machine only lengthens them), so each is checked against its own:
    # 0.1 s, then doubled to 0.2 s, each less at most 20 % of jitter.
    assert second - first >= 0.08
    assert third - second >= 0.16


async def test_a_permanently_failing_action_never_blocks_the_next_alert(bus: Bus, state: StateStore) -> None:
    bad, good = make_alert(rule_id="bad"), make_alert(rule_id="good")
    async with (
        http_receiver(default=500) as broken,
        http_receiver() as working,
        running(bus, state, webhooks({"bad": broken, "good": working})),
    ):
        await publish(bus, [bad, good])
        await until_state(state, good["id"], "ok", timeout_s=5)
        assert (await task(state, bad["id"]))["state"] == "pending"  # still retrying meanwhile
        gave_up = await until_state(state, bad["id"], "failed")
    assert gave_up["attempts"] == 3  # actions_max_attempts
    assert "answered 500" in gave_up["last_error"]
    assert len(broken.requests) == 3
    assert [r["ok"] for r in await attempts(state, bad["id"])] == [False, False, False]


async def test_dedup_updates_do_not_run_the_actions_again(bus: Bus, state: StateStore) -> None:
    alert, later = make_alert(), make_alert()
    async with http_receiver() as receiver, running(bus, state, webhooks({"ssh-bruteforce": receiver})):
        await publish(bus, [alert])
        await until_state(state, alert["id"], "ok")
        await publish(bus, [{**alert, "event_count": 40, "last_seen": "later"}, alert, later])
        await until_state(state, later["id"], "ok")
    assert [orjson.loads(r.body)["id"] for r in receiver.requests] == [alert["id"], later["id"]]
    assert len(await attempts(state, alert["id"])) == 1


async def test_offsets_move_once_the_work_is_recorded_and_a_restart_finishes_it(
    bus: Bus, state: StateStore
) -> None:
    alert = make_alert()
    async with http_receiver(default=503) as down:
        port = down.port
        async with running(bus, state, webhooks({"ssh-bruteforce": down}), actions_max_attempts=10):
            await publish(bus, [alert])
            await wait_for(lambda: _has_attempt(state, alert["id"]))
    # Committed: the group has nothing left to read, though the action has not succeeded.
    consumer = await bus.consumer([topics.ALERTS], "alerter-actions")
    try:
        assert await consumer.getmany(100, 0.2) == []
    finally:
        await consumer.close()
    pending = await task(state, alert["id"])
    assert pending["state"] == "pending"

    # A new runner (a restart) finishes the recorded work from the store, not from the bus.
    async with (
        http_receiver(port=port) as up,  # the receiver is back, where the rule points
        running(bus, state, webhooks({"ssh-bruteforce": up}), actions_max_attempts=10),
    ):
        done = await until_state(state, alert["id"], "ok")
    assert len(up.requests) == 1
    assert done["attempts"] >= 2
    assert await state.collection(RUNS).count() == 1


async def _has_attempt(state: StateStore, alert_id: str) -> bool:
    return await state.collection(ATTEMPTS).count({"alert_id": alert_id}) > 0


async def test_the_batch_handler_records_before_returning_and_skips_what_is_not_an_alert(
    bus: Bus, state: StateStore
) -> None:
    alert = make_alert()
    runner = ActionRunner(bus, state, lambda _: [{"type": "webhook", "url": "http://127.0.0.1:9/"}] * 2)
    try:
        messages = [
            Message(topic=topics.ALERTS, partition=0, offset=i, value=v)
            for i, v in enumerate([b"{not json", orjson.dumps({"summary": "no id"}), orjson.dumps(alert)])
        ]
        await runner.handle(messages)  # the loop commits right after this returns
        await runner.handle(messages)  # a replay writes nothing new
    finally:
        await runner.close()
    _, tasks = await state.collection(TASKS).find({"alert_id": alert["id"]}, sort=[("index", 1)])
    assert [(t["index"], t["state"], t["attempts"]) for t in tasks] == [(0, "pending", 0), (1, "pending", 0)]
    assert tasks[0]["alert"] == alert
    assert await state.collection(RUNS).count() == 1
    dropped = runner.metrics.registry.get_sample_value(
        "mozdef_events_dropped_total", {"stage": "alerter-actions", "reason": "invalid_alert"}
    )
    assert dropped == 4
