from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.kafka import tansu_broker


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """``host:port`` of a tansu broker shared by the session's Kafka tests."""
    with tansu_broker() as bootstrap:
        yield bootstrap
