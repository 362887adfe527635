"""Security headers on every answer, CORS closed unless origins are configured."""

from __future__ import annotations

from pathlib import Path

from mozdef_api.settings import ApiSettings
from tests.support.api import Api, running_api


async def test_every_answer_carries_the_security_headers(api: Api) -> None:
    anonymous = await api.client(None)
    for response in (
        await anonymous.get("/healthz"),
        await anonymous.get("/api/v1/events/search"),  # 401
        await (await api.client("viewer")).get("/api/v1/fields"),
    ):
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
        assert response.headers["referrer-policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert (await anonymous.get("/api/v1/events/search")).headers["cache-control"] == "no-store"


async def test_cross_origin_calls_are_refused_by_default(api: Api) -> None:
    anonymous = await api.client(None)
    preflight = await anonymous.options(
        "/api/v1/events/search",
        headers={"origin": "https://evil.example", "access-control-request-method": "GET"},
    )
    assert "access-control-allow-origin" not in preflight.headers


async def test_configured_origins_are_allowed_and_no_others(tmp_path: Path) -> None:
    settings = ApiSettings(data_dir=tmp_path, cors_origins=["https://soc.example"])
    async with running_api(settings) as api:
        anonymous = await api.client(None)
        for origin, allowed in (("https://soc.example", True), ("https://evil.example", False)):
            preflight = await anonymous.options(
                "/api/v1/events/search",
                headers={"origin": origin, "access-control-request-method": "GET"},
            )
            assert (preflight.headers.get("access-control-allow-origin") == origin) is allowed
