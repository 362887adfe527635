"""Each query node as a Python condition over the field locals of :class:`~.eval_source.Source`.

The meaning is the event stores' (:mod:`mozdef_common.query.fields`, and where the two stores
differ, the embedded one's, which the conformance suite runs), and the refusals are theirs too: a
query the stores answer with a :class:`QueryError` is refused here at compile time.

Speed: wildcards that are plain literals with ``*`` at the ends (what Sigma's ``contains``,
``startswith`` and ``endswith`` become) run as ``in`` / ``startswith`` / ``endswith``, on the
lower-cased string when the node is case-insensitive; everything else runs as a compiled regex.
Known difference, documented: ``*`` and ``.`` match newlines here (Lucene's meaning, OpenSearch's
too), not on the embedded store.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Final

from mozdef_common.errors import QueryError
from mozdef_common.query import eval_runtime as rt
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
from mozdef_common.query.eval_source import Source
from mozdef_common.query.fields import DEFAULT_KEYWORDS, FieldKind, field_kind
from mozdef_common.query.timerange import parse_time, to_micros
from mozdef_common.query.values import bound_kind, details_values, finite_number, number_text
from mozdef_common.query.wildcards import literal_shape, wildcard_regex

#: Constructs Python's ``re`` accepts and the stores' regex engines refuse: refused here too.
_UNSUPPORTED_REGEX: Final = re.compile(r"\(\?<?[=!]|\\[1-9]|\(\?P=")
Template = Callable[[str], str]


class Conditions:
    """Turns nodes into conditions over one :class:`Source` (shared by every rule of a group)."""

    def __init__(self, source: Source) -> None:
        self.src = source

    def of(self, node: Node) -> str:
        if isinstance(node, MatchAll):
            return "True"
        if isinstance(node, Bool):
            return self.boolean(node)
        if isinstance(node, Exists):
            return self.exists(node.field)
        if isinstance(node, Range):
            return self.range(node)
        if isinstance(node, Subnet):
            if field_kind(node.field) is not FieldKind.DETAILS:
                raise QueryError(f"networks apply to address fields under details, not {node.field!r}")
            match = self.src.const(re.compile(network_regex(node.network)).fullmatch)
            return self.any_string(node.field, lambda x: f"{match}({x}) is not None")
        if isinstance(node, FieldRef):
            field_kind(node.field)
            field_kind(node.other)
            return f"_fieldref(event, {self.src.const(node.field)}, {self.src.const(node.other)})"
        if node.field is None:
            return _any(self.leaf(node, f) for f in ("summary", *DEFAULT_KEYWORDS))
        return self.leaf(node, node.field)

    # -- composites --------------------------------------------------------------------------------

    def boolean(self, node: Bool) -> str:
        parts = [self.of(n) for n in node.must]
        parts += [f"not {self.of(n)}" for n in node.must_not]
        need = node.effective_min_should
        if node.should and need == 1:
            parts.append(_any(self.of(n) for n in node.should))
        elif node.should and need > 1:
            if need > len(node.should):
                return "False"
            counted = " + ".join(f"(1 if {self.of(n)} else 0)" for n in node.should)
            parts.append(f"({counted}) >= {need}")
        else:
            for n in node.should:
                self.of(n)  # optional clauses only score; still refused when a store refuses them
        if not parts:
            return "True"
        return "(" + " and ".join(parts) + ")"

    # -- leaves ------------------------------------------------------------------------------------

    def leaf(self, node: Term | Phrase | Wildcard | Regex, field: str) -> str:
        kind = field_kind(field)
        if isinstance(node, Term | Phrase):
            return self.value(field, kind, node.value)
        if kind is FieldKind.DATE:
            raise QueryError(f"wildcards and regexes do not apply to the date field {field!r}")
        if kind is FieldKind.TEXT:
            tokens = self.src.tokens(field)
            if isinstance(node, Wildcard):
                # Terms of analyzed text are lower case; a wildcard is lowered like the text was.
                test = self.pattern_test(node.pattern.lower(), node.case_insensitive, wildcard=True)
            else:
                test = self.pattern_test(node.pattern, node.case_insensitive, wildcard=False)
            return f"({tokens} and any([{test('y')} for y in {tokens}]))"
        if isinstance(node, Wildcard):
            shape = literal_shape(node.pattern)
            if shape is not None and (not node.case_insensitive or shape.is_ascii):
                if node.case_insensitive:
                    shape = shape.lower()
                    return self.any_string(field, shape.template(self.src.const), lowered=True)
                return self.any_string(field, shape.template(self.src.const))
        test = self.pattern_test(node.pattern, node.case_insensitive, wildcard=isinstance(node, Wildcard))
        return self.any_string(field, test)

    def pattern_test(self, pattern: str, case_insensitive: bool, *, wildcard: bool) -> Template:
        flags = re.DOTALL | (re.IGNORECASE if case_insensitive else 0)
        if wildcard:
            compiled = re.compile(wildcard_regex(pattern), flags)
        else:
            if _UNSUPPORTED_REGEX.search(pattern):
                raise QueryError(f"regex {pattern!r}: lookaround and back-references are not supported")
            try:
                compiled = re.compile(pattern, flags)
            except (re.error, OverflowError, RecursionError) as exc:
                raise QueryError(f"query cannot run: invalid regex {pattern!r}: {exc}") from None
        match = self.src.const(compiled.fullmatch)
        return lambda x: f"{match}({x}) is not None"

    def any_string(self, field: str, test: Template, *, lowered: bool = False) -> str:
        first, rest = self.src.lowered(field) if lowered else self.src.strings(field)
        # ``rest`` is nearly always empty: testing it first skips building the comprehension.
        return f"(({first} is not None and {test(first)}) or ({rest} and any([{test('y')} for y in {rest}])))"

    def value(self, field: str, kind: FieldKind, value: str) -> str:
        if kind is FieldKind.KEYWORD:
            first, rest = self.src.strings(field)
            name = self.src.const(value)
            return f"({first} == {name} or {name} in {rest})"
        if kind is FieldKind.TEXT:
            words = tuple(rt.tokens(value))
            if not words:
                return "False"
            tokens = self.src.tokens(field)
            if len(words) == 1:
                return f"{self.src.const(words[0])} in {tokens}"
            return f"_rt_phrase({tokens}, {self.src.const(words)})"
        if kind is FieldKind.DATE:
            return self.date_value(field, value)
        return self.details_value(field, value)

    def details_value(self, field: str, value: str) -> str:
        """The string exactly, or the number, boolean or instant it reads as (see values.py)."""
        first, rest = self.src.strings(field)
        name = self.src.const(value)
        parts = [f"{first} == {name}", f"{name} in {rest}"]
        for typed in details_values(value)[1:]:
            if isinstance(typed, bool):
                parts.append(f"{self.src.const(typed)} in {self.src.bools(field)}")
            elif isinstance(typed, int | float):
                parts.append(f"{self.src.const(typed)} in {self.src.numbers(field)}")
            elif isinstance(typed, datetime):
                parts.append(f"{self.src.const(to_micros(typed))} in {self.src.date_strings(field)}")
        return _any(parts)

    def date_value(self, field: str, value: str) -> str:
        start = parse_time(value)  # refuses a bad date now, not on the first event
        at = self.src.micros(field)
        if value.strip().startswith("now"):
            return f"{at} == _now({self.src.const(value)})"
        if len(value.strip()) == 10 and "-" in value:  # a bare day: that whole day
            low, high = to_micros(start), to_micros(start + timedelta(days=1))
            return f"({at} is not None and {low} <= {at} < {high})"
        return f"{at} == {to_micros(start)}"

    def exists(self, field: str) -> str:
        kind = field_kind(field)
        if field == "id":
            return "True"  # every stored event has one
        if kind is FieldKind.KEYWORD:
            return f"{self.src.strings(field)[0]} is not None"
        if kind is FieldKind.DATE:
            return f"{self.src.micros(field)} is not None"
        return self.src.exists(field)

    def range(self, node: Range) -> str:
        kind = field_kind(node.field)
        if kind is FieldKind.TEXT:
            raise QueryError(f"ranges do not apply to the analyzed text field {node.field!r}")
        if kind is FieldKind.DATE:
            at = self.src.micros(node.field)
            return f"({at} is not None and {self._bounds(node, at, self._instant)})"
        if kind is FieldKind.KEYWORD and node.lower is None and node.upper is None:
            return self.exists(node.field)
        bounds = bound_kind(node)
        if kind is FieldKind.KEYWORD:
            # Keywords compare as strings, the bounds written as the stores write them.
            render = {"number": number_text, "date": _date_word, "word": str.strip}[bounds]
            lower = None if node.lower is None else render(node.lower)
            upper = None if node.upper is None else render(node.upper)
            words = Range(node.field, lower, upper, node.include_lower, node.include_upper)
            return self.any_string(node.field, lambda x: self._bounds(words, x, self._word))
        if bounds == "word":
            raise QueryError(f"range on {node.field!r}: ranges under details apply to numbers and dates")
        numbers, dates = self.src.ranged(node.field)
        if bounds == "number":
            test = self._bounds(node, "y", self._number)
            return f"({numbers} and any([{test} for y in {numbers}]))"
        test = self._bounds(node, "y", self._instant)
        return f"({dates} and any([{test} for y in {dates}]))"

    def _bounds(self, node: Range, x: str, render: Callable[[str], str]) -> str:
        parts = []
        if node.lower is not None:
            parts.append(f"{render(node.lower)} {'<=' if node.include_lower else '<'} {x}")
        if node.upper is not None:
            parts.append(f"{x} {'<=' if node.include_upper else '<'} {render(node.upper)}")
        return " and ".join(parts) or "True"

    def _instant(self, bound: str) -> str:
        parsed = parse_time(bound)
        if bound.strip().startswith("now"):
            return f"_now({self.src.const(bound)})"  # relative: read the clock when the event comes
        return str(to_micros(parsed))

    def _number(self, bound: str) -> str:
        return self.src.const(finite_number(bound))

    def _word(self, bound: str) -> str:
        return self.src.const(bound)


def _date_word(bound: str) -> str:
    return parse_time(bound).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _any(parts: object) -> str:
    items = list(parts)  # type: ignore[call-overload]
    if not items:
        return "False"
    return items[0] if len(items) == 1 else "(" + " or ".join(items) + ")"
