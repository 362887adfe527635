"""Field-level differences between two versions of a case, as the timeline records them.

A change is ``{"field": path, "before": value, "after": value}``; a missing value is None. Objects are
compared key by key (``dates.closed``), and lists of items with ids item by item
(``indicators.<item id>`` when one is added or removed, ``indicators.<item id>.note`` when one field
of it changed), so a timeline entry says exactly what moved rather than repeating whole lists.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, TypeGuard

Change = dict[str, Any]


def diff(before: Mapping[str, Any], after: Mapping[str, Any], *, ignore: Iterable[str] = ()) -> list[Change]:
    """The changes from ``before`` to ``after``, in key order, leaving out top-level keys in ``ignore``."""
    skipped = frozenset(ignore)
    return _diff(before, after, "", skipped)


def _diff(
    before: Mapping[str, Any], after: Mapping[str, Any], prefix: str, skipped: frozenset[str]
) -> list[Change]:
    changes: list[Change] = []
    for key in sorted(set(before) | set(after)):
        if key in skipped:
            continue
        old, new = before.get(key), after.get(key)
        if old == new:
            continue
        path = f"{prefix}{key}"
        if isinstance(old, Mapping) and isinstance(new, Mapping):
            changes += _diff(old, new, path + ".", frozenset())
        elif _items(old) and _items(new):
            changes += _diff_items(old, new, path)
        else:
            changes.append({"field": path, "before": old, "after": new})
    return changes


def _items(value: Any) -> TypeGuard[list[Mapping[str, Any]]]:
    """Whether ``value`` is a list of objects that all carry an id (empty lists count)."""
    return isinstance(value, list) and all(isinstance(v, Mapping) and "id" in v for v in value)


def _diff_items(
    old: Sequence[Mapping[str, Any]], new: Sequence[Mapping[str, Any]], path: str
) -> list[Change]:
    before = {str(item["id"]): item for item in old}
    after = {str(item["id"]): item for item in new}
    changes: list[Change] = []
    for item_id in [*before, *(i for i in after if i not in before)]:
        item_path = f"{path}.{item_id}"
        if item_id not in after:
            changes.append({"field": item_path, "before": dict(before[item_id]), "after": None})
        elif item_id not in before:
            changes.append({"field": item_path, "before": None, "after": dict(after[item_id])})
        else:
            changes += _diff(before[item_id], after[item_id], item_path + ".", frozenset())
    return changes
