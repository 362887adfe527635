"""Values as text: JSON of anything (huge ints and deep nesting included), scalars as fields store them."""

from __future__ import annotations

import math
from typing import Any

import orjson


def json_text(value: Any) -> str:
    """JSON text of any decoded value (huge ints and NaN included), for values that must become strings."""
    try:
        return orjson.dumps(value, option=orjson.OPT_NON_STR_KEYS, default=str).decode()
    except TypeError:  # orjson refuses ints beyond 64 bits and nesting beyond 255 levels
        return _json_text_iterative(value)


class _Raw(str):
    """Text already encoded, on the stack of :func:`_json_text_iterative`."""


def _json_text_iterative(value: Any) -> str:
    # Without recursion: a Kafka shipper may send 1,000 levels, more than any recursive encoder takes.
    out: list[str] = []
    stack: list[Any] = [value]
    while stack:
        item = stack.pop()
        if type(item) is _Raw:
            out.append(item)
        elif isinstance(item, dict):
            stack.append(_Raw("}"))
            entries = list(item.items())
            for index in range(len(entries) - 1, -1, -1):
                key, sub = entries[index]
                stack.append(sub)
                stack.append(_Raw(("," if index else "") + orjson.dumps(str(key)).decode() + ":"))
            stack.append(_Raw("{"))
        elif isinstance(item, list | tuple):
            stack.append(_Raw("]"))
            for index in range(len(item) - 1, -1, -1):
                stack.append(item[index])
                if index:
                    stack.append(_Raw(","))
            stack.append(_Raw("["))
        elif isinstance(item, int) and not isinstance(item, bool):
            out.append(str(item))
        else:
            out.append(orjson.dumps(item, default=str).decode())
    return "".join(out)


def scalar_text(value: Any) -> str:
    """A scalar as the text a string field stores."""
    if type(value) is str:
        return value
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, float) and not math.isfinite(value):
        return "nan" if math.isnan(value) else ("inf" if value > 0 else "-inf")
    return str(value)
