"""The Helm chart (deploy/k8s/mozdef): it lints, renders valid Kubernetes objects for the default values
and every ci/ values file, and what it renders keeps the promises operators rely on.

Rendered objects are checked against the Kubernetes OpenAPI schemas offline, strictly (unknown fields
refused), with the schemas bundled in the ``kubernetes-validate`` package, for the oldest Kubernetes the
chart supports and a recent one. ServiceMonitor (a Prometheus Operator CRD) has no bundled schema and
gets a structural check here instead.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from tests.deploy.conftest import CHART, CI_VALUES, NAMESPACE, Helm, Manifest, load_values, values_id
from tests.support.net import free_port
from tests.support.processes import ServiceProcesses

# The oldest Kubernetes the chart supports (Chart.yaml kubeVersion) and a recent one.
KUBERNETES_VERSIONS = ("1.29.0", "1.35.0")
SERVICES = ("ingest", "enrich", "indexer", "alerter", "api")
STAGES = ("enrich", "indexer", "alerter")  # no HTTP API: probes and metrics on MOZDEF_METRICS_PORT
CONSUMERS = ("enrich", "indexer", "alerter")  # bounded by the partitions of the topic they consume
VALUE_SETS: list[Path | None] = [None, *CI_VALUES]
WITH_POLICIES = [path for path in CI_VALUES if load_values(path).get("networkPolicy", {}).get("enabled")]


def render(helm: Helm, path: Path | None, *sets: str) -> list[Manifest]:
    return helm.render([] if path is None else [str(path)], sets)


def merged_values(path: Path | None) -> dict[str, Any]:
    """The values a render used: values.yaml overlaid with the ci file, as helm merges them."""

    def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
        out = dict(base)
        for key, value in over.items():
            out[key] = (
                merge(out[key], value)
                if isinstance(out.get(key), dict) and isinstance(value, dict)
                else value
            )
        return out

    defaults = load_values(CHART / "values.yaml")
    return defaults if path is None else merge(defaults, load_values(path))


def of_kind(manifests: list[Manifest], kind: str) -> list[Manifest]:
    return [doc for doc in manifests if doc["kind"] == kind]


def component(doc: Manifest) -> str:
    return str(doc["metadata"]["labels"]["app.kubernetes.io/component"])


def pods(manifests: list[Manifest]) -> Iterator[tuple[str, dict[str, str], dict[str, Any]]]:
    """(kind/name, pod labels, pod spec) of everything that makes pods."""
    for doc in manifests:
        name = f"{doc['kind']}/{doc['metadata']['name']}"
        if doc["kind"] in ("Deployment", "Job"):
            yield name, doc["spec"]["template"]["metadata"]["labels"], doc["spec"]["template"]["spec"]
        elif doc["kind"] == "Pod":
            yield name, doc["metadata"]["labels"], doc["spec"]


def env_of(container: dict[str, Any]) -> dict[str, Any]:
    return {item["name"]: item for item in container.get("env", [])}


def secret_strings(manifests: list[Manifest]) -> set[str]:
    found: set[str] = set()
    for secret in of_kind(manifests, "Secret"):
        found.update(base64.b64decode(value).decode() for value in (secret.get("data") or {}).values())
        found.update((secret.get("stringData") or {}).values())
    return found


def hook_weight(doc: Manifest) -> int:
    return int(doc["metadata"].get("annotations", {}).get("helm.sh/hook-weight", "0"))


# -- lint, render, validate ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_lints_strictly(helm: Helm, path: Path | None) -> None:
    args = ["lint", "--strict", str(CHART)] + ([] if path is None else ["--values", str(path)])
    done = helm.run(*args)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "[WARNING]" not in done.stdout, done.stdout
    assert "[ERROR]" not in done.stdout, done.stdout


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_renders_objects_kubernetes_accepts(helm: Helm, path: Path | None) -> None:
    kubernetes_validate = pytest.importorskip(
        "kubernetes_validate", reason="kubernetes-validate (a dev dependency) validates the rendered objects"
    )
    manifests = render(helm, path)
    kinds = {doc["kind"] for doc in manifests}
    assert {"Deployment", "Service", "ConfigMap"} <= kinds
    for doc in manifests:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        if doc["kind"] == "ServiceMonitor":
            check_service_monitor(doc, manifests)
            continue
        for version in KUBERNETES_VERSIONS:
            try:
                kubernetes_validate.validate(doc, version, strict=True)
            except kubernetes_validate.ValidationError as exc:
                path_in_doc = ".".join(str(part) for part in exc.path)
                pytest.fail(f"{where} is not valid on Kubernetes {version}: {path_in_doc}: {exc.message}")


def check_service_monitor(monitor: Manifest, manifests: list[Manifest]) -> None:
    """What the Prometheus Operator needs of a ServiceMonitor: a selector that finds one of our Services
    and endpoints naming one of its ports."""
    where = f"ServiceMonitor/{monitor['metadata']['name']}"
    assert monitor["apiVersion"] == "monitoring.coreos.com/v1", where
    spec = monitor["spec"]
    assert set(spec) <= {"selector", "namespaceSelector", "endpoints"}, where
    wanted = spec["selector"]["matchLabels"]
    services = [
        svc
        for svc in of_kind(manifests, "Service")
        if all(svc["metadata"]["labels"].get(k) == v for k, v in wanted.items())
    ]
    assert len(services) == 1, f"{where} selects {len(services)} Services"
    ports = {port["name"] for port in services[0]["spec"]["ports"]}
    assert spec["endpoints"], where
    for endpoint in spec["endpoints"]:
        assert set(endpoint) <= {"port", "path", "interval", "scrapeTimeout"}, where
        assert endpoint["port"] in ports, where
        assert endpoint["path"] == "/metrics", where
    assert spec["namespaceSelector"] == {"matchNames": [NAMESPACE]}, where


# -- what every Deployment (and every pod) promises ------------------------------------------------------


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_every_deployment_has_probes_security_and_config_checksum(helm: Helm, path: Path | None) -> None:
    manifests = render(helm, path)
    deployments = of_kind(manifests, "Deployment")
    assert sorted(component(d) for d in deployments) == sorted(SERVICES)
    for deployment in deployments:
        name = component(deployment)
        template = deployment["spec"]["template"]
        annotations = template["metadata"]["annotations"]
        assert re.fullmatch(r"[0-9a-f]{64}", annotations.get("checksum/config", "")), name
        assert re.fullmatch(r"[0-9a-f]{64}", annotations.get("checksum/secret", "")), name
        (container,) = template["spec"]["containers"]
        assert container["args"] == ["run", name]
        port_names = {port["name"] for port in container["ports"]}
        for probe, path_ in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
            assert container[probe]["httpGet"]["path"] == path_, f"{name} {probe}"
            assert container[probe]["httpGet"]["port"] in port_names, f"{name} {probe}"


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_every_pod_runs_locked_down(helm: Helm, path: Path | None) -> None:
    for name, _labels, spec in pods(render(helm, path)):
        pod = spec["securityContext"]
        assert pod["runAsNonRoot"] is True, name
        assert pod["runAsUser"] == 10001, name
        assert pod["fsGroup"] == 10001, name
        assert pod["seccompProfile"] == {"type": "RuntimeDefault"}, name
        assert spec["automountServiceAccountToken"] is False, name
        # Service links would inject MOZDEF_INGEST_PORT=tcp://… into a release named "mozdef".
        assert spec["enableServiceLinks"] is False, name
        scratch = {volume["name"] for volume in spec["volumes"] if "emptyDir" in volume}
        for container in spec["containers"]:
            context = container["securityContext"]
            assert context["allowPrivilegeEscalation"] is False, name
            assert context["readOnlyRootFilesystem"] is True, name
            assert context["capabilities"] == {"drop": ["ALL"]}, name
            mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
            assert mounts.get("/tmp") in scratch, name
            assert mounts.get("/var/lib/mozdef") in scratch, name


def test_changed_settings_roll_the_pods(helm: Helm) -> None:
    def checksums(*sets: str) -> dict[str, dict[str, str]]:
        return {
            component(d): d["spec"]["template"]["metadata"]["annotations"]
            for d in of_kind(render(helm, None, *sets), "Deployment")
        }

    before = checksums()
    config_changed = checksums("config.logLevel=DEBUG")
    secret_changed = checksums("secret.opensearchPassword=rotated-Kq8wZ3")
    for name in SERVICES:
        assert config_changed[name]["checksum/config"] != before[name]["checksum/config"], name
        assert config_changed[name]["checksum/secret"] == before[name]["checksum/secret"], name
        assert secret_changed[name]["checksum/secret"] != before[name]["checksum/secret"], name
        assert secret_changed[name]["checksum/config"] == before[name]["checksum/config"], name


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_ports_settings_and_probes_agree(helm: Helm, path: Path | None) -> None:
    manifests = render(helm, path)
    (config,) = [cm for cm in of_kind(manifests, "ConfigMap") if component(cm) == "config"]
    # Every service reads MOZDEF_METRICS_PORT and starts a metrics server when it is set: only the
    # stages without an HTTP API may get it, so it never sits in the shared ConfigMap.
    for shared in ("MOZDEF_METRICS_PORT", "MOZDEF_INGEST_PORT", "MOZDEF_API_PORT"):
        assert shared not in config["data"]
    services = {component(s): s for s in of_kind(manifests, "Service")}
    for deployment in of_kind(manifests, "Deployment"):
        name = component(deployment)
        (container,) = deployment["spec"]["template"]["spec"]["containers"]
        (port,) = container["ports"]
        env = env_of(container)
        setting = "MOZDEF_METRICS_PORT" if name in STAGES else f"MOZDEF_{name.upper()}_PORT"
        assert env[setting]["value"] == str(port["containerPort"]), name
        assert {"MOZDEF_METRICS_PORT", "MOZDEF_INGEST_PORT", "MOZDEF_API_PORT"} & env.keys() == {setting}, (
            name
        )
        assert port["name"] == ("metrics" if name in STAGES else "http"), name
        assert services[name]["spec"]["ports"][0]["targetPort"] == port["name"], name


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_settings_the_chart_passes_are_read_by_mozdef(helm: Helm, path: Path | None) -> None:
    known = known_settings()
    manifests = render(helm, path)
    names: set[str] = set()
    for config_map in of_kind(manifests, "ConfigMap"):
        names.update(key for key in config_map["data"] if key.startswith("MOZDEF_"))
    for _name, _labels, spec in pods(manifests):
        for container in spec["containers"]:
            names.update(key for key in env_of(container) if key.startswith("MOZDEF_"))
    invented = names - known
    assert not invented, f"no settings class reads {sorted(invented)}"


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_every_command_is_one_mozdef_accepts(helm: Helm, path: Path | None) -> None:
    from mozdef_cli.main import build_parser

    values = merged_values(path)
    parser = build_parser()
    for name, _labels, spec in pods(render(helm, path)):
        for container in spec["containers"]:
            if "command" in container:  # the test Pod runs its script with the image's Python
                continue
            args = parser.parse_args(container["args"])
            if args.command == "setup":
                assert args.partitions == values["kafka"]["partitions"], name
                assert args.replication_factor == values["kafka"]["replicationFactor"], name
                assert args.wait == values["setup"]["waitSeconds"], name
            else:
                assert args.command == "run", name


def known_settings() -> set[str]:
    """Every MOZDEF_* variable some service's settings read."""
    from pydantic_settings import BaseSettings

    from mozdef_alerter.actions.settings import ActionSettings
    from mozdef_alerter.settings import AlerterSettings
    from mozdef_api.settings import ApiSettings
    from mozdef_enrich.settings import EnrichSettings
    from mozdef_indexer.settings import IndexerSettings
    from mozdef_ingest.settings import IngestSettings

    classes: list[type[BaseSettings]] = [
        IngestSettings,
        EnrichSettings,
        IndexerSettings,
        AlerterSettings,
        ActionSettings,
        ApiSettings,
    ]
    names: set[str] = set()
    for settings in classes:
        prefix = str(settings.model_config.get("env_prefix", ""))
        for field_name, info in settings.model_fields.items():
            alias = info.validation_alias
            names.add(alias.upper() if isinstance(alias, str) else f"{prefix}{field_name}".upper())
    return names


