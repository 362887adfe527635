"""The OpenSearch store's configuration, resolved once from :class:`~mozdef_common.settings.CommonSettings`.

``MOZDEF_EVENTS_URL`` names the cluster:

* ``https://host:9200`` or ``http://host:9200``; several nodes separated by commas
  (``https://a:9200,b:9200``); a path is a prefix every request goes under (a reverse proxy's mount point);
* ``opensearch://host:9200`` is ``https://`` (TLS unless said otherwise);
* credentials come from ``MOZDEF_OPENSEARCH_USERNAME`` / ``MOZDEF_OPENSEARCH_PASSWORD``, or from the URL's
  user info (``https://user:pass@host:9200``, percent-encoded) when those are unset.

The password lives in a :class:`~pydantic.SecretStr` until the client is built;
:attr:`OpenSearchConfig.safe_url` is what messages and logs show.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final
from urllib.parse import unquote, urlsplit

from pydantic import SecretStr

from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings

#: Passwords that ship with OpenSearch's demo set-up or in tutorials: refused outside development.
PLACEHOLDER_PASSWORDS: Final = frozenset({"admin", "changeme", "password", "opensearch", "secret"})
_DEFAULT_PORT: Final = 9200


@dataclass(frozen=True, slots=True)
class OpenSearchConfig:
    hosts: tuple[tuple[str, int], ...]
    use_tls: bool
    url_prefix: str = ""
    username: str | None = None
    password: SecretStr | None = field(default=None, repr=False)
    verify_tls: bool = True
    ca_bundle: Path | None = None
    index_prefix: str = ""
    shards: int = 1
    replicas: int = 1
    bulk_chunk_bytes: int = 5 * 1024 * 1024
    timeout: float = 30.0
    retry_attempts: int = 6
    refresh_on_write: bool = True

    @property
    def safe_url(self) -> str:
        """The cluster's address without credentials, for messages."""
        scheme = "https" if self.use_tls else "http"
        nodes = ",".join(f"{host}:{port}" for host, port in self.hosts)
        return f"{scheme}://{nodes}{self.url_prefix}"

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of :class:`opensearchpy.AsyncOpenSearch` (holds the password: never log it)."""
        kwargs: dict[str, Any] = {
            "hosts": [{"host": host, "port": port} for host, port in self.hosts],
            "use_ssl": self.use_tls,
            "url_prefix": self.url_prefix,
            "timeout": self.timeout,
            # Retries are the store's own (bounded, with backoff, per bulk item): the transport's
            # immediate retries would multiply them.
            "max_retries": 0,
            "retry_on_timeout": False,
        }
        if self.use_tls:
            kwargs["verify_certs"] = self.verify_tls
            # The store logs the insecure choice once itself; the client would raise a warning per node.
            kwargs["ssl_show_warn"] = False
            if self.ca_bundle is not None:
                kwargs["ca_certs"] = str(self.ca_bundle)
        if self.username is not None:
            secret = self.password.get_secret_value() if self.password is not None else ""
            kwargs["http_auth"] = (self.username, secret)
        return kwargs


def opensearch_config(settings: CommonSettings) -> OpenSearchConfig:
    """Parse ``settings.events_url`` and the ``opensearch_*`` settings; :class:`ConfigError` on a bad one."""
    scheme, _, rest = settings.events_url.partition("://")
    if scheme not in ("http", "https", "opensearch") or not rest:
        raise ConfigError("MOZDEF_EVENTS_URL: expected http(s)://host:port or opensearch://host:port")
    userinfo, _, location = rest.rpartition("@")
    netloc, slash, path = location.partition("/")
    hosts = tuple(_host_port(node) for node in netloc.split(",") if node)
    if not hosts:
        raise ConfigError("MOZDEF_EVENTS_URL names no OpenSearch host")
    username, password = settings.opensearch_username, settings.opensearch_password
    if username is None and userinfo:
        # urlsplit is not used on the whole URL: it would refuse the comma-separated node list.
        user, _, secret = userinfo.partition(":")
        username, password = unquote(user), SecretStr(unquote(secret))
    if (
        settings.environment != "development"
        and password is not None
        and password.get_secret_value() in PLACEHOLDER_PASSWORDS
    ):
        raise ConfigError("the OpenSearch password is a well-known default: set a real one for production")
    return OpenSearchConfig(
        hosts=hosts,
        use_tls=scheme != "http",
        url_prefix=(slash + path).rstrip("/"),
        username=username,
        password=password,
        verify_tls=settings.opensearch_verify_tls,
        ca_bundle=settings.opensearch_ca_bundle,
        index_prefix=settings.opensearch_index_prefix,
        shards=settings.opensearch_shards,
        replicas=settings.opensearch_replicas,
        bulk_chunk_bytes=settings.opensearch_bulk_chunk_bytes,
        timeout=settings.opensearch_timeout,
        retry_attempts=settings.opensearch_retry_attempts,
        refresh_on_write=settings.opensearch_refresh_on_write,
    )


def _host_port(node: str) -> tuple[str, int]:
    parsed = urlsplit(f"//{node}")
    try:
        port = parsed.port or _DEFAULT_PORT
    except ValueError:
        raise ConfigError(f"MOZDEF_EVENTS_URL: bad port in {node!r}") from None
    if not parsed.hostname:
        raise ConfigError(f"MOZDEF_EVENTS_URL: no host name in {node!r}")
    return parsed.hostname, port
