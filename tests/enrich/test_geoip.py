"""GeoIP: countries offline, cities from a MaxMind-format database the test builds, scopes, the cache."""

from __future__ import annotations

import ipaddress
from importlib.metadata import EntryPoint
from pathlib import Path
from typing import Any

import maxminddb
import orjson
import pytest

from mozdef_common.geo import MaxMindDatabase
from mozdef_enrich.plugins.geoip import GeoIP, geo_prefix
from mozdef_enrich.plugins.geoip_lookup import Locator, geolocation_from_record
from mozdef_enrich.plugins.geoip_scope import SCOPES, address_scope
from mozdef_enrich.plugins.ipfixup import IPFixup
from mozdef_enrich.plugins.registry import load_plugins
from mozdef_enrich.settings import EnrichSettings
from tests.support import mmdb

from .support import run
from .test_geoip_mmdb import AMSTERDAM, ISLINGTON, LONDON

# A network the database knows only the city of: its country comes from the registries (iptocc).
MILTON = {"city": {"names": {"en": "Milton"}}, "location": {"latitude": 47.2513, "longitude": -122.3149}}
NETWORKS = [
    ("81.2.69.0/24", LONDON),
    ("81.2.69.160/27", ISLINGTON),
    ("2001:67c:2e8::/48", AMSTERDAM),
    ("216.160.83.56/29", MILTON),
]
LONDON_GEO = {
    "country_code": "GB",
    "country_name": "United Kingdom",
    "city": "London",
    "latitude": 51.5142,
    "longitude": -0.0931,
    "continent": "EU",
}


@pytest.fixture
def settings(tmp_path: Path) -> EnrichSettings:
    path = mmdb.write(tmp_path / "city.mmdb", NETWORKS)
    return EnrichSettings(data_dir=tmp_path, geoip_db=path, geoip_cache_size=128)


def enrich(details: dict[str, Any], plugin: GeoIP) -> dict[str, Any]:
    # Through the pipeline, with ipfixup before it as in production.
    event: dict[str, Any] = run({"summary": "x", "details": details}, IPFixup(), plugin)
    return event


# -- countries offline (iptocc), no database


@pytest.mark.parametrize(
    ("address", "country"),
    [
        ("8.8.8.8", "US"),
        ("193.0.6.139", "NL"),
        ("1.0.16.1", "JP"),
        ("133.0.0.1", "JP"),
        ("2001:4860:4860::8888", "US"),
        ("2001:67c:2e8::1", "NL"),
    ],
)
def test_country_out_of_the_box(address: str, country: str) -> None:
    event = enrich({"sourceipaddress": address}, GeoIP())
    assert event["details"]["sourceipgeolocation"] == {"country_code": country}
    assert "sourceipgeopoint" not in event["details"]  # no coordinates without a database
    assert event["tags"] == []


def test_every_address_key_is_enriched() -> None:
    details = {
        "destinationipaddress": "8.8.8.8",
        "srcip": "193.0.6.139",
        "client_ip": "1.0.16.1",
        "ip": "8.8.4.4",
    }
    got = enrich(details, GeoIP())["details"]
    assert got["destinationipgeolocation"] == {"country_code": "US"}
    assert got["srcipgeolocation"] == {"country_code": "NL"}
    assert got["client_ipgeolocation"] == {"country_code": "JP"}
    assert got["ipgeolocation"] == {"country_code": "US"}


def test_geo_prefix() -> None:
    assert geo_prefix("sourceipaddress") == "sourceip"
    assert geo_prefix("SourceIpAddress") == "SourceIp"
    assert geo_prefix("srcip") == "srcip"
    assert geo_prefix("remote_addr") == "remote_addr"


# -- city and coordinates from the database


def test_city_from_the_database(settings: EnrichSettings) -> None:
    got = enrich({"sourceipaddress": "81.2.69.142", "destinationipaddress": "81.2.69.170"}, GeoIP(settings))
    details = got["details"]
    assert details["sourceipgeolocation"] == LONDON_GEO
    assert details["sourceipgeopoint"] == "51.5142,-0.0931"
    # The /27 inside London's /24 has only a city and coordinates: the registries give the country.
    assert details["destinationipgeolocation"] == {
        "city": "Islington",
        "latitude": 51.5362,
        "longitude": -0.1033,
        "country_code": "GB",
    }
    assert details["destinationipgeopoint"] == "51.5362,-0.1033"


def test_ipv6(settings: EnrichSettings) -> None:
    # Given with brackets and a port: ipfixup makes it canonical first.
    details = enrich({"sourceipaddress": "[2001:67C:2E8:22::C100:68B]:443"}, GeoIP(settings))["details"]
    assert details["sourceipaddress"] == "2001:67c:2e8:22::c100:68b"
    assert details["sourceipgeolocation"] == {
        "country_code": "NL",
        "country_name": "Netherlands",
        "city": "Amsterdam",
        "latitude": 52.3759,
        "longitude": 4.8975,
    }
    assert details["sourceipgeopoint"] == "52.3759,4.8975"


