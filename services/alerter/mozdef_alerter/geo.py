"""Geo-velocity, the pure part: where an address is, and whether a user travelled impossibly fast.

Locations come from a :class:`GeoReader`; :class:`MaxMindReader` reads a city-level MaxMind-format
database (``MOZDEF_GEOIP_DB``) through the reader the stages share (:mod:`mozdef_common.geo`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from mozdef_common.geo import MaxMindDatabase

EARTH_RADIUS_KM = 6371.0088


@dataclass(frozen=True, slots=True)
class Location:
    latitude: float
    longitude: float
    city: str = ""
    country: str = ""


class GeoReader(Protocol):
    """Where an IP address is; None when the database does not know it (private, unknown)."""

    def locate(self, ip: str) -> Location | None: ...

    def close(self) -> None: ...


def distance_km(a: Location, b: Location) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat = lat2 - lat1
    dlon = math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))


def too_fast(
    a: Location, a_us: int, b: Location, b_us: int, *, max_kph: float, min_km: float
) -> float | None:
    """The speed (km/h) between two sightings when it is impossible, else None.

    Sightings closer than ``min_km`` never are (address geolocation is that imprecise); two far
    apart at the same instant are (infinite speed).
    """
    km = distance_km(a, b)
    if km < min_km:
        return None
    hours = abs(b_us - a_us) / 3_600_000_000
    speed = math.inf if hours == 0 else km / hours
    return speed if speed > max_kph else None


def location_from_record(record: Any) -> Location | None:
    """A MaxMind city record (a dict) as a :class:`Location`."""
    if not isinstance(record, dict):
        return None
    where = record.get("location") or {}
    lat, lon = where.get("latitude"), where.get("longitude")
    if not isinstance(lat, (int, float)) or not isinstance(lon, (int, float)):
        return None
    city = ((record.get("city") or {}).get("names") or {}).get("en", "")
    country = (record.get("country") or {}).get("iso_code", "")
    return Location(float(lat), float(lon), str(city), str(country))


class MaxMindReader:
    """A MaxMind-format city database (the shared :class:`~mozdef_common.geo.MaxMindDatabase`)."""

    def __init__(self, path: Path) -> None:
        self._database = MaxMindDatabase(path)

    def locate(self, ip: str) -> Location | None:
        return location_from_record(self._database.record(ip))

    def close(self) -> None:
        self._database.close()
