"""The Dockerfile and .dockerignore, linted. No Docker engine runs on the development machines, so the
rules hadolint and reviewers apply are checked here on the parsed file; users and CI build it elsewhere.

Each rule is a function returning what breaks it (empty: nothing). Each test runs one rule on the real
Dockerfile, then on a small bad one, so no rule can pass by not looking.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tomllib
from pathlib import Path
from typing import Final

import pytest

from mozdef_api.settings import ApiSettings
from mozdef_cli.services import SERVICES
from mozdef_ingest.settings import IngestSettings
from tests.support.dockerfile import (
    Dockerfile,
    Instruction,
    Stage,
    ignore_rules,
    ignored,
    pairs,
    parse,
    substitute,
)

ROOT: Final = Path(__file__).resolve().parents[2]
RUNTIME_UID: Final = 10001
DOCKERFILE: Final = parse((ROOT / "Dockerfile").read_text())


# -- the rules ------------------------------------------------------------------------------------


def multi_stage_with_named_build_stages(df: Dockerfile) -> list[str]:
    problems = [] if len(df.stages) >= 2 else ["one stage only: build and runtime are not separated"]
    problems += [f"stage {n} ({s.base}) has no name" for n, s in enumerate(df.stages[:-1]) if not s.name]
    return problems


def bases_pinned_by_tag(df: Dockerfile) -> list[str]:
    problems, stage_names = [], set()
    for stage in df.stages:
        image = stage.base
        if image in stage_names:
            continue  # built FROM an earlier stage
        name, _, digest = image.partition("@")
        tag = name.rpartition("/")[2].partition(":")[2]
        if "$" in image:
            problems.append(f"{image}: an ARG without a default")
        elif not digest and not tag:
            problems.append(f"{image}: no tag")
        elif tag == "latest":
            problems.append(f"{image}: the latest tag")
        if stage.name:
            stage_names.add(stage.name)
    return problems


def final_user_numeric_non_root(df: Dockerfile) -> list[str]:
    user = df.final.user()
    if user is None:
        return ["the final stage runs as root (no USER)"]
    uid, _, gid = user.partition(":")
    if not uid.isdigit() or (gid and not gid.isdigit()):
        return [f"USER {user}: not numeric (Kubernetes' runAsNonRoot cannot check a name)"]
    if int(uid) == 0 or (gid and int(gid) == 0):
        return [f"USER {user}: root"]
    return []


def no_sudo_no_remote_add(df: Dockerfile) -> list[str]:
    problems = []
    for stage in df.stages:
        for i in stage.instructions:
            if i.keyword == "RUN" and re.search(r"(^|[\s;&|(])sudo\s", i.args):
                problems.append(f"line {i.line}: sudo")
            if i.keyword == "ADD" and re.search(r"(^|\s)(https?|git)[:@]", i.args):
                problems.append(f"line {i.line}: ADD from the network (unverified)")
    return problems


def apt_get_hygiene(df: Dockerfile) -> list[str]:
    problems = []
    for stage in df.stages:
        for i in stage.all("RUN"):
            if re.search(r"(^|[\s;&|])apt\s", i.args):
                problems.append(f"line {i.line}: apt is for people; scripts use apt-get")
            if re.search(r"apt-get\s+(-\S+\s+)*(upgrade|dist-upgrade)", i.args):
                problems.append(f"line {i.line}: apt-get upgrade (the base image is what to update)")
            if re.search(r"apt-get\s+(-\S+\s+)*install", i.args):
                if "--no-install-recommends" not in i.args:
                    problems.append(f"line {i.line}: apt-get install without --no-install-recommends")
                if "rm -rf /var/lib/apt/lists" not in i.args:
                    problems.append(f"line {i.line}: apt lists left in the layer")
    return problems


def pip_without_cache_and_with_hashes(df: Dockerfile) -> list[str]:
    problems = []
    for stage in df.stages:
        no_cache_env = stage.env().get("PIP_NO_CACHE_DIR", "").lower() in ("1", "true", "yes", "on")
        for i in stage.all("RUN"):
            for command in re.split(r"&&|;|\|\|", i.args):
                if not re.search(r"pip3?\s+(install|wheel)\b", command):
                    continue
                if "--no-cache-dir" not in command and not no_cache_env:
                    problems.append(f"line {i.line}: pip without --no-cache-dir")
                if re.search(r"\s-r\s|--requirement", command) and "--require-hashes" not in command:
                    problems.append(f"line {i.line}: requirements installed without --require-hashes")
    return problems


def copies_not_writable_by_runtime_user(df: Dockerfile) -> list[str]:
    user = df.final.user() or ""
    runtime = {user.partition(":")[0], str(RUNTIME_UID), *_user_names(df.final)} - {""}
    volumes = set(_volumes(df.final))
    problems = []
    for i in df.final.instructions:
        owner = i.flags.get("chown", "").partition(":")[0]
        if i.keyword in ("COPY", "ADD") and owner in runtime:
            problems.append(f"line {i.line}: files copied as the runtime user, who could then change them")
        mode = i.flags.get("chmod", "")
        if i.keyword in ("COPY", "ADD") and mode and int(mode, 8) & 0o022:
            problems.append(f"line {i.line}: --chmod={mode} lets others write")
        if i.keyword == "RUN":
            for target in re.findall(r"chown\s+(?:-\S+\s+)*\S+\s+(\S+)", i.args):
                if target not in volumes:
                    problems.append(f"line {i.line}: chown of {target}, which is not a volume")
    return problems


def _user_names(stage: Stage) -> list[str]:
    return [
        m
        for i in stage.all("RUN")
        for m in re.findall(r"useradd\s[^&;]*?\s([a-z_][a-z0-9_-]*)\s*(?:$|&&|;)", i.args)
    ]


def _volumes(stage: Stage) -> list[str]:
    return [v for i in stage.all("VOLUME") for v in i.words()]


def entrypoint_runs_mozdef(df: Dockerfile) -> list[str]:
    entrypoints, cmds = df.final.all("ENTRYPOINT"), df.final.all("CMD")
    if not entrypoints:
        return ["no ENTRYPOINT"]
    entry = entrypoints[-1].exec_form()
    if entry is None:
        return ["ENTRYPOINT in shell form: signals reach /bin/sh, not mozdef"]
    problems = [] if entry == ["mozdef"] else [f"ENTRYPOINT {entry}: not mozdef"]
    cmd = cmds[-1].exec_form() if cmds else None
    if cmd is None or len(cmd) != 2 or cmd[0] != "run" or cmd[1] not in SERVICES:
        problems.append(f"CMD {cmds[-1].args if cmds else None}: not an exec-form `run <service>`")
    return problems


def healthcheck_absent_or_exec_form(df: Dockerfile) -> list[str]:
    problems = []
    for stage in df.stages:
        for i in stage.all("HEALTHCHECK"):
            body = re.sub(r"^(--\S+\s+)*", "", i.args)
            if (
                body.upper() != "NONE"
                and Instruction(i.line, "CMD", {}, body.removeprefix("CMD").strip()).exec_form() is None
            ):
                problems.append(f"line {i.line}: HEALTHCHECK in shell form")
    return problems


def copy_sources_exist_and_are_in_the_context(df: Dockerfile, root: Path) -> list[str]:
    rules, tracked = ignore_rules(root), _tracked(root)
    problems = []
    for stage in df.stages:
        for i in stage.instructions:
            if i.keyword not in ("COPY", "ADD") or "from" in i.flags:
                continue
            for source in i.words()[:-1]:
                matches = sorted(root.glob(source.rstrip("/"))) if source.strip("/") else []
                if not matches:
                    problems.append(f"line {i.line}: {source} does not exist")
                    continue
                for match in matches:
                    files = [match] if match.is_file() else [p for p in match.rglob("*") if p.is_file()]
                    names = [p.relative_to(root).as_posix() for p in files]
                    if all(ignored(name, rules) for name in names):
                        problems.append(f"line {i.line}: .dockerignore leaves {source} out")
                    left_out = [n for n in names if n in tracked and ignored(n, rules)]
                    if left_out:
                        problems.append(f"line {i.line}: .dockerignore leaves out {left_out[:3]} of {source}")
    return problems


def _tracked(root: Path) -> set[str]:
    """Files git tracks under ``root`` (empty when it is no checkout): none of them may be left out."""
    git = shutil.which("git")
    if git is None or not (root / ".git").exists():
        return set()
    listed = subprocess.run([git, "ls-files", "-z"], cwd=root, capture_output=True, check=True)
    return set(listed.stdout.decode().split("\0")) - {""}


def web_build_in_final_stage(df: Dockerfile) -> list[str]:
    builders = [s.name for s in df.stages if any("npm run build" in i.args for i in s.all("RUN"))]
    if not builders:
        return ["no stage builds the web app (npm run build)"]
    if any("npm install" in i.args for s in df.stages for i in s.all("RUN")):
        return ["npm install: the web app's dependencies come from its lock (npm ci)"]
    web_dir = df.final.env().get("MOZDEF_WEB_DIR")
    copies = [i for i in df.final.all("COPY") if i.flags.get("from") in builders]
    if not any(i.words()[0].endswith("/dist") and i.words()[-1] == web_dir for i in copies):
        return [f"no COPY --from={builders[0]} of its dist into MOZDEF_WEB_DIR ({web_dir})"]
    return []


def runtime_environment(df: Dockerfile) -> list[str]:
    env, final = df.final.env(), df.final
    exposed = {int(p.partition("/")[0]) for i in final.all("EXPOSE") for p in i.words()}
    wanted = {
        "PYTHONDONTWRITEBYTECODE": "1",
        "MOZDEF_BIND": "0.0.0.0",
    }
    problems = [f"ENV {k}={env.get(k)}, not {v}" for k, v in wanted.items() if env.get(k) != v]
    if env.get("MOZDEF_DATA_DIR") not in _volumes(final):
        problems.append(f"MOZDEF_DATA_DIR ({env.get('MOZDEF_DATA_DIR')}) is not a VOLUME")
    for port in (
        IngestSettings.model_fields["ingest_port"].default,
        ApiSettings.model_fields["api_port"].default,
    ):
        if port not in exposed:
            problems.append(f"port {port} not exposed")
    if len(exposed) < 3:
        problems.append("the metrics port of enrich, indexer and alerter is not exposed")
    return problems


def no_build_tools_in_final_stage(df: Dockerfile) -> list[str]:
    problems = []
    for i in df.final.all("RUN"):
        if re.search(r"apt-get|apk\s|pip3?\s|npm\s|gcc|make\s|curl\s|wget\s", i.args):
            problems.append(f"line {i.line}: the final stage installs or fetches: {i.args[:60]}")
    builders = [s for s in df.stages[:-1] if any(i.flags.get("from") == s.name for i in df.final.all("COPY"))]
    venvs = [s for s in builders if any("venv" in i.args for i in s.all("RUN"))]
    problems += [
        f"the virtual environment of {s.name} ({s.base}) runs on another image ({df.final.base})"
        for s in venvs
        if s.base != df.final.base
    ]
    return problems


_SECRET_NAME = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL", re.I)


def no_secrets(df: Dockerfile) -> list[str]:
    problems = [f"ARG {key} (build args stay in the image)" for key in df.args if _SECRET_NAME.search(key)]
    for stage in df.stages:
        for i in stage.instructions:
            if i.keyword in ("ENV", "ARG"):
                for key in pairs(i.args) or {i.args.split()[0]: ""}:
                    if _SECRET_NAME.search(key):
                        problems.append(
                            f"line {i.line}: {i.keyword} {key} (build args and env stay in the image)"
                        )
            if i.keyword in ("COPY", "ADD") and re.search(r"\.(pem|key|p12|pfx)\b|\.env\b|id_rsa", i.args):
                problems.append(f"line {i.line}: a key or env file copied in")
    return problems


def oci_labels(df: Dockerfile) -> list[str]:
    labels: dict[str, str] = {}
    for i in df.final.all("LABEL"):
        labels.update(pairs(i.args))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    args = {k: v for i in df.final.all("ARG") for k, v in pairs(i.args).items()}
    version = substitute(labels.get("org.opencontainers.image.version", ""), args)
    problems = [
        f"no label org.opencontainers.image.{key}"
        for key in ("title", "description", "version", "revision", "licenses")
        if f"org.opencontainers.image.{key}" not in labels
    ]
    if version != project["version"]:
        problems.append(f"image version {version!r} is not the project's {project['version']!r}")
    if labels.get("org.opencontainers.image.licenses") != project["license"]:
        problems.append("the licence label is not the project's")
    return problems


# -- the tests: each rule on the real files, then on a bad example -----------------------------------


def test_multi_stage_with_named_build_stages() -> None:
    assert multi_stage_with_named_build_stages(DOCKERFILE) == []
    assert multi_stage_with_named_build_stages(parse("FROM python:3.11-slim\nRUN true\n")) != []
    assert multi_stage_with_named_build_stages(parse("FROM a:1\nFROM b:2\n")) == ["stage 0 (a:1) has no name"]


def test_every_base_image_is_pinned_by_tag() -> None:
    assert bases_pinned_by_tag(DOCKERFILE) == []
    bad = parse("ARG BASE\nFROM python AS a\nFROM node:latest AS b\nFROM $BASE\nFROM a\n")
    assert bases_pinned_by_tag(bad) == [
        "python: no tag",
        "node:latest: the latest tag",
        "$BASE: an ARG without a default",
    ]
    assert bases_pinned_by_tag(parse("FROM registry:5000/python@sha256:abc AS x\nFROM x\n")) == []


def test_final_stage_runs_as_a_numeric_non_root_user() -> None:
    assert final_user_numeric_non_root(DOCKERFILE) == []
    assert DOCKERFILE.final.user() == f"{RUNTIME_UID}:{RUNTIME_UID}"
    for user, problem in (("", "no USER"), ("mozdef", "not numeric"), ("0:0", "root"), ("10001:0", "root")):
        text = "FROM a:1 AS b\nFROM a:1\n" + (f"USER {user}\n" if user else "")
        assert problem in " ".join(final_user_numeric_non_root(parse(text))), user


def test_no_sudo_and_nothing_added_from_the_network() -> None:
    assert no_sudo_no_remote_add(DOCKERFILE) == []
    bad = parse("FROM a:1\nRUN sudo make install\nADD https://example.invalid/x.tgz /x\n")
    assert no_sudo_no_remote_add(bad) == ["line 2: sudo", "line 3: ADD from the network (unverified)"]


def test_apt_get_installs_no_recommends_and_removes_its_lists() -> None:
    assert apt_get_hygiene(DOCKERFILE) == []
    good = (
        "FROM a:1\nRUN apt-get update \\\n && apt-get install -y --no-install-recommends tini \\\n"
        " && rm -rf /var/lib/apt/lists/*\n"
    )
    assert apt_get_hygiene(parse(good)) == []
    bad = parse("FROM a:1\nRUN apt-get update && apt-get install -y tini\nRUN apt upgrade -y\n")
    assert apt_get_hygiene(bad) == [
        "line 2: apt-get install without --no-install-recommends",
        "line 2: apt lists left in the layer",
        "line 3: apt is for people; scripts use apt-get",
    ]


def test_pip_keeps_no_cache_and_checks_hashes() -> None:
    assert pip_without_cache_and_with_hashes(DOCKERFILE) == []
    bad = parse("FROM a:1\nRUN pip install -r requirements.txt && pip install --no-cache-dir x\n")
    assert pip_without_cache_and_with_hashes(bad) == [
        "line 2: pip without --no-cache-dir",
        "line 2: requirements installed without --require-hashes",
    ]


def test_copied_files_are_not_writable_by_the_runtime_user() -> None:
    assert copies_not_writable_by_runtime_user(DOCKERFILE) == []
    bad = parse(
        "FROM a:1 AS b\nFROM a:1\nRUN useradd --uid 10001 app && chown -R app /opt\n"
        "COPY --from=b --chown=app /x /x\nCOPY --from=b --chmod=777 /y /y\nVOLUME /data\nUSER 10001\n"
    )
    assert copies_not_writable_by_runtime_user(bad) == [
        "line 3: chown of /opt, which is not a volume",
        "line 4: files copied as the runtime user, who could then change them",
        "line 5: --chmod=777 lets others write",
    ]


def test_entrypoint_is_exec_form_running_mozdef() -> None:
    assert entrypoint_runs_mozdef(DOCKERFILE) == []
    assert entrypoint_runs_mozdef(parse("FROM a:1\nENTRYPOINT mozdef run api\n")) == [
        "ENTRYPOINT in shell form: signals reach /bin/sh, not mozdef"
    ]
    assert entrypoint_runs_mozdef(parse('FROM a:1\nENTRYPOINT ["mozdef"]\nCMD ["run", "everything"]\n')) != []


def test_healthcheck_is_absent_or_exec_form() -> None:
    assert healthcheck_absent_or_exec_form(DOCKERFILE) == []
    good = 'FROM a:1\nHEALTHCHECK --interval=30s CMD ["python", "-c", "pass"]\nHEALTHCHECK NONE\n'
    assert healthcheck_absent_or_exec_form(parse(good)) == []
    bad = parse("FROM a:1\nHEALTHCHECK --interval=30s CMD curl -f http://localhost/ || exit 1\n")
    assert healthcheck_absent_or_exec_form(bad) == ["line 2: HEALTHCHECK in shell form"]


def test_every_copy_source_exists_and_is_in_the_build_context(tmp_path: Path) -> None:
    assert copy_sources_exist_and_are_in_the_context(DOCKERFILE, ROOT) == []
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("")
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes" / "x.txt").write_text("")
    (tmp_path / ".dockerignore").write_text("*\n!src\n")
    bad = parse("FROM a:1\nCOPY src /src\nCOPY notes missing.txt /x/\n")
    assert copy_sources_exist_and_are_in_the_context(bad, tmp_path) == [
        "line 3: .dockerignore leaves notes out",
        "line 3: missing.txt does not exist",
    ]


def test_dockerignore_leaves_out_local_state_and_keeps_the_sources() -> None:
    rules = ignore_rules(ROOT)
    for path in (
        ".venv/bin/python",
        ".git/HEAD",
        "var/bus/mozdef.raw.db",
        "web/node_modules/vite/package.json",
        "web/dist/index.html",
        "web/openapi.json",
        "web/src/api/schema.ts",
        "libs/mozdef_common/mozdef_common/__pycache__/settings.cpython-311.pyc",
        "services/api/.mypy_cache/x.json",
        ".pytest_cache/v/cache/nodeids",
        "tests/conftest.py",
        "docs/operations.md",
        ".env",
        "requirements/dev.txt",
    ):
        assert ignored(path, rules), f"{path} would reach the builder"
    for path in (
        "pyproject.toml",
        "requirements/runtime.txt",
        "libs/mozdef_common/mozdef_common/settings.py",
        "services/alerter/mozdef_alerter/builtin/rules/ssh.yml",
        "web/src/main.tsx",
        "web/package-lock.json",
    ):
        assert not ignored(path, rules), f"{path} would be left out"


def test_the_web_build_is_copied_into_the_final_stage() -> None:
    assert web_build_in_final_stage(DOCKERFILE) == []
    no_copy = parse(
        "FROM n:1 AS web\nRUN npm ci && npm run build\n"
        "FROM p:1\nENV MOZDEF_WEB_DIR=/web\nCOPY --from=web /w/dist /else\n"
    )
    assert web_build_in_final_stage(no_copy) == ["no COPY --from=web of its dist into MOZDEF_WEB_DIR (/web)"]
    assert web_build_in_final_stage(
        parse("FROM n:1 AS web\nRUN npm install && npm run build\nFROM p:1\n")
    ) == ["npm install: the web app's dependencies come from its lock (npm ci)"]


def test_runtime_environment_suits_a_read_only_root() -> None:
    assert runtime_environment(DOCKERFILE) == []
    bad = parse("FROM a:1\nENV MOZDEF_DATA_DIR=/data PYTHONDONTWRITEBYTECODE=0\nEXPOSE 8000\n")
    assert runtime_environment(bad) == [
        "ENV PYTHONDONTWRITEBYTECODE=0, not 1",
        "ENV MOZDEF_BIND=None, not 0.0.0.0",
        "MOZDEF_DATA_DIR (/data) is not a VOLUME",
        "port 8080 not exposed",
        "the metrics port of enrich, indexer and alerter is not exposed",
    ]


def test_final_stage_has_no_build_tools() -> None:
    assert no_build_tools_in_final_stage(DOCKERFILE) == []
    bad = parse(
        "FROM python:3.11-slim AS py\nRUN python -m venv /v\nFROM python:3.12-slim\n"
        "RUN apt-get update && apt-get install -y --no-install-recommends gcc\nCOPY --from=py /v /v\n"
    )
    assert no_build_tools_in_final_stage(bad) == [
        "line 4: the final stage installs or fetches: "
        "apt-get update && apt-get install -y --no-install-recommends",
        "the virtual environment of py (python:3.11-slim) runs on another image (python:3.12-slim)",
    ]


def test_no_secrets_in_the_image() -> None:
    assert no_secrets(DOCKERFILE) == []
    bad = parse(
        "ARG NPM_TOKEN\nFROM a:1\nARG GITHUB_TOKEN\nENV MOZDEF_OPENSEARCH_PASSWORD=admin\n"
        "COPY server.key /k\n"
    )
    assert no_secrets(bad) == [
        "ARG NPM_TOKEN (build args stay in the image)",
        "line 3: ARG GITHUB_TOKEN (build args and env stay in the image)",
        "line 4: ENV MOZDEF_OPENSEARCH_PASSWORD (build args and env stay in the image)",
        "line 5: a key or env file copied in",
    ]


def test_oci_labels_name_the_project() -> None:
    assert oci_labels(DOCKERFILE) == []
    bad = parse('FROM a:1\nARG VERSION=9.9\nLABEL org.opencontainers.image.version="${VERSION}"\n')
    problems = oci_labels(bad)
    assert "no label org.opencontainers.image.title" in problems
    assert "image version '9.9' is not the project's '0.1.0'" in problems


def _pins(path: Path) -> dict[str, str]:
    return dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", path.read_text(), re.M))


@pytest.mark.parametrize("lock", ["runtime.txt", "build.txt"])
def test_image_locks_pin_what_the_tests_ran_with_by_hash(lock: str) -> None:
    text = (ROOT / "requirements" / lock).read_text()
    pins, dev = _pins(ROOT / "requirements" / lock), _pins(ROOT / "requirements" / "dev.txt")
    assert pins, f"{lock} pins nothing"
    assert {name: version for name, version in pins.items() if dev.get(name) != version} == {}
    # Every requirement carries hashes; no index or download lines (`make lock` writes it so).
    assert len(re.findall(r"^[A-Za-z0-9_.-]+==\S+ \\\n\s+--hash=sha256:", text, re.M)) == len(pins)
    assert not re.search(r"^\s*(-i|--index-url|--extra-index-url|--find-links|-f)\b", text, re.M)
    if lock == "runtime.txt":
        project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
        wanted = {re.split(r"[<>=\[; ]", d, maxsplit=1)[0].lower() for d in project["dependencies"]}
        assert wanted - {n.lower() for n in pins} == set(), "a dependency of pyproject.toml is not locked"
