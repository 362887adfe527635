"""The metrics arithmetic on hand-built incidents: MTTD, MTTA, MTTC, MTTR, counts and days."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from mozdef_api.stats import (
    acknowledgements,
    incident_stats,
    intervals,
    opened_per_day,
    summarize,
)

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def at(hour: float) -> str:
    """An ISO time ``hour`` hours after T0 (as stored)."""
    return datetime.fromtimestamp(T0.timestamp() + hour * 3600, UTC).isoformat()


def incident(**dates: float | None) -> dict[str, Any]:
    return {"dates": {name: at(h) for name, h in dates.items() if h is not None}}


def test_summaries() -> None:
    assert summarize([]).model_dump() == {"mean_s": None, "median_s": None, "count": 0}
    assert summarize([10.0, 20.0, 60.0]).model_dump() == {"mean_s": 30.0, "median_s": 20.0, "count": 3}
    assert summarize([1.0, 2.0, 3.0, 4.0]).median_s == 2.5


def test_intervals_need_both_dates_and_skip_negative_ones() -> None:
    incidents = [
        incident(opened=0, reported=2),  # 2 h
        incident(opened=0, reported=0.5),  # 30 min
        incident(opened=0),  # never reported: left out
        incident(opened=5, reported=1),  # reported before opened: a data error, left out
        {"dates": {"opened": "garbage", "reported": at(1)}},  # unreadable: left out
        {},
    ]
    assert intervals(incidents, "opened", "reported") == [7200.0, 1800.0]


def test_mtta_is_first_acknowledgement_minus_first_alert_per_incident() -> None:
    alerts: dict[str, dict[str, Any]] = {
        "a1": {"utctimestamp": at(1), "acknowledged": {"at": at(3), "by": "alice"}},
        "a2": {"utctimestamp": at(0), "acknowledged": {"at": at(4), "by": "bob"}},
        "a3": {"utctimestamp": at(0)},  # never acknowledged
        "a4": {"utctimestamp": at(2), "acknowledged": {"at": at(2.25), "by": "carol"}},
    }
    linked = {"links": [{"kind": "alert", "target": "a1"}, {"kind": "alert", "target": "a2"}]}
    assert acknowledgements([linked], alerts) == [3 * 3600.0]  # first ack (h3) - first alert (h0)
    assert acknowledgements([{"links": [{"kind": "alert", "target": "a3"}]}], alerts) == []
    assert acknowledgements([{"links": [{"kind": "alert", "target": "gone"}]}], alerts) == []
    assert acknowledgements([{"links": [{"kind": "event", "target": "a4"}]}], alerts) == []
    assert acknowledgements([{"links": [{"kind": "alert", "target": "a4"}]}], alerts) == [900.0]


def test_the_whole_report() -> None:
    cases = [
        {
            **incident(opened=0, reported=1, contained=5, closed=25),
            "phase": "Closed",
            "severity": "HIGH",
            "veris": ["action.hacking.variety.Brute force", "action.malware", "asset.variety.S - Mail"],
        },
        {**incident(opened=24, reported=27, contained=28), "phase": "Eradication", "severity": "HIGH"},
        {
            **incident(opened=50, reported=50),
            "phase": "Identification",
            "severity": "LOW",
            "veris": ["actor"],
        },
    ]
    report = incident_stats(cases, {}, T0, datetime(2026, 3, 4, tzinfo=UTC))
    assert report.total == 3
    assert report.mttd.model_dump() == {"mean_s": 4 * 3600 / 3, "median_s": 3600.0, "count": 3}
    assert report.mttc.model_dump() == {"mean_s": 2.5 * 3600, "median_s": 2.5 * 3600, "count": 2}
    assert report.mttr.model_dump() == {"mean_s": 24 * 3600.0, "median_s": 24 * 3600.0, "count": 1}
    assert report.mtta.count == 0
    assert report.by_phase == {"Closed": 1, "Eradication": 1, "Identification": 1}
    assert report.by_severity == {"HIGH": 2, "LOW": 1}
    assert report.by_veris_category == {"action": 1, "asset": 1, "actor": 1}
    assert report.opened_per_day == {"2026-03-01": 1, "2026-03-02": 1, "2026-03-03": 1}


def test_days_without_incidents_are_listed_in_short_periods_only() -> None:
    one = [incident(opened=30)]
    assert opened_per_day(one, T0, datetime(2026, 3, 3, 12, tzinfo=UTC)) == {
        "2026-03-01": 0,
        "2026-03-02": 1,
        "2026-03-03": 0,
    }
    assert opened_per_day(one, datetime(2020, 1, 1, tzinfo=UTC), T0) == {"2026-03-02": 1}
