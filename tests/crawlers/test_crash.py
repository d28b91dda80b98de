"""Crash safety: a crawl killed halfway (SIGKILL) and run again gives the same database as one uninterrupted run."""

from __future__ import annotations

import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.db import make_engine, session_factory, upgrade
from pipeline.models import Article, Feed
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import REPO, STRIKE_TEXT, article_html, rss, run_spider, scrapy_command, scrapy_env
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow

PAGES = 16
SLOW = {"CONCURRENT_REQUESTS": "2", "CONCURRENT_REQUESTS_PER_DOMAIN": "2", "DOWNLOAD_TIMEOUT": "5"}


@pytest.fixture
def slow_site() -> Iterator[FixtureServer]:
    server = FixtureServer()
    server.start()
    for feed in ("a", "b"):
        links = [f"/{feed}/story-{i}.html" for i in range(PAGES // 2)]
        for i, link in enumerate(links):
            server.add(link, article_html(f"Strike report {feed}{i}", STRIKE_TEXT.format(where=f"unit {feed}{i}")),
                       content_type="text/html; charset=utf-8", delay=0.25)
        shared = [("/a/story-0.html?utm_source=b", "shared")] if feed == "b" else []
        server.add(f"/{feed}.rss", rss(feed, [(link, link) for link in links] + shared, server.url("")),
                   content_type="application/rss+xml", headers={"ETag": f'"{feed}-v1"'})
    yield server
    server.stop()


def _database(path: Path, server: FixtureServer) -> tuple[str, Engine, sessionmaker[Session]]:
    url = f"sqlite:///{path}"
    engine = make_engine(url)
    upgrade(engine)
    sessions = session_factory(engine)
    with sessions() as s, s.begin():
        add_source(s, SourceSpec("Slow Daily", kind="local", state="GA", feeds=[server.url("/a.rss")]))
        add_source(s, SourceSpec("Slow Weekly", kind="local", state="GA", feeds=[server.url("/b.rss")]))
    return url, engine, sessions


def _snapshot(sessions: sessionmaker[Session]) -> tuple[list[tuple[str, str, str]], list[tuple[str, str | None]]]:
    with sessions() as s:
        articles = sorted(s.execute(select(Article.canonical_url, Article.title, Article.text)).tuples())
        feeds = sorted(s.execute(select(Feed.url, Feed.etag)).tuples())
    return articles, feeds


def _count(sessions: sessionmaker[Session]) -> int:
    with sessions() as s:
        return s.scalar(select(func.count()).select_from(Article)) or 0


def test_killed_crawl_resumes_to_the_same_database(slow_site: FixtureServer, tmp_path: Path) -> None:
    ref_url, ref_engine, ref_sessions = _database(tmp_path / "reference.db", slow_site)
    run_spider(ref_url, tmp_path, settings=SLOW)
    reference = _snapshot(ref_sessions)
    assert len(reference[0]) == PAGES
    ref_engine.dispose()

    url, engine, sessions = _database(tmp_path / "killed.db", slow_site)
    cmd = scrapy_command("feeds", tmp_path / "never.json", SLOW)
    proc = subprocess.Popen(cmd, cwd=REPO, env=scrapy_env(url), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while _count(sessions) < 3 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
    finally:
        proc.wait(timeout=30)
    stored_before = _snapshot(sessions)[0]
    assert 3 <= len(stored_before) < PAGES, "the crawl was not killed halfway"

    run_spider(url, tmp_path, settings=SLOW)
    resumed = _snapshot(sessions)
    assert resumed == reference  # no duplicates, nothing lost, validators saved
    assert set(stored_before) <= set(resumed[0])
    engine.dispose()
