"""Blueprints, one per area of the workspace."""

from __future__ import annotations

from flask import Flask


def register_blueprints(app: Flask) -> None:
    from review.views import add, auth, digest, items, queue

    for module in (auth, queue, items, add, digest):
        app.register_blueprint(module.bp)
