"""The ``strikewatch`` command: one command per stage. The only place errors become messages and exit codes."""

from __future__ import annotations

import sys
from typing import Annotated

import typer
from rich.console import Console

from pipeline.commands import register_all
from pipeline.config import load_settings
from pipeline.errors import StrikewatchError
from pipeline.runtime import Runtime

app = typer.Typer(
    name="strikewatch",
    help="Find, tag and amplify news coverage of prisoner strikes.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)  # one line per error, never wrapped


@app.callback()
def _root(
    ctx: typer.Context,
    db: Annotated[
        str | None, typer.Option("--db", help="Database URL (default: STRIKEWATCH_DATABASE_URL or SQLite file).")
    ] = None,
) -> None:
    """Find, tag and amplify news coverage of prisoner strikes."""
    settings = load_settings().with_overrides(database_url=db)
    ctx.obj = Runtime(settings)
    ctx.call_on_close(ctx.obj.close)


register_all(app)


def main(argv: list[str] | None = None) -> None:
    """Console-script entry point: runs the app and turns our exceptions into one line and an exit code."""
    try:
        app(args=argv, prog_name="strikewatch")
    except StrikewatchError as exc:
        err.print(f"error: {exc}", markup=False)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)


if __name__ == "__main__":
    main()
