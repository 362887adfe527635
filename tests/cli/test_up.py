"""`mozdef up` as a user runs it: every service starts, it says where they listen, SIGTERM stops all."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.support.net import free_port

pytestmark = pytest.mark.slow


def laptop_events(api_port: int, token: str, *, expect: int, timeout_s: float = 30.0) -> int:
    """How many events from host "laptop" are searchable, polling until ``expect`` (bounded)."""
    deadline = time.monotonic() + timeout_s
    while True:
        answer = httpx.get(
            f"http://127.0.0.1:{api_port}/api/v1/events/search",
            params={"q": "hostname:laptop"},
            headers={"Authorization": f"Bearer {token}"},
        )
        total: int = answer.json()["total"]
        if total >= expect or time.monotonic() > deadline:
            return total
        time.sleep(0.1)


def test_up_serves_and_stops_cleanly(tmp_path: Path) -> None:
    ingest_port, api_port = free_port(), free_port()
    env = {
        **os.environ,
        "MOZDEF_DATA_DIR": str(tmp_path),
        "MOZDEF_INGEST_PORT": str(ingest_port),
        "MOZDEF_API_PORT": str(api_port),
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "mozdef_cli", "up"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        assert process.stdout is not None
        banner: list[str] = []
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any("Stop with Ctrl-C" in line for line in banner):
            line = process.stdout.readline()
            if not line:
                break
            banner.append(line)
        text = "".join(banner)
        assert f"http://127.0.0.1:{ingest_port}" in text, text
        assert f"http://127.0.0.1:{api_port}" in text, text

        ingest_token = (tmp_path / "secrets" / "ingest-token").read_text().strip()
        api_token = (tmp_path / "secrets" / "api-token").read_text().strip()
        assert (tmp_path / "secrets" / "api-token").stat().st_mode & 0o077 == 0
        response = httpx.post(
            f"http://127.0.0.1:{ingest_port}/events",
            json={"message": "hello from up", "hostname": "laptop"},
            headers={"Authorization": f"Bearer {ingest_token}"},
        )
        assert response.status_code == 202, response.text
        assert laptop_events(api_port, api_token, expect=1) == 1

        # A child killed outright is restarted by the supervisor, and events flow again.
        enrich = re.search(r"enrich pid (\d+)", text)
        assert enrich is not None, text
        os.kill(int(enrich.group(1)), signal.SIGKILL)
        httpx.post(
            f"http://127.0.0.1:{ingest_port}/events",
            json={"message": "after the crash", "hostname": "laptop"},
            headers={"Authorization": f"Bearer {ingest_token}"},
        ).raise_for_status()
        assert laptop_events(api_port, api_token, expect=2) == 2
    finally:
        process.send_signal(signal.SIGTERM)
        output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    assert "up       mozdef.up: stopped" in output
    assert "enrich exited with -9; restarting" in output
    for service in ("ingest", "enrich", "indexer", "api"):
        assert f"{service:<8} mozdef: stopped" in output, output
