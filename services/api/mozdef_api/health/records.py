"""What the health answer reads from the state store: scheduled rule runs and the last archive."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any, Final

from mozdef_api.health.model import FailingRule, RuleRuns
from mozdef_common.archive.manifest import MANIFEST_SUFFIX, Manifest, read_manifest
from mozdef_common.state import StateStore

RULE_RUNS: Final = "rule_runs"  # the alerter's run log (mozdef_alerter.scheduled.runs)
MAX_FAILING: Final = 100


async def rule_runs(state: StateStore) -> RuleRuns:
    """How many rules have a run record, the newest run, and the rules whose last run failed."""
    runs = state.collection(RULE_RUNS)
    total = await runs.count()
    _, newest = await runs.find({"last_run": {"$exists": True}}, limit=1, sort=[("last_run", -1)])
    _, failing = await runs.find({"last_status": "error"}, limit=MAX_FAILING, sort=[("id", 1)])
    return RuleRuns(
        rules=total,
        last_run=newest[0].get("last_run") if newest else None,
        failing=[
            FailingRule(
                id=str(doc["id"]),
                last_run=doc.get("last_run"),
                last_error=doc.get("last_error"),
                last_error_at=doc.get("last_error_at"),
                failures=int(doc.get("failures", 0)),
            )
            for doc in failing
        ],
    )


log = logging.getLogger(__name__)


def last_archive(folder: Path) -> dict[str, Any] | None:
    """The newest archive's manifest (``mozdef_common.archive``) in ``folder``; None when there is none.

    Manifests are small and few (one per archived day), so reading them all is cheap; one that cannot
    be read is skipped here (``mozdef archive list`` reports it).
    """
    newest: Manifest | None = None
    for path in folder.glob(f"*{MANIFEST_SUFFIX}"):
        try:
            manifest = read_manifest(path)
        except Exception as exc:  # damaged: `mozdef archive list` reports it; health shows the rest
            log.debug("health: manifest %s not read: %s", path, exc)
            continue
        if newest is None or manifest.created > newest.created:
            newest = manifest
    return None if newest is None else newest.model_dump()
