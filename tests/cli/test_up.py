"""`mozdef up` as a user runs it: every service starts, it says where they listen and, on the first
start only, which credentials it created; SIGTERM stops all."""

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


def start_up(tmp_path: Path, ingest_port: int, api_port: int) -> tuple[subprocess.Popen[str], str]:
    """`mozdef up` on ``tmp_path``, and its banner once it has printed it."""
    env = {
        **os.environ,
        "MOZDEF_DATA_DIR": str(tmp_path),
        "MOZDEF_INGEST_PORT": str(ingest_port),
        "MOZDEF_API_PORT": str(api_port),
    }
    env.pop("MOZDEF_STATE_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "mozdef_cli", "up"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert process.stdout is not None
    banner: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and not any("Stop with Ctrl-C" in line for line in banner):
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line)
    return process, "".join(banner)


def stop(process: subprocess.Popen[str]) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = process.communicate(timeout=60)
    assert process.returncode == 0, output
    return output


def test_up_serves_and_stops_cleanly(tmp_path: Path) -> None:
    ingest_port, api_port = free_port(), free_port()
    process, text = start_up(tmp_path, ingest_port, api_port)
    output = ""
    try:
        assert f"http://127.0.0.1:{ingest_port}" in text, text
        assert f"http://127.0.0.1:{api_port}" in text, text
        assert "shown once" in text, text
        password = re.search(r"user admin, password (\S+)", text)
        key = re.search(r"API key (mzd_\S+)", text)
        assert password is not None, text
        assert key is not None, text

        # The printed password signs in; the printed key ships events.
        login = httpx.post(
            f"http://127.0.0.1:{api_port}/api/v1/auth/login",
            json={"username": "admin", "password": password.group(1)},
        )
        assert login.status_code == 200, login.text
        token = login.json()["access_token"]
        response = httpx.post(
            f"http://127.0.0.1:{ingest_port}/events",
            json={"message": "hello from up", "hostname": "laptop"},
            headers={"Authorization": f"Bearer {key.group(1)}"},
        )
        assert response.status_code == 202, response.text
        assert laptop_events(api_port, token, expect=1) == 1
        assert httpx.post(f"http://127.0.0.1:{ingest_port}/events", json={}).status_code == 401

        # A child killed outright is restarted by the supervisor, and events flow again.
        enrich = re.search(r"enrich pid (\d+)", text)
        assert enrich is not None, text
        os.kill(int(enrich.group(1)), signal.SIGKILL)
        httpx.post(
            f"http://127.0.0.1:{ingest_port}/events",
            json={"message": "after the crash", "hostname": "laptop"},
            headers={"Authorization": f"Bearer {key.group(1)}"},
        ).raise_for_status()
        assert laptop_events(api_port, token, expect=2) == 2
    finally:
        output = stop(process)
    assert "up       mozdef.up: stopped" in output
    assert "enrich exited with -9; restarting" in output
    for service in ("ingest", "enrich", "indexer", "api"):
        assert f"{service:<8} mozdef: stopped" in output, output
    assert password.group(1) not in output  # printed once, in the banner, never logged

    # A later start creates and prints nothing: the credentials were shown once.
    again, text = start_up(tmp_path, free_port(), free_port())
    try:
        assert "MozDef is up" in text, text
        assert "shown once" not in text
        assert password.group(1) not in text
        assert "mzd_" not in text
    finally:
        stop(again)
