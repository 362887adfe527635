from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from mozdef_enrich.timestamps import from_epoch, parse_time, parse_time_iso

from .support import RECEIVED

WANT = datetime(2026, 11, 27, 18, 30, 1, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-27T18:30:01Z",
        "2026-11-27T18:30:01+00:00",
        "2026-11-27T19:30:01+01:00",
        "2026-11-27T13:00:01-05:30",
        "2026-11-27T18:30:01+0000",
        "2026-11-27 18:30:01",  # space instead of T, naive = UTC
        "2026-11-27T18:30:01",
        "  2026-11-27T18:30:01Z  ",
        "20261127T183001Z",
        "Nov 27 18:30:01",  # syslog, year from the reference
        "Nov 27 2026 18:30:01",
        "27/Nov/2026:18:30:01 +0000",  # Apache / nginx
        "[27/Nov/2026:19:30:01 +0100]",
        "Fri, 27 Nov 2026 18:30:01 +0000",  # RFC 2822
        "Fri, 27 Nov 2026 18:30:01 GMT",
        "27 Nov 2026 18:30:01 +0000",
        1795804201,  # epoch seconds
        1795804201.0,
        "1795804201",
        1795804201000,  # ms
        "1795804201000",
        1795804201000000,  # µs
        1795804201000000000,  # ns
        "1795804201000000000",
    ],
)
def test_forms_of_one_instant(value: Any) -> None:
    assert parse_time(value, RECEIVED) == WANT


@pytest.mark.parametrize(
    ("value", "micros"),
    [
        ("2026-11-27T18:30:01.5Z", 500000),
        ("2026-11-27T18:30:01.123Z", 123000),
        ("2026-11-27T18:30:01.123456Z", 123456),
        ("2026-11-27T18:30:01.123456789Z", 123456),  # nanoseconds cut to microseconds
        ("2026-11-27 18:30:01,250", 250000),  # Python logging's comma
        ("2026-11-27T18:30:01.1234567 +00:00", 123456),
        ("Nov 27 18:30:01.042", 42000),
        (1795804201.25, 250000),
        ("1795804201.25", 250000),
        (1795804201123, 123000),
        (1795804201123456, 123456),
        (1795804201123456789, 123456),
    ],
)
def test_fractions(value: Any, micros: int) -> None:
    assert parse_time(value, RECEIVED) == WANT.replace(microsecond=micros)


def test_results_are_aware_utc() -> None:
    parsed = parse_time("2026-11-27T20:30:01+02:00", RECEIVED)
    assert parsed is not None
    assert parsed.tzinfo is UTC
    assert parsed == WANT


def test_syslog_year_is_last_year_when_it_would_be_in_the_future() -> None:
    january = datetime(2027, 1, 1, 0, 5, tzinfo=UTC)
    assert parse_time("Dec 31 23:59:58", january) == datetime(2026, 12, 31, 23, 59, 58, tzinfo=UTC)
    # within a day ahead (clock skew) stays this year
    assert parse_time("Jan  1 10:00:00", january) == datetime(2027, 1, 1, 10, tzinfo=UTC)


def test_syslog_single_digit_day_with_two_spaces() -> None:
    assert parse_time("Nov  7 08:00:00", RECEIVED) == datetime(2026, 11, 7, 8, tzinfo=UTC)


def test_feb_29_in_a_non_leap_reference_year_goes_to_a_leap_year_before() -> None:
    # 2027 is not a leap year; 2026 neither: no valid date, so None rather than a wrong one
    assert parse_time("Feb 29 10:00:00", datetime(2027, 3, 1, tzinfo=UTC)) is None
    assert parse_time("Feb 29 10:00:00", datetime(2029, 3, 1, tzinfo=UTC)) == datetime(
        2028, 2, 29, 10, tzinfo=UTC
    )


def test_all_digit_string_is_epoch_not_compact_date() -> None:
    assert parse_time("20261127", RECEIVED) == datetime(1970, 8, 23, 12, 5, 27, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "",
        "   ",
        "yesterday",
        "2026-13-45T99:99:99Z",
        "Foo 27 18:30:01",
        "27/Foo/2026:18:30:01 +0000",
        "x" * 100,
        None,
        True,
        [2026],
        {"t": 1},
        float("nan"),
        float("inf"),
        10**30,
        -(10**30),
        "1e400",
    ],
)
def test_unreadable_values_are_none(value: Any) -> None:
    assert parse_time(value, RECEIVED) is None


def test_epoch_magnitudes() -> None:
    assert from_epoch(0) == datetime(1970, 1, 1, tzinfo=UTC)
    assert from_epoch(99_999_999_999) == datetime(5138, 11, 16, 9, 46, 39, tzinfo=UTC)  # still seconds
    assert from_epoch(100_000_000_000) == datetime(1973, 3, 3, 9, 46, 40, tzinfo=UTC)  # milliseconds
    assert from_epoch(-1) == datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)


@pytest.mark.parametrize(
    "value",
    [
        "2026-11-27T18:30:01.250000+00:00",  # already stored form: kept as is
        "0999-01-01T00:00:00.000000+00:00",
        "2026-11-27T18:30:01,250000+00:00",  # same length, another separator
        "2026-11-27T19:30:01.250000+01:00",
        "2026-11-27T18:30:01Z",
        "2026-02-29T00:00:00.000000+00:00",  # stored form, but no such day
        "2026-11-27T24:00:00.000000+00:00",
        1795804201,
        "Nov 27 18:30:01",
        "garbage",
        None,
    ],
)
def test_iso_answer_is_parse_time_in_stored_form(value: Any) -> None:
    parsed = parse_time(value, RECEIVED)
    want = None if parsed is None else parsed.isoformat(timespec="microseconds")
    assert parse_time_iso(value, RECEIVED) == want


def test_digits_that_are_not_ascii_are_no_time() -> None:
    # "²".isdigit() is true and int("²") raises: such a value must be refused, never crash the event.
    assert parse_time("²", RECEIVED) is None
