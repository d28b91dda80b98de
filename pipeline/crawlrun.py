"""Running the Scrapy crawl from the CLI: a subprocess (fresh Twisted reactor each time; ``pipeline`` never
imports ``crawlers``), with the database URL in its environment and its summary read back as JSON.

One crawl runs the spider of each kind of source it has, one after another in the one subprocess
(``crawlers/runner.py``): ``feeds`` for kind ``feed``, ``sitemaps`` for ``sitemap``, ``sites`` for ``site``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from redis import Redis
from redis.exceptions import RedisError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.config import Settings
from pipeline.errors import ConfigError, FetchError
from pipeline.models import Feed

SETTINGS_MODULE = "crawlers.settings"
RUNNER_MODULE = "crawlers.runner"
SPIDER_BY_KIND = {"feed": "feeds", "sitemap": "sitemaps", "site": "sites"}  # in the order they run
EMPTY_SUMMARY: dict[str, Any] = {
    "sources_total": 0, "sources_checked": 0, "not_modified": 0, "failed": 0, "articles_new": 0,
    "articles_duplicate": 0, "articles_from_feed": 0, "articles_dropped": 0, "articles_filtered": 0,
    "articles_too_old": 0, "failures": [], "finish_reason": "nothing to crawl", "spiders": [],
}


def _enabled(urls: Iterable[str] | None) -> Any:
    query = select(Feed.kind, func.count()).where(Feed.enabled.is_(True))
    return query if urls is None else query.where(Feed.url.in_(list(urls)))


def spiders_for(session: Session, urls: Iterable[str] | None = None, due_at: datetime | None = None) -> list[str]:
    """The spiders a crawl needs: one per kind of enabled source (among ``urls``; due by ``due_at``)."""
    query = _enabled(urls)
    if due_at is not None:
        query = query.where(Feed.next_check.is_(None) | (Feed.next_check <= due_at))
    kinds = {kind for kind, n in session.execute(query.group_by(Feed.kind)) if n}
    return [spider for kind, spider in SPIDER_BY_KIND.items() if kind in kinds]


def not_due(session: Session, urls: Iterable[str] | None, now: datetime) -> int:
    """Enabled sources (among ``urls``) whose next check has not come yet: skipped by ``crawl --due``."""
    query = select(func.count()).select_from(Feed).where(Feed.enabled.is_(True), Feed.next_check > now)
    if urls is not None:
        query = query.where(Feed.url.in_(list(urls)))
    return session.scalar(query) or 0


def distributed_env(redis_url: str, crawl_id: str, idle_seconds: float) -> dict[str, str]:
    """The environment that makes the crawler share its queue and duplicate filter in Redis."""
    if not redis_url:
        raise ConfigError("--distributed needs STRIKEWATCH_REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    try:
        Redis.from_url(redis_url, socket_connect_timeout=5).ping()
    except RedisError as exc:
        raise ConfigError(f"cannot reach Redis at {redis_url}: {exc}") from exc
    if idle_seconds < 0:
        raise ConfigError("--idle-seconds must not be negative")
    return {"STRIKEWATCH_DISTRIBUTED": "1", "STRIKEWATCH_CRAWL_ID": crawl_id,
            "STRIKEWATCH_IDLE_SECONDS": str(idle_seconds)}


def crawl_command(spiders: Sequence[str], summary: Path, args: Mapping[str, str], verbose: bool) -> list[str]:
    cmd = [sys.executable, "-m", RUNNER_MODULE, "--summary", str(summary), "-L", "INFO" if verbose else "WARNING"]
    for spider in spiders:
        cmd += ["--spider", spider]
    for key, value in args.items():
        cmd += ["-a", f"{key}={value}"]
    return cmd


def spider_args(sources: Path | None = None, feeds: Sequence[str] = (), due: bool = False) -> dict[str, str]:
    args = {}
    if sources is not None:
        args["sources"] = str(sources.resolve())
    if feeds:
        args["feeds"] = " ".join(feeds)
    if due:
        args["due"] = "1"
    return args


def run_crawl(
    settings: Settings,
    sources: Path | None = None,
    feeds: Sequence[str] = (),
    extra_env: Mapping[str, str] | None = None,
    verbose: bool = False,
    spiders: Sequence[str] = ("feeds",),
    due: bool = False,
    args: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Crawl with ``spiders`` and return the summed summary (sources checked, not modified, failed, new articles,
    failures). ``args`` are extra spider arguments (``url``, ``outlet`` for the page spider).

    Raises ``FetchError`` only when the crawl itself could not run; failing sources are in the summary.
    """
    if not spiders:
        return {**EMPTY_SUMMARY, "failures": []}
    env = {**os.environ, **(extra_env or {}), "STRIKEWATCH_DATABASE_URL": settings.db_url,
           "SCRAPY_SETTINGS_MODULE": SETTINGS_MODULE}
    with tempfile.TemporaryDirectory(prefix="strikewatch-crawl-") as tmp:
        summary = Path(tmp) / "summary.json"
        cmd = crawl_command(spiders, summary, {**spider_args(sources, feeds, due), **(args or {})}, verbose)
        try:
            code = subprocess.run(cmd, env=env, cwd=tmp, check=False).returncode
        except OSError as exc:
            raise FetchError(f"cannot start the crawler: {exc}") from exc
        if code != 0 or not summary.is_file():
            raise FetchError(f"the crawl could not run (scrapy exited with status {code}); see the messages above")
        data: dict[str, Any] = json.loads(summary.read_text("utf-8"))
        return data
