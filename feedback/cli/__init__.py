"""Command-line interface: ``flask --app feedback <command>``.

Commands are thin; services hold the rules. Each area's module exports ``COMMANDS``.
"""

from __future__ import annotations

from importlib import import_module

from flask import Flask

from feedback.cli import demo, users

AREA_MODULES = ("cases", "kpis", "comments", "operations")


def register(app: Flask) -> None:
    """Add every command group to ``app``."""
    for command in (users.users, users.organisations, demo.demo, demo.demo_link):
        app.cli.add_command(command)
    for name in AREA_MODULES:
        for command in import_module(f"feedback.cli.{name}").COMMANDS:
            app.cli.add_command(command)
