"""Analysts in real browser tabs (headless Chromium) against `mozdef up` serving the built web app.

The suite runs as a new user runs it: `python -m mozdef_cli up` with the embedded backends, every service
its own process, the built app at `/`. The browser script (web/e2e/analysts.mjs, Playwright) signs three
people in, ingests an event through the ingest service, watches its alert appear live, escalates it to an
incident, has a second analyst see the first's presence and change without reloading, searches with the
histogram and a pivot, and saves a screenshot of every screen (light and dark). Skipped, saying why, when
Chromium, Node or the built web app is missing.

`MOZDEF_E2E_SCREENSHOTS` sends the screenshots elsewhere; `make screenshots` writes them to
docs/screenshots, which the README shows.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from mozdef_common.accounts import ApiKeys, Role, Users
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from tests.support.net import free_port

WEB = Path(__file__).resolve().parents[2] / "web"
CHROMIUM = os.environ.get("MOZDEF_E2E_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"
READY_TIMEOUT_S = 90.0

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed"),
    pytest.mark.skipif(
        not (WEB / "dist" / "index.html").is_file() or not (WEB / "node_modules").is_dir(),
        reason="the web app is not built (make install builds it)",
    ),
]

# Rules of the run's own, beside the built-in pack: sshd failures become alerts naming their source
# address, so the attacker profiles and the 3-D view have something to show.
E2E_RULES = """\
id: e2e.ssh-failure
name: SSH password failure (e2e)
type: match
severity: WARNING
category: bruteforce
tags: [ssh, e2e]
summary: "ssh failure from {details.sourceipaddress}"
query: 'processname:sshd AND summary:"failed password"'
dedup:
  key: [details.sourceipaddress]
  window: 1h
---
id: e2e.web-scan
name: Web scanner (e2e)
type: match
severity: INFO
category: recon
tags: [http, e2e]
summary: "web scan from {details.sourceipaddress}"
query: 'category:webscan'
dedup:
  key: [details.sourceipaddress]
  window: 1h
"""


@dataclass(frozen=True)
class Suite:
    api_url: str
    ingest_url: str
    shipper_key: str
    data_dir: Path


async def _accounts(data_dir: Path) -> str:
    state = open_state_store(CommonSettings(data_dir=data_dir))
    await state.start()
    try:
        users = Users(state)
        await users.create_user("alice", PASSWORD, Role.ANALYST)
        await users.create_user("bob", PASSWORD, Role.ANALYST)
        await users.create_user("root", PASSWORD, Role.ADMIN)
        _, key = await ApiKeys(state).create_key("e2e-shipper", Role.SHIPPER)
        return key
    finally:
        await state.close()


def _wait_ok(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"mozdef up exited ({process.returncode}): {log.read_text()[-3000:]}")
        try:
            if httpx.get(url, timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    pytest.fail(f"{url} not ready after {READY_TIMEOUT_S:.0f} s: {log.read_text()[-3000:]}")


@pytest.fixture
def suite(tmp_path: Path) -> Iterator[Suite]:
    data_dir = tmp_path / "data"
    (data_dir / "rules").mkdir(parents=True)
    (data_dir / "rules" / "e2e.yml").write_text(E2E_RULES)
    key = asyncio.run(_accounts(data_dir))
    api_port, ingest_port = free_port(), free_port()
    env = {
        **os.environ,
        "MOZDEF_DATA_DIR": str(data_dir),
        "MOZDEF_API_PORT": str(api_port),
        "MOZDEF_INGEST_PORT": str(ingest_port),
        "MOZDEF_WEB_DIR": str(WEB / "dist"),
        "MOZDEF_LOG_LEVEL": "WARNING",
    }
    log = tmp_path / "up.log"
    with log.open("wb") as out:
        command = [sys.executable, "-m", "mozdef_cli", "up"]
        process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stdout=out, stderr=out)
    api_url, ingest_url = f"http://127.0.0.1:{api_port}", f"http://127.0.0.1:{ingest_port}"
    try:
        _wait_ok(f"{api_url}/readyz", process, log)
        _wait_ok(f"{ingest_url}/readyz", process, log)
        yield Suite(api_url, ingest_url, key, data_dir)
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def test_analysts_work_together_in_the_browser(suite: Suite, tmp_path: Path) -> None:
    shots = os.environ.get("MOZDEF_E2E_SCREENSHOTS") or str(tmp_path / "screenshots")
    env = {
        **os.environ,
        "MOZDEF_E2E_URL": suite.api_url,
        "MOZDEF_E2E_INGEST_URL": suite.ingest_url,
        "MOZDEF_E2E_SHIPPER_KEY": suite.shipper_key,
        "MOZDEF_E2E_USER1": "alice",
        "MOZDEF_E2E_USER2": "bob",
        "MOZDEF_E2E_ADMIN": "root",
        "MOZDEF_E2E_PASSWORD": PASSWORD,
        "MOZDEF_E2E_CHROMIUM": CHROMIUM,
        "MOZDEF_E2E_SCREENSHOTS": shots,
    }
    result = subprocess.run(
        ["node", "e2e/analysts.mjs"], cwd=WEB, env=env, capture_output=True, text=True, timeout=420
    )
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-4000:]
    assert " 0 failed" in result.stdout, result.stdout[-6000:]
    print("\n".join(line for line in result.stdout.splitlines() if "ms after navigation" in line))
    taken = {path.stem for path in Path(shots).glob("*.png")}
    screens = ["signin", "alerts", "search", "incidents", "incident", "attackers", "metrics"]
    screens += ["rules", "admin"]
    for screen in screens:
        assert screen in taken, f"no screenshot of {screen}: {sorted(taken)}"
