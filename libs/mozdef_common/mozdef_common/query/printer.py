"""The query AST written back as a Lucene query string: ``parse_query(to_query_string(n)) == normalize(n)``.

Used to show a programmatic rule to an analyst, to store a saved search, and to hand a tree to any tool
that speaks Lucene. Booleans are written with ``+``/``-`` prefixes (``+a +b c -d``), which the parser
reads back into exactly the same ``must``/``should``/``must_not`` clauses; nested booleans are grouped.

Several trees mean the same query; :func:`normalize` picks the one the parser makes, and the printer
writes every tree as that one:

* a :class:`Bool` with one ``must`` or one ``should`` clause and nothing else is that clause, an empty
  one is :class:`MatchAll`, and ``min_should`` equal to its default is left unset;
* a :class:`Wildcard` with no live ``*``/``?`` is a :class:`Term`, ``*`` alone is :class:`Exists`
  (:class:`MatchAll` without a field), and its escapes are reduced to ``\\*``, ``\\?`` and ``\\\\``;
* an empty :class:`Term` is the empty :class:`Phrase` (``field:""``; both match the empty value);
* ``\\/`` in a :class:`Regex` is ``/`` (the same regex).

A tree no query string can express raises :class:`~mozdef_common.errors.QueryError`: a ``min_should``
other than the default, a field named ``_exists_`` or ``*``, a regex ending in a lone ``\\``.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Final

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
from mozdef_common.query.fields import EXISTS_FIELD, is_address_field

# Escaped anywhere in a word: they end words, make wildcards, escape, or split on && / ||.
_ALWAYS: Final = frozenset('\\()"[]{}^~*?&|')
# Escaped only as the first character: signs, NOT, a regex, a comparison after ``field:``.
_LEADING: Final = frozenset("+-!/<>")
_KEYWORDS: Final = frozenset(("AND", "OR", "NOT"))
_BARE_BOUND: Final = re.compile(r"[A-Za-z0-9_.:+@/-]+")


def to_query_string(node: Node) -> str:
    """Lucene text that parses back to ``normalize(node)``."""
    return _print(normalize(node), top=True)


def normalize(node: Node) -> Node:
    """The tree the parser makes for ``node``'s query (see the module docstring)."""
    if isinstance(node, Bool):
        return _normalize_bool(node)
    if isinstance(node, Wildcard):
        pattern, live = _canonical_pattern(node.pattern)
        if pattern == "*":
            return MatchAll() if node.field is None else Exists(node.field)
        if not live:
            return _normalize_term(Term(node.field, _unescape_pattern(pattern)))
        return replace(node, pattern=pattern)
    if isinstance(node, Term):
        return _normalize_term(node)
    if isinstance(node, Regex):
        return replace(node, pattern=node.pattern.replace("\\/", "/"))
    return node


def _normalize_bool(node: Bool) -> Node:
    must = tuple(normalize(n) for n in node.must)
    should = tuple(normalize(n) for n in node.should)
    must_not = tuple(normalize(n) for n in node.must_not)
    min_should = node.min_should
    if min_should is not None and min_should == Bool(must, should).effective_min_should:
        min_should = None
    if min_should is None and not must_not and len(must) + len(should) == 1:
        return (must or should)[0]
    if not (must or should or must_not):
        return MatchAll()
    return Bool(must, should, must_not, min_should)


def _normalize_term(node: Term) -> Node:
    return Phrase(node.field, "") if node.value == "" else node


def _print(node: Node, *, top: bool = False) -> str:
    if isinstance(node, MatchAll):
        return "*"
    if isinstance(node, Bool):
        text = _print_bool(node)
        return text if top else f"({text})"
    if isinstance(node, Exists):
        return f"{EXISTS_FIELD}:{_field(node.field)}"
    if isinstance(node, Subnet):
        return f"{_field(node.field)}:{node.network}"
    if isinstance(node, Range):
        opening, closing = "[" if node.include_lower else "{", "]" if node.include_upper else "}"
        bounds = f"{_bound(node.lower)} TO {_bound(node.upper)}"
        return f"{_field(node.field)}:{opening}{bounds}{closing}"
    prefix = "" if node.field is None else _field(node.field) + ":"
    if isinstance(node, Term):
        address = node.field is not None and is_address_field(node.field)
        return prefix + _word(node.value, colon=node.field is None, slash=address)
    if isinstance(node, Phrase):
        return prefix + _quote(node.value)
    if isinstance(node, Wildcard):
        return prefix + _pattern(node.pattern, colon=node.field is None)
    if isinstance(node, FieldRef):
        raise QueryError(f"{node.field} = {node.other}: a field reference has no query-string form")
    return prefix + _regex(node.pattern)


def _print_bool(node: Bool) -> str:
    if node.min_should is not None:
        raise QueryError(f"min_should={node.min_should} cannot be written as a Lucene query string")
    parts = [f"+{_print(n)}" for n in node.must]
    parts += [_print(n) for n in node.should]
    parts += [f"-{_print(n)}" for n in node.must_not]
    return " ".join(parts)


def _field(name: str) -> str:
    if name in (EXISTS_FIELD, "*") or not name:
        raise QueryError(f"field name {name!r} cannot be written in a query string")
    return _word(name, colon=True, slash=False)


def _word(text: str, *, colon: bool, slash: bool) -> str:
    """``text`` as one bare word that reads back as exactly ``text``."""
    out = []
    for i, char in enumerate(text):
        if (
            char in _ALWAYS
            or char.isspace()
            or (i == 0 and char in _LEADING)
            or (char == ":" and colon)
            or (char == "/" and slash)
        ):
            out.append("\\" + char)
        else:
            out.append(char)
    if text in _KEYWORDS:
        out[0] = "\\" + out[0]
    return "".join(out)


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _bound(value: str | None) -> str:
    if value is None:
        return "*"
    if _BARE_BOUND.fullmatch(value) and value != "TO" and "&&" not in value and "||" not in value:
        return value
    return _quote(value)


def _pattern(pattern: str, *, colon: bool) -> str:
    """A canonical wildcard pattern as a word: live ``*``/``?`` bare, everything else escaped."""
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        # Escaping a sign or a slash mid-pattern is harmless, so each character is escaped as if leading.
        out.append(char if char in "*?" else _word(char, colon=colon, slash=False))
        i += 1
    return "".join(out)


def _regex(pattern: str) -> str:
    out = []
    i = 0
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            if i + 1 == len(pattern):
                raise QueryError(f"regex {pattern!r} ends in a lone '\\'")
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append("\\/" if char == "/" else char)
        i += 1
    return "/" + "".join(out) + "/"


def _canonical_pattern(pattern: str) -> tuple[str, bool]:
    """Escapes reduced to ``\\*``, ``\\?``, ``\\\\`` (a trailing lone ``\\`` is a literal one), and
    whether any ``*``/``?`` is live."""
    out = []
    live = False
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            literal = next(chars, "\\")
            out.append("\\" + literal if literal in "*?\\" else literal)
        else:
            live = live or char in "*?"
            out.append(char)
    return "".join(out), live


def _unescape_pattern(pattern: str) -> str:
    return re.sub(r"\\(.)", r"\1", pattern, flags=re.DOTALL)
