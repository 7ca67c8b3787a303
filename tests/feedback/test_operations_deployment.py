"""The container files run what the tested local stack runs, and the image is built to be safe."""

from __future__ import annotations

import json
import re
from pathlib import Path

import yaml

from deploy.commands import APP_SERVER, MIGRATE, SCHEDULER
from deploy.settings_reference import documented_table, render_table, settings
from feedback.config import Config, ProductionConfig

ROOT = Path(__file__).resolve().parents[2]


def _compose() -> dict[str, dict[str, object]]:
    return yaml.safe_load((ROOT / "compose.yaml").read_text(encoding="utf-8"))["services"]


def _dockerfile() -> str:
    return (ROOT / "Dockerfile").read_text(encoding="utf-8")


def test_compose_services_run_the_commands_of_the_tested_stack() -> None:
    services = _compose()
    assert tuple(services["migrate"]["command"]) == MIGRATE
    assert tuple(services["app"]["command"]) == APP_SERVER
    assert tuple(services["scheduler"]["command"]) == SCHEDULER


def test_compose_runs_two_app_servers_and_two_schedulers_on_postgresql() -> None:
    services = _compose()
    assert services["app"]["deploy"]["replicas"] == 2
    assert services["scheduler"]["deploy"]["replicas"] == 2
    assert str(services["postgres"]["image"]).startswith("postgres:")
    assert str(services["app"]["environment"]["DATABASE_URL"]).startswith("postgresql://")


def test_image_starts_the_same_app_server_command() -> None:
    command = re.search(r"^CMD (\[.*\])$", _dockerfile(), re.MULTILINE)
    assert command is not None
    assert tuple(json.loads(command.group(1))) == APP_SERVER


def test_image_runs_as_a_non_root_user_without_node_or_build_tools() -> None:
    stages = re.split(r"^FROM ", _dockerfile(), flags=re.MULTILINE)[1:]
    final = stages[-1]
    assert final.startswith("python:3.11-slim")
    users = re.findall(r"^USER (\S+)", final, re.MULTILINE)
    assert users and users[-1] not in ("root", "0")
    assert not re.search(r"apt-get|npm|gcc|build-essential", final)
    assert "FEEDBACK_ENV=production" in final


def test_configuration_reference_in_the_docs_matches_the_settings() -> None:
    documented = documented_table((ROOT / "docs" / "operating.md").read_text(encoding="utf-8"))
    assert documented == render_table(), (
        "docs/operating.md is out of date: run `.venv/bin/python -m deploy.settings_reference`"
    )


def test_configuration_reference_lists_every_setting_of_every_environment() -> None:
    listed = {setting.name for setting in settings()}
    for environment in (Config, ProductionConfig):
        names = {name for name in dir(environment) if name.isupper()}
        assert names <= listed, sorted(names - listed)


def test_image_carries_every_letter_font() -> None:
    files = {name for pair in Config.LETTER_FONTS.values() for name in pair}
    assert sorted(name for name in files if name not in _dockerfile()) == []
