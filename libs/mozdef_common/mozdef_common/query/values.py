"""How query values are read, shared by the store compilers so that both read them the same way.

* :func:`details_values`: the typed values a ``details.*`` term matches (string, number, bool, date).
* :func:`bound_kind`: whether a range compares numbers, dates or words, and which words are allowed.
* :func:`wildcard_to_regex`: a Lucene wildcard pattern as a regex over whole values.
"""

from __future__ import annotations

import contextlib
import math
import re
from typing import Final, Literal

from mozdef_common.errors import QueryError
from mozdef_common.query.ast import Range
from mozdef_common.query.timerange import parse_time

BoundKind = Literal["number", "date", "word"]

_REGEX_META: Final = frozenset("\\.+*?()|[]{}^$#&-~")
#: Path segments a range field may have: what tantivy's range syntax can carry safely.
SAFE_SEGMENT: Final = re.compile(r"[A-Za-z0-9_@-]+")
#: Words a range may compare (keyword fields only): what tantivy's range syntax can carry safely.
SAFE_WORD: Final = re.compile(r"[A-Za-z0-9_.@-]+")
INTEGER: Final = re.compile(r"[+-]?\d+")
NUMBER: Final = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


def details_values(value: str) -> list[object]:
    """Every typed value a details term matches: the string, and the number, bool or date it reads as.

    A number matches any equal number, integer or not (``200``, ``200.0``); JSON integers beyond what a
    float holds exactly are matched as integers too.
    """
    values: list[object] = [value]
    text = value.strip()
    if INTEGER.fullmatch(text):
        integer = int(text)
        if -(2**63) <= integer < 2**64:  # what tantivy's i64 and u64 leaves can hold
            values.append(integer)
        values.append(float(integer))
    elif NUMBER.fullmatch(text):
        number = float(text)
        if math.isfinite(number):
            if number.is_integer() and abs(number) < 2**63:
                values.append(int(number))
            values.append(number)
    elif text in ("true", "false"):
        values.append(text == "true")
    elif len(text) >= 19 and "T" in text:
        # tantivy indexes RFC 3339 strings inside JSON as dates, not strings.
        with contextlib.suppress(QueryError):
            values.append(parse_time(text))
    return values


def bound_kind(node: Range) -> BoundKind:
    """What the bounds of ``node`` compare; :class:`QueryError` for bounds no store compares alike.

    Also refuses a range field whose segments hold other characters than letters, digits, ``_``,
    ``-`` and ``@`` (the embedded store cannot range over them; OpenSearch refuses them too, to agree).
    """
    if not all(SAFE_SEGMENT.fullmatch(seg) for seg in node.field.split(".")):
        raise QueryError(
            f"range on {node.field!r}: range fields may only use letters, digits, '_', '-' and '@'"
        )
    bounds = [b.strip() for b in (node.lower, node.upper) if b is not None]
    if bounds and all(NUMBER.fullmatch(b) for b in bounds):
        return "number"
    if bounds and all(b.startswith("now") or (len(b) >= 10 and b[4:5] == "-") for b in bounds):
        return "date"
    for bound in bounds:
        if not SAFE_WORD.fullmatch(bound):
            raise QueryError(
                f"range bound {bound!r} on {node.field!r}: use numbers, dates, or words of letters, "
                "digits, '.', '_', '-' and '@'"
            )
    return "word"


def finite_number(text: str) -> float:
    number = float(text)
    if not math.isfinite(number):
        raise QueryError(f"range bound {text!r} is not a finite number")
    return number


def number_text(text: str) -> str:
    """A numeric bound written the one way both stores compare it: ``1e3`` -> ``1000``."""
    number = finite_number(text)
    if number.is_integer() and abs(number) < 2**63:
        return str(int(number))
    return repr(number)


def wildcard_to_regex(pattern: str) -> str:
    """A Lucene wildcard pattern as a regex over the whole value: ``*`` -> ``.*``, ``?`` -> ``.``."""
    out: list[str] = []
    chars = iter(pattern)
    for char in chars:
        if char == "\\":
            out.append(escape_regex(next(chars, "\\")))
        elif char == "*":
            out.append(".*")
        elif char == "?":
            out.append(".")
        else:
            out.append(escape_regex(char))
    return "".join(out)


def escape_regex(text: str) -> str:
    return "".join("\\" + c if c in _REGEX_META else c for c in text)
