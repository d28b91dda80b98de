"""``strikewatch demo`` end to end: serve the sample newsroom, crawl it with the real spider, run the stages."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from pipeline.demo.site import build_outlets, render_site
from pipeline.models import ActionReport, Article, Feed, Outlet
from tests.support.cli import CliRunner


def test_newsroom_renders_feeds_and_syndicated_copies() -> None:
    now = datetime(2024, 5, 15, 12, tzinfo=UTC)
    outlets = build_outlets("http://127.0.0.1:8000", now)
    pages = render_site(outlets, now)
    assert {o.kind for o in outlets} == {"local", "movement", "wire", "mainstream"}
    assert len({o.state for o in outlets if o.kind == "local"}) >= 4
    copies = [path for path in pages if path.endswith("/prison-labor-strikes-test-states.html")]
    assert len(copies) == 4  # the wire's own and three outlets in three states
    assert pages["/ledger/prison-labor-strikes-test-states.html"].body != pages[
        "/courier/prison-labor-strikes-test-states.html"].body  # different boilerplate
    assert b"http://127.0.0.1:8000/ledger/smith-state-prison-work-stoppage.html" in pages["/ledger/feed.rss"].body
    assert b"<pubDate>" not in pages["/record/feed.rss"].body  # the undated feed: dates come from the pages
    assert b"&#34;We are not slaves&#34;" in pages["/insideout/statement-from-georgia-strikers.html"].body


@pytest.mark.slow
def test_demo_stores_the_sample_articles(tmp_path: Path) -> None:
    demo_db = tmp_path / "data" / "demo" / "strikewatch-demo.db"
    demo_db.parent.mkdir(parents=True)
    demo_db.write_bytes(b"left over from an earlier run, not even a database")
    result = CliRunner()("demo")
    assert result.exit_code == 0, result.output
    assert f"database: {demo_db}" in result.stdout and "site folder:" in result.stdout
    engine = create_engine(f"sqlite:///{demo_db}")
    with Session(engine) as s:
        titles = set(s.scalars(select(Article.title)))
        assert "Work stoppage at Smith State Prison enters third day" in titles
        assert "Hunger strike at Tacoma immigration detention center reaches day 10" in titles
        assert "Years after Lee Correctional riot, families hold vigil in Bishopville" in titles
        wire = s.scalars(select(Article).where(Article.title.like("Prison labor strikes test%"))).all()
        assert len({a.outlet_id for a in wire}) == 4
        undated = s.scalar(select(Article).where(Article.title.like("Years after Lee Correctional%")))
        assert undated is not None and undated.date_source == "page"
        assert all(f.last_status == 200 and f.consecutive_failures == 0 for f in s.scalars(select(Feed)))
        assert s.scalar(select(Outlet.home_state).where(Outlet.name == "Puget Sound Dispatch")) == "WA"
        assert sorted(s.scalars(select(ActionReport.state))) == ["GA", "MS", "TX"]
    engine.dispose()
    site = tmp_path / "data" / "demo" / "site"
    day_md = next(site.glob("days/*/digest.md")).read_text("utf-8")
    blackout = day_md.split("## Blackout watch", 1)[1].split("\n## ", 1)[0]
    assert "**Texas**" in blackout and "**Mississippi**" in blackout and "Georgia" not in blackout