# -- secrets ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_no_secret_value_outside_secrets(helm: Helm, path: Path | None) -> None:
    manifests = render(helm, path)
    values = merged_values(path)
    given = {value for key, value in values["secret"].items() if key != "existingSecret" and value}
    given |= set(values["alerter"]["actions"]["secretEnv"].values())
    secrets = secret_strings(manifests)
    assert given <= secrets, "a credential from the values is in no Secret"
    config_maps = of_kind(manifests, "ConfigMap")
    for secret in secrets:
        for config_map in config_maps:
            for key, value in config_map["data"].items():
                assert secret not in value, f"ConfigMap/{config_map['metadata']['name']} {key} holds a secret"
        for doc in manifests:
            if doc["kind"] != "Secret":
                assert secret not in yaml.safe_dump(doc), (
                    f"{doc['kind']}/{doc['metadata']['name']} holds a secret"
                )


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_notes_say_how_to_begin_and_leak_no_secret(helm: Helm, path: Path | None) -> None:
    args = ["install", "mozdef", str(CHART), "--dry-run=client", "--namespace", NAMESPACE]
    done = helm.run(*args, *([] if path is None else ["--values", str(path)]))
    assert done.returncode == 0, done.stderr
    notes = done.stdout.partition("\nNOTES:\n")[2]
    for step in ("mozdef user add admin --role admin", "mozdef apikey create", "/events", "helm test mozdef"):
        assert step in notes, step
    for secret in secret_strings(render(helm, path)):
        assert secret not in notes


