"""nx-27017, a MongoDB-wire-protocol server over SQLite: PyMongo's code path over a real socket in CI."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.support.net import free_port, wait_for_port


def nx_binary() -> str:
    found = shutil.which("nx-27017", path=str(Path(sys.executable).parent))
    if found is None:
        pytest.skip("nx-27017 (a MongoDB-wire-protocol server) is not installed")
    return found


@contextmanager
def nx_server(data_dir: Path) -> Iterator[str]:
    """Start nx-27017 on a free loopback port; yield ``mongodb://host:port``; stop it (only it) afterwards."""
    port = free_port()
    # --data-dir: one SQLite file per logical database, so tests in separate databases stay apart. Its
    # own pid and log files: nx-27017 refuses to start while another server on the machine holds the
    # default ones (another test, another checkout's run).
    command = [nx_binary(), "--data-dir", str(data_dir), "--host", "127.0.0.1", "-p", str(port)]
    command += ["--pid-file", str(data_dir / "nx.pid"), "--log-file", str(data_dir / "nx.log")]
    proc = subprocess.Popen(
        command,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"mongodb://127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
