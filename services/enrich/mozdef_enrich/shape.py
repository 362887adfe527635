"""The type-conflict rule: every normalized event is indexable, whatever the shipper sent (pure functions).

MozDef's Elasticsearch rejected an event whose field had another type than the mapping had learnt. Here:

Top level
    The schema fields have fixed types. The string fields (:data:`mozdef_common.event.STRING_FIELDS`) take
    any scalar as text (``true``/``false`` for booleans); ``severity`` is upper-cased and mapped (see
    :mod:`mozdef_enrich.severity`); ``tags`` is a list of strings; ``details`` and ``mozdef`` are objects.
    An object or list found where a string belongs moves to ``details`` under the field's name (or
    ``<name>_object`` when that key is taken) and the field gets its default. Keys outside the schema
    move under ``details``.

Inside ``details`` (one event)
    * a key with dots is a path: ``{"src.ip": x}`` is stored as ``{"src": {"ip": x}}``; empty segments are
      ignored and an empty key becomes ``_empty``;
    * when a scalar (or list) and an object meet at the same path, the object wins the path and the
      scalar moves into it under ``_value``: ``{"a": "x", "a.b": 1}`` → ``{"a": {"_value": "x", "b": 1}}``;
      two objects at one path are merged; two scalars at one path: the later key wins;
    * a list mixing objects, lists and scalars, or scalar types (strings, numbers, booleans), becomes a
      list of strings (objects and lists JSON-encoded, ``null`` kept); so does a list of objects whose
      members disagree on the type at some path;
    * values nested deeper than :data:`MAX_DEPTH` objects under ``details`` are stored as JSON text (paths
      longer than that are joined with ``_`` at the limit);
    * NaN and ±infinity become the strings ``nan``/``inf``/``-inf``; integers outside int64 become strings;
    * keys ending in ``_int`` or ``_float`` (MozDef's convention for shippers that only send text) keep
      their name and get their value cast; a value that cannot be cast moves to ``<key>_invalid``.

Across events the same ``details`` path may still be a string in one event and an object in another:
the event store indexes ``details`` with a type-tolerant mapping (a tantivy JSON field), so both index.
"""

from __future__ import annotations

import math
from typing import Any, Final

from mozdef_enrich.jsontext import json_text, scalar_text

MAX_DEPTH: Final = 10
_INT64_MIN: Final = -(2**63)
_INT64_MAX: Final = 2**63 - 1
_SUFFIXES: Final = ("_int", "_float")


def shape_details(details: dict[str, Any]) -> dict[str, Any]:
    """A new ``details`` object that follows the rule above."""
    return _shape_object(details, 0)


def merge(target: dict[str, Any], key: str, value: Any) -> None:
    """Put ``value`` at ``target[key]`` following the rule: objects merge, a scalar meeting an object
    moves to ``_value``, the later of two scalars wins."""
    if key not in target:
        target[key] = value
        return
    old = target[key]
    if type(old) is dict:
        if type(value) is dict:
            for sub_key, sub_value in value.items():
                merge(old, sub_key, sub_value)
        else:
            merge(old, "_value", value)
    elif type(value) is dict:
        target[key] = value
        if "_value" not in value:
            value["_value"] = old
    else:
        target[key] = value


def merge_path(target: dict[str, Any], path: str, value: Any) -> None:
    """:func:`merge` at a dotted ``path`` below ``target``, making the objects on the way."""
    parts = [part for part in path.split(".") if part] or ["_empty"]
    node = target
    for part in parts[:-1]:
        node = _child(node, part)
    merge(node, parts[-1], value)


def _child(node: dict[str, Any], key: str) -> dict[str, Any]:
    child = node.get(key)
    if type(child) is not dict:
        child = {} if child is None else {"_value": child}
        node[key] = child
    return child


