"""Turn the many ways shippers write a time into one aware UTC ``datetime`` (pure functions).

Accepted, tried cheapest first:

* numbers (int, float or numeric string) as epoch time, the unit chosen by magnitude: below 1e11 seconds,
  below 1e14 milliseconds, below 1e17 microseconds, else nanoseconds;
* ISO-8601 / RFC 3339 / RFC 5424 with any offset or ``Z``, ``T`` or a space, any number of fractional digits
  (beyond microseconds they are cut), ``,`` or ``.`` before the fraction;
* syslog / RFC 3164 ``Nov 27 18:30:01`` (optionally with a year, ``Nov 27 2026 18:30:01``); without a year the
  year is the reference's, or the year before when that would put the time more than a day in the future;
* Apache / nginx ``27/Nov/2026:18:30:01 +0000``;
* RFC 2822 ``Fri, 27 Nov 2026 18:30:01 +0000`` (also ``GMT``).

Naive times are UTC. Anything else is ``None``: the caller keeps the original and uses the receive time.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any, Final

_MONTHS: Final = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=UTC)
_NUMERIC: Final = re.compile(r"-?\d+(?:\.\d*)?")
# Fractions longer than microseconds: fromisoformat in 3.11 rejects some of them, so cut to 6 digits.
_LONG_FRACTION: Final = re.compile(r"([.,]\d{6})\d+")
_SYSLOG: Final = re.compile(
    r"(?P<mon>[A-Za-z]{3})\s+(?P<day>\d{1,2})(?:\s+(?P<year>\d{4}))?\s+"
    r"(?P<h>\d{1,2}):(?P<m>\d{2}):(?P<s>\d{2})(?:[.,](?P<frac>\d{1,9}))?"
    r"(?:\s*(?P<tz>Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
)
_APACHE: Final = re.compile(
    r"\[?(?P<day>\d{1,2})/(?P<mon>[A-Za-z]{3})/(?P<year>\d{4}):(?P<h>\d{2}):(?P<m>\d{2}):(?P<s>\d{2})"
    r"(?:[.,](?P<frac>\d{1,9}))?(?:\s*(?P<tz>Z|[+-]\d{2}:?\d{2}))?\]?"
)
# The one form events store (utc_iso()); the separators fixed, so that fromisoformat accepting it
# means the text is exactly what isoformat would write back.
_CANONICAL: Final = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", re.ASCII)

# How far in the future a year-less syslog time may be before it is taken as last year's.
_FUTURE_SLACK: Final = timedelta(days=1)


def parse_time(value: Any, reference: datetime) -> datetime | None:
    """``value`` as an aware UTC datetime, or ``None`` when it is not a time we understand.

    ``reference`` (aware; the receive time) supplies the year of year-less syslog times, which keeps the
    result deterministic when an event is replayed.
    """
    if isinstance(value, bool):  # bool is an int, and never a time
        return None
    if isinstance(value, int | float):
        return from_epoch(value)
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    if not text[0].isdigit():
        # Syslog and RFC 2822 start with a letter: skip the ISO attempt and its exception.
        return _parse_words(text, reference)
    if text.isascii() and text.isdigit():  # before fromisoformat: "20261127" is no date
        return from_epoch(int(text))
    try:
        return _aware(datetime.fromisoformat(text))
    except ValueError:
        pass
    if _NUMERIC.fullmatch(text):
        return from_epoch(float(text) if "." in text else int(text))
    return _parse_digits(text)


def parse_time_iso(value: Any, reference: datetime) -> str | None:
    """:func:`parse_time`'s answer as events store it (``utc_iso`` form), or ``None``.

    Most shippers already send that form: checked, it is kept as it is, which saves rebuilding the
    text (``isoformat`` costs ten times the parse).
    """
    if type(value) is str and _CANONICAL.fullmatch(value) is not None:
        try:
            datetime.fromisoformat(value)
        except ValueError:  # a day or an hour out of range: let the general path decide
            pass
        else:
            return value
    parsed = parse_time(value, reference)
    return None if parsed is None else parsed.isoformat(timespec="microseconds")


def from_epoch(number: float) -> datetime | None:
    """Epoch time in s, ms, µs or ns (chosen by magnitude) as a UTC datetime; ``None`` if out of range."""
    if isinstance(number, float) and not math.isfinite(number):
        return None
    size = abs(number)
    # Integer arithmetic for ints so that nanosecond epochs keep their precision.
    if size < 1e11:
        micros = number * 1_000_000
    elif size < 1e14:
        micros = number * 1_000
    elif size < 1e17:
        micros = number
    else:
        micros = number // 1_000 if isinstance(number, int) else number / 1_000
    try:
        return _EPOCH + timedelta(microseconds=round(micros))
    except OverflowError:
        return None


def _aware(dt: datetime) -> datetime | None:
    try:
        return dt.replace(tzinfo=UTC) if dt.tzinfo is None else dt.astimezone(UTC)
    except (OverflowError, ValueError):  # year 1 with a positive offset, year 9999 with a negative one
        return None


def _parse_digits(text: str) -> datetime | None:
    # ISO with more fractional digits than fromisoformat takes, Apache, RFC 2822 without a weekday.
    fixed = _LONG_FRACTION.sub(r"\1", text)
    if fixed != text:
        try:
            return _aware(datetime.fromisoformat(fixed))
        except ValueError:
            pass
    match = _APACHE.fullmatch(text)
    if match:
        return _build(match, int(match["year"]))
    return _rfc2822(text)


def _parse_words(text: str, reference: datetime) -> datetime | None:
    match = _SYSLOG.fullmatch(text)
    if match:
        return _syslog(match, reference)
    match = _APACHE.fullmatch(text)  # "[27/Nov/2026:18:30:01 +0000]" as nginx writes it
    if match:
        return _build(match, int(match["year"]))
    if text[0] in "+-":  # ISO with a signed year: rare, but fromisoformat tells
        try:
            return _aware(datetime.fromisoformat(text))
        except ValueError:
            return None
    return _rfc2822(text)


def _rfc2822(text: str) -> datetime | None:
    try:
        return _aware(parsedate_to_datetime(text))
    except (TypeError, ValueError, IndexError):
        return None


def _syslog(match: re.Match[str], reference: datetime) -> datetime | None:
    if match["year"]:
        return _build(match, int(match["year"]))
    dt = _build(match, reference.year)
    if dt is None or dt > reference + _FUTURE_SLACK:
        # December logs read in January belong to last year (also Feb 29 seen in a non-leap year).
        dt = _build(match, reference.year - 1)
    return dt


def _build(match: re.Match[str], year: int) -> datetime | None:
    month = _MONTHS.get(match["mon"].lower())
    if month is None:
        return None
    frac = match["frac"] or ""
    micros = int((frac + "000000")[:6]) if frac else 0
    try:
        dt = datetime(
            year, month, int(match["day"]), int(match["h"]), int(match["m"]), int(match["s"]), micros
        )
    except ValueError:
        return None
    tz = match["tz"]
    if tz and tz not in ("Z", "UTC", "GMT"):
        sign = -1 if tz[0] == "-" else 1
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        return _aware(dt.replace(tzinfo=UTC) - sign * offset)
    return dt.replace(tzinfo=UTC)
