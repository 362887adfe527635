"""The intel plugin end to end: a real SQLite state store and real feed files in a temporary data dir."""

from __future__ import annotations

import asyncio
import copy
import time
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime, timedelta
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import pytest

from mozdef_common.event import utc_iso
from mozdef_common.lists.store import add_entry, list_collection
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store
from mozdef_enrich.conform import conform
from mozdef_enrich.plugins.intel import Intel, host_of
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.registry import load_plugins
from mozdef_enrich.settings import EnrichSettings

from .support import RECEIVED, run

MD5 = "d41d8cd98f00b204e9800998ecf8427e"
SHA1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709"
SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
T0 = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


class Counting:
    """The real store, counting the queries made through its collections."""

    def __init__(self, store: StateStore) -> None:
        self.store = store
        self.queries = 0

    async def start(self) -> None:
        await self.store.start()

    async def close(self) -> None:
        await self.store.close()

    def collection(self, name: str) -> Any:
        return _CountingCollection(self, self.store.collection(name))

    async def increment(self, name: str, by: int = 1) -> int:
        return await self.store.increment(name, by)


class _CountingCollection:
    def __init__(self, owner: Counting, inner: Any) -> None:
        self._owner = owner
        self._inner = inner

    def __getattr__(self, name: str) -> Any:
        attr = getattr(self._inner, name)
        if not callable(attr):
            return attr

        def counted(*args: Any, **kwargs: Any) -> Any:
            self._owner.queries += 1
            return attr(*args, **kwargs)

        return counted


@pytest.fixture
def settings(tmp_path: Path) -> EnrichSettings:
    feeds = tmp_path / "intel"
    feeds.mkdir()
    return EnrichSettings(data_dir=tmp_path / "var", intel_dir=feeds, intel_reload_s=0.2)


@pytest.fixture
async def state(settings: EnrichSettings) -> AsyncIterator[StateStore]:
    store = open_state_store(settings)
    await store.start()
    yield store
    await store.close()


async def _list(state: StateStore, name: str, kind: str, value: str, expires: str | None = None) -> None:
    await add_entry(
        list_collection(state, name),
        kind=kind,
        value=value,
        reason=f"{kind} under watch",
        source="analyst",
        expires=expires,
        actor="ann",
    )


def _event(**details: Any) -> dict[str, Any]:
    return {"summary": "test", "details": details}


async def _loaded(settings: EnrichSettings, clock: Clock | None = None) -> Intel:
    plugin = Intel(settings, clock=clock or Clock(), start=False)
    await plugin.loader.refresh()
    return plugin


def _matches(event: dict[str, Any]) -> list[dict[str, str]]:
    found: list[dict[str, str]] = event["details"].get("intel_matches", [])
    return found


@pytest.mark.parametrize("name", ["watchlist", "blocklist"])
async def test_every_list_entry_type(settings: EnrichSettings, state: StateStore, name: str) -> None:
    await _list(state, name, "ip", "203.0.113.7")
    await _list(state, name, "cidr", "198.51.100.0/24")
    await _list(state, name, "domain", "example.org")
    await _list(state, name, "user", "mallory")
    await _list(state, name, "hash", SHA256)
    plugin = await _loaded(settings)
    try:
        event = run(
            _event(
                sourceipaddress="203.0.113.7",
                destinationipaddress="198.51.100.200",
                hostname="www.example.org",
                username="Mallory",
                hashes=f"SHA1={SHA1},MD5={MD5},SHA256={SHA256.upper()},IMPHASH={MD5}",
            ),
            IPFixup(),
            plugin,
        )
    finally:
        await plugin.loader.close_store()
    assert event["tags"] == [name]
    listed = {"list": name, "source": "analyst"}
    assert sorted(_matches(event), key=lambda m: m["field"]) == [
        {"field": "details.destinationipaddress", "value": "198.51.100.200", "indicator": "198.51.100.0/24",
         "type": "cidr", "reason": "cidr under watch", **listed},
        {"field": "details.hashes", "value": SHA256.upper(), "indicator": SHA256, "type": "hash",
         "reason": "hash under watch", **listed},
        {"field": "details.hostname", "value": "www.example.org", "indicator": "example.org",
         "type": "domain", "reason": "domain under watch", **listed},
        {"field": "details.sourceipaddress", "value": "203.0.113.7", "indicator": "203.0.113.7",
         "type": "ip", "reason": "ip under watch", **listed},
        {"field": "details.username", "value": "Mallory", "indicator": "mallory", "type": "user",
         "reason": "user under watch", **listed},
    ]  # fmt: skip
    # What the plugin writes already follows the schema: conform changes nothing (keeps_schema).
    assert conform(copy.deepcopy(event), RECEIVED) == event


