"""The MongoDB store's shell: which URLs reach it, and what its errors say (never a password)."""

from __future__ import annotations

import gc
import warnings
from pathlib import Path

import pytest

from mozdef_common.errors import ConfigError, StoreUnavailableError
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from mozdef_common.state.mongo import MongoStateStore, redact
from mozdef_common.state.sqlite import SqliteStateStore
from tests.support.net import free_port


def test_urls_choose_the_store(tmp_path: Path) -> None:
    def opened(url: str) -> object:
        return open_state_store(CommonSettings(data_dir=tmp_path, state_url=url))

    assert isinstance(opened("sqlite://"), SqliteStateStore)
    assert isinstance(opened("mongodb://db.example:27017/mozdef"), MongoStateStore)
    assert isinstance(opened("mongodb+srv://u:p@cluster.example/mozdef?tls=true"), MongoStateStore)
    with pytest.raises(ConfigError, match="'redis'") as caught:
        opened("redis://u:hunter2@cache")
    assert "hunter2" not in str(caught.value)


def test_redact_keeps_hosts_and_database_only() -> None:
    assert redact("mongodb://alice:s%40cret@a:1,b:2/mozdef?tls=true&authSource=admin") == (
        "mongodb://***@a:1,b:2/mozdef"
    )
    assert redact("mongodb+srv://cluster.example") == "mongodb+srv://cluster.example"


async def test_an_unreachable_server_is_unavailable_and_the_message_keeps_the_secret() -> None:
    url = f"mongodb://alice:s3cret@127.0.0.1:{free_port()}/mozdef?serverSelectionTimeoutMS=200"
    store = MongoStateStore(url)
    with pytest.raises(StoreUnavailableError, match=r"127\.0\.0\.1") as caught:
        await store.start()
    assert "s3cret" not in str(caught.value)
    assert caught.value.__cause__ is None  # PyMongo's own exception is not chained into logs
    await store.close()
    # PyMongo's async client leaves the socket of a refused connection attempt to the garbage
    # collector; collect it here, where it is expected, not during whichever test runs next.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


async def test_a_malformed_url_is_a_config_error() -> None:
    store = MongoStateStore("mongodb://alice:s3cret@host:port/mozdef")
    with pytest.raises(ConfigError) as caught:
        await store.start()
    assert "s3cret" not in str(caught.value)


async def test_keys_mongodb_would_read_as_operators_or_paths_are_refused() -> None:
    things = MongoStateStore("mongodb://127.0.0.1:1/mozdef").collection("things")
    for key in ("$set", "a.b", "_id"):
        with pytest.raises(ValueError, match="cannot store"):
            await things.insert({key: 1})
        with pytest.raises(ValueError, match="cannot change"):
            await things.update("x", {key: 1}, version=1)
        with pytest.raises(ValueError, match="cannot remove"):
            await things.update("x", {key: None}, version=1)
