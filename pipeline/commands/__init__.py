"""CLI commands, one module per area; each module has ``register(app)``.

To add an area: write ``pipeline/commands/<area>.py`` with ``register(app: typer.Typer) -> None`` and add it to
``AREAS`` below.
"""

from __future__ import annotations

from importlib import import_module

import typer

AREAS = [
    "setup",
    "sources",
    "ingest",
    "tagging",
    "run",
    "stories",
    "coverage",
    "review",
    "crawl",
    "digest",
    "crawlhealth",
    "demo",
]


def register_all(app: typer.Typer) -> None:
    for area in AREAS:
        import_module(f"pipeline.commands.{area}").register(app)
