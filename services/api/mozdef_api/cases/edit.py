"""The pure part of changing a case: building a new one, applying a change, making an item.

Inputs are checked models dumped as JSON (``model_dump(mode="json")``); outputs are what goes to the
state store. Nothing here does I/O, so the rules (dates a phase sets, what a change may touch, the
fields the server derives) are tested without a server.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from mozdef_api import veris
from mozdef_api.cases.items import LISTS
from mozdef_api.cases.phases import dates_for_phase, direction
from mozdef_common.event import new_event_id

#: Kept by the server for filters and counts; never shown to clients, never sent by them.
INTERNAL: Final = frozenset({veris.INDEX_FIELD})
#: Keys a timeline diff leaves out: the store's bookkeeping and derived fields.
NOT_DIFFED: Final = frozenset({"id", "version", "created", "updated", *INTERNAL})


def public(doc: Mapping[str, Any]) -> dict[str, Any]:
    """``doc`` as clients see it."""
    return {k: v for k, v in doc.items() if k not in INTERNAL}


def new_item(fields: Mapping[str, Any], *, author: str | None, now: str) -> dict[str, Any]:
    return {**fields, "id": new_event_id(), "author": author, "added": now}


def new_case(
    fields: Mapping[str, Any], *, number: int, ref: str, creator: str | None, now: str
) -> dict[str, Any]:
    """The document for a new case: ``fields`` (a dumped CaseFields) completed by the server.

    ``opened`` and ``reported`` default to ``now``; a case created past Identification gets the date
    its phase stands for, as if it had moved there.
    """
    doc: dict[str, Any] = {key: value for key, value in fields.items() if key not in LISTS}
    dates = {k: v for k, v in fields.get("dates", {}).items() if v is not None}
    dates.setdefault("opened", now)
    dates.setdefault("reported", now)
    doc["dates"] = dates_for_phase("Identification", doc["phase"], dates, now)
    for name in LISTS:
        doc[name] = [new_item(item, author=creator, now=now) for item in fields.get(name, [])]
    doc.update(number=number, ref=ref, creator=creator)
    doc[veris.INDEX_FIELD] = veris.prefixes(doc.get("veris", []))
    return doc


def apply_changes(before: Mapping[str, Any], changes: Mapping[str, Any], *, now: str) -> dict[str, Any]:
    """The top-level changes to store for ``changes`` (a dumped CaseChanges, unset fields left out).

    ``dates`` merge into the current ones (null removes one); a phase change then fills the date
    the new phase stands for if it is still unset, so a date sent with the change wins.
    """
    result: dict[str, Any] = {k: v for k, v in changes.items() if k != "dates"}
    dates = dict(before.get("dates", {}))
    for name, value in (changes.get("dates") or {}).items():
        if value is None:
            dates.pop(name, None)
        else:
            dates[name] = value
    if "phase" in changes:
        dates = dates_for_phase(before["phase"], changes["phase"], dates, now)
    if dates != before.get("dates", {}):
        result["dates"] = dates
    if "veris" in changes:
        result[veris.INDEX_FIELD] = veris.prefixes(changes["veris"])
    return result


def phase_move(before: Mapping[str, Any], after: Mapping[str, Any]) -> dict[str, str] | None:
    """``{"from", "to", "direction"}`` when the phase changed, for the timeline; None otherwise."""
    if before.get("phase") == after.get("phase") or "phase" not in before:
        return None
    return {
        "from": before["phase"],
        "to": after["phase"],
        "direction": direction(before["phase"], after["phase"]),
    }
