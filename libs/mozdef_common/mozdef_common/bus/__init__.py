"""The event bus: one interface (:mod:`.base`), an embedded durable log and Kafka behind it."""

from __future__ import annotations

from mozdef_common.bus.base import Bus, Consumer, Message, Offsets, Producer, Record, TopicPartition
from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings

__all__ = [
    "Bus",
    "Consumer",
    "Message",
    "Offsets",
    "Producer",
    "Record",
    "TopicPartition",
    "open_bus",
]


def open_bus(settings: CommonSettings) -> Bus:
    """The bus that ``settings.bus_url`` names (not started yet: ``await bus.start()``); a Kafka TLS file
    that cannot be used raises :class:`ConfigError` here."""
    url = settings.bus_url
    if url.startswith("embedded://"):
        from mozdef_common.bus.embedded import EmbeddedBus

        return EmbeddedBus(settings.resolved_data_dir / "bus", max_bytes=settings.bus_max_bytes)
    if url.startswith("kafka://"):
        from mozdef_common.bus.kafka import KafkaBus
        from mozdef_common.bus.kafka_security import KafkaSecurity

        servers = url.removeprefix("kafka://").strip("/")
        if not servers:
            raise ConfigError("MOZDEF_BUS_URL kafka:// needs at least one host:port")
        return KafkaBus(
            servers,
            client_id=settings.kafka_client_id,
            idempotence=settings.kafka_idempotence,
            session_timeout_ms=settings.kafka_session_timeout_ms,
            heartbeat_interval_ms=max(settings.kafka_session_timeout_ms // 6, 100),
            security=KafkaSecurity.from_settings(settings),
        )
    raise ConfigError(f"unknown bus URL {url!r}")
