"""How the Kafka bus encrypts and authenticates, resolved once from the ``kafka_*`` settings.

``MOZDEF_KAFKA_SECURITY_PROTOCOL`` picks one of Kafka's four listener kinds:

* ``PLAINTEXT``: neither (the default, for a broker on a trusted network);
* ``SSL``: TLS. The brokers' certificates are checked against ``MOZDEF_KAFKA_CA_FILE`` (the system's
  CAs when unset) and their host names against the addresses clients connect to, unless
  ``MOZDEF_KAFKA_CHECK_HOSTNAME`` is false (the chain is still checked). ``MOZDEF_KAFKA_CERT_FILE`` and
  ``MOZDEF_KAFKA_KEY_FILE`` together give a client certificate, for brokers that want mutual TLS;
* ``SASL_PLAINTEXT``: a user name and password (``MOZDEF_KAFKA_USERNAME``, ``MOZDEF_KAFKA_PASSWORD``)
  through ``MOZDEF_KAFKA_SASL_MECHANISM`` (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512), without TLS;
* ``SASL_SSL``: both.

Every aiokafka client the bus makes (producer, admin, group consumers, tails) and ``mozdef setup``'s admin
client get the same :meth:`KafkaSecurity.client_kwargs`, built once per bus. The password stays in a
:class:`~pydantic.SecretStr` until then; :meth:`KafkaSecurity.describe` is what messages show.
"""

from __future__ import annotations

import asyncio
import ssl
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from aiokafka.conn import collect_hosts, create_conn
from aiokafka.errors import (
    KafkaConnectionError,
    KafkaError,
    SaslAuthenticationFailed,
    UnsupportedSaslMechanismError,
)
from aiokafka.protocol.metadata import MetadataRequest
from pydantic import SecretStr

from mozdef_common.errors import ConfigError

if TYPE_CHECKING:
    from mozdef_common.settings import CommonSettings

SecurityProtocol = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SaslMechanism = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]

#: What aiokafka raises when it cannot set a connection up: its own errors, socket and TLS errors, and
#: KeyError or ValueError from its SCRAM code when a broker ends a failed exchange with an error message
#: in place of its signature (tansu does) rather than with an error code.
CONNECT_ERRORS: Final = (KafkaError, OSError, KeyError, ValueError)


