"""`mozdef setup` as a Helm hook Job runs it: against the embedded backends, a real Kafka-protocol broker
(tansu), a MongoDB-wire server (nx-27017), OpenSearch when one is named, and backends that are not there."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic

from mozdef_common import topics
from mozdef_common.state.sqlite_sql import index_sql
from tests.common.state.nx import nx_server
from tests.support.kafka import tansu_binary, tansu_broker
from tests.support.net import free_port, wait_for_port

TOPICS = (*topics.ALL, topics.UPDATES)


def setup(data_dir: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "mozdef_cli", "setup", *args],
        env=_env(data_dir, env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _env(data_dir: Path, extra: dict[str, str]) -> dict[str, str]:
    backends = ("MOZDEF_BUS_URL", "MOZDEF_EVENTS_URL", "MOZDEF_STATE_URL")
    env = {k: v for k, v in os.environ.items() if k not in backends}
    return {**env, "MOZDEF_DATA_DIR": str(data_dir), **extra}


def test_embedded_backends_get_the_data_dir_and_a_second_run_changes_nothing(tmp_path: Path) -> None:
    data = tmp_path.resolve() / "var"
    first = setup(data)
    assert first.returncode == 0, first.stderr
    assert first.stdout.splitlines() == [
        f"data dir {data}: ready",
        f"bus embedded://: {data / 'bus'} ready",
        f"event store tantivy://: {data / 'events'} ready",
        f"state store sqlite:// {data / 'state' / 'state.db'}: schema current, indexes ensured",
    ]
    assert (data / "bus").is_dir()
    assert (data / "events").is_dir()
    schema = _sqlite_schema(data / "state" / "state.db")
    # What the api's audit listing and the alerter's dedup expiry read through, made before either starts.
    for paths in (("actor", "created"), ("expires",), ("case_id", "time", "id"), ("state", "next_at")):
        name = index_sql(paths).split()[5]
        assert name in schema, f"no index {name}"

    again = setup(data)
    assert again.returncode == 0, again.stderr
    assert again.stdout == first.stdout
    assert _sqlite_schema(data / "state" / "state.db") == schema


def _sqlite_schema(path: Path) -> dict[str, str]:
    db = sqlite3.connect(path)
    try:
        return {name: sql for name, sql in db.execute("SELECT name, sql FROM sqlite_master")}
    finally:
        db.close()


@pytest.mark.kafka
def test_kafka_topics_are_created_with_the_partitions_asked_and_then_left_alone(tmp_path: Path) -> None:
    # A broker of its own: the session's broker holds topics other tests created.
    with tansu_broker() as servers:
        bus = f"kafka://{servers}"
        # An operator made one topic already, smaller than asked: reported, never changed.
        asyncio.run(_create_topic(servers, topics.RAW, 1))
        first = setup(tmp_path, "--partitions", "3", MOZDEF_BUS_URL=bus)
        assert first.returncode == 0, first.stderr
        lines = [line for line in first.stdout.splitlines() if line.startswith("bus ")]
        assert lines[0] == (
            f"bus {bus}: topic mozdef.raw exists, 1 partitions (fewer than 3: a consumer group gives work "
            "to at most 1 replicas; add partitions with the cluster's tools)"
        )
        assert lines[1:] == [
            f"bus {bus}: topic {topic} created, 3 partitions, replication factor 1" for topic in TOPICS[1:]
        ]
        after_first = asyncio.run(_partitions(servers))
        assert after_first == {topics.RAW: 1, **{topic: 3 for topic in TOPICS[1:]}}

        again = setup(tmp_path, "--partitions", "3", MOZDEF_BUS_URL=bus)
        assert again.returncode == 0, again.stderr
        assert [line for line in again.stdout.splitlines() if line.startswith("bus ")] == [
            lines[0],
            *(f"bus {bus}: topic {topic} exists, 3 partitions" for topic in TOPICS[1:]),
        ]
        assert asyncio.run(_partitions(servers)) == after_first


async def _create_topic(servers: str, topic: str, partitions: int) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        await admin.create_topics([NewTopic(topic, partitions, 1)])
    finally:
        await admin.close()


async def _partitions(servers: str) -> dict[str, int]:
    """Every topic of the cluster with its partition count (describing all never auto-creates one)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=servers)
    await admin.start()
    try:
        described: list[dict[str, Any]] = await admin.describe_topics()
    finally:
        await admin.close()
    return {str(t["topic"]): len(t["partitions"]) for t in described if not t["error_code"]}