def test_existing_secret_replaces_the_charts_own(helm: Helm) -> None:
    manifests = render(
        helm, None, "secret.existingSecret=soc-credentials", "secret.opensearchPassword=unused-Zx81"
    )
    assert not [s for s in of_kind(manifests, "Secret") if component(s) in ("config", "setup")]
    for name, _labels, spec in pods(manifests):
        for container in spec["containers"]:
            refs = {
                e["valueFrom"]["secretKeyRef"]["name"] for e in container.get("env", []) if "valueFrom" in e
            }
            assert refs <= {"soc-credentials"}, name
            assert refs, f"{name} reads no credential"


# -- network policies ------------------------------------------------------------------------------------


def test_some_ci_values_turn_network_policies_on() -> None:
    assert WITH_POLICIES, "no ci/ values file enables networkPolicy: the policy tests would test nothing"


def selects(policy: Manifest, labels: dict[str, str]) -> bool:
    selector = policy["spec"]["podSelector"]
    assert not selector.get("matchExpressions"), "matchLabels only, so this check stays exact"
    return all(labels.get(key) == value for key, value in selector.get("matchLabels", {}).items())


@pytest.mark.parametrize("path", WITH_POLICIES, ids=values_id)
def test_network_policies_select_every_pod(helm: Helm, path: Path) -> None:
    manifests = render(helm, path)
    policies = of_kind(manifests, "NetworkPolicy")
    for name, labels, _spec in pods(manifests):
        assert any(selects(policy, labels) for policy in policies), f"no NetworkPolicy selects {name}"
    for policy in policies:
        assert policy["spec"]["policyTypes"] == ["Ingress", "Egress"], policy["metadata"]["name"]
        assert any(selects(policy, labels) for _n, labels, _s in pods(manifests)), policy["metadata"]["name"]


