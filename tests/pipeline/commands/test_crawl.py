"""``strikewatch crawl``: the CLI runs the Scrapy crawl in a subprocess and prints its summary."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from pipeline.models import Article
from tests.conftest import FIXTURES
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
