"""Start on loopback what production runs: PostgreSQL, the migrations, app servers and schedulers.

Every process binds to 127.0.0.1 only, and everything is stopped and removed on exit. The
commands are those of ``deploy/commands.py``, which ``compose.yaml`` and the ``Dockerfile`` use.
"""

from __future__ import annotations

import os
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import psycopg

from deploy.commands import APP_SERVER, MIGRATE, SCHEDULER
from tests import postgres_server

ROOT = Path(__file__).resolve().parent.parent
DATABASE = "send_feedback"
READY_TIMEOUT_SECONDS = 60.0


@dataclass(slots=True)
class LocalStack:
    """A running stack: where its app servers listen, its database and its processes' logs."""

    database_url: str
    app_urls: list[str]
    environment: dict[str, str]
    log_dir: Path
    metrics_token: str
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)

    def log(self, name: str) -> str:
        """Return what the process ``name`` has written so far."""
        return (self.log_dir / f"{name}.log").read_text(encoding="utf-8", errors="replace")

    def running(self) -> dict[str, bool]:
        """Return, for each process, whether it is still running."""
        return {name: process.poll() is None for name, process in self.processes.items()}


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def executable(command: tuple[str, ...]) -> list[str]:
    """Return ``command`` with its program taken from this Python's environment."""
    program = Path(sys.executable).parent / command[0]
    return [str(program), *command[1:]]


def production_environment(database_url: str, metrics_token: str) -> dict[str, str]:
    """Return the environment of every process: production settings, with the two changes that
    plain HTTP on loopback needs (no Secure cookie; no proxy in front)."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("FEEDBACK_", "GUNICORN_", "PROMETHEUS_"))
        and key not in {"DATABASE_URL", "SECRET_KEY", "METRICS_TOKEN"}
    }
    environment.update(
        {
            "FEEDBACK_ENV": "production",
            "SECRET_KEY": secrets.token_hex(32),
            "DATABASE_URL": database_url,
            "METRICS_TOKEN": metrics_token,
            # Loopback has no TLS: a Secure (__Host-) cookie would never be sent back.
            "FEEDBACK_SESSION_COOKIE_SECURE": "false",
            "FEEDBACK_SESSION_COOKIE_NAME": "send-feedback",
            "FEEDBACK_PROXY_COUNT": "0",
            "PYTHONUNBUFFERED": "1",
        }
    )
    return environment


def _start(
    stack: LocalStack, name: str, command: list[str], extra_env: dict[str, str] | None = None
) -> None:
    log = (stack.log_dir / f"{name}.log").open("wb")
    stack.processes[name] = subprocess.Popen(  # noqa: S603 - our own commands, no shell
        command,
        cwd=ROOT,
        env={**stack.environment, **(extra_env or {})},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    log.close()


def _wait_until_ready(stack: LocalStack, url: str, name: str) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if stack.processes[name].poll() is not None:
            raise RuntimeError(f"{name} stopped while starting:\n{stack.log(name)[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/readyz", timeout=2) as response:  # noqa: S310
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.2)
    raise RuntimeError(f"{name} was not ready within {READY_TIMEOUT_SECONDS:.0f} s")


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    for process in processes.values():
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


@contextmanager
def _postgres() -> Iterator[str]:
    bin_dir = postgres_server.find_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL is not installed (make test-deps installs it)")
    server = postgres_server.start(bin_dir)
    try:
        with psycopg.connect(
            f"host=127.0.0.1 port={server.port} user=postgres dbname=postgres", autocommit=True
        ) as connection:
            connection.execute(f"CREATE DATABASE {DATABASE}")
        yield f"postgresql://postgres@127.0.0.1:{server.port}/{DATABASE}"
    finally:
        postgres_server.stop(server)


@contextmanager
def running_stack(
    *,
    app_servers: int = 2,
    schedulers: int = 2,
    workers: int = 2,
    threads: int = 4,
    log_dir: Path | None = None,
    extra_env: dict[str, str] | None = None,
) -> Iterator[LocalStack]:
    """Start PostgreSQL, migrate, start the app servers and schedulers; stop them all on exit.

    ``extra_env`` adds settings (e.g. ``FEEDBACK_SCHEDULE``) to every process.
    """
    with ExitStack() as cleanup:
        database_url = cleanup.enter_context(_postgres())
        if log_dir is None:
            log_dir = Path(cleanup.enter_context(tempfile.TemporaryDirectory(prefix="stack-")))
        log_dir.mkdir(parents=True, exist_ok=True)
        token = secrets.token_hex(16)
        stack = LocalStack(
            database_url=database_url,
            app_urls=[],
            environment={**production_environment(database_url, token), **(extra_env or {})},
            log_dir=log_dir,
            metrics_token=token,
        )
        cleanup.callback(_stop, stack.processes)
        migrated = subprocess.run(  # noqa: S603 - our own command, no shell
            executable(MIGRATE), cwd=ROOT, env=stack.environment, capture_output=True, check=False
        )
        (log_dir / "migrate.log").write_bytes(migrated.stdout + migrated.stderr)
        if migrated.returncode != 0:
            raise RuntimeError(f"flask db upgrade failed:\n{stack.log('migrate')[-3000:]}")
        for number in range(1, app_servers + 1):
            port = _free_port()
            _start(
                stack,
                f"app{number}",
                executable(APP_SERVER),
                {
                    "GUNICORN_BIND": f"127.0.0.1:{port}",
                    "GUNICORN_WORKERS": str(workers),
                    "GUNICORN_THREADS": str(threads),
                },
            )
            stack.app_urls.append(f"http://127.0.0.1:{port}")
        for number in range(1, schedulers + 1):
            _start(stack, f"scheduler{number}", executable(SCHEDULER))
        for number, url in enumerate(stack.app_urls, start=1):
            _wait_until_ready(stack, url, f"app{number}")
        yield stack
