"""Map the many spellings of a severity onto :data:`mozdef_common.event.SEVERITIES` (pure).

* syslog numeric levels 0-7 (0 EMERGENCY … 7 DEBUG), as numbers or numeric strings;
* Python logging levels 10/20/30/40/50 (DEBUG … CRITICAL);
* a syslog PRI (facility * 8 + severity, 0-191) when it arrives as ``priority``: its low three bits;
* names and abbreviations, any case: emerg/panic, alert, crit/fatal, err, warn, notice,
  info/information/informational, debug/trace/verbose.

Anything else is kept, as an upper-cased string (``"HIGH"`` stays ``"HIGH"``), so nothing is lost.
"""

from __future__ import annotations

from typing import Any, Final

from mozdef_common.event import DEFAULTS, SEVERITIES

_SYSLOG: Final = (
    "EMERGENCY",
    "ALERT",
    "CRITICAL",
    "ERROR",
    "WARNING",
    "NOTICE",
    "INFO",
    "DEBUG",
)
_PYTHON: Final = {10: "DEBUG", 20: "INFO", 30: "WARNING", 40: "ERROR", 50: "CRITICAL"}
_NAMES: Final = {
    **{name: name for name in SEVERITIES},
    "EMERG": "EMERGENCY",
    "PANIC": "EMERGENCY",
    "CRIT": "CRITICAL",
    "FATAL": "CRITICAL",
    "ERR": "ERROR",
    "WARN": "WARNING",
    "INFORMATION": "INFO",
    "INFORMATIONAL": "INFO",
    "TRACE": "DEBUG",
    "VERBOSE": "DEBUG",
}


# Shippers send the same few spellings again and again ("info", "warning"): each is worked out once.
# Only names are kept, never digits, whose meaning depends on the key.
_SEEN: dict[str, str] = {}
_SEEN_MAX: Final = 1_000


def map_severity(value: Any, *, key: str = "severity") -> str | None:
    """The upper-case severity for ``value`` found under ``key``; ``None`` when it is not a scalar."""
    if type(value) is str:
        known = _SEEN.get(value)
        if known is not None:
            return known
        mapped = _from_text(value, key)
        if not value.strip().upper().isdigit():
            if len(_SEEN) >= _SEEN_MAX:
                _SEEN.clear()  # values come from shippers: bound the memory they can take
            _SEEN[value] = mapped
        return mapped
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return _from_number(value, key)
    if isinstance(value, float):
        return _from_number(int(value), key) if value.is_integer() else str(value)
    if not isinstance(value, str):
        return None
    return _from_text(value, key)


def _from_text(value: str, key: str) -> str:
    text = value.strip().upper()
    if not text:
        return DEFAULTS["severity"]
    known = _NAMES.get(text)
    if known is not None:
        return known
    if text.isascii() and text.isdigit():  # "²".isdigit() is True, and int() refuses it
        return _from_number(int(text), key)
    return text


def _from_number(number: int, key: str) -> str:
    if 0 <= number <= 7:
        return _SYSLOG[number]
    if key == "priority" and 0 <= number <= 191:
        return _SYSLOG[number & 7]
    return _PYTHON.get(number, str(number))
