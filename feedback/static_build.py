"""Build the static files a browser downloads once: fingerprinted names and precompressed copies.

``python -m feedback.static_build`` (``make assets`` runs it after the GOV.UK Frontend build)
reads ``feedback/static`` and writes ``feedback/static_dist``:

- every file twice: under its own name and under a name with a hash of its content
  (``govuk/app.css`` and ``govuk/app.3f2a1b9c0d4e.css``); ``staticfiles.json`` maps one to the
  other. A changed file gets a new name, so a hashed name can be cached for a year, immutable;
- references between the files are rewritten to the hashed names first (the stylesheet's
  ``url(…)``, the scripts' ``import … from "./…"`` and ``sourceMappingURL``, the web manifest's
  icons), so a file's hash also changes when a file it names changes;
- a gzip (``.gz``) and a Brotli (``.br``) copy of every file that compresses (WhiteNoise's
  compressor), which ``feedback/static_files.py`` serves to browsers that ask for them.

The build goes to a new folder that replaces the old one at the end, so an app server starting
meanwhile sees the old build or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import re
import secrets
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from whitenoise.compress import Compressor

PACKAGE_DIR = Path(__file__).resolve().parent
SOURCE_DIR = PACKAGE_DIR / "static"
BUILD_DIR = PACKAGE_DIR / "static_dist"
MANIFEST_NAME = "staticfiles.json"
HASH_LENGTH = 12
# The URL path the app serves static files under (Flask's default static_url_path).
STATIC_URL_PREFIX = "/static/"

# References to other static files, by file type: (pattern, group holding the reference).
_CSS_URL = re.compile(r"""url\(\s*(?P<quote>["']?)(?P<ref>[^"')\s]+)(?P=quote)\s*\)""")
_JS_IMPORT = re.compile(
    r"""(?P<lead>\bimport\s*(?:[\w*{}\s,$]+\sfrom\s*)?|\bimport\s*\(\s*|\bexport\s*[\w*{}\s,$]*\sfrom\s*)"""
    r"""(?P<quote>["'])(?P<ref>\.{1,2}/[^"']+)(?P=quote)"""
)
_SOURCE_MAP = re.compile(r"(?P<lead>//# sourceMappingURL=)(?P<ref>[^\s'\"]+)")
_WEB_MANIFEST_SRC = re.compile(r"""(?P<lead>"src"\s*:\s*)(?P<quote>")(?P<ref>[^"]+)(?P=quote)""")
REFERENCE_PATTERNS: dict[str, tuple[re.Pattern[str], ...]] = {
    ".css": (_CSS_URL,),
    ".js": (_JS_IMPORT, _SOURCE_MAP),
    ".json": (_WEB_MANIFEST_SRC,),
}


def hashed_name(relative_path: str, content: bytes) -> str:
    """Return ``relative_path`` with a hash of ``content`` before its last extension.

    ``govuk/app.css`` becomes ``govuk/app.<12 hex digits>.css``; the same content always gives
    the same name, and any change to it a different one.
    """
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    folder, name = posixpath.split(relative_path)
    stem, extension = posixpath.splitext(name)
    return posixpath.join(folder, f"{stem}.{digest}{extension}")


def _source_files(source: Path) -> Iterator[str]:
    for path in sorted(source.rglob("*")):
        if path.is_file() and not path.name.startswith("."):
            yield path.relative_to(source).as_posix()


class _Fingerprinter:
    """Works out each file's rewritten content and hashed name, dependencies first."""

    def __init__(self, source: Path) -> None:
        self.source = source
        self.files = set(_source_files(source))
        self.contents: dict[str, bytes] = {}
        self.names: dict[str, str] = {}
        self._in_progress: set[str] = set()

    def resolve(self, relative_path: str) -> str:
        """Return the hashed name of ``relative_path``, rewriting its content first."""
        if relative_path in self.names:
            return self.names[relative_path]
        if relative_path in self._in_progress:
            raise ValueError(f"static files refer to each other in a circle: {relative_path}")
        self._in_progress.add(relative_path)
        content = (self.source / relative_path).read_bytes()
        patterns = REFERENCE_PATTERNS.get(posixpath.splitext(relative_path)[1], ())
        if patterns:
            text = content.decode("utf-8")
            for pattern in patterns:
                text = pattern.sub(self._replacer(relative_path), text)
            content = text.encode("utf-8")
        self._in_progress.discard(relative_path)
        self.contents[relative_path] = content
        self.names[relative_path] = hashed_name(relative_path, content)
        return self.names[relative_path]

    def _replacer(self, relative_path: str) -> Callable[[re.Match[str]], str]:
        def replace(match: re.Match[str]) -> str:
            reference = match["ref"]
            rewritten = self._rewrite(relative_path, reference)
            start, end = match.span("ref")
            offset = match.start()
            whole = match.group(0)
            return whole[: start - offset] + rewritten + whole[end - offset :]

        return replace

    def _rewrite(self, relative_path: str, reference: str) -> str:
        """Return ``reference`` (as written in ``relative_path``) pointing at the hashed name."""
        if reference.startswith(("data:", "#", "//")) or "://" in reference:
            return reference
        path, marker, suffix = _split_suffix(reference)
        if path.startswith(STATIC_URL_PREFIX):
            target = path.removeprefix(STATIC_URL_PREFIX)
            if target not in self.files:
                return reference
            return STATIC_URL_PREFIX + self.resolve(target) + marker + suffix
        if path.startswith("/"):
            return reference
        target = posixpath.normpath(posixpath.join(posixpath.dirname(relative_path), path))
        if target not in self.files:
            return reference
        hashed = posixpath.basename(self.resolve(target))
        return posixpath.join(posixpath.dirname(path), hashed) + marker + suffix


def _split_suffix(reference: str) -> tuple[str, str, str]:
    """Split ``a.svg#icon`` or ``a.css?v=1`` into the path, the marker and what follows it."""
    for marker in ("?", "#"):
        if marker in reference:
            path, suffix = reference.split(marker, 1)
            return path, marker, suffix
    return reference, "", ""


def fingerprint(source: Path) -> tuple[dict[str, str], dict[str, bytes]]:
    """Return each file's hashed name and its content with references rewritten.

    Returns
    -------
    tuple[dict[str, str], dict[str, bytes]]
        ``{"govuk/app.css": "govuk/app.<hash>.css", …}`` and ``{"govuk/app.css": b"…", …}``,
        keyed by the path relative to ``source`` with forward slashes.
    """
    fingerprinter = _Fingerprinter(source)
    for relative_path in sorted(fingerprinter.files):
        fingerprinter.resolve(relative_path)
    return fingerprinter.names, fingerprinter.contents


def _compress(folder: Path) -> None:
    compressor = Compressor(quiet=True)
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.name != MANIFEST_NAME and compressor.should_compress(path.name):
            compressor.compress(str(path))


def build(source: Path = SOURCE_DIR, destination: Path = BUILD_DIR) -> dict[str, str]:
    """Write the fingerprinted, precompressed static files of ``source`` to ``destination``.

    Returns
    -------
    dict[str, str]
        The manifest written to ``destination / "staticfiles.json"``: each file's path relative
        to ``source`` and its hashed name.
    """
    names, contents = fingerprint(source)
    destination.parent.mkdir(parents=True, exist_ok=True)
    # A new folder with the usual permissions (mkdtemp's 0700 would hide it from the app's user).
    staging = destination.with_name(f".{destination.name}-{os.getpid()}-{secrets.token_hex(4)}")
    staging.mkdir()
    try:
        for relative_path, content in contents.items():
            for name in (relative_path, names[relative_path]):
                target = staging / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        _compress(staging)
        manifest = {
            "version": 1,
            "paths": names,
            "source": str(source.resolve()),
            "sources": source_digests(source),
        }
        (staging / MANIFEST_NAME).write_text(
            json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8"
        )
        retired = destination.with_name(f".{destination.name}-retired-{os.getpid()}")
        if destination.exists():
            destination.rename(retired)
        staging.rename(destination)
        shutil.rmtree(retired, ignore_errors=True)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return names


def source_digests(source: Path) -> dict[str, str]:
    """Return a SHA-256 of every file in ``source``, keyed by its relative path."""
    return {
        name: hashlib.sha256((source / name).read_bytes()).hexdigest()
        for name in _source_files(source)
    }


def build_is_current(folder: Path) -> bool:
    """Return whether the build in ``folder`` was made from its source folder as it is now (no
    file changed, added or removed since), so its hashed names still name today's files."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
        source = Path(data["source"])
        recorded = data["sources"]
    except (OSError, ValueError, KeyError, TypeError):
        return False
    return source.is_dir() and source_digests(source) == recorded


def read_manifest(folder: Path) -> dict[str, str]:
    """Return the manifest ``build`` wrote to ``folder``, or ``{}`` when there is none."""
    try:
        data = json.loads((folder / MANIFEST_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    paths = data.get("paths") if isinstance(data, dict) else None
    return {str(k): str(v) for k, v in paths.items()} if isinstance(paths, dict) else {}


def main(argv: list[str] | None = None) -> int:
    """Build ``feedback/static_dist`` (or ``argv``: SOURCE DESTINATION) and say what was built."""
    arguments = sys.argv[1:] if argv is None else argv
    source, destination = (Path(arguments[0]), Path(arguments[1])) if arguments else (None, None)
    names = build(source or SOURCE_DIR, destination or BUILD_DIR)
    print(f"Built {len(names)} fingerprinted static files in {destination or BUILD_DIR}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
