"""Field semantics, written down once and shared by every store and the query compilers.

==================  ==========  ===============================================================
field               kind        how a query value matches
==================  ==========  ===============================================================
id, category,       keyword     the exact string, case-sensitive (``category:Auth`` does not
source, hostname,               match ``auth``); wildcards and regexes run over the whole value
processid,
processname,
severity,
eventsource, tags
summary             text        analyzed like the default tokenizer: lower-cased, split on
                                anything not a letter or digit; ``summary:Failed`` matches
                                "failed password"; a phrase matches consecutive words
utctimestamp,       date        ISO-8601 (naive = UTC) or ``now-15m`` date math; a bare value is
receivedtimestamp,              that instant (microsecond precision)
timestamp
details.*           dynamic     typed by each event's JSON value: strings are keywords (exact,
                                case-sensitive), numbers and booleans are numbers and booleans.
                                A query value that looks like a number matches both the number and
                                the string (``details.port:22`` and ``details.port:"22"`` find 22
                                and "22"), because the same key may hold either type in different
                                events and OpenSearch keeps one mapping per key
details.<ip key>    address     a details key as above; a CIDR value (``10.0.0.0/8``,
                                ``2001:db8::/32``) matches the addresses in that network
==================  ==========  ===============================================================

Address keys are the direct keys of details that enrich's ipfixup canonicalizes (see
:func:`is_address_field`): named ``ip``, ending in ``ipaddress`` or ``_ip``, or one of
:data:`IP_KEYS`, in any case. Their values are canonical text (IPv4 dotted quad, IPv6 compressed
lower case), which is what a plain value matches exactly.

The default field (a value with no ``field:``) searches ``summary`` analyzed plus the keywords in
:data:`DEFAULT_KEYWORDS` exactly. It does not reach into details.*: no store can search every path
of a dynamic object cheaply; name the path (``details.username:alice``).
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from mozdef_common.errors import QueryError


class FieldKind(Enum):
    KEYWORD = "keyword"
    TEXT = "text"
    DATE = "date"
    DETAILS = "details"


KEYWORD_FIELDS: Final = (
    "id",
    "category",
    "source",
    "hostname",
    "processid",
    "processname",
    "severity",
    "eventsource",
    "tags",
)
TEXT_FIELDS: Final = ("summary",)
DATE_FIELDS: Final = ("utctimestamp", "receivedtimestamp", "timestamp")
DETAILS: Final = "details"
#: The indexed list of every path under details an event has: what ``_exists_:details.…`` looks up.
PATHS: Final = "_paths"
#: The numbers and dates under details again, in a column store: what ranges on ``details.…`` read.
DETAILS_RANGE: Final = "_details_range"
#: The date-like strings under details again, each behind :data:`DATE_STRING_MARK` so the index keeps
#: them as text: tantivy turns RFC 3339 strings of a JSON field into dates, which wildcards and
#: regexes (string matches) would otherwise never see.
DETAILS_DATE_STRINGS: Final = "_details_datestr"
DATE_STRING_MARK: Final = "\x02"
#: Keywords the default field matches exactly, beside analyzed ``summary``.
DEFAULT_KEYWORDS: Final = ("hostname", "category", "source", "processname", "tags")
#: Pseudo-field of ``_exists_:field``.
EXISTS_FIELD: Final = "_exists_"
#: Details keys holding one IP address besides ``ip``, ``*ipaddress`` and ``*_ip`` (lower case).
IP_KEYS: Final = frozenset(
    (
        "srcip",
        "dstip",
        "clientip",
        "remoteip",
        "remote_addr",
        "remoteaddr",
        "x-forwarded-for",
        "x_forwarded_for",
        "xforwardedfor",
        "forwarded_for",
    )
)

_KINDS: Final[dict[str, FieldKind]] = {
    **dict.fromkeys(KEYWORD_FIELDS, FieldKind.KEYWORD),
    **dict.fromkeys(TEXT_FIELDS, FieldKind.TEXT),
    **dict.fromkeys(DATE_FIELDS, FieldKind.DATE),
}


def field_kind(field: str) -> FieldKind:
    """The kind of a queryable field; :class:`QueryError` names a field no event can hold."""
    kind = _KINDS.get(field)
    if kind is not None:
        return kind
    if field == DETAILS or field.startswith(DETAILS + "."):
        if field == DETAILS or field.endswith(".") or ".." in field:
            raise QueryError(f"field {field!r}: name a path under details, like details.username")
        return FieldKind.DETAILS
    raise QueryError(f"unknown field {field!r}: events hold {', '.join(sorted(_KINDS))} and details.<path>")


def details_path(field: str) -> str:
    """``details.a.b`` -> ``a.b``."""
    return field[len(DETAILS) + 1 :]


def is_address_key(key: str) -> bool:
    """Whether a direct key of details names an IP address (the keys ipfixup canonicalizes)."""
    lowered = key.lower()
    return lowered == "ip" or lowered.endswith(("ipaddress", "_ip")) or lowered in IP_KEYS


def is_address_field(field: str) -> bool:
    """Whether ``field`` is ``details.<key>`` with an address key (where CIDR values apply)."""
    if not field.startswith(DETAILS + "."):
        return False
    key = details_path(field)
    return "." not in key and bool(key) and is_address_key(key)
