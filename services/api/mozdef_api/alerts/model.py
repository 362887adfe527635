"""The pure part of alert storage: which message is an alert, and what an upsert may change.

An alert document is MozDef's alert JSON as the alerter published it, plus what analysts add. Fields
are owned by one side only:

* the rule owns everything the alerter sends (``summary``, ``severity``, ``event_count``,
  ``last_seen``…); a re-published alert (same ``id``, after dedup) replaces them;
* analysts own :data:`ANALYST_OWNED` (``status``, ``acknowledged``, ``assignee``, ``incident_id``,
  ``notes``, ``closed``); the consumer never writes them after the insert, whatever the message says.

Timestamps are stored in one form (:func:`~mozdef_common.event.utc_iso`) so that range filters and
newest-first sorting can compare them as strings; severities are stored upper case.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

import orjson

from mozdef_common.event import utc_iso
from mozdef_common.state.base import RESERVED, Document

COLLECTION: Final = "alerts"
STATUSES: Final = ("open", "acknowledged", "escalated", "closed")
ANALYST_OWNED: Final = frozenset({"status", "acknowledged", "assignee", "incident_id", "notes", "closed"})
#: Fields every alert must carry, with the type each must have.
REQUIRED: Final[dict[str, type]] = {"id": str, "utctimestamp": str, "summary": str}
#: Optional fields that, when present, must have this type (None is refused too: say nothing instead).
TYPED: Final[dict[str, type | tuple[type, ...]]] = {
    "category": str,
    "severity": str,
    "rule_id": str,
    "tags": list,
    "events": list,
    "event_count": int,
    "last_seen": str,
}
_TIMES: Final = ("utctimestamp", "last_seen")


class InvalidAlert(ValueError):
    """A bus message that is not an alert; the message is the dead-letter reason."""


def decode_alert(value: bytes) -> Document:
    """The alert in ``value``, normalized; :class:`InvalidAlert` says why it is not one."""
    try:
        alert = orjson.loads(value)
    except orjson.JSONDecodeError as exc:
        raise InvalidAlert(f"not JSON: {exc}") from None
    if not isinstance(alert, dict):
        raise InvalidAlert(f"not a JSON object but {type(alert).__name__}")
    for name, kind in REQUIRED.items():
        if not isinstance(alert.get(name), kind):
            raise InvalidAlert(f"{name} missing or not a {kind.__name__}")
    if not alert["id"].strip():
        raise InvalidAlert("id is empty")
    for name, kinds in TYPED.items():
        if name in alert and (not isinstance(alert[name], kinds) or isinstance(alert[name], bool)):
            raise InvalidAlert(f"{name} is a {type(alert[name]).__name__}, not the expected type")
    if "tags" in alert and not all(isinstance(tag, str) for tag in alert["tags"]):
        raise InvalidAlert("tags must be a list of strings")
    if alert.get("event_count", 0) < 0:
        raise InvalidAlert("event_count is negative")
    for name in _TIMES:
        if name in alert:
            alert[name] = _normal_time(name, alert[name])
    if "severity" in alert:
        alert["severity"] = alert["severity"].upper()
    return alert


def _normal_time(name: str, value: str) -> str:
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidAlert(f"{name} {value[:64]!r} is not an ISO-8601 time") from None
    if parsed.tzinfo is None:  # naive times are UTC, as everywhere in MozDef
        parsed = parsed.replace(tzinfo=UTC)
    return utc_iso(parsed)


def rule_fields(alert: Mapping[str, Any]) -> Document:
    """What of ``alert`` the rule owns: all but the analyst's fields and the store's own keys."""
    return {k: v for k, v in alert.items() if k not in ANALYST_OWNED and k not in RESERVED}


def new_document(alert: Mapping[str, Any]) -> Document:
    """The document stored the first time an alert id is seen: open, nobody's yet."""
    return {**rule_fields(alert), "id": alert["id"], "status": "open"}


def rule_changes(stored: Mapping[str, Any], alert: Mapping[str, Any]) -> Document | None:
    """The update that brings ``stored`` up to ``alert``; None when there is nothing to write.

    Nothing is written for a replay (same content) nor for a message older than what is stored
    (its ``last_seen`` is earlier), so a batch replayed after a crash never moves an alert back.
    """
    if _is_older(alert.get("last_seen"), stored.get("last_seen")):
        return None
    # Merged, not replaced: a field the rule stops sending keeps its last value rather than vanish.
    # None values are skipped because Collection.update reads None as "remove the key".
    changes = {k: v for k, v in rule_fields(alert).items() if v is not None and stored.get(k) != v}
    return changes or None


def _is_older(incoming: object, stored: object) -> bool:
    # Both are normalized by decode_alert to the same ISO form, so strings compare as times.
    return isinstance(incoming, str) and isinstance(stored, str) and incoming < stored
