"""The intel lookup tables: containment, parent domains, wildcards, users and hashes."""

from __future__ import annotations

import socket

from mozdef_enrich.plugins.intel_index import Indicator, IntelIndex

FEED = {"feed": "t.txt"}


def _ind(kind: str, value: str) -> Indicator:
    return Indicator(kind, value, FEED)


def _packed(text: str) -> bytes:
    return socket.inet_pton(socket.AF_INET6 if ":" in text else socket.AF_INET, text)


def _values(hits: tuple[Indicator, ...]) -> list[str]:
    return sorted(i.value for i in hits)


def test_empty_index_is_false() -> None:
    assert not IntelIndex()
    assert IntelIndex([_ind("ip", "203.0.113.1")]).size == 1


def test_addresses_and_networks() -> None:
    index = IntelIndex(
        [
            _ind("ip", "203.0.113.7"),
            _ind("cidr", "203.0.113.0/24"),
            _ind("cidr", "203.0.0.0/16"),
            _ind("cidr", "0.0.0.0/0"),
            _ind("ip", "2001:db8::7"),
            _ind("cidr", "2001:db8::/32"),
        ]
    )
    assert _values(index.address(_packed("203.0.113.7"))) == [
        "0.0.0.0/0",
        "203.0.0.0/16",
        "203.0.113.0/24",
        "203.0.113.7",
    ]
    assert _values(index.address(_packed("203.0.200.1"))) == ["0.0.0.0/0", "203.0.0.0/16"]
    assert _values(index.address(_packed("198.51.100.1"))) == ["0.0.0.0/0"]
    assert _values(index.address(_packed("2001:db8::7"))) == ["2001:db8::/32", "2001:db8::7"]
    assert _values(index.address(_packed("2001:db9::1"))) == []


def test_ipv6_only_index_never_matches_ipv4() -> None:
    index = IntelIndex([_ind("cidr", "::/0")])
    assert index.address(_packed("192.0.2.1")) == ()
    assert len(index.address(_packed("::1"))) == 1


def test_domains_match_the_name_and_its_parents() -> None:
    index = IntelIndex(
        [_ind("domain", "example.org"), _ind("domain", "*.wild.example"), _ind("domain", "a.b.example.net")]
    )
    assert _values(index.domain("example.org")) == ["example.org"]
    assert _values(index.domain("deep.sub.example.org")) == ["example.org"]
    assert index.domain("notexample.org") == ()
    assert index.domain("example.org.evil.com") == ()
    # A wildcard covers subdomains only.
    assert index.domain("wild.example") == ()
    assert _values(index.domain("x.wild.example")) == ["*.wild.example"]
    # A listed subdomain does not cover its parent.
    assert index.domain("b.example.net") == ()
    assert _values(index.domain("c.a.b.example.net")) == ["a.b.example.net"]


def test_users_fold_case_and_windows_domains() -> None:
    index = IntelIndex([_ind("user", "Mallory")])
    assert len(index.user("mallory")) == 1
    assert len(index.user("CORP\\MALLORY")) == 1
    assert index.user("mallory2") == ()


def test_hashes_any_case() -> None:
    digest = "d41d8cd98f00b204e9800998ecf8427e"
    index = IntelIndex([_ind("hash", digest)])
    assert len(index.digest(digest.upper())) == 1
    assert index.digest(digest[:-1] + "f") == ()


def test_bad_values_are_left_out() -> None:
    index = IntelIndex([_ind("ip", "fe80::1%eth0"), _ind("colour", "red")])
    assert index.size == 0
