"""Alert stats for charts: counts by severity per time bucket and by category."""

from __future__ import annotations

from mozdef_common.bus import Bus
from tests.api.alerts.conftest import make_alert, store_alerts
from tests.support.api import Api

STATS = "/api/v1/alerts/stats"


async def test_counts_per_bucket_and_category(api: Api, bus: Bus) -> None:
    day = "2026-11-27T"
    await store_alerts(
        api,
        bus,
        [
            make_alert(utctimestamp=f"{day}10:05:00Z", severity="WARNING", category="bruteforce"),
            make_alert(utctimestamp=f"{day}10:55:00Z", severity="CRITICAL", category="bruteforce"),
            make_alert(utctimestamp=f"{day}11:00:00Z", severity="WARNING", category="proxy"),
            make_alert(utctimestamp=f"{day}12:59:59Z", severity="NOTICE", category="proxy"),
            make_alert(utctimestamp=f"{day}09:59:59Z", severity="WARNING", category="outside"),
        ],
    )
    client = await api.client("viewer")
    response = await client.get(STATS, params={"start": f"{day}10:00:00Z", "end": f"{day}12:30:00Z"})
    assert response.status_code == 200, response.text
    stats = response.json()
    assert stats["total"] == 3
    assert stats["by_severity"] == {"WARNING": 2, "CRITICAL": 1}
    assert stats["by_category"] == {"bruteforce": 2, "proxy": 1}
    assert [(b["start"][11:16], b["total"], b["by_severity"]) for b in stats["buckets"]] == [
        ("10:00", 2, {"WARNING": 1, "CRITICAL": 1}),
        ("11:00", 1, {"WARNING": 1}),
        ("12:00", 0, {}),  # up to the end only: 12:59:59 is past it
    ]
    daily = await client.get(
        STATS, params={"start": f"{day}00:00:00Z", "end": f"{day}23:59:59Z", "interval": "1d"}
    )
    assert [b["total"] for b in daily.json()["buckets"]] == [5]


async def test_defaults_and_refusals(api: Api) -> None:
    client = await api.client("viewer")
    stats = (await client.get(STATS)).json()
    assert stats["interval"] == "1h"
    assert stats["total"] == 0
    assert 24 <= len(stats["buckets"]) <= 25  # the last 24 hours
    too_fine = await client.get(STATS, params={"start": "now-30d", "interval": "1m"})
    assert too_fine.status_code == 400
    assert "use a wider interval" in too_fine.json()["error"]["reason"]
    assert (await client.get(STATS, params={"interval": "hourly"})).status_code == 400
    assert (await client.get(STATS, params={"start": "now", "end": "now-1h"})).status_code == 400
