"""Settings of the indexer stage."""

from __future__ import annotations

from pydantic import Field

from mozdef_common.settings import CommonSettings


class IndexerSettings(CommonSettings):
    indexer_group: str = Field("mozdef-indexer", description="Consumer group of the indexer.")
    indexer_batch_size: int = Field(
        20_000,
        ge=1,
        le=100_000,
        # Batches are what is waiting when the indexer gets to them: small at low rates (latency),
        # large under load, where each store commit costs the same whatever its size.
        description="Most events written to the store in one bulk write.",
    )
