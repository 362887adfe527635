"""The tantivy schema of a day index, and an event turned into the JSON document tantivy indexes.

Schema (the field semantics of :mod:`mozdef_common.query.fields`, made physical):

* ``id``: raw (one exact term) for replace-by-id. Not fast: ids are unique, so a fast column buys no
  aggregation and cost ~20% of write throughput when measured. Not stored: ``_source`` holds it.
* ``utctimestamp``, ``receivedtimestamp``, ``timestamp``: i64 microseconds since the epoch, indexed
  and fast. Not tantivy date fields: the Python binding gives those second precision, which would
  make sub-second ranges and the newest-first sort inexact.
* keywords (category ... eventsource, tags): raw tokenizer, fast (for aggregations and ``_exists_``).
* ``summary``: the default tokenizer (split on non-alphanumerics, lower-cased, tokens of 40 bytes or
  more dropped) with positions for phrases.
* ``details``: a JSON field, raw tokenizer, dots in keys expanded (``{"a.b": 1}`` is found as
  ``details.a.b`` like ``{"a": {"b": 1}}``). Every leaf is typed by its own JSON value, so a key that
  is a string in one event and an object or a number in another never makes an event unindexable.
  Not fast: fast JSON columns halved write throughput when measured (28k → 56k events/s without).
* ``_details_range``: the numbers and date-like strings of details again, in a fast JSON column: what
  ranges over ``details.…`` read (tantivy ranges over JSON need a column; strings, the costly part of
  one, are left out).
* ``_details_keyword``: the string values (up to :data:`KEYWORD_MAX_CHARS` characters) of the
  paths in :data:`AGGREGATABLE_PATHS` again, in a fast JSON column: what terms and cardinality on
  ``details.…`` read. A column of every string leaf is what halved write throughput; a fixed set
  of the paths analysts group by (the benchmark mix and enrich's sshd and ipfixup outputs) costs
  a few strings per event. Numbers of any path are in ``_details_range``.
* ``_details_datestr``: the date-like strings of details again, each behind a mark that keeps it
  text (tantivy indexes RFC 3339 strings of a JSON field as dates): what wildcards and regexes on
  ``details.…`` also look in.
* ``_paths``: every path under details an event has, objects included (``details.a``, ``details.a.b``),
  one raw term each, and ``summary`` when the event has one (even empty): what ``_exists_:details.…``
  and ``_exists_:summary`` look up, cheaply, without fast columns.
* ``_source``: the event exactly as received, stored and never indexed (an analyzer that emits no
  token), so a hit returns the original JSON.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final

import orjson
import tantivy

from mozdef_common.errors import EventError
from mozdef_common.query.fields import (
    DATE_FIELDS,
    DATE_STRING_MARK,
    DETAILS_DATE_STRINGS,
    DETAILS_RANGE,
    KEYWORD_FIELDS,
    PATHS,
)
from mozdef_common.store.common import looks_like_date, parse_utc
from mozdef_common.types import Event

SOURCE: Final = "_source"
STORED_ONLY_TOKENIZER: Final = "mozdef_stored_only"
#: Paths under details whose strings have a column (terms and cardinality read it).
AGGREGATABLE_PATHS: Final = frozenset(
    {
        "sourceipaddress",
        "destinationipaddress",
        "sourceport",
        "destinationport",
        "username",
        "user",
        "hostname",
        "program",
        "action",
        "protocol",
        "authmethod",
        "host",
        "method",
        "status",
        "keytype",
        "eventName",
        "awsRegion",
        "sourceIPAddress",
        "userIdentity.userName",
        "TargetUserName",
        "IpAddress",
        "Channel",
        "EventID",
        "LogonType",
        "user.name",
        "http.status",
        "destination",
        "success",
    }
)
DETAILS_KEYWORD: Final = "_details_keyword"
KEYWORD_MAX_CHARS: Final = 256
#: Scalar keywords (tags is the multi-valued one).
_SCALAR_KEYWORDS: Final = tuple(f for f in KEYWORD_FIELDS if f not in ("id", "tags"))
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO: Final = timedelta(microseconds=1)


def build_schema() -> Any:
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("id", tokenizer_name="raw", index_option="basic")
    for name in DATE_FIELDS:
        builder.add_integer_field(name, indexed=True, fast=True)
    for name in (*_SCALAR_KEYWORDS, "tags"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("summary", tokenizer_name="default", index_option="position")
    builder.add_json_field("details", tokenizer_name="raw", index_option="basic", expand_dots_enabled=True)
    builder.add_text_field(PATHS, tokenizer_name="raw", index_option="basic")
    builder.add_json_field(DETAILS_RANGE, fast=True, index_option="basic", expand_dots_enabled=True)
    builder.add_json_field(
        DETAILS_DATE_STRINGS, tokenizer_name="raw", index_option="basic", expand_dots_enabled=True
    )
    builder.add_json_field(
        DETAILS_KEYWORD, fast=True, tokenizer_name="raw", index_option="basic", expand_dots_enabled=True
    )
    builder.add_text_field(SOURCE, stored=True, tokenizer_name=STORED_ONLY_TOKENIZER, index_option="basic")
    return builder.build()


def register_tokenizers(index: Any) -> None:
    """Every opened index needs this before it can write (the analyzer is not saved with the index)."""
    # The raw tokenizer yields the whole text as one token; dropping tokens longer than one byte
    # leaves nothing to index, which is what a stored-only field needs.
    analyzer = (
        tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw()).filter(tantivy.Filter.remove_long(1)).build()
    )
    index.register_tokenizer(STORED_ONLY_TOKENIZER, analyzer)


def parse_utc_micros(value: object) -> int | None:
    """Microseconds since the epoch of an ISO-8601 string (naive = UTC), or None when it is not one."""
    parsed = parse_utc(value)
    return None if parsed is None else (parsed - _EPOCH) // _MICRO


def day_of_micros(micros: int) -> str:
    day = _EPOCH + timedelta(microseconds=micros)
    return f"{day.year:04d}{day.month:02d}{day.day:02d}"


def to_document(event: Event) -> tuple[str, str, str]:
    """``(id, YYYYMMDD, document JSON)`` of an event; :class:`EventError` says why it cannot be stored."""
    event_id = event.get("id")
    if not isinstance(event_id, str) or not event_id:
        raise EventError("no id: every event gets an id at ingest")
    utc = parse_utc_micros(event.get("utctimestamp"))
    if utc is None:
        raise EventError(f"utctimestamp {event.get('utctimestamp')!r} is missing or not ISO-8601")
    try:
        source = orjson.dumps(event).decode()
    except TypeError as exc:  # orjson.JSONEncodeError: e.g. an integer wider than 64 bits
        raise EventError(f"not serializable as JSON: {exc}") from None
    doc: dict[str, Any] = {"id": event_id, "utctimestamp": utc, SOURCE: source}
    for name in ("receivedtimestamp", "timestamp"):
        micros = parse_utc_micros(event.get(name))
        if micros is not None:
            doc[name] = micros
    for name in _SCALAR_KEYWORDS:
        value = event.get(name)
        if value is not None:
            doc[name] = value if isinstance(value, str) else _as_keyword(value)
    summary = event.get("summary")
    present: list[str] = []
    if summary is not None:
        doc["summary"] = summary if isinstance(summary, str) else _as_keyword(summary)
        # An empty summary has no words to find: its presence is a term of _paths instead.
        present.append("summary")
    tags = event.get("tags")
    if isinstance(tags, list):
        doc["tags"] = [t if isinstance(t, str) else _as_keyword(t) for t in tags if t is not None]
    elif tags is not None:
        doc["tags"] = [_as_keyword(tags)]
    details = event.get("details")
    if isinstance(details, dict):
        doc["details"] = details
        paths, ranged = walk_details(details)
        present += paths
        if ranged:
            doc[DETAILS_RANGE] = ranged
            if date_strings := _marked_strings(ranged):
                doc[DETAILS_DATE_STRINGS] = date_strings
        keywords = aggregatable_strings(details)
        if keywords:
            doc[DETAILS_KEYWORD] = keywords
    if present:
        doc[PATHS] = present
    return event_id, day_of_micros(utc), orjson.dumps(doc).decode()


def _as_keyword(value: object) -> str:
    # Enrich normalizes these fields to strings; a stray number or object is indexed as its JSON text
    # rather than rejecting the event.
    if isinstance(value, str):
        return value
    return orjson.dumps(value).decode()


def walk_details(details: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    """Every path in ``details`` (prefixes too; dots in keys separate, as in the index), and a copy
    of details that keeps only numbers and date-like strings (the range column)."""
    paths: set[str] = set()
    ranged: dict[str, Any] = {}
    stack: list[tuple[str, dict[str, Any], dict[str, Any]]] = [("details", details, ranged)]
    while stack:
        prefix, obj, out = stack.pop()
        for key, value in obj.items():
            path = f"{prefix}.{key}"
            if "." in key:  # each dotted prefix is an object the query side can name
                parts = path.split(".")
                paths.update(".".join(parts[:i]) for i in range(2, len(parts)))
            paths.add(path)
            if isinstance(value, dict):
                child: dict[str, Any] = {}
                out[key] = child
                stack.append((path, value, child))
            elif is_rangeable(value):
                out[key] = value
            elif isinstance(value, list):
                for item in value:
                    if isinstance(item, dict):
                        stack.append((path, item, {}))  # paths only: ranges over lists of objects are rare
    return sorted(paths), _prune(ranged)


def _marked_strings(ranged: dict[str, Any]) -> dict[str, Any]:
    """The strings of the range column (the date-like ones), each behind the mark."""
    out: dict[str, Any] = {}
    for key, value in ranged.items():
        if isinstance(value, dict):
            if inner := _marked_strings(value):
                out[key] = inner
        elif isinstance(value, str):
            out[key] = DATE_STRING_MARK + value
    return out


def aggregatable_strings(details: dict[str, Any]) -> dict[str, Any]:
    """The string values of :data:`AGGREGATABLE_PATHS` in ``details``, by dotted path."""
    out: dict[str, Any] = {}
    for key, value in details.items():
        if isinstance(value, dict):
            for sub, leaf in value.items():
                path = f"{key}.{sub}"
                if path in AGGREGATABLE_PATHS and (kept := _strings(leaf)) is not None:
                    out[path] = kept
        elif key in AGGREGATABLE_PATHS and (kept := _strings(value)) is not None:
            out[key] = kept
    return out


def _strings(value: object) -> str | list[str] | None:
    if isinstance(value, str):
        return value if len(value) <= KEYWORD_MAX_CHARS else None
    if isinstance(value, list):
        kept = [v for v in value if isinstance(v, str) and len(v) <= KEYWORD_MAX_CHARS]
        return kept or None
    return None


def is_rangeable(value: object) -> bool:
    if isinstance(value, str):  # ISO-8601-looking: tantivy indexes such strings as dates
        return looks_like_date(value)
    return isinstance(value, int | float) and not isinstance(value, bool)


def _prune(obj: dict[str, Any]) -> dict[str, Any]:
    """Drop objects left empty (no number or date below them)."""
    out: dict[str, Any] = {}
    for key, value in obj.items():
        if isinstance(value, dict):
            value = _prune(value)
            if not value:
                continue
        out[key] = value
    return out
