"""The chart's Kafka TLS and SASL values (kafka.tls, kafka.sasl, secret.kafkaPassword): every pod that talks
to Kafka gets them as MOZDEF_KAFKA_* variables and mounted files that MozDef's settings accept, the
password only through the Secret, and the schema refuses what cannot work."""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import Any

import pytest

from mozdef_common.bus.kafka_security import KafkaSecurity
from mozdef_common.settings import CommonSettings
from tests.deploy.conftest import CI_VALUES, Helm, Manifest, load_values, values_id
from tests.deploy.test_chart import VALUE_SETS, component, env_of, merged_values, of_kind, pods, render

KAFKA_TLS = [path for path in CI_VALUES if load_values(path).get("kafka", {}).get("tls", {}).get("enabled")]
KAFKA_SASL = [path for path in CI_VALUES if load_values(path).get("kafka", {}).get("sasl", {}).get("enabled")]
TALKS_TO_KAFKA = ("Deployment", "Job")  # the five services and the setup Job; not the helm test Pod


def expected_protocol(values: dict[str, Any]) -> str:
    tls, sasl = values["kafka"]["tls"]["enabled"], values["kafka"]["sasl"]["enabled"]
    return {(False, False): "PLAINTEXT", (True, False): "SSL", (False, True): "SASL_PLAINTEXT"}.get(
        (tls, sasl), "SASL_SSL"
    )


def pod_environment(manifests: list[Manifest], container: dict[str, Any]) -> dict[str, str]:
    """The MOZDEF_* variables a container starts with: its ConfigMaps, then its own env (which wins);
    a variable from a Secret reads `<secret>/<key>`."""
    config_maps = {cm["metadata"]["name"]: cm["data"] for cm in of_kind(manifests, "ConfigMap")}
    env: dict[str, str] = {}
    for source in container.get("envFrom", []):
        if "configMapRef" in source:
            env.update(config_maps[source["configMapRef"]["name"]])
    for item in container.get("env", []):
        if "value" in item:
            env[item["name"]] = item["value"]
        else:
            ref = item["valueFrom"]["secretKeyRef"]
            env[item["name"]] = f"{ref['name']}/{ref['key']}"
    return {name: value for name, value in env.items() if name.startswith("MOZDEF_")}


