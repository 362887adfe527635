"""What the generated evaluator code calls on each event: reading fields the way the stores index them.

Every function here is total: whatever shape an event has (a number where a string was expected, a
list where an object was), it answers rather than raises, because the rule engine runs thousands of
rules over events it does not control. Where a reading differs from a naive ``event[field]``, it is
because the embedded store indexes that way (see :mod:`mozdef_common.store.tantivy_schema`):

* keywords: a string as is; a list (``tags``) element by element; anything else as its JSON text.
* ``summary``: the words tantivy's default tokenizer makes (letters and digits, lower-cased, tokens
  of 40 bytes or more dropped).
* ``details.<path>``: dots in keys split like nesting (``{"request.path": …}`` is ``request.path``),
  lists flattened, ``null`` skipped. Ranges read no value inside a list (the range column has none).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any, Final

import orjson

from mozdef_common.query.fields import FieldKind, details_path, field_kind

_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
#: Letters and digits: what tantivy's simple tokenizer keeps (Python's ``\\w`` minus ``_``).
_WORD: Final = re.compile(r"[^\W_]+")
_MAX_TOKEN_BYTES: Final = 40
EMPTY: Final[Mapping[str, Any]] = {}

StringView = tuple[str | None, tuple[str, ...]]
"""The strings of a field: the first (or None) and the others, because nearly every field holds one
string and the generated code tests ``first`` inline before looking at the rest."""


def as_keyword(value: object) -> str:
    if isinstance(value, str):
        return value
    try:
        return orjson.dumps(value).decode()
    except TypeError:
        return str(value)


def keyword_strings(value: object) -> StringView:
    """The strings a keyword field holds (``tags``: each element; non-strings as their JSON text)."""
    if type(value) is str:
        return value, ()
    if value is None:
        return None, ()
    if isinstance(value, list):
        items = [as_keyword(v) for v in value if v is not None]
        return (items[0], tuple(items[1:])) if items else (None, ())
    return as_keyword(value), ()


def tokens(value: object) -> list[str]:
    """The analyzed words of ``summary``."""
    if value is None:
        return []
    text = value if isinstance(value, str) else as_keyword(value)
    out = []
    for word in _WORD.findall(text):
        lowered = word.lower()
        if len(lowered.encode()) < _MAX_TOKEN_BYTES:
            out.append(lowered)
    return out


def phrase_in(have: Sequence[str], words: tuple[str, ...]) -> bool:
    """The words appear next to each other, in order."""
    first, size = words[0], len(words)
    return any(have[i] == first and tuple(have[i : i + size]) == words for i in range(len(have) - size + 1))


def leaves(details: Mapping[str, Any], segments: tuple[str, ...], *, in_lists: bool = True) -> list[Any]:
    """The scalar values at a details path; ``in_lists=False`` skips every value inside a list."""
    found: list[Any] = []
    _collect(details, segments, 0, found, in_lists)
    return found


def _collect(value: Any, segments: tuple[str, ...], at: int, found: list[Any], in_lists: bool) -> None:
    if isinstance(value, dict):
        if at == len(segments):
            return  # an object where a leaf was asked for
        # The key may hold the next segment or several of them joined by dots ({"request.path": …}).
        key = segments[at]
        for end in range(at + 1, len(segments) + 1):
            if end > at + 1:
                key = f"{key}.{segments[end - 1]}"
            if key in value:
                _collect(value[key], segments, end, found, in_lists)
    elif isinstance(value, list):
        if in_lists:
            for item in value:
                _collect(item, segments, at, found, in_lists)
    elif at == len(segments) and value is not None:
        found.append(value)


def path_exists(details: Mapping[str, Any], segments: tuple[str, ...]) -> bool:
    """Whether the path holds anything (an object too) other than null or an empty list."""
    return _exists(details, segments, 0)


def _exists(value: Any, segments: tuple[str, ...], at: int) -> bool:
    if isinstance(value, list):
        return any(_exists(item, segments, at) for item in value)
    if at == len(segments):
        return value is not None
    if not isinstance(value, dict):
        return False
    key = segments[at]
    for end in range(at + 1, len(segments) + 1):
        if end > at + 1:
            key = f"{key}.{segments[end - 1]}"
        if key in value and _exists(value[key], segments, end):
            return True
    # A dotted key that goes past the path ({"request.path": …} for ``request``) holds it too.
    rest = list(segments[at:])
    size = len(rest)
    return any("." in k and len(parts := k.split(".")) > size and parts[:size] == rest for k in value)


def split_leaves(found: list[Any]) -> tuple[str | None, tuple[str, ...], tuple[Any, ...], tuple[bool, ...]]:
    """Leaves by JSON type: the strings (first, others), the numbers, the booleans."""
    strs: list[str] = []
    nums: list[Any] = []
    bools: list[bool] = []
    for leaf in found:
        kind = type(leaf)
        if kind is str:
            strs.append(leaf)
        elif kind is bool:
            bools.append(leaf)
        elif kind is int or kind is float:
            nums.append(leaf)
        # anything else (a decoder's exotic type) is no value a store would index
    first = strs[0] if strs else None
    return first, tuple(strs[1:]), tuple(nums), tuple(bools)


def lowered(first: str | None, rest: tuple[str, ...]) -> StringView:
    return (None if first is None else first.lower()), tuple(s.lower() for s in rest)


def micros(value: object) -> int | None:
    """Microseconds since the epoch of an ISO-8601 string (naive = UTC), or None."""
    if not isinstance(value, str):
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    delta = parsed - _EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def looks_like_date(value: str) -> bool:
    """What both stores treat as a date under details (the same test as the store's)."""
    return len(value) >= 10 and value[4] == "-" and value[7] == "-" and value[:4].isdigit()


def date_leaves(first: str | None, rest: tuple[str, ...]) -> list[int]:
    """The instants of the date-like strings of a details path."""
    out = []
    for text in (first, *rest) if first is not None else ():
        if looks_like_date(text) and (at := micros(text)) is not None:
            out.append(at)
    return out


def range_leaves(details: Mapping[str, Any], segments: tuple[str, ...]) -> tuple[list[Any], list[int]]:
    """The numbers and the date instants a range on a details path compares (none inside lists)."""
    nums: list[Any] = []
    dates: list[int] = []
    for leaf in leaves(details, segments, in_lists=False):
        kind = type(leaf)
        if kind is int or kind is float:
            nums.append(leaf)
        elif kind is str and looks_like_date(leaf) and (at := micros(leaf)) is not None:
            dates.append(at)
    return nums, dates


def number_key(number: float) -> str | None:
    """One text for every equal number (``22``, ``22.0``): how rules are indexed by a details value."""
    try:
        as_float = float(number)
    except (OverflowError, ValueError, TypeError):
        return None
    if as_float != as_float or as_float in (float("inf"), float("-inf")):
        return None
    if as_float.is_integer() and abs(as_float) < 2**63:
        return str(int(as_float))
    return repr(as_float)


def comparable(values: list[Any]) -> set[tuple[str, Any]]:
    """Values tagged by type, so a field reference compares strings with strings, numbers with numbers
    (``1`` and ``1.0`` alike), and never ``True`` with ``1``."""
    out: set[tuple[str, Any]] = set()
    for value in values:
        if type(value) is bool:
            out.add(("b", value))
        elif type(value) is int or type(value) is float:
            out.add(("n", value))
        elif type(value) is str:
            out.add(("s", value))
    return out


def field_values(event: Mapping[str, Any], field: str) -> list[Any]:
    """The values of any field, as a field reference compares them: keywords and the summary as
    their strings, dates as instants, details leaves as they are."""
    kind = field_kind(field)
    if kind is FieldKind.DETAILS:
        details = event.get("details")
        if not isinstance(details, dict):
            return []
        return leaves(details, tuple(details_path(field).split(".")))
    if kind is FieldKind.DATE:
        at = micros(event.get(field))
        return [] if at is None else [("date", at)]
    first, rest = keyword_strings(event.get(field))
    return [] if first is None else [first, *rest]


def field_ref(event: Mapping[str, Any], field: str, other: str) -> bool:
    """Whether some value of ``field`` equals some value of ``other`` (Sigma's fieldref)."""
    mine = field_values(event, field)
    if not mine:
        return False
    theirs = field_values(event, other)
    dates = {v for v in mine if isinstance(v, tuple)} & {v for v in theirs if isinstance(v, tuple)}
    return bool(dates or comparable(mine) & comparable(theirs))
