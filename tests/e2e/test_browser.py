"""Two analysts in two real browser tabs (headless Chromium) on one incident, against a real api process.

The api runs as operators run it (``mozdef run api``, embedded backends, the built web app); the
browser script (web/e2e/incident-live.mjs, Playwright) signs both in, has one change the incident's
summary and checks that the other sees it without reloading, and that each sees the other's presence.
Skipped, saying why, when Chromium, Node or the built web app is missing.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mozdef_common.accounts import Users
from mozdef_common.settings import CommonSettings
from mozdef_common.state import open_state_store
from tests.support.net import free_port
from tests.support.processes import ServiceProcesses

WEB = Path(__file__).resolve().parents[2] / "web"
CHROMIUM = os.environ.get("MOZDEF_E2E_CHROMIUM", "/usr/bin/chromium")
PASSWORD = "correct horse battery staple"

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"no Chromium at {CHROMIUM}"),
    pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed"),
    pytest.mark.skipif(
        not (WEB / "dist" / "index.html").is_file() or not (WEB / "node_modules").is_dir(),
        reason="the web app is not built (make install builds it)",
    ),
]


async def _add_analysts(data_dir: Path, *names: str) -> None:
    state = open_state_store(CommonSettings(data_dir=data_dir))
    await state.start()
    try:
        for name in names:
            await Users(state).create_user(name, PASSWORD, "analyst")
    finally:
        await state.close()


@pytest.fixture
def api_url(tmp_path: Path) -> Iterator[str]:
    asyncio.run(_add_analysts(tmp_path, "alice", "bob"))
    port = free_port()
    services = ServiceProcesses(tmp_path, MOZDEF_API_PORT=str(port), MOZDEF_WEB_DIR=str(WEB / "dist"))
    services.start("api")
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # 30 s at most
            if services.processes["api"].poll() is not None:
                break
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        if services.processes["api"].poll() is not None:
            pytest.fail(f"the api exited: {(tmp_path / 'logs' / 'api.log').read_text()[-2000:]}")
        yield url
    finally:
        services.stop_all()


def test_an_analyst_sees_another_analysts_change_without_reloading(api_url: str, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "MOZDEF_E2E_URL": api_url,
        "MOZDEF_E2E_USER1": "alice",
        "MOZDEF_E2E_PASS1": PASSWORD,
        "MOZDEF_E2E_USER2": "bob",
        "MOZDEF_E2E_PASS2": PASSWORD,
        "MOZDEF_E2E_CHROMIUM": CHROMIUM,
        "MOZDEF_E2E_SCREENSHOTS": str(tmp_path / "screenshots"),
    }
    result = subprocess.run(
        ["node", "e2e/incident-live.mjs"], cwd=WEB, env=env, capture_output=True, text=True, timeout=180
    )
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    assert " 0 failed" in result.stdout, result.stdout[-4000:]
