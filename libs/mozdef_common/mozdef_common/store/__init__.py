"""Event stores: one interface (:mod:`.base`), tantivy embedded and OpenSearch distributed."""

from __future__ import annotations

from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings
from mozdef_common.store.base import EventStore, Hit, SearchRequest, SearchResult, WriteResult

__all__ = ["EventStore", "Hit", "SearchRequest", "SearchResult", "WriteResult", "open_event_store"]


def open_event_store(settings: CommonSettings, *, writer: bool = False) -> EventStore:
    """The store ``settings.events_url`` names; ``writer`` asks for write access (one writer per store)."""
    url = settings.events_url
    if url.startswith("tantivy://"):
        from mozdef_common.store.tantivy_store import TantivyEventStore

        return TantivyEventStore(settings.resolved_data_dir / "events", writer=writer)
    if url.startswith(("http://", "https://", "opensearch://")):
        from mozdef_common.store.opensearch_settings import opensearch_config
        from mozdef_common.store.opensearch_store import OpenSearchEventStore

        return OpenSearchEventStore(opensearch_config(settings), writer=writer)
    # Not the URL itself: it may hold credentials.
    raise ConfigError(f"event store URL scheme {url.partition('://')[0]!r} is not supported")
