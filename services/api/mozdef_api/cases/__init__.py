"""Incident handling: incidents and investigations, their lists, notes, timelines (MozDef's incidents).

* :class:`~.service.Cases`: every change, from HTTP or from other code;
* :data:`incidents_router`, :data:`investigations_router`: the REST routes;
* :func:`prepare`: the state store indexes the listings read through, once at server start.

The two kinds share one implementation; an investigation is a lighter case with the same mechanics.
"""

from __future__ import annotations

from mozdef_api.cases.journal import Journal
from mozdef_api.cases.kinds import KINDS
from mozdef_api.cases.routes import router_for
from mozdef_api.cases.service import Cases
from mozdef_api.cases.validation import CaseValidationError
from mozdef_common.state import StateStore

__all__ = ["CaseValidationError", "Cases", "incidents_router", "investigations_router", "prepare"]

incidents_router = router_for("incidents")
investigations_router = router_for("investigations")
#: Paths the listings filter and sort on (see :mod:`.filters`).
INDEXED = (
    "number",
    "phase",
    "severity",
    "owner",
    "creator",
    "dates.opened",
    "updated",
    "veris_index",
    "tags",
)


async def prepare(state: StateStore) -> None:
    """Ensure the indexes of every kind's cases, notes and timeline; cheap when they exist."""
    for kind in KINDS.values():
        cases = state.collection(kind.collection)
        for path in INDEXED:
            await cases.ensure_index(path)
        await Journal(state, kind).prepare()