@pytest.mark.parametrize("path", WITH_POLICIES, ids=values_id)
def test_network_policies_let_only_what_must_talk_talk(helm: Helm, path: Path) -> None:
    values = merged_values(path)
    np = values["networkPolicy"]
    kafka, opensearch, mongodb = (set(np[backend]["ports"]) for backend in ("kafka", "opensearch", "mongodb"))
    https = set(np["externalHttps"]["ports"])
    extra = {port["port"] for rule in np["alerter"]["extraEgress"] for port in rule.get("ports", [])}
    expected_egress = {
        "ingest": {53} | kafka | mongodb,
        "enrich": {53} | kafka | mongodb,
        "indexer": {53} | kafka | opensearch,
        "alerter": {53} | kafka | opensearch | mongodb | https | extra,
        "api": {53} | kafka | opensearch | mongodb | https,
        "setup": {53} | kafka | opensearch | mongodb,
        "test": {53} | mongodb | {values["ingest"]["port"], values["api"]["port"]},
    }
    policies = {component(p): p for p in of_kind(render(helm, path), "NetworkPolicy")}
    assert set(policies) == set(expected_egress)
    for name, policy in policies.items():
        egress = {port["port"] for rule in policy["spec"]["egress"] for port in rule["ports"]}
        assert egress == expected_egress[name], name
        ingress = policy["spec"]["ingress"]
        listening = {port["port"] for rule in ingress for port in rule["ports"]}
        if name in ("setup", "test"):
            assert ingress == [], name
        elif name in STAGES:
            # Prometheus only.
            assert len(ingress) == 1, name
            assert listening == {values[name]["metricsPort"]}, name
        else:
            # The ingress controller and the test Pod on the HTTP port; Prometheus scrapes the same port.
            assert listening == {values[name]["port"]}, name
            peers = [peer for rule in ingress for peer in rule["from"]]
            test_pod = {"matchLabels": policies["test"]["spec"]["podSelector"]["matchLabels"]}
            assert {"podSelector": test_pod} in peers, name
            assert any(
                peer.get("namespaceSelector") == np["ingressController"]["namespaceSelector"]
                for peer in peers
            )


