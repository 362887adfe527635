"""``/api/v1/attackers`` and its feeds over the real app (ASGI), on profiles built by the real consumer."""

from __future__ import annotations

import pytest

from mozdef_api.attackers import feeds
from mozdef_common.bus import Bus
from tests.api.attackers.conftest import ago, attack, count_alerts
from tests.support.api import Api

BASE = "/api/v1/attackers"


@pytest.fixture
async def seeded(api: Api, bus: Bus) -> Api:
    """Three attackers: a fresh critical one, a fresh scanner from NL, and one a month old."""
    geo = {"details": {"sourceipaddress": "198.51.100.2", "sourceipgeolocation": {"country_code": "NL"}}}
    await count_alerts(
        api,
        bus,
        [
            attack("203.0.113.7", severity="CRITICAL"),
            attack(
                "203.0.113.7",
                severity="CRITICAL",
                group={"details.sourceipaddress": "203.0.113.7", "details.hostname": "DB1"},
            ),
            attack("198.51.100.2", category="scan", severity="INFO", events=[geo]),
            attack("192.0.2.50", utctimestamp=ago(days=30), last_seen=ago(days=30)),
        ],
    )
    feeds.cache_of(api.app).ttl_s = 0.0  # every request reads the store
    return api


async def test_the_list_sorts_by_score_or_last_seen_and_hides_aliases(seeded: Api) -> None:
    viewer = await seeded.client("viewer")
    body = (await viewer.get(BASE)).json()
    assert body["total"] == 3
    assert [a["id"] for a in body["attackers"]] == ["203.0.113.7", "198.51.100.2", "192.0.2.50"]
    top = body["attackers"][0]
    assert top["score"] == pytest.approx(16.0, rel=1e-3)
    assert top["categories"] == {"bruteforce": 2}
    assert top["phase"] == top["phase_derived"] == "exploitation"
    assert "seen" not in top
    assert "rank" not in top
    old = body["attackers"][2]
    assert old["score"] == pytest.approx(3.0 / 2 ** (30 / 7), rel=1e-2)  # decayed at read time
    by_time = (await viewer.get(BASE, params={"sort": "last_seen"})).json()
    assert by_time["attackers"][-1]["id"] == "192.0.2.50"
    assert (await viewer.get(BASE, params={"size": 0})).json() == {"total": 3, "attackers": []}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"min_score": 2}, ["203.0.113.7"]),
        ({"min_score": 0.5}, ["203.0.113.7", "198.51.100.2"]),
        ({"category": "scan"}, ["198.51.100.2"]),
        ({"country": "nl"}, ["198.51.100.2"]),
        ({"phase": "reconnaissance"}, ["198.51.100.2"]),
        ({"since": "now-7d"}, ["203.0.113.7", "198.51.100.2"]),
        ({"q": "203.0.113"}, ["203.0.113.7"]),
        ({"q": "192.0.2.50", "since": "now-1d"}, []),
    ],
)
async def test_filters(seeded: Api, params: dict[str, str | float], expected: list[str]) -> None:
    viewer = await seeded.client("viewer")
    response = await viewer.get(BASE, params=params)
    assert response.status_code == 200, response.text
    assert [a["id"] for a in response.json()["attackers"]] == expected


async def test_detail_notes_and_patch(seeded: Api) -> None:
    analyst = await seeded.client("analyst", name="ann")
    detail = (await analyst.get(f"{BASE}/203.0.113.7")).json()
    assert detail["targets"] == {"db1": 1}  # what the rule grouped on
    assert (await analyst.get(f"{BASE}/2001:db8::99")).status_code == 404
    note = await analyst.post(f"{BASE}/203.0.113.7/notes", json={"text": "Known botnet node"})
    assert note.status_code == 201
    assert note.json()["notes"][0]["author"] == "apikey:ann"
    version = note.json()["version"]
    patch = {"version": version, "tags": ["botnet", "botnet", " ssh "], "phase": "delivery", "name": "Crew"}
    changed = (await analyst.patch(f"{BASE}/203.0.113.7", json=patch)).json()
    assert changed["tags"] == ["botnet", "ssh"]
    assert (changed["phase"], changed["phase_override"], changed["phase_derived"]) == (
        "delivery",
        "delivery",
        "exploitation",
    )
    stale = await analyst.patch(f"{BASE}/203.0.113.7", json={"version": version, "name": "x"})
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["tags"] == ["botnet", "ssh"]
    assert "seen" not in stale.json()["error"]["current"]
    cleared = await analyst.patch(f"{BASE}/203.0.113.7", json={"version": changed["version"], "phase": None})
    assert cleared.json()["phase"] == "exploitation"
    for q in ("BOTNET NODE", "crew"):  # notes, tags and names are searchable
        found = (await analyst.get(BASE, params={"q": q})).json()["attackers"]
        assert [a["id"] for a in found] == ["203.0.113.7"]
    _, audit = await seeded.state.collection("audit").find({"target": "attacker/203.0.113.7"})
    assert sorted(r["action"] for r in audit) == ["attacker.note", "attacker.update", "attacker.update"]


