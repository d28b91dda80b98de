"""CLI commands, one module per area; each module has ``register(app)``.

To add an area: write ``pipeline/commands/<area>.py`` with ``register(app: typer.Typer) -> None`` and add it to
``AREAS`` below.
"""

from __future__ import annotations

from importlib import import_module

import typer

AREAS = [  # in data-flow order, which is the order `strikewatch --help` lists them
    "setup",
    "sources",
    "crawlhealth",
    "crawl",
    "ingest",
    "tagging",
    "stories",
    "coverage",
    "digest",
    "review",
    "run",
    "demo",
]


def register_all(app: typer.Typer) -> None:
    for area in AREAS:
        import_module(f"pipeline.commands.{area}").register(app)
