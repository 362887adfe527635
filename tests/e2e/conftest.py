from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.support.pipeline import InProcessPipeline


@pytest.fixture
async def embedded_pipeline(tmp_path: Path) -> AsyncIterator[InProcessPipeline]:
    async with InProcessPipeline(tmp_path) as pipeline:
        yield pipeline


@pytest.fixture
async def kafka_pipeline(tmp_path: Path, kafka_bootstrap: str) -> AsyncIterator[InProcessPipeline]:
    # Each test gets its own consumer groups' view by using a fresh data dir; topics are shared, so
    # tests look for their own unique markers rather than counting everything.
    async with InProcessPipeline(tmp_path, bus_url=f"kafka://{kafka_bootstrap}") as pipeline:
        yield pipeline
