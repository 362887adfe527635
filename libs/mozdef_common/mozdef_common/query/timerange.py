"""Points in time as analysts write them: ISO-8601, ``now`` date math, epoch milliseconds.

Accepted by the search API's ``start``/``end`` and by date ranges in queries
(``utctimestamp:[now-1h TO now]``):

* ISO-8601 with any zone (``2026-11-27T10:00:00Z``, ``...+01:00``, ``2026-11-27``); naive is UTC.
* ``now`` followed by any number of ``+N<unit>`` / ``-N<unit>`` steps, units ``s m h d w``
  (``now-15m``, ``now-1d+2h``), optionally rounded down with ``/<unit>`` as in Elasticsearch
  (``now/d`` is today's midnight UTC).
* Epoch milliseconds: a JSON number, or a string of at least 10 digits (shorter digit strings are
  ISO basic dates such as ``20261127``).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Final

from mozdef_common.errors import QueryError

_UNITS: Final[dict[str, timedelta]] = {
    "s": timedelta(seconds=1),
    "m": timedelta(minutes=1),
    "h": timedelta(hours=1),
    "d": timedelta(days=1),
    "w": timedelta(weeks=1),
}
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_MAX_DIGITS: Final = 9  # at most 999,999,999 units: keeps timedelta arithmetic in range


def parse_time(value: str | float, *, now: datetime | None = None) -> datetime:
    """The aware UTC datetime ``value`` names; :class:`QueryError` names a value that is none."""
    if isinstance(value, bool):
        raise QueryError(f"invalid time {value!r}")
    if isinstance(value, int | float):
        return _from_epoch_ms(value, value)
    text = value.strip()
    if text.startswith("now"):
        return _date_math(text, value, now or datetime.now(UTC))
    if text.isdigit() and len(text) >= 10:
        return _from_epoch_ms(int(text), value)
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise QueryError(
            f"invalid time {value!r}: use ISO-8601 (2026-11-27T10:00:00Z), now-15m or epoch milliseconds"
        ) from None
    if parsed.tzinfo is None:
        return parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)


def to_micros(dt: datetime) -> int:
    """Microseconds since the epoch, exact (no float rounding)."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=UTC)
    return (dt - _EPOCH) // timedelta(microseconds=1)


def _from_epoch_ms(ms: float, original: object) -> datetime:
    try:
        return _EPOCH + timedelta(milliseconds=ms)
    except (OverflowError, ValueError):
        raise QueryError(f"invalid time {original!r}: epoch milliseconds out of range") from None


def _date_math(text: str, original: str, now: datetime) -> datetime:
    result = now.astimezone(UTC)
    pos = 3
    while pos < len(text):
        op = text[pos]
        if op == "/":
            unit = text[pos + 1 :]
            if unit not in _UNITS:
                raise _math_error(original, f"rounding needs one unit of {'/'.join(_UNITS)}")
            return _round_down(result, unit)
        if op not in "+-":
            raise _math_error(original, f"expected + or - at offset {pos}")
        end = pos + 1
        while end < len(text) and text[end].isdigit():
            end += 1
        digits, unit = text[pos + 1 : end], text[end : end + 1]
        if not digits or len(digits) > _MAX_DIGITS:
            raise _math_error(original, f"expected a number after {op!r} at offset {pos}")
        if unit not in _UNITS:
            raise _math_error(original, f"unknown unit {unit!r}: use one of {' '.join(_UNITS)}")
        step = _UNITS[unit] * int(digits)
        try:
            result = result + step if op == "+" else result - step
        except OverflowError:
            raise _math_error(original, "out of range") from None
        pos = end + 1
    return result


def _round_down(dt: datetime, unit: str) -> datetime:
    if unit == "w":
        day = dt.replace(hour=0, minute=0, second=0, microsecond=0)
        return day - timedelta(days=day.weekday())
    if unit == "d":
        return dt.replace(hour=0, minute=0, second=0, microsecond=0)
    if unit == "h":
        return dt.replace(minute=0, second=0, microsecond=0)
    if unit == "m":
        return dt.replace(second=0, microsecond=0)
    return dt.replace(microsecond=0)


def _math_error(value: str, why: str) -> QueryError:
    return QueryError(f"invalid time {value!r}: {why}")
