"""Who is looking at what: presence per target, kept alike on every replica from the updates topic.

Entries are keyed by connection (``<replica>/<n>``), not by user: one analyst with two tabs shows once,
with the stronger state (editing over viewing), and closing one tab leaves the other. Clients re-send
their presence every 20 s; an entry not refreshed within ``ttl_s`` expires, which clears the entries
of a replica that died without saying goodbye.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

#: When one user has several connections on a target, the strongest state shows.
_STRENGTH = {"viewing": 1, "editing": 2}

Users = list[dict[str, str]]


@dataclass(slots=True)
class _Entry:
    user: str
    state: str
    expires: float


class PresenceBoard:
    def __init__(self, *, ttl_s: float = 60.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl_s = ttl_s
        self._clock = clock
        self._targets: dict[str, dict[str, _Entry]] = {}

    def apply(self, conn: str, user: str, target: str, state: str) -> bool:
        """Record ``conn``'s state on ``target`` (``"left"`` removes it); whether the users shown changed."""
        before = self.users(target)
        entries = self._targets.setdefault(target, {})
        if state == "left":
            entries.pop(conn, None)
        else:
            entries[conn] = _Entry(user, state, self._clock() + self.ttl_s)
        if not entries:
            del self._targets[target]
        return self.users(target) != before

    def expire(self) -> list[str]:
        """Drop entries not refreshed in time; the targets whose users shown changed."""
        now = self._clock()
        changed = []
        for target in list(self._targets):
            entries = self._targets[target]
            stale = [conn for conn, entry in entries.items() if entry.expires <= now]
            if not stale:
                continue
            before = self.users(target)
            for conn in stale:
                del entries[conn]
            if not entries:
                del self._targets[target]
            if self.users(target) != before:
                changed.append(target)
        return changed

    def users(self, target: str) -> Users:
        """``[{"name", "state"}]`` on ``target``, by name, one per user."""
        best: dict[str, str] = {}
        for entry in self._targets.get(target, {}).values():
            current = best.get(entry.user)
            if current is None or _STRENGTH.get(entry.state, 0) > _STRENGTH.get(current, 0):
                best[entry.user] = entry.state
        return [{"name": name, "state": state} for name, state in sorted(best.items())]

    def targets(self) -> list[str]:
        return sorted(self._targets)
