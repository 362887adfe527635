"""Pagination cursors: the sort values of a page's last hit, opaque to clients."""

from __future__ import annotations

import base64
import binascii
from typing import Any

import orjson

from mozdef_common.errors import QueryError

MAX_CURSOR_LENGTH = 2048


def encode_cursor(sort_values: tuple[Any, ...]) -> str:
    return base64.urlsafe_b64encode(orjson.dumps(list(sort_values))).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[Any, ...]:
    """The sort values a cursor holds; :class:`QueryError` when it is not one this API gave out."""
    if len(cursor) > MAX_CURSOR_LENGTH:
        raise QueryError("cursor is too long: pass back the next_cursor of a previous answer")
    try:
        values = orjson.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (binascii.Error, ValueError):
        raise QueryError("cursor is not valid: pass back the next_cursor of a previous answer") from None
    if not isinstance(values, list) or not all(isinstance(v, str | int | float) for v in values):
        raise QueryError("cursor is not valid: pass back the next_cursor of a previous answer")
    return tuple(values)
