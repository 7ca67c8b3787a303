"""Command-line interface: ``flask --app feedback <command>``. Commands are thin; services hold rules."""

from __future__ import annotations

from flask import Flask


def register(app: Flask) -> None:
    """Add every command group to ``app``."""
    from feedback.cli import demo, users

    app.cli.add_command(users.users)
    app.cli.add_command(demo.demo)
    app.cli.add_command(demo.demo_link)
