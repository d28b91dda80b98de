"""``strikewatch demo``: crawl a fictional newsroom served on 127.0.0.1 into a fresh database, run every stage."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Annotated

import typer

from pipeline.commands.common import out, runtime
from pipeline.commands.crawl import print_summary
from pipeline.crawlrun import run_crawl
from pipeline.db import upgrade
from pipeline.demo.server import DemoServer
from pipeline.demo.setup import (
    add_demo_actions,
    add_demo_sources,
    demo_settings,
    remove_default_database,
    stored_by_outlet,
)
from pipeline.demo.site import build_outlets, load_newsroom, render_site
from pipeline.runtime import Runtime
from pipeline.stages import run_stages

CRAWL_ENV = {"STRIKEWATCH_ALLOWED_PRIVATE_NETWORKS": "127.0.0.1/32",  # the demo server, and nothing else private
             "STRIKEWATCH_POLITE": "0"}  # our own local server: no delays needed


def demo(
    ctx: typer.Context,
    port: Annotated[int, typer.Option("--port", help="Port for the demo newsroom on 127.0.0.1 (0: any free).")] = 0,
    keep_serving: Annotated[bool, typer.Option("--keep-serving", help="Keep the newsroom up after the demo, "
                                                "until Ctrl-C.")] = False,
) -> None:
    """Serve a fictional newsroom (RSS and Atom feeds) on 127.0.0.1, crawl it with the real spider into a fresh
    database (default: a SQLite file in the data folder's demo/ subfolder), run every later stage, and say where
    the output is. Fully offline."""
    settings = demo_settings(runtime(ctx).settings)
    db_path = remove_default_database(runtime(ctx).settings)
    now = datetime.now(UTC).replace(microsecond=0)
    with DemoServer(port) as server:
        outlets = build_outlets(server.base_url, now)
        server.pages = render_site(outlets, now)
        out.print(f"demo newsroom: {server.base_url}/ ({len(outlets)} outlets)")
        rt = Runtime(settings)
        try:
            upgrade(rt.engine)
            today = datetime.now(settings.tz).date()
            with rt.sessions()() as session, session.begin():
                add_demo_sources(session, outlets)
                add_demo_actions(session, load_newsroom(), today)
            rt.close()
            print_summary(run_crawl(settings, extra_env=CRAWL_ENV))
            run_stages(rt, today, lambda name, summary: out.print(f"{name}: {summary}"))
            with rt.sessions()() as session:
                counts = stored_by_outlet(session, [o.name for o in outlets])
        finally:
            rt.close()
        for name, count in counts.items():
            out.print(f"  {count:3d}  {name}")
        out.print(f"database: {db_path or rt.engine.url.render_as_string(hide_password=True)}")
        out.print(f"site folder: {settings.output_dir}")
        if keep_serving:
            out.print(f"serving {server.base_url}/ — press Ctrl-C to stop")
            _wait()


def _wait() -> None:
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        out.print("stopped")


def register(app: typer.Typer) -> None:
    app.command()(demo)
