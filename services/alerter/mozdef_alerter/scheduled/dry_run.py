"""Dry runs: the alerts a rule would have raised over the last N hours, without publishing anything.

* Scheduled rules (threshold, absence, new_terms): the period is cut into consecutive windows of the
  rule's ``window`` (the newest ending now), each evaluated as a run would (:mod:`.evaluate`, no
  overlap: the windows already cover the period once); findings are then merged by dedup key as the
  alert builder would: a key seen again within its dedup window updates the open alert (count added,
  last seen moved) instead of raising a new one.
* Match rules: the matching events of the period grouped by the rule's dedup key, in the store
  (:mod:`.groups`): one alert per key value with its count and a sample. Unlike the stream, the dry
  run does not split one key's events into several alerts when they span more than the dedup window.

Alerts are built by the alert builder (:func:`mozdef_alerter.alerts.new_alert`), so they have the
shape the alerter publishes; ``utctimestamp`` is when the alert would have been raised (the end of
the window that found it) and ``last_seen`` the newest event behind it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any, Final

from mozdef_alerter.alerts import Alert, dedup_key, new_alert
from mozdef_alerter.scheduled.evaluate import evaluate_span
from mozdef_alerter.scheduled.groups import PAGE, Window, count_groups, group_filter
from mozdef_alerter.scheduled.samples import describe
from mozdef_alerter.scheduled.spec import Finding, RuleSpec
from mozdef_common.rules.models import RuleBase
from mozdef_common.store.base import EventStore

#: Windows one dry run evaluates at most (24 hours of a 1-minute window).
MAX_STEPS: Final = 1440
MAX_HOURS: Final = 24 * 31
_TICK: Final = timedelta(microseconds=1)


async def dry_run(
    store: EventStore, rule: RuleBase, hours: float, *, now: datetime | None = None
) -> list[dict[str, Any]]:
    """The alerts ``rule`` would raise over the last ``hours`` hours, oldest first.

    ValueError when the rule's type is not evaluated over the store (sequence, geovelocity), or
    when the period holds more than :data:`MAX_STEPS` windows of the rule."""
    if not 0 < hours <= MAX_HOURS:
        raise ValueError(f"a dry run covers more than 0 and at most {MAX_HOURS} hours, not {hours}")
    spec = RuleSpec.of(rule)
    end = now or datetime.now(UTC)
    start = end - timedelta(hours=hours)
    if spec.type == "match":
        return await _match(store, rule, spec, Window(start, end))
    steps = -(-(end - start) // spec.window)
    if steps > MAX_STEPS:
        raise ValueError(
            f"rule {rule.id!r}: {hours} hours is {steps} windows of {spec.window}, at most {MAX_STEPS}: "
            "dry-run fewer hours"
        )
    alerts: dict[str, tuple[Alert, datetime]] = {}
    raised: list[Alert] = []
    for i in range(steps, 0, -1):
        window_end = end - spec.window * (i - 1)
        # Consecutive windows share no instant: each ends just before the next begins.
        span = Window(max(start, window_end - spec.window), window_end - (_TICK if i > 1 else timedelta(0)))
        for finding in (await evaluate_span(store, spec, span)).findings:
            _merge(rule, finding, window_end, alerts, raised)
    return raised


def _merge(
    rule: RuleBase,
    finding: Finding,
    at: datetime,
    open_: dict[str, tuple[Alert, datetime]],
    raised: list[Alert],
) -> None:
    """Raise ``finding`` at ``at``, or fold it into the open alert of its key (dedup's rule)."""
    events = [e["source"] for e in reversed(finding.events)]  # the builder takes the oldest first
    key = dedup_key(rule, finding.group, events)
    current = open_.get(key)
    if current is not None and current[1] > at:
        alert = current[0]
        alert["event_count"] += finding.count
        alert["last_seen"] = max(alert["last_seen"], finding.last_seen or alert["last_seen"])
        return
    alert = new_alert(rule, events, finding.group, finding.count, at, key=key)
    if finding.last_seen:
        alert["last_seen"] = finding.last_seen
    open_[key] = (alert, at + rule.dedup_window())
    raised.append(alert)


async def _match(store: EventStore, rule: RuleBase, spec: RuleSpec, span: Window) -> list[dict[str, Any]]:
    fields = tuple(rule.dedup_fields())
    grouping = await count_groups(store, spec.query, fields, span)
    out: list[Alert] = []
    for key, bucket in list(grouping.buckets.items())[:PAGE]:
        described = await describe(store, group_filter(spec.query, fields, key), span, spec.sample)
        events = [e["source"] for e in reversed(described.events)]
        group = dict(zip(fields, key, strict=True))
        assert span.end is not None
        alert = new_alert(rule, events, group, bucket.count, span.end, key=dedup_key(rule, group, events))
        alert["utctimestamp"] = described.first_seen or alert["utctimestamp"]
        alert["last_seen"] = described.last_seen or alert["last_seen"]
        out.append(alert)
    return sorted(out, key=lambda a: str(a["utctimestamp"]))
