"""Settings of the ingest service (``MOZDEF_INGEST_*``), validated once at start-up."""

from __future__ import annotations

import ipaddress

from pydantic import Field, model_validator

from mozdef_common.settings import CommonSettings

MiB = 1024 * 1024


class IngestSettings(CommonSettings):
    """Where ingest listens, who may send, and how much one request or one event may hold.

    Shippers send API keys of the shipper role (``mozdef apikey create --role shipper``), checked against
    the state store ``MOZDEF_STATE_URL`` names.
    """

    ingest_port: int = Field(8080, ge=0, le=65535, description="Port of the ingest HTTP endpoint.")
    ingest_key_cache_s: float = Field(
        5.0,
        ge=0,
        le=300,
        description="How long a verified shipper key is trusted before the state store is asked again: "
        "a revoked key stops working within this time.",
    )
    ingest_open: bool = Field(
        False,
        description="Accept events without credentials; development on a loopback address only.",
    )
    ingest_max_body_bytes: int = Field(
        32 * MiB,
        ge=1024,
        # Logstash cuts bulk requests at 20 MiB (target_bulk_bytes) and Vector at 10 MB; Elasticsearch
        # itself takes 100 MB. 32 MiB fits every shipper's default with room to spare.
        description="Largest request body, both as sent and after gzip/deflate decoding (413 beyond).",
    )
    ingest_max_event_bytes: int = Field(
        512 * 1024,
        ge=1024,
        # Kafka's default message.max.bytes is ~1 MB: an event must fit, with its headers, or the
        # whole batch would fail on the bus.
        description="Largest single event, as compact JSON.",
    )
    ingest_max_depth: int = Field(
        64,
        ge=2,
        le=200,  # orjson encodes at most ~254 levels
        description="Deepest nesting of objects/arrays in one event.",
    )
    ingest_max_keys: int = Field(
        1000,
        ge=1,
        # OpenSearch's default index.mapping.total_fields.limit: one event alone may not exceed it.
        description="Most keys in one event, counted over every nesting level.",
    )
    ingest_retry_after_s: int = Field(
        5, ge=1, le=3600, description="Retry-After sent with 503 when the bus is full or down."
    )

    @model_validator(mode="after")
    def _open_only_on_loopback(self) -> IngestSettings:
        if self.ingest_open and self.environment == "production":
            raise ValueError("MOZDEF_INGEST_OPEN may not be set in production")
        if self.ingest_open and not _is_loopback(self.bind):
            raise ValueError(f"MOZDEF_INGEST_OPEN needs a loopback MOZDEF_BIND, got {self.bind!r}")
        return self


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
