"""OpenSearch test helpers (used only when MOZDEF_TEST_OPENSEARCH_URL names a server)."""

from __future__ import annotations

from typing import Any

from mozdef_common.settings import CommonSettings
from mozdef_common.store.opensearch_settings import opensearch_config


async def drop_prefix(settings: CommonSettings, prefix: str) -> None:
    """Drop every index and template a test run created (they all carry its unique prefix)."""
    from opensearchpy import AsyncOpenSearch

    client: Any = AsyncOpenSearch(**opensearch_config(settings).client_kwargs())
    try:
        await client.indices.delete(
            index=f"{prefix}*", params={"ignore_unavailable": "true", "expand_wildcards": "all"}
        )
        for family in ("events", "deadletter", "alerts"):
            await client.indices.delete_index_template(
                name=f"{prefix}mozdef-{family}", params={"ignore": 404}
            )
    finally:
        await client.close()
