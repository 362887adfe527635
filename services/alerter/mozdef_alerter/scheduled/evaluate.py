"""One run of a scheduled rule over the event store: what it would alert, ending at ``end``.

Every run looks at the span ``[end - window - overlap, end]`` (both ends inclusive, as the store's
time window): the overlap lets an event indexed after the previous run, with an older timestamp,
still be seen; the alert builder's dedup (key and window) keeps the same group from alerting twice.

* threshold: groups of ``group_by`` with at least ``threshold`` matching events (or distinct values
  of ``distinct``) in the span: one finding per group.
* absence: without ``group_by``, one finding when nothing matched in the span. With it, the groups
  watched are ``groups`` when the rule gives them, else those seen in the ``learn`` period just
  before the span (``[start - learn, start)``); one finding per watched group with no event in the span.
* new_terms: the combinations of ``fields`` seen in the span that no matching event held in the
  ``history`` period just before it (``[start - history, start)``): one finding per new term.

Group values are compared as query text (``22`` and ``"22"`` are one group, as the query language
treats them). Events missing a group field belong to no group (see :mod:`.groups`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Final

from mozdef_alerter.scheduled.groups import Grouping, Window, count_groups, group_filter
from mozdef_alerter.scheduled.samples import describe
from mozdef_alerter.scheduled.spec import Finding, GroupKey, RuleSpec
from mozdef_common.query.ast import Bool, MatchAll, Node
from mozdef_common.query.build import text_of
from mozdef_common.store.base import EventStore

_JUST_BEFORE: Final = timedelta(microseconds=1)
#: Groups per restricting query (a boolean of that many clauses stays cheap on both stores).
CHUNK: Final = 500


@dataclass(slots=True)
class Evaluation:
    findings: list[Finding] = field(default_factory=list)
    #: A listing stopped early (see :mod:`.groups`): some groups may have gone unexamined.
    truncated: bool = False
    searches: int = 0


def span_of(rule: RuleSpec, end: datetime, overlap: timedelta) -> Window:
    return Window(end - rule.window - overlap, end)


async def evaluate(
    store: EventStore, rule: RuleSpec, end: datetime, overlap: timedelta = timedelta(0)
) -> Evaluation:
    """The findings of one run of ``rule`` ending at ``end`` (see the module for each type)."""
    return await evaluate_span(store, rule, span_of(rule, end, overlap))


async def evaluate_span(store: EventStore, rule: RuleSpec, span: Window) -> Evaluation:
    """The findings of ``rule`` over an explicit span (both ends inclusive)."""
    if rule.type == "threshold":
        return await _threshold(store, rule, span)
    if rule.type == "absence":
        return await _absence(store, rule, span)
    if rule.type == "new_terms":
        return await _new_terms(store, rule, span)
    raise ValueError(f"rule {rule.id!r}: {rule.type} rules are not scheduled")


async def _threshold(store: EventStore, rule: RuleSpec, span: Window) -> Evaluation:
    grouping = await count_groups(
        store, rule.query, rule.group_by, span, min_count=rule.threshold, distinct=rule.distinct
    )
    out = Evaluation(truncated=grouping.truncated, searches=grouping.searches)
    for bucket in grouping.buckets.values():
        if bucket.value >= rule.threshold:
            out.findings.append(
                await _finding(store, rule, rule.group_by, bucket.key, span, bucket.count, bucket.value)
            )
    out.searches += len(out.findings)
    return out


async def _absence(store: EventStore, rule: RuleSpec, span: Window) -> Evaluation:
    before = Window(_start(span) - rule.learn, _start(span) - _JUST_BEFORE)
    if not rule.group_by:
        present = await count_groups(store, rule.query, (), span)
        out = Evaluation(searches=1)
        if not present.buckets:
            out.findings.append(await _silence(store, rule, (), span, before))
        return out
    out = Evaluation()
    if rule.groups is not None:
        watched = {_norm(k): k for k in rule.groups}
    else:
        learned = await count_groups(store, rule.query, rule.group_by, before)
        out.truncated, out.searches = learned.truncated, learned.searches
        watched = {_norm(k): k for k in learned.buckets}
    seen = await _present(store, rule.query, rule.group_by, span, list(watched.values()), out)
    for norm, key in watched.items():
        if norm not in seen:
            out.findings.append(await _silence(store, rule, key, span, before))
    out.searches += len(out.findings)
    return out


async def _new_terms(store: EventStore, rule: RuleSpec, span: Window) -> Evaluation:
    recent = await count_groups(store, rule.query, rule.fields, span)
    out = Evaluation(truncated=recent.truncated, searches=recent.searches)
    history = Window(_start(span) - rule.history, _start(span) - _JUST_BEFORE)
    known = await _present(store, rule.query, rule.fields, history, list(recent.buckets), out)
    for key, bucket in recent.buckets.items():
        if _norm(key) not in known:
            out.findings.append(
                await _finding(store, rule, rule.fields, key, span, bucket.count, bucket.count)
            )
    out.searches += len(out.findings)
    return out


async def _present(
    store: EventStore,
    query: Node,
    fields: tuple[str, ...],
    window: Window,
    keys: list[GroupKey],
    out: Evaluation,
) -> set[tuple[str, ...]]:
    """Which of ``keys`` have a matching event in ``window``: the query restricted to those groups,
    grouped, a chunk of groups at a time."""
    found: set[tuple[str, ...]] = set()
    for i in range(0, len(keys), CHUNK):
        chunk = keys[i : i + CHUNK]
        anyof = Bool(should=tuple(group_filter(MatchAll(), fields, k) for k in chunk))
        grouping: Grouping = await count_groups(store, Bool(must=(query, anyof)), fields, window)
        out.searches += grouping.searches
        out.truncated = out.truncated or grouping.truncated
        found.update(_norm(k) for k in grouping.buckets)
    return found


async def _finding(
    store: EventStore,
    rule: RuleSpec,
    fields: tuple[str, ...],
    key: GroupKey,
    span: Window,
    count: int,
    value: int,
) -> Finding:
    described = await describe(store, group_filter(rule.query, fields, key), span, rule.sample)
    return Finding(
        rule_id=rule.id,
        rule_type=rule.type,
        start=_start(span),
        end=_end(span),
        group=dict(zip(fields, key, strict=True)),
        count=count,
        value=value,
        first_seen=described.first_seen,
        last_seen=described.last_seen,
        events=described.events,
    )


async def _silence(store: EventStore, rule: RuleSpec, key: GroupKey, span: Window, before: Window) -> Finding:
    """An absence finding; its events are the last ones seen before the silence, if any."""
    described = await describe(store, group_filter(rule.query, rule.group_by, key), before, rule.sample)
    return Finding(
        rule_id=rule.id,
        rule_type=rule.type,
        start=_start(span),
        end=_end(span),
        group=dict(zip(rule.group_by, key, strict=True)),
        last_seen=described.last_seen,
        events=described.events,
    )


def _norm(key: Iterable[Any]) -> tuple[str, ...]:
    return tuple(text_of(v) for v in key)


def _start(window: Window) -> datetime:
    assert window.start is not None
    return window.start


def _end(window: Window) -> datetime:
    assert window.end is not None
    return window.end
