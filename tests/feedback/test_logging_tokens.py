"""No log line carries a token: every route with a token-like argument is requested, through the
development server (werkzeug) and the production app server (gunicorn, JSON logs), and the
captured logs are searched for the tokens used."""

from __future__ import annotations

import io
import logging
import os
import re
import secrets
import signal
import subprocess
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from werkzeug.routing import Rule
from werkzeug.serving import make_server

from deploy.commands import APP_SERVER
from deploy.local_stack import executable, production_environment
from feedback.extensions import db
from feedback.logging_setup import json_handler
from feedback.services.demo_links import issue_demo_link

ROOT = Path(__file__).resolve().parents[2]
# Named like a credential: the review's finding was /stop/<token>; codes and secrets count too.
TOKEN_LIKE = re.compile(r"token|secret|(?:^|_)code$", re.IGNORECASE)
# A converter made for tokens (werkzeug's own are Unicode, Integer, Path, Any…).
TOKEN_CONVERTER = re.compile(r"token|secret", re.IGNORECASE)
READY_SECONDS = 90


def _token_arguments(rule: Rule) -> set[str]:
    converters = getattr(rule, "_converters", {})
    return {
        name
        for name in rule.arguments
        if TOKEN_LIKE.search(name) or TOKEN_CONVERTER.search(type(converters.get(name)).__name__)
    }


def token_routes(app: Flask) -> list[tuple[Rule, set[str]]]:
    """Every rule of the app with a token-like argument, and those arguments."""
    routes = [(rule, _token_arguments(rule)) for rule in app.url_map.iter_rules()]
    return [(rule, names) for rule, names in routes if names]


def _other_value(name: str, rule: Rule) -> str:
    converter = getattr(rule, "_converters", {}).get(name)
    return "1" if type(converter).__name__ == "IntegerConverter" else "listened"


def requests_for(app: Flask, family_token: str) -> tuple[list[tuple[str, str]], set[str]]:
    """Return (method, path) for every token route with a real family token and a fresh
    real-looking one in each token argument, and the set of tokens used."""
    used = {family_token}
    wanted = []
    for rule, secret in token_routes(app):
        for token in (family_token, secrets.token_urlsafe(32)):
            used.add(token)
            values = {
                name: token if name in secret else _other_value(name, rule)
                for name in rule.arguments
            }
            path = "/" + rule.rule.lstrip("/")
            for name, value in values.items():
                path = re.sub(rf"<(?:[^:>]+:)?{name}>", value, path)
            for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
                wanted.append((method, path))
    return wanted, used


def _request(base_url: str, method: str, path: str) -> None:
    data = b"answer=1" if method == "POST" else None
    request = urllib.request.Request(base_url + path, data=data, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as error:
        error.read()
        error.close()


@pytest.fixture
def captured_logs() -> Iterator[tuple[io.StringIO, io.StringIO]]:
    """Everything logged, as `flask run` prints it (plain) and as production writes it (JSON)."""
    plain, json_lines = io.StringIO(), io.StringIO()
    handlers = [logging.StreamHandler(plain), json_handler(json_lines)]
    handlers[0].setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))
    root = logging.getLogger()
    werkzeug = logging.getLogger("werkzeug")
    levels = (root.level, werkzeug.level)
    root.setLevel(logging.INFO)
    werkzeug.setLevel(logging.INFO)
    for handler in handlers:
        root.addHandler(handler)
    yield plain, json_lines
    for handler in handlers:
        root.removeHandler(handler)
    root.setLevel(levels[0])
    werkzeug.setLevel(levels[1])


def test_the_url_map_has_token_routes_including_the_opt_out_link(app: Flask) -> None:
    rules = {rule.rule for rule, _names in token_routes(app)}
    assert {"/s/<token>", "/stop/<token>"} <= rules


def test_development_server_and_app_logs_carry_no_token(
    app: Flask, captured_logs: tuple[io.StringIO, io.StringIO]
) -> None:
    with app.app_context():
        family_token = issue_demo_link().rsplit("/", 1)[1]
    wanted, used = requests_for(app, family_token)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        for method, path in wanted:
            _request(f"http://127.0.0.1:{server.server_port}", method, path)
    finally:
        server.shutdown()
        thread.join(timeout=10)
        server.server_close()
    plain, json_lines = (stream.getvalue() for stream in captured_logs)
    assert "/stop/[token]" in plain  # the request lines were captured, redacted
    for token in used:
        assert token not in plain
        assert token not in json_lines


def _wait_until_ready(process: subprocess.Popen[bytes], url: str, log: Path) -> None:
    deadline = time.monotonic() + READY_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(log.read_text(errors="replace")[-3000:])
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    raise AssertionError("gunicorn did not start:\n" + log.read_text(errors="replace")[-3000:])


def test_production_app_server_logs_carry_no_token(
    app: Flask, database_url: str, tmp_path: Path
) -> None:
    with app.app_context():
        family_token = issue_demo_link().rsplit("/", 1)[1]
        db.session.remove()
    wanted, used = requests_for(app, family_token)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    environment = {
        **production_environment(database_url, secrets.token_hex(16)),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "1",
        "GUNICORN_THREADS": "2",
        "FEEDBACK_LOG_LEVEL": "DEBUG",
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            executable(APP_SERVER),
            cwd=ROOT,
            env=environment,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        base_url = f"http://127.0.0.1:{port}"
        _wait_until_ready(process, base_url, log)
        for method, path in wanted:
            _request(base_url, method, path)
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
    written = log.read_text(errors="replace")
    assert '"path": "/stop/[token]"' in written  # gunicorn's access lines were written
    for token in used:
        assert token not in written


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
