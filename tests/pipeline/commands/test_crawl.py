"""``strikewatch crawl``: the CLI runs the Scrapy crawl in a subprocess and prints its summary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pipeline.models import Article, Feed
from tests.conftest import FIXTURES
from tests.crawlers.faultsite import STRIKE_TEXT, article_html
from tests.support.cli import CliRunner
from tests.support.httpserver import FixtureServer


@pytest.fixture
def site(monkeypatch: pytest.MonkeyPatch) -> Iterator[FixtureServer]:
    monkeypatch.setenv("STRIKEWATCH_POLITE", "0")
    monkeypatch.setenv("STRIKEWATCH_PREFILTER", "0")
    server = FixtureServer(root=FIXTURES / "crawl")
    server.start()
    yield server
    server.stop()


def test_crawl_stores_then_gets_304(cli: CliRunner, engine: Engine, site: FixtureServer) -> None:
    feed = site.url("/feeds/good.rss")
    assert cli("sources", "add", "Piedmont Ledger", "--feed", feed, "--kind", "local", "--state", "GA").exit_code == 0
    first = cli("crawl", "--feed", feed)
    assert first.exit_code == 0, first.output
    assert "sources checked: 1 of 1" in first.stdout and "new articles:    5" in first.stdout
    second = cli("crawl", "--json")
    assert second.exit_code == 0, second.output
    summary = json.loads(second.stdout)
    assert (summary["not_modified"], summary["articles_new"], summary["failed"]) == (1, 0, 0)
    with Session(engine) as s:
        assert s.scalar(select(func.count(Article.id))) == 5


def test_failing_feeds_do_not_fail_the_command(cli: CliRunner, engine: Engine, site: FixtureServer) -> None:
    cli("sources", "add", "Tri-County Herald", "--feed", site.url("/feeds/empty.xml"))
    result = cli("crawl")
    assert result.exit_code == 0, result.output
    assert "failed:          1" in result.stdout and "empty response body" in result.stdout


def test_crawl_needs_an_initialised_database(cli: CliRunner) -> None:
    result = cli("crawl")
    assert result.exit_code == 1 and "strikewatch init" in result.stderr


def test_unknown_feed_and_missing_opml_are_refused(cli: CliRunner, engine: Engine) -> None:
    unknown = cli("crawl", "--feed", "https://nowhere.example/feed")
    assert unknown.exit_code == 1 and "not a stored feed" in unknown.stderr
    missing = cli("crawl", "--sources", "/no/such/list.opml")
    assert missing.exit_code == 2 and "cannot read" in missing.stderr


def _iso_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S+00:00")


def test_one_crawl_runs_every_kind_of_source(cli: CliRunner, engine: Engine, site: FixtureServer) -> None:
    site.add("/map.xml", '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
             f"<url><loc>{site.url('/sm/strike-one.html')}</loc><lastmod>{_iso_now()}</lastmod></url></urlset>",
             content_type="application/xml")
    site.add("/sm/strike-one.html", article_html("Strike one", STRIKE_TEXT.format(where="north unit")))
    site.add("/sections/", '<html><body><a href="/sections/2024/05/strike-two.html">two</a></body></html>')
    site.add("/sections/2024/05/strike-two.html", article_html("Strike two", STRIKE_TEXT.format(where="south unit"),
                                                               published=_iso_now()))
    assert cli("sources", "add", "Piedmont Ledger", "--feed", site.url("/feeds/good.rss")).exit_code == 0
    assert cli("sources", "add", "Map Herald", "--feed", site.url("/map.xml"), "--type", "sitemap").exit_code == 0
    added = cli("sources", "add", "Section Times", "--feed", site.url("/sections/"), "--type", "site",
                "--rules", '{"article": ["/sections/20"], "max_age_days": 3}')
    assert added.exit_code == 0, added.output
    assert "[site]" in cli("sources", "list").stdout
    result = cli("crawl", "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    assert summary["spiders"] == ["feeds", "sitemaps", "sites"]
    assert (summary["sources_checked"], summary["failed"], summary["articles_new"]) == (3, 0, 7)
    with Session(engine) as s:
        found = dict(s.execute(select(Article.found_by, func.count()).group_by(Article.found_by)).tuples().all())
        assert found == {"feeds": 5, "sitemaps": 1, "sites": 1}
        assert s.scalar(select(Feed.rules).where(Feed.kind == "site")) == {"article": ["/sections/20"],
                                                                          "max_age_days": 3}


def test_sources_add_type_and_rules_are_checked(cli: CliRunner, engine: Engine) -> None:
    bad_type = cli("sources", "add", "X", "--feed", "https://x.example/", "--type", "page")
    assert bad_type.exit_code == 2 and "--type must be one of feed, sitemap, site" in bad_type.stderr
    bad_rules = cli("sources", "add", "X", "--feed", "https://x.example/", "--type", "site",
                    "--rules", '{"max_depth": 9}')
    assert bad_rules.exit_code == 2 and "max_depth" in bad_rules.stderr
    stray = cli("sources", "add", "X", "--feed", "https://x.example/", "--rules", "{}")
    assert stray.exit_code == 2 and "--rules goes with --type site" in stray.stderr
    with Session(engine) as s:
        assert s.scalar(select(func.count(Feed.id))) == 0


def test_due_crawls_only_sources_whose_time_has_come(cli: CliRunner, engine: Engine, site: FixtureServer) -> None:
    good, atom, empty = site.url("/feeds/good.rss"), site.url("/feeds/good.atom"), site.url("/feeds/empty.xml")
    for name, url in (("Piedmont Ledger", good), ("Southern Wire", atom), ("Tri-County Herald", empty)):
        assert cli("sources", "add", name, "--feed", url).exit_code == 0
    first = json.loads(cli("crawl", "--due", "--json").stdout)  # never checked: all due
    assert (first["sources_checked"], first["failed"], first["sources_not_due"]) == (3, 1, 0)
    with Session(engine) as s, s.begin():  # the atom feed's time has come; the others wait (the failing one backs off)
        feed = s.scalar(select(Feed).where(Feed.url == atom))
        assert feed is not None
        feed.next_check = datetime.now(UTC) - timedelta(minutes=1)
    hits = (site.hits("/feeds/good.rss"), site.hits("/feeds/empty.xml"))
    second = cli("crawl", "--due")
    assert second.exit_code == 0, second.output
    assert "sources checked: 1 of 1" in second.stdout and "not due yet:     2" in second.stdout
    assert (site.hits("/feeds/good.rss"), site.hits("/feeds/empty.xml")) == hits
    assert site.hits("/feeds/good.atom") == 2
    check = cli("sources", "check")
    assert f"FAILING  Tri-County Herald — {empty}" in check.stdout and "next check:" in check.stdout
