"""The Helm chart as the tests see it: a real `helm` binary rendering deploy/k8s/mozdef.

helm is found through ``MOZDEF_HELM`` (a path) or ``PATH``; without it the chart tests skip and say
why (.ci/run installs it). Each helm call gets scratch cache/config/data folders, so nothing is read
from or written to the user's own helm set-up.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

CHART = Path(__file__).resolve().parents[2] / "deploy" / "k8s" / "mozdef"
CI_VALUES = sorted((CHART / "ci").glob("*.yaml"))
RELEASE = "mozdef"
NAMESPACE = "soc"

Manifest = dict[str, Any]


@dataclass
class Helm:
    """Runs helm on the chart; renders are cached per values set (they do not change within a run)."""

    binary: str
    home: Path
    _renders: dict[tuple[str, ...], list[Manifest]] = field(default_factory=dict)

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {
            **os.environ,
            "HELM_CACHE_HOME": str(self.home / "cache"),
            "HELM_CONFIG_HOME": str(self.home / "config"),
            "HELM_DATA_HOME": str(self.home / "data"),
        }
        return subprocess.run(
            [self.binary, *args], capture_output=True, text=True, env=env, check=False, timeout=120
        )

    def template(
        self, values: Sequence[str] = (), sets: Sequence[str] = ()
    ) -> subprocess.CompletedProcess[str]:
        args = ["template", RELEASE, str(CHART), "--namespace", NAMESPACE]
        for path in values:
            args += ["--values", path]
        for assignment in sets:
            args += ["--set", assignment]
        return self.run(*args)

    def render(self, values: Sequence[str] = (), sets: Sequence[str] = ()) -> list[Manifest]:
        """The manifests `helm template` makes (hooks and the test Pod included)."""
        key = (*values, "--set", *sets)
        if key not in self._renders:
            done = self.template(values, sets)
            assert done.returncode == 0, f"helm template failed:\n{done.stderr}"
            self._renders[key] = [doc for doc in yaml.safe_load_all(done.stdout) if doc]
        return self._renders[key]


@pytest.fixture(scope="session")
def helm(tmp_path_factory: pytest.TempPathFactory) -> Helm:
    binary = os.environ.get("MOZDEF_HELM") or shutil.which("helm")
    if not binary or not Path(binary).is_file():
        pytest.skip(
            "helm not found: set MOZDEF_HELM to a helm binary or put helm on PATH (.ci/run installs it)"
        )
    tool = Helm(binary, tmp_path_factory.mktemp("helm-home"))
    version = tool.run("version", "--short")
    assert version.returncode == 0, f"{binary} does not run: {version.stderr}"
    if not version.stdout.startswith(("v3.", "v4.")):
        pytest.skip(f"helm 3 or 4 needed, {binary} is {version.stdout.strip()}")
    return tool


def values_id(path: Path | None) -> str:
    return "defaults" if path is None else f"ci/{path.name}"


def load_values(path: Path) -> dict[str, Any]:
    loaded = yaml.safe_load(path.read_text())
    assert isinstance(loaded, dict), f"{path} is not a mapping"
    return loaded