# -- labels -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_selector_labels_carry_no_version(helm: Helm, path: Path | None) -> None:
    chart = yaml.safe_load((CHART / "Chart.yaml").read_text())
    versions = {str(chart["version"]), str(chart["appVersion"])}
    manifests = render(helm, path)
    selectors: list[tuple[str, dict[str, str]]] = []
    for doc in manifests:
        where = f"{doc['kind']}/{doc['metadata']['name']}"
        spec = doc.get("spec", {})
        if doc["kind"] in ("Deployment", "PodDisruptionBudget", "ServiceMonitor"):
            selectors.append((where, spec["selector"]["matchLabels"]))
        elif doc["kind"] == "Service":
            selectors.append((where, spec["selector"]))
        elif doc["kind"] == "NetworkPolicy":
            selectors.append((where, spec["podSelector"]["matchLabels"]))
        if doc["kind"] == "Deployment":
            template_labels = spec["template"]["metadata"]["labels"]
            assert spec["selector"]["matchLabels"].items() <= template_labels.items(), where
    assert selectors
    for where, labels in selectors:
        assert "helm.sh/chart" not in labels, where
        assert "app.kubernetes.io/version" not in labels, where
        assert not any(version in value for value in labels.values() for version in versions), where


# -- values and their schema -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "assignment",
    [
        "ingest.replicas=two",
        "kafka.url=http://kafka:9092",
        "opensearch.url=https://admin:hunter2@opensearch:9200",
        "mongodb.url=mongodb://mozdef:hunter2@mongodb:27017/mozdef",
        "config.extra.MOZDEF_OPENSEARCH_PASSWORD=hunter2",
        "config.extra.MOZDEF_BUS_URL=kafka://elsewhere:9092",
        "config.logLevel=LOUD",
        "networkPolicy.kafka.cidrs={kafka.example.org}",
        "enrich.autoscaling.enabled=yes",
        "ingest.ingress.hosts[0].paths[0].pathType=Anything",
        "oidc.enabled=true",
        "typo=1",
    ],
)
def test_schema_rejects_bad_values(helm: Helm, assignment: str) -> None:
    done = helm.template(sets=[assignment])
    assert done.returncode != 0, f"{assignment} was accepted"
    assert "values don't meet the specifications of the schema" in done.stderr, done.stderr


def test_lint_rejects_bad_values_too(helm: Helm) -> None:
    done = helm.run("lint", "--strict", str(CHART), "--set", "api.replicas=two")
    assert done.returncode != 0
    assert "api/replicas" in done.stdout + done.stderr


