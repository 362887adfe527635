"""The Kafka bus over TLS, mutual TLS and SASL, against real tansu brokers on loopback.

tansu speaks plain TCP here; a TLS-terminating proxy (tests.support.tls) in front of it holds a
certificate from a CA the test makes, and the broker advertises the proxy's port, so every connection a
client makes after bootstrap goes through TLS too. For mutual TLS the proxy wants a client certificate.

SASL: ``tansu broker --authentication`` refuses every request of a client that has not passed SCRAM
(SHA-256 or SHA-512; it has no PLAIN), checking users against the SCRAM credentials in its storage. Adding
a user is such a request, and the memory storage the tests can use starts empty, so no SASL client gets in
there: the tests show how far the settings go (the mechanism is the one asked for, the exchange runs with
the user given, over TLS for SASL_SSL; a broker without SASL refuses the handshake) and that each refusal
is a clear :class:`BusUnavailableError`.
"""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from pydantic import SecretStr

from mozdef_common.bus.base import Record
from mozdef_common.bus.kafka import KafkaBus
from mozdef_common.bus.kafka_security import KafkaSecurity, SaslMechanism, SecurityProtocol
from mozdef_common.errors import BusUnavailableError
from tests.common.bus.helpers import drain
from tests.support.kafka import tansu_broker
from tests.support.net import free_port
from tests.support.tls import TlsFiles, make_tls_files, tls_proxy

pytestmark = pytest.mark.kafka


@dataclass(frozen=True)
class Brokers:
    tls: str  # the TLS proxy of a plain broker that advertises it
    misnamed: str  # another TLS proxy of the same broker, whose certificate names kafka.invalid
    mutual: str  # the proxy of a second broker, wanting a client certificate the test CA signed
    sasl: str  # a broker with --authentication, plain TCP
    sasl_tls: str  # a TLS proxy in front of it


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def brokers(tls_files: TlsFiles) -> Iterator[Brokers]:
    def upstream(bootstrap: str) -> int:
        return int(bootstrap.rpartition(":")[2])

    tls_port, mutual_port = free_port(), free_port()
    files = tls_files
    with (
        tansu_broker(advertised_port=tls_port) as plain,
        tls_proxy(upstream(plain), files.server_cert, files.server_key, port=tls_port),
        tls_proxy(upstream(plain), files.misnamed_cert, files.misnamed_key) as misnamed_port,
        tansu_broker(advertised_port=mutual_port) as plain_too,
        tls_proxy(
            upstream(plain_too), files.server_cert, files.server_key, port=mutual_port, client_ca=files.ca
        ),
        tansu_broker(authentication=True) as sasl,
        tls_proxy(upstream(sasl), files.server_cert, files.server_key) as sasl_tls_port,
    ):
        yield Brokers(
            tls=f"127.0.0.1:{tls_port}",
            misnamed=f"127.0.0.1:{misnamed_port}",
            mutual=f"127.0.0.1:{mutual_port}",
            sasl=sasl,
            sasl_tls=f"127.0.0.1:{sasl_tls_port}",
        )


def kafka_bus(servers: str, security: KafkaSecurity) -> KafkaBus:
    return KafkaBus(
        servers,
        client_id="mozdef-tests",
        partitions=3,
        request_timeout_ms=10_000,
        session_timeout_ms=2000,
        heartbeat_interval_ms=300,
        security=security,
    )


@asynccontextmanager
async def started(servers: str, security: KafkaSecurity) -> AsyncIterator[KafkaBus]:
    bus = kafka_bus(servers, security)
    await bus.start()
    try:
        yield bus
    finally:
        await bus.close()


async def refusal(servers: str, security: KafkaSecurity) -> str:
    """The message of the BusUnavailableError that starting a bus with ``security`` raises."""
    bus = kafka_bus(servers, security)
    with pytest.raises(BusUnavailableError) as refused:
        await bus.start()
    await bus.close()
    return str(refused.value)


async def round_trip(bus: KafkaBus) -> None:
    """Create a topic, tail it, read it in a group, write to it: every kind of client the bus makes."""
    topic, group = f"test.tls.{uuid.uuid4().hex[:10]}", f"tls-{uuid.uuid4().hex[:6]}"
    tail = await bus.tail(topic)  # creates the topic through the admin client
    consumer = await bus.consumer([topic], group)
    try:
        values = [f"m{i}".encode() for i in range(20)]
        await bus.producer().send_batch(topic, [Record(v, key=v) for v in values])
        got = await drain(consumer, 20)
        assert sorted(m.value for m in got) == sorted(values)
        assert sorted(m.value for m in await drain(tail, 20)) == sorted(values)
        await bus.ping()
    finally:
        await consumer.close()
        await tail.close()


# -- TLS ----------------------------------------------------------------------------------------------


async def test_tls_with_the_ca_produces_consumes_in_a_group_and_tails(
    brokers: Brokers, tls_files: TlsFiles
) -> None:
    async with started(brokers.tls, KafkaSecurity(protocol="SSL", ca_file=tls_files.ca)) as bus:
        await round_trip(bus)


