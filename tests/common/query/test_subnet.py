"""Networks (CIDR) on address fields: parsing, the regex over canonical text, and the embedded store."""

from __future__ import annotations

import ipaddress
import re
import socket

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from mozdef_common.errors import QueryError, QuerySyntaxError
from mozdef_common.query.ast import Bool, Subnet, Term
from mozdef_common.query.build import subnet
from mozdef_common.query.cidr_regex import network_regex
from mozdef_common.query.fields import is_address_field
from mozdef_common.query.parser import parse_query
from mozdef_common.store.tantivy_store import TantivyEventStore
from tests.support.events import make_event
from tests.support.store import ids

SRC = "details.sourceipaddress"


@pytest.mark.parametrize(
    ("field", "expected"),
    [
        (SRC, True),
        ("details.destinationipaddress", True),
        ("details.SourceIPAddress", True),
        ("details.ip", True),
        ("details.client_ip", True),
        ("details.srcip", True),
        ("details.X-Forwarded-For", True),
        ("details.net", False),
        ("details.user.sourceipaddress", False),  # ipfixup canonicalizes direct keys only
        ("hostname", False),
        ("details.zip", False),
    ],
)
def test_address_fields(field: str, expected: bool) -> None:
    assert is_address_field(field) is expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"{SRC}:10.0.0.0/8", Subnet(SRC, "10.0.0.0/8")),
        (f"{SRC}:10.1.2.3/8", Subnet(SRC, "10.0.0.0/8")),  # host bits cleared
        (f"{SRC}:1.2.3.4/32", Subnet(SRC, "1.2.3.4/32")),
        (f"{SRC}:2001:DB8::/32", Subnet(SRC, "2001:db8::/32")),
        (f"{SRC}:::/0", Subnet(SRC, "::/0")),
        (
            f"{SRC}:(10.0.0.0/8 OR 192.168.0.0/16)",
            Bool(should=(Subnet(SRC, "10.0.0.0/8"), Subnet(SRC, "192.168.0.0/16"))),
        ),
        (f"{SRC}:10.0.0.0\\/8", Term(SRC, "10.0.0.0/8")),  # escaped: a plain term
        (f'{SRC}:"10.0.0.0/8"', parse_query(f'{SRC}:"10.0.0.0/8"')),
        (f"{SRC}:10.0.0.1", Term(SRC, "10.0.0.1")),
        ("details.net:10.0.0.0/8", Term("details.net", "10.0.0.0/8")),  # not an address field
    ],
)
def test_parsing(query: str, expected: object) -> None:
    assert parse_query(query) == expected


@pytest.mark.parametrize(
    ("query", "position", "reason"),
    [
        (f"{SRC}:10.0.0.0/33", 24, "invalid network on details.sourceipaddress"),
        (f"a AND {SRC}:foo/8", 30, "does not appear to be an IPv4 or IPv6 network"),
        (f"{SRC}:1.2.3.4/", 24, "the prefix length must be a number"),
        (f"{SRC}:1.2.3.4/x", 24, "the prefix length must be a number"),
        (f"{SRC}:010.0.0.0/8", 24, "invalid network"),
    ],
)
def test_errors(query: str, position: int, reason: str) -> None:
    with pytest.raises(QuerySyntaxError) as info:
        parse_query(query)
    assert reason in info.value.reason
    assert info.value.position == position


def test_builder() -> None:
    assert subnet(SRC, "10.1.0.0/8") == parse_query(f"{SRC}:10.0.0.0/8")
    with pytest.raises(QueryError, match="not an address field"):
        subnet("details.net", "10.0.0.0/8")
    with pytest.raises(QueryError, match="subnet on"):
        subnet(SRC, "10.0.0.0")


