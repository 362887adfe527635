"""The query AST compiled to tantivy ``Query`` objects, following :mod:`mozdef_common.query.fields`.

Queries are built as objects (term, phrase, regex, range, exists, boolean queries), never as query
text, with one narrow exception: the Python binding cannot build a range query on a path inside a
JSON field (nor a string range on a text field), so those ranges go through tantivy's own parser
with a query string made here from a path restricted to letters, digits, ``_``, ``-`` and ``@``, and
bounds that are numbers or dates re-rendered by this module, or plain words of the same restricted
alphabet; anything else is refused with a :class:`QueryError`.

Wildcards and regexes on a details path run over the terms of the ``details`` JSON field, whose
keys tantivy encodes as ``seg\\x01seg\\x00`` followed by a type byte (``s`` for strings) and the
value; the regex is anchored to that prefix, so it only sees string leaves of that path. A network
on an address field (:class:`Subnet`) is such a regex too, over the canonical text of the addresses
in it (:mod:`mozdef_common.query.cidr_regex`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Final

import tantivy

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
from mozdef_common.query.cidr_regex import network_regex
from mozdef_common.query.fields import (
    DATE_STRING_MARK,
    DEFAULT_KEYWORDS,
    DETAILS,
    DETAILS_DATE_STRINGS,
    DETAILS_RANGE,
    PATHS,
    FieldKind,
    details_path,
    field_kind,
)
from mozdef_common.query.timerange import parse_time, to_micros
from mozdef_common.query.values import (
    bound_kind,
    details_values,
    escape_regex,
    number_text,
    wildcard_to_regex,
)

__all__ = ["analyze", "compile_query", "details_values", "escape_regex", "wildcard_to_regex"]

_ANALYZER: Final = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .build()
)


def analyze(text: str) -> list[str]:
    """Tokens of ``text`` as tantivy's default tokenizer makes them (what ``summary`` holds)."""
    tokens: list[str] = _ANALYZER.analyze(text)
    return tokens


def compile_query(node: Node, index: Any, *, now: datetime | None = None) -> Any:
    """A ``tantivy.Query`` for ``node`` against ``index`` (any index with the event schema)."""
    return _Compiler(index, now or datetime.now(UTC)).compile(node)


