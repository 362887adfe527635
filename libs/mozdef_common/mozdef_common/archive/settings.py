"""Settings of retention and archives (``MOZDEF_RETENTION_*``, ``MOZDEF_ARCHIVE_*``)."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field

from mozdef_common.archive.retention import RetentionPolicy
from mozdef_common.settings import CommonSettings


class ArchiveSettings(CommonSettings):
    retention_events_days: int = Field(
        90, ge=0, description="Days of events kept; older days are dropped daily (0: keep forever)."
    )
    retention_alerts_days: int = Field(365, ge=0, description="Days of alerts kept (0: keep forever).")
    retention_deadletter_days: int = Field(
        30, ge=0, description="Days of dead letters kept (0: keep forever)."
    )
    retention_archive_first: bool = Field(
        False,
        description="Archive (and verify) each day before retention drops it, instead of only dropping it.",
    )
    retention_interval_s: float = Field(
        86_400.0, ge=60, description="Seconds between retention runs (the first runs shortly after start)."
    )
    archive_dir: Path | None = Field(
        None, description="Folder of archive files of the embedded store (unset: <data dir>/archive)."
    )
    archive_repository: str | None = Field(
        None,
        description="OpenSearch snapshot repository archives go to with an OpenSearch store (registered "
        "on the cluster beforehand).",
    )

    @property
    def resolved_archive_dir(self) -> Path:
        if self.archive_dir is not None:
            return self.archive_dir.expanduser().resolve()
        return self.resolved_data_dir / "archive"

    def retention_policy(self) -> RetentionPolicy:
        return RetentionPolicy(
            days={
                "events": self.retention_events_days,
                "alerts": self.retention_alerts_days,
                "deadletter": self.retention_deadletter_days,
            },
            archive_first=self.retention_archive_first,
        )
