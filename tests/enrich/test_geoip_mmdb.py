"""The test MaxMind DB writer against the real reader, and the reader the stages share."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import maxminddb
import pytest

from mozdef_alerter.geo import Location, MaxMindReader
from mozdef_common.errors import ConfigError
from mozdef_common.geo import MaxMindDatabase
from tests.support import mmdb

LONDON = {
    "city": {"geoname_id": 2643743, "names": {"en": "London", "fr": "Londres"}},
    "continent": {"code": "EU", "names": {"en": "Europe"}},
    "country": {"iso_code": "GB", "names": {"en": "United Kingdom"}},
    "location": {
        "accuracy_radius": 10,
        "latitude": 51.5142,
        "longitude": -0.0931,
        "time_zone": "Europe/London",
    },
}
ISLINGTON = {"city": {"names": {"en": "Islington"}}, "location": {"latitude": 51.5362, "longitude": -0.1033}}
AMSTERDAM = {
    "city": {"names": {"en": "Amsterdam"}},
    "country": {"iso_code": "NL", "names": {"en": "Netherlands"}},
    "location": {"latitude": 52.3759, "longitude": 4.8975},
}
NETWORKS = [("81.2.69.0/24", LONDON), ("81.2.69.160/27", ISLINGTON), ("2001:67c:2e8::/48", AMSTERDAM)]
MODES = {"C extension": maxminddb.MODE_MMAP_EXT, "pure Python": maxminddb.MODE_MEMORY}


@pytest.mark.parametrize("record_size", [24, 28, 32])
@pytest.mark.parametrize("mode", MODES.values(), ids=list(MODES))
def test_the_reader_finds_each_network(tmp_path: Path, record_size: int, mode: int) -> None:
    path = mmdb.write(tmp_path / "city.mmdb", NETWORKS, record_size=record_size)
    with maxminddb.open_database(str(path), mode) as reader:
        assert reader.get("81.2.69.142") == LONDON
        assert reader.get("81.2.69.0") == LONDON
        assert reader.get("81.2.69.255") == LONDON
        assert reader.get_with_prefix_len("81.2.69.170") == (ISLINGTON, 27)  # the narrower network wins
        assert reader.get("81.2.70.1") is None
        assert reader.get("2001:67c:2e8:22::c100:68b") == AMSTERDAM
        assert reader.get("2001:67c:2e9::1") is None
        metadata = reader.metadata()
        assert (metadata.ip_version, metadata.record_size, metadata.database_type) == (
            6,
            record_size,
            "MozDef-Test-City",
        )
        assert metadata.languages == ["en"]


def test_an_ipv4_database(tmp_path: Path) -> None:
    path = mmdb.write(tmp_path / "v4.mmdb", NETWORKS[:2], ip_version=4)
    with maxminddb.open_database(str(path)) as reader:
        assert reader.metadata().ip_version == 4
        assert reader.get("81.2.69.1") == LONDON
        with pytest.raises(ValueError, match="IPv6"):
            reader.get("2001:67c:2e8::1")


@pytest.mark.parametrize("mode", MODES.values(), ids=list(MODES))
def test_every_value_type_reads_back(tmp_path: Path, mode: int) -> None:
    record: dict[str, Any] = {
        "small": 7,
        "zero": 0,
        "wide": 2**40,
        "huge": 2**100,
        "negative": -5,
        "yes": True,
        "no": False,
        "double": 3.25,
        "text": "é" * 200,  # sizes past 28 and 284 bytes take extra size bytes
        "long": "x" * 70_000,
        "raw": b"\x00\x01",
        "list": [1, "two", [3.0], {"four": 4}],
        "empty": {},
    }
    path = mmdb.write(tmp_path / "types.mmdb", [("89.160.20.0/24", record)])
    with maxminddb.open_database(str(path), mode) as reader:
        found = reader.get("89.160.20.113")
    assert isinstance(found, dict)
    assert isinstance(found["raw"], bytes | bytearray)  # the C reader gives a bytearray
    assert {**found, "raw": bytes(found["raw"])} == record


def test_the_writer_refuses_what_it_cannot_store() -> None:
    with pytest.raises(ValueError, match="narrower"):
        mmdb.build([("81.2.69.160/27", ISLINGTON), ("81.2.69.0/24", LONDON)])
    with pytest.raises(ValueError, match="IPv6 network in an IPv4"):
        mmdb.build([("2001:db8::/32", {})], ip_version=4)
    with pytest.raises(TypeError):
        mmdb.build([("81.2.69.0/24", {"when": object()})])


def test_the_shared_reader(tmp_path: Path) -> None:
    database = MaxMindDatabase(mmdb.write(tmp_path / "city.mmdb", NETWORKS))
    try:
        assert database.database_type == "MozDef-Test-City"
        assert database.record("81.2.69.142") == LONDON
        assert database.record("2001:67c:2e8::1") == AMSTERDAM
        assert database.record("8.8.8.8") is None
        assert database.record("not an address") is None
    finally:
        database.close()


def test_both_stages_read_through_it(tmp_path: Path) -> None:
    reader = MaxMindReader(mmdb.write(tmp_path / "city.mmdb", NETWORKS))
    try:
        assert reader.locate("81.2.69.142") == Location(51.5142, -0.0931, "London", "GB")
        assert reader.locate("8.8.8.8") is None
        assert reader.locate("garbage") is None
    finally:
        reader.close()


@pytest.mark.parametrize("content", [None, b"", b"not a database at all"], ids=["missing", "empty", "text"])
def test_a_database_that_cannot_be_read_names_the_file(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "city.mmdb"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(ConfigError, match=r"city\.mmdb"):
        MaxMindDatabase(path)
