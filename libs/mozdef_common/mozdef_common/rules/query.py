"""The query of a rule: its text as written, and the AST parsed from it once, at validation."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

from pydantic import BeforeValidator, PlainSerializer

from mozdef_common.errors import QuerySyntaxError
from mozdef_common.query.ast import Node
from mozdef_common.query.parser import parse_query


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    """``text`` as the rule wrote it (or as printed from a built tree) and ``node``, its AST."""

    text: str
    node: Node


def parse_rule_query(value: object) -> ParsedQuery:
    """A query string → :class:`ParsedQuery`; a syntax error becomes a validation error naming the query."""
    if isinstance(value, ParsedQuery):
        return value
    if not isinstance(value, str):
        raise ValueError(f"a query is a string in the query language, not {type(value).__name__}")
    try:
        return ParsedQuery(value, parse_query(value))
    except QuerySyntaxError as exc:
        raise ValueError(f"query {value!r} does not parse: {exc}") from None


def query_from_node(node: Node) -> ParsedQuery:
    """A query built in code (Sigma, Python rules): the printed text travels with the tree."""
    from mozdef_common.query.printer import to_query_string

    return ParsedQuery(to_query_string(node), node)


#: A query field of a rule model.
RuleQuery = Annotated[ParsedQuery, BeforeValidator(parse_rule_query), PlainSerializer(lambda q: q.text)]
