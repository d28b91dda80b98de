"""Crawl state: due sources, pages seen and not kept, the outlet of a page added by hand."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.crawlrun import not_due, spiders_for
from pipeline.crawlstate import (
    feeds_to_crawl,
    known_urls,
    outlet_for_url,
    record_failure,
    record_success,
    remember_seen,
)
from pipeline.models import SeenUrl, utcnow
from pipeline.sources import SourceSpec, add_source
from pipeline.store import ArticleIn, store_article


def _sources(session: Session) -> dict[str, int]:
    _, feeds = add_source(session, SourceSpec("Daily", "https://daily.example/", feeds=[
        "https://daily.example/a.rss", "https://daily.example/b.rss"]))
    _, maps = add_source(session, SourceSpec("Daily", feeds=["https://daily.example/robots.txt"]), feed_kind="sitemap")
    _, sites = add_source(session, SourceSpec("Daily", feeds=["https://daily.example/news/"]), feed_kind="site")
    return {f.url.rsplit("/", 1)[-1] or "news": f.id for f in [*feeds, *maps, *sites]}


def test_due_sources_respect_schedule_and_backoff(session: Session) -> None:
    ids = _sources(session)
    now = utcnow()
    record_success(session, ids["a.rss"], 200, now=now)  # next check in an hour
    record_failure(session, ids["robots.txt"], "https://daily.example/robots.txt", "HTTP 500", 500, now=now)
    later = now + timedelta(minutes=30)
    assert [t.url for t in feeds_to_crawl(session, due_at=later)] == ["https://daily.example/b.rss"]
    assert feeds_to_crawl(session, kind="sitemap", due_at=later) == []  # backing off after its failure
    assert len(feeds_to_crawl(session, kind="sitemap", due_at=now + timedelta(hours=3))) == 1
    assert spiders_for(session) == ["feeds", "sitemaps", "sites"]
    assert spiders_for(session, due_at=later) == ["feeds", "sites"]
    assert spiders_for(session, ["https://daily.example/robots.txt"]) == ["sitemaps"]
    assert not_due(session, None, later) == 2


def test_seen_urls_are_known_and_idempotent(session: Session) -> None:
    ids = _sources(session)
    store_article(session, ArticleIn(url="https://daily.example/stored", title="t", text="x"))
    remember_seen(session, "https://daily.example/parks?utm_source=rss", ids["a.rss"], "not strike news")
    remember_seen(session, "https://daily.example/parks", ids["b.rss"], "not strike news")
    remember_seen(session, "https://daily.example/old", 999, "too old")  # an unknown feed is not an error
    urls = ["https://daily.example/stored", "https://daily.example/parks#top", "https://daily.example/old",
            "https://daily.example/new"]
    assert known_urls(session, urls) == set(urls[:3])
    assert session.scalar(select(func.count()).select_from(SeenUrl)) == 2


def test_outlet_for_url(session: Session) -> None:
    _sources(session)
    outlet = outlet_for_url(session, "https://www.daily.example/2024/strike")
    assert outlet is not None
    assert outlet_for_url(session, "https://elsewhere.example/x") is None
