"""The change contract: what every state write of the API tells connected analysts.

After each successful write of an alert, incident or investigation, a handler publishes one
:class:`Change`::

    await request.app.state.changes.publish(
        Change("incident", "updated", incident_id, version=7, actor=principal.name, data=document)
    )

``app.state.changes`` is a :class:`ChangeSink` (in production a
:class:`mozdef_api.realtime.feed.ChangeFeed`): every API replica then sends the change to its
WebSocket clients, numbered by one sequence shared by all replicas (see docs/api.md, "Live updates").
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol

from mozdef_common.event import utcnow_iso

ENTITIES = frozenset({"alert", "incident", "investigation"})
OPS = frozenset({"created", "updated", "deleted", "appended"})


@dataclass(frozen=True, slots=True)
class Change:
    """One change to what analysts share, as every connected analyst receives it.

    * ``entity``: ``"alert"``, ``"incident"`` or ``"investigation"``.
    * ``op``: ``"created"``, ``"updated"``, ``"deleted"`` or ``"appended"``.
    * ``id``: the entity's id; ``version``: its version after the change.
    * ``actor``: the user or API key name that made it; None for the system (an alert arriving).
    * ``data``: the document after the change (None for ``"deleted"``); for ``"appended"``, the item
      appended to the list named by ``sub`` (``"notes"``, ``"timeline"``, ``"indicators"``, ...).
    * ``time``: when the change was made, ISO-8601 UTC, set at creation.

    Raises ValueError on an unknown entity or op, or an ``"appended"`` change without ``sub``.
    """

    entity: str
    op: str
    id: str
    version: int | None
    actor: str | None
    data: Mapping[str, Any] | None
    sub: str | None = None
    time: str = field(default_factory=utcnow_iso)

    def __post_init__(self) -> None:
        if self.entity not in ENTITIES:
            raise ValueError(f"unknown change entity {self.entity!r}: use one of {sorted(ENTITIES)}")
        if self.op not in OPS:
            raise ValueError(f"unknown change op {self.op!r}: use one of {sorted(OPS)}")
        if self.op == "appended" and not self.sub:
            raise ValueError("an 'appended' change names the list it appended to in 'sub'")

    def to_dict(self) -> dict[str, Any]:
        """The fields as the wire carries them (``data`` as a plain dict)."""
        return {
            "entity": self.entity,
            "op": self.op,
            "id": self.id,
            "version": self.version,
            "actor": self.actor,
            "time": self.time,
            "data": None if self.data is None else dict(self.data),
            "sub": self.sub,
        }


class ChangeSink(Protocol):
    """Where the API's handlers publish changes (``app.state.changes``)."""

    async def publish(self, change: Change) -> None:
        """Return once the change is durably on the bus (it then reaches every replica).

        Raises :class:`~mozdef_common.errors.BusError` (full or unavailable) when it is not.
        """
        ...
