"""Detection end to end: events posted to ingest become alerts an analyst lists in the api.

The real services run (ingest, enrich, indexer, alerter, api) on one embedded bus; the rules are the
built-in pack plus a rules folder holding a Sigma rule, a match rule with a webhook action and a
threshold rule. A local HTTP receiver plays the webhook's far end and checks the signature.
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import time
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import orjson
import pytest
from fastapi import FastAPI, Request, Response

from mozdef_common.http import serve
from tests.support.net import free_port
from tests.support.pipeline import InProcessPipeline

SECRET = "webhook-secret-for-the-e2e-test"

SIGMA = """
title: Whoami run
id: 5b1f6c2e-9c3a-4d2e-8f7a-0c1d2e3f4a5b
name: whoami_run
status: test
level: medium
tags: [attack.discovery, attack.t1033]
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\\\whoami.exe'
    condition: selection
---
title: Net user run
id: 9d0e1f2a-3b4c-4d5e-8f6a-7b8c9d0e1f2a
name: net_user_run
status: test
level: low
logsource:
    category: process_creation
    product: windows
detection:
    selection:
        Image|endswith: '\\\\net.exe'
        CommandLine|contains: ' user'
    condition: selection
---
title: Discovery burst on one host
id: 1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d
status: test
level: high
correlation:
    type: temporal
    rules: [whoami_run, net_user_run]
    group-by: [Computer]
    timespan: 5m
    generate: true  # the two rules alert on their own too
"""

MATCH_WITH_WEBHOOK = """
id: e2e.canary-file
name: Canary file touched
type: match
severity: CRITICAL
category: canary
tags: [canary]
summary: "canary touched on {hostname}"
query: 'summary:"canary.txt opened"'
dedup:
  key: [hostname]
  window: 1h
actions:
  - type: webhook
    url: http://127.0.0.1:{port}/hook
    secret_env: MOZDEF_E2E_WEBHOOK_SECRET
"""

THRESHOLD = """
id: e2e.ssh-bruteforce-fast
name: SSH brute force (checked every 2 s)
type: threshold
severity: WARNING
category: bruteforce
summary: "{count} failed SSH logins from {details.sourceipaddress}"
query: 'details.action:failed'
group_by: [details.sourceipaddress]
threshold: 5
window: 10m
schedule: 2s
"""


def nxlog_process(host: str, image: str, command_line: str) -> dict[str, Any]:
    """Sysmon process creation as NXLog's flat JSON renders it."""
    return {
        "EventTime": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S"),
        "Hostname": host,
        "EventID": 1,
        "SourceName": "Microsoft-Windows-Sysmon",
        "Channel": "Microsoft-Windows-Sysmon/Operational",
        "Image": image,
        "CommandLine": command_line,
        "ParentImage": "C:\\Windows\\System32\\cmd.exe",
        "User": "CORP\\mallory",
        "Message": f"Process Create: {command_line}",
    }


def sshd_failure(n: int) -> dict[str, Any]:
    return {
        "hostname": "bastion1",
        "processname": "sshd",
        "processid": 4000 + n,
        "summary": f"Failed password for invalid user admin from 198.51.100.9 port {50000 + n} ssh2",
    }


class Receiver:
    """A webhook's far end: keeps what arrives, with whether its signature was right."""

    def __init__(self) -> None:
        self.port = free_port()
        self.received: list[tuple[dict[str, Any], bool]] = []
        self.arrived = asyncio.Event()
        self.app = FastAPI()

        @self.app.post("/hook")
        async def hook(request: Request) -> Response:
            body = await request.body()
            expected = "sha256=" + hmac.new(SECRET.encode(), body, hashlib.sha256).hexdigest()
            signed = hmac.compare_digest(request.headers.get("x-mozdef-signature", ""), expected)
            self.received.append((orjson.loads(body), signed))
            self.arrived.set()
            return Response(status_code=204)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    hook = Receiver()
    stop, ready = asyncio.Event(), asyncio.Event()
    task = asyncio.create_task(serve(hook.app, host="127.0.0.1", port=hook.port, stop=stop, ready=ready))
    await asyncio.wait_for(ready.wait(), 10)
    yield hook
    stop.set()
    await task


