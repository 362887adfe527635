"""Bad input, generated from a seed and posted to a real server: never a 5xx, never a dead service,
and the valid items of mixed bodies still land on the bus."""

from __future__ import annotations

import asyncio
import gzip
import random
from collections.abc import AsyncIterator, Callable, Iterator
from typing import Any

import httpx
import orjson

from mozdef_common import topics
from mozdef_common.bus import open_bus
from tests.ingest.conftest import read_raw

SEED = 20240501
JSON = "application/json"
NDJSON = "application/x-ndjson"
Case = tuple[str, str, bytes, dict[str, str]]  # (label, path, body, headers)


def event(rng: random.Random) -> dict[str, Any]:
    return {
        "summary": f"Failed password for root from 10.0.{rng.randrange(256)}.{rng.randrange(256)} port 22",
        "hostname": f"host{rng.randrange(100)}",
        "details": {"n": rng.random(), "tags": ["a", "b"]},
    }


def nested(depth: int) -> bytes:
    return b'{"a":' * depth + b"1" + b"}" * depth


def garbage_json(rng: random.Random) -> bytes:
    """Valid-looking JSON, cut or corrupted somewhere."""
    text = orjson.dumps([event(rng) for _ in range(rng.randrange(1, 20))])
    cut = rng.randrange(1, len(text))
    choice = rng.randrange(4)
    if choice == 0:
        return text[:cut]
    if choice == 1:
        return text[:cut] + b"\xff\xfe" + text[cut:]
    if choice == 2:
        return text[:cut] + bytes([rng.randrange(256)]) + text[cut + 1 :]
    return text.replace(b'"', b"'", rng.randrange(1, 5))


def bad_bodies(rng: random.Random) -> Iterator[Case]:
    """Bodies that must be refused or partly refused, never crash the service."""
    for _ in range(30):
        yield "corrupted json", "/events", garbage_json(rng), {"content-type": JSON}
    for _ in range(20):
        yield (
            "random bytes",
            rng.choice(["/events", "/_bulk", "/custom/x"]),
            rng.randbytes(rng.randrange(1, 5000)),
            {"content-type": rng.choice([JSON, NDJSON, "text/plain"])},
        )
    yield "10,000 keys", "/events", orjson.dumps({f"k{i}": i for i in range(10_000)}), {"content-type": JSON}
    yield "1,000-deep nesting", "/events", nested(1000), {"content-type": JSON}
    yield "100,000-deep brackets", "/events", b"[" * 100_000 + b"]" * 100_000, {"content-type": JSON}
    yield "100,000 open brackets", "/events", b"[" * 100_000, {"content-type": NDJSON}
    yield "20 MB string", "/events", b'{"s": "' + b"x" * 20_000_000 + b'"}', {"content-type": JSON}
    yield "40 MB string", "/events", b'{"s": "' + b"x" * 40_000_000 + b'"}', {"content-type": JSON}
    yield "600 KB event", "/events", orjson.dumps({"s": "x" * 600_000}), {"content-type": JSON}
    for value in (b"0", b"-1.5e308", b'"a string"', b"null", b"true", b"[1, 2, 3]", b"[[], [[]]]", b"[null]"):
        yield "wrong type", "/events", value, {"content-type": JSON}
    for value in (b"1\n2\n", b'"a"\n"b"', b"[]\n[]"):
        yield "wrong type ndjson", "/events", value, {"content-type": NDJSON}
    yield "invalid utf-8 ndjson", "/events", b'{"a": "\xc3\x28"}\n\xff\xff\n', {"content-type": NDJSON}
    yield "bad gzip", "/events", rng.randbytes(100), {"content-type": JSON, "content-encoding": "gzip"}
    truncated = gzip.compress(orjson.dumps([event(rng) for _ in range(50)]))[:-30]
    yield "truncated gzip", "/events", truncated, {"content-type": JSON, "content-encoding": "gzip"}
    bomb = gzip.compress(b"[" + b"{}," * 20_000_000 + b"{}]")
    yield "gzip bomb", "/events", bomb, {"content-type": JSON, "content-encoding": "gzip"}
    yield "unknown encoding", "/events", b"{}", {"content-type": JSON, "content-encoding": "zstd"}
    yield "form body", "/events", b"a=1&b=2", {"content-type": "application/x-www-form-urlencoded"}
    yield "latin-1 charset", "/events", b'{"a": 1}', {"content-type": "application/json; charset=latin-1"}
    for body in (
        b'{"index": {}}\n',
        b'{"index": {}}\n{"index": {}}\n{"index": {}}',
        b'[{"index": {}}]\n{"a": 1}\n',
        b'{"index": {"_index": 5, "_id": [1]}}\n{"a": 1}\n',
        b'{"index": {"_index": "x", "_id": "' + b"i" * 600 + b'"}}\n{"a": 1}\n',
        b'{"update": {"_index": "x"}}\n',
        b"\n\n\n",
        nested(2000) + b"\n{}\n",
    ):
        yield "bulk garbage", "/_bulk", body, {"content-type": NDJSON}
    for _ in range(10):
        lines = [
            rng.choice([b'{"index": {"_index": "x"}}', b"{}", b"[]", b"{", rng.randbytes(20)])
            for _ in range(10)
        ]
        yield "bulk random lines", "/x/_bulk", b"\n".join(lines), {"content-type": NDJSON}


