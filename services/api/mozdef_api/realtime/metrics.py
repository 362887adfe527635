"""Prometheus metrics of live updates, registered next to the api stage's own (one /metrics page)."""

from __future__ import annotations

from prometheus_client import CollectorRegistry, Counter, Gauge


class RealtimeMetrics:
    def __init__(self, registry: CollectorRegistry | None = None) -> None:
        registry = registry if registry is not None else CollectorRegistry()
        self.registry = registry
        self.clients = Gauge(
            "mozdef_ws_clients", "WebSocket clients connected to this replica.", registry=registry
        )
        self.changes = Counter(
            "mozdef_ws_changes", "Changes this replica read from the updates topic.", registry=registry
        )
        self.fanned_out = Counter(
            "mozdef_ws_changes_fanned_out",
            "Change frames queued for WebSocket clients (one per change per client, replays included).",
            registry=registry,
        )
        self.slow_disconnects = Counter(
            "mozdef_ws_slow_disconnects",
            "Clients disconnected because their queue overflowed (they resume on reconnect).",
            registry=registry,
        )
        self.resyncs = Counter(
            "mozdef_ws_resyncs", "Resumes older than the buffer, answered with resync.", registry=registry
        )
