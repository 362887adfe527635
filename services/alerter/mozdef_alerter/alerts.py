"""The pure part of alerting: MozDef's alert built from a rule, its events and its group.

An alert (docs/rules.md, "The alert") is a plain dict: ``id``, ``utctimestamp`` (first raised),
``last_seen``, ``summary``, ``category``, ``severity``, ``tags``, ``rule_id``, ``rule_name``,
``rule_type``, ``dedup_key``, ``event_count``, ``events`` (a sample of references) and ``group``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from mozdef_common.event import index_day, new_event_id, utc_iso
from mozdef_common.rules.models import SCHEDULED_TYPES, RuleBase
from mozdef_common.types import Event

Alert = dict[str, Any]
_PLACEHOLDER: Final = re.compile(r"\{([A-Za-z_@][A-Za-z0-9_@.-]*)\}")
#: What a Python rule's hook may set on the alert it raises (everything else is the engine's).
OVERRIDABLE: Final = frozenset({"summary", "severity", "category", "tags"})


def lookup(event: Mapping[str, Any], path: str) -> Any:
    """The value at a dotted ``path`` of ``event`` (``details.sourceipaddress``), or None."""
    value: Any = event
    for part in path.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def group_of(fields: Sequence[str], event: Mapping[str, Any]) -> dict[str, Any]:
    """The group of ``event`` for ``fields``: each field's value in it (None when absent)."""
    return {name: lookup(event, name) for name in fields}


def dedup_key(rule: RuleBase, group: Mapping[str, Any], events: Sequence[Event]) -> str:
    """``<rule id>|<value>|…`` for the rule's dedup fields, from the group or else the first event."""
    parts = [rule.id]
    first = events[0] if events else {}
    for name in rule.dedup_fields():
        value = group[name] if name in group else lookup(first, name)
        parts.append("" if value is None else str(value))
    return "|".join(parts)


def render_summary(
    template: str, rule_name: str, count: int, group: Mapping[str, Any], first: Mapping[str, Any]
) -> str:
    """``template`` with ``{count}``, ``{rule}`` and ``{field.path}`` (group value, or first event's)."""

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name == "count":
            return str(count)
        if name == "rule":
            return rule_name
        found = group[name] if name in group else lookup(first, name)
        return "" if found is None else str(found)

    return _PLACEHOLDER.sub(value, template)


def event_ref(event: Mapping[str, Any]) -> dict[str, Any]:
    """What an alert keeps of one event: enough to find it again."""
    utc = str(event.get("utctimestamp") or "")
    return {
        "id": event.get("id"),
        "index": f"events-{index_day(utc)}" if len(utc) >= 10 else "events",
        "utctimestamp": utc,
        "summary": event.get("summary", ""),
    }


def new_alert(
    rule: RuleBase,
    events: Sequence[Event],
    group: Mapping[str, Any],
    count: int,
    now: datetime,
    *,
    key: str,
    overrides: Mapping[str, Any] | None = None,
) -> Alert:
    """A new alert for ``count`` events (``events``: a sample of them, first first)."""
    first = events[0] if events else {}
    stamp = utc_iso(now)
    alert: Alert = {
        "id": new_event_id(),
        "utctimestamp": stamp,
        "last_seen": stamp,
        "summary": render_summary(rule.summary, rule.name, count, group, first),
        "category": rule.category,
        "severity": rule.severity,
        "tags": list(rule.tags),
        "rule_id": rule.id,
        "rule_name": rule.name,
        "rule_type": rule.rule_type,
        "dedup_key": key,
        "event_count": count,
        "events": [event_ref(event) for event in events[: rule.sample]],
        "group": dict(group),
    }
    return _apply(alert, overrides)


def updated_alert(
    alert: Mapping[str, Any],
    rule: RuleBase,
    events: Sequence[Event],
    count: int,
    now: datetime,
    *,
    overrides: Mapping[str, Any] | None = None,
) -> Alert:
    """The open ``alert`` after ``count`` more events: same id, new count, last seen and sample."""
    sample = list(alert.get("events") or [])
    known = {ref.get("id") for ref in sample}
    for event in events:
        if len(sample) >= rule.sample:
            break
        if event.get("id") not in known:
            sample.append(event_ref(event))
    before = int(alert.get("event_count") or 0)
    # A scheduled run counts its whole look-back, which overlaps the previous run's: its count is the
    # window's total, not new events, so it replaces a smaller total instead of adding to it.
    total = max(before, count) if getattr(rule, "type", None) in SCHEDULED_TYPES else before + count
    group = alert.get("group") or {}
    first = events[0] if events else {}
    updated: Alert = {
        **alert,
        "last_seen": max(utc_iso(now), str(alert.get("last_seen") or "")),
        "event_count": total,
        "events": sample,
        "summary": render_summary(rule.summary, rule.name, total, group, first),
    }
    return _apply(updated, overrides)


def store_document(alert: Mapping[str, Any]) -> Event:
    """The alert as the event store indexes it: as published, plus a ``details`` to search on.

    The stores index the event schema's top-level fields and ``details``; the alert-only fields are
    copied under ``details`` (group fields with ``_`` for ``.``) so ``details.rule_id:…`` finds them.
    """
    group = alert.get("group") or {}
    details = {
        "rule_id": alert.get("rule_id"),
        "rule_name": alert.get("rule_name"),
        "rule_type": alert.get("rule_type"),
        "dedup_key": alert.get("dedup_key"),
        "event_count": alert.get("event_count"),
        "last_seen": alert.get("last_seen"),
        "event_ids": [ref.get("id") for ref in alert.get("events") or []],
        "group": {name.replace(".", "_"): value for name, value in group.items()},
    }
    return {**alert, "details": details}


def _apply(alert: Alert, overrides: Mapping[str, Any] | None) -> Alert:
    for name, value in (overrides or {}).items():
        if name in OVERRIDABLE and value is not None:
            alert[name] = list(value) if name == "tags" else value
    return alert
