"""``fields``: the parts of an event a client asked for, by dotted path."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from mozdef_common.types import Event

MAX_FIELDS = 100


def project(source: Event, fields: Sequence[str]) -> Event:
    """Only ``fields`` of ``source`` (a path names a value or a whole object), plus ``id``."""
    out: Event = {"id": source.get("id")}
    for path in fields:
        value = _lookup(source, path)
        if value is _MISSING:
            continue
        target = out
        *parents, leaf = path.split(".")
        for part in parents:
            child = target.get(part)
            if not isinstance(child, dict):
                child = target[part] = {}
            target = child
        target[leaf] = value
    return out


_MISSING: Any = object()


def _lookup(source: Event, path: str) -> Any:
    node: Any = source
    for part in path.split("."):
        if not isinstance(node, dict) or part not in node:
            return _MISSING
        node = node[part]
    return node