def mixed_bodies(rng: random.Random) -> Iterator[Case]:
    """Bodies where some items are good: those must land on the bus."""
    for _ in range(5):
        items: list[Any] = [event(rng) for _ in range(10)]
        items[rng.randrange(10)] = rng.choice([1, "s", None, [1], {"deep": orjson.loads(nested(100))}])
        yield "mixed array", "/events", orjson.dumps(items), {"content-type": JSON}
    for _ in range(5):
        lines = [orjson.dumps(event(rng)) for _ in range(10)]
        lines[rng.randrange(10)] = rng.choice([b"{", b"\xff", b"42", b'{"a": "\xc3\x28"}'])
        yield "mixed ndjson", "/custom/fuzz", b"\n".join(lines), {"content-type": NDJSON}
    for _ in range(5):
        body = b""
        for _ in range(10):
            body += (
                b'{"index": {"_index": "fuzz"}}\n'
                + rng.choice([orjson.dumps(event(rng)), b"{", b"7", b"[]"])
                + b"\n"
            )
        yield "mixed bulk", "/_bulk", body, {"content-type": NDJSON}


def accepted_ids(path: str, response: httpx.Response) -> list[str]:
    if response.status_code >= 300:
        return []
    body = response.json()
    if path.endswith("_bulk"):
        return [r["_id"] for item in body["items"] for r in item.values() if r["status"] == 201]
    return [i for i in body["ids"] if i is not None]


async def chunked(size: int) -> AsyncIterator[bytes]:
    """A body without Content-Length, so only the streamed count can stop it."""
    block = b"x" * 1_000_000
    for _ in range(size // len(block)):
        yield block


async def test_fuzzed_bad_input_never_breaks_the_service(live_server: Callable[..., Any]) -> None:
    url, settings = await live_server()
    rng = random.Random(SEED)
    landed: list[str] = []
    statuses: dict[str, set[int]] = {}
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        for label, path, body, headers in [*bad_bodies(rng), *mixed_bodies(rng)]:
            response = await client.post(path, content=body, headers=headers)
            statuses.setdefault(label, set()).add(response.status_code)
            assert response.status_code < 500, (label, response.status_code, response.text[:300])
            if response.status_code >= 400:
                assert response.json()["error"]["type"], label
            landed.extend(accepted_ids(path, response))
        streamed = await client.post("/events", content=chunked(40_000_000), headers={"content-type": JSON})
        assert streamed.status_code == 413
        assert (await client.get("/healthz")).status_code == 200
        assert (await client.get("/readyz")).status_code == 200
        assert (await client.post("/events", json={"still": "alive"})).status_code == 202

    assert statuses["20 MB string"] == {400}  # a body within the limit, an event beyond it
    assert statuses["40 MB string"] == {413}
    assert statuses["gzip bomb"] == {413}
    assert statuses["10,000 keys"] == statuses["1,000-deep nesting"] == {400}
    assert statuses["100,000-deep brackets"] == statuses["wrong type"] == {400}
    assert statuses["unknown encoding"] == statuses["form body"] == {415}
    assert statuses["mixed array"] == statuses["mixed ndjson"] == {202}
    assert statuses["mixed bulk"] == {200}
    assert len(landed) > 80  # 9 of 10 items in each mixed array and NDJSON body, some bulk items

    reader = open_bus(settings)
    await reader.start()
    try:
        messages = await read_raw(reader, len(landed) + 1)
    finally:
        await reader.close()
    on_bus = [m.header(topics.H_ID) or b"" for m in messages]
    assert sorted(i.encode() for i in landed) == sorted(on_bus[:-1])
    assert orjson.loads(messages[-1].value) == {"still": "alive"}


async def test_concurrent_bad_and_good_requests(live_server: Callable[..., Any]) -> None:
    url, _ = await live_server()
    rng = random.Random(SEED + 1)
    bodies = [garbage_json(rng) for _ in range(40)] + [orjson.dumps([event(rng)] * 50) for _ in range(40)]
    rng.shuffle(bodies)
    async with httpx.AsyncClient(base_url=url, timeout=60) as client:
        responses = await asyncio.gather(
            *(client.post("/events", content=b, headers={"content-type": JSON}) for b in bodies)
        )
        assert all(r.status_code < 500 for r in responses)
        assert sum(r.status_code == 202 for r in responses) >= 40
        assert (await client.get("/healthz")).status_code == 200
