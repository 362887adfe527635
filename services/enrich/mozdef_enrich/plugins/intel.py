"""Intel: tag events that hold a value from the watchlist, the blocklist or an indicator feed.

Sources (reloaded in the background by :class:`.intel_loader.IntelLoader`, never per event):

* the state store lists named by ``MOZDEF_INTEL_LISTS`` (``watchlist`` and ``blocklist``): their unexpired
  entries of every type; an entry stops matching the moment it expires;
* the feed files of ``MOZDEF_INTEL_DIR`` (formats in :mod:`.intel_feeds`).

Fields checked, among the direct keys of ``details`` (key case ignored, string values only):

* addresses: the keys ipfixup treats as addresses (``sourceipaddress``, ``*_ip``, ``srcip`` …), against
  ``ip`` and ``cidr`` indicators (containment);
* hosts: ``hostname``, ``host``, ``domain``, ``query``, ``destination``, a URL's or ``host:port``'s host
  part, lower case without the trailing dot, against ``domain`` indicators for the name and each parent
  domain (``*.example.org`` matches subdomains only), or against addresses when the host is one;
* users: ``username``, ``user``, ``targetusername``, case-insensitive, ``DOMAIN\\name`` also as ``name``;
* hashes: ``hashes`` and ``hash`` (Sysmon's ``SHA256=…,MD5=…``, a bare digest, or an object of
  algorithm to digest), ``md5``, ``sha1``, ``sha256``, ``sha512``.

A match adds the tag ``watchlist``, ``blocklist`` (list entries) or ``intel`` (feeds), once each, and
``details.intel_matches``, a list (at most :data:`MAX_MATCHES`) of objects whose values are all strings::

    {"field": "details.sourceipaddress",   # where the event holds the value
     "value": "203.0.113.7",               # the value as the event holds it (one digest of "hashes")
     "indicator": "203.0.113.0/24",        # the listed value that matched (a network, a parent domain …)
     "type": "ip" | "cidr" | "domain" | "user" | "hash",
     "list": "watchlist" | "blocklist"     # or "feed": "<file name>", exactly one of the two
     "source": "…", "reason": "…"          # list entries, when set
     "source": "…", "confidence": "…", "description": "…"}   # CSV feed columns, when set

An event without a match is left exactly as it was (a ``details.intel_matches`` it came with stays).
"""

from __future__ import annotations

import socket
from collections.abc import Mapping
from typing import Any, Final

from mozdef_common.event import utc_iso
from mozdef_common.state import open_state_store
from mozdef_common.types import Event
from mozdef_enrich.plugins.intel_index import Indicator, IntelIndex
from mozdef_enrich.plugins.intel_loader import Clock, IntelLoader, OpenStore, utcnow
from mozdef_enrich.plugins.ipfixup import is_ip_key
from mozdef_enrich.settings import EnrichSettings

MAX_MATCHES: Final = 50
_HOST_KEYS: Final = frozenset(("hostname", "host", "domain", "query", "destination"))
_USER_KEYS: Final = frozenset(("username", "user", "targetusername"))
_HASHES_KEYS: Final = frozenset(("hashes", "hash"))
_ALGORITHMS: Final = frozenset(("md5", "sha1", "sha256", "sha512"))
# Kinds of details keys: "" means "not checked". Keys repeat across events: classify each once.
_KINDS: dict[str, str] = {}
_KINDS_MAX: Final = 10_000

Found = list[tuple[Indicator, str, str]]


class Intel:
    name = "intel"
    # After the parsers and ipfixup (30), so addresses are canonical and parsed fields are there.
    priority = 60
    keeps_schema = True  # adds only lists of objects of strings, and tags
    registration = ("*",)

    def __init__(
        self,
        settings: EnrichSettings | None = None,
        *,
        open_store: OpenStore = open_state_store,
        clock: Clock = utcnow,
        start: bool = True,
    ) -> None:
        self.loader = IntelLoader(settings or EnrichSettings(), open_store=open_store, clock=clock)
        if start and (self.loader.lists or self.loader.feeds is not None):
            self.loader.start()

    def close(self) -> None:
        """Stop reloading (tests, and embedders that build plugins themselves)."""
        self.loader.close()

    def on_event(self, event: Event, meta: Mapping[str, Any]) -> Event:
        index = self.loader.index  # one read: a reload swaps the whole index, never half of it
        if not index:
            return event
        details = event["details"]
        found: Found = []
        for key, value in details.items():
            kind = _KINDS.get(key)
            if kind is None:
                kind = _kind_of(key)
            if kind:
                _lookup(index, kind, key, value, found)
        if found:
            _record(event, details, found, self.loader.clock)
        return event


