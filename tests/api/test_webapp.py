"""The built web app served by the real api: caching per kind of file, the index fallback, no shadowing."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mozdef_api.settings import ApiSettings
from mozdef_api.webapp import IMMUTABLE, mount_web
from tests.support.api import Api, running_api

INDEX = '<!doctype html><div id="root"></div><script type="module" src="/assets/index-abc123.js"></script>'

BIG_SCRIPT = "".join(f"export const value{n} = {n} * 2;\n" for n in range(400))


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    built = tmp_path / "dist"
    (built / "assets").mkdir(parents=True)
    (built / "index.html").write_text(INDEX)
    (built / "assets" / "index-abc123.js").write_text("console.log('app')")
    (built / "assets" / "screen-def456.js").write_text(BIG_SCRIPT)
    (built / "favicon.svg").write_text("<svg/>")
    (tmp_path / "secret.txt").write_text("outside the build")
    return built


@pytest.fixture
async def api(tmp_path: Path) -> AsyncIterator[Api]:
    async with running_api(ApiSettings(data_dir=tmp_path / "data")) as running:
        yield running


async def test_index_is_served_at_the_root_and_always_revalidated(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    response = await client.get("/")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-cache"


async def test_client_routes_fall_back_to_the_index(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    response = await client.get("/incidents/42")
    assert response.status_code == 200
    assert response.text == INDEX
    assert response.headers["cache-control"] == "no-cache"


async def test_hashed_assets_are_immutable(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    response = await client.get("/assets/index-abc123.js")
    assert response.status_code == 200
    assert response.text == "console.log('app')"
    assert response.headers["cache-control"] == IMMUTABLE


async def test_a_missing_asset_is_a_404_not_the_app(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    response = await client.get("/assets/index-old999.js")
    assert response.status_code == 404
    assert "immutable" not in response.headers.get("cache-control", "")


async def test_top_level_files_are_served_and_revalidated(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    response = await client.get("/favicon.svg")
    assert response.status_code == 200
    assert response.text == "<svg/>"
    assert response.headers["cache-control"] == "no-cache"


async def test_nothing_outside_the_build_is_reachable(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    for path in ("/../secret.txt", "/%2e%2e/secret.txt", "/assets/../../secret.txt"):
        response = await client.get(path)
        assert "outside the build" not in response.text, path


async def test_api_routes_are_not_shadowed(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    spec = await client.get("/api/openapi.json")
    assert spec.status_code == 200
    assert "/{path}" not in spec.json()["paths"]
    assert (await client.get("/healthz")).text == "ok"
    unknown = await client.get("/api/v1/no-such-route")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["type"] == "not_found"
    assert (await client.post("/incidents/42")).status_code == 405


async def test_nothing_is_served_without_a_build(api: Api, tmp_path: Path) -> None:
    routes_before = len(api.app.routes)
    mount_web(api.app, tmp_path / "no-such-dist")
    assert len(api.app.routes) == routes_before
    client = await api.client(None)
    assert (await client.get("/")).status_code == 404


async def test_security_headers_still_apply(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    transport = httpx.ASGITransport(app=api.app)
    async with httpx.AsyncClient(transport=transport, base_url="http://api") as client:
        response = await client.get("/")
    assert "default-src 'self'" in response.headers["content-security-policy"]
    assert response.headers["x-frame-options"] == "DENY"


async def test_text_assets_go_gzipped_to_browsers_that_accept_it(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    for _ in range(2):  # compressed once, then served from memory: the same bytes
        response = await client.get("/assets/screen-def456.js", headers={"accept-encoding": "br, gzip;q=0.8"})
        assert response.status_code == 200
        assert response.headers["content-encoding"] == "gzip"
        assert response.headers["vary"] == "accept-encoding"
        assert response.headers["cache-control"] == IMMUTABLE
        assert int(response.headers["content-length"]) < len(BIG_SCRIPT) // 4
        assert response.text == BIG_SCRIPT  # httpx decodes it


async def test_assets_go_as_they_are_without_gzip_or_when_small(api: Api, dist: Path) -> None:
    mount_web(api.app, dist)
    client = await api.client(None)
    plain = await client.get("/assets/screen-def456.js", headers={"accept-encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.text == BIG_SCRIPT
    small = await client.get("/assets/index-abc123.js", headers={"accept-encoding": "gzip"})
    assert "content-encoding" not in small.headers
    assert small.text == "console.log('app')"


async def test_probes_and_metrics_are_never_shadowed_by_the_app(tmp_path: Path, dist: Path) -> None:
    # as `mozdef run api` builds it: the web app mounted by create_app, after every other route
    async with running_api(ApiSettings(data_dir=tmp_path / "served"), web_dist=dist) as served:
        client = await served.client(None)
        health = await client.get("/healthz")
        assert (health.status_code, health.text) == (200, "ok")
        ready = await client.get("/readyz")
        assert ready.json() == {"ready": True}
        metrics = await client.get("/metrics")
        assert metrics.headers["content-type"].startswith("text/plain")
        assert "mozdef_" in metrics.text
        assert (await client.get("/alerts")).text == INDEX  # the app still answers its own paths
