"""Blueprint for this area (filled in by its issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("you_said", __name__)
