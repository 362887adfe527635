"""Splitting a decoded body into items: one JSON object, a JSON array, or NDJSON. Pure functions.

The result keeps every item in its position, so that an error can name it and one bad item never
rejects the others: a well-formed item is the decoded value (a ``dict`` when it is a proper event,
anything else is refused later as "not an object"), a line that does not parse is an
:class:`~mozdef_ingest.errors.ItemRejected`. Only a body that cannot be framed at all raises
:class:`~mozdef_ingest.errors.BodyError`.
"""

from __future__ import annotations

import orjson

from mozdef_ingest.decoding import Mode
from mozdef_ingest.errors import BodyError, ItemRejected

_BOM = b"\xef\xbb\xbf"


def split_items(body: bytes, mode: Mode) -> list[object]:
    """The items of ``body``, in order (see the module docstring)."""
    if body.startswith(_BOM):  # Windows tools write one; orjson refuses it
        body = body[len(_BOM) :]
    if mode == "ndjson":
        return ndjson_items(body)
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError as exc:
        if _looks_like_ndjson(body):
            return ndjson_items(body)
        raise whole_body_error(body, exc) from None
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        return [value]
    raise BodyError(
        400, "not_an_object", f"the body is a JSON {type_name(value)}: send an object, an array or NDJSON"
    )


def ndjson_items(body: bytes) -> list[object]:
    """One item per non-blank line; a line that does not parse becomes an ``ItemRejected``."""
    items: list[object] = []
    loads = orjson.loads
    for number, line in enumerate(body.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            items.append(loads(line))
        except orjson.JSONDecodeError as exc:
            items.append(line_error(line, exc, number))
    return items


def _looks_like_ndjson(body: bytes) -> bool:
    """Several JSON values on separate lines, sent as ``application/json``: the first line parses alone.

    (A pretty-printed document fails here, since its first line is just ``{`` or ``[``.)
    """
    first, newline, rest = body.lstrip().partition(b"\n")
    if not newline or not rest.strip():
        return False
    try:
        orjson.loads(first)
    except orjson.JSONDecodeError:
        return False
    return True


def whole_body_error(body: bytes, exc: orjson.JSONDecodeError) -> BodyError:
    kind, reason = _classify(body, exc)
    return BodyError(400, kind, reason)


def line_error(line: bytes, exc: orjson.JSONDecodeError, number: int) -> ItemRejected:
    kind, reason = _classify(line, exc)
    return ItemRejected(kind, reason, line=number)


def _classify(data: bytes, exc: orjson.JSONDecodeError) -> tuple[str, str]:
    # Only on the error path: telling invalid UTF-8 and too-deep input apart from other syntax errors
    # gives the sender a precise reason.
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as bad:
        return "invalid_utf8", f"not valid UTF-8 at byte {bad.start}"
    if not data.strip():
        return "empty_body", "no JSON in the body"
    if "depth" in exc.msg or "recursion" in exc.msg:
        return "too_deep", f"nesting deeper than the JSON parser allows: {exc}"
    return "json_parse_error", f"malformed JSON: {exc}"


def type_name(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object" if isinstance(value, dict) else type(value).__name__
