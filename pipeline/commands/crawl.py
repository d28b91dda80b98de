"""``strikewatch crawl``: fetch the feeds (Scrapy, in a subprocess) and store new articles."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.commands.common import out, print_json, runtime
from pipeline.crawlrun import distributed_env, run_crawl
from pipeline.crawlstate import feed_by_url
from pipeline.errors import SourceError
from pipeline.sources import read_opml


def print_summary(summary: dict[str, Any]) -> None:
    out.print(f"sources checked: {summary['sources_checked']} of {summary['sources_total']}")
    out.print(f"not modified:    {summary['not_modified']}")
    out.print(f"failed:          {summary['failed']}")
    out.print(f"new articles:    {summary['articles_new']} ({summary['articles_duplicate']} already stored)")
    if summary.get("articles_filtered"):
        out.print(f"not strike news: {summary['articles_filtered']} (counted, not stored)")
    for failure in summary.get("failures", []):
        out.print(f"  failed: {failure['source']}: {failure['error']}", markup=False)


def crawl(
    ctx: typer.Context,
    sources: Annotated[Path | None, typer.Option("--sources", help="Crawl the feeds of this OPML file "
                                                 "(their outlets and feeds are added to the database).")] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="Crawl only this stored feed (repeatable).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Scrapy's log.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    distributed: Annotated[bool, typer.Option("--distributed", help="Share one crawl with other crawler processes "
                                              "or machines through Redis (STRIKEWATCH_REDIS_URL).")] = False,
    idle_seconds: Annotated[float, typer.Option("--idle-seconds", help="With --distributed: exit once the shared "
                                                "queue has stayed empty this long.")] = 30.0,
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="With --distributed: processes with the same id share "
                                          "one crawl.")] = "default",
) -> None:
    """Fetch RSS/Atom feeds (conditional GET, robots.txt, AutoThrottle) and store their new articles.

    Failing feeds are recorded against the feed and the crawl goes on; the exit status is non-zero only when the
    crawl cannot run at all."""
    rt = runtime(ctx)
    feeds = feed or []
    if sources is not None:
        read_opml(sources)  # a broken file is reported here, before the crawl starts
    with rt.sessions()() as session:
        unknown = [url for url in feeds if feed_by_url(session, url) is None]
    if unknown:
        raise SourceError(f"not a stored feed: {', '.join(unknown)} (add it with `strikewatch sources add`)")
    extra_env = distributed_env(rt.settings.redis_url, crawl_id, idle_seconds) if distributed else None
    rt.close()  # the crawler opens its own connection
    summary = run_crawl(rt.settings, sources=sources, feeds=feeds, verbose=verbose, extra_env=extra_env)
    if as_json:
        print_json(summary)
    else:
        print_summary(summary)


def register(app: typer.Typer) -> None:
    app.command()(crawl)
