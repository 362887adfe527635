"""The Kafka TLS and SASL settings: which combinations start, what each refusal says, and what every
aiokafka client of the bus is given. No broker here (test_kafka_tls_sasl.py has them)."""

from __future__ import annotations

import ssl
from pathlib import Path

import pytest
from pydantic import SecretStr, ValidationError

from mozdef_common.bus import open_bus
from mozdef_common.bus.kafka import KafkaBus
from mozdef_common.bus.kafka_security import KafkaSecurity
from mozdef_common.errors import ConfigError
from mozdef_common.settings import CommonSettings
from tests.support.tls import TlsFiles, make_tls_files

PASSWORD = "Kq7-never-shown-Zx2"


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> TlsFiles:
    return make_tls_files(tmp_path_factory.mktemp("tls"))


def settings_from_env(monkeypatch: pytest.MonkeyPatch, **env: str) -> CommonSettings:
    for name, value in env.items():
        monkeypatch.setenv(f"MOZDEF_{name.upper()}", value)
    return CommonSettings()


def test_plaintext_is_the_default_and_needs_nothing() -> None:
    settings = CommonSettings()
    security = KafkaSecurity.from_settings(settings)
    assert security == KafkaSecurity()
    assert security.client_kwargs() == {"security_protocol": "PLAINTEXT"}
    assert settings.kafka_check_hostname is True
    assert settings.kafka_sasl_mechanism == "SCRAM-SHA-512"


@pytest.mark.parametrize(
    ("env", "message"),
    [
        (
            {"kafka_security_protocol": "SASL_SSL"},
            "MOZDEF_KAFKA_SECURITY_PROTOCOL is SASL_SSL: SASL needs MOZDEF_KAFKA_USERNAME and "
            "MOZDEF_KAFKA_PASSWORD",
        ),
        (
            {"kafka_security_protocol": "SASL_PLAINTEXT", "kafka_username": "mozdef"},
            "SASL needs MOZDEF_KAFKA_PASSWORD",
        ),
        (
            {"kafka_security_protocol": "SASL_PLAINTEXT", "kafka_password": PASSWORD},
            "SASL needs MOZDEF_KAFKA_USERNAME",
        ),
        (
            {"kafka_security_protocol": "SASL_SSL", "kafka_username": "mozdef", "kafka_password": ""},
            "SASL needs MOZDEF_KAFKA_PASSWORD",
        ),
        (
            {"kafka_username": "mozdef", "kafka_password": PASSWORD},
            "MOZDEF_KAFKA_USERNAME and MOZDEF_KAFKA_PASSWORD need SASL_PLAINTEXT or SASL_SSL "
            "(MOZDEF_KAFKA_SECURITY_PROTOCOL is PLAINTEXT)",
        ),
        (
            {"kafka_security_protocol": "SSL", "kafka_password": PASSWORD},
            "need SASL_PLAINTEXT or SASL_SSL (MOZDEF_KAFKA_SECURITY_PROTOCOL is SSL)",
        ),
        (
            {"kafka_ca_file": "/etc/kafka/ca.pem"},
            "MOZDEF_KAFKA_CA_FILE needs TLS: SSL or SASL_SSL (MOZDEF_KAFKA_SECURITY_PROTOCOL is PLAINTEXT)",
        ),
        (
            {
                "kafka_security_protocol": "SASL_PLAINTEXT",
                "kafka_username": "mozdef",
                "kafka_password": PASSWORD,
                "kafka_cert_file": "/etc/kafka/client.pem",
                "kafka_key_file": "/etc/kafka/client.key",
            },
            "MOZDEF_KAFKA_CERT_FILE needs TLS",
        ),
        (
            {"kafka_check_hostname": "false"},
            "MOZDEF_KAFKA_CHECK_HOSTNAME=false needs TLS",
        ),
        (
            {"kafka_security_protocol": "SSL", "kafka_cert_file": "/etc/kafka/client.pem"},
            "MOZDEF_KAFKA_CERT_FILE needs MOZDEF_KAFKA_KEY_FILE too",
        ),
        (
            {"kafka_security_protocol": "SSL", "kafka_key_file": "/etc/kafka/client.key"},
            "MOZDEF_KAFKA_KEY_FILE needs MOZDEF_KAFKA_CERT_FILE too",
        ),
    ],
)
def test_combinations_that_cannot_work_are_refused_naming_the_settings(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_from_env(monkeypatch, **env)
    assert message in str(refused.value)
    # `mozdef run` prints this at start-up, to stderr and the logs: the password given stays out of it.
    assert PASSWORD not in str(refused.value)


def test_production_refuses_a_password_sent_in_the_clear(monkeypatch: pytest.MonkeyPatch) -> None:
    clear = {
        "kafka_security_protocol": "SASL_PLAINTEXT",
        "kafka_sasl_mechanism": "PLAIN",
        "kafka_username": "mozdef",
        "kafka_password": PASSWORD,
    }
    assert settings_from_env(monkeypatch, **clear).kafka_sasl_mechanism == "PLAIN"  # development
    with pytest.raises(ValidationError) as refused:
        settings_from_env(monkeypatch, environment="production", **clear)
    assert "MOZDEF_KAFKA_SASL_MECHANISM=PLAIN over SASL_PLAINTEXT sends the Kafka password in the " in (
        str(refused.value)
    )
    for safe in ({"kafka_security_protocol": "SASL_SSL"}, {"kafka_sasl_mechanism": "SCRAM-SHA-256"}):
        settings = settings_from_env(monkeypatch, environment="production", **{**clear, **safe})
        assert settings.environment == "production"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("kafka_security_protocol", "TLS"),
        ("kafka_sasl_mechanism", "GSSAPI"),
        ("kafka_check_hostname", "maybe"),
    ],
)
def test_unknown_choices_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    with pytest.raises(ValidationError) as refused:
        settings_from_env(monkeypatch, **{name: value})
    assert name in str(refused.value)