def test_consumer_replicas_are_bounded_by_partitions(helm: Helm) -> None:
    for name in CONSUMERS:
        done = helm.template(sets=[f"{name}.replicas=7", "kafka.partitions=6"])
        assert done.returncode != 0, name
        assert "kafka.partitions is 6" in done.stderr, name
        scaled = helm.template(
            sets=[
                f"{name}.autoscaling.enabled=true",
                f"{name}.resources.requests.cpu=1",
                f"{name}.autoscaling.maxReplicas=9",
                "kafka.partitions=8",
            ]
        )
        assert scaled.returncode != 0, name
        assert "may run 9 replicas" in scaled.stderr, name
        assert helm.template(sets=[f"{name}.replicas=6", "kafka.partitions=6"]).returncode == 0, name
    # api replicas beyond the partitions still serve HTTP; ingest only produces.
    assert helm.template(sets=["api.replicas=10", "ingest.replicas=10", "kafka.partitions=2"]).returncode == 0


def test_autoscaling_needs_resource_requests(helm: Helm) -> None:
    done = helm.template(sets=["api.autoscaling.enabled=true"])
    assert done.returncode != 0
    assert "api.resources.requests.cpu" in done.stderr
    memory = helm.template(
        sets=[
            "api.autoscaling.enabled=true",
            "api.resources.requests.cpu=1",
            "api.autoscaling.targetMemoryUtilizationPercentage=80",
        ]
    )
    assert memory.returncode != 0
    assert "api.resources.requests.memory" in memory.stderr
    (hpa,) = of_kind(
        render(helm, None, "api.autoscaling.enabled=true", "api.resources.requests.cpu=1"),
        "HorizontalPodAutoscaler",
    )
    target = hpa["spec"]["scaleTargetRef"]
    assert target == {"apiVersion": "apps/v1", "kind": "Deployment", "name": "mozdef-api"}


def test_every_value_is_commented() -> None:
    """Each value of values.yaml has a `# --` comment above it. A key without one may only group
    commented keys (`image:`); what sits under a commented key or in a list is that value's default."""
    lines = (CHART / "values.yaml").read_text().splitlines()
    content = [(n, line) for n, line in enumerate(lines) if line.strip() and not line.strip().startswith("#")]
    uncommented: list[str] = []
    stack: list[tuple[int, bool]] = []  # (indent, inside a value's default)
    for position, (number, line) in enumerate(content):
        indent = len(line) - len(line.lstrip())
        while stack and stack[-1][0] >= indent:
            stack.pop()
        stripped = line.strip()
        if (stack and stack[-1][1]) or stripped.startswith("- "):
            stack.append((indent, True))
            continue
        key = re.match(r"^([A-Za-z0-9_.-]+):(.*)$", stripped)
        assert key, f"line {number + 1} is neither a key nor a list item: {stripped}"
        comments: list[str] = []
        for above in reversed(lines[:number]):
            if not above.strip().startswith("#"):
                break
            comments.append(above.strip())
        documented = any(comment.startswith("# --") for comment in comments)
        following = content[position + 1][1] if position + 1 < len(content) else ""
        groups = (
            not key.group(2).strip()
            and len(following) - len(following.lstrip()) > indent
            and not following.strip().startswith("- ")
        )
        if not documented and not groups:
            uncommented.append(f"{number + 1}: {stripped}")
        stack.append((indent, documented))
    assert not uncommented, "values without a `# --` comment:\n" + "\n".join(uncommented)


# -- the hooks: setup Job and helm test ------------------------------------------------------------------


