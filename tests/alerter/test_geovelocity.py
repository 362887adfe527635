"""Geo-velocity: the same user from places too far apart for the time between."""

from __future__ import annotations

import orjson

from mozdef_alerter.geo import Location, distance_km, location_from_record
from tests.alerter.conftest import Parts, read_topic
from tests.alerter.helpers import at, engine, messages
from tests.support.events import make_event

RULE = """\
id: impossible-travel
name: Impossible travel
type: geovelocity
summary: "{details.username} travelled too fast"
query: details.action:login
"""

# MaxMind city records, as the database holds them.
RECORDS = {
    "198.51.100.1": {
        "city": {"names": {"en": "Paris"}},
        "country": {"iso_code": "FR"},
        "location": {"latitude": 48.8566, "longitude": 2.3522},
    },
    "198.51.100.2": {
        "city": {"names": {"en": "Tokyo"}},
        "country": {"iso_code": "JP"},
        "location": {"latitude": 35.6762, "longitude": 139.6503},
    },
    "198.51.100.3": {
        "city": {"names": {"en": "Versailles"}},
        "country": {"iso_code": "FR"},
        "location": {"latitude": 48.8049, "longitude": 2.1204},
    },
}


class DictReader:
    """A GeoReader over records of a real dict (what MaxMindReader gets from the database)."""

    def locate(self, ip: str) -> Location | None:
        return location_from_record(RECORDS.get(ip))

    def close(self) -> None:
        pass


def login(user: str, ip: str, minute: float) -> dict[str, object]:
    return make_event(
        utctimestamp=at(minute), details={"action": "login", "username": user, "sourceipaddress": ip}
    )


def test_distance() -> None:
    paris, tokyo = DictReader().locate("198.51.100.1"), DictReader().locate("198.51.100.2")
    assert paris is not None
    assert tokyo is not None
    assert 9700 < distance_km(paris, tokyo) < 9750


async def test_too_fast_between_far_places_raises(parts: Parts) -> None:
    stream = engine(parts, RULE, geo=DictReader())
    await stream.handle(messages(login("ann", "198.51.100.1", 0), login("bob", "198.51.100.1", 0)))
    await stream.handle(
        messages(
            login("ann", "198.51.100.2", 60),  # Paris → Tokyo in an hour
            login("bob", "198.51.100.3", 1),  # Paris → Versailles: closer than min_km
            login("cy", "192.0.2.1", 1),  # unknown address: ignored
        )
    )
    alerts = [orjson.loads(m.value) for m in await read_topic(parts.bus, 1)]
    assert [(a["summary"], a["group"]) for a in alerts] == [
        ("ann travelled too fast", {"details.username": "ann"})
    ]
    assert [ref["utctimestamp"] for ref in alerts[0]["events"]] == [at(0), at(60)]


async def test_slow_enough_travel_is_fine(parts: Parts) -> None:
    stream = engine(parts, RULE, geo=DictReader())
    await stream.handle(messages(login("dee", "198.51.100.1", 0)))
    await stream.handle(messages(login("dee", "198.51.100.2", 60 * 13)))  # 13 hours: ~750 km/h
    assert await read_topic(parts.bus, 0) == []
