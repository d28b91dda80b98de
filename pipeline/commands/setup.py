"""``strikewatch init`` and ``strikewatch config``."""

from __future__ import annotations

from typing import Annotated

import typer

from pipeline.commands.common import out, runtime
from pipeline.config import settings_help
from pipeline.db import upgrade
from pipeline.sources import seed_defaults


def init(
    ctx: typer.Context,
    no_sources: Annotated[bool, typer.Option("--no-sources", help="Do not load the default source list.")] = False,
) -> None:
    """Create the database, or upgrade it to the newest schema; load the default sources into a new one."""
    rt = runtime(ctx)
    before, after = upgrade(rt.engine)
    added = 0
    if not no_sources:
        with rt.sessions(check=False)() as session, session.begin():
            added = seed_defaults(session)
    where = rt.engine.url.render_as_string(hide_password=True)
    if before == after:
        out.print(f"database {where} is up to date (schema {after})")
    else:
        out.print(f"database {where} {'created' if before is None else 'upgraded'} (schema {after})")
    if added:
        out.print(f"loaded {added} feeds from the default source list")


def config(ctx: typer.Context) -> None:
    """Show the settings in force and the environment variables that set them."""
    settings = runtime(ctx).settings
    out.print(f"database: {settings.db_url}")
    out.print(f"data folder: {settings.data_dir}")
    for env, help_text in settings_help():
        out.print(f"  {env}: {help_text}")


def register(app: typer.Typer) -> None:
    app.command()(init)
    app.command()(config)
