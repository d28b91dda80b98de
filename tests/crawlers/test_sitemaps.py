"""The sitemap spider over a local site: robots.txt → index → Google News sitemap; old entries skipped."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article, Feed
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import STRIKE_TEXT, article_html, run_spider
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow


def test_news_sitemap_via_robots_and_index(db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
                                           fixture_server: FixtureServer) -> None:
    s = fixture_server
    today = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    old = (datetime.now(UTC) - timedelta(days=60)).strftime("%Y-%m-%d")
    s.add("/robots.txt", f"User-agent: *\nSitemap: {s.url('/sitemap-index.xml')}\n", content_type="text/plain")
    s.add("/sitemap-index.xml", '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
          f'sitemap/0.9"><sitemap><loc>{s.url("/news-sitemap.xml")}</loc></sitemap></sitemapindex>',
          content_type="application/xml")
    s.add("/news-sitemap.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
          'xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">'
          f'<url><loc>{s.url("/fresh.html")}</loc><news:news><news:publication_date>{today}'
          "</news:publication_date><news:title>Fresh</news:title></news:news></url>"
          f"<url><loc>{s.url('/old.html')}</loc><lastmod>{old}</lastmod></url></urlset>",
          content_type="application/xml")
    s.add("/fresh.html", article_html("Strike spreads", STRIKE_TEXT.format(where="county jail")))
    s.add("/old.html", article_html("Old strike", STRIKE_TEXT.format(where="old jail")))
    with sessions() as session, session.begin():
        add_source(session, SourceSpec("Map Herald", feeds=[s.url("/robots.txt")]), feed_kind="sitemap")
    summary = run_spider(db_url, tmp_path, spider="sitemaps")
    with sessions() as session:
        urls = list(session.scalars(select(Article.url)))
        feed = session.scalar(select(Feed))
        assert feed is not None and feed.consecutive_failures == 0 and feed.last_success is not None
    assert urls == [s.url("/fresh.html")], summary["log"][-3000:]
    assert s.hits("/old.html") == 0
