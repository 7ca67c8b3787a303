"""The configuration reference in docs/operating.md, generated from ``feedback/config.py``.

    .venv/bin/python -m deploy.settings_reference          # rewrite the table in the docs

Each setting of ``Config`` (and what ``ProductionConfig`` changes) is listed with its default as
written in the source and the comment above it, so the reference cannot drift from the code: a
test fails when the table in the docs differs from the one this module makes.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG_SOURCE = ROOT / "feedback" / "config.py"
DOCS = ROOT / "docs" / "operating.md"
START, END = "<!-- settings:start -->", "<!-- settings:end -->"
MAX_DEFAULT_LENGTH = 70


# Settings that Flask and its extensions define; their meaning is theirs, said here once.
LIBRARY_SETTINGS = {
    "SECRET_KEY": "Signs sessions, CSRF tokens and (unless INVITATION_LINK_KEY is set) link "
    "tokens. Required in production: 32+ random characters, from the environment.",
    "SQLALCHEMY_DATABASE_URI": "The database, from DATABASE_URL (postgresql://... in "
    "production); an SQLite file in instance/ when unset.",
    "SQLALCHEMY_ENGINE_OPTIONS": "Connection pool options; pre-ping drops connections the "
    "database closed.",
    "SERVICE_NAME": "The service's name in page headers and titles.",
    "COUNCIL_NAME": "The council named on public pages that belong to no organisation.",
    "PUBLIC_BASE_URL": "The address families reach the service at, used in links sent by "
    "email, text message and letter.",
    "WTF_CSRF_TIME_LIMIT": "CSRF tokens never expire within a session, so families may take as "
    "long as they need (WCAG 2.2.1).",
    "SESSION_COOKIE_HTTPONLY": "Scripts cannot read the session cookie.",
    "SESSION_COOKIE_SAMESITE": "The session cookie is not sent on cross-site POSTs.",
    "SESSION_COOKIE_SECURE": "The session cookie is sent over HTTPS only.",
    "SESSION_COOKIE_NAME": "The session cookie's name; the __Host- prefix makes browsers refuse "
    "it unless it is Secure, host-only and Path=/.",
    "REMEMBER_COOKIE_HTTPONLY": "Flask-Login's remember-me cookie (unused) is not readable by "
    "scripts.",
    "REMEMBER_COOKIE_SECURE": "Flask-Login's remember-me cookie (unused) is HTTPS-only.",
    "PREFERRED_URL_SCHEME": "The scheme of links the app builds outside a request.",
    "BABEL_DEFAULT_LOCALE": "The language of pages when a family has chosen none.",
    "BABEL_TRANSLATION_DIRECTORIES": "Where the compiled message catalogues are.",
}


@dataclass(frozen=True, slots=True)
class Setting:
    """One setting: its name, its default and production value as written, what it means."""

    name: str
    default: str
    production: str
    meaning: str


def _class_settings(source: str, tree: ast.Module, class_name: str) -> dict[str, tuple[str, str]]:
    """Return ``name -> (value as written, the comment above it)`` for one class."""
    lines = source.splitlines()
    node = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == class_name)
    settings: dict[str, tuple[str, str]] = {}
    carried = ""
    previous_end = node.body[0].lineno - 1
    for statement in node.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else None
        if isinstance(statement, ast.AnnAssign):
            target = statement.target
        if not isinstance(target, ast.Name) or not target.id.isupper() or statement.value is None:
            previous_end = statement.end_lineno or statement.lineno
            continue
        above = lines[previous_end : statement.lineno - 1]
        blank = [index for index, line in enumerate(above) if not line.strip()]
        block = above[blank[-1] + 1 :] if blank else above  # the comment right above it
        comments = [line.strip()[1:].strip() for line in block if line.strip().startswith("#")]
        if comments:
            carried = " ".join(comments)  # speaks for the uncommented settings that follow
        elif any(not line.strip() for line in above):
            carried = ""
        value = " ".join((ast.get_source_segment(source, statement.value) or "").split())
        if len(value) > MAX_DEFAULT_LENGTH:
            value = value[: MAX_DEFAULT_LENGTH - 1] + "…"
        settings[target.id] = (value, LIBRARY_SETTINGS.get(target.id) or carried)
        previous_end = statement.end_lineno or statement.lineno
    return settings


def settings() -> list[Setting]:
    """Return every setting of ``Config`` and ``ProductionConfig``, in source order."""
    source = CONFIG_SOURCE.read_text(encoding="utf-8")
    tree = ast.parse(source)
    base = _class_settings(source, tree, "Config")
    production = _class_settings(source, tree, "ProductionConfig")
    names = list(base) + [name for name in production if name not in base]
    return [
        Setting(
            name=name,
            default=base.get(name, ("(unset)", ""))[0],
            production=production[name][0] if name in production else "",
            meaning=base.get(name, ("", ""))[1] or production.get(name, ("", ""))[1],
        )
        for name in names
    ]


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def render_table() -> str:
    """Return the Markdown table of every setting."""
    rows = [
        "| setting | default (as written in feedback/config.py) | production | meaning |",
        "|---|---|---|---|",
    ]
    for setting in settings():
        production = f"`{_cell(setting.production)}`" if setting.production else ""
        rows.append(
            f"| `{setting.name}` | `{_cell(setting.default)}` | {production} "
            f"| {_cell(setting.meaning)} |"
        )
    return "\n".join(rows)


def _section(text: str) -> re.Match[str] | None:
    return re.search(re.escape(START) + r"\n(.*?)" + re.escape(END), text, re.DOTALL)


def documented_table(text: str) -> str:
    """Return the table between the markers in ``text`` (empty if there is none)."""
    found = _section(text)
    return found.group(1).rstrip("\n") if found else ""


def main() -> None:
    """Rewrite the table between the markers in docs/operating.md."""
    text = DOCS.read_text(encoding="utf-8")
    found = _section(text)
    if found is None:
        raise SystemExit(f"{DOCS} has no {START} … {END} section")
    table = f"{START}\n{render_table()}\n{END}"
    DOCS.write_text(text[: found.start()] + table + text[found.end() :], encoding="utf-8")


if __name__ == "__main__":
    main()