async def alerts_until(
    client: httpx.AsyncClient, rule_id: str, *, event_count: int = 1, timeout_s: float = 30.0
) -> dict[str, Any]:
    """The alert of ``rule_id`` once it counts ``event_count`` events (bounded by ``timeout_s``)."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = (await client.get("/api/v1/alerts", params={"rule_id": rule_id})).raise_for_status().json()
        found = [a for a in answer["alerts"] if a.get("event_count", 0) >= event_count]
        if found:
            return dict(found[0])
        if time.monotonic() > deadline:
            raise AssertionError(f"no alert of {rule_id} with {event_count} events: {answer}")
        await asyncio.sleep(0.2)


async def test_rules_of_every_kind_fire_from_ingest_to_the_analysts(
    tmp_path: Path, receiver: Receiver, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MOZDEF_E2E_WEBHOOK_SECRET", SECRET)
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "whoami.yml").write_text(SIGMA)
    (rules / "canary.yml").write_text(MATCH_WITH_WEBHOOK.replace("{port}", str(receiver.port)))
    (rules / "ssh.yml").write_text(THRESHOLD)
    services = ("indexer", "enrich", "ingest", "alerter", "api")
    async with InProcessPipeline(tmp_path / "data", services=services, rules_dir=rules) as pipeline:
        shipper = {"Authorization": f"Bearer {pipeline.ingest_key}"}
        analyst = {"Authorization": f"Bearer {pipeline.api_key}"}
        old = (datetime.now(UTC) - timedelta(hours=3)).isoformat()
        events = [
            # Sigma, through the Windows normalization; the two together make the temporal correlation.
            nxlog_process("ws1", "C:\\Windows\\System32\\whoami.exe", "whoami /all"),
            nxlog_process("ws1", "C:\\Windows\\System32\\net.exe", "net user /domain"),
            {"hostname": "files1", "summary": "canary.txt opened by bob"},  # match + webhook
            {"hostname": "files1", "summary": "canary.txt opened by bob again"},  # deduplicated
            {"hostname": "gw1", "processname": "kernel", "summary": "device eth0 entered promiscuous mode"},
            {"hostname": "app1", "summary": "a late arrival", "utctimestamp": old},  # the Python rule
            *(sshd_failure(n) for n in range(6)),  # the scheduled threshold
        ]
        async with (
            httpx.AsyncClient(base_url=pipeline.ingest_url, headers=shipper, timeout=10) as ingest,
            httpx.AsyncClient(base_url=pipeline.api_url, headers=analyst, timeout=10) as api,
        ):
            (await ingest.post("/events", json=events)).raise_for_status()

            sigma = await alerts_until(api, "5b1f6c2e-9c3a-4d2e-8f7a-0c1d2e3f4a5b")
            assert sigma["severity"] == "WARNING"
            assert "attack.t1033" in sigma["tags"]
            burst = await alerts_until(api, "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
            assert burst["severity"] == "ERROR"  # Sigma's high

            canary = await alerts_until(api, "e2e.canary-file", event_count=2)
            assert canary["summary"] == "canary touched on files1"
            assert len(canary["events"]) == 2  # one alert for both events: deduplicated

            promisc = await alerts_until(api, "mozdef.host.promiscuous_mode")
            assert promisc["category"] == "promisc"

            await alerts_until(api, "mozdef.pipeline.old_events")

            brute = await alerts_until(api, "e2e.ssh-bruteforce-fast", event_count=6)
            assert brute["summary"] == "6 failed SSH logins from 198.51.100.9"

            found = await api.get(
                "/api/v1/events/search",
                params={"index": "alerts", "q": f"details.rule_id:{canary['rule_id']}"},
            )
            assert [hit["id"] for hit in found.raise_for_status().json()["hits"]] == [canary["id"]]
            event = await api.get(f"/api/v1/events/{canary['events'][0]['id']}")  # and back: event to alert
            assert event.raise_for_status().json()["alerts"] == [canary["id"]]

            await asyncio.wait_for(receiver.arrived.wait(), 30)
            payload, signed = receiver.received[0]
            assert signed
            assert payload["id"] == canary["id"]
            attempts = (await api.get(f"/api/v1/alerts/{canary['id']}/actions")).raise_for_status().json()
            assert attempts, "the webhook's attempt is recorded on the alert"

            listed = (await api.get("/api/v1/rules/e2e.canary-file")).raise_for_status().json()
            assert listed["source"] == "file"
            assert listed["runs"]["total_hits"] >= 1  # the stream rule's hits, as the rules list shows them
            assert listed["runs"]["last_hit"]
        await asyncio.sleep(1)
    assert len(receiver.received) == 1  # the dedup update ran no action again
