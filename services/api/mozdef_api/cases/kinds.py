"""The two kinds of case, incidents and investigations: one implementation, named per kind.

Each kind keeps three collections: the cases themselves (``incidents``), their notes
(``incident_notes``) and their timelines (``incident_timeline``). Notes and timeline entries are
documents of their own, inserted and never changed, so they never conflict with edits of the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final, Literal

KindName = Literal["incidents", "investigations"]


@dataclass(frozen=True, slots=True)
class Kind:
    name: KindName
    entity: Literal["incident", "investigation"]  # the change feed's and the audit log's word
    prefix: str  # shown before the number: INC-42

    @property
    def collection(self) -> str:
        return self.name

    @property
    def notes(self) -> str:
        return f"{self.entity}_notes"

    @property
    def timeline(self) -> str:
        return f"{self.entity}_timeline"

    @property
    def counter(self) -> str:
        """The store counter numbering this kind's cases."""
        return f"{self.name}.number"

    def ref(self, number: int) -> str:
        return f"{self.prefix}-{number}"


KINDS: Final[dict[KindName, Kind]] = {
    "incidents": Kind("incidents", "incident", "INC"),
    "investigations": Kind("investigations", "investigation", "INV"),
}
