"""The attacker API's bodies and answers."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from mozdef_api.attackers.phase import PhaseName
from mozdef_api.paging import Offset


class Note(BaseModel):
    author: str
    at: str = Field(description="When it was written (ISO-8601 UTC).")
    text: str


class Attacker(BaseModel):
    """One attacker: a source address and every address merged into it (``addresses``)."""

    model_config = ConfigDict(extra="ignore")

    id: str = Field(description="The canonical source address.")
    version: int
    created: str
    updated: str
    address: str
    addresses: list[str] = Field(description="This address and its aliases: every address of the actor.")
    aliases: list[str] = Field(
        default_factory=list, description="Addresses of profiles merged into this one."
    )
    name: str | None = Field(None, description="The actor's name, when an analyst gave one.")
    first_seen: str | None = None
    last_seen: str | None = None
    alert_count: int = Field(description="Distinct alerts naming the attacker.")
    event_count: int = Field(description="Events of those alerts, all told.")
    categories: dict[str, int] = Field(description="Alerts per category.")
    severities: dict[str, int] = Field(description="Alerts per severity.")
    countries: dict[str, int] = Field(description="Alerts per source country code.")
    targets: dict[str, int] = Field(description="Alerts per destination address or host (the top 25).")
    rules: dict[str, int] = Field(description="Alerts per rule id.")
    score: float = Field(description="Severity-weighted alerts, halving every 7 days, as of now.")
    phase: PhaseName | None = Field(None, description="The override when set, else the derived phase.")
    phase_derived: PhaseName | None = Field(None, description="The furthest phase the alerts show.")
    phase_override: PhaseName | None = None
    tags: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list, description="Oldest first; never changed.")


class AttackerList(BaseModel):
    total: int
    attackers: list[Attacker]


class AttackerFilters(BaseModel):
    """The list's query parameters; all given filters must hold."""

    model_config = ConfigDict(extra="forbid")

    q: str | None = Field(
        None, max_length=200, description="Text in addresses, name, tags or notes (any case)."
    )
    min_score: float | None = Field(None, gt=0, description="Attackers scoring at least this now.")
    category: str | None = Field(None, max_length=200, description="Attackers with alerts of this category.")
    country: str | None = Field(None, max_length=8, description="Attackers seen from this country code.")
    phase: PhaseName | None = None
    since: str | None = Field(None, description="Seen last at or after: ISO-8601 or relative ('now-7d').")
    sort: Literal["score", "last_seen"] = Field("score", description="Highest score or latest seen first.")
    size: int = Field(50, ge=0, le=1000, description="Most attackers to return; 0 counts only.")
    offset: Offset = 0


class NoteBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=5000)


class AttackerPatch(BaseModel):
    """What analysts change; fields left out stay as they are."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, description="The version you read: a stale one answers 409.")
    tags: list[str] | None = Field(None, max_length=100, description="Replaces the tags.")
    phase: PhaseName | None = Field(None, description="Overrides the derived phase; null: derive it again.")
    name: str | None = Field(None, max_length=200, description="The actor's name; null removes it.")


class MergeBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    others: list[str] = Field(min_length=1, max_length=100, description="Ids of the profiles to absorb.")


class FeedEntry(BaseModel):
    address: str
    attacker: str = Field(description="The profile the address belongs to.")
    score: float
    last_seen: str | None
    phase: PhaseName | None


class Feed(BaseModel):
    generated: str = Field(description="When this answer was made (ISO-8601 UTC).")
    min_score: float
    count: int
    attackers: list[FeedEntry]
