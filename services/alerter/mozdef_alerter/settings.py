"""Settings of the alerter stage."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from pydantic import Field

from mozdef_common.rules.durations import Duration
from mozdef_common.settings import CommonSettings


class AlerterSettings(CommonSettings):
    alerter_group: str = Field("alerter", description="Consumer group of the alerter on mozdef.indexed.")
    alerter_batch_size: int = Field(
        5000, ge=1, le=100_000, description="Most events evaluated (and their alerts delivered) per batch."
    )
    rules_dir: Path | None = Field(
        None, description="Folder of rule files (YAML and Sigma), read recursively; default <data dir>/rules."
    )
    rules_reload_seconds: float = Field(
        3.0, ge=0.2, le=3600, description="How often the rules folder is checked for changes (mtimes)."
    )
    rules_builtin: bool = Field(True, description="Load the built-in rule pack shipped with the alerter.")
    rules_overlap: Duration = Field(
        timedelta(minutes=1),
        description="How far scheduled rules look back beyond their window, so late events are still seen.",
    )
    actions_enabled: bool = Field(
        True, description="Run rules' response actions (webhooks, chat, PagerDuty, e-mail, blocklist)."
    )
    geoip_db: Path | None = Field(
        None, description="City-level MaxMind-format database for geovelocity rules (none: they stay idle)."
    )

    @property
    def resolved_rules_dir(self) -> Path:
        return (self.rules_dir or self.resolved_data_dir / "rules").expanduser().resolve()
