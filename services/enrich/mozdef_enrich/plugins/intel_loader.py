"""Keeps the intel plugin's :class:`.intel_index.IntelIndex` current, off the event path.

Enrich itself never opens the state store, so the loader does, from the stage's settings, on a thread
of its own with its own event loop: the enrich loop never waits for a store query or a feed file.
Every ``intel_reload_s`` seconds it reads the unexpired entries of each configured list (one query per
list) and checks the feed files' sizes and modification times (reading only the files that changed),
then publishes a new index by replacing one attribute, which readers pick up on their next event.

A store that cannot be reached keeps the last entries it gave (the feeds still reload) and is tried
again at the next reload. Entries that expire between two reloads stop matching at once: each
indicator carries its expiry and the plugin checks it when it matches.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
from collections.abc import Callable
from datetime import UTC, datetime

from mozdef_common.lists.store import active_entries
from mozdef_common.settings import CommonSettings
from mozdef_common.state import StateStore, open_state_store
from mozdef_enrich.plugins.intel_feeds import FeedFolder
from mozdef_enrich.plugins.intel_index import Indicator, IntelIndex
from mozdef_enrich.settings import EnrichSettings

log = logging.getLogger(__name__)

OpenStore = Callable[[CommonSettings], StateStore]
Clock = Callable[[], datetime]
_LIST_EXTRAS = ("source", "reason")


def utcnow() -> datetime:
    return datetime.now(UTC)


class IntelLoader:
    """Builds the index from the lists and feeds; :meth:`refresh` once, or :meth:`start` a thread."""

    def __init__(
        self, settings: EnrichSettings, *, open_store: OpenStore = open_state_store, clock: Clock = utcnow
    ) -> None:
        self.settings = settings
        self.lists = tuple(dict.fromkeys(settings.intel_lists))
        self.feeds = FeedFolder(settings.intel_dir) if settings.intel_dir is not None else None
        self.clock = clock
        #: The current index; replaced whole, never changed in place.
        self.index = IntelIndex()
        self._open_store = open_store
        self._store: StateStore | None = None
        self._entries: dict[str, tuple[Indicator, ...]] = {}
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stop: asyncio.Event | None = None
        self._closing = threading.Event()
        self._loaded = threading.Event()

    async def refresh(self) -> IntelIndex:
        """Read the lists and the changed feed files, and publish (and return) the new index."""
        changed = False
        if self.lists:
            changed = await self._read_lists()
        if self.feeds is not None:
            changed = self.feeds.scan() or changed
        if changed or not self._loaded.is_set():
            feeds = self.feeds.indicators() if self.feeds is not None else ()
            lists = (indicator for entries in self._entries.values() for indicator in entries)
            self.index = IntelIndex([*lists, *feeds])
            log.debug("intel index: %d indicator(s)", self.index.size)
        return self.index

    async def _read_lists(self) -> bool:
        try:
            if self._store is None:
                store = self._open_store(self.settings)
                await store.start()
                self._store = store
            now = self.clock()
            changed = False
            for name in self.lists:
                docs = await active_entries(self._store.collection(name), now, None)
                entries = tuple(_from_entry(name, doc) for doc in docs if _well_formed(doc))
                if entries != self._entries.get(name):
                    self._entries[name] = entries
                    changed = True
            return changed
        except Exception as exc:  # a store outage must not stop the feeds nor the stage
            log.warning("intel: cannot read the lists from the state store (kept the last ones): %r", exc)
            return False

    async def close_store(self) -> None:
        if self._store is not None:
            store, self._store = self._store, None
            await store.close()

    # -- the background thread

    def start(self, wait_s: float = 10.0) -> None:
        """Start reloading in the background; wait up to ``wait_s`` for the first index."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._run, name="mozdef-intel", daemon=True)
        self._thread.start()
        if not self._loaded.wait(wait_s):
            log.warning("intel: first load not done after %.0f s; events are tagged once it is", wait_s)

    def close(self, timeout: float = 10.0) -> None:
        """Stop the thread and close the store connection it opened."""
        # Set first: a thread that has not yet published its loop sees it when it does (see _main).
        self._closing.set()
        loop, stop, thread = self._loop, self._stop, self._thread
        if loop is not None and stop is not None:
            with contextlib.suppress(RuntimeError):  # the loop already ended
                loop.call_soon_threadsafe(stop.set)
        if thread is not None:
            thread.join(timeout)
        self._thread = None

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._stop = stop = asyncio.Event()
        self._loop = asyncio.get_running_loop()
        if self._closing.is_set():
            stop.set()
        try:
            while not stop.is_set():
                try:
                    await self.refresh()
                except Exception:  # a bug in one reload must not end reloading
                    log.exception("intel: reload failed")
                self._loaded.set()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), self.settings.intel_reload_s)
        finally:
            await self.close_store()


def _well_formed(doc: dict[str, object]) -> bool:
    return isinstance(doc.get("type"), str) and isinstance(doc.get("value"), str)


def _from_entry(name: str, doc: dict[str, object]) -> Indicator:
    extra = {key: str(doc[key]) for key in _LIST_EXTRAS if doc.get(key)}
    expires = doc.get("expires")
    return Indicator(
        str(doc["type"]),
        str(doc["value"]),
        {"list": name},
        extra,
        str(expires) if expires is not None else None,
    )
