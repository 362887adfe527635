from __future__ import annotations

from typing import Any

import pytest

from mozdef_enrich.severity import map_severity


@pytest.mark.parametrize(
    ("value", "want"),
    [
        (0, "EMERGENCY"),
        (1, "ALERT"),
        (2, "CRITICAL"),
        (3, "ERROR"),
        (4, "WARNING"),
        (5, "NOTICE"),
        (6, "INFO"),
        (7, "DEBUG"),
        ("3", "ERROR"),
        (4.0, "WARNING"),
        ("emerg", "EMERGENCY"),
        ("panic", "EMERGENCY"),
        ("alert", "ALERT"),
        ("crit", "CRITICAL"),
        ("Critical", "CRITICAL"),
        ("fatal", "CRITICAL"),
        ("err", "ERROR"),
        ("error", "ERROR"),
        ("warn", "WARNING"),
        ("Warning", "WARNING"),
        ("notice", "NOTICE"),
        ("info", "INFO"),
        ("information", "INFO"),
        ("Informational", "INFO"),
        ("debug", "DEBUG"),
        ("trace", "DEBUG"),
        (" info ", "INFO"),
        (10, "DEBUG"),  # Python logging levels
        (20, "INFO"),
        (30, "WARNING"),
        (40, "ERROR"),
        (50, "CRITICAL"),
        ("high", "HIGH"),  # unknown: kept, upper-cased
        (99, "99"),
        (2.5, "2.5"),
        ("", "INFO"),
    ],
)
def test_mapping(value: Any, want: str) -> None:
    assert map_severity(value) == want


def test_priority_is_a_syslog_pri() -> None:
    assert map_severity(13, key="priority") == "NOTICE"  # user.notice = 1 * 8 + 5
    assert map_severity("38", key="priority") == "INFO"  # auth.info = 4 * 8 + 6
    assert map_severity(3, key="priority") == "ERROR"
    assert map_severity(13, key="severity") == "13"


@pytest.mark.parametrize("value", [None, True, {"a": 1}, [1]])
def test_non_scalars_are_none(value: Any) -> None:
    assert map_severity(value) is None


def test_a_name_seen_before_maps_the_same_and_digits_still_depend_on_the_key() -> None:
    for _ in range(2):  # the second round answers from what the first one learnt
        assert map_severity(" warn ") == "WARNING"
        assert map_severity("high") == "HIGH"
        assert map_severity("86", key="priority") == "INFO"
        assert map_severity("86") == "86"


def test_digits_that_are_not_ascii_are_kept_as_text() -> None:
    assert map_severity("²") not in ("", None)
