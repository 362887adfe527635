from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.support.kafka import tansu_broker


@pytest.fixture(scope="session")
def kafka_bootstrap() -> Iterator[str]:
    """``host:port`` of a tansu broker shared by the session's Kafka tests."""
    with tansu_broker() as bootstrap:
        yield bootstrap


@pytest.fixture(autouse=True)
def _default_data_dir_in_tmp(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test that builds settings without a data dir writes to a scratch folder, never the checkout."""
    monkeypatch.setenv("MOZDEF_DATA_DIR", str(tmp_path_factory.mktemp("default-data-dir")))
