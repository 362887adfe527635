"""The pure part of attacker profiles: what one alert adds to a profile, and what a merge adds.

A profile is one document of the ``attackers`` collection, its ``id`` the canonical source address
(:func:`.addresses.canonical`). Fields are owned by one side only, as on alerts:

* the consumer owns what alerts say: ``first_seen``, ``last_seen``, ``alert_count``, ``event_count``,
  the counters (``categories``, ``severities``, ``countries``, ``targets``, ``rules``: lists of
  ``{"value", "count"}``, most frequent first, so dotted values such as rule ids are never field
  names), ``phases_seen``, ``rank`` (the score, see :mod:`.score`) and ``seen``;
* analysts own ``name``, ``tags``, ``notes`` (append-only) and ``phase_override``;
* a merge owns ``aliases`` and, on the profiles it absorbed, ``alias_of``.

``seen`` holds the last :data:`MAX_SEEN` alert ids with the event count already counted for each, so
a replayed alert changes nothing and a re-published one (dedup: same id, higher ``event_count``) adds
only the difference. Every function answers the changed fields only, None when nothing changes:
that is what makes replays write nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from mozdef_api.attackers import addresses, phase, score
from mozdef_common.state import Document

COLLECTION: Final = "attackers"
MAX_SEEN: Final = 1000
MAX_TARGETS: Final = 25
MAX_VALUES: Final = 100
MAX_TEXT: Final = 50_000
COUNTERS: Final = ("categories", "severities", "countries", "targets", "rules")
#: Kept for the store's filters, which match array elements, not the values inside counters.
INDEX_LISTS: Final = {"categories": "category_names", "countries": "country_codes"}
INTERNAL: Final = frozenset({"seen", "rank", "text", "category_names", "country_codes", "phases_seen"})


@dataclass(frozen=True, slots=True)
class Sighting:
    """What one alert says about one attacker address."""

    alert_id: str
    address: str
    events: int
    first: str
    last: str
    severity: str | None
    category: str | None
    rule_id: str | None
    phases: frozenset[str]
    countries: frozenset[str]
    targets: frozenset[str]
    rank: float


def _time(value: str) -> datetime:
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def sightings(alert: Mapping[str, Any]) -> list[Sighting]:
    """One per attacker address of ``alert`` (decoded by :func:`mozdef_api.alerts.model.decode_alert`)."""
    first = str(alert["utctimestamp"])
    last = max(first, str(alert.get("last_seen") or first))
    severity = alert.get("severity")
    found = phase.phases_of(alert.get("category"), alert.get("tags") or [])
    rank = score.alert_rank(severity, _time(first))
    return [
        Sighting(
            alert_id=str(alert["id"]),
            address=address,
            events=int(alert.get("event_count") or 0),
            first=first,
            last=last,
            severity=severity,
            category=alert.get("category") or None,
            rule_id=alert.get("rule_id") or None,
            phases=frozenset(found),
            countries=frozenset(addresses.countries(alert, address)),
            targets=frozenset(addresses.targets(alert, address)),
            rank=rank,
        )
        for address in addresses.sources(alert)
    ]


def counts(doc: Mapping[str, Any], name: str) -> dict[str, int]:
    return {str(p["value"]): int(p["count"]) for p in doc.get(name) or [] if isinstance(p, Mapping)}


def pairs(values: Mapping[str, int], most: int) -> list[dict[str, Any]]:
    ordered = sorted(values.items(), key=lambda kv: (-kv[1], kv[0]))
    return [{"value": value, "count": count} for value, count in ordered[:most] if count > 0]


def _bump(values: dict[str, int], keys: Iterable[str | None], by: int = 1) -> None:
    for key in keys:
        if key:
            values[key] = values.get(key, 0) + by


def _diff(before: Mapping[str, Any], after: Mapping[str, Any]) -> Document | None:
    changes = {k: v for k, v in after.items() if before.get(k) != v}
    return changes or None


def empty(address: str) -> Document:
    """A profile nothing has been counted in yet."""
    return {"id": address, "address": address, "alert_count": 0, "event_count": 0, "text": address}


def derived_phase(doc: Mapping[str, Any]) -> str | None:
    return doc.get("phase_override") or phase.furthest(doc.get("phases_seen") or [])


def _finish(doc: dict[str, Any], values: Mapping[str, dict[str, int]]) -> None:
    for name in COUNTERS:
        doc[name] = pairs(values[name], MAX_TARGETS if name == "targets" else MAX_VALUES)
    for name, flat in INDEX_LISTS.items():
        doc[flat] = sorted(p["value"] for p in doc[name])
    doc["phase"] = derived_phase(doc)


def fold(profile: Mapping[str, Any], sighting: Sighting) -> Document | None:
    """The changes ``sighting`` makes to ``profile``; None for an alert already counted as it is."""
    after: dict[str, Any] = {}
    values = {name: counts(profile, name) for name in COUNTERS}
    seen = {str(e["alert"]): dict(e) for e in profile.get("seen") or []}
    before = seen.get(sighting.alert_id)
    if before is None:
        after["alert_count"] = int(profile.get("alert_count") or 0) + 1
        after["event_count"] = int(profile.get("event_count") or 0) + sighting.events
        after["rank"] = score.add(profile.get("rank"), sighting.rank)
        _bump(values["categories"], [sighting.category])
        _bump(values["severities"], [sighting.severity])
        _bump(values["rules"], [sighting.rule_id])
        _bump(values["countries"], sighting.countries)
        _bump(values["targets"], sighting.targets)
        seen[sighting.alert_id] = {
            "alert": sighting.alert_id,
            "events": sighting.events,
            "rank": sighting.rank,
        }
    else:
        # A re-published alert: only the events it gained, and values its new sample shows for the first time.
        gained = max(0, sighting.events - int(before.get("events") or 0))
        after["event_count"] = int(profile.get("event_count") or 0) + gained
        seen[sighting.alert_id] = {**before, "events": max(sighting.events, int(before.get("events") or 0))}
        _bump(values["countries"], [c for c in sighting.countries if c not in values["countries"]])
        _bump(values["targets"], [t for t in sighting.targets if t not in values["targets"]])
    after["seen"] = list(seen.values())[-MAX_SEEN:]  # oldest first: the ones dropped are the oldest
    after["phases_seen"] = sorted(set(profile.get("phases_seen") or []) | sighting.phases)
    after["first_seen"] = min(filter(None, [profile.get("first_seen"), sighting.first]))
    after["last_seen"] = max(filter(None, [profile.get("last_seen"), sighting.last]))
    merged = {**profile, **after}
    _finish(merged, values)
    return _diff(profile, {k: merged[k] for k in (*after, *COUNTERS, *INDEX_LISTS.values(), "phase")})


def text_of(doc: Mapping[str, Any]) -> str:
    """What the list's ``q`` searches: addresses, name, tags and notes, one per line."""
    parts = [doc["id"], *(doc.get("aliases") or []), doc.get("name") or "", *(doc.get("tags") or [])]
    parts += [str(note.get("text", "")) for note in doc.get("notes") or []]
    return "\n".join(p for p in parts if p)[:MAX_TEXT]


