"""``strikewatch crawl``: fetch the sources (Scrapy, in a subprocess) and store new articles.

Every kind of source is crawled by its spider in the one run: feeds, sitemaps, sites. ``--url`` fetches one page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.canonical import is_http_url
from pipeline.commands.common import out, print_json, runtime
from pipeline.crawlrun import EMPTY_SUMMARY, distributed_env, not_due, run_crawl, spiders_for
from pipeline.crawlstate import feed_by_url, stored_urls
from pipeline.errors import FetchError, InputError, SourceError
from pipeline.models import utcnow
from pipeline.runtime import Runtime
from pipeline.sources import read_opml


def print_summary(summary: dict[str, Any]) -> None:
    out.print(f"sources checked: {summary['sources_checked']} of {summary['sources_total']}")
    if summary.get("sources_not_due"):
        out.print(f"not due yet:     {summary['sources_not_due']} (see `strikewatch sources check`)")
    out.print(f"not modified:    {summary['not_modified']}")
    out.print(f"failed:          {summary['failed']}")
    out.print(f"new articles:    {summary['articles_new']} ({summary['articles_duplicate']} already stored)")
    if summary.get("articles_filtered"):
        out.print(f"not strike news: {summary['articles_filtered']} (counted, not stored)")
    if summary.get("articles_too_old"):
        out.print(f"too old:         {summary['articles_too_old']} (site pages past their source's max_age_days)")
    for failure in summary.get("failures", []):
        out.print(f"  failed: {failure['source']}: {failure['error']}", markup=False)


def crawl_url(rt: Runtime, url: str, outlet: str | None, verbose: bool, as_json: bool) -> None:
    """One page through the crawler (guard, limits, extraction, store; found_by "review"; never pre-filtered).

    Exit status 0 when the page is stored (or was already), non-zero with the reason on stderr otherwise: the review
    app's "add an article by URL" relies on this and offers a typed form when it fails.
    """
    if not is_http_url(url):
        raise InputError(f"--url needs an http(s) URL, not {url!r}")
    with rt.sessions()() as session:  # a missing or old schema is reported before the crawl starts
        stored = bool(stored_urls(session, [url]))
    if stored:
        if as_json:
            print_json({**EMPTY_SUMMARY, "articles_duplicate": 1, "finish_reason": "already stored"})
        else:
            out.print(f"already stored: {url}", markup=False)
        return
    rt.close()
    args = {"url": url, **({"outlet": outlet} if outlet else {})}
    summary = run_crawl(rt.settings, verbose=verbose, spiders=["page"], args=args)
    if as_json:
        print_json(summary)
    elif summary["articles_new"]:
        out.print(f"stored {url}", markup=False)
    elif summary["articles_duplicate"]:
        out.print(f"already stored: {url}", markup=False)
    if not (summary["articles_new"] or summary["articles_duplicate"]):
        reasons = "; ".join(f["error"] for f in summary.get("failures", [])) or "nothing could be stored"
        raise FetchError(f"could not add {url}: {reasons}")


def crawl(
    ctx: typer.Context,
    sources: Annotated[Path | None, typer.Option("--sources", help="Crawl the feeds of this OPML file "
                                                 "(their outlets and feeds are added to the database).")] = None,
    feed: Annotated[list[str] | None, typer.Option("--feed", help="Crawl only this stored source (repeat).")] = None,
    due: Annotated[bool, typer.Option("--due", help="Only sources whose next check has come (failing ones back "
                                      "off); for frequent cron runs.")] = False,
    url: Annotated[str | None, typer.Option("--url", help="Fetch and store this one article page instead.")] = None,
    outlet: Annotated[str | None, typer.Option("--outlet", help="With --url: the outlet it belongs to (default: "
                                               "the outlet on the same host, if any).")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Show Scrapy's log.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    distributed: Annotated[bool, typer.Option("--distributed", help="Share one crawl with other crawler processes "
                                              "or machines through Redis (STRIKEWATCH_REDIS_URL).")] = False,
    idle_seconds: Annotated[float, typer.Option("--idle-seconds", help="With --distributed: exit once the shared "
                                                "queue has stayed empty this long.")] = 30.0,
    crawl_id: Annotated[str, typer.Option("--crawl-id", help="With --distributed: processes with the same id share "
                                          "one crawl.")] = "default",
) -> None:
    """Fetch every enabled source — RSS/Atom feeds, sitemaps, site sections — and store their new articles.

    Conditional GET, robots.txt and AutoThrottle. Failing sources are recorded against the source and the crawl
    goes on; the exit status is non-zero only when the crawl cannot run at all (or, with --url, when the page
    could not be stored)."""
    rt = runtime(ctx)
    if url is not None:
        if sources or feed or due or distributed:
            raise InputError("--url fetches one page: it does not go with --sources, --feed, --due or --distributed")
        crawl_url(rt, url, outlet, verbose, as_json)
        return
    if outlet is not None:
        raise InputError("--outlet goes with --url")
    feeds = feed or []
    if sources is not None:
        read_opml(sources)  # a broken file is reported here, before the crawl starts
    now = utcnow()
    with rt.sessions()() as session:
        unknown = [u for u in feeds if feed_by_url(session, u) is None]
        if unknown:
            raise SourceError(f"not a stored feed: {', '.join(unknown)} (add it with `strikewatch sources add`)")
        # An OPML file lists feeds; otherwise one spider per kind of source to crawl.
        spiders = ["feeds"] if sources is not None else spiders_for(session, feeds or None, now if due else None)
        skipped = not_due(session, feeds or None, now) if due and sources is None else 0
    extra_env = distributed_env(rt.settings.redis_url, crawl_id, idle_seconds) if distributed else None
    if distributed and "sites" in spiders:
        # A site source's progress lives in one process; shared queues would scatter it. Crawl them undistributed.
        spiders.remove("sites")
        typer.echo("site sources are not crawled with --distributed: crawl them with `strikewatch crawl`", err=True)
    rt.close()  # the crawler opens its own connection
    summary = run_crawl(rt.settings, sources=sources, feeds=feeds, verbose=verbose, extra_env=extra_env,
                        spiders=spiders, due=due)
    summary["sources_not_due"] = skipped
    if as_json:
        print_json(summary)
    else:
        print_summary(summary)


def register(app: typer.Typer) -> None:
    app.command()(crawl)
