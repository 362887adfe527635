"""Writing alerts in the state store: the consumer's upsert and the analysts' read-modify-write.

Both retry on :class:`~mozdef_common.errors.ConflictError`: the consumer and an analyst may write the
same alert at the same moment, and each only touches the fields it owns (see :mod:`.model`), so
re-reading and re-applying is always right. An analyst who sends the ``version`` they read opts out of
the retry and gets the 409 instead.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, Literal

from mozdef_api.alerts.model import COLLECTION, new_document, rule_changes
from mozdef_common.errors import ConflictError, NotFoundError, StoreUnavailableError
from mozdef_common.state import Collection, Document, StateStore
from mozdef_common.state.modify import modify as modify_document

#: Attempts before giving up on a document that keeps changing under us (then: retry later).
ATTEMPTS: Final = 8
INDEXED: Final = ("utctimestamp", "status", "severity", "rule_id")

Op = Literal["created", "updated"]
Change = Callable[[Document], Mapping[str, Any] | None]


def alerts(state: StateStore) -> Collection:
    return state.collection(COLLECTION)


async def prepare(state: StateStore) -> None:
    """Create the indexes the alert list, its filters and the stats read through; cheap when present."""
    collection = alerts(state)
    for path in INDEXED:
        await collection.ensure_index(path)


async def upsert(collection: Collection, alert: Mapping[str, Any]) -> tuple[Op, Document] | None:
    """Store ``alert`` (decoded by :func:`.model.decode_alert`); None when nothing had to change."""
    for _ in range(ATTEMPTS):
        try:
            stored = await collection.get(alert["id"])
        except NotFoundError:
            try:
                return "created", await collection.insert(new_document(alert))
            except ConflictError:  # another replica inserted it first: update that one instead
                continue
        changes = rule_changes(stored, alert)
        if changes is None:
            return None
        try:
            return "updated", await collection.update(alert["id"], changes, version=stored["version"])
        except (ConflictError, NotFoundError):  # an analyst wrote it meanwhile (or it was deleted)
            continue
    # Retryable: the stage loop backs off and replays the batch, which is harmless.
    raise StoreUnavailableError(f"alert {alert['id']!r} kept changing during {ATTEMPTS} attempts")


async def modify(
    collection: Collection, alert_id: str, change: Change, *, version: int | None = None
) -> tuple[Document, bool]:
    """Apply ``change(current)`` to an alert; ``(alert, changed)``. ``change`` returns None for a no-op.

    With ``version``, a stale read raises ConflictError (with the current alert) instead of retrying.
    """
    return await modify_document(collection, alert_id, change, version=version, what="alert")
