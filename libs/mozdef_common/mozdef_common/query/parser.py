"""Lucene query strings -> the query AST, by hand-written recursive descent.

Grammar (lowest precedence first)::

    query    := or_expr? EOF                      empty, blank or ``*`` -> MatchAll
    or_expr  := and_expr ( ("OR" | "||")? and_expr )*
    and_expr := clause ( ("AND" | "&&") clause )*
    clause   := ("+" | "-")? unary                must / must not (no space after the sign)
    unary    := ("NOT" | "!") unary | primary
    primary  := "(" or_expr ")" | field ":" value | value
    value    := "(" or_expr ")"                   field group: bare values take the field
              | '"' phrase '"' | "/" regex "/" | ("[" | "{") bound "TO" bound ("]" | "}")
              | (">=" | ">" | "<=" | "<") bound | word   (``*`` and ``?`` make a wildcard)

Choices, documented for analysts:

* Juxtaposition is OR, Lucene's and Kibana's default operator: ``a b`` means ``a OR b``. As in
  Lucene, inside such a sequence ``+x`` is required and ``-x`` / ``NOT x`` excluded, and the plain
  clauses become optional once something is required (``+a b`` matches every ``a``).
* AND binds tighter than OR, NOT tighter than AND: ``a OR b AND NOT c`` is ``a OR (b AND (NOT c))``.
  The keywords are upper case; ``and``/``or``/``not`` are ordinary words.
* ``field:*`` is ``_exists_:field``; a lone ``*`` (or ``*:*``) matches everything.
* After ``field:`` a value may hold ``:`` and ``/`` (``details.ip:fe80::1``,
  ``details.net:10.0.0.0/8``); a ``/`` starts a regex only at the start of a value.
* On an address field (:func:`~mozdef_common.query.fields.is_address_field`) a value with an
  unescaped ``/`` is a network, IPv4 or IPv6 (``details.sourceipaddress:10.0.0.0/8``) -> :class:`Subnet`;
  one that is not a valid network is an error. ``\\/`` keeps the value a plain term.
* ``\\`` escapes any character; fuzzy ``~`` and boost ``^`` are refused rather than ignored.

Errors are :class:`QuerySyntaxError` with a readable reason and the 0-based position of the problem
(for something opened and never closed: where it was opened). Length and nesting are bounded.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Final

from mozdef_common.errors import QuerySyntaxError
from mozdef_common.query.ast import (
    Bool,
    Exists,
    MatchAll,
    Node,
    Phrase,
    Range,
    Regex,
    Subnet,
    Term,
    Wildcard,
    canonical_network,
)
from mozdef_common.query.fields import EXISTS_FIELD, is_address_field

MAX_QUERY_LENGTH: Final = 10_240
MAX_DEPTH: Final = 32

# Characters that end a word unless escaped.
_WORD_END: Final = frozenset('()"[]{}^~')


class _Occur(Enum):
    PLAIN = "plain"
    MUST = "must"
    MUST_NOT = "must_not"


@dataclass(slots=True)
class _Clause:
    occur: _Occur
    node: Node


@dataclass(slots=True)
class _Word:
    literal: str  # escapes removed
    pattern: str  # wildcard pattern: ``*``/``?`` live, literal ``*?\\`` escaped
    wildcard: bool
    escaped: bool  # any escape: ``\\AND`` is a word, not the keyword
    escaped_slash: bool = False  # ``\\/``: on an address field, a term rather than a network


def parse_query(query: str, *, max_length: int = MAX_QUERY_LENGTH, max_depth: int = MAX_DEPTH) -> Node:
    """Parse a Lucene query string; raises :class:`QuerySyntaxError` with the position of the problem."""
    if len(query) > max_length:
        raise QuerySyntaxError(
            f"query longer than {max_length} characters", query=query[:200], position=max_length
        )
    return _Parser(query, max_depth).parse()


class _Parser:
    def __init__(self, text: str, max_depth: int) -> None:
        self.text = text
        self.pos = 0
        self.depth = 0
        self.max_depth = max_depth

    # -- helpers -------------------------------------------------------------------------------

    def error(self, message: str, position: int | None = None) -> QuerySyntaxError:
        return QuerySyntaxError(message, query=self.text, position=self.pos if position is None else position)

    def at_end(self) -> bool:
        return self.pos >= len(self.text)

    def peek(self) -> str:
        return self.text[self.pos] if self.pos < len(self.text) else ""

    def skip_ws(self) -> None:
        while self.pos < len(self.text) and self.text[self.pos].isspace():
            self.pos += 1

    def at_operand_end(self) -> bool:
        """Nothing more in this group: the end of the text or a closing parenthesis."""
        self.skip_ws()
        return self.at_end() or self.peek() == ")"

    def keyword(self, word: str) -> bool:
        """Consume ``word`` if it stands alone here (``NOTE`` is not ``NOT``)."""
        end = self.pos + len(word)
        if self.text.startswith(word, self.pos):
            after = self.text[end : end + 1]
            if after == "" or after.isspace() or after in "()":
                self.pos = end
                return True
        return False

    def symbol(self, sym: str) -> bool:
        if self.text.startswith(sym, self.pos):
            self.pos += len(sym)
            return True
        return False

    def enter(self, position: int) -> None:
        self.depth += 1
        if self.depth > self.max_depth:
            raise self.error(f"query nested deeper than {self.max_depth} levels", position)

    # -- grammar -------------------------------------------------------------------------------

    def parse(self) -> Node:
        if self.at_operand_end() and self.at_end():
            return MatchAll()
        node = self.or_expr(None)
        self.skip_ws()
        if not self.at_end():
            raise self.error("unbalanced ')': no '(' to close")
        return node

    def or_expr(self, field: str | None) -> Node:
        clauses = [self.and_expr(field)]
        while not self.at_operand_end():
            op_pos = self.pos
            if (self.keyword("OR") or self.symbol("||")) and self.at_operand_end():
                raise self.error("OR needs a query on its right", op_pos)
            clauses.append(self.and_expr(field))
        if len(clauses) == 1:
            return _as_node(clauses[0])
        return Bool(
            must=tuple(c.node for c in clauses if c.occur is _Occur.MUST),
            should=tuple(c.node for c in clauses if c.occur is _Occur.PLAIN),
            must_not=tuple(c.node for c in clauses if c.occur is _Occur.MUST_NOT),
        )

    def and_expr(self, field: str | None) -> _Clause:
        clauses = [self.clause(field)]
        while True:
            save = self.pos
            self.skip_ws()
            op_pos = self.pos
            if not (self.keyword("AND") or self.symbol("&&")):
                self.pos = save
                break
            if self.at_operand_end():
                raise self.error("AND needs a query on its right", op_pos)
            clauses.append(self.clause(field))
        if len(clauses) == 1:
            return clauses[0]
        node = Bool(
            must=tuple(c.node for c in clauses if c.occur is not _Occur.MUST_NOT),
            must_not=tuple(c.node for c in clauses if c.occur is _Occur.MUST_NOT),
        )
        return _Clause(_Occur.PLAIN, node)

    def clause(self, field: str | None) -> _Clause:
        self.skip_ws()
        sign = self.peek()
        if sign in ("+", "-"):
            self.pos += 1
            if self.at_end() or self.peek().isspace():
                raise self.error(f"'{sign}' must be followed directly by what it applies to", self.pos - 1)
            negated, node = self.unary(field)
            if negated:
                node = Bool(must_not=(node,))
            return _Clause(_Occur.MUST if sign == "+" else _Occur.MUST_NOT, node)
        negated, node = self.unary(field)
        return _Clause(_Occur.MUST_NOT if negated else _Occur.PLAIN, node)

    def unary(self, field: str | None) -> tuple[bool, Node]:
        """``(negated, node)``: a NOT is kept as a flag so its parent can put it in ``must_not``."""
        self.skip_ws()
        start = self.pos
        if self.keyword("NOT") or self.symbol("!"):
            if self.at_operand_end():
                raise self.error("NOT needs a query on its right", start)
            self.enter(start)
            negated, node = self.unary(field)
            self.depth -= 1
            return True, Bool(must_not=(node,)) if negated else node
        return False, self.primary(field)

    def primary(self, field: str | None, *, value_only: bool = False) -> Node:
        """A value, group, phrase, regex or range; ``value_only`` right after ``field:``."""
        self.skip_ws()
        start = self.pos
        char = self.peek()
        if char == "(":
            return self.group(field)
        if char == '"':
            return Phrase(field, self.quoted())
        if char == "/":
            return Regex(field, self.regex())
        if char in ("[", "{"):
            if field is None:
                raise self.error("a range needs a field, like utctimestamp:[now-1h TO now]")
            return self.range(field)
        if char in (">", "<") and field is not None:
            return self.comparison(field)
        # A field group reads its values with ':' as an ordinary character.
        word = self.word(stop_at_colon=field is None)
        if self.peek() == ":" and field is None:
            if not word.literal and not word.wildcard:
                raise self.error("empty field name before ':'")
            if word.wildcard and word.pattern != "*":
                raise self.error("wildcards in field names are not supported", start)
            self.pos += 1
            return self.field_value(word.pattern if word.wildcard else word.literal, start)
        if not word.literal and not word.wildcard:
            raise self.unexpected()
        if not value_only and not word.escaped and word.literal in ("AND", "OR"):
            raise self.error(f"{word.literal} needs a query on its left", start)
        if _is_network(field, word):
            assert field is not None
            return self.subnet(field, word.literal, start)
        return _word_node(field, word)

    def subnet(self, field: str, value: str, start: int) -> Subnet:
        try:
            return Subnet(field, canonical_network(value))
        except ValueError as exc:
            reason = str(exc) if str(exc).startswith(repr(value)) else f"{value!r}: {exc}"
            raise self.error(f"invalid network on {field}: {reason}", start) from None

    def field_value(self, name: str, start: int) -> Node:
        if self.at_end() or self.peek().isspace() or self.peek() == ")":
            raise self.error(f"missing value after '{name}:'")
        if name == EXISTS_FIELD:
            value_pos = self.pos
            word = self.word(stop_at_colon=False)
            if not word.literal or word.wildcard:
                raise self.error("_exists_ needs a field name, like _exists_:details.username", value_pos)
            return Exists(word.literal)
        if name == "*":
            word = self.word(stop_at_colon=False)
            if word.pattern != "*":
                raise self.error("'*:' is only allowed as '*:*' (match everything)", start)
            return MatchAll()
        return self.primary(name, value_only=True)

    def group(self, field: str | None) -> Node:
        open_pos = self.pos
        self.pos += 1
        self.enter(open_pos)
        if self.at_operand_end() and self.peek() == ")":
            raise self.error("empty group '()'", open_pos)
        node = self.or_expr(field)
        if self.peek() != ")":
            raise self.error("'(' is never closed", open_pos)
        self.pos += 1
        self.depth -= 1
        return node

    def quoted(self) -> str:
        open_pos = self.pos
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\":
                out.append(self.escaped_char())
                continue
            self.pos += 1
            if char == '"':
                return "".join(out)
            out.append(char)
        raise self.error("quote '\"' is never closed", open_pos)

    def regex(self) -> str:
        open_pos = self.pos
        self.pos += 1
        out: list[str] = []
        while self.pos < len(self.text):
            char = self.text[self.pos]
            if char == "\\" and self.text[self.pos + 1 : self.pos + 2] == "/":
                out.append("/")
                self.pos += 2
                continue
            if char == "\\" and self.pos + 1 < len(self.text):
                # Other escapes belong to the regex itself: keep them.
                out.append(self.text[self.pos : self.pos + 2])
                self.pos += 2
                continue
            self.pos += 1
            if char == "/":
                return "".join(out)
            out.append(char)
        raise self.error("regex '/' is never closed", open_pos)

    def range(self, field: str) -> Range:
        open_pos = self.pos
        include_lower = self.text[self.pos] == "["
        self.pos += 1
        lower = self.bound(open_pos)
        self.skip_ws()
        if not self.keyword("TO"):
            if self.at_end():
                raise self.error("range is never closed: expected 'TO' and an upper bound", open_pos)
            raise self.error("expected 'TO' between the range bounds")
        upper = self.bound(open_pos)
        self.skip_ws()
        if self.at_end():
            raise self.error("range is never closed: expected ']' or '}'", open_pos)
        closing = self.peek()
        if closing not in ("]", "}"):
            raise self.error("expected ']' or '}' to close the range")
        self.pos += 1
        return Range(field, lower, upper, include_lower, closing == "]")

    def bound(self, open_pos: int) -> str | None:
        self.skip_ws()
        if self.at_end():
            raise self.error("range is never closed: expected a bound", open_pos)
        if self.peek() == '"':
            return self.quoted()
        start = self.pos
        word = self.word(stop_at_colon=False)
        if not word.literal and not word.wildcard:
            raise self.error("expected a range bound (a value or *)", start)
        if word.literal == "TO" and not word.escaped:
            raise self.error("missing range bound before 'TO'", start)
        if word.wildcard:
            if word.pattern != "*":
                raise self.error("wildcards are not allowed in range bounds", start)
            return None
        return word.literal

    def comparison(self, field: str) -> Range:
        start = self.pos
        op = ">=" if self.symbol(">=") else "<=" if self.symbol("<=") else self.text[self.pos]
        if len(op) == 1:
            self.pos += 1
        if self.at_end() or self.peek().isspace():
            raise self.error(f"missing value after '{field}:{op}'")
        value = self.quoted() if self.peek() == '"' else self.word(stop_at_colon=False).literal
        if not value:
            raise self.error(f"missing value after '{field}:{op}'", start)
        if op[0] == ">":
            return Range(field, value, None, include_lower=op == ">=")
        return Range(field, None, value, include_upper=op == "<=")

    def word(self, *, stop_at_colon: bool) -> _Word:
        literal: list[str] = []
        pattern: list[str] = []
        wildcard = escaped = escaped_slash = False
        text = self.text
        while self.pos < len(text):
            char = text[self.pos]
            if char.isspace() or (char == ":" and stop_at_colon):
                break
            if char in _WORD_END:
                if char in "^~":
                    raise self.error(
                        f"'{char}' (boost or fuzzy search) is not supported; escape it as '\\{char}'"
                    )
                break
            if text.startswith("&&", self.pos) or text.startswith("||", self.pos):
                break
            if char == "\\":
                escaped = True
                literal_char = self.escaped_char()
                escaped_slash = escaped_slash or literal_char == "/"
                literal.append(literal_char)
                pattern.append("\\" + literal_char if literal_char in "*?\\" else literal_char)
                continue
            self.pos += 1
            if char in "*?":
                wildcard = True
                pattern.append(char)
                continue
            literal.append(char)
            pattern.append(char)
        return _Word("".join(literal), "".join(pattern), wildcard, escaped, escaped_slash)

    def escaped_char(self) -> str:
        if self.pos + 1 >= len(self.text):
            raise self.error("'\\' at the end of the query escapes nothing")
        self.pos += 2
        return self.text[self.pos - 1]

    def unexpected(self) -> QuerySyntaxError:
        char = self.peek()
        if char == ")":
            return self.error("unbalanced ')': no '(' to close")
        if char in ("]", "}"):
            return self.error(f"unexpected '{char}' outside a range")
        if char in ("&", "|"):
            return self.error(f"'{char * 2}' needs a query on its left")
        return self.error(f"unexpected {char!r}")


def _is_network(field: str | None, word: _Word) -> bool:
    """An unescaped ``/`` in a plain value of an address field: CIDR."""
    if field is None or "/" not in word.literal or word.wildcard or word.escaped_slash:
        return False
    return is_address_field(field)


def _word_node(field: str | None, word: _Word) -> Node:
    if not word.wildcard:
        return Term(field, word.literal)
    if word.pattern == "*":
        return MatchAll() if field is None else Exists(field)
    return Wildcard(field, word.pattern)


def _as_node(clause: _Clause) -> Node:
    if clause.occur is _Occur.MUST_NOT:
        return Bool(must_not=(clause.node,))
    return clause.node