@dataclass(frozen=True)
class KafkaSecurity:
    protocol: SecurityProtocol = "PLAINTEXT"
    sasl_mechanism: SaslMechanism = "SCRAM-SHA-512"
    username: str | None = None
    password: SecretStr | None = field(default=None, repr=False)
    ca_file: Path | None = None
    cert_file: Path | None = None
    key_file: Path | None = None
    check_hostname: bool = True

    def __post_init__(self) -> None:
        problem = _problem(self)
        if problem:
            raise ConfigError(problem)

    @classmethod
    def from_settings(cls, settings: CommonSettings) -> KafkaSecurity:
        return cls(
            protocol=settings.kafka_security_protocol,
            sasl_mechanism=settings.kafka_sasl_mechanism,
            username=settings.kafka_username,
            password=settings.kafka_password,
            ca_file=settings.kafka_ca_file,
            cert_file=settings.kafka_cert_file,
            key_file=settings.kafka_key_file,
            check_hostname=settings.kafka_check_hostname,
        )

    @property
    def uses_tls(self) -> bool:
        return self.protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        return self.protocol.startswith("SASL_")

    @property
    def sends_password_in_clear(self) -> bool:
        return self.protocol == "SASL_PLAINTEXT" and self.sasl_mechanism == "PLAIN"

    def describe(self) -> str:
        """The choices, for messages: never the password."""
        parts: list[str] = [self.protocol]
        if self.uses_sasl:
            parts.append(f"{self.sasl_mechanism} as {self.username}")
        if self.uses_tls:
            parts.append(f"CA {self.ca_file}" if self.ca_file else "the system's CAs")
            if self.cert_file:
                parts.append(f"client certificate {self.cert_file}")
            if not self.check_hostname:
                parts.append("no host name check")
        return ", ".join(parts)

    def ssl_context(self) -> ssl.SSLContext | None:
        """The TLS context of every connection (None without TLS); :class:`ConfigError` naming the
        setting whose file cannot be used."""
        if not self.uses_tls:
            return None
        for name, path in (
            ("MOZDEF_KAFKA_CA_FILE", self.ca_file),
            ("MOZDEF_KAFKA_CERT_FILE", self.cert_file),
            ("MOZDEF_KAFKA_KEY_FILE", self.key_file),
        ):
            if path is not None:
                try:
                    path.read_bytes()
                except OSError as exc:
                    raise ConfigError(f"{name} {path}: cannot read: {exc.strerror}") from None
        try:
            context = ssl.create_default_context(
                ssl.Purpose.SERVER_AUTH, cafile=str(self.ca_file) if self.ca_file else None
            )
        except ssl.SSLError as exc:
            raise ConfigError(f"MOZDEF_KAFKA_CA_FILE {self.ca_file}: no PEM certificate: {exc}") from None
        # verify_mode stays CERT_REQUIRED either way: without the host name check the chain still is.
        context.check_hostname = self.check_hostname
        if self.cert_file is not None:
            try:
                context.load_cert_chain(self.cert_file, self.key_file)
            except ssl.SSLError as exc:
                raise ConfigError(
                    f"MOZDEF_KAFKA_CERT_FILE {self.cert_file} and MOZDEF_KAFKA_KEY_FILE {self.key_file}: "
                    f"not a PEM certificate and its private key: {exc}"
                ) from None
        return context

    def client_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of every aiokafka client (they hold the password: never log them)."""
        kwargs: dict[str, Any] = {"security_protocol": self.protocol}
        context = self.ssl_context()
        if context is not None:
            kwargs["ssl_context"] = context
        if self.uses_sasl:
            assert self.password is not None  # checked in __post_init__
            kwargs["sasl_mechanism"] = self.sasl_mechanism
            kwargs["sasl_plain_username"] = self.username
            kwargs["sasl_plain_password"] = self.password.get_secret_value()
        return kwargs


def _problem(security: KafkaSecurity) -> str | None:
    protocol = f"MOZDEF_KAFKA_SECURITY_PROTOCOL is {security.protocol}"
    if security.uses_sasl:
        missing = [
            name
            for name, value in (
                ("MOZDEF_KAFKA_USERNAME", security.username),
                ("MOZDEF_KAFKA_PASSWORD", security.password and security.password.get_secret_value()),
            )
            if not value
        ]
        if missing:
            return f"{protocol}: SASL needs {' and '.join(missing)}"
    elif security.username or security.password is not None:
        return f"MOZDEF_KAFKA_USERNAME and MOZDEF_KAFKA_PASSWORD need SASL_PLAINTEXT or SASL_SSL ({protocol})"
    if not security.uses_tls:
        for name, value in (
            ("MOZDEF_KAFKA_CA_FILE", security.ca_file),
            ("MOZDEF_KAFKA_CERT_FILE", security.cert_file),
            ("MOZDEF_KAFKA_KEY_FILE", security.key_file),
        ):
            if value is not None:
                return f"{name} needs TLS: SSL or SASL_SSL ({protocol})"
        if not security.check_hostname:
            return f"MOZDEF_KAFKA_CHECK_HOSTNAME=false needs TLS: SSL or SASL_SSL ({protocol})"
    if (security.cert_file is None) != (security.key_file is None):
        given, wanted = (
            ("MOZDEF_KAFKA_CERT_FILE", "MOZDEF_KAFKA_KEY_FILE")
            if security.cert_file is not None
            else ("MOZDEF_KAFKA_KEY_FILE", "MOZDEF_KAFKA_CERT_FILE")
        )
        return f"{given} needs {wanted} too: a client certificate goes with its private key"
    return None


async def why_unreachable(servers: str, kwargs: dict[str, Any], timeout_s: float) -> str:
    """Why a client could not connect to ``servers``, found by one connection to the first of them with
    the same arguments: aiokafka's own bootstrap error says only that no server answered."""
    host, port, _family = collect_hosts(servers, randomize=False)[0]
    try:
        conn = await asyncio.wait_for(create_conn(host, port, **kwargs), timeout_s)
        try:
            # What a bootstrap asks first: a broker that wants SASL takes the connection, refuses this.
            await asyncio.wait_for(conn.send(MetadataRequest([])), timeout_s)
        finally:
            conn.close()
    except ssl.SSLCertVerificationError as exc:
        return f"TLS: {host}:{port} presented a certificate that is not trusted: {exc.verify_message}"
    except ssl.SSLError as exc:
        return f"TLS handshake with {host}:{port} failed: {exc.reason or exc}"
    except UnsupportedSaslMechanismError as exc:
        return f"SASL refused by {host}:{port}: {exc}"
    except SaslAuthenticationFailed as exc:
        return f"SASL authentication refused by {host}:{port}: {exc}"
    except (KeyError, ValueError) as exc:
        return f"SASL authentication refused by {host}:{port} (wrong user name or password?): {exc!r}"
    except TimeoutError:
        hint = " (is it a plaintext listener?)" if kwargs.get("ssl_context") is not None else ""
        return f"{host}:{port} did not answer within {timeout_s:g} s{hint}"
    except KafkaConnectionError as exc:
        return (
            f"{host}:{port} closed the connection: {exc} (does the broker want TLS, SASL or a client "
            "certificate this client did not offer?)"
        )
    except (KafkaError, OSError) as exc:
        return f"{host}:{port}: {exc}"
    return (
        f"{host}:{port} answered, yet the client could not start (can this host reach the addresses "
        "the brokers advertise?)"
    )
