"""Building the digest: ranking, review interplay, empty days and hostile text in every format."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from sqlalchemy.orm import Session, sessionmaker

from digests import render
from digests.build import build_digest
from digests.site import write_site
from pipeline.config import Settings
from pipeline.models import Review
from tests.digests.fixtures import DAY, HOSTILE, NOW, RTL


def _digest(sessions: sessionmaker[Session], settings: Settings, **kw: bool):  # type: ignore[no-untyped-def]
    with sessions() as s:
        return build_digest(s, DAY, settings, now=NOW, **kw)


def test_figures_breakthroughs_and_ranking(sessions: sessionmaker[Session], seeded: dict[str, int],
                                           settings: Settings) -> None:
    d = _digest(sessions, settings)
    assert (d.figures.stories, d.figures.articles, d.figures.outlets, d.figures.states) == (3, 5, 4, 3)
    assert d.figures.articles_change == 4  # one relevant article the day before
    assert [b.kind for b in d.breakthroughs] == ["state_mainstream", "facility_first"]
    top = d.top_stories[0]
    assert (top.item_type, top.item_id, top.syndication, top.breakthrough) == ("story", seeded["story"], 2, True)
    assert top.outlets == ("Daily Ledger", "Wire Service", "Montgomery Local")
    assert [s.score for s in d.top_stories] == sorted((s.score for s in d.top_stories), reverse=True)
    assert [b.code for b in d.blackout] == ["TX"] and d.movement_only == ("South Carolina",)
    assert d.draft and not d.reviewed


def test_review_shows_only_approved_and_honours_pin_and_summary(sessions: sessionmaker[Session],
                                                                seeded: dict[str, int], settings: Settings) -> None:
    with sessions() as s, s.begin():
        s.add(Review(day=DAY, item_type="article", item_id=seeded["rtl"], status="approved", pinned=True,
                     summary="Reviewer's <own> summary"))
        s.add(Review(day=DAY, item_type="story", item_id=seeded["story"], status="approved"))
        s.add(Review(day=DAY, item_type="article", item_id=seeded["hostile"], status="rejected"))
    d = _digest(sessions, settings)
    assert not d.draft and d.reviewed
    assert [(i.item_type, i.item_id) for i in d.top_stories] == [("article", seeded["rtl"]),
                                                                  ("story", seeded["story"])]
    assert d.top_stories[0].pinned and d.top_stories[0].summary == "Reviewer's <own> summary"
    loose = _digest(sessions, settings, include_unreviewed=True)
    assert loose.draft and seeded["hostile"] not in {i.item_id for i in loose.top_stories}  # rejected stays out


def test_pending_items_hidden_once_a_review_exists(sessions: sessionmaker[Session], seeded: dict[str, int],
                                                   settings: Settings) -> None:
    with sessions() as s, s.begin():
        s.add(Review(day=DAY, item_type="story", item_id=seeded["story"], status="pending"))
    assert _digest(sessions, settings).top_stories == ()
    assert len(_digest(sessions, settings, include_unreviewed=True).top_stories) == 3


def test_empty_day_says_so_in_every_format(sessions: sessionmaker[Session], settings: Settings,
                                           tmp_path: Path) -> None:
    with sessions() as s:
        result = write_site(s, date(2024, 1, 2), settings, out=tmp_path, now=NOW)
    folder = tmp_path / "days" / "2024-01-02"
    assert result.digest.empty and result.digest.posts == ()
    for name in ("index.html", "email.html", "digest.md", "digest.txt"):
        assert "No coverage found for this day." in (folder / name).read_text("utf-8"), name
    assert json.loads((folder / "digest.json").read_text("utf-8"))["empty"] is True


def test_hostile_text_is_escaped_everywhere(sessions: sessionmaker[Session], seeded: dict[str, int],
                                            settings: Settings, tmp_path: Path) -> None:
    with sessions() as s:
        write_site(s, DAY, settings, out=tmp_path, now=NOW)
    folder = tmp_path / "days" / DAY.isoformat()
    for name in ("index.html", "email.html"):
        html = (folder / name).read_text("utf-8")
        assert "<script>alert" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert 'href="javascript' not in html and RTL in html
    md = (folder / "digest.md").read_text("utf-8")
    assert r"\[click\]\(javascript:alert\(1\)\)" in md and "<script>" not in md.split("## Ready-made posts")[0]
    atom = (tmp_path / "feed.atom").read_text("utf-8")
    assert "<script>" not in atom and "&lt;script&gt;" in atom
    assert HOSTILE in json.loads((folder / "digest.json").read_text("utf-8"))["top_stories"][2]["title"]
    assert "<script" not in (tmp_path / "index.html").read_text("utf-8").split("<script>", 1)[0]


def test_page_loads_nothing_from_elsewhere(sessions: sessionmaker[Session], seeded: dict[str, int],
                                           settings: Settings) -> None:
    from digests.site import day_maps

    d = _digest(sessions, settings)
    html = render.day_html(d, *day_maps(d, {}), {})
    assert "default-src &#39;none&#39;" in html and 'name="referrer" content="no-referrer"' in html
    for pattern in ('src="http', "@import", "url(http", '<link rel="stylesheet"'):
        assert pattern not in html


def test_email_variant_has_inlined_css_and_no_script(sessions: sessionmaker[Session], seeded: dict[str, int],
                                                     settings: Settings) -> None:
    html = render.email_html(_digest(sessions, settings))
    assert "<style" not in html and "<script" not in html and "<svg" not in html
    assert 'style="' in html and "DRAFT" in html


def test_stage_renders_into_the_configured_site_folder(engine: object, db_url: str, seeded: dict[str, int],
                                                       tmp_path: Path) -> None:
    from digests.site import run_stage
    from pipeline.runtime import Runtime

    rt = Runtime(Settings(data_dir=tmp_path / "data", database_url=db_url, site_dir=tmp_path / "out"))
    try:
        summary = run_stage(rt, DAY)
    finally:
        rt.close()
    assert "3 stories" in summary and "(draft)" in summary
    assert (tmp_path / "out" / "days" / "2024-08-21" / "digest.json").exists()


def test_facilities_the_gazetteer_lacks_keep_their_name() -> None:
    from digests.build import _facilities

    raw = [{"id": "hifld-1", "name": "Lee Correctional Institution"}, {"id": None, "name": "Blue Ridge Work Camp"},
           {"id": None, "name": ""}, "junk"]
    assert _facilities(raw) == (("hifld-1", "Lee Correctional Institution"),
                                ("name:Blue Ridge Work Camp", "Blue Ridge Work Camp"))


def test_links_are_canonical_without_tracking(sessions: sessionmaker[Session], seeded: dict[str, int],
                                              settings: Settings) -> None:
    from pipeline.models import Article

    with sessions() as s, s.begin():
        article = s.get(Article, seeded["rtl"])
        assert article is not None
        article.url = article.canonical_url + "?utm_source=rss&fbclid=x"  # as the feed linked it
    d = _digest(sessions, settings)
    urls = [i.url for i in d.top_stories]
    assert urls and all(u and "utm_" not in u and "fbclid" not in u for u in urls)
