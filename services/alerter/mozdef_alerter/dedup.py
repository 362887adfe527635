"""Dedup state: the open alert of each dedup key, in the state store so replicas and restarts agree.

One document per key in the ``alerter_dedup`` collection (id: a hash of the key) holding the open
alert, when its window ends, and the ids of the events it already counted. Writers race through the
store's optimistic concurrency: an insert that finds the key taken, or an update whose version moved
on, reads again and retries, so two replicas never open two alerts for one key.

Counting is idempotent per event id: a batch replayed after a crash finds its events already counted
and gets the stored alert back unchanged, which the caller publishes again (harmless: same id).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Final

import orjson

from mozdef_alerter.alerts import Alert
from mozdef_common.errors import ConflictError, NotFoundError
from mozdef_common.event import utc_iso
from mozdef_common.state.base import Collection
from mozdef_common.types import Event

COLLECTION: Final = "alerter_dedup"
#: Event ids remembered per open alert for replay detection; beyond it a replay may count twice.
SEEN_LIMIT: Final = 2000
_RETRIES: Final = 20


@dataclass(slots=True)
class Outcome:
    alert: Alert
    #: True when a new alert was opened (actions run), False for an update or a replay.
    new: bool
    #: True when the alert changed (it is published and stored again).
    changed: bool


NewAlert = Callable[[Sequence[Event], int], Alert]
UpdateAlert = Callable[[Alert, Sequence[Event], int], Alert]


class DedupStore:
    def __init__(self, collection: Collection) -> None:
        self.collection = collection

    async def record(
        self,
        key: str,
        window: timedelta,
        now: datetime,
        events: Sequence[Event],
        count: int | None,
        make: NewAlert,
        update: UpdateAlert,
        *,
        cumulative: bool = True,
    ) -> Outcome:
        """Open a new alert for ``key`` or update the one open within ``window``.

        ``count`` is how many events stand behind this match (None: ``len(events)``). When
        ``cumulative`` (stream rules: each match brings new events), events already counted by the
        open alert are left out of it and a batch that brings none is a replay. Scheduled rules pass
        False: each run counts its whole look-back, so the update always applies and the builder
        decides how the count combines.
        """
        doc_id = hashlib.sha256(key.encode()).hexdigest()[:40]
        for _ in range(_RETRIES):
            try:
                stored = await self.collection.get(doc_id)
            except NotFoundError:
                stored = None
            if stored is None or str(stored.get("expires", "")) <= utc_iso(now):
                outcome = Outcome(make(events, _count(events, count, ())), new=True, changed=True)
                try:
                    await self._save(doc_id, stored, key, outcome.alert, now + window, _ids(events, ()))
                except ConflictError:
                    continue
                return outcome
            alert: Alert = orjson.loads(stored["alert"])
            seen: list[str] = list(stored.get("seen") or [])
            if not cumulative:
                fresh = [event for event in events if event.get("id") not in set(seen)]
                before = alert
                alert = update(alert, events, len(events) if count is None else count)
                if not fresh and alert["event_count"] == before.get("event_count"):
                    return Outcome(before, new=False, changed=False)  # the next tick saw nothing new
            else:
                fresh = [event for event in events if event.get("id") not in set(seen)]
                if events and not fresh:
                    return Outcome(alert, new=False, changed=False)  # a replay: publish it again as is
                alert = update(alert, fresh, _count(fresh, count, seen, total=len(events)))
            try:
                await self.collection.update(
                    doc_id,
                    {"alert": orjson.dumps(alert).decode(), "seen": _ids(fresh, seen)},
                    version=int(stored["version"]),
                )
            except ConflictError:
                continue
            return Outcome(alert, new=False, changed=True)
        raise ConflictError(f"dedup key {key!r} kept changing under the alerter", current=0)

    async def _save(
        self,
        doc_id: str,
        stored: Mapping[str, Any] | None,
        key: str,
        alert: Alert,
        expires: datetime,
        seen: list[str],
    ) -> None:
        body = {"key": key, "alert": orjson.dumps(alert).decode(), "expires": utc_iso(expires), "seen": seen}
        if stored is None:
            await self.collection.insert({"id": doc_id, **body})
        else:
            await self.collection.update(doc_id, body, version=int(stored["version"]))


def _count(fresh: Sequence[Event], count: int | None, seen: Sequence[str], *, total: int = -1) -> int:
    if count is None:
        return len(fresh)
    if total > 0 and len(fresh) < total:
        # Some of the events were counted already (a partial replay): count only the rest of them.
        return max(len(fresh), count - (total - len(fresh)))
    return count


def _ids(events: Sequence[Event], seen: Sequence[str]) -> list[str]:
    ids = [*seen, *(str(event["id"]) for event in events if event.get("id"))]
    return ids[-SEEN_LIMIT:]
