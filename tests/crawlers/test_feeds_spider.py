"""The feed spider end to end: `scrapy crawl feeds` in a subprocess against the fixture site on 127.0.0.1."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article, Feed, FetchLog, Outlet
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.conftest import BAD_FEEDS, RunCrawl
from tests.support.httpserver import FixtureServer

GOOD_FEEDS = ["/feeds/good.rss", "/feeds/good.atom", "/feeds/bozo.rss"]
EXPECTED_ARTICLES = {
    "/articles/smith-state-strike.html", "/articles/hunger-strike-tacoma.html", "/articles/no-date-in-feed.html",
    "/articles/missing.html", "/articles/latin1.html", "/articles/alabama-lockdown.html", "/articles/bozo-entry.html",
}


def _add_sources(sessions: sessionmaker[Session], site: FixtureServer, bad: bool = True) -> None:
    with sessions() as s, s.begin():
        add_source(s, SourceSpec("Piedmont Ledger", kind="local", state="GA",
                                 feeds=[site.url("/feeds/good.rss"), site.url("/feeds/bozo.rss")]))
        add_source(s, SourceSpec("Southern Wire", kind="wire", feeds=[site.url("/feeds/good.atom")]))
        if bad:
            add_source(s, SourceSpec("Tri-County Herald", kind="local", state="AL",
                                     feeds=[site.url(path) for path in BAD_FEEDS]))


def _articles(session: Session, site: FixtureServer) -> dict[str, Article]:
    prefix = site.url("")
    return {a.canonical_url.removeprefix(prefix): a for a in session.scalars(select(Article))}


def _feed(session: Session, site: FixtureServer, path: str) -> Feed:
    feed = session.scalar(select(Feed).where(Feed.url == site.url(path)))
    assert feed is not None
    return feed


def test_good_and_bad_feeds(crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl) -> None:
    _add_sources(sessions, crawl_site)
    summary = run_scrapy()
    assert summary["sources_checked"] == 10
    assert summary["failed"] == len(BAD_FEEDS)
    assert summary["articles_new"] == len(EXPECTED_ARTICLES), summary["log"][-6000:]
    assert summary["articles_from_feed"] == 1
    with sessions() as s:
        articles = _articles(s, crawl_site)
        assert set(articles) == EXPECTED_ARTICLES  # the Tacoma story, in two feeds with tracking params: one row
        for path, expected in BAD_FEEDS.items():
            feed = _feed(s, crawl_site, path)
            assert feed.consecutive_failures == 1, path
            assert feed.last_error is not None and expected in feed.last_error, (path, feed.last_error)
            logged = s.scalars(select(FetchLog.message).where(FetchLog.feed_id == feed.id, FetchLog.kind == "error"))
            assert [expected in m for m in logged] == [True], path
        for path in GOOD_FEEDS:
            feed = _feed(s, crawl_site, path)
            assert (feed.last_status, feed.consecutive_failures, feed.last_error) == (200, 0, None)
            assert feed.etag and feed.last_success is not None
        bozo = _feed(s, crawl_site, "/feeds/bozo.rss")
        notes = list(s.scalars(select(FetchLog.message).where(FetchLog.feed_id == bozo.id)))
        assert len(notes) == 1 and "malformed feed, 1 entries kept" in notes[0]


def test_article_content_and_dates(
    crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl
) -> None:
    _add_sources(sessions, crawl_site, bad=False)
    run_scrapy()
    with sessions() as s:
        a = _articles(s, crawl_site)
        smith = a["/articles/smith-state-strike.html"]
        assert "Glennville" in smith.text and "Subscribe" not in smith.text and "Copyright" not in smith.text
        assert (smith.published_at, smith.date_source) == (datetime(2024, 5, 13, 12, tzinfo=UTC), "feed")
        assert smith.author == "Dana Whitfield" and smith.language == "en"
        assert smith.outlet is not None and smith.outlet.name == "Piedmont Ledger" and smith.found_by == "feeds"
        undated = a["/articles/no-date-in-feed.html"]  # no date in the feed: the page's
        assert (undated.published_at, undated.date_source) == (datetime(2024, 5, 14, 13, 30, tzinfo=UTC), "page")
        future = a["/articles/alabama-lockdown.html"]  # the feed says 2099: rejected, the page's date used
        assert (future.published_at, future.date_source) == (datetime(2024, 5, 10, 21, 45, tzinfo=UTC), "page")
        latin = a["/articles/latin1.html"]  # cp1252 bytes declared as UTF-8
        assert "comenzó" in latin.text and "“por tercer día”" in latin.text and "\ufffd" not in latin.text
        assert latin.language == "es" and latin.author == "María Peña"
        fallback = a["/articles/missing.html"]  # the page is a 404: the feed's own content
        assert "phone time and commissary" in fallback.text
        page_errors = list(s.scalars(select(FetchLog.message).where(FetchLog.kind == "page_error")))
        assert len(page_errors) == 1 and "HTTP 404" in page_errors[0]


def test_second_crawl_gets_304_and_stores_nothing(
    crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl
) -> None:
    _add_sources(sessions, crawl_site, bad=False)
    first = run_scrapy()
    requests_before = len(crawl_site.requests)
    second = run_scrapy()
    assert first["articles_new"] == len(EXPECTED_ARTICLES)
    assert (second["not_modified"], second["articles_new"], second["failed"]) == (3, 0, 0)
    again = crawl_site.requests[requests_before:]
    feed_requests = [headers for _, path, headers in again if path.startswith("/feeds/")]
    assert len(feed_requests) == 3 and all("If-None-Match" in h for h in feed_requests)
    assert not [path for _, path, _ in again if path.startswith("/articles/")]
    with sessions() as s:
        assert s.scalar(select(func.count(Article.id))) == len(EXPECTED_ARTICLES)
        assert _feed(s, crawl_site, "/feeds/good.rss").last_status == 304


def test_failures_accumulate_and_recover(
    crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl
) -> None:
    with sessions() as s, s.begin():
        add_source(s, SourceSpec("Flaky Gazette", feeds=[crawl_site.url("/feeds/flaky.rss")]))
    crawl_site.add("/feeds/flaky.rss", b"<html><body>maintenance</body></html>", status=503)
    run_scrapy()
    run_scrapy()
    with sessions() as s:
        feed = _feed(s, crawl_site, "/feeds/flaky.rss")
        assert (feed.consecutive_failures, feed.last_status) == (2, 503)
        assert feed.next_check is not None and feed.last_checked is not None and feed.next_check > feed.last_checked
    crawl_site.add("/feeds/flaky.rss", (Path(__file__).parents[1] / "fixtures/crawl/feeds/bozo.rss").read_bytes(),
                   content_type="application/rss+xml")
    assert run_scrapy()["articles_new"] == 1
    with sessions() as s:
        feed = _feed(s, crawl_site, "/feeds/flaky.rss")
        assert (feed.consecutive_failures, feed.last_error, feed.last_status) == (0, None, 200)


def test_opml_sources(
    crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl, tmp_path: Path
) -> None:
    opml = tmp_path / "list.opml"
    opml.write_text(
        '<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body>'
        f'<outline text="Southern Wire" kind="wire" xmlUrl="{crawl_site.url("/feeds/good.atom")}"/>'
        "</body></opml>", "utf-8")
    with sessions() as s, s.begin():  # a stored feed that is not in the OPML file is not crawled
        add_source(s, SourceSpec("Piedmont Ledger", feeds=[crawl_site.url("/feeds/good.rss")]))
    summary = run_scrapy("-a", f"sources={opml}")
    assert (summary["sources_checked"], summary["articles_new"]) == (1, 2)
    assert crawl_site.hits("/feeds/good.rss") == 0
    with sessions() as s:
        outlet = s.scalar(select(Outlet).where(Outlet.name == "Southern Wire"))
        assert outlet is not None and outlet.kind == "wire" and len(outlet.feeds) == 1
        stored = set(_articles(s, crawl_site))
        assert stored == {"/articles/hunger-strike-tacoma.html", "/articles/alabama-lockdown.html"}


def test_user_agent_and_robots(
    crawl_site: FixtureServer, sessions: sessionmaker[Session], run_scrapy: RunCrawl
) -> None:
    crawl_site.add("/robots.txt", "User-agent: *\nDisallow: /articles/\n", content_type="text/plain")
    with sessions() as s, s.begin():
        add_source(s, SourceSpec("Southern Wire", feeds=[crawl_site.url("/feeds/good.atom")]))
    summary = run_scrapy()
    assert crawl_site.hits("/robots.txt") == 1
    assert not [p for _, p, _ in crawl_site.requests if p.startswith("/articles/")]
    assert summary["articles_from_feed"] == 2  # pages forbidden by robots.txt: the feed's own content is kept
    agents = {headers.get("User-Agent", "") for _, _, headers in crawl_site.requests}
    assert agents and all(a.startswith("strikewatch/") for a in agents)
