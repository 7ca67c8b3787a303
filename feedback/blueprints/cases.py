"""Blueprint for this area (filled in by its issue)."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("cases", __name__)