@pytest.mark.parametrize("path", VALUE_SETS, ids=values_id)
def test_setup_job_runs_before_install_with_its_settings_in_place(helm: Helm, path: Path | None) -> None:
    manifests = render(helm, path)
    values = merged_values(path)
    jobs = of_kind(manifests, "Job")
    if not values["setup"]["enabled"]:
        assert jobs == []
        return
    (job,) = jobs
    assert job["metadata"]["annotations"]["helm.sh/hook"] == "pre-install,pre-upgrade"
    (container,) = job["spec"]["template"]["spec"]["containers"]
    assert container["args"][0] == "setup"
    # At pre-install the release's own ConfigMap and Secret do not exist yet: the Job's must be hooks
    # made before it.
    hooks = {
        (doc["kind"], doc["metadata"]["name"]): doc
        for doc in manifests
        if "helm.sh/hook" in doc["metadata"].get("annotations", {})
    }
    (config_ref,) = container["envFrom"]
    config = hooks[("ConfigMap", config_ref["configMapRef"]["name"])]
    assert hook_weight(config) < hook_weight(job)
    for ref in {e["valueFrom"]["secretKeyRef"]["name"] for e in container["env"] if "valueFrom" in e}:
        if ref == values["secret"]["existingSecret"]:
            continue
        assert hook_weight(hooks[("Secret", ref)]) < hook_weight(job)


def test_helm_test_pod_runs_the_pipeline_check(helm: Helm) -> None:
    manifests = render(helm, None)
    (pod,) = of_kind(manifests, "Pod")
    assert pod["metadata"]["annotations"]["helm.sh/hook"] == "test"
    (container,) = pod["spec"]["containers"]
    env = env_of(container)
    assert env["INGEST_URL"]["value"] == "http://mozdef-ingest:8080"
    assert env["API_URL"]["value"] == "http://mozdef-api:8000"
    (script,) = [cm for cm in of_kind(manifests, "ConfigMap") if component(cm) == "test"]
    shipped = (CHART / "files" / "pipeline_check.py").read_text()
    assert script["data"]["pipeline_check.py"] == shipped.rstrip("\n")
    assert container["command"] == ["python", "/etc/mozdef/test/pipeline_check.py"]
    assert hook_weight(script) < hook_weight(pod)


@pytest.mark.slow
def test_pipeline_check_finds_its_event_through_real_services(tmp_path: Path) -> None:
    """The helm test's script against ingest, enrich, indexer and api running as processes on loopback
    (embedded backends): it passes, leaves its keys revoked, and fails when the api cannot be reached."""
    api_port = free_port()
    services = ServiceProcesses(tmp_path, MOZDEF_API_PORT=str(api_port))
    mozdef = f"{sys.executable} -m mozdef_cli"
    try:
        for name in ("indexer", "enrich", "ingest", "api"):
            services.start(name)
        services.wait_ingest_ready()
        wait_ready(f"http://127.0.0.1:{api_port}/readyz")
        env = {
            **services.env,
            "INGEST_URL": services.ingest_url,
            "API_URL": f"http://127.0.0.1:{api_port}",
            "TIMEOUT_S": "60",
            "MOZDEF_COMMAND": mozdef,
        }
        passed = run_check(env)
        assert passed.returncode == 0, passed.stdout + passed.stderr
        assert "found it through" in passed.stdout
        keys = subprocess.run(
            [sys.executable, "-m", "mozdef_cli", "apikey", "list"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.splitlines()[1:]
        made = [line.split("\t") for line in keys if "\thelm-test-" in line]
        assert len(made) == 2, keys
        assert all(fields[5] != "-" for fields in made), f"helm-test keys left unrevoked: {keys}"

        failed = run_check({**env, "API_URL": f"http://127.0.0.1:{free_port()}", "TIMEOUT_S": "2"})
        assert failed.returncode == 1
        assert "was not searchable" in failed.stderr
    finally:
        codes = services.stop_all()
    assert all(code == 0 for code in codes.values()), codes


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    script = CHART / "files" / "pipeline_check.py"
    return subprocess.run(
        [sys.executable, str(script)], env=env, capture_output=True, text=True, check=False, timeout=120
    )


def wait_ready(url: str, timeout_s: float = 60.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} not ready after {timeout_s}s")


def test_values_files_parse_as_the_schema_expects() -> None:
    """values.schema.json is JSON and names every top-level key of values.yaml (helm lint checks the
    rest, with additionalProperties false throughout)."""
    schema = json.loads((CHART / "values.schema.json").read_text())
    assert schema["additionalProperties"] is False
    assert set(load_values(CHART / "values.yaml")) <= set(schema["properties"])
