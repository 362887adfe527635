"""The state store: versioned JSON documents (:mod:`.base`); SQLite embedded, MongoDB distributed."""

from __future__ import annotations

from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings
from mozdef_common.state.base import Collection, Document, StateStore
from mozdef_common.state.query import Sort, Where

__all__ = ["Collection", "Document", "Sort", "StateStore", "Where", "open_state_store"]


def open_state_store(settings: CommonSettings) -> StateStore:
    """The store ``settings.state_url`` names (not started yet: ``await store.start()``)."""
    url = settings.state_url
    if url.startswith("sqlite://"):
        from mozdef_common.state.sqlite import SqliteStateStore

        return SqliteStateStore(settings.resolved_data_dir / "state" / "state.db")
    if url.startswith(("mongodb://", "mongodb+srv://")):
        # Imported here so the embedded set-up never loads PyMongo.
        from mozdef_common.state.mongo import MongoStateStore

        return MongoStateStore(url)
    raise ConfigError(f"state store {url.split('://')[0]!r}: use 'sqlite://' or 'mongodb://…'")
