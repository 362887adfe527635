"""The query AST compiled to OpenSearch query DSL (a dict), meaning what it means on the embedded store.

Only structured clauses are built (``term``, ``match_phrase``, ``wildcard``, ``regexp``, ``range``,
``exists``, ``bool``, ``match_all``); no user text ever reaches a ``query_string``. Dates and date math
are resolved to absolute instants here, with the same ``now`` the embedded store would use.

The mapping this compiler assumes (the index template of the OpenSearch store)::

    settings.analysis:
      tokenizer  mozdef_words:   {"type": "pattern", "pattern": "[^\\p{IsAlphabetic}\\p{N}]+"}
      filter     mozdef_max_len: {"type": "length", "max": 39}
      analyzer   mozdef_text:    {"type": "custom", "tokenizer": "mozdef_words",
                                  "filter": ["lowercase", "mozdef_max_len"]}
      (tantivy's default tokenizer: split on anything not a letter or digit, lower-case, drop tokens
      of 40 bytes or more; OpenSearch's standard analyzer splits differently, e.g. keeps "1.2.3.4")
    mappings:
      "date_detection": false, "numeric_detection": false
      id, category, source, hostname, processid, processname, severity, eventsource, tags:
          {"type": "keyword"}
      summary:
          {"type": "text", "analyzer": "mozdef_text",
           "fields": {"keyword": {"type": "keyword", "ignore_above": 8191}}}
      utctimestamp, receivedtimestamp, timestamp:
          {"type": "date_nanos"}            (microseconds kept, as on the embedded store)
      details:
          {"type": "object", "dynamic": true}
      dynamic_templates, in this order, one pair per JSON type T of string, long, double, boolean
      (an object under details stays an object):
        details_address_<T>:
          {"path_match": "details.*", "path_unmatch": "details.*.*", "match_mapping_type": T,
           "match_pattern": "regex", "match": ADDRESS_KEY_REGEX,
           "mapping": DETAILS_LEAF with fields.ip = {"type": "ip", "ignore_malformed": true}}
        details_<T>:
          {"path_match": "details.*", "match_mapping_type": T, "mapping": DETAILS_LEAF}
      DETAILS_LEAF =
          {"type": "keyword", "ignore_above": 8191,
           "fields": {"num":  {"type": "double", "ignore_malformed": true},
                      "date": {"type": "date_nanos", "format": "strict_date_optional_time_nanos",
                               "ignore_malformed": true}}}

:data:`ADDRESS_KEY_REGEX` is the Java regex of :func:`~mozdef_common.query.fields.is_address_key`.
One mapping for every JSON type means a key never conflicts when it holds 22 in one event and "22" in
the next; the keyword holds the JSON text of numbers and booleans ("22", "true").

How each node compiles (``f`` a field, ``v`` a value):

* keyword ``f:v`` -> ``term``; ``summary:v`` and ``summary:"v"`` -> ``match_phrase`` (the embedded
  store searches the words of a term as a phrase too); dates -> ``range`` on that instant (a bare day:
  that whole day); ``details.f:v`` -> ``term`` on ``f``, or'ed with ``term`` on ``f.num`` when ``v``
  reads as a number and a ``range`` on ``f.date`` when it reads as an ISO-8601 date-time.
* wildcard -> ``wildcard`` (lower-cased on summary), regex -> ``regexp`` with ``"flags": "NONE"``, so
  ``& ~ < > @ #`` are literal as in the embedded store's regexes; ``case_insensitive: true`` on both
  when the node says so (Sigma's default). A field reference (:class:`FieldRef`) is refused: only
  the streaming evaluator compares two fields.
* range -> ``range`` on the keyword, on ``f.num`` (numeric bounds) or ``f.date`` (date bounds).
* network -> ``term`` on ``f.ip`` with the CIDR; ``_exists_:f`` -> ``exists`` (``id``: match_all).
* bool -> ``bool`` with ``minimum_should_match`` as :attr:`Bool.effective_min_should`; when nothing is
  required (no ``must`` and that minimum is 0) a ``match_all`` is added to ``must``, as Lucene does.

Known differences, both rare on enriched events: wildcards and regexes under details see the JSON text
of numbers on OpenSearch and only strings on the embedded store; a string that reads as a number but is
written differently from the query (the string "22" for ``details.x:22.0``) matches on OpenSearch only,
through ``f.num``; values longer than 8191 characters are not searchable on OpenSearch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Final

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import (
    Bool,
    Exists,
    FieldRef,
    MatchAll,
    Node,
    Phrase,
    Range,
    Regex,
    Subnet,
    Term,
    Wildcard,
)
from mozdef_common.query.fields import DEFAULT_KEYWORDS, IP_KEYS, FieldKind, field_kind
from mozdef_common.query.timerange import parse_time
from mozdef_common.query.values import bound_kind, details_values, finite_number, number_text

Dsl = dict[str, Any]

#: The address keys of :func:`~mozdef_common.query.fields.is_address_key`, as a Java regex for the
#: ``match`` of the address dynamic templates.
ADDRESS_KEY_REGEX: Final = "(?i)(ip|.*ipaddress|.*_ip|" + "|".join(sorted(IP_KEYS)) + ")"
NUM: Final = "num"
DATE: Final = "date"
IP: Final = "ip"


def compile_query(node: Node, *, now: datetime | None = None) -> Dsl:
    """The OpenSearch query DSL for ``node``; :class:`QueryError` for a query no store can run."""
    return _Compiler(now or datetime.now(UTC)).compile(node)


class _Compiler:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def compile(self, node: Node) -> Dsl:
        if isinstance(node, MatchAll):
            return {"match_all": {}}
        if isinstance(node, Bool):
            return self.boolean(node)
        if isinstance(node, Exists):
            field_kind(node.field)
            return {"match_all": {}} if node.field == "id" else {"exists": {"field": node.field}}
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Subnet):
            if field_kind(node.field) is not FieldKind.DETAILS:
                raise QueryError(f"networks apply to address fields under details, not {node.field!r}")
            return {"term": {f"{node.field}.{IP}": node.network}}
        if isinstance(node, FieldRef):
            raise QueryError(
                f"{node.field} = {node.other}: comparing two fields is only evaluated on the stream "
                "(match rules), not by the event store"
            )
        if node.field is None:
            return _any_of([self.leaf(node, field) for field in ("summary", *DEFAULT_KEYWORDS)])
        return self.leaf(node, node.field)

    def leaf(self, node: Term | Phrase | Wildcard | Regex, field: str) -> Dsl:
        kind = field_kind(field)
        if isinstance(node, Term | Phrase):
            return self.value(field, kind, node.value)
        if kind is FieldKind.DATE:
            raise QueryError(f"wildcards and regexes do not apply to the date field {field!r}")
        if isinstance(node, Wildcard):
            # Terms of analyzed text are lower case; a wildcard is lowered like the text was.
            pattern = node.pattern.lower() if kind is FieldKind.TEXT else node.pattern
            return {"wildcard": {field: {"value": pattern, **_case(node)}}}
        return {"regexp": {field: {"value": node.pattern, "flags": "NONE", **_case(node)}}}

    def value(self, field: str, kind: FieldKind, value: str) -> Dsl:
        if kind is FieldKind.KEYWORD:
            return {"term": {field: value}}
        if kind is FieldKind.TEXT:
            return {"match_phrase": {field: {"query": value}}}
        if kind is FieldKind.DATE:
            start = parse_time(value, now=self.now)
            if len(value.strip()) == 10 and "-" in value:  # a bare day: that whole day
                return _range(field, _iso(start), _iso(start + timedelta(days=1)), True, False)
            return _range(field, _iso(start), _iso(start), True, True)
        clauses: list[Dsl] = [{"term": {field: value}}]
        typed = details_values(value)[1:]
        number = next((v for v in typed if isinstance(v, float)), None)
        if number is not None:
            clauses.append({"term": {f"{field}.{NUM}": _number(repr(number))}})
        instant = next((v for v in typed if isinstance(v, datetime)), None)
        if instant is not None:
            clauses.append(_range(f"{field}.{DATE}", _iso(instant), _iso(instant), True, True))
        return _any_of(clauses)

    def range(self, node: Range) -> Dsl:
        kind = field_kind(node.field)
        if kind is FieldKind.TEXT:
            raise QueryError(f"ranges do not apply to the analyzed text field {node.field!r}")
        if node.lower is None and node.upper is None and kind is not FieldKind.DETAILS:
            return {"exists": {"field": node.field}}
        if kind is FieldKind.DATE:
            return _range(node.field, self.instant(node.lower), self.instant(node.upper), *_incl(node))
        bounds = bound_kind(node)
        if kind is FieldKind.DETAILS:
            if bounds == "word":
                raise QueryError(f"range on {node.field!r}: ranges under details apply to numbers and dates")
            if bounds == "number":
                return _range(f"{node.field}.{NUM}", _number(node.lower), _number(node.upper), *_incl(node))
            lower_at, upper_at = self.instant(node.lower), self.instant(node.upper)
            return _range(f"{node.field}.{DATE}", lower_at, upper_at, *_incl(node))
        # Keywords compare as strings, bounds written as the embedded store writes them.
        render: Callable[[str], str | None] = {
            "number": number_text,
            "date": self.instant,
            "word": str.strip,
        }[bounds]
        words = [None if b is None else render(b) for b in (node.lower, node.upper)]
        return _range(node.field, words[0], words[1], *_incl(node))

    def instant(self, value: str | None) -> str | None:
        return None if value is None else _iso(parse_time(value, now=self.now))

    def boolean(self, node: Bool) -> Dsl:
        body: Dsl = {}
        must = [self.compile(n) for n in node.must]
        min_should = node.effective_min_should
        if not node.must and min_should == 0:
            must.append({"match_all": {}})  # nothing required: every other document matches
        if must:
            body["must"] = must
        if node.should:
            body["should"] = [self.compile(n) for n in node.should]
            body["minimum_should_match"] = min_should
        if node.must_not:
            body["must_not"] = [self.compile(n) for n in node.must_not]
        return {"bool": body}


def _case(node: Wildcard | Regex) -> Dsl:
    # Only when set, so every tree without the flag compiles to exactly the DSL it always did.
    return {"case_insensitive": True} if node.case_insensitive else {}


def _range(field: str, lower: object, upper: object, include_lower: bool, include_upper: bool) -> Dsl:
    body: Dsl = {}
    if lower is not None:
        body["gte" if include_lower else "gt"] = lower
    if upper is not None:
        body["lte" if include_upper else "lt"] = upper
    return {"range": {field: body}}


def _incl(node: Range) -> tuple[bool, bool]:
    return node.include_lower, node.include_upper


def _number(text: str | None) -> float | int | None:
    if text is None:
        return None
    number = finite_number(text)
    return int(number) if number.is_integer() and abs(number) < 2**63 else number


def _iso(instant: datetime) -> str:
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _any_of(clauses: list[Dsl]) -> Dsl:
    if len(clauses) == 1:
        return clauses[0]
    return {"bool": {"should": clauses, "minimum_should_match": 1}}
