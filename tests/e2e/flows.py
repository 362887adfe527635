"""End-to-end flows written once, run on every bus: post the way shippers do, find by search."""

from __future__ import annotations

import gzip
import uuid

import httpx
import orjson

from tests.support.pipeline import InProcessPipeline, search_until

__all__ = ["search_until"]


def marker() -> str:
    return f"m{uuid.uuid4().hex[:12]}"


async def post(pipeline: InProcessPipeline, path: str, body: bytes, **headers: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=pipeline.ingest_url, timeout=30) as client:
        auth = {"Authorization": f"Bearer {pipeline.ingest_key}"}
        return await client.post(path, content=body, headers={**auth, **headers})


async def array_ndjson_gzip_and_bulk(pipeline: InProcessPipeline) -> None:
    tag = marker()
    array = [{"summary": f"array {tag} {i}", "hostname": "web1", "severity": "warning"} for i in range(5)]
    response = await post(pipeline, "/events", orjson.dumps(array), **{"content-type": "application/json"})
    assert response.status_code < 300, response.text

    ndjson = b"\n".join(orjson.dumps({"message": f"ndjson {tag} {i}", "host": "web2"}) for i in range(4))
    response = await post(pipeline, "/events", ndjson, **{"content-type": "application/x-ndjson"})
    assert response.status_code < 300, response.text

    zipped = gzip.compress(orjson.dumps({"summary": f"gzip {tag}", "hostname": "web3"}))
    response = await post(
        pipeline, "/events", zipped, **{"content-type": "application/json", "content-encoding": "gzip"}
    )
    assert response.status_code < 300, response.text

    bulk = b"".join(
        orjson.dumps({"index": {"_index": "syslog-2026"}})
        + b"\n"
        + orjson.dumps({"message": f"bulk {tag} {i}", "hostname": "web4"})
        + b"\n"
        for i in range(3)
    )
    response = await post(pipeline, "/_bulk", bulk, **{"content-type": "application/x-ndjson"})
    assert response.status_code == 200, response.text
    assert response.json()["errors"] is False

    answer = await search_until(pipeline, f"summary:{tag}", expect=13)
    assert answer["total"] == 13
    by_summary = {hit["source"]["summary"]: hit["source"] for hit in answer["hits"]}
    assert by_summary[f"array {tag} 0"]["severity"] == "WARNING"
    assert by_summary[f"ndjson {tag} 0"]["hostname"] == "web2"
    assert by_summary[f"gzip {tag}"]["hostname"] == "web3"
    bulk_event = by_summary[f"bulk {tag} 0"]
    assert bulk_event["mozdef"]["index"] == "syslog-2026"
    for hit in answer["hits"]:
        assert hit["index"].startswith("events-")
        assert hit["id"] == hit["source"]["id"]


async def sshd_normalized(pipeline: InProcessPipeline) -> None:
    tag = marker()
    event = {
        "hostname": f"bastion-{tag}",
        "program": "sshd",
        "pid": 4242,
        "timestamp": "2026-11-27T10:00:00+01:00",
        "message": "Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2",
        "datacenter": "mdc1",
    }
    response = await post(pipeline, "/events", orjson.dumps(event), **{"content-type": "application/json"})
    assert response.status_code < 300, response.text
    answer = await search_until(
        pipeline,
        f'hostname:"bastion-{tag}" AND details.sourceipaddress:"203.0.113.7" AND details.username:admin',
        expect=1,
    )
    assert answer["total"] == 1
    source = answer["hits"][0]["source"]
    assert source["processname"] == "sshd"
    assert source["processid"] == "4242"
    assert source["utctimestamp"] == "2026-11-27T09:00:00.000000+00:00"
    assert source["details"]["sourceport"] == 52144
    assert source["details"]["datacenter"] == "mdc1"  # unmapped keys move under details
    assert "receivedtimestamp" in source


async def custom_endpoint(pipeline: InProcessPipeline) -> None:
    tag = marker()
    body = orjson.dumps({"Some Key": "kept as sent", "marker": tag})
    response = await post(pipeline, "/custom/myapp", body, **{"content-type": "application/json"})
    assert response.status_code < 300, response.text
    answer = await search_until(pipeline, f"details.marker:{tag}", expect=1)
    source = answer["hits"][0]["source"]
    assert source["category"] == "myapp"
    assert source["details"]["Some Key"] == "kept as sent"