def test_ipv4_mapped_ipv6(settings: EnrichSettings) -> None:
    details = enrich({"sourceipaddress": "::ffff:81.2.69.142"}, GeoIP(settings))["details"]
    assert details["sourceipgeolocation"] == LONDON_GEO


def test_an_address_the_database_lacks_still_gets_its_country(settings: EnrichSettings) -> None:
    details = enrich({"sourceipaddress": "8.8.8.8"}, GeoIP(settings))["details"]
    assert details["sourceipgeolocation"] == {"country_code": "US"}


def test_the_databases_country_wins(tmp_path: Path) -> None:
    # Registries say where a block was assigned, the database where it is used.
    path = mmdb.write(tmp_path / "moved.mmdb", [("8.8.8.0/24", {"country": {"iso_code": "CH"}})])
    plugin = GeoIP(EnrichSettings(data_dir=tmp_path, geoip_db=path))
    assert enrich({"sourceipaddress": "8.8.8.8"}, plugin)["details"]["sourceipgeolocation"] == {
        "country_code": "CH"
    }


def test_a_country_database(tmp_path: Path) -> None:
    record = {
        "registered_country": {"iso_code": "SE", "names": {"en": "Sweden"}},
        "continent": {"code": "EU"},
    }
    path = mmdb.write(
        tmp_path / "country.mmdb", [("89.160.20.0/24", record)], database_type="GeoLite2-Country"
    )
    plugin = GeoIP(EnrichSettings(data_dir=tmp_path, geoip_db=path))
    assert enrich({"sourceipaddress": "89.160.20.113"}, plugin)["details"]["sourceipgeolocation"] == {
        "country_code": "SE",
        "country_name": "Sweden",
        "continent": "EU",
    }


@pytest.mark.parametrize(
    ("record", "want"),
    [
        (None, {}),
        ({}, {}),
        ({"city": "not an object", "location": {"latitude": "51", "longitude": 0.1}}, {}),
        ({"location": {"latitude": True, "longitude": False}}, {}),
        ({"location": {"latitude": 91.0, "longitude": 0.0}}, {}),
        ({"location": {"latitude": float("nan"), "longitude": 0.0}}, {}),
        ({"location": {"latitude": 0, "longitude": 0}}, {"latitude": 0.0, "longitude": 0.0}),
        ({"country": {"iso_code": ""}, "city": {"names": {"fr": "Londres"}}}, {}),
    ],
)
def test_odd_records(record: dict[str, Any] | None, want: dict[str, Any]) -> None:
    assert geolocation_from_record(record) == want


# -- ranges that are never looked up


@pytest.mark.parametrize(
    ("address", "scope"),
    [
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("172.31.255.255", "private"),
        ("192.168.1.1", "private"),
        ("100.64.0.1", "private"),
        ("fd00::1", "private"),
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("169.254.169.254", "link-local"),
        ("fe80::1", "link-local"),
        ("fe80::1%eth0", "link-local"),
        ("224.0.0.251", "multicast"),
        ("ff02::fb", "multicast"),
        ("0.0.0.0", "reserved"),
        ("192.0.2.1", "reserved"),
        ("198.51.100.7", "reserved"),
        ("203.0.113.9", "reserved"),
        ("198.18.0.1", "reserved"),
        ("255.255.255.255", "reserved"),
        ("240.0.0.1", "reserved"),
        ("::", "reserved"),
        ("2001:db8::1", "reserved"),
        ("::ffff:10.0.0.1", "private"),
        ("172.32.0.1", None),
        ("8.8.8.8", None),
        ("2001:4860:4860::8888", None),
    ],
)
def test_address_scope(address: str, scope: str | None) -> None:
    assert address_scope(ipaddress.ip_address(address)) == scope


def test_private_ranges_are_tagged_not_looked_up(settings: EnrichSettings) -> None:
    plugin = GeoIP(settings)
    details = {
        "sourceipaddress": "10.0.0.5",
        "destinationipaddress": "fe80::1",
        "srcip": "192.168.0.9",
        "dstip": "8.8.8.8",
    }
    event = enrich(details, plugin)
    got = event["details"]
    assert got["sourceipaddress_scope"] == "private"
    assert got["destinationipaddress_scope"] == "link-local"
    assert got["srcip_scope"] == "private"
    assert event["tags"] == ["private-address", "link-local-address"]  # once each
    for prefix in ("sourceip", "destinationip", "srcip"):
        assert prefix + "geolocation" not in got
        assert prefix + "geopoint" not in got
    assert got["dstipgeolocation"] == {"country_code": "US"}
    assert "dstip_scope" not in got
    assert plugin.locator.failures == 0
    assert set(SCOPES) == {"private", "loopback", "link-local", "multicast", "reserved"}


def test_what_is_not_an_address_is_left_alone() -> None:
    # Without ipfixup, values it would have moved to <key>_invalid reach the plugin.
    details = {"sourceipaddress": "unknown", "ip": "999.1.1.1", "username": "8.8.8.8", "srcip": 8}
    event = run({"summary": "x", "details": details}, GeoIP())
    assert event["details"] == details
    assert event["tags"] == []