def with_text(doc: Mapping[str, Any], changes: Mapping[str, Any]) -> Document:
    """``changes`` plus the search text they make (for analysts' changes and merges)."""
    text = text_of({**doc, **changes})
    return {**changes, "text": text} if text != doc.get("text") else dict(changes)


def combine(primary: Mapping[str, Any], other: Mapping[str, Any]) -> Document | None:
    """The changes that absorb profile ``other`` into ``primary`` (None when it is absorbed already).

    An alert both profiles counted (one naming both addresses, still in both ``seen``) counts once in
    ``alert_count``, ``event_count`` and the score; the counters count it twice.
    """
    if other["id"] == primary["id"] or other["id"] in (primary.get("aliases") or []):
        return None
    ours = {str(e["alert"]): dict(e) for e in primary.get("seen") or []}
    rank = score.add(primary.get("rank"), other.get("rank"))
    alert_count = int(primary.get("alert_count") or 0) + int(other.get("alert_count") or 0)
    event_count = int(primary.get("event_count") or 0) + int(other.get("event_count") or 0)
    for entry in other.get("seen") or []:
        mine = ours.get(str(entry["alert"]))
        if mine is None:
            ours[str(entry["alert"])] = dict(entry)
            continue
        alert_count -= 1
        event_count -= min(int(mine.get("events") or 0), int(entry.get("events") or 0))
        rank = score.subtract(rank, float(entry["rank"])) if rank is not None else None
        mine["events"] = max(int(mine.get("events") or 0), int(entry.get("events") or 0))
    values = {}
    for name in COUNTERS:
        values[name] = counts(primary, name)
        for value, count in counts(other, name).items():
            _bump(values[name], [value], count)
    aliases = list(
        dict.fromkeys([*(primary.get("aliases") or []), other["id"], *(other.get("aliases") or [])])
    )
    notes = sorted(
        [*(primary.get("notes") or []), *(other.get("notes") or [])], key=lambda n: str(n.get("at"))
    )
    after: dict[str, Any] = {
        "alert_count": max(0, alert_count),
        "event_count": max(0, event_count),
        "rank": rank,
        "seen": list(ours.values())[-MAX_SEEN:],
        "phases_seen": sorted(set(primary.get("phases_seen") or []) | set(other.get("phases_seen") or [])),
        "first_seen": min(filter(None, [primary.get("first_seen"), other.get("first_seen")]), default=None),
        "last_seen": max(filter(None, [primary.get("last_seen"), other.get("last_seen")]), default=None),
        "aliases": aliases,
        "tags": list(dict.fromkeys([*(primary.get("tags") or []), *(other.get("tags") or [])])),
        "notes": notes,
        "name": primary.get("name") or other.get("name"),
    }
    merged = {**primary, **after}
    _finish(merged, values)
    keys = (*after, *COUNTERS, *INDEX_LISTS.values(), "phase")
    return _diff(primary, with_text(primary, {k: merged[k] for k in keys}))


def view(doc: Mapping[str, Any], now: datetime) -> Document:
    """The profile as the API answers it: counters as objects, the score as of ``now``."""
    out = {k: v for k, v in doc.items() if k not in INTERNAL and k not in COUNTERS}
    for name in COUNTERS:
        out[name] = counts(doc, name)
    out["addresses"] = [doc["id"], *(doc.get("aliases") or [])]
    out["score"] = score.score(doc.get("rank"), now)
    out["phase_derived"] = phase.furthest(doc.get("phases_seen") or [])
    return out
