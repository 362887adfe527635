"""Scheduled rules over the event store: threshold, absence and new_terms, and dry runs.

* :func:`evaluate` — one run of a rule: what it would alert (:class:`Finding`), the work done in the
  store through aggregations (:mod:`.groups`).
* :class:`RuleScheduler` — runs every scheduled rule on its own schedule, with overlap, recording
  each run in the state store's ``rule_runs`` (:mod:`.runs`).
* :func:`dry_run` — the alerts a rule would have raised over the last N hours, nothing published.
"""

from __future__ import annotations

from mozdef_alerter.scheduled.dry_run import dry_run
from mozdef_alerter.scheduled.evaluate import Evaluation, evaluate, evaluate_span
from mozdef_alerter.scheduled.runs import COLLECTION as RULE_RUNS
from mozdef_alerter.scheduled.runs import RunLog, RunOutcome
from mozdef_alerter.scheduled.scheduler import Publish, RuleScheduler
from mozdef_alerter.scheduled.spec import Finding, RuleSpec

__all__ = [
    "RULE_RUNS",
    "Evaluation",
    "Finding",
    "Publish",
    "RuleScheduler",
    "RuleSpec",
    "RunLog",
    "RunOutcome",
    "dry_run",
    "evaluate",
    "evaluate_span",
]