async def test_every_feed_type_from_text_and_csv(settings: EnrichSettings) -> None:
    assert settings.intel_dir is not None
    (settings.intel_dir / "tor.txt").write_text("203.0.113.7\n2001:db8::/32\nbad..name\n")
    (settings.intel_dir / "partner.csv").write_text(
        f"indicator,type,source,confidence,description\n"
        f"evil.example,domain,partner,80,C2\n"
        f"user:eve,,,,\n"
        f"{MD5},md5,partner,,\n"
        f"{SHA1},,,,\n"
    )
    plugin = await _loaded(settings.model_copy(update={"intel_lists": []}))
    assert plugin.loader.feeds is not None
    assert plugin.loader.feeds.bad_lines == {"tor.txt": 1}
    event = run(
        _event(
            srcip="203.0.113.7",
            destinationipaddress="2001:db8:0::1",
            query="login.evil.example.",
            targetusername="CORP\\eve",
            md5=MD5.upper(),
            sha1=SHA1,
        ),
        IPFixup(),
        plugin,
    )
    assert event["tags"] == ["intel"]
    got = {m["field"]: m for m in _matches(event)}
    assert got["details.srcip"] == {
        "field": "details.srcip", "value": "203.0.113.7", "indicator": "203.0.113.7", "type": "ip",
        "feed": "tor.txt",
    }  # fmt: skip
    assert got["details.destinationipaddress"]["indicator"] == "2001:db8::/32"
    assert got["details.query"] == {
        "field": "details.query", "value": "login.evil.example.", "indicator": "evil.example",
        "type": "domain", "feed": "partner.csv", "source": "partner", "confidence": "80", "description": "C2",
    }  # fmt: skip
    assert got["details.targetusername"]["indicator"] == "eve"
    assert got["details.md5"]["source"] == "partner"
    assert got["details.sha1"]["type"] == "hash"
    assert len(got) == 6


async def test_url_hosts_and_hosts_that_are_addresses(settings: EnrichSettings) -> None:
    assert settings.intel_dir is not None
    (settings.intel_dir / "f.txt").write_text("example.org\n192.0.2.0/24\n")
    plugin = await _loaded(settings.model_copy(update={"intel_lists": []}))
    event = run(
        _event(destination="https://user:pw@cdn.example.org:8443/a/b?c=d", host="192.0.2.9:80"), plugin
    )
    assert {(m["field"], m["indicator"]) for m in _matches(event)} == {
        ("details.destination", "example.org"),
        ("details.host", "192.0.2.0/24"),
    }


@pytest.mark.parametrize(
    ("text", "host"),
    [
        ("http://a.example.org/x", "a.example.org"),
        ("A.Example.ORG.", "a.example.org"),
        ("a.example.org:443", "a.example.org"),
        ("[2001:db8::1]:443", "2001:db8::1"),
        ("2001:db8::1", "2001:db8::1"),
        ("ftp://u@h.example?x#y", "h.example"),
    ],
)
def test_host_of(text: str, host: str) -> None:
    assert host_of(text) == host


async def test_no_match_leaves_the_event_alone(settings: EnrichSettings, state: StateStore) -> None:
    await _list(state, "watchlist", "ip", "203.0.113.7")
    plugin = await _loaded(settings)
    try:
        body = _event(sourceipaddress="203.0.113.8", hostname="example.org", intel_matches="kept")
        with_plugin, without = run(body, plugin), run(body)
        assert with_plugin["mozdef"]["plugins"] == ["intel"]
        assert (with_plugin["details"], with_plugin["tags"]) == (without["details"], without["tags"])
    finally:
        await plugin.loader.close_store()


async def test_both_lists_and_a_feed_tag_once_each(settings: EnrichSettings, state: StateStore) -> None:
    assert settings.intel_dir is not None
    await _list(state, "watchlist", "ip", "203.0.113.7")
    await _list(state, "blocklist", "cidr", "203.0.113.0/24")
    (settings.intel_dir / "f.txt").write_text("203.0.113.7\n")
    plugin = await _loaded(settings)
    try:
        event = run({"tags": ["blocklist", "x"], **_event(sourceipaddress="203.0.113.7")}, plugin)
    finally:
        await plugin.loader.close_store()
    assert event["tags"] == ["blocklist", "x", "watchlist", "intel"]
    assert sorted(m.get("list", m.get("feed", "")) for m in _matches(event)) == [
        "blocklist",
        "f.txt",
        "watchlist",
    ]