async def test_tls_without_the_ca_is_refused_saying_why(brokers: Brokers, tls_files: TlsFiles) -> None:
    system = await refusal(brokers.tls, KafkaSecurity(protocol="SSL"))
    assert system.startswith(f"kafka {brokers.tls} (SSL, the system's CAs): cannot connect: TLS: ")
    assert "certificate that is not trusted: unable to get local issuer certificate" in system
    stranger = await refusal(brokers.tls, KafkaSecurity(protocol="SSL", ca_file=tls_files.stranger_ca))
    assert f"(SSL, CA {tls_files.stranger_ca})" in stranger
    assert "not trusted" in stranger


async def test_plaintext_to_a_tls_listener_is_refused(brokers: Brokers) -> None:
    message = await refusal(brokers.tls, KafkaSecurity())
    assert f"kafka {brokers.tls} (PLAINTEXT): cannot connect: {brokers.tls} closed the connection" in message


async def test_the_host_name_is_checked_unless_turned_off(brokers: Brokers, tls_files: TlsFiles) -> None:
    checked = await refusal(brokers.misnamed, KafkaSecurity(protocol="SSL", ca_file=tls_files.ca))
    assert "certificate is not valid for '127.0.0.1'" in checked
    unchecked = KafkaSecurity(protocol="SSL", ca_file=tls_files.ca, check_hostname=False)
    async with started(brokers.misnamed, unchecked) as bus:
        await bus.ping()
    # The chain is still checked without host names.
    stranger = KafkaSecurity(protocol="SSL", ca_file=tls_files.stranger_ca, check_hostname=False)
    assert "not trusted" in await refusal(brokers.misnamed, stranger)


async def test_mutual_tls_with_the_client_certificate(brokers: Brokers, tls_files: TlsFiles) -> None:
    security = KafkaSecurity(
        protocol="SSL", ca_file=tls_files.ca, cert_file=tls_files.client_cert, key_file=tls_files.client_key
    )
    async with started(brokers.mutual, security) as bus:
        await round_trip(bus)


async def test_mutual_tls_without_a_client_certificate_is_refused(
    brokers: Brokers, tls_files: TlsFiles
) -> None:
    message = await refusal(brokers.mutual, KafkaSecurity(protocol="SSL", ca_file=tls_files.ca))
    assert f"cannot connect: {brokers.mutual} closed the connection" in message
    assert "client certificate" in message


# -- SASL ---------------------------------------------------------------------------------------------


def sasl(
    protocol: SecurityProtocol, mechanism: SaslMechanism = "SCRAM-SHA-512", ca_file: Path | None = None
) -> KafkaSecurity:
    return KafkaSecurity(
        protocol=protocol,
        sasl_mechanism=mechanism,
        username="mozdef",
        password=SecretStr("Kq7-scram-Zx2"),
        ca_file=ca_file,
    )


async def test_a_broker_that_wants_sasl_refuses_plaintext(brokers: Brokers) -> None:
    message = await refusal(brokers.sasl, KafkaSecurity())
    assert f"(PLAINTEXT): cannot connect: {brokers.sasl} closed the connection" in message


async def test_sasl_scram_runs_the_exchange_with_the_user_given(brokers: Brokers) -> None:
    message = await refusal(brokers.sasl, sasl("SASL_PLAINTEXT"))
    assert f"kafka {brokers.sasl} (SASL_PLAINTEXT, SCRAM-SHA-512 as mozdef): cannot connect: " in message
    assert f"SASL authentication refused by {brokers.sasl} (wrong user name or password?)" in message
    assert "Kq7-scram-Zx2" not in message


async def test_the_mechanism_asked_for_is_the_one_used(brokers: Brokers) -> None:
    # tansu runs SCRAM and has no PLAIN: it drops a client asking for PLAIN, and answers SCRAM-SHA-256
    # as it answers SCRAM-SHA-512.
    plain = await refusal(brokers.sasl, sasl("SASL_PLAINTEXT", "PLAIN"))
    assert f"(SASL_PLAINTEXT, PLAIN as mozdef): cannot connect: {brokers.sasl} closed the connection" in plain
    scram = await refusal(brokers.sasl, sasl("SASL_PLAINTEXT", "SCRAM-SHA-256"))
    assert "(SASL_PLAINTEXT, SCRAM-SHA-256 as mozdef): cannot connect: SASL authentication refused" in scram


async def test_sasl_to_a_broker_without_it_is_refused_naming_sasl(kafka_bootstrap: str) -> None:
    message = await refusal(kafka_bootstrap, sasl("SASL_PLAINTEXT"))
    assert f"cannot connect: SASL refused by {kafka_bootstrap}: [Error 33] UnsupportedSaslMechanismError" in (
        message
    )


async def test_sasl_over_tls(brokers: Brokers, tls_files: TlsFiles) -> None:
    message = await refusal(brokers.sasl_tls, sasl("SASL_SSL", ca_file=tls_files.ca))
    assert f"(SASL_SSL, SCRAM-SHA-512 as mozdef, CA {tls_files.ca})" in message
    # TLS held (the proxy only speaks TLS), then the broker ran the SCRAM exchange behind it.
    assert f"SASL authentication refused by {brokers.sasl_tls}" in message
    untrusted = await refusal(brokers.sasl_tls, sasl("SASL_SSL"))
    assert "not trusted" in untrusted
