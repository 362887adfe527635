"""Small helpers the case predicates use to state docs/search.md's field semantics over one event.

They read single values only (the words of a summary, the leaves of one details path, one typed
match); combining them is left to each case, written out by hand, so no query is ever evaluated by
code shared with what it checks.
"""

from __future__ import annotations

import ipaddress
import re
from datetime import datetime
from typing import Any, Final

from mozdef_common.types import Event

#: summary is split on anything not a letter or digit, lower-cased, tokens of 40 bytes or more dropped.
_WORD: Final = re.compile(r"[^\W_]+")
_NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)")


def words(text: str) -> list[str]:
    """The analyzed tokens of a summary (docs/search.md: lower-cased, split on non letters/digits)."""
    return [w.lower() for w in _WORD.findall(text) if len(w.lower().encode()) < 40]


def has_word(event: Event, word: str) -> bool:
    return word in words(event["summary"])


def has_phrase(event: Event, phrase: str) -> bool:
    """The phrase's words appear next to each other, in order, in the summary."""
    wanted, have = words(phrase), words(event["summary"])
    return any(have[i : i + len(wanted)] == wanted for i in range(len(have) - len(wanted) + 1))


def leaves(event: Event, path: str) -> list[Any]:
    """The scalar values at ``details.<path>``: dotted keys split like nested ones, lists flattened."""
    found: list[Any] = []
    _walk(event.get("details"), [], path.split("."), found)
    return found


def _walk(value: Any, at: list[str], want: list[str], found: list[Any]) -> None:
    if isinstance(value, dict):
        for key, child in value.items():
            _walk(child, [*at, *key.split(".")], want, found)
    elif isinstance(value, list):
        for item in value:
            _walk(item, at, want, found)
    elif at == want and value is not None:
        found.append(value)


def paths(event: Event) -> set[str]:
    """Every path under details, objects included, as ``a.b`` (without the ``details.`` prefix)."""
    out: set[str] = set()
    _paths(event.get("details"), [], out)
    return out


def _paths(value: Any, at: list[str], out: set[str]) -> None:
    if at and value is not None:
        out.add(".".join(at))
    if isinstance(value, dict):
        for key, child in value.items():
            parts = key.split(".")
            for i in range(1, len(parts)):
                out.add(".".join([*at, *parts[:i]]))
            _paths(child, [*at, *parts], out)
    elif isinstance(value, list):
        for item in value:
            _paths(item, at, out)


def strings(event: Event, path: str) -> list[str]:
    return [v for v in leaves(event, path) if isinstance(v, str)]


def numbers(event: Event, path: str) -> list[float]:
    return [v for v in leaves(event, path) if isinstance(v, int | float) and not isinstance(v, bool)]


def details_is(event: Event, path: str, query_value: str) -> bool:
    """``details.<path>:<value>`` unquoted: the string exactly, or a number / boolean equal to it."""
    for value in leaves(event, path):
        if isinstance(value, bool):
            if query_value in ("true", "false") and value == (query_value == "true"):
                return True
        elif isinstance(value, str):
            if value == query_value:
                return True
        elif _NUMBER.fullmatch(query_value) and float(query_value) == value:
            return True
    return False


def in_subnet(event: Event, path: str, network: str) -> bool:
    net = ipaddress.ip_network(network)
    for value in strings(event, path):
        try:
            address = ipaddress.ip_address(value)
        except ValueError:
            continue
        if address.version == net.version and address in net:
            return True
    return False


def utc(event: Event, field: str = "utctimestamp") -> datetime:
    return datetime.fromisoformat(event[field])


def at(text: str) -> datetime:
    """An ISO-8601 instant written in a case (naive is UTC)."""
    from datetime import UTC

    parsed = datetime.fromisoformat(text)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
