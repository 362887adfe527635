"""Why ingest refuses a request or one item of it (both part of :class:`~mozdef_common.errors.MozdefError`)::

MozdefError
├── BodyError       the whole request is refused: carries the HTTP status and an error type
└── EventError
    └── ItemRejected  one item of a body is refused; the others go on
"""

from __future__ import annotations

from mozdef_common.errors import EventError, MozdefError


class BodyError(MozdefError):
    """A request that cannot be taken at all (bad framing, too large, wrong type or encoding).

    ``kind`` is the machine-readable error type answered to the client and counted in metrics.
    """

    def __init__(self, status: int, kind: str, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.kind = kind
        self.reason = reason


class ItemRejected(EventError):
    """One item of a body that cannot become an event; ``line`` is its 1-based line when known."""

    def __init__(self, kind: str, reason: str, *, line: int | None = None) -> None:
        super().__init__(reason)
        self.kind = kind
        self.reason = reason
        self.line = line