class _Compiler:
    def __init__(self, index: Any, now: datetime) -> None:
        self.index = index
        self.schema = index.schema
        self.now = now

    def compile(self, node: Node) -> Any:
        try:
            return self._dispatch(node)
        except ValueError as exc:  # tantivy's own complaints: a bad regex, a bad value
            raise QueryError(f"query cannot run: {exc}") from None

    def _dispatch(self, node: Node) -> Any:
        if isinstance(node, MatchAll):
            return tantivy.Query.all_query()
        if isinstance(node, Bool):
            return self.boolean(node)
        if isinstance(node, Exists):
            return self.exists(node.field)
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Subnet):
            return self.subnet(node)
        if isinstance(node, FieldRef):
            raise QueryError(stream_only(node))
        field = node.field
        if field is None:
            return self.default_field(node)
        kind = field_kind(field)
        if isinstance(node, Term | Phrase):
            return self.value(field, kind, node.value)
        pattern = _pattern_regex(node)
        return self.regex(field, kind, pattern, lower=isinstance(node, Wildcard))

    # -- leaves --------------------------------------------------------------------------------

    def value(self, field: str, kind: FieldKind, value: str) -> Any:
        if kind is FieldKind.KEYWORD:
            return self.term(field, value)
        if kind is FieldKind.TEXT:
            return self.text(field, value)
        if kind is FieldKind.DATE:
            return self.date_value(field, value)
        # Quoted or not, the same typed values: OpenSearch keeps one mapping per key and cannot tell.
        return _any_of([self.term(field, v) for v in details_values(value)])

    def term(self, field: str, value: object) -> Any:
        return tantivy.Query.term_query(self.schema, field, value)

    def text(self, field: str, value: str) -> Any:
        tokens = analyze(value)
        if not tokens:
            return tantivy.Query.empty_query()
        if len(tokens) == 1:  # a one-word phrase query panics in tantivy
            return self.term(field, tokens[0])
        words: list[str | tuple[int, str]] = list(tokens)
        return tantivy.Query.phrase_query(self.schema, field, words)

    def date_value(self, field: str, value: str) -> Any:
        start = parse_time(value, now=self.now)
        # A bare day ("2026-11-27") means that whole day, as analysts expect.
        end = start + timedelta(days=1) if len(value.strip()) == 10 and "-" in value else start
        upper_inclusive = end == start
        return self.int_range(field, to_micros(start), to_micros(end), True, upper_inclusive)

    def regex(self, field: str, kind: FieldKind, pattern: str, *, lower: bool) -> Any:
        if kind is FieldKind.DATE:
            raise QueryError(f"wildcards and regexes do not apply to the date field {field!r}")
        if kind is FieldKind.TEXT:
            # Terms of analyzed text are lower case; a wildcard is lowered like the text was.
            return tantivy.Query.regex_query(self.schema, field, pattern.lower() if lower else pattern)
        if kind is FieldKind.DETAILS:
            prefix = "\\x01".join(escape_regex(seg) for seg in details_path(field).split("."))
            strings = tantivy.Query.regex_query(self.schema, DETAILS, f"{prefix}\\x00s(?:{pattern})")
            marked = f"{prefix}\\x00s{escape_regex(DATE_STRING_MARK)}(?:{pattern})"
            dates = tantivy.Query.regex_query(self.schema, DETAILS_DATE_STRINGS, marked)
            return _any_of([strings, dates])
        return tantivy.Query.regex_query(self.schema, field, pattern)

    def subnet(self, node: Subnet) -> Any:
        if field_kind(node.field) is not FieldKind.DETAILS:
            raise QueryError(f"networks apply to address fields under details, not {node.field!r}")
        return self.regex(node.field, FieldKind.DETAILS, network_regex(node.network), lower=False)

    def exists(self, field: str) -> Any:
        kind = field_kind(field)
        if field == "id":
            return tantivy.Query.all_query()  # every stored event has one
        if kind is FieldKind.TEXT:
            return tantivy.Query.term_query(self.schema, PATHS, field)  # present, even with no words
        if kind is FieldKind.DETAILS:
            return tantivy.Query.term_query(self.schema, PATHS, f"{DETAILS}.{details_path(field)}")
        return tantivy.Query.exists_query(field, False)

    def range(self, node: Range) -> Any:
        kind = field_kind(node.field)
        if kind is FieldKind.DATE:
            lower = None if node.lower is None else to_micros(parse_time(node.lower, now=self.now))
            upper = None if node.upper is None else to_micros(parse_time(node.upper, now=self.now))
            return self.int_range(node.field, lower, upper, node.include_lower, node.include_upper)
        if kind is FieldKind.TEXT:
            raise QueryError(f"ranges do not apply to the analyzed text field {node.field!r}")
        return self.parsed_range(node)

    def int_range(
        self, field: str, lower: int | None, upper: int | None, incl_lo: bool, incl_up: bool
    ) -> Any:
        return tantivy.Query.range_query(
            self.schema, field, tantivy.FieldType.Integer, lower, upper, incl_lo, incl_up
        )

    def parsed_range(self, node: Range) -> Any:
        render: Callable[[str], str] = _range_bound_renderer(node, self.now)  # checks the field too
        segments = node.field.split(".")
        if segments[0] == DETAILS:
            segments[0] = DETAILS_RANGE  # only numbers and dates of details have a column to range over
        field = ".".join(re.sub(r"([-@])", r"\\\1", seg) for seg in segments)
        if segments[0] == DETAILS_RANGE and render is _render_word:
            raise QueryError(f"range on {node.field!r}: ranges under details apply to numbers and dates")
        lower = "*" if node.lower is None else render(node.lower)
        upper = "*" if node.upper is None else render(node.upper)
        opening, closing = "[" if node.include_lower else "{", "]" if node.include_upper else "}"
        text = f"{field}:{opening}{lower} TO {upper}{closing}"
        return self.index.parse_query(text, [])

    # -- composites ----------------------------------------------------------------------------

    def default_field(self, node: Term | Phrase | Wildcard | Regex) -> Any:
        """``summary`` analyzed, plus the default keywords exactly (see fields.py)."""
        if isinstance(node, Term | Phrase):
            parts = [self.text("summary", node.value)]
            parts += [self.term(f, node.value) for f in DEFAULT_KEYWORDS]
            return _any_of(parts)
        is_wild = isinstance(node, Wildcard)
        pattern = _pattern_regex(node)
        parts = [self.regex("summary", FieldKind.TEXT, pattern, lower=is_wild)]
        parts += [self.regex(f, FieldKind.KEYWORD, pattern, lower=False) for f in DEFAULT_KEYWORDS]
        return _any_of(parts)

    def boolean(self, node: Bool) -> Any:
        occur = tantivy.Occur
        clauses = [(occur.Must, self.compile(n)) for n in node.must]
        clauses += [(occur.Should, self.compile(n)) for n in node.should]
        clauses += [(occur.MustNot, self.compile(n)) for n in node.must_not]
        min_should = node.effective_min_should
        if not node.must and min_should == 0:
            # Only exclusions (or optional clauses): everything else matches, as in Lucene.
            clauses.append((occur.Must, tantivy.Query.all_query()))
        if node.should and min_should > 1:
            return tantivy.Query.boolean_query(clauses, min_should)
        return tantivy.Query.boolean_query(clauses)


def _pattern_regex(node: Wildcard | Regex) -> str:
    """The regex of a wildcard or regex node; a case-insensitive one as a ``(?i:…)`` group, so that a
    details path prefix put in front of it stays exact."""
    pattern = wildcard_to_regex(node.pattern) if isinstance(node, Wildcard) else node.pattern
    return f"(?i:{pattern})" if node.case_insensitive else pattern


def stream_only(node: FieldRef) -> str:
    return (
        f"{node.field} = {node.other}: comparing two fields is only evaluated on the stream "
        "(match rules), not by the event store"
    )


def _any_of(queries: list[Any]) -> Any:
    if len(queries) == 1:
        return queries[0]
    return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in queries])


def _range_bound_renderer(node: Range, now: datetime) -> Callable[[str], str]:
    """How bounds are written into the range query text: as numbers, as dates, or as safe words."""
    kind = bound_kind(node)
    if kind == "number":
        return number_text
    if kind == "date":
        return lambda b: parse_time(b, now=now).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    return _render_word


def _render_word(text: str) -> str:
    return text.strip().replace("-", "\\-").replace("@", "\\@")
