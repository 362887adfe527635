"""Where an address is: its scope, or its country (offline registry data), city and coordinates.

Country comes from the ``iptocc`` package, which ships the five Regional Internet Registries'
allocations inside its wheel: it works with no file and no network, and names the country a block was
*assigned* to. A MaxMind-format city database, when configured, says where a block is *used*, with the
city and coordinates: its country wins when it has one.
"""

from __future__ import annotations

import functools
import ipaddress
import logging
import math
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple, TypeGuard

import iptocc

from mozdef_common.geo import MaxMindDatabase
from mozdef_enrich.plugins.geoip_scope import address_scope

log = logging.getLogger(__name__)

#: ``country_code(address)``: an ISO 3166-1 alpha-2 code, or ``None``.
CountryLookup = Callable[[str], "str | None"]


class Place(NamedTuple):
    """What is known of one address: ``scope`` for the ranges that are never looked up (see
    :mod:`.geoip_scope`), else ``geolocation`` (``None`` when nothing is known)."""

    scope: str | None
    geolocation: Mapping[str, str | float] | None


_NOT_AN_ADDRESS = Place(None, None)


class Locator:
    """Looks addresses up, remembering the last ``cache_size`` answers (the same addresses repeat).

    A lookup that fails (a corrupt database, an error in a library) answers what the other source
    knows, is logged, and counted in :attr:`failures`: it never raises.
    """

    def __init__(
        self,
        database: MaxMindDatabase | None = None,
        *,
        country: CountryLookup = iptocc.country_code,
        cache_size: int = 65_536,
    ) -> None:
        self.database = database
        self._country = country
        self.failures = 0
        self.locate: Callable[[str], Place] = functools.lru_cache(maxsize=cache_size)(self._locate)

    def cache_info(self) -> Any:
        """``hits``, ``misses``, ``maxsize`` and ``currsize`` of the cache (``functools`` counters)."""
        return self.locate.cache_info()  # type: ignore[attr-defined]

    def _locate(self, text: str) -> Place:
        try:
            address = ipaddress.ip_address(text)
        except ValueError:
            return _NOT_AN_ADDRESS
        scope = address_scope(address)
        if scope is not None:
            return Place(scope, None)
        found: dict[str, str | float] = {}
        if self.database is not None:
            try:
                found = geolocation_from_record(self.database.record(text))
            except Exception as exc:  # any reader error: the country below still answers
                self._failed("the GeoIP database", text, exc)
        if "country_code" not in found:
            try:
                code = self._country(text)
            except Exception as exc:  # a library error must not reach the event
                self._failed("iptocc", text, exc)
                code = None
            if code:
                found["country_code"] = code
        return Place(None, found or None)

    def _failed(self, source: str, text: str, exc: Exception) -> None:
        self.failures += 1
        # The first failure is worth a warning; the rest would flood the log (one per new address).
        level = logging.WARNING if self.failures == 1 else logging.DEBUG
        log.log(level, "geoip: %s failed on %s: %r (failures so far: %d)", source, text, exc, self.failures)


def geolocation_from_record(record: Mapping[str, Any] | None) -> dict[str, str | float]:
    """The event's ``geolocation`` fields found in a MaxMind City (or Country) record.

    ``country_code``, ``country_name``, ``city``, ``latitude``, ``longitude``, ``continent``: each only
    when the record has it (English names). ``country`` is where the network is used; when a record
    lacks it (anycast, satellite), ``registered_country`` stands in.
    """
    if not record:
        return {}
    found: dict[str, str | float] = {}
    country = _object(record, "country") or _object(record, "registered_country")
    _put_text(found, "country_code", country.get("iso_code"))
    _put_text(found, "country_name", _object(country, "names").get("en"))
    _put_text(found, "city", _object(_object(record, "city"), "names").get("en"))
    location = _object(record, "location")
    lat, lon = location.get("latitude"), location.get("longitude")
    if _is_coordinate(lat, 90) and _is_coordinate(lon, 180):
        found["latitude"], found["longitude"] = float(lat), float(lon)
    _put_text(found, "continent", _object(record, "continent").get("code"))
    return found


def _object(record: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = record.get(key)
    return value if isinstance(value, Mapping) else {}


def _put_text(found: dict[str, str | float], key: str, value: Any) -> None:
    if isinstance(value, str) and value:
        found[key] = value


def _is_coordinate(value: Any, limit: float) -> TypeGuard[int | float]:
    # bool is an int: a corrupt record's true must not become latitude 1.0
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and -limit <= value <= limit
    )
