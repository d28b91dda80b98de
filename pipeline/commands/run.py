"""``strikewatch run``: the daily job — crawl → tag → cluster → digest for one day, never two runs at once."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated

import typer

from pipeline import stages
from pipeline.commands.common import out, parse_day, runtime
from pipeline.locking import run_lock
from pipeline.runtime import Runtime

log = logging.getLogger("strikewatch.run")


def _crawl(rt: Runtime, extra: list[str]) -> str:
    """The crawl runs as its own ``strikewatch crawl`` process (Scrapy wants a fresh reactor)."""
    env = {**os.environ, "STRIKEWATCH_DATABASE_URL": rt.settings.db_url}
    cmd = [sys.executable, "-m", "pipeline", "crawl", *extra]
    done = subprocess.run(cmd, env=env, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"crawl exited with code {done.returncode}")
    return "crawl finished"


def _timed(name: str, fn: Callable[[], str]) -> tuple[bool, str]:
    start = time.monotonic()
    try:
        summary, ok = fn(), True
    except Exception as exc:  # noqa: BLE001 - one failed stage is reported and ends the run
        summary, ok = f"{type(exc).__name__}: {exc}", False
    seconds = time.monotonic() - start
    line = f"stage={name} status={'ok' if ok else 'failed'} seconds={seconds:.1f} {summary}"
    (log.info if ok else log.error)(line)
    out.print(line, markup=False)
    return ok, summary


def run(
    ctx: typer.Context,
    day: Annotated[str | None, typer.Option("--date", help="Day of the digest (YYYY-MM-DD); default today.")] = None,
    skip_crawl: Annotated[bool, typer.Option("--skip-crawl", help="Process what is stored; fetch nothing.")] = False,
    sources: Annotated[str | None, typer.Option("--sources", help="Crawl the feeds of this OPML file.")] = None,
) -> None:
    """The daily job: crawl, tag, cluster and render the digest of the day, with a lock against overlap.

    Prints one `stage=NAME status=ok|failed seconds=N ...` line per stage; exit code 0 when every stage
    succeeded, 1 when one failed (later stages are skipped), 75 when another run holds the lock.
    """
    rt = runtime(ctx)
    the_day = parse_day(day, datetime.now(rt.settings.tz).date())
    assert the_day is not None
    rt.sessions()  # fail early with a clear message when the database is not initialised
    with run_lock(rt.engine, rt.settings.data_dir):
        steps: list[tuple[str, Callable[[], str]]] = []
        if not skip_crawl:
            steps.append(("crawl", lambda: _crawl(rt, ["--sources", sources] if sources else [])))
        steps += [(name, _bind(rt, name, the_day)) for name in stages.STAGES]
        for name, fn in steps:
            ok, _ = _timed(name, fn)
            if not ok:
                raise typer.Exit(1)


def _bind(rt: Runtime, name: str, day: date) -> Callable[[], str]:
    return lambda: stages.stage(name)(rt, day)


def register(app: typer.Typer) -> None:
    app.command()(run)