def test_every_tls_and_sasl_setting_reaches_the_client_arguments(
    monkeypatch: pytest.MonkeyPatch, tls: TlsFiles
) -> None:
    settings = settings_from_env(
        monkeypatch,
        bus_url="kafka://broker-1:9093,broker-2:9093",
        kafka_security_protocol="SASL_SSL",
        kafka_sasl_mechanism="SCRAM-SHA-256",
        kafka_username="mozdef",
        kafka_password=PASSWORD,
        kafka_ca_file=str(tls.ca),
        kafka_cert_file=str(tls.client_cert),
        kafka_key_file=str(tls.client_key),
        kafka_check_hostname="false",
    )
    assert isinstance(settings.kafka_password, SecretStr)
    assert PASSWORD not in repr(settings)
    bus = open_bus(settings)
    assert isinstance(bus, KafkaBus)
    kwargs = bus.client_kwargs()
    context = kwargs.pop("ssl_context")
    assert kwargs == {
        "bootstrap_servers": "broker-1:9093,broker-2:9093",
        "client_id": "mozdef",
        "request_timeout_ms": 30_000,
        "security_protocol": "SASL_SSL",
        "sasl_mechanism": "SCRAM-SHA-256",
        "sasl_plain_username": "mozdef",
        "sasl_plain_password": PASSWORD,
    }
    assert isinstance(context, ssl.SSLContext)
    assert context.verify_mode == ssl.CERT_REQUIRED  # the chain is checked even without host names
    assert context.check_hostname is False
    assert [ca["subject"] for ca in context.get_ca_certs()] == [((("commonName", "MozDef test CA"),),)]
    # One context for every client the bus makes: producer, admin, consumers, tails.
    assert bus.client_kwargs()["ssl_context"] is context
    assert PASSWORD not in bus.security.describe()
    assert PASSWORD not in repr(bus.security)
    assert bus.security.describe() == (
        f"SASL_SSL, SCRAM-SHA-256 as mozdef, CA {tls.ca}, client certificate {tls.client_cert}, "
        "no host name check"
    )


def test_tls_without_a_ca_file_trusts_the_system_cas() -> None:
    context = KafkaSecurity(protocol="SSL").ssl_context()
    assert context is not None
    assert context.verify_mode == ssl.CERT_REQUIRED
    assert context.check_hostname is True
    assert KafkaSecurity(protocol="SSL").describe() == "SSL, the system's CAs"
    assert (
        KafkaSecurity(protocol="SASL_PLAINTEXT", username="u", password=SecretStr("p")).ssl_context() is None
    )


def test_files_that_cannot_be_used_are_refused_naming_the_setting(tmp_path: Path, tls: TlsFiles) -> None:
    missing = tmp_path / "nowhere.pem"
    with pytest.raises(ConfigError, match=f"MOZDEF_KAFKA_CA_FILE {missing}: cannot read"):
        KafkaSecurity(protocol="SSL", ca_file=missing).ssl_context()
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a certificate\n")
    with pytest.raises(ConfigError, match=f"MOZDEF_KAFKA_CA_FILE {garbage}: no PEM certificate"):
        KafkaSecurity(protocol="SSL", ca_file=garbage).ssl_context()
    with pytest.raises(ConfigError, match=f"MOZDEF_KAFKA_KEY_FILE {missing}: cannot read"):
        KafkaSecurity(protocol="SSL", cert_file=tls.client_cert, key_file=missing).ssl_context()
    # The server's key does not go with the client's certificate.
    with pytest.raises(ConfigError, match="not a PEM certificate and its private key"):
        KafkaSecurity(protocol="SSL", cert_file=tls.client_cert, key_file=tls.server_key).ssl_context()


def test_open_bus_refuses_an_unusable_file_before_connecting(tmp_path: Path) -> None:
    settings = CommonSettings(
        bus_url="kafka://127.0.0.1:1",
        kafka_security_protocol="SSL",
        kafka_ca_file=tmp_path / "nowhere.pem",
    )
    with pytest.raises(ConfigError, match="MOZDEF_KAFKA_CA_FILE"):
        open_bus(settings)
