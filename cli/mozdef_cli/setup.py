"""``mozdef setup``: prepare the backends before the services start; running it again changes nothing.

Made for a Helm pre-install/pre-upgrade hook Job, and as useful by hand. In order, a line on stdout for
each (one per topic on Kafka):

1. the data dir is created;
2. the bus: on Kafka, every topic of the pipeline that is missing is created with ``--partitions``
   partitions (default: the bus's own number, what a service would create on first use) and every
   topic is reported with its partition count. A topic with fewer partitions than asked is reported,
   not changed: a consumer group gives work to at most one replica per partition, and adding
   partitions is left to the cluster's own tools. The embedded bus gets its folder;
3. the event store: OpenSearch gets its index templates and today's indices (what the indexer would
   do before its first write); the embedded store gets its folder;
4. the state store is opened, which migrates SQLite's schema, and every index the services read
   through is ensured.

A backend that cannot be reached is tried again, with a growing pause, until ``--wait`` seconds have
passed; then the step and the reason go to stderr and the exit code is 1. Bad settings: exit code 2.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING, Final

from pydantic import ValidationError

from mozdef_cli import logs
from mozdef_common import topics
from mozdef_common.errors import BusUnavailableError, MozdefError, StoreUnavailableError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore

if TYPE_CHECKING:
    from mozdef_common.bus.kafka import KafkaBus

#: Pauses between tries of an unreachable backend: the first, and the longest.
FIRST_PAUSE_S: Final = 0.5
LONGEST_PAUSE_S: Final = 5.0
#: The least time one try gets, even when ``--wait`` is about to run out.
LEAST_TRY_S: Final = 5.0

Step = Callable[[], Awaitable[list[str]]]


class Unreachable(MozdefError):
    """A backend stayed unreachable for as long as ``--wait`` allowed."""


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add ``setup`` to the ``mozdef`` parser."""
    setup = commands.add_parser(
        "setup", help="create the Kafka topics, OpenSearch templates and state store indexes (idempotent)"
    )
    setup.add_argument(
        "--wait",
        type=float,
        default=60.0,
        metavar="SECONDS",
        help="how long to keep trying a backend that cannot be reached (default: 60)",
    )
    setup.add_argument(
        "--partitions",
        type=_positive,
        default=None,
        metavar="N",
        help="partitions of each Kafka topic created (default: the bus's own); at least the replicas "
        "of the largest consumer group",
    )
    setup.add_argument(
        "--replication-factor",
        type=_positive,
        default=None,
        metavar="N",
        help="replicas of each Kafka topic created (default: the bus's own)",
    )


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


def run(args: argparse.Namespace) -> int:
    """Run ``mozdef setup``."""
    try:
        settings = CommonSettings()
    except ValidationError as exc:
        first = exc.errors()[0]
        # A check across settings (Kafka TLS and SASL) has no one field to name: its message names them.
        where = f"{first['loc']}: " if first["loc"] else ""
        return _fail(f"bad settings: {where}{first['msg']}", 2)
    logs.configure("setup", settings.log_level)
    steps: list[tuple[str, Step]] = [
        ("data dir", lambda: _data_dir(settings)),
        ("bus", lambda: _bus(settings, args.partitions, args.replication_factor)),
        ("event store", lambda: _event_store(settings)),
        ("state store", lambda: _state_store(settings)),
    ]
    try:
        asyncio.run(_run_steps(steps, max(args.wait, 0.0)))
    except Unreachable as exc:
        return _fail(str(exc), 1)
    except MozdefError as exc:
        return _fail(str(exc), 2)
    return 0


def _fail(message: str, code: int) -> int:
    print(f"mozdef setup: error: {message}", file=sys.stderr)
    return code


async def _run_steps(steps: list[tuple[str, Step]], wait_s: float) -> None:
    deadline = time.monotonic() + wait_s
    for name, step in steps:
        for line in await _retrying(name, step, deadline):
            print(line, flush=True)


async def _retrying(name: str, step: Step, deadline: float) -> list[str]:
    pause = FIRST_PAUSE_S
    while True:
        budget = max(deadline - time.monotonic(), LEAST_TRY_S)
        try:
            return await asyncio.wait_for(step(), budget)
        except (BusUnavailableError, StoreUnavailableError, TimeoutError) as exc:
            reason = str(exc) or f"no answer in {budget:.0f} s"
            if time.monotonic() + pause > deadline:
                raise Unreachable(f"{name}: {reason}") from None
            print(f"{name}: not ready, trying again in {pause:g} s: {reason}", file=sys.stderr, flush=True)
        except MozdefError as exc:  # a refusal that waiting cannot change: a setting to fix
            raise MozdefError(f"{name}: {exc}") from None
        await asyncio.sleep(pause)
        pause = min(pause * 2, LONGEST_PAUSE_S)


