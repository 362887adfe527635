"""Settings shared by every service, read from ``MOZDEF_*`` environment variables.

Each service subclasses :class:`CommonSettings` with its own fields, builds it once at start-up
(where validation errors stop the process with a clear message) and passes it in; nothing reads
the environment later.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from mozdef_common.errors import ConfigError

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]


class CommonSettings(BaseSettings):
    """What every service needs: where data lives, which backends to use, how to log."""

    # Errors name the setting and the reason without echoing input: a model validator's input is every
    # setting given, passwords included, and start-up errors go to stderr and the logs.
    model_config = SettingsConfigDict(
        env_prefix="MOZDEF_", extra="ignore", frozen=True, hide_input_in_errors=True
    )

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
    # -- Kafka encryption and authentication (read by mozdef_common.bus.kafka_security, which documents
    # what each choice does). Every combination is checked here, so a bad one stops the process at start.
    kafka_security_protocol: Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"] = Field(
        "PLAINTEXT",
        description="How the Kafka clients talk to the brokers: PLAINTEXT, SSL (TLS), SASL_PLAINTEXT (user "
        "and password without TLS) or SASL_SSL (both).",
    )
    kafka_sasl_mechanism: Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"] = Field(
        "SCRAM-SHA-512",
        description="SASL mechanism of SASL_PLAINTEXT and SASL_SSL; PLAIN sends the password itself, so "
        "production refuses it without TLS.",
    )
    kafka_username: str | None = Field(None, description="Kafka SASL user; needs a SASL_* protocol.")
    kafka_password: SecretStr | None = Field(
        None, description="Kafka SASL password; never logged; needs a SASL_* protocol."
    )
    kafka_ca_file: Path | None = Field(
        None,
        description="PEM file of the CAs that signed the brokers' certificates (SSL, SASL_SSL); unset: the "
        "system's CAs.",
    )
    kafka_cert_file: Path | None = Field(
        None, description="PEM client certificate for brokers that want mutual TLS; needs kafka_key_file."
    )
    kafka_key_file: Path | None = Field(
        None, description="PEM private key of kafka_cert_file (unencrypted); needs kafka_cert_file."
    )
    kafka_check_hostname: bool = Field(
        True,
        description="Check that a broker's certificate names the address connected to (false still "
        "checks the certificate chain).",
    )
    metrics_port: int = Field(
        0,
        ge=0,
        le=65535,
        description="Port of a Prometheus metrics endpoint for stages without HTTP (0: off).",
    )

    # -- OpenSearch event store (used when MOZDEF_EVENTS_URL is an http://, https:// or opensearch:// URL;
    # read by mozdef_common.store.opensearch_settings). Credentials may also sit in the URL's user info.
    opensearch_username: str | None = Field(None, description="OpenSearch user (HTTP basic auth).")
    opensearch_password: SecretStr | None = Field(
        None, description="OpenSearch password; never logged, refused if a known default outside development."
    )
    opensearch_verify_tls: bool = Field(
        True, description="Verify the server's TLS certificate and host name."
    )
    opensearch_ca_bundle: Path | None = Field(
        None, description="PEM file (or directory) of the CAs to trust instead of certifi's bundle."
    )
    opensearch_index_prefix: str = Field(
        "",
        pattern=r"^[a-z0-9][a-z0-9_.-]*$|^$",
        description="Prepended to every index, alias and template name ('prod-' gives prod-events-YYYYMMDD).",
    )
    opensearch_shards: int = Field(1, ge=1, le=1024, description="Primary shards of each daily index.")
    opensearch_replicas: int = Field(1, ge=0, le=16, description="Replicas of each daily index.")
    opensearch_bulk_chunk_bytes: int = Field(
        5 * 1024 * 1024,
        ge=64 * 1024,
        le=100 * 1024 * 1024,
        description="Largest _bulk request body; a batch is split into requests of at most this size.",
    )
    opensearch_timeout: float = Field(30.0, gt=0, le=600, description="Seconds one request may take.")
    opensearch_retry_attempts: int = Field(
        6,
        ge=1,
        le=20,
        description="Tries of a bulk item answered 429/5xx or of a request that failed in transport, with "
        "exponential backoff (0.1 s doubling, at most 5 s between tries) before the write is refused.",
    )
    opensearch_refresh_on_write: bool = Field(
        True,
        description="A write returns once its events are searchable (refresh=wait_for), as the alerter "
        "expects of mozdef.indexed; false returns sooner and leaves visibility to the refresh interval.",
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

    @model_validator(mode="after")
    def _kafka_security_fits(self) -> CommonSettings:
        from mozdef_common.bus.kafka_security import KafkaSecurity  # the bus package imports this module

        try:
            security = KafkaSecurity.from_settings(self)
        except ConfigError as exc:
            raise ValueError(str(exc)) from None
        if self.environment == "production" and security.sends_password_in_clear:
            raise ValueError(
                "MOZDEF_KAFKA_SASL_MECHANISM=PLAIN over SASL_PLAINTEXT sends the Kafka password in the "
                "clear: use SASL_SSL, or SCRAM-SHA-512, in production"
            )
        return self

    @property
    def resolved_data_dir(self) -> Path:
        return self.data_dir.expanduser().resolve()
