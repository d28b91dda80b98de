"""Small helpers shared by the views."""

from __future__ import annotations

from datetime import date, datetime

from flask import current_app, g, request

from pipeline.config import Settings
from review.db import EXTENSION
from review.security import safe_next


def settings() -> Settings:
    return current_app.extensions[EXTENSION].settings


def who() -> str:
    return str(g.user)


def today() -> date:
    return datetime.now(settings().tz).date()


def back(default: str) -> str:
    """Where to go after a change: the form's own ``next`` path when it is on this site."""
    return safe_next(request.form.get("next"), default)
