"""Listing filters and orders, turned into the state store's ``where`` and ``sort`` (pure).

Every filter is optional and all given ones must hold. ``phase`` and ``severity`` take several values
(repeated or comma-separated: any of them); ``tag`` and ``veris`` one each; ``veris`` matches the path
and everything under it (``action.hacking`` finds ``action.hacking.variety.Brute force``); ``q``
matches text in summary or description ignoring case, or a case's ref (``INC-42``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

from mozdef_api import veris
from mozdef_api.cases.phases import parse_phase
from mozdef_api.cases.types import Severity
from mozdef_api.cases.validation import refuse
from mozdef_common.errors import QueryError
from mozdef_common.event import utc_iso
from mozdef_common.query.timerange import parse_time

#: ``sort`` names clients use, and the stored paths they order by.
SORTS: Final = {
    "number": "number",
    "opened": "dates.opened",
    "reported": "dates.reported",
    "closed": "dates.closed",
    "updated": "updated",
    "created": "created",
    "phase": "phase",
    "owner": "owner",
    "summary": "summary",
}
DEFAULT_SORT: Final = "number:desc"
_REF: Final = re.compile(r"^(?:INC|INV)-(\d{1,18})$", re.IGNORECASE)


def _values(raw: Sequence[str] | None) -> list[str]:
    return [part.strip() for value in raw or () for part in value.split(",") if part.strip()]


def where_for(
    *,
    phase: Sequence[str] | None = None,
    severity: Sequence[str] | None = None,
    owner: str | None = None,
    creator: str | None = None,
    tag: str | None = None,
    veris_path: str | None = None,
    q: str | None = None,
    opened_after: str | None = None,
    opened_before: str | None = None,
) -> dict[str, Any]:
    """The store filter for the listing's query parameters; CaseValidationError names a bad one."""
    where: dict[str, Any] = {}
    try:
        phases = [parse_phase(p).value for p in _values(phase)]
    except ValueError as exc:
        raise refuse(("query", "phase"), str(exc), phase) from None
    if phases:
        where["phase"] = {"$in": phases}
    severities = [s.upper() for s in _values(severity)]
    unknown = [s for s in severities if s not in Severity.__members__]
    if unknown:
        raise refuse(("query", "severity"), f"{unknown[0]!r} is not one of {', '.join(Severity)}", severity)
    if severities:
        where["severity"] = {"$in": severities}
    if owner:
        where["owner"] = owner
    if creator:
        where["creator"] = creator
    if tag:
        where["tags"] = {"$contains": tag}
    if veris_path:
        try:
            where[veris.INDEX_FIELD] = {"$contains": veris.canonical(veris_path)}
        except ValueError as exc:
            raise refuse(("query", "veris"), str(exc), veris_path) from None
    if q and q.strip():
        text = q.strip()
        either: list[dict[str, Any]] = [
            {"summary": {"$icontains": text}},
            {"description": {"$icontains": text}},
        ]
        ref = _REF.fullmatch(text)
        if ref:
            either.append({"number": int(ref.group(1))})
        where["$or"] = either
    opened: dict[str, str] = {}
    for name, bound, op in (("opened_after", opened_after, "$gte"), ("opened_before", opened_before, "$lt")):
        if bound:
            opened[op] = _time(name, bound)
    if opened:
        where["dates.opened"] = opened
    return where


def _time(name: str, value: str) -> str:
    try:
        return utc_iso(parse_time(value))
    except QueryError as exc:
        raise refuse(("query", name), str(exc), value) from None


def sort_for(sort: str | None) -> list[tuple[str, int]]:
    """``"opened:desc,number"`` as store order; CaseValidationError names an unknown field or order."""
    order: list[tuple[str, int]] = []
    for part in _values([sort or DEFAULT_SORT]):
        name, _, direction = part.partition(":")
        direction = direction.lower() or "asc"
        if name not in SORTS or direction not in ("asc", "desc"):
            raise refuse(
                ("query", "sort"),
                f"cannot sort by {part!r}: use field[:asc|desc] with a field of {', '.join(SORTS)}",
                sort,
            )
        order.append((SORTS[name], 1 if direction == "asc" else -1))
    return order