def _kind_of(key: str) -> str:
    lowered = key.lower()
    if lowered in _HOST_KEYS:
        kind = "host"
    elif lowered in _USER_KEYS:
        kind = "user"
    elif lowered in _HASHES_KEYS:
        kind = "hashes"
    elif lowered in _ALGORITHMS:
        kind = "digest"
    elif is_ip_key(key):
        kind = "ip"
    else:
        kind = ""
    if len(_KINDS) >= _KINDS_MAX:
        _KINDS.clear()  # keys come from shippers: bound the memory they can take
    _KINDS[key] = kind
    return kind


def _lookup(index: IntelIndex, kind: str, key: str, value: Any, found: Found) -> None:
    field = "details." + key
    if kind == "hashes" and type(value) is dict:
        for algorithm, digest in value.items():
            if type(digest) is str and algorithm.lower() in _ALGORITHMS:
                _add(index.digest(digest.strip()), field, digest, found)
        return
    if type(value) is not str or not value:
        return
    if kind == "ip":
        packed = packed_address(value)
        if packed is not None:
            _add(index.address(packed), field, value, found)
    elif kind == "host":
        host = host_of(value)
        packed = packed_address(host)
        hits = index.address(packed) if packed is not None else index.domain(host)
        _add(hits, field, value, found)
    elif kind == "user":
        _add(index.user(value.strip()), field, value, found)
    elif kind == "digest":
        _add(index.digest(value.strip()), field, value, found)
    elif "=" in value:  # Sysmon: "SHA1=…,MD5=…,SHA256=…,IMPHASH=…"
        for part in value.split(","):
            algorithm, _, digest = part.partition("=")
            if algorithm.strip().lower() in _ALGORITHMS:
                digest = digest.strip()
                _add(index.digest(digest), field, digest, found)
    else:
        _add(index.digest(value.strip()), field, value, found)


def _add(hits: tuple[Indicator, ...], field: str, value: str, found: Found) -> None:
    for indicator in hits:
        found.append((indicator, field, value))


def _record(event: Event, details: dict[str, Any], found: Found, clock: Clock) -> None:
    now: str | None = None
    matches: list[dict[str, str]] = []
    seen: set[tuple[int, str]] = set()
    tags: list[str] = []
    for indicator, field, value in found:
        if indicator.expires is not None:
            now = now or utc_iso(clock())  # the clock is read only when a listed entry can expire
            if indicator.expires <= now:
                continue
        key = (id(indicator), field)
        if key in seen:  # one indicator matched twice at one field (a network holding itself …)
            continue
        seen.add(key)
        matches.append(indicator.match(field, value))
        tag = indicator.tag()
        if tag not in tags:
            tags.append(tag)
        if len(matches) >= MAX_MATCHES:
            break
    if not matches:
        return
    details["intel_matches"] = matches
    event_tags = event["tags"]
    for tag in tags:
        if tag not in event_tags:
            event_tags.append(tag)


def packed_address(text: str) -> bytes | None:
    """The 4 or 16 bytes of an IPv4 or IPv6 address (IPv4-mapped IPv6 as IPv4), or ``None``."""
    try:
        return socket.inet_pton(socket.AF_INET, text)
    except OSError:
        pass
    if ":" not in text:
        return None
    try:
        packed = socket.inet_pton(socket.AF_INET6, text)
    except OSError:
        return None
    return packed[12:] if packed.startswith(b"\x00" * 10 + b"\xff\xff") else packed


def host_of(text: str) -> str:
    """The host part of a URL, ``host:port``, ``[v6]:port`` or bare name: lower case, no trailing dot."""
    host = text.strip()
    scheme = host.find("://")
    if scheme >= 0:
        host = host[scheme + 3 :]
    for stop in "/?#":
        cut = host.find(stop)
        if cut >= 0:
            host = host[:cut]
    host = host.rpartition("@")[2]  # user:password@host
    if host.startswith("["):  # [2001:db8::1]:443
        host = host[1:].partition("]")[0]
    elif host.count(":") == 1:  # host:port (an IPv6 address has at least two colons)
        host = host.partition(":")[0]
    return host.rstrip(".").lower()
