"""Settings shared by every service, read from ``MOZDEF_*`` environment variables.

Each service subclasses :class:`CommonSettings` with its own fields, builds it once at start-up
(where validation errors stop the process with a clear message) and passes it in; nothing reads
the environment later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class CommonSettings(BaseSettings):
    """What every service needs: where data lives, which backends to use, how to log."""

    model_config = SettingsConfigDict(env_prefix="MOZDEF_", extra="ignore", frozen=True)

    data_dir: Path = Field(Path("./var"), description="Root folder of every embedded backend.")
    bus_url: str = Field(
        "embedded://",
        description="Event bus: 'embedded://' (durable log in the data dir) or 'kafka://host:9092[,host:9092]'.",
    )
    events_url: str = Field(
        "tantivy://",
        description="Event store: 'tantivy://' (daily indices in the data dir) or an OpenSearch URL.",
    )
    state_url: str = Field("sqlite://", description="State store: 'sqlite://' or 'mongodb://…'.")
    bind: str = Field("127.0.0.1", description="Address the HTTP services listen on.")
    log_level: LogLevel = "INFO"
    environment: Literal["development", "production"] = "development"

    # Bus tuning, shared by every stage that consumes.
    bus_batch_size: int = Field(2000, ge=1, le=100_000, description="Most messages read per batch.")
    bus_max_bytes: int = Field(
        2 * 1024**3,
        ge=1024 * 1024,
        description="Embedded bus: bytes a topic may hold before producers get 'full'.",
    )
    kafka_idempotence: bool = Field(
        False, description="Enable the idempotent Kafka producer (needs broker support)."
    )
    kafka_client_id: str = "mozdef"
    kafka_session_timeout_ms: int = Field(
        6000,
        ge=1000,
        le=300_000,
        description="Kafka consumer session: how long a dead member holds its partitions (brokers refuse "
        "less than their group.min.session.timeout.ms, 6 s by default).",
    )
    metrics_port: int = Field(
        0,
        ge=0,
        le=65535,
        description="Port of a Prometheus metrics endpoint for stages without HTTP (0: off).",
    )

    @field_validator("bus_url")
    @classmethod
    def _known_bus(cls, value: str) -> str:
        if not value.startswith(("embedded://", "kafka://")):
            raise ValueError(f"MOZDEF_BUS_URL must start with embedded:// or kafka://, got {value!r}")
        return value

    @field_validator("events_url")
    @classmethod
    def _known_store(cls, value: str) -> str:
        if not value.startswith(("tantivy://", "http://", "https://", "opensearch://")):
            raise ValueError(f"MOZDEF_EVENTS_URL must be tantivy:// or an OpenSearch URL, got {value!r}")
        return value

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()
