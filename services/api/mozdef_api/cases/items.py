"""The lists a case keeps (theories, mitigations, lessons, indicators, evidence, links) and their items.

Each list has three models: ``…Fields`` (what a client sends to add an item; unknown keys refused),
``…Changes`` (a change to one item: the case ``version`` read plus any fields, None resets one to its
default) and the stored item, which the server completes with ``id``, ``author`` and ``added``.
A changed item is checked whole (its fields merged with the change) against ``…Fields``, so an
indicator whose type changes must still hold a value of the new type.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Final, Literal

from pydantic import AliasChoices, BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from mozdef_api.cases.indicators import IndicatorType, check
from mozdef_api.cases.types import Digest

ItemText = Annotated[str, Field(min_length=1, max_length=100_000)]
Note = Annotated[str, Field(max_length=10_000)]
Version = Annotated[int, Field(ge=1, description="The case version you read: a stale one answers 409.")]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Stored(BaseModel):
    model_config = ConfigDict(extra="ignore")

    id: str
    author: str | None = None
    added: str


class TheoryFields(_Strict):
    """What may have happened, and whether the evidence bore it out."""

    text: ItemText
    status: Literal["proposed", "confirmed", "refuted"] = "proposed"


class MitigationFields(_Strict):
    """A step taken or planned against the incident; ``temporary`` ones are to be undone later."""

    text: ItemText
    temporary: bool = False
    status: Literal["planned", "in-progress", "done"] = "planned"


class LessonFields(_Strict):
    text: ItemText


class IndicatorFields(_Strict):
    """An indicator of compromise; ``value`` must be a valid value of ``type`` and is normalized."""

    type: IndicatorType
    value: str = Field(min_length=1, max_length=2000)
    note: Note = ""

    @field_validator("value")
    @classmethod
    def _value_of_type(cls, value: str, info: ValidationInfo) -> str:
        kind = info.data.get("type")
        return value if kind is None else check(kind, value)  # no type: that error is reported already


class EvidenceFields(_Strict):
    """Something kept as evidence: where it is (a URL or a path) and its digest."""

    description: ItemText
    location: str = Field("", max_length=2000)
    hash: Digest | None = None


class LinkFields(_Strict):
    """Another record this case concerns; ``target`` is its id (``id`` is accepted for it on input)."""

    kind: Literal["alert", "event", "investigation", "incident"]
    target: str = Field(
        min_length=1,
        max_length=200,
        validation_alias=AliasChoices("target", "id"),
        serialization_alias="target",
    )
    note: Note = ""


class TheoryChanges(_Strict):
    version: Version
    text: ItemText | None = None
    status: Literal["proposed", "confirmed", "refuted"] | None = None


class MitigationChanges(_Strict):
    version: Version
    text: ItemText | None = None
    temporary: bool | None = None
    status: Literal["planned", "in-progress", "done"] | None = None


class LessonChanges(_Strict):
    version: Version
    text: ItemText | None = None


class IndicatorChanges(_Strict):
    version: Version
    type: IndicatorType | None = None
    value: str | None = Field(None, min_length=1, max_length=2000)
    note: Note | None = None


class EvidenceChanges(_Strict):
    version: Version
    description: ItemText | None = None
    location: str | None = Field(None, max_length=2000)
    hash: str | None = Field(None, max_length=200)


class LinkChanges(_Strict):
    version: Version
    kind: Literal["alert", "event", "investigation", "incident"] | None = None
    target: str | None = Field(None, min_length=1, max_length=200)
    note: Note | None = None


class Theory(TheoryFields, _Stored):
    model_config = ConfigDict(extra="ignore")


class Mitigation(MitigationFields, _Stored):
    model_config = ConfigDict(extra="ignore")


class Lesson(LessonFields, _Stored):
    model_config = ConfigDict(extra="ignore")


class Indicator(IndicatorFields, _Stored):
    model_config = ConfigDict(extra="ignore")


class Evidence(EvidenceFields, _Stored):
    model_config = ConfigDict(extra="ignore")


class Link(LinkFields, _Stored):
    model_config = ConfigDict(extra="ignore")


@dataclass(frozen=True, slots=True)
class ItemList:
    """One list of a case: its name and the models of what is sent to it and what it holds."""

    name: str
    fields: type[BaseModel]
    changes: type[BaseModel]
    item: type[BaseModel]


LISTS: Final[dict[str, ItemList]] = {
    spec.name: spec
    for spec in (
        ItemList("theories", TheoryFields, TheoryChanges, Theory),
        ItemList("mitigations", MitigationFields, MitigationChanges, Mitigation),
        ItemList("lessons", LessonFields, LessonChanges, Lesson),
        ItemList("indicators", IndicatorFields, IndicatorChanges, Indicator),
        ItemList("evidence", EvidenceFields, EvidenceChanges, Evidence),
        ItemList("links", LinkFields, LinkChanges, Link),
    )
}
MAX_ITEMS: Final = 5000  # per list: past this a case wants splitting, and every write copies the list


def merged(item: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """The client fields of ``item`` after ``changes`` (None resets a field to its default)."""
    result = {k: v for k, v in item.items() if k not in {"id", "author", "added", "updated"}}
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result
