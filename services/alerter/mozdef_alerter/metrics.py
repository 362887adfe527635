"""The alerter's Prometheus metrics: the stage's own (received, errors, lag…) plus the rules'."""

from __future__ import annotations

from prometheus_client import Counter, Gauge

from mozdef_common.telemetry import StageMetrics

STAGE = "alerter"


class AlerterMetrics(StageMetrics):
    def __init__(self, stage: str = STAGE) -> None:
        super().__init__(stage)
        self.rules_loaded = Gauge(
            "mozdef_alerter_rules_loaded", "Rules loaded, by type.", ["type"], registry=self.registry
        )
        self.rules_failed = Gauge(
            "mozdef_alerter_rules_failed",
            "Rules (and rule plugins) that failed to load at the last (re)load.",
            registry=self.registry,
        )
        self.reloads = Counter("mozdef_alerter_reloads", "Rule (re)loads.", registry=self.registry)
        self.evaluated = Counter(
            "mozdef_alerter_events_evaluated",
            "Events evaluated against the stream rules.",
            registry=self.registry,
        )
        self.raised = Counter(
            "mozdef_alerter_alerts_raised", "New alerts, by rule.", ["rule"], registry=self.registry
        )
        self.deduplicated = Counter(
            "mozdef_alerter_alerts_deduplicated",
            "Matches that updated an open alert instead of raising one, by rule.",
            ["rule"],
            registry=self.registry,
        )
        self.hits = Counter(
            "mozdef_alerter_rule_hits", "Events a rule matched, by rule.", ["rule"], registry=self.registry
        )
        self.rule_errors = Counter(
            "mozdef_alerter_rule_errors", "Rule hooks that raised, by rule.", ["rule"], registry=self.registry
        )
