"""TLS for tests: a private CA with server and client certificates, and a TLS-terminating TCP proxy.

The certificates are made with the ``cryptography`` package (a runtime dependency of authlib and
joserfc, so it is there wherever MozDef is installed); tests skip, saying so, without it.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import ipaddress
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.support.net import free_port


@dataclass(frozen=True)
class TlsFiles:
    """PEM files: ``ca`` signed every certificate here; ``stranger_ca`` signed none of them."""

    ca: Path
    stranger_ca: Path
    server_cert: Path  # for 127.0.0.1 and localhost
    server_key: Path
    misnamed_cert: Path  # for kafka.invalid only: a host name check on 127.0.0.1 refuses it
    misnamed_key: Path
    client_cert: Path
    client_key: Path


def make_tls_files(folder: Path) -> TlsFiles:
    """A CA, a server certificate, a misnamed server certificate and a client certificate in ``folder``."""
    pytest.importorskip("cryptography", reason="cryptography makes the test certificates")
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    now = datetime.datetime.now(datetime.UTC)

    def name(common: str) -> x509.Name:
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common)])

    def write_key(key: ec.EllipticCurvePrivateKey, path: Path) -> Path:
        path.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        return path

    def write_cert(cert: x509.Certificate, path: Path) -> Path:
        path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        return path

    def authority(common: str) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
        key = ec.generate_private_key(ec.SECP256R1())
        cert = (
            x509.CertificateBuilder()
            .subject_name(name(common))
            .issuer_name(name(common))
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=False,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=True,
                    crl_sign=True,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256())
        )
        return key, cert

    ca_key, ca_cert = authority("MozDef test CA")
    _stranger_key, stranger_cert = authority("Stranger CA")

    def leaf(common: str, names: list[x509.GeneralName], usage: x509.ObjectIdentifier, stem: str) -> None:
        key = ec.generate_private_key(ec.SECP256R1())
        builder = (
            x509.CertificateBuilder()
            .subject_name(name(common))
            .issuer_name(ca_cert.subject)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(minutes=5))
            .not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.ExtendedKeyUsage([usage]), critical=False)
            .add_extension(
                x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
            )
        )
        if names:
            builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
        write_cert(builder.sign(ca_key, hashes.SHA256()), folder / f"{stem}.crt")
        write_key(key, folder / f"{stem}.key")

    folder.mkdir(parents=True, exist_ok=True)
    write_cert(ca_cert, folder / "ca.crt")
    write_cert(stranger_cert, folder / "stranger-ca.crt")
    loopback: list[x509.GeneralName] = [
        x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
        x509.DNSName("localhost"),
    ]
    leaf("127.0.0.1", loopback, ExtendedKeyUsageOID.SERVER_AUTH, "server")
    leaf("kafka.invalid", [x509.DNSName("kafka.invalid")], ExtendedKeyUsageOID.SERVER_AUTH, "misnamed")
    leaf("mozdef-client", [], ExtendedKeyUsageOID.CLIENT_AUTH, "client")
    return TlsFiles(
        ca=folder / "ca.crt",
        stranger_ca=folder / "stranger-ca.crt",
        server_cert=folder / "server.crt",
        server_key=folder / "server.key",
        misnamed_cert=folder / "misnamed.crt",
        misnamed_key=folder / "misnamed.key",
        client_cert=folder / "client.crt",
        client_key=folder / "client.key",
    )


@contextlib.contextmanager
def tls_proxy(
    upstream_port: int,
    cert: Path,
    key: Path,
    *,
    port: int | None = None,
    client_ca: Path | None = None,
) -> Iterator[int]:
    """Terminate TLS on ``127.0.0.1:port`` (a free one by default) and pass the bytes on to the plain
    ``127.0.0.1:upstream_port``; with ``client_ca``, only clients with a certificate it signed get in.
    Runs on its own thread and event loop, so any test (sync or async) can use it; yields the port."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    if client_ca is not None:
        context.verify_mode = ssl.CERT_REQUIRED
        context.load_verify_locations(client_ca)
    listen_port = port or free_port()
    loop = asyncio.new_event_loop()
    # Refused handshakes are what some tests are about: not worth a traceback on stderr.
    loop.set_exception_handler(lambda _loop, _context: None)
    connections: set[asyncio.Task[Any]] = set()

    async def pipe(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except (OSError, ssl.SSLError):
            pass
        finally:
            writer.close()

    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        connections.add(task)
        try:
            upstream_reader, upstream_writer = await asyncio.open_connection("127.0.0.1", upstream_port)
        except OSError:
            client_writer.close()
            connections.discard(task)
            return
        try:
            await asyncio.gather(pipe(client_reader, upstream_writer), pipe(upstream_reader, client_writer))
        finally:
            connections.discard(task)

    started = threading.Event()
    failed: list[OSError] = []
    stopping: asyncio.Event | None = None

    async def serve() -> None:
        nonlocal stopping
        stopping = asyncio.Event()
        try:
            server = await asyncio.start_server(handle, "127.0.0.1", listen_port, ssl=context)
        except OSError as exc:
            failed.append(exc)
            started.set()
            return
        started.set()
        async with server:
            await stopping.wait()
            server.close()
            for task in list(connections):
                task.cancel()
            await asyncio.gather(*connections, return_exceptions=True)

    thread = threading.Thread(target=loop.run_until_complete, args=(serve(),), daemon=True)
    thread.start()
    try:
        if not started.wait(10):
            raise TimeoutError(f"the TLS proxy did not start on 127.0.0.1:{listen_port}")
        if failed:
            raise failed[0]
        yield listen_port
    finally:
        if stopping is not None:
            loop.call_soon_threadsafe(stopping.set)
        thread.join(10)
        loop.close()
