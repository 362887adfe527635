"""The state store: collections of versioned JSON documents (:mod:`.base`), SQLite embedded."""

from __future__ import annotations

from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings
from mozdef_common.state.base import Collection, Document, StateStore

__all__ = ["Collection", "Document", "StateStore", "open_state_store"]


def open_state_store(settings: CommonSettings) -> StateStore:
    """The store ``settings.state_url`` names (not started yet: ``await store.start()``)."""
    if settings.state_url.startswith("sqlite://"):
        from mozdef_common.state.sqlite import SqliteStateStore

        return SqliteStateStore(settings.resolved_data_dir / "state" / "state.db")
    raise ConfigError(
        f"state store {settings.state_url!r} is not available yet (MongoDB arrives with incidents)"
    )