async def _data_dir(settings: CommonSettings) -> list[str]:
    path = settings.resolved_data_dir
    try:
        await asyncio.to_thread(path.mkdir, parents=True, exist_ok=True)
    except OSError as exc:
        raise MozdefError(f"cannot create {path}: {exc}") from None
    return [f"data dir {path}: ready"]


async def _bus(settings: CommonSettings, partitions: int | None, replication: int | None) -> list[str]:
    from mozdef_common.bus import open_bus

    bus = open_bus(settings)
    if not settings.bus_url.startswith("kafka://"):
        await bus.start()
        try:
            await bus.ping()
        finally:
            await bus.close()
        return [f"bus {settings.bus_url}: {settings.resolved_data_dir / 'bus'} ready"]
    from mozdef_common.bus.kafka import KafkaBus

    assert isinstance(bus, KafkaBus)
    return await _kafka_topics(bus, partitions or bus.partitions, replication or bus.replication_factor)


async def _kafka_topics(bus: KafkaBus, partitions: int, replication: int) -> list[str]:
    from aiokafka.errors import KafkaError

    wanted = (*topics.ALL, topics.UPDATES)
    await bus.start()  # TLS and SASL as the services have them; an unreachable cluster is explained
    try:
        existing = await bus.topic_partitions()
        missing = [t for t in wanted if t not in existing]
        created = await bus.create_topics(missing, partitions, replication) if missing else set()
        if len(created) < len(missing):  # another set-up created some meanwhile: read theirs
            existing = await bus.topic_partitions()
    except KafkaError as exc:
        raise BusUnavailableError(f"kafka {bus.servers}: {exc!r}") from None
    finally:
        await bus.close()
    lines = []
    for topic in wanted:
        where = f"bus kafka://{bus.servers}: topic {topic}"
        if topic in created:
            lines.append(f"{where} created, {partitions} partitions, replication factor {replication}")
            continue
        count = existing.get(topic)
        if count is None:  # created by another set-up a moment ago, not yet in the metadata
            lines.append(f"{where} exists")
            continue
        lines.append(f"{where} exists, {count} partitions")
        if count < partitions and topic in topics.ALL:  # the updates topic is tailed whole, by no group
            lines[-1] += (
                f" (fewer than {partitions}: a consumer group gives work to at most {count} replicas; "
                "add partitions with the cluster's tools)"
            )
    return lines


async def _event_store(settings: CommonSettings) -> list[str]:
    from mozdef_common.store import open_event_store

    store = open_event_store(settings, writer=True)
    try:
        if settings.events_url.startswith("tantivy://"):
            return [f"event store {settings.events_url}: {settings.resolved_data_dir / 'events'} ready"]
        from mozdef_common.store.opensearch_store import OpenSearchEventStore

        assert isinstance(store, OpenSearchEventStore)
        await store.setup()
        return [f"event store {store.config.safe_url}: index templates and today's indices ready"]
    finally:
        await store.close()


async def _state_store(settings: CommonSettings) -> list[str]:
    from mozdef_common.state import open_state_store

    if settings.state_url.startswith("sqlite://"):
        where = f"{settings.state_url} {settings.resolved_data_dir / 'state' / 'state.db'}"
    else:
        from mozdef_common.state.mongo import redact

        where = redact(settings.state_url)
    state = open_state_store(settings)
    await state.start()
    try:
        for prepare in _preparers():
            await prepare(state)
    finally:
        await state.close()
    return [f"state store {where}: schema current, indexes ensured"]


def _preparers() -> list[Callable[[StateStore], Awaitable[None]]]:
    """What each service ensures at its own start, gathered so a hook Job can do it before any starts."""
    from mozdef_alerter.actions.records import prepare as action_records
    from mozdef_alerter.dedup import COLLECTION as DEDUP
    from mozdef_api import alerts, audit, cases
    from mozdef_api.attackers.store import prepare as attackers
    from mozdef_common.lists.store import prepare as lists

    async def dedup(state: StateStore) -> None:
        await state.collection(DEDUP).ensure_index("expires")  # as mozdef_alerter.app does at start

    return [alerts.prepare, cases.prepare, audit.prepare, attackers, lists, action_records, dedup]
