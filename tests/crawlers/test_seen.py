"""Pages the pre-filter dropped are remembered: a changed feed does not make the crawl fetch them again."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article, SeenUrl
from pipeline.sources import SourceSpec, add_source
from tests.crawlers.faultsite import OFF_TOPIC_TEXT, STRIKE_TEXT, article_html, rss, run_spider
from tests.support.httpserver import FixtureServer

pytestmark = pytest.mark.slow


def test_dropped_pages_are_not_fetched_again(db_url: str, sessions: sessionmaker[Session], tmp_path: Path,
                                             fixture_server: FixtureServer) -> None:
    s = fixture_server
    s.add("/parks.html", article_html("Parks budget passes", OFF_TOPIC_TEXT), content_type="text/html; charset=utf-8")
    s.add("/strike.html", article_html("Strike at Unit 4", STRIKE_TEXT.format(where="Unit 4")),
          content_type="text/html; charset=utf-8")
    s.add("/later.html", article_html("Strike at Unit 5", STRIKE_TEXT.format(where="Unit 5")),
          content_type="text/html; charset=utf-8")
    s.add("/feed.rss", rss("f", [("/parks.html", "Parks"), ("/strike.html", "Strike")], s.url("")),
          content_type="application/rss+xml")
    with sessions() as session, session.begin():
        add_source(session, SourceSpec("Riverside Paper", feeds=[s.url("/feed.rss")]))
    first = run_spider(db_url, tmp_path)
    assert (first["articles_new"], first["articles_filtered"]) == (1, 1), first["log"][-3000:]

    s.add("/feed.rss", rss("f", [("/later.html", "Later"), ("/parks.html", "Parks"), ("/strike.html", "Strike")],
                           s.url("")), content_type="application/rss+xml")  # the feed changed
    second = run_spider(db_url, tmp_path)
    assert (second["articles_new"], second["articles_filtered"]) == (1, 0)
    assert (s.hits("/parks.html"), s.hits("/strike.html"), s.hits("/later.html")) == (1, 1, 1)
    with sessions() as session:
        assert session.scalars(select(SeenUrl.reason)).all() == ["not strike news"]
        assert sorted(session.scalars(select(Article.title))) == ["Later", "Strike"]  # the feed's titles
