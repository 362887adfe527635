"""The case as clients send and read it: MozDef's incident, fields in snake_case.

A case has a human-friendly ``number`` (shown as ``ref``, ``INC-42``), a ``summary`` and
``description``, a ``severity``, a ``phase`` (:mod:`.phases`), ``dates`` (ISO-8601 UTC), its
``creator`` and ``owner``, ``tags``, ``references`` (URLs), ``veris`` tags (:mod:`mozdef_api.veris`)
and the lists of :mod:`.items`. The server sets ``number``, ``ref``, ``creator`` and the store's
``id``/``version``/``created``/``updated``; everything else comes from clients, checked here.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator

from mozdef_api.cases.items import (
    Evidence,
    EvidenceFields,
    Indicator,
    IndicatorFields,
    Lesson,
    LessonFields,
    Link,
    LinkFields,
    Mitigation,
    MitigationFields,
    Theory,
    TheoryFields,
    Version,
)
from mozdef_api.cases.phases import Phase
from mozdef_api.cases.types import (
    IsoTime,
    Name,
    PhaseName,
    Severity,
    SeverityName,
    Tag,
    Text,
    Url,
    VerisPath,
    unique,
)

MAX_TAGS = 100


class Dates(BaseModel):
    """When the case reached each milestone (see docs/incidents.md for what each one means)."""

    model_config = ConfigDict(extra="forbid")

    opened: IsoTime | None = Field(None, description="When the incident began; defaults to creation.")
    reported: IsoTime | None = Field(None, description="When it was reported; defaults to creation.")
    verified: IsoTime | None = None
    mitigated: IsoTime | None = None
    contained: IsoTime | None = None
    closed: IsoTime | None = None


class CaseFields(BaseModel):
    """A new case. Lists may be given whole; each item gets an id."""

    model_config = ConfigDict(extra="forbid")

    summary: str = Field(min_length=1, max_length=500)
    description: Text = ""
    severity: SeverityName = Severity.MEDIUM
    phase: PhaseName = Phase.IDENTIFICATION
    dates: Dates = Field(default_factory=Dates)
    owner: Name | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=MAX_TAGS)
    references: list[Url] = Field(default_factory=list, max_length=MAX_TAGS)
    veris: list[VerisPath] = Field(default_factory=list, max_length=MAX_TAGS)
    theories: list[TheoryFields] = Field(default_factory=list, max_length=1000)
    mitigations: list[MitigationFields] = Field(default_factory=list, max_length=1000)
    lessons: list[LessonFields] = Field(default_factory=list, max_length=1000)
    indicators: list[IndicatorFields] = Field(default_factory=list, max_length=1000)
    evidence: list[EvidenceFields] = Field(default_factory=list, max_length=1000)
    links: list[LinkFields] = Field(default_factory=list, max_length=1000)

    @field_validator("tags", "references", "veris")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return unique(values)


class CaseChanges(BaseModel):
    """A change to a case's own fields (lists change through their own routes).

    Only the fields sent change; ``dates`` merge key by key, a date sent as null is removed
    (``opened`` cannot be), ``owner`` null unassigns the case.
    """

    model_config = ConfigDict(extra="forbid")

    summary: str | None = Field(None, min_length=1, max_length=500)
    description: Text | None = None
    severity: SeverityName | None = None
    phase: PhaseName | None = None
    dates: Dates | None = None
    owner: Name | None = None
    tags: list[Tag] | None = Field(None, max_length=MAX_TAGS)
    references: list[Url] | None = Field(None, max_length=MAX_TAGS)
    veris: list[VerisPath] | None = Field(None, max_length=MAX_TAGS)

    @field_validator("summary", "description", "severity", "phase", "dates", "tags", "references", "veris")
    @classmethod
    def _not_null(cls, value: Any) -> Any:
        if value is None:  # only reached when the client sent null: defaults are not validated
            raise ValueError("may not be null (leave the field out to keep it)")
        return value

    @field_validator("tags", "references", "veris")
    @classmethod
    def _unique(cls, values: list[str]) -> list[str]:
        return unique(values)

    @field_validator("dates")
    @classmethod
    def _opened_stays(cls, dates: Dates) -> Dates:
        if "opened" in dates.model_fields_set and dates.opened is None:
            raise ValueError("dates.opened may be changed but not removed")
        return dates


class CasePatch(CaseChanges):
    """A change to a case, made against the ``version`` the client read."""

    version: Version


class Case(BaseModel):
    """A case as stored and served."""

    model_config = ConfigDict(extra="ignore")

    id: str
    version: int
    created: str
    updated: str
    number: int
    ref: str = Field(description="The number as people say it: INC-42, INV-7.")
    summary: str
    description: str = ""
    severity: Severity
    phase: Phase
    dates: Dates
    creator: str | None = None
    owner: str | None = None
    tags: list[str] = []
    references: list[str] = []
    veris: list[str] = []
    theories: list[Theory] = []
    mitigations: list[Mitigation] = []
    lessons: list[Lesson] = []
    indicators: list[Indicator] = []
    evidence: list[Evidence] = []
    links: list[Link] = []


class Note(BaseModel):
    """A note on a case; ``text`` may hold Markdown, kept and served as plain text."""

    model_config = ConfigDict(extra="ignore")

    id: str
    case_id: str
    author: str | None
    time: str
    text: str


class NoteFields(BaseModel):
    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, max_length=100_000)


class TimelineEntry(BaseModel):
    """One change of a case: who, when, what (``action``) and the field-level ``changes``."""

    model_config = ConfigDict(extra="ignore")

    id: str
    case_id: str
    time: str
    actor: str | None
    action: str
    case_version: int | None = Field(None, description="The case's version after the change.")
    list_name: str | None = Field(None, alias="list")
    item_id: str | None = None
    changes: list[dict[str, Any]] = []
    details: dict[str, Any] = {}
