"""The production configuration behind HTTPS on loopback, for browser tests and the static bench.

``production_server`` starts what an operator runs (docs/operating.md): ``FEEDBACK_ENV=production``,
a random ``SECRET_KEY``, PostgreSQL, the migrations, then gunicorn with ``gunicorn.conf.py``
serving TLS itself with a certificate from a throwaway certificate authority (``trustme``). No
setting is relaxed: the session cookie is ``__Host-`` and ``Secure``, rate limits count in the
database, the proxy count stays 1 (gunicorn's own TLS sets the scheme, no forwarded headers come).

``https_browser`` launches Chromium trusting exactly that certificate (its public key pinned with
``--ignore-certificate-errors-spki-list``); contexts keep ``ignore_https_errors`` off, so any other
certificate problem still fails the page.
"""

from __future__ import annotations

import base64
import hashlib
import os
import secrets
import signal
import socket
import ssl
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
import trustme
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from flask import Flask
from playwright.sync_api import Browser

from tests.e2e.harness import CHROMIUM_ARGS, LiveServer, chromium_executable
from tests.postgres_server import PostgresServer

REPO_ROOT = Path(__file__).resolve().parents[2]
READY_TIMEOUT_SECONDS = 90.0
# The commands of deploy/commands.py (the Dockerfile's and compose.yaml's), from this Python's venv.
MIGRATE = ("flask", "--app", "feedback", "db", "upgrade")
APP_SERVER = ("gunicorn", "-c", "gunicorn.conf.py", "feedback:create_app()")


@dataclass(frozen=True, slots=True)
class ProductionServer:
    """gunicorn serving the production configuration over HTTPS on loopback.

    Attributes
    ----------
    url : str
        ``https://localhost:<port>``, no trailing slash.
    app : Flask
        An in-process app on the same database, for setting up data and reading it back.
    spki_sha256 : str
        Base64 SHA-256 of the server certificate's public key, for Chromium's pin.
    ca_pem : bytes
        The certificate authority, for HTTP clients (``ssl_context``).
    log_path : Path
        gunicorn's log (JSON lines).
    database_url : str
        The SQLAlchemy URL of the database.
    """

    url: str
    app: Flask
    spki_sha256: str
    ca_pem: bytes
    log_path: Path
    database_url: str

    @property
    def live_server(self) -> LiveServer:
        """This server as the shared browser helpers (``signed_in``) take it."""
        return LiveServer(url=self.url, app=self.app)

    def ssl_context(self) -> ssl.SSLContext:
        """Return a client TLS context that trusts this server's certificate authority."""
        context = ssl.create_default_context()
        context.load_verify_locations(cadata=self.ca_pem.decode("ascii"))
        return context

    def log(self) -> str:
        """Return what gunicorn has logged so far."""
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _program(command: tuple[str, ...]) -> list[str]:
    return [str(Path(sys.executable).parent / command[0]), *command[1:]]


def spki_sha256(certificate_pem: bytes) -> str:
    """Return the base64 SHA-256 of a PEM certificate's SubjectPublicKeyInfo (Chromium's pin)."""
    certificate = x509.load_pem_x509_certificate(certificate_pem)
    spki = certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    return base64.b64encode(hashlib.sha256(spki).digest()).decode("ascii")


def production_environment(database_url: str, **extra: str) -> dict[str, str]:
    """Return the environment an operator gives the service: production, a real key, PostgreSQL."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FEEDBACK_", "GUNICORN_", "PROMETHEUS_"))
        and key not in {"DATABASE_URL", "SECRET_KEY", "METRICS_TOKEN", "NOTIFY_API_KEY"}
    }
    environment.update(
        {
            "FEEDBACK_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url,
            "PYTHONUNBUFFERED": "1",
            **extra,
        }
    )
    return environment


def _create_database(server: PostgresServer, name: str) -> str:
    with psycopg.connect(
        f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
    ) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}"')
        connection.execute(f'CREATE DATABASE "{name}"')
    return f"postgresql://postgres@127.0.0.1:{server.port}/{name}"


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, context: ssl.SSLContext) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2, context=context) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.25)
    raise RuntimeError(f"gunicorn was not ready within {READY_TIMEOUT_SECONDS:.0f} s")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        # Quick shutdown (gunicorn's SIGINT): the tests are over, no request is left to finish.
        os.killpg(process.pid, signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def production_server(
    postgres: PostgresServer,
    *,
    database: str = "send_feedback_production",
    workers: int = 2,
    extra_env: dict[str, str] | None = None,
) -> Iterator[ProductionServer]:
    """Migrate a new database on ``postgres`` and serve it with gunicorn over HTTPS until the
    block ends; gunicorn and its workers are stopped and the certificate files removed."""
    from feedback import create_app
    from feedback.extensions import db

    database_url = _create_database(postgres, database)
    authority = trustme.CA()
    certificate = authority.issue_cert("localhost", "127.0.0.1")
    port = _free_port()
    url = f"https://localhost:{port}"
    with tempfile.TemporaryDirectory(prefix="send-feedback-https-") as folder:
        cert_path, key_path = Path(folder) / "cert.pem", Path(folder) / "key.pem"
        certificate.private_key_pem.write_to_path(str(key_path))
        certificate.cert_chain_pems[0].write_to_path(str(cert_path))
        for blob in certificate.cert_chain_pems[1:]:
            blob.write_to_path(str(cert_path), append=True)
        environment = production_environment(
            database_url,
            GUNICORN_BIND=f"127.0.0.1:{port}",
            GUNICORN_WORKERS=str(workers),
            PUBLIC_BASE_URL=url,
            **(extra_env or {}),
        )
        migrated = subprocess.run(
            _program(MIGRATE), cwd=REPO_ROOT, env=environment, capture_output=True, check=False
        )
        if migrated.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{migrated.stderr.decode()[-3000:]}")
        log_path = Path(folder) / "gunicorn.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [*_program(APP_SERVER), "--certfile", str(cert_path), "--keyfile", str(key_path)],
                cwd=REPO_ROOT,
                env=environment,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        app = create_app(
            {
                "SQLALCHEMY_DATABASE_URI": database_url.replace(
                    "postgresql://", "postgresql+psycopg://"
                ),
                "PUBLIC_BASE_URL": url,
            }
        )
        try:
            context = ssl.create_default_context()
            authority.configure_trust(context)
            try:
                _wait_until_ready(process, url, context)
            except RuntimeError as error:
                raise RuntimeError(f"{error}:\n{log_path.read_text()[-3000:]}") from error
            yield ProductionServer(
                url=url,
                app=app,
                spki_sha256=spki_sha256(certificate.cert_chain_pems[0].bytes()),
                ca_pem=authority.cert_pem.bytes(),
                log_path=log_path,
                database_url=database_url,
            )
        finally:
            _stop(process)
            with app.app_context():
                db.session.remove()
                db.engine.dispose()


@contextmanager
def https_browser(browser: Browser, server: ProductionServer) -> Iterator[Browser]:
    """Launch another Chromium (from ``browser``'s Playwright) that trusts ``server``'s certificate
    and nothing else untrusted; closed when the block ends."""
    pinned = browser.browser_type.launch(
        executable_path=chromium_executable(),
        args=[*CHROMIUM_ARGS, f"--ignore-certificate-errors-spki-list={server.spki_sha256}"],
    )
    try:
        yield pinned
    finally:
        pinned.close()
