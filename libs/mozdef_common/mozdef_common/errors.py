"""The one error tree of MozDef.

Every error raised on purpose by MozDef code derives from :class:`MozdefError` and carries the context an
operator needs (topic/partition/offset, plugin, field, position)::

    MozdefError
    ├── ConfigError                 settings that cannot work (bad URL, placeholder secret)
    ├── BusError                    anything on the event bus
    │   ├── BusFullError            the bus refuses more data until consumers catch up (retry later)
    │   └── BusUnavailableError     the bus cannot be reached or written (retry later)
    ├── StoreError                  anything in an event or state store
    │   ├── StoreUnavailableError   the store cannot be reached or written (retry later)
    │   ├── NotFoundError           no document with that id
    │   └── ConflictError           the document changed since the version the caller read
    ├── EventError                  one event cannot be processed (bad shape, bad value)
    ├── PluginError                 a plugin failed to load or failed on an event (names the plugin)
    ├── AccountError                a user or API key that cannot be created or changed as asked
    ├── QueryError                  a query cannot be understood
    │   └── QuerySyntaxError        ... with the position where parsing failed
    ├── RuleError                   a rule that cannot be loaded (file:line, rule id; rules/errors.py)
    │   └── SigmaLoadError          ... a Sigma rule, with what was unsupported (alerter/sigma/errors.py)
    ├── ActionFailed                one try of a response action failed (retryable or not; actions/base.py)
    └── BodyError                   a request body ingest cannot take (ingest/errors.py)

The last four live beside the code that raises them, which the rest of MozDef does not import.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class MozdefError(Exception):
    """Root of every error MozDef raises on purpose."""


class ConfigError(MozdefError):
    """Settings that cannot work; raised at start-up, never later."""


class BusError(MozdefError):
    """A failure on the event bus; ``topic`` names where it happened when known."""

    def __init__(self, message: str, *, topic: str | None = None) -> None:
        super().__init__(f"{message} (topic {topic})" if topic else message)
        self.topic = topic


class BusFullError(BusError):
    """The bus holds as much as it may until consumers catch up: retry later."""


class BusUnavailableError(BusError):
    """The bus cannot be reached or written: retry later."""


class StoreError(MozdefError):
    """A failure in an event or state store."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached or written: retry later."""


class NotFoundError(StoreError):
    """No document with that id (in that collection)."""


class ConflictError(StoreError):
    """The document changed since the version the caller read; ``current`` is its version now.

    ``document``, when the raiser had it at hand, is the document as it is now, so a client can show
    the analyst what changed instead of reading it again.
    """

    def __init__(self, message: str, *, current: int, document: Mapping[str, Any] | None = None) -> None:
        super().__init__(message)
        self.current = current
        self.document = document


class EventError(MozdefError):
    """One event cannot be processed; the message says what was wrong with it."""


class PluginError(MozdefError):
    """A plugin failed to load or to process an event."""

    def __init__(self, plugin: str, message: str) -> None:
        super().__init__(f"plugin {plugin!r}: {message}")
        self.plugin = plugin


class AccountError(MozdefError):
    """A user or API key request that cannot be done (bad name or role, duplicate, unknown key)."""


class QueryError(MozdefError):
    """A query that cannot be understood or run."""


class QuerySyntaxError(QueryError):
    """A query string that does not parse; ``position`` is the 0-based offset of the problem."""

    def __init__(self, message: str, *, query: str, position: int) -> None:
        super().__init__(f"{message} at position {position}")
        self.reason = message
        self.query = query
        self.position = position
