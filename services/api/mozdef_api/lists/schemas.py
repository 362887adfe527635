"""Request and response bodies of the blocklist and watchlist routes."""

from __future__ import annotations

import builtins
from typing import Annotated

from fastapi import Query
from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.paging import Offset
from mozdef_common.lists.entries import EntryType


class EntryFields(BaseModel):
    """What a caller gives to list a value. Adding a listed value again refreshes its entry."""

    model_config = ConfigDict(extra="forbid")

    type: EntryType
    value: str = Field(
        min_length=1,
        max_length=2048,
        description="An IPv4/IPv6 address (ip), a network (cidr), a host name (domain, '*.' for every "
        "subdomain), a user name (user), or an MD5/SHA-1/SHA-256/SHA-512 in hex (hash).",
    )
    reason: str = Field("", max_length=2000, description="Why it is listed; shown to whoever reads the list.")
    expires: str | None = Field(
        None,
        max_length=64,
        description="A duration from now ('30m', '24h', '7d', '2w') or an ISO-8601 time; null: never.",
    )
    source: str = Field("manual", min_length=1, max_length=200, description="Where it came from.")


class Entry(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    version: int
    type: EntryType
    value: str
    reason: str = ""
    source: str = ""
    expires: str | None = Field(None, description="ISO-8601 UTC; null: never.")
    actor: str | None = Field(None, description="Who listed it last (user, apikey:<name>, or alerter).")
    created: str
    updated: str
    active: bool = Field(True, description="False once expired (the purge removes it soon after).")


class EntryList(BaseModel):
    total: int
    entries: list[Entry]


class EntryFilters(BaseModel):
    model_config = ConfigDict(extra="forbid")

    type: EntryType | None = None
    value: str | None = Field(None, max_length=2048, description="Entries whose value holds this text.")
    source: str | None = Field(None, max_length=200, description="Entries from exactly this source.")
    include_expired: bool = Field(False, description="Also expired entries not yet purged.")
    limit: int = Field(100, ge=1, le=1000)
    offset: Offset = 0


class FeedEntry(BaseModel):
    type: EntryType
    value: str
    expires: str | None
    reason: str = ""
    source: str = ""


class Feed(BaseModel):
    list: str = Field(description="'blocklist' or 'watchlist'.")
    generated: str = Field(description="When this answer was made (ISO-8601 UTC).")
    count: int
    entries: builtins.list[FeedEntry]


FeedTypes = Annotated[
    list[EntryType] | None,
    Query(
        alias="type", description="Only these types (repeat the parameter for several); default: every type."
    ),
]
