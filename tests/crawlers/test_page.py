"""``strikewatch crawl --url``: one page a reviewer asked for, through the crawler; the review app's contract."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from pipeline.config import load_settings
from pipeline.models import Article, Outlet
from pipeline.review.adding import fetch_article
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import OFF_TOPIC_TEXT, STRIKE_TEXT, article_html
from tests.support.cli import CliRunner
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow


@pytest.fixture
def paper(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    monkeypatch.setenv("STRIKEWATCH_POLITE", "0")  # the pre-filter stays on: a reviewer's page must pass anyway
    server = FixtureServer()
    server.start()
    server.add("/parks.html", article_html("Parks budget passes", OFF_TOPIC_TEXT),
               content_type="text/html; charset=utf-8")
    server.add("/strike.html", article_html("Strike at the county jail", STRIKE_TEXT.format(where="county jail")),
               content_type="text/html; charset=utf-8")
    server.add("/gone.html", "gone", status=404)
    yield server
    server.stop()


def test_url_stores_the_page_for_review_and_skips_the_prefilter(cli: CliRunner, engine: Engine,
                                                                 paper: FixtureServer) -> None:
    url = paper.url("/parks.html")
    first = cli("crawl", "--url", url + "?utm_source=share", "--outlet", "Riverside Paper")
    assert first.exit_code == 0, first.output
    assert "stored" in first.stdout
    again = cli("crawl", "--url", url)
    assert again.exit_code == 0 and "already stored" in again.stdout
    with Session(engine) as s:
        article = s.scalar(select(Article))
        assert article is not None and article.found_by == "review" and article.title == "Parks budget passes"
        assert article.outlet is not None and article.outlet.name == "Riverside Paper"
        assert article.published_at is not None and article.published_at.year == 2024
    assert paper.hits("/parks.html") == 0  # stored already (same canonical URL): not fetched again


def test_url_failures_exit_non_zero_with_the_reason(cli: CliRunner, engine: Engine, paper: FixtureServer) -> None:
    gone = cli("crawl", "--url", paper.url("/gone.html"))
    assert gone.exit_code == 1 and "could not add" in gone.stderr and "HTTP 404" in gone.stderr
    refused = cli("crawl", "--url", "http://127.0.0.2:9/story.html")  # loopback, but not allowed: nothing is sent
    assert refused.exit_code == 1 and "refused" in refused.stderr
    bad = cli("crawl", "--url", "file:///etc/passwd")
    assert bad.exit_code == 2 and "http(s) URL" in bad.stderr
    mixed = cli("crawl", "--url", paper.url("/gone.html"), "--due")
    assert mixed.exit_code == 2
    with Session(engine) as s:
        assert s.scalar(select(Article)) is None


def test_review_add_by_url_goes_through_the_crawler(cli: CliRunner, engine: Engine, paper: FixtureServer) -> None:
    with Session(engine) as s, s.begin():  # an outlet on the same host: the page is filed under it
        add_source(s, SourceSpec("County Courier", paper.url("/"), feeds=[paper.url("/feed.rss")]))
    with Session(engine) as s:
        article = fetch_article(s, paper.url("/strike.html"), load_settings(), "tester")
        assert article is not None and article.found_by == "review"
        assert s.get(Outlet, article.outlet_id).name == "County Courier"  # type: ignore[union-attr, arg-type]
        s.commit()
        assert fetch_article(s, paper.url("/gone.html"), load_settings(), "tester") is None  # the typed form next