def test_some_ci_values_turn_kafka_tls_and_sasl_on() -> None:
    assert KAFKA_TLS, "no ci/ values file enables kafka.tls: the TLS checks below would check nothing"
    assert KAFKA_SASL, "no ci/ values file enables kafka.sasl"
    with_client_cert = [p for p in KAFKA_TLS if load_values(p)["kafka"]["tls"].get("clientCertSecret")]
    with_config_map = [p for p in KAFKA_TLS if load_values(p)["kafka"]["tls"].get("caConfigMap")]
    with_secret = [p for p in KAFKA_TLS if load_values(p)["kafka"]["tls"].get("caSecret")]
    assert with_client_cert, "no ci/ values file gives a Kafka client certificate"
    assert with_config_map, "no ci/ values file takes the Kafka CA from a ConfigMap"
    assert with_secret, "no ci/ values file takes the Kafka CA from a Secret"


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_every_pod_that_talks_to_kafka_gets_the_settings_mozdef_accepts(
    helm: Helm, path: Path | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    manifests = render(helm, path)
    values = merged_values(path)
    protocol = expected_protocol(values)
    seen: set[str] = set()
    for name, labels, spec in pods(manifests):
        (container,) = spec["containers"]
        env = pod_environment(manifests, container)
        kind = name.partition("/")[0]
        kafka_env = {
            key for key in env if key.startswith("MOZDEF_KAFKA_") and key != "MOZDEF_KAFKA_SESSION_TIMEOUT_MS"
        }
        if kind not in TALKS_TO_KAFKA:
            # The test Pod reads the shared ConfigMap but never Kafka: plaintext defaults, no credential.
            assert kafka_env <= {"MOZDEF_KAFKA_CLIENT_ID", "MOZDEF_KAFKA_IDEMPOTENCE"}, name
            assert not [v for v in spec["volumes"] if v["name"].startswith("kafka-")], name
        else:
            seen.add(labels["app.kubernetes.io/component"])
            assert env.get("MOZDEF_KAFKA_SECURITY_PROTOCOL", "PLAINTEXT") == protocol, name
        # What the pod would start with is a valid set of settings, and says what the values asked.
        with monkeypatch.context() as patch:
            for key in [k for k in os.environ if k.startswith("MOZDEF_")]:
                patch.delenv(key)
            for key, value in env.items():
                patch.setenv(key, value)
            security = KafkaSecurity.from_settings(CommonSettings())
        if kind in TALKS_TO_KAFKA:
            assert security.protocol == protocol, name
            if values["kafka"]["sasl"]["enabled"]:
                assert security.username == values["kafka"]["sasl"]["username"], name
                assert security.sasl_mechanism == values["kafka"]["sasl"]["mechanism"], name
            if values["kafka"]["tls"]["enabled"]:
                assert security.check_hostname == values["kafka"]["tls"]["checkHostname"], name
    if values["setup"]["enabled"]:
        assert "setup" in seen
    assert {"ingest", "enrich", "indexer", "alerter", "api"} <= seen


@pytest.mark.parametrize("path", KAFKA_SASL, ids=values_id)
def test_the_kafka_password_comes_from_the_secret_only(helm: Helm, path: Path) -> None:
    manifests = render(helm, path)
    values = merged_values(path)
    for name, _labels, spec in pods(manifests):
        if name.partition("/")[0] not in TALKS_TO_KAFKA:
            assert "MOZDEF_KAFKA_PASSWORD" not in env_of(spec["containers"][0]), name
            continue
        password = env_of(spec["containers"][0])["MOZDEF_KAFKA_PASSWORD"]
        ref = password["valueFrom"]["secretKeyRef"]
        assert ref["key"] == "kafka-password", name
        # Required: a pod without it stays in CreateContainerConfigError naming the key, rather than
        # starting and being refused by the brokers.
        assert not ref.get("optional", False), name
        secrets = {s["metadata"]["name"]: s for s in of_kind(manifests, "Secret")}
        if values["secret"]["existingSecret"]:
            assert ref["name"] == values["secret"]["existingSecret"], name
        else:
            assert "kafka-password" in secrets[ref["name"]]["data"], name
    for config_map in of_kind(manifests, "ConfigMap"):
        assert "MOZDEF_KAFKA_PASSWORD" not in config_map["data"]
        if values["secret"]["kafkaPassword"]:
            assert values["secret"]["kafkaPassword"] not in str(config_map["data"])


def mounted(spec: dict[str, Any], setting: str) -> tuple[dict[str, Any], str]:
    """The volume holding the file that a setting of the pod's container names, and the key it is."""
    (container,) = spec["containers"]
    folder, file = posixpath.split(env_of(container)[setting]["value"])
    (mount,) = [m for m in container["volumeMounts"] if m["mountPath"] == folder]
    assert mount["readOnly"] is True, setting
    (volume,) = [v for v in spec["volumes"] if v["name"] == mount["name"]]
    source = volume.get("secret") or volume["configMap"]
    (key,) = [item["key"] for item in source["items"] if item["path"] == file]
    return volume, key


@pytest.mark.parametrize("path", KAFKA_TLS, ids=values_id)
def test_the_tls_files_are_mounted_where_the_settings_point(helm: Helm, path: Path) -> None:
    tls = merged_values(path)["kafka"]["tls"]
    client = tls["clientCertSecret"]
    for name, _labels, spec in pods(render(helm, path)):
        if name.partition("/")[0] not in TALKS_TO_KAFKA:
            continue
        env = env_of(spec["containers"][0])
        if tls["caSecret"]["name"]:
            volume, key = mounted(spec, "MOZDEF_KAFKA_CA_FILE")
            assert (volume["secret"]["secretName"], key) == (tls["caSecret"]["name"], tls["caSecret"]["key"])
        elif tls["caConfigMap"]["name"]:
            volume, key = mounted(spec, "MOZDEF_KAFKA_CA_FILE")
            assert (volume["configMap"]["name"], key) == (
                tls["caConfigMap"]["name"],
                tls["caConfigMap"]["key"],
            )
        else:
            assert "MOZDEF_KAFKA_CA_FILE" not in env, name
        if client["name"]:
            cert_volume, cert_key = mounted(spec, "MOZDEF_KAFKA_CERT_FILE")
            key_volume, key_key = mounted(spec, "MOZDEF_KAFKA_KEY_FILE")
            assert cert_volume is key_volume, name
            assert cert_volume["secret"]["secretName"] == client["name"], name
            assert (cert_key, key_key) == (client["certKey"], client["keyKey"]), name
            assert cert_volume["secret"]["defaultMode"] == 0o440, name
        else:
            assert {"MOZDEF_KAFKA_CERT_FILE", "MOZDEF_KAFKA_KEY_FILE"}.isdisjoint(env), name


def test_host_name_checks_can_be_turned_off(helm: Helm) -> None:
    manifests = render(helm, None, "kafka.tls.enabled=true", "kafka.tls.checkHostname=false")
    checked = {
        name: env_of(spec["containers"][0]).get("MOZDEF_KAFKA_CHECK_HOSTNAME", {}).get("value")
        for name, _labels, spec in pods(manifests)
        if name.partition("/")[0] in TALKS_TO_KAFKA
    }
    assert len(checked) == 6
    assert set(checked.values()) == {"false"}, checked


def test_a_changed_kafka_password_rolls_the_pods(helm: Helm) -> None:
    sasl = ["kafka.sasl.enabled=true", "kafka.sasl.username=mozdef"]

    def checksums(password: str) -> dict[str, str]:
        return {
            component(d): d["spec"]["template"]["metadata"]["annotations"]["checksum/secret"]
            for d in of_kind(render(helm, None, *sasl, f"secret.kafkaPassword={password}"), "Deployment")
        }

    before, after = checksums("first-Qx71"), checksums("second-Wv28")
    assert all(before[name] != after[name] for name in before)


@pytest.mark.parametrize(
    "assignments",
    [
        # PLAIN sends the password itself: TLS or nothing.
        [
            "kafka.sasl.enabled=true",
            "kafka.sasl.username=u",
            "secret.kafkaPassword=p",
            "kafka.sasl.mechanism=PLAIN",
        ],
        ["kafka.sasl.enabled=true", "secret.kafkaPassword=p"],  # no user
        ["kafka.sasl.enabled=true", "kafka.sasl.username=u"],  # no password, no existingSecret
        ["kafka.sasl.mechanism=GSSAPI"],
        ["kafka.tls.enabled=true", "kafka.tls.caSecret.name=a", "kafka.tls.caConfigMap.name=b"],
        ["kafka.tls.caSecret.name=kafka-ca"],  # files without TLS would be ignored: refused instead
        ["kafka.tls.clientCertSecret.name=kafka-client"],
        ["kafka.tls.enabled=true", "kafka.tls.checkHostname=maybe"],
        ["kafka.tls.enabled=true", "kafka.tls.clientCertSecret.keyKey="],
        ["config.extra.MOZDEF_KAFKA_SECURITY_PROTOCOL=SSL"],
        ["config.extra.MOZDEF_KAFKA_CA_FILE=/etc/ca.pem"],
    ],
    ids=lambda assignments: ",".join(assignments),
)
def test_schema_refuses_kafka_values_that_cannot_work(helm: Helm, assignments: list[str]) -> None:
    done = helm.template(sets=assignments)
    assert done.returncode != 0, f"{assignments} was accepted"
    assert "values don't meet the specifications of the schema" in done.stderr, done.stderr


def test_schema_accepts_sasl_with_the_password_in_an_existing_secret(helm: Helm) -> None:
    accepted = [
        ["kafka.sasl.enabled=true", "kafka.sasl.username=u", "secret.existingSecret=soc-credentials"],
        [
            "kafka.sasl.enabled=true",
            "kafka.sasl.username=u",
            "kafka.sasl.mechanism=PLAIN",
            "kafka.tls.enabled=true",
            "secret.kafkaPassword=p",
        ],
        ["kafka.tls.enabled=true", "kafka.tls.caConfigMap.name=kafka-ca"],
    ]
    for assignments in accepted:
        done = helm.template(sets=assignments)
        assert done.returncode == 0, f"{assignments}: {done.stderr}"