def _canonical(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str:
    # What ipfixup stores: inet_ntop's text (IPv4-mapped addresses become IPv4 there).
    if address.version == 4:
        return str(address)
    return socket.inet_ntop(socket.AF_INET6, address.packed)


@st.composite
def _network_and_address(draw: st.DrawFn) -> tuple[str, ipaddress.IPv4Address | ipaddress.IPv6Address]:
    bits = draw(st.sampled_from([32, 128]))
    prefix = draw(st.integers(0, bits))
    base = draw(st.integers(0, 2**bits - 1))
    if bits == 128 and draw(st.booleans()):
        base &= 2**48 - 1  # low addresses, where '::' and the '::a.b.c.d' form appear
    network = ipaddress.ip_network((base, prefix), strict=False)
    inside = int(network.network_address) | draw(st.integers(0, 2 ** (bits - prefix) - 1))
    flipped = base ^ (1 << draw(st.integers(0, bits - 1)))
    chosen = draw(st.sampled_from([inside, flipped, draw(st.integers(0, 2**bits - 1)) & (2**48 - 1)]))
    address = ipaddress.ip_address(chosen) if bits == 128 else ipaddress.IPv4Address(chosen & (2**32 - 1))
    return str(network), address


@settings(max_examples=300, deadline=None)
@given(_network_and_address())
def test_regex_matches_exactly_the_addresses_of_the_network(case: tuple[str, object]) -> None:
    network, address = case
    assert isinstance(address, ipaddress.IPv4Address | ipaddress.IPv6Address)
    # ipfixup stores IPv4-mapped addresses as IPv4: no IPv6 text of them is ever searched.
    assume(address.version == 4 or address.ipv4_mapped is None)
    inside = address in ipaddress.ip_network(network)
    assert bool(re.fullmatch(network_regex(network), _canonical(address))) is inside


ADDRESSES = {
    "v4-10": "10.1.2.3",
    "v4-10b": "10.255.0.1",
    "v4-172": "172.16.5.4",
    "v4-172-out": "172.32.0.1",
    "v4-192": "192.168.1.10",
    "v4-pub": "1.2.3.4",
    "v6-doc": "2001:db8::1",
    "v6-doc2": "2001:db8:ffff::abcd",
    "v6-out": "2001:db9::1",
    "v6-loop": "::1",
    "v6-compat": "::1.2.3.4",
    "v6-ll": "fe80::1:2",
}


@pytest.fixture
async def addresses(store: TantivyEventStore) -> TantivyEventStore:
    events = [make_event(id=k, details={"sourceipaddress": v, "srcip": v}) for k, v in ADDRESSES.items()]
    events.append(make_event(id="no-ip", details={"sourceipaddress_invalid": "unknown"}))
    events.append(make_event(id="number", details={"ip": 10}))
    assert (await store.write("events", events)).failed == []
    return store


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        (f"{SRC}:10.0.0.0/8", ["v4-10", "v4-10b"]),
        (f"{SRC}:10.1.2.3/32", ["v4-10"]),
        (f"{SRC}:172.16.0.0/12", ["v4-172"]),
        (f"{SRC}:192.168.0.0/16", ["v4-192"]),
        (f"{SRC}:0.0.0.0/0", ["v4-10", "v4-10b", "v4-172", "v4-172-out", "v4-192", "v4-pub"]),
        (f"{SRC}:2001:db8::/32", ["v6-doc", "v6-doc2"]),
        (f"{SRC}:2001:db8::/31", ["v6-doc", "v6-doc2", "v6-out"]),
        (f"{SRC}:fe80::/10", ["v6-ll"]),
        (f"{SRC}:::/0", ["v6-compat", "v6-doc", "v6-doc2", "v6-ll", "v6-loop", "v6-out"]),
        (f"{SRC}:::1/128", ["v6-loop"]),
        (f"{SRC}:::0.0.0.0/96", ["v6-compat", "v6-loop"]),
        ("details.srcip:(10.0.0.0/8 OR 1.2.3.4/32) AND NOT details.srcip:10.255.0.0/16", ["v4-10", "v4-pub"]),
        ("details.ip:10.0.0.0/8", []),  # the number 10 is no address
    ],
)
async def test_store_finds(addresses: TantivyEventStore, query: str, expected: list[str]) -> None:
    assert await ids(addresses, query) == sorted(expected)
