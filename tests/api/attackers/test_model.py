"""The pure part: addresses, sightings, folding alerts into a profile, scores, phases, merges."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import orjson
import pytest

from mozdef_api.alerts.model import decode_alert
from mozdef_api.attackers import addresses, phase, score
from mozdef_api.attackers.model import combine, empty, fold, sightings, view
from mozdef_common.state import Document
from tests.api.attackers.conftest import attack


def decoded(alert: dict[str, object]) -> Document:
    return decode_alert(orjson.dumps(alert))


def profile_of(*alerts: dict[str, object]) -> Document:
    doc = empty(sightings(decoded(alerts[0]))[0].address)
    for alert in alerts:
        for sighting in sightings(decoded(alert)):
            doc.update(fold(doc, sighting) or {})
    return doc


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("203.0.113.7", "203.0.113.7"),
        (" 2001:DB8:0::0:1 ", "2001:db8::1"),
        ("::ffff:198.51.100.2", "198.51.100.2"),
        ("fe80::1%eth0", "fe80::1"),
        ("not-an-ip", None),
        ("", None),
        (7, None),
    ],
)
def test_addresses_have_one_spelling(raw: object, expected: str | None) -> None:
    assert addresses.canonical(raw) == expected


def test_the_group_names_the_attacker_before_the_sample_events() -> None:
    event = {"id": "e", "details": {"sourceipaddress": "198.51.100.9"}}
    assert addresses.sources(attack("203.0.113.7", events=[event])) == ["203.0.113.7"]
    events = [event, {"id": "f", "details": {"sourceipaddress": "198.51.100.9"}}, {"id": "g"}]
    assert addresses.sources(attack(None, events=events)) == ["198.51.100.9"]
    assert addresses.sources(attack(None, group={"details.sourceipaddress": "junk"})) == []


def test_countries_and_targets_come_from_the_attackers_own_events() -> None:
    events = [
        {"details": {"sourceipaddress": "203.0.113.7", "sourceipgeolocation": {"country_code": "nl"}}},
        {"details": {"sourceipaddress": "198.51.100.1", "sourceipgeolocation": {"country_code": "FR"}}},
        {"hostname": "Web1.example.com", "details": {"sourceipaddress": "203.0.113.7"}},
    ]
    alert = attack("203.0.113.7", events=events, group={"details.sourceipaddress": "203.0.113.7"})
    assert addresses.countries(alert, "203.0.113.7") == {"NL"}
    assert addresses.targets(alert, "203.0.113.7") == {"web1.example.com"}


def test_an_alert_is_counted_once_and_a_republication_adds_only_new_events() -> None:
    alert = attack("203.0.113.7", event_count=10)
    doc = profile_of(alert)
    assert (doc["alert_count"], doc["event_count"]) == (1, 10)
    (sighting,) = sightings(decoded(alert))
    assert fold(doc, sighting) is None  # a replay changes nothing
    republished = {**alert, "event_count": 25, "last_seen": datetime.now(UTC).isoformat()}
    (again,) = sightings(decoded(republished))
    changes = fold(doc, again)
    assert changes is not None
    doc.update(changes)
    assert (doc["alert_count"], doc["event_count"]) == (1, 25)
    assert doc["last_seen"] == decoded(republished)["last_seen"]
    assert doc["rank"] == profile_of(alert)["rank"]  # the score counts alerts, not re-publications
    older = {**alert, "event_count": 12}  # an earlier state arriving late moves nothing back
    (late,) = sightings(decoded(older))
    assert fold(doc, late) is None


def test_counters_and_phase_follow_the_alerts() -> None:
    scan = attack("203.0.113.7", category="scan", severity="INFO", tags=[], rule_id="scan")
    doc = profile_of(scan, attack("203.0.113.7"), attack("203.0.113.7", tags=["attack.exfiltration"]))
    shown = view(doc, datetime.now(UTC))
    assert shown["categories"] == {"bruteforce": 2, "scan": 1}
    assert shown["severities"] == {"WARNING": 2, "INFO": 1}
    assert shown["rules"] == {"mozdef.ssh.bruteforce": 2, "scan": 1}
    assert doc["category_names"] == ["bruteforce", "scan"]
    assert doc["phase"] == "actions on objectives"
    assert sorted(doc["phases_seen"]) == ["actions on objectives", "exploitation", "reconnaissance"]


def test_phases_come_from_tactic_tags_before_categories() -> None:
    assert phase.phases_of("bruteforce", ["attack.initial_access", "attack.t1110"]) == {"delivery"}
    assert phase.phases_of("bruteforce", ["ssh"]) == {"exploitation"}
    assert phase.phases_of("Command_and_Control", []) == {"command and control"}
    assert phase.phases_of("misc", []) == set()
    assert phase.furthest(["delivery", "reconnaissance", "nonsense"]) == "delivery"
    assert phase.furthest([]) is None


def test_scores_halve_every_half_life_and_add_in_any_order() -> None:
    now = datetime.now(UTC)
    week = timedelta(days=score.HALF_LIFE_DAYS)
    warning = score.alert_rank("WARNING", now)
    assert score.score(warning, now) == pytest.approx(3.0)
    assert score.score(warning, now + week) == pytest.approx(1.5)
    assert score.score(warning, now + 2 * week) == pytest.approx(0.75)
    old = score.alert_rank("CRITICAL", now - 3 * week)
    both = score.add(warning, old)
    assert both == pytest.approx(score.add(old, warning))
    assert score.score(both, now) == pytest.approx(3.0 + 1.0)
    assert score.score(score.subtract(both, old), now) == pytest.approx(3.0)
    assert warning >= score.threshold(3.0, now) - 1e-9
    assert warning < score.threshold(3.0, now + week)
    assert score.score(None, now) == 0.0


def test_a_merge_adds_the_other_profile_and_counts_shared_alerts_once() -> None:
    shared = attack("203.0.113.7", event_count=4)
    primary = profile_of(attack("203.0.113.7", event_count=1), shared)
    other = profile_of(
        attack("198.51.100.2", event_count=2),
        {**shared, "group": {"details.sourceipaddress": "198.51.100.2"}},
    )
    other["notes"] = [{"author": "ann", "at": "2020-01-01", "text": "seen in the vpn logs"}]
    changes = combine(primary, other)
    assert changes is not None
    merged = {**primary, **changes}
    assert (merged["alert_count"], merged["event_count"]) == (3, 7)  # not 4 and 11
    now = datetime.now(UTC)
    assert score.score(merged["rank"], now) == pytest.approx(9.0, rel=1e-3)  # three WARNING alerts
    assert merged["aliases"] == ["198.51.100.2"]
    assert "vpn logs" in merged["text"]
    assert combine(merged, other) is None  # absorbed already
