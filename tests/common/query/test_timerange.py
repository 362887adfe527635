from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mozdef_common.errors import QueryError
from mozdef_common.query.timerange import parse_time, to_micros

NOW = datetime(2026, 11, 27, 10, 30, 45, 123456, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-27T10:00:00Z", datetime(2026, 11, 27, 10, tzinfo=UTC)),
        ("2026-11-27T10:00:00+01:00", datetime(2026, 11, 27, 9, tzinfo=UTC)),
        ("2026-11-27T10:00:00.5", datetime(2026, 11, 27, 10, 0, 0, 500000, tzinfo=UTC)),
        ("2026-11-27", datetime(2026, 11, 27, tzinfo=UTC)),
        ("20261127", datetime(2026, 11, 27, tzinfo=UTC)),
        ("now", NOW),
        (" now ", NOW),
        ("now-15m", NOW - timedelta(minutes=15)),
        ("now-2h", NOW - timedelta(hours=2)),
        ("now-7d", NOW - timedelta(days=7)),
        ("now+1d", NOW + timedelta(days=1)),
        ("now-30s", NOW - timedelta(seconds=30)),
        ("now-1w", NOW - timedelta(weeks=1)),
        ("now-1d+2h", NOW - timedelta(days=1) + timedelta(hours=2)),
        ("now/d", datetime(2026, 11, 27, tzinfo=UTC)),
        ("now-1d/d", datetime(2026, 11, 26, tzinfo=UTC)),
        ("now/h", datetime(2026, 11, 27, 10, tzinfo=UTC)),
        ("now/m", datetime(2026, 11, 27, 10, 30, tzinfo=UTC)),
        ("now/s", datetime(2026, 11, 27, 10, 30, 45, tzinfo=UTC)),
        ("now/w", datetime(2026, 11, 23, tzinfo=UTC)),
        ("1795773600000", datetime(2026, 11, 27, 10, tzinfo=UTC)),
        (1795773600000, datetime(2026, 11, 27, 10, tzinfo=UTC)),
        (1795773600000.5, datetime(2026, 11, 27, 10, 0, 0, 500, tzinfo=UTC)),
    ],
)
def test_accepted_forms(value: str | float, expected: datetime) -> None:
    parsed = parse_time(value, now=NOW)
    assert parsed == expected
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    "value", ["yesterday", "now-", "now-15", "now-15y", "now*2", "now/x", "2026-13-01", "", "now-9999999999d"]
)
def test_errors_name_the_value(value: str) -> None:
    with pytest.raises(QueryError) as info:
        parse_time(value, now=NOW)
    assert repr(value) in str(info.value)


def test_bool_is_not_a_time() -> None:
    with pytest.raises(QueryError):
        parse_time(True)


def test_to_micros_is_exact() -> None:
    assert to_micros(datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=UTC)) == 1
    assert to_micros(datetime(2026, 11, 27, 10, 0, 0, 123456)) == 1795773600123456