def _shape_object(obj: dict[Any, Any], depth: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    kinds = _KEY_KINDS.get
    for key, value in obj.items():
        if type(key) is not str:
            key = str(key)
        kind = kinds(key)
        if kind is None:
            kind = _learn_key(key)
        if kind == _PATH:
            parts = [part for part in key.split(".") if part] or ["_empty"]
            room = MAX_DEPTH - depth
            if len(parts) > room:
                parts = [*parts[: room - 1], "_".join(parts[room - 1 :])]
            _put_path(out, parts, _shape_value(value, depth + len(parts) - 1))
            continue
        value_kind = type(value)
        # Most values need no look; ints, the next most common, are checked here without a call.
        if value_kind is int:
            if not _INT64_MIN <= value <= _INT64_MAX:
                value = str(value)
        elif value_kind is not str and value is not None and value_kind is not bool:
            value = _shape_value(value, depth)
        if kind == _CAST:
            _put_cast(out, key, value)
        elif key in out:
            merge(out, key, value)
        else:
            out[key] = value
    return out


# What a key asks for, worked out once: the same few keys come back in every event.
_PLAIN, _PATH, _CAST = 0, 1, 2
_KEY_KINDS: dict[str, int] = {}
_KEY_KINDS_MAX: Final = 10_000


def _learn_key(key: str) -> int:
    kind = _PATH if "." in key or not key else _CAST if key.endswith(_SUFFIXES) else _PLAIN
    if len(_KEY_KINDS) >= _KEY_KINDS_MAX:
        _KEY_KINDS.clear()  # keys come from shippers: bound the memory they can take
    _KEY_KINDS[key] = kind
    return kind


def _put_path(out: dict[str, Any], parts: list[str], value: Any) -> None:
    node = out
    for part in parts[:-1]:
        node = _child(node, part)
    leaf = parts[-1]
    if leaf.endswith(_SUFFIXES):
        _put_cast(node, leaf, value)
    else:
        merge(node, leaf, value)


def _put_cast(out: dict[str, Any], key: str, value: Any) -> None:
    cast = _cast(value, key.endswith("_int"))
    if cast is _INVALID:
        merge(out, key + "_invalid", value if type(value) is str else json_text(value))
    else:
        merge(out, key, cast)


_INVALID: Final = object()


def _cast(value: Any, to_int: bool) -> Any:
    if value is None:
        return None
    if type(value) not in (str, int, float):
        return _INVALID
    try:
        number = float(value)
    except ValueError:
        return _INVALID
    if not math.isfinite(number):
        return _INVALID
    if not to_int:
        return number
    if type(value) is int:
        return value if _INT64_MIN <= value <= _INT64_MAX else _INVALID
    if type(value) is str and value.isascii() and value.strip().lstrip("+-").isdigit():
        exact = int(value)
        return exact if _INT64_MIN <= exact <= _INT64_MAX else _INVALID
    return int(number) if number.is_integer() and abs(number) < 2**63 else _INVALID


def _shape_value(value: Any, depth: int) -> Any:
    kind = type(value)
    if kind is str or kind is bool or value is None:
        return value
    if kind is int:
        return value if _INT64_MIN <= value <= _INT64_MAX else str(value)
    if kind is float:
        return value if math.isfinite(value) else scalar_text(value)
    if kind is dict:
        return json_text(value) if depth >= MAX_DEPTH else _shape_object(value, depth + 1)
    if kind is list:
        # Lists add no object level, but a list inside a list counts one, so that nesting stays bounded.
        return json_text(value) if depth > MAX_DEPTH else _shape_list(value, depth)
    return _shape_foreign(value, depth)


def _shape_foreign(value: Any, depth: int) -> Any:
    # Values no JSON decoder produces, set by plugins: subclasses, tuples, sets, bytes, anything else.
    if isinstance(value, str):
        return str(value)
    if isinstance(value, bool | int | float):
        return _shape_value(int(value) if isinstance(value, int) else float(value), depth)
    if isinstance(value, dict):
        return _shape_value(dict(value), depth)
    if isinstance(value, list | tuple | set | frozenset):
        return _shape_value(list(value), depth)
    if isinstance(value, bytes | bytearray):
        return bytes(value).decode("utf-8", errors="replace")
    return str(value)


def _shape_list(items: list[Any], depth: int) -> list[Any]:
    shaped = [_shape_value(item, depth + 1 if type(item) is list else depth) for item in items]
    kinds = {_kind(item) for item in shaped if item is not None}
    if not kinds:
        return shaped
    if len(kinds) == 1:
        (kind,) = kinds
        if kind in ("str", "num", "bool"):
            return shaped
        if kind == "object" and _objects_agree(shaped):
            return shaped
    return [None if item is None else _as_text(item) for item in shaped]


def _kind(value: Any) -> str:
    kind = type(value)
    if kind is str:
        return "str"
    if kind is bool:
        return "bool"
    if kind is int or kind is float:
        return "num"
    if kind is dict:
        return "object"
    return "list"


def _as_text(value: Any) -> str:
    kind = type(value)
    if kind is dict or kind is list:
        return json_text(value)
    return scalar_text(value)


def _objects_agree(objects: list[Any]) -> bool:
    seen: dict[str, str] = {}
    return all(obj is None or _collect_kinds(obj, "", seen) for obj in objects)


def _collect_kinds(obj: dict[str, Any], prefix: str, seen: dict[str, str]) -> bool:
    """Record the kind found at every path of ``obj``; ``False`` on the first disagreement."""
    for key, value in obj.items():
        path = prefix + key
        values = value if type(value) is list else (value,)
        for item in values:
            if item is None:
                continue
            kind = _kind(item)
            if seen.setdefault(path, kind) != kind:
                return False
            if kind == "object" and not _collect_kinds(item, path + ".", seen):
                return False
    return True
