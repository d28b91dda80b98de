"""The site spider over a local outlet: section pages followed by link rules, to a depth and an age."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from html import escape
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article, Feed, SeenUrl
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import OFF_TOPIC_TEXT, STRIKE_TEXT, article_html, run_spider
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow

RULES = {"allow": [r"/news/page/\d+$"], "deny": ["/tag/"], "article": [r"/news/20\d\d/"], "max_depth": 1,
         "max_age_days": 7}


def _when(days_ago: float) -> str:
    return (datetime.now(UTC) - timedelta(days=days_ago)).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def _section(links: list[str]) -> str:
    items = "".join(f'<li><a href="{escape(link)}">{escape(link)}</a></li>' for link in links)
    return f"<!doctype html><html><head><title>News</title></head><body><ul>{items}</ul></body></html>"


def build_outlet(s: FixtureServer) -> None:
    """/news/ → page 2 (depth 1) → page 3 (depth 2, beyond max_depth); articles fresh, old, off-topic."""
    s.add("/news/", _section(["/news/2024/05/strike-at-unit-one.html", "/news/2024/05/old-strike-story.html",
                              "/news/2024/05/parks-budget-passes.html", "/news/page/2", "/tag/prisons", "/about",
                              "http://127.0.0.2:9/news/2024/05/elsewhere.html"]))
    s.add("/news/page/2", _section(["/news/2024/05/strike-spreads-to-laundry.html", "/news/page/3",
                                    "/news/2024/05/strike-at-unit-one.html?utm_source=nav"]))
    s.add("/news/page/3", _section(["/news/2024/05/too-deep-story.html"]))
    pages = {
        "/news/2024/05/strike-at-unit-one.html": ("Strike at Unit One", STRIKE_TEXT, _when(1)),
        "/news/2024/05/strike-spreads-to-laundry.html": ("Strike spreads", STRIKE_TEXT, _when(2)),
        "/news/2024/05/old-strike-story.html": ("An old strike", STRIKE_TEXT, _when(40)),
        "/news/2024/05/parks-budget-passes.html": ("Parks budget passes", OFF_TOPIC_TEXT, _when(1)),
        "/news/2024/05/too-deep-story.html": ("Too deep", STRIKE_TEXT, _when(1)),
    }
    for path, (title, text, when) in pages.items():
        s.add(path, article_html(title, text.format(where=title), published=when),
              content_type="text/html; charset=utf-8")


def test_site_sections_by_rules_depth_and_age(db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
                                              fixture_server: FixtureServer) -> None:
    s = fixture_server
    build_outlet(s)
    with sessions() as session, session.begin():
        _, (feed,) = add_source(session, SourceSpec("Section Times", kind="local", state="GA",
                                                    feeds=[s.url("/news/")]), feed_kind="site")
        feed.rules = RULES
        add_source(session, SourceSpec("RSS Only", feeds=[s.url("/news/page/2")]))  # a feed: not for this spider

    first = run_spider(db_url, tmp_path, spider="sites")
    assert (first["sources_checked"], first["failed"], first["articles_new"]) == (1, 0, 2), first["log"][-3000:]
    assert (first["articles_too_old"], first["articles_filtered"]) == (1, 1)
    with sessions() as session:
        stored = {a.url.removeprefix(s.url("")): a for a in session.scalars(select(Article))}
        assert set(stored) == {"/news/2024/05/strike-at-unit-one.html", "/news/2024/05/strike-spreads-to-laundry.html"}
        assert {a.found_by for a in stored.values()} == {"sites"}
        feed = session.scalar(select(Feed).where(Feed.kind == "site"))
        assert feed is not None and (feed.consecutive_failures, feed.last_status) == (0, 200)
        assert feed.last_success is not None and feed.next_check is not None
        seen = dict(session.execute(select(SeenUrl.canonical_url, SeenUrl.reason)).tuples().all())
        assert {url.removeprefix(s.url("")): why for url, why in seen.items()} == {
            "/news/2024/05/old-strike-story.html": "too old",
            "/news/2024/05/parks-budget-passes.html": "not strike news",
        }
    for never in ("/news/page/3", "/news/2024/05/too-deep-story.html", "/tag/prisons", "/about"):
        assert s.hits(never) == 0, never
    assert s.hits("/news/2024/05/strike-at-unit-one.html") == 1  # the same article with tracking params: once

    second = run_spider(db_url, tmp_path, spider="sites")
    assert (second["sources_checked"], second["articles_new"], second["failed"]) == (1, 0, 0)
    for path in ("/news/2024/05/old-strike-story.html", "/news/2024/05/parks-budget-passes.html",
                 "/news/2024/05/strike-at-unit-one.html"):
        assert s.hits(path) == 1, path  # stored, or seen and not kept: not fetched again
    assert s.hits("/news/") == 2


def test_site_failures_are_recorded(db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
                                    fixture_server: FixtureServer) -> None:
    s = fixture_server
    s.add("/gone/", "not here", status=404)
    with sessions() as session, session.begin():
        add_source(session, SourceSpec("Gone Gazette", feeds=[s.url("/gone/")]), feed_kind="site")
        _, (bad,) = add_source(session, SourceSpec("Bad Rules", feeds=[s.url("/bad/")]), feed_kind="site")
        bad.rules = {"article": ["(unclosed"]}
    summary = run_spider(db_url, tmp_path, spider="sites")
    assert (summary["sources_checked"], summary["failed"]) == (2, 2), summary["log"][-3000:]
    with sessions() as session:
        errors = dict(session.execute(select(Feed.url, Feed.last_error)).tuples().all())
        assert "HTTP 404" in (errors[s.url("/gone/")] or "")
        assert "bad regular expression" in (errors[s.url("/bad/")] or "")
    assert s.hits("/bad/") == 0
