"""SEND Feedback: the Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

from feedback.config import INSTANCE_DIR, config_for

ROOT = Path(__file__).resolve().parent.parent


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create and return the app: configuration, extensions, blueprints, CLI. It registers, it
    does not implement."""
    app = Flask(
        __name__,
        instance_path=str(INSTANCE_DIR),
        template_folder=str(ROOT / "templates"),
    )
    app.config.from_object(config_for(os.environ.get("FEEDBACK_ENV")))
    # Any setting can be given as FEEDBACK_<NAME> in the environment (docs/operating.md).
    app.config.from_prefixed_env("FEEDBACK")
    if test_config:
        app.config.from_object(config_for("testing"))
        app.config.update(test_config)

    from feedback import blueprints, cli, extensions_setup, operations_setup

    operations_setup.init_operations(app)
    extensions_setup.init_extensions(app)
    blueprints.register(app)
    cli.register(app)
    return app
