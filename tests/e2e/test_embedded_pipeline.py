"""The whole pipeline on the embedded bus and store: what a user gets from `make up`."""

from __future__ import annotations

import httpx

from tests.e2e import flows
from tests.support.pipeline import InProcessPipeline


async def test_array_ndjson_gzip_and_bulk_are_searchable(embedded_pipeline: InProcessPipeline) -> None:
    await flows.array_ndjson_gzip_and_bulk(embedded_pipeline)


async def test_sshd_event_is_normalized_and_parsed(embedded_pipeline: InProcessPipeline) -> None:
    await flows.sshd_normalized(embedded_pipeline)


async def test_custom_endpoint_keeps_keys(embedded_pipeline: InProcessPipeline) -> None:
    await flows.custom_endpoint(embedded_pipeline)


async def test_search_rejects_bad_query_and_missing_token(embedded_pipeline: InProcessPipeline) -> None:
    async with httpx.AsyncClient(base_url=embedded_pipeline.api_url) as client:
        unauthenticated = await client.get("/api/v1/events/search", params={"q": "*"})
        assert unauthenticated.status_code == 401
        bad = await client.get(
            "/api/v1/events/search",
            params={"q": "summary:(unclosed"},
            headers={"Authorization": f"Bearer {embedded_pipeline.api_key}"},
        )
        assert bad.status_code == 400
        assert "position" in bad.json()["error"]
        assert (await client.get("/healthz")).status_code == 200
        spec = await client.get("/api/openapi.json")
        assert "/api/v1/events/search" in spec.json()["paths"]
