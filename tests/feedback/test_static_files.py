"""Static files a phone downloads once: pages name fingerprinted files, which are served with
immutable year-long caching and precompressed Brotli or gzip when the browser asks; a changed
file gets a new name (feedback/static_build.py, feedback/static_files.py)."""

from __future__ import annotations

import gzip
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import brotli
import pytest
from flask import Flask
from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import TestResponse

from feedback.static_build import SOURCE_DIR, build, hashed_name, read_manifest
from tests.feedback.conftest import dispose, make_app
from tests.feedback.journey_steps import start_url
from tests.feedback.pages import soup

HASHED = re.compile(r"\.[0-9a-f]{12}\.[a-z]+$")
YEAR = 365 * 24 * 3600


def copy_and_build(folder: Path) -> Path:
    """Copy the real static files to ``folder/static``, build them to ``folder/dist``."""
    if not (SOURCE_DIR / "govuk" / "app.css").is_file():
        pytest.skip("feedback/static/govuk is not built: run `make assets` first")
    shutil.copytree(SOURCE_DIR, folder / "static")
    build(folder / "static", folder / "dist")
    return folder


@pytest.fixture(scope="module")
def built_static(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of a copy of the real static files, shared by the tests that only read it."""
    return copy_and_build(tmp_path_factory.mktemp("static-build"))


@pytest.fixture
def static_app(database_url: str, built_static: Path) -> Flask:
    app = make_app(database_url, STATIC_BUILD_DIR=str(built_static / "dist"))
    yield app
    dispose(app)


def fetch(app: Flask, url: str, accept_encoding: str = "identity") -> TestResponse:
    """GET ``url``, read the whole body and close the file WhiteNoise opened for it."""
    response = app.test_client().get(url, headers={"Accept-Encoding": accept_encoding})
    response.get_data()
    response.close()
    return response


def static_urls(html: str) -> list[str]:
    return re.findall(r'(?:href|src)="(/static/[^"]+)"', html)


def test_a_question_page_names_only_fingerprinted_static_files(
    static_app: Flask, family_link: Callable[..., str]
) -> None:
    client = static_app.test_client()
    page = client.get(start_url(client, family_link())).get_data(as_text=True)
    urls = static_urls(page)
    assert any("/govuk/app." in url for url in urls) and any("/app." in url for url in urls)
    assert urls and all(HASHED.search(url) for url in urls), urls


@pytest.mark.parametrize("name", ["govuk/app.css", "app.js", "govuk/govuk-frontend.min.js"])
def test_fingerprinted_files_are_cached_for_a_year_and_immutable(
    static_app: Flask, name: str
) -> None:
    manifest = read_manifest(Path(static_app.config["STATIC_BUILD_DIR"]))
    response = fetch(static_app, f"/static/{manifest[name]}")
    assert response.status_code == 200
    directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
    assert "immutable" in directives and "public" in directives
    max_age = next(int(d.split("=")[1]) for d in directives if d.startswith("max-age="))
    assert max_age >= YEAR
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_file_under_its_own_name_is_still_served_but_rechecked(static_app: Flask) -> None:
    response = fetch(static_app, "/static/govuk/app.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-cache"


@pytest.mark.parametrize(
    ("accept", "encoding", "decompress"),
    [("br, gzip", "br", brotli.decompress), ("gzip, deflate", "gzip", gzip.decompress)],
)
def test_compressed_copies_are_served_when_the_browser_asks(
    static_app: Flask, built_static: Path, accept: str, encoding: str, decompress: Callable
) -> None:
    manifest = read_manifest(built_static / "dist")
    url = f"/static/{manifest['govuk/app.css']}"
    plain = fetch(static_app, url)
    packed = fetch(static_app, url, accept)
    assert plain.headers.get("Content-Encoding") is None
    assert packed.headers["Content-Encoding"] == encoding
    assert "Accept-Encoding" in packed.headers["Vary"]
    assert len(packed.data) < len(plain.data) / 4
    assert decompress(packed.data) == plain.data


def test_references_between_files_point_at_fingerprinted_names(built_static: Path) -> None:
    dist = built_static / "dist"
    manifest = read_manifest(dist)
    script = (dist / manifest["app.js"]).read_text(encoding="utf-8")
    css = (dist / manifest["govuk/app.css"]).read_text(encoding="utf-8")
    frontend = Path(manifest["govuk/govuk-frontend.min.js"]).name
    assert f'from "./govuk/{frontend}"' in script
    assert f"/static/{manifest['govuk/assets/images/govuk-crest.svg']}" in css


def test_a_changed_file_gets_a_new_name_and_so_do_the_files_that_name_it(
    tmp_path: Path,
) -> None:
    built = copy_and_build(tmp_path)
    source, dist = built / "static", built / "dist"
    before = read_manifest(dist)
    frontend = source / "govuk" / "govuk-frontend.min.js"
    frontend.write_text(frontend.read_text(encoding="utf-8") + "\n// changed\n", "utf-8")
    build(source, dist)
    after = read_manifest(dist)
    assert after["govuk/govuk-frontend.min.js"] != before["govuk/govuk-frontend.min.js"]
    # app.js imports it, so its content (and name) change too; the stylesheet does not.
    assert after["app.js"] != before["app.js"]
    assert after["govuk/app.css"] == before["govuk/app.css"]
    assert not (dist / before["app.js"]).exists()


def test_pages_served_by_a_new_build_name_the_new_files(database_url: str, tmp_path: Path) -> None:
    built = copy_and_build(tmp_path)
    source, dist = built / "static", built / "dist"
    css = source / "govuk" / "app.css"
    css.write_text(css.read_text(encoding="utf-8") + ".x{color:red}", "utf-8")
    build(source, dist)
    app = make_app(database_url, STATIC_BUILD_DIR=str(dist))
    try:
        page = app.test_client().get("/").get_data(as_text=True)
        stylesheet = next(url for url in static_urls(page) if "/govuk/app." in url)
        served = fetch(app, stylesheet)
        assert served.data.endswith(b".x{color:red}")
    finally:
        dispose(app)


@given(st.binary(max_size=200), st.binary(max_size=200))
def test_names_differ_exactly_when_contents_differ(first: bytes, second: bytes) -> None:
    assert (hashed_name("a/b.css", first) == hashed_name("a/b.css", second)) == (first == second)
    assert HASHED.search(hashed_name("a/b.css", first))


def test_without_a_build_flask_serves_the_sources_as_before(
    database_url: str, tmp_path: Path
) -> None:
    app = make_app(database_url, STATIC_BUILD_DIR=str(tmp_path / "missing"))
    try:
        page = soup(app.test_client().get("/"))
        assert page.select_one("link[rel=stylesheet]")["href"] == "/static/govuk/app.css"
    finally:
        dispose(app)


def test_a_source_file_changed_after_the_build_is_served_fresh_not_stale(
    database_url: str, tmp_path: Path
) -> None:
    built = copy_and_build(tmp_path)
    script = built / "static" / "app.js"
    script.write_text(script.read_text(encoding="utf-8") + "\n// edited, not rebuilt\n", "utf-8")
    app = make_app(database_url, STATIC_BUILD_DIR=str(built / "dist"))
    try:
        page = soup(app.test_client().get("/"))
        assert page.select_one("script[type=module]")["src"] == "/static/app.js"
        assert page.select_one("link[rel=stylesheet]")["href"] == "/static/govuk/app.css"
    finally:
        dispose(app)
