"""What every event store decides the same way: the sort key, and how a details leaf is typed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from mozdef_common.errors import QueryError
from mozdef_common.query.fields import DATE_FIELDS
from mozdef_common.store.base import SortOrder


def primary_sort(sort: tuple[tuple[str, SortOrder], ...]) -> tuple[str, SortOrder]:
    """The one sort key the stores honour: the first, on a date field (ties then go by id)."""
    field, order = sort[0] if sort else ("utctimestamp", "desc")
    if field not in DATE_FIELDS:
        raise QueryError(f"cannot sort by {field!r}: sort by one of {', '.join(DATE_FIELDS)}")
    if order not in ("asc", "desc"):
        raise QueryError(f"sort order must be asc or desc, not {order!r}")
    return field, order


def parse_utc(value: object) -> datetime | None:
    """An ISO-8601 string as an aware datetime (naive = UTC), or None when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo is not None else parsed.replace(tzinfo=UTC)


def looks_like_date(value: str) -> bool:
    """ISO-8601-looking text: what both stores treat as a date under details."""
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit()


def count_leaf_kinds(prefix: str, obj: Mapping[str, Any], found: dict[str, Counter[str]]) -> None:
    """Add, for every path under ``obj``, how many values of each kind it holds (the field catalog's
    types: object, boolean, number, date, keyword)."""
    for key, value in obj.items():
        path = f"{prefix}.{key}"
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, dict):
                count_leaf_kinds(path, item, found)
                kind = "object"
            elif isinstance(item, bool):
                kind = "boolean"
            elif isinstance(item, int | float):
                kind = "number"
            elif isinstance(item, str):
                kind = "date" if looks_like_date(item) else "keyword"
            else:
                continue
            found.setdefault(path, Counter())[kind] += 1