def test_running_again_changes_nothing(settings: EnrichSettings) -> None:
    plugin = GeoIP(settings)
    first = enrich({"sourceipaddress": "81.2.69.142", "destinationipaddress": "10.0.0.1"}, plugin)
    again = plugin.on_event(orjson.loads(orjson.dumps(first)), {})
    assert again == first


# -- the cache


def test_lookups_are_cached() -> None:
    locator = Locator(cache_size=2)
    first = locator.locate("8.8.8.8")
    assert locator.locate("8.8.8.8") is first
    assert (locator.cache_info().hits, locator.cache_info().misses) == (1, 1)
    locator.locate("193.0.6.139")
    locator.locate("1.0.16.1")  # the least recently used, 8.8.8.8, goes
    locator.locate("8.8.8.8")
    info = locator.cache_info()
    assert (info.hits, info.misses, info.currsize, info.maxsize) == (1, 4, 2, 2)


def test_events_share_the_cache_not_the_answers(settings: EnrichSettings) -> None:
    plugin = GeoIP(settings)
    first = enrich({"sourceipaddress": "81.2.69.142"}, plugin)
    second = enrich({"sourceipaddress": "81.2.69.142", "destinationipaddress": "10.0.0.1"}, plugin)
    assert (plugin.locator.cache_info().hits, plugin.locator.cache_info().misses) == (1, 2)
    # A later plugin changing one event's geolocation changes neither the cache nor other events.
    first["details"]["sourceipgeolocation"]["city"] = "Changed by a later plugin"
    assert second["details"]["sourceipgeolocation"] == LONDON_GEO
    third = enrich({"sourceipaddress": "81.2.69.142"}, plugin)
    assert third["details"]["sourceipgeolocation"] == LONDON_GEO


def test_no_cache() -> None:
    locator = Locator(cache_size=0)
    locator.locate("8.8.8.8")
    locator.locate("8.8.8.8")
    assert (locator.cache_info().hits, locator.cache_info().misses) == (0, 2)


# -- failures never fail the event


def corrupt_database(tmp_path: Path) -> Path:
    """A database whose record for 81.2.69.0/24 holds a type number the format does not have."""
    path = mmdb.write(tmp_path / "corrupt.mmdb", NETWORKS)
    with maxminddb.open_database(str(path)) as reader:
        start = reader.metadata().node_count * 6 + 16  # 24-bit records: 6 bytes a node, then 16 zeros
    data = bytearray(path.read_bytes())
    data[start : start + 2] = b"\x00\xff"  # extended type 7 + 255
    path.write_bytes(bytes(data))
    return path


def test_a_corrupt_database_leaves_the_country(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    plugin = GeoIP(EnrichSettings(data_dir=tmp_path, geoip_db=corrupt_database(tmp_path)))
    event = enrich({"sourceipaddress": "81.2.69.142", "destinationipaddress": "81.2.69.143"}, plugin)
    assert event["details"]["sourceipgeolocation"] == {"country_code": "GB"}
    assert event["details"]["destinationipgeolocation"] == {"country_code": "GB"}
    assert event["mozdef"].get("errors") is None
    assert plugin.locator.failures == 2
    warnings = [record for record in caplog.records if record.levelname == "WARNING"]
    assert len(warnings) == 1  # the first failure; the others are counted, not logged loudly
    assert "81.2.69.142" in warnings[0].getMessage()


def test_a_failing_country_lookup(tmp_path: Path) -> None:
    def broken(address: str) -> str | None:
        raise RuntimeError("registry data unreadable")

    database = MaxMindDatabase(corrupt_database(tmp_path))
    try:
        locator = Locator(database, country=broken)
        assert locator.locate("81.2.69.142") == (None, None)
        assert locator.locate("216.160.83.57").geolocation == {
            "city": "Milton",
            "latitude": 47.2513,
            "longitude": -122.3149,
        }
        assert locator.failures == 3
    finally:
        database.close()


# -- registration


def entry_point() -> EntryPoint:
    return EntryPoint(name="geoip", value="mozdef_enrich.plugins.geoip:GeoIP", group="mozdef.enrich")


def test_registers_through_its_entry_point(settings: EnrichSettings) -> None:
    loaded = load_plugins(settings, eps=[entry_point()])
    assert loaded.errors == ()
    [registered] = loaded.plugins
    assert (registered.name, registered.priority, registered.keeps_schema) == ("geoip", 35, True)
    assert isinstance(registered.plugin, GeoIP)
    assert registered.plugin.locator.database is not None


def test_an_unreadable_database_stops_the_plugin_by_name(tmp_path: Path) -> None:
    settings = EnrichSettings(data_dir=tmp_path, geoip_db=tmp_path / "missing.mmdb")
    loaded = load_plugins(settings, eps=[entry_point()])
    assert loaded.plugins == ()
    [error] = loaded.errors
    assert "geoip" in str(error)
    assert "missing.mmdb" in str(error)
