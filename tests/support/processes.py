"""Services as separate OS processes (`python -m mozdef_cli run <service>`), as operators run them.

A process is known by its name, the service's own by default; replicas of one service get names of
their own (``start("indexer-2", service="indexer", MOZDEF_METRICS_PORT=...)``) and their own settings.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import BinaryIO

import httpx

from tests.support.net import free_port


class ServiceProcesses:
    """Starts, kills and restarts services; stops only the processes it started."""

    def __init__(self, data_dir: Path, **env: str) -> None:
        self.ingest_port = free_port()
        self.env = {
            **os.environ,
            "MOZDEF_DATA_DIR": str(data_dir),
            "MOZDEF_INGEST_PORT": str(self.ingest_port),
            "MOZDEF_LOG_LEVEL": "WARNING",
            **env,
        }
        self.logs = data_dir / "logs"
        self.logs.mkdir(parents=True, exist_ok=True)
        self.processes: dict[str, subprocess.Popen[bytes]] = {}
        self._logs: list[BinaryIO] = []

    @property
    def ingest_url(self) -> str:
        return f"http://127.0.0.1:{self.ingest_port}"

    def start(self, name: str, *, service: str | None = None, **env: str) -> None:
        """Start ``service`` (``name`` unless given) as the process ``name``, ``env`` added to its own."""
        log = (self.logs / f"{name}.log").open("ab")
        self._logs.append(log)
        self.processes[name] = subprocess.Popen(
            [sys.executable, "-m", "mozdef_cli", "run", service or name],
            env={**self.env, **env},
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=log,
        )

    def kill9(self, name: str) -> None:
        process = self.processes[name]
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=10)

    def wait_ingest_ready(self, timeout_s: float = 30.0) -> None:
        self.wait_ready("ingest", self.ingest_url, timeout_s)

    def wait_ready(self, name: str, url: str, timeout_s: float = 30.0) -> None:
        """Wait for ``url``/readyz to answer 200; the process ``name``'s log tail if it never does."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/readyz", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            if self.processes[name].poll() is not None:
                break
            time.sleep(0.1)
        raise TimeoutError(f"{name} not ready; log: {(self.logs / f'{name}.log').read_text()[-2000:]}")

    def stop_all(self) -> dict[str, int]:
        codes: dict[str, int] = {}
        for process in self.processes.values():
            if process.poll() is None:
                process.terminate()
        for name, process in self.processes.items():
            try:
                codes[name] = process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                codes[name] = process.wait()
        for log in self._logs:
            log.close()
        return codes
