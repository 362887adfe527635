"""Indicator values checked per type, and written in one form so equal indicators compare equal.

Each checker takes the value as given and answers it normalized (addresses compressed, domains and
hashes lower-cased) or raises ValueError saying what a value of that type must look like.
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Callable
from typing import Final, Literal
from urllib.parse import urlsplit

IndicatorType = Literal["ip", "domain", "hash", "user", "url", "email", "other"]

_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")
_TLD = re.compile(r"^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$")
_HEX = re.compile(r"^[0-9a-f]+$")
#: Hex digest lengths: MD5, SHA-1, SHA-256, SHA-512.
HASH_LENGTHS: Final = frozenset({32, 40, 64, 128})
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def ip(value: str) -> str:
    """An IPv4 or IPv6 address, or a network in CIDR form."""
    text = value.strip()
    try:
        return str(ipaddress.ip_network(text, strict=False) if "/" in text else ipaddress.ip_address(text))
    except ValueError:
        raise ValueError(f"{value!r} is not an IP address or CIDR network") from None


def domain(value: str) -> str:
    text = value.strip().rstrip(".").lower()
    try:
        text = text.encode("idna").decode("ascii")  # internationalized names compare as punycode
    except UnicodeError:
        raise ValueError(f"{value!r} is not a domain name") from None
    labels = text.split(".")
    if (
        len(text) > 253
        or len(labels) < 2
        or not all(_LABEL.fullmatch(label) for label in labels)
        or not _TLD.fullmatch(labels[-1])
    ):
        raise ValueError(f"{value!r} is not a domain name (like example.com)")
    return text


def digest(value: str) -> str:
    """A hex MD5, SHA-1, SHA-256 or SHA-512 digest."""
    text = value.strip().lower()
    if not _HEX.fullmatch(text) or len(text) not in HASH_LENGTHS:
        raise ValueError(f"{value!r} is not a hex MD5, SHA-1, SHA-256 or SHA-512 digest")
    return text


def user(value: str) -> str:
    text = value.strip()
    if not text or len(text) > 256 or _CONTROL.search(text):
        raise ValueError(f"{value!r} is not a user name (1 to 256 printable characters)")
    return text


def url(value: str) -> str:
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in {"http", "https", "ftp"} or not parts.hostname:
        raise ValueError(f"{value!r} is not an http, https or ftp URL with a host")
    if _CONTROL.search(text) or " " in text:
        raise ValueError(f"{value!r} is not a URL: it holds spaces or control characters")
    return text


def email(value: str) -> str:
    text = value.strip()
    local, at, host = text.rpartition("@")
    if not at or not local or len(local) > 64 or _CONTROL.search(local) or " " in local:
        raise ValueError(f"{value!r} is not an email address (like someone@example.com)")
    try:
        return f"{local}@{domain(host)}"
    except ValueError:
        raise ValueError(f"{value!r} is not an email address: {host!r} is not a domain") from None


def other(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("the value is empty")
    return text


CHECKS: Final[dict[str, Callable[[str], str]]] = {
    "ip": ip,
    "domain": domain,
    "hash": digest,
    "user": user,
    "url": url,
    "email": email,
    "other": other,
}


def check(kind: str, value: str) -> str:
    """``value`` normalized for an indicator of ``kind``; ValueError says why it is not one."""
    return CHECKS[kind](value)
