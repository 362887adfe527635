"""MOZDEF_EVENTS_URL and the opensearch_* settings, resolved; secrets never shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from pydantic import SecretStr

from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings
from mozdef_common.store import open_event_store
from mozdef_common.store.opensearch_settings import opensearch_config
from mozdef_common.store.opensearch_store import OpenSearchEventStore


def settings(url: str, **values: Any) -> CommonSettings:
    return CommonSettings(events_url=url, **values)


def test_a_plain_url() -> None:
    config = opensearch_config(settings("http://search.internal:9201"))
    assert (config.hosts, config.use_tls, config.url_prefix) == ((("search.internal", 9201),), False, "")
    assert config.safe_url == "http://search.internal:9201"


def test_opensearch_scheme_is_tls_several_nodes_and_a_path_prefix() -> None:
    config = opensearch_config(settings("opensearch://a,b:9300/proxy/os/"))
    assert config.hosts == (("a", 9200), ("b", 9300))
    assert config.use_tls
    assert config.url_prefix == "/proxy/os"
    kwargs = config.client_kwargs()
    assert kwargs["use_ssl"] is True
    assert kwargs["verify_certs"] is True
    assert kwargs["max_retries"] == 0


def test_credentials_from_the_url_stay_secret() -> None:
    config = opensearch_config(settings("https://mozdef:s%40cret-pw@node:9200"))
    assert config.username == "mozdef"
    assert config.password is not None
    assert config.password.get_secret_value() == "s@cret-pw"
    assert "cret" not in repr(config)
    assert "cret" not in config.safe_url
    assert config.client_kwargs()["http_auth"] == ("mozdef", "s@cret-pw")


def test_explicit_settings_win_over_the_url() -> None:
    config = opensearch_config(
        settings(
            "https://u:p@node",
            opensearch_username="admin2",
            opensearch_password=SecretStr("long-real-secret"),
            opensearch_verify_tls=False,
            opensearch_ca_bundle=Path("/etc/ssl/ca.pem"),
            opensearch_index_prefix="prod-",
            opensearch_shards=3,
            opensearch_replicas=2,
        )
    )
    assert config.username == "admin2"
    assert config.index_prefix == "prod-"
    assert (config.shards, config.replicas, config.verify_tls) == (3, 2, False)
    kwargs = config.client_kwargs()
    assert kwargs["verify_certs"] is False
    assert kwargs["ca_certs"] == "/etc/ssl/ca.pem"


def test_placeholder_passwords_are_refused_in_production() -> None:
    with pytest.raises(ConfigError, match="well-known default"):
        opensearch_config(settings("https://admin:admin@node", environment="production"))
    assert opensearch_config(settings("https://admin:admin@node")).username == "admin"


@pytest.mark.parametrize("url", ["https://", "https://:9200", "http://host:port"])
def test_bad_urls_are_config_errors(url: str) -> None:
    with pytest.raises(ConfigError, match="MOZDEF_EVENTS_URL"):
        opensearch_config(settings(url))


def test_a_bad_prefix_is_refused_at_start() -> None:
    with pytest.raises(ValueError, match="opensearch_index_prefix"):
        settings("https://node", opensearch_index_prefix="Prod*")


async def test_open_event_store_dispatches_opensearch_urls() -> None:
    for url in ("http://node:9200", "https://node", "opensearch://node"):
        store = open_event_store(settings(url))
        assert isinstance(store, OpenSearchEventStore)
        await store.close()
