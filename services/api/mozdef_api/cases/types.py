"""Checked field types shared by the case and item models: times, URLs, tags, severities, VERIS paths."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import AfterValidator, BeforeValidator, Field

from mozdef_api import veris
from mozdef_api.cases.indicators import digest
from mozdef_api.cases.phases import Phase, parse_phase
from mozdef_common.event import utc_iso


class Severity(StrEnum):
    LOW = "LOW"
    MEDIUM = "MEDIUM"
    HIGH = "HIGH"
    CRITICAL = "CRITICAL"


def _upper(value: Any) -> Any:
    return value.strip().upper() if isinstance(value, str) else value


def _time(value: str) -> str:
    """ISO-8601 in any zone (naive is UTC), stored in the one form range filters compare as text."""
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(f"{value!r} is not an ISO-8601 time (like 2026-11-27T10:00:00Z)") from None
    return utc_iso(parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC))


def _url(value: str) -> str:
    text = value.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or parts.scheme.lower() not in {"http", "https"} or not parts.hostname or " " in text:
        raise ValueError(f"{value!r} is not an http or https URL")
    return text


def _tag(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("a tag may not be empty")
    return text


IsoTime = Annotated[str, AfterValidator(_time)]
Url = Annotated[str, Field(max_length=2000), AfterValidator(_url)]
Tag = Annotated[str, Field(max_length=100), AfterValidator(_tag)]
VerisPath = Annotated[str, Field(max_length=300), AfterValidator(veris.canonical)]
Digest = Annotated[str, Field(max_length=200), AfterValidator(digest)]
SeverityName = Annotated[Severity, BeforeValidator(_upper)]
PhaseName = Annotated[Phase, BeforeValidator(parse_phase)]
Name = Annotated[str, Field(min_length=1, max_length=200)]
Text = Annotated[str, Field(max_length=100_000)]


def unique(values: list[str]) -> list[str]:
    """``values`` without repeats, first occurrence kept (tags and references are sets, in order)."""
    return list(dict.fromkeys(values))
