"""`mozdef setup` with the Kafka TLS and SASL settings a Helm values file turns on, read from the
environment as the hook Job gets them: a tansu broker behind a TLS proxy that wants a client certificate
(tests.support.tls), and settings that cannot work."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mozdef_common import topics
from tests.cli.test_setup import setup
from tests.support.kafka import tansu_broker
from tests.support.net import free_port
from tests.support.tls import TlsFiles, make_tls_files, tls_proxy


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


@pytest.fixture(scope="module")
def mutual_tls_broker(tls_files: TlsFiles) -> Iterator[str]:
    port = free_port()
    with (
        tansu_broker(advertised_port=port) as plain,
        tls_proxy(
            int(plain.rpartition(":")[2]),
            tls_files.server_cert,
            tls_files.server_key,
            port=port,
            client_ca=tls_files.ca,
        ),
    ):
        yield f"127.0.0.1:{port}"


@pytest.mark.kafka
def test_topics_are_created_over_mutual_tls(
    tmp_path: Path, tls_files: TlsFiles, mutual_tls_broker: str
) -> None:
    env = {
        "MOZDEF_BUS_URL": f"kafka://{mutual_tls_broker}",
        "MOZDEF_KAFKA_SECURITY_PROTOCOL": "SSL",
        "MOZDEF_KAFKA_CA_FILE": str(tls_files.ca),
        "MOZDEF_KAFKA_CERT_FILE": str(tls_files.client_cert),
        "MOZDEF_KAFKA_KEY_FILE": str(tls_files.client_key),
    }
    done = setup(tmp_path, "--partitions", "2", **env)
    assert done.returncode == 0, done.stderr
    assert f"bus kafka://{mutual_tls_broker}: topic {topics.RAW} created, 2 partitions" in done.stdout

    # The same without the client certificate: the proxy drops it, setup says so and why.
    env.pop("MOZDEF_KAFKA_CERT_FILE")
    env.pop("MOZDEF_KAFKA_KEY_FILE")
    refused = setup(tmp_path, "--wait", "0", **env)
    assert refused.returncode == 1
    last = refused.stderr.splitlines()[-1]
    expected = f"mozdef setup: error: bus: kafka {mutual_tls_broker} (SSL, CA {tls_files.ca}): "
    assert last.startswith(expected), last
    assert f"cannot connect: {mutual_tls_broker} closed the connection" in last


def test_settings_that_cannot_work_stop_setup_with_exit_2(tmp_path: Path) -> None:
    password = "Kq7-not-in-stderr-Zx2"
    done = setup(
        tmp_path,
        MOZDEF_BUS_URL="kafka://127.0.0.1:9092",
        MOZDEF_KAFKA_SECURITY_PROTOCOL="SASL_SSL",
        MOZDEF_KAFKA_PASSWORD=password,
    )
    assert done.returncode == 2
    assert done.stderr.startswith(
        "mozdef setup: error: bad settings: Value error, MOZDEF_KAFKA_SECURITY_PROTOCOL is SASL_SSL: SASL "
        "needs MOZDEF_KAFKA_USERNAME"
    ), done.stderr
    assert password not in done.stderr + done.stdout
    unreadable = setup(
        tmp_path,
        MOZDEF_BUS_URL="kafka://127.0.0.1:9092",
        MOZDEF_KAFKA_SECURITY_PROTOCOL="SSL",
        MOZDEF_KAFKA_CA_FILE=str(tmp_path / "nowhere.pem"),
    )
    assert unreadable.returncode == 2
    assert unreadable.stderr.splitlines()[-1] == (
        f"mozdef setup: error: bus: MOZDEF_KAFKA_CA_FILE {tmp_path / 'nowhere.pem'}: cannot read: "
        "No such file or directory"
    )