@pytest.mark.kafka
def test_waits_for_a_broker_that_comes_up_late(tmp_path: Path) -> None:
    port = free_port()
    job = subprocess.Popen(
        [sys.executable, "-m", "mozdef_cli", "setup", "--wait", "60", "--partitions", "2"],
        env=_env(tmp_path, {"MOZDEF_BUS_URL": f"kafka://127.0.0.1:{port}"}),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        time.sleep(2)
        assert job.poll() is None, "setup gave up instead of waiting"
        with _tansu_on(port):
            out, err = job.communicate(timeout=60)
    finally:
        if job.poll() is None:
            job.kill()
            job.communicate()
    assert job.returncode == 0, err
    assert "bus: not ready, trying again in" in err
    assert (
        f"bus kafka://127.0.0.1:{port}: topic mozdef.raw created, 2 partitions, replication factor 1" in out
    )


@contextmanager
def _tansu_on(port: int) -> Iterator[None]:
    url = f"tcp://127.0.0.1:{port}"
    memory = ("--storage-engine", "memory://tansu/", "--silent")
    with _server(
        [tansu_binary(), "broker", "--listener-url", url, "--advertised-listener-url", url, *memory], port
    ):
        yield


@contextmanager
def _server(command: list[str], port: int) -> Iterator[None]:
    """Run ``command`` until the block ends (only it is stopped), once something listens on ``port``."""
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def test_an_unreachable_bus_fails_once_the_wait_is_over(tmp_path: Path) -> None:
    port = free_port()  # nothing listens there
    started = time.monotonic()
    done = setup(tmp_path, "--wait", "1", MOZDEF_BUS_URL=f"kafka://127.0.0.1:{port}")
    assert time.monotonic() - started < 30
    assert done.returncode == 1
    assert done.stdout == f"data dir {tmp_path.resolve()}: ready\n"
    last = done.stderr.splitlines()[-1]
    # the bus's own words, as every service says them
    expected = f"mozdef setup: error: bus: kafka 127.0.0.1:{port} (PLAINTEXT): cannot connect: "
    assert last.startswith(expected), last
    assert "Connect call failed" in last


def test_an_unreachable_event_store_fails_after_the_steps_before_it(tmp_path: Path) -> None:
    port = free_port()
    done = setup(tmp_path, "--wait", "0", MOZDEF_EVENTS_URL=f"http://127.0.0.1:{port}")
    assert done.returncode == 1
    assert [line.split(":")[0] for line in done.stdout.splitlines()] == [
        f"data dir {tmp_path.resolve()}",
        "bus embedded",
    ]
    last = done.stderr.splitlines()[-1]
    assert last.startswith(
        f"mozdef setup: error: event store: cannot reach OpenSearch at http://127.0.0.1:{port}"
    )


def test_bad_settings_arguments_and_data_dir_exit_2(tmp_path: Path) -> None:
    bad = setup(tmp_path, MOZDEF_BUS_URL="nats://somewhere")
    assert bad.returncode == 2
    assert bad.stderr.startswith("mozdef setup: error: bad settings: ('bus_url',)")
    assert not (tmp_path / "bus").exists()
    blocked = tmp_path.resolve() / "a-file"
    blocked.write_text("")
    no_dir = setup(blocked / "var")
    assert no_dir.returncode == 2
    assert no_dir.stderr.startswith(f"mozdef setup: error: data dir: cannot create {blocked / 'var'}: ")
    zero = setup(tmp_path, "--partitions", "0")
    assert zero.returncode == 2
    assert "--partitions: must be at least 1, not 0" in zero.stderr


def test_the_state_store_on_mongodb_gets_every_index(tmp_path: Path) -> None:
    from pymongo import MongoClient

    nx = tmp_path / "nx"
    nx.mkdir()
    with nx_server(nx) as server:
        url = f"{server}/mozdef_setup"
        first = setup(tmp_path, MOZDEF_STATE_URL=url)
        assert first.returncode == 0, first.stderr
        assert first.stdout.splitlines()[-1] == f"state store {url}: schema current, indexes ensured"
        client: MongoClient[dict[str, Any]] = MongoClient(server)
        try:
            audit = client["mozdef_setup"]["state_audit"].index_information()
            keys = [tuple(name for name, _ in index["key"]) for index in audit.values()]
            assert any(key[:2] == ("actor", "created") for key in keys), keys
            again = setup(tmp_path, MOZDEF_STATE_URL=url)
            assert again.returncode == 0, again.stderr
            assert client["mozdef_setup"]["state_audit"].index_information() == audit
        finally:
            client.close()


OPENSEARCH = os.environ.get("MOZDEF_TEST_OPENSEARCH_URL", "")


@pytest.mark.skipif(not OPENSEARCH, reason="MOZDEF_TEST_OPENSEARCH_URL is not set: no OpenSearch to set up")
def test_opensearch_gets_its_index_templates(tmp_path: Path) -> None:
    from mozdef_common.settings import CommonSettings
    from tests.support.opensearch import drop_prefix

    prefix = f"mozdef-test-{uuid.uuid4().hex[:8]}-"
    env = {"MOZDEF_EVENTS_URL": OPENSEARCH, "MOZDEF_OPENSEARCH_INDEX_PREFIX": prefix}
    settings = CommonSettings(events_url=OPENSEARCH, opensearch_index_prefix=prefix)
    try:
        for _ in range(2):
            done = setup(tmp_path, "--wait", "10", **env)
            assert done.returncode == 0, done.stderr
            assert "index templates and today's indices ready" in done.stdout
        assert asyncio.run(_templates(settings)) == {
            f"{prefix}mozdef-{f}" for f in ("events", "deadletter", "alerts")
        }
    finally:
        asyncio.run(drop_prefix(settings, prefix))


async def _templates(settings: Any) -> set[str]:
    from opensearchpy import AsyncOpenSearch

    from mozdef_common.store.opensearch_settings import opensearch_config

    client: Any = AsyncOpenSearch(**opensearch_config(settings).client_kwargs())
    try:
        found = await client.indices.get_index_template(name=f"{settings.opensearch_index_prefix}*")
    finally:
        await client.close()
    return {str(t["name"]) for t in found.get("index_templates", [])}
