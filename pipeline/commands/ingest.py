"""``strikewatch import``: bring articles in from JSON Lines."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.common import out, runtime
from pipeline.errors import InputError
from pipeline.importer import import_lines


def import_(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="JSON Lines file ('-' for stdin).")]) -> None:
    """Load articles from JSON Lines: url, title, text and optional published, author, outlet, outlet_url,
    outlet_state, outlet_kind. Invalid lines are reported and skipped; re-importing adds nothing."""
    try:
        handle = sys.stdin if str(file) == "-" else file.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise InputError(f"cannot read {file}: {exc.strerror}") from exc
    with handle, runtime(ctx).sessions()() as session, session.begin():
        report = import_lines(session, handle)
    for number, message in report.errors:
        out.print(f"{file}:{number}: skipped: {message}")
    out.print(f"{report.stored} stored, {report.duplicates} already stored, {len(report.errors)} invalid line(s)")
    if report.errors:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command("import")(import_)