async def test_expired_entries_drop_out(settings: EnrichSettings, state: StateStore) -> None:
    clock = Clock()
    await _list(state, "watchlist", "ip", "203.0.113.1", expires=utc_iso(T0 - timedelta(minutes=1)))
    await _list(state, "watchlist", "ip", "203.0.113.2", expires=utc_iso(T0 + timedelta(hours=1)))
    await _list(state, "watchlist", "ip", "203.0.113.3")
    plugin = await _loaded(settings, clock)
    try:
        assert plugin.loader.index.size == 2  # the store query leaves the expired entry out

        def listed(address: str) -> bool:
            return bool(_matches(run(_event(sourceipaddress=address), plugin)))

        assert (listed("203.0.113.1"), listed("203.0.113.2"), listed("203.0.113.3")) == (False, True, True)
        # Between two reloads, an entry stops matching the moment it expires.
        clock.now = T0 + timedelta(hours=2)
        assert (listed("203.0.113.2"), listed("203.0.113.3")) == (False, True)
        await plugin.loader.refresh()
        assert plugin.loader.index.size == 1
    finally:
        await plugin.loader.close_store()


async def test_no_store_call_per_event(settings: EnrichSettings, state: StateStore) -> None:
    await _list(state, "watchlist", "ip", "203.0.113.7")
    await _list(state, "blocklist", "domain", "example.org")
    stores: list[Counting] = []

    def open_counting(s: CommonSettings) -> Any:
        stores.append(Counting(open_state_store(s)))
        return stores[-1]

    plugin = Intel(settings.model_copy(update={"intel_reload_s": 3600}), open_store=open_counting)
    try:
        assert len(stores) == 1
        after_load = stores[0].queries
        assert after_load == 2  # one query per list
        for i in range(1000):
            event = run(_event(sourceipaddress=f"203.0.113.{i % 10}", hostname="a.example.org"), plugin)
            assert event["tags"]
        assert stores[0].queries == after_load
    finally:
        plugin.close()


async def test_background_reload_of_lists_and_files(settings: EnrichSettings, state: StateStore) -> None:
    assert settings.intel_dir is not None
    feed = settings.intel_dir / "f.txt"
    feed.write_text("203.0.113.1\n")
    plugin = Intel(settings)
    try:
        assert _tags(plugin, "203.0.113.1") == ["intel"]
        assert _tags(plugin, "203.0.113.2") == []
        feed.write_text("203.0.113.2\nnot an indicator\n")
        await _eventually(lambda: _tags(plugin, "203.0.113.2") == ["intel"])
        assert _tags(plugin, "203.0.113.1") == []
        assert plugin.loader.feeds is not None
        assert plugin.loader.feeds.bad_lines == {"f.txt": 1}
        await _list(state, "blocklist", "ip", "203.0.113.2")
        await _eventually(lambda: sorted(_tags(plugin, "203.0.113.2")) == ["blocklist", "intel"])
        feed.unlink()
        await _eventually(lambda: _tags(plugin, "203.0.113.2") == ["blocklist"])
    finally:
        plugin.close()
    assert plugin.loader._thread is None


def test_nothing_configured_starts_nothing(tmp_path: Path) -> None:
    plugin = Intel(EnrichSettings(data_dir=tmp_path, intel_lists=[]))
    assert plugin.loader._thread is None
    assert run(_event(sourceipaddress="203.0.113.1"), plugin)["tags"] == []
    assert not (tmp_path / "state").exists()  # the state store was never opened


def test_close_right_after_start(settings: EnrichSettings) -> None:
    for _ in range(5):
        plugin = Intel(settings)
        plugin.close()
        assert plugin.loader._thread is None


def _tags(plugin: Intel, address: str) -> list[str]:
    tags: list[str] = run(_event(sourceipaddress=address), plugin)["tags"]
    return tags


async def _eventually(check: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "not reloaded in time"
        await asyncio.sleep(0.05)


def test_registers_through_its_entry_point(settings: EnrichSettings) -> None:
    ep = EntryPoint(name="intel", value="mozdef_enrich.plugins.intel:Intel", group="mozdef.enrich")
    loaded = load_plugins(settings, eps=[ep])
    assert loaded.errors == ()
    (registered,) = loaded.plugins
    plugin = registered.plugin
    assert isinstance(plugin, Intel)
    try:
        assert (registered.name, registered.priority, registered.keeps_schema) == ("intel", 60, True)
        assert plugin.loader.settings is settings
    finally:
        plugin.close()