async def test_merge_makes_aliases_that_resolve_to_the_merged_profile(seeded: Api) -> None:
    analyst = await seeded.client("analyst")
    merged = await analyst.post(f"{BASE}/203.0.113.7/merge", json={"others": ["198.51.100.2", "192.0.2.50"]})
    assert merged.status_code == 200, merged.text
    body = merged.json()
    assert body["addresses"] == ["203.0.113.7", "198.51.100.2", "192.0.2.50"]
    assert (body["alert_count"], body["countries"]) == (4, {"NL": 1})
    assert (await analyst.get(f"{BASE}/198.51.100.2")).json()["id"] == "203.0.113.7"
    listed = (await analyst.get(BASE)).json()
    assert [a["id"] for a in listed["attackers"]] == ["203.0.113.7"]
    refused = await analyst.post(f"{BASE}/198.51.100.2/merge", json={"others": ["203.0.113.7"]})
    assert refused.status_code == 409
    missing = await analyst.post(f"{BASE}/203.0.113.7/merge", json={"others": ["10.9.9.9"]})
    assert missing.status_code == 404
    _, audit = await seeded.state.collection("audit").find({"action": "attacker.merge"})
    assert audit[0]["details"] == {"others": ["198.51.100.2", "192.0.2.50"]}


async def test_feeds_list_every_address_above_the_score(seeded: Api) -> None:
    viewer = await seeded.client("viewer")
    text = await viewer.get(f"{BASE}.txt", params={"min_score": 0.5})
    assert text.headers["content-type"].startswith("text/plain")
    assert text.text == "203.0.113.7\n198.51.100.2\n"
    assert (await viewer.get(f"{BASE}.txt")).text == "203.0.113.7\n"  # default min_score 1
    analyst = await seeded.client("analyst")
    await analyst.post(f"{BASE}/203.0.113.7/merge", json={"others": ["192.0.2.50"]})
    as_json = (await viewer.get(f"{BASE}.json", params={"min_score": 2})).json()
    assert as_json["count"] == 2
    assert [(e["address"], e["attacker"]) for e in as_json["attackers"]] == [
        ("203.0.113.7", "203.0.113.7"),
        ("192.0.2.50", "203.0.113.7"),
    ]
    assert (await viewer.get(f"{BASE}.txt", params={"min_score": 0})).status_code == 422


async def test_the_feed_is_cached_a_few_seconds(seeded: Api, bus: Bus) -> None:
    viewer = await seeded.client("viewer")
    feeds.cache_of(seeded.app).ttl_s = 60.0
    assert (await viewer.get(f"{BASE}.txt")).text == "203.0.113.7\n"
    await count_alerts(seeded, bus, [attack("198.51.100.77", severity="ALERT")])
    assert (await viewer.get(f"{BASE}.txt")).text == "203.0.113.7\n"  # from the cache
    feeds.cache_of(seeded.app).ttl_s = 0.0
    assert "198.51.100.77" in (await viewer.get(f"{BASE}.txt")).text


@pytest.mark.parametrize(
    ("role", "reads", "writes"),
    [("viewer", 200, 403), ("analyst", 200, 201), ("shipper", 403, 403), (None, 401, 401)],
)
async def test_viewers_read_and_analysts_write(
    seeded: Api, role: str | None, reads: int, writes: int
) -> None:
    client = await seeded.client(role)
    for path in (BASE, f"{BASE}/203.0.113.7", f"{BASE}.txt", f"{BASE}.json"):
        assert (await client.get(path)).status_code == reads, path
    assert (await client.post(f"{BASE}/203.0.113.7/notes", json={"text": "n"})).status_code == writes
    patched = await client.patch(f"{BASE}/203.0.113.7", json={"version": 99, "name": "x"})
    assert patched.status_code == (409 if writes == 201 else writes)
    merged = await client.post(f"{BASE}/203.0.113.7/merge", json={"others": ["192.0.2.50"]})
    assert merged.status_code == (200 if writes == 201 else writes)
