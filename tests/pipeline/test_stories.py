"""Clustering fixture articles: one wire story copied by four outlets, an unrelated follow-up that must stay apart."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.models import Article, ArticleTag, Story, StoryMember
from pipeline.store import ArticleIn, get_or_create_outlet, store_article
from pipeline.stories import cluster_stories, list_stories, merge_stories, split_article
from pipeline.stories.fingerprint import fingerprint, similarity
from tests.support.cli import CliRunner

FIXTURE = Path(__file__).parents[1] / "fixtures" / "stories" / "articles.json"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
TZ = ZoneInfo("America/New_York")


def load(session: Session, keys: set[str] | None = None) -> dict[str, int]:
    """Store the fixture articles (all, or those named) with their tags; returns key -> article id."""
    data = json.loads(FIXTURE.read_text("utf-8"))
    outlets = {o["name"]: get_or_create_outlet(session, o["name"], home_state=o["home_state"], kind=o["kind"])
               for o in data["outlets"]}
    ids = {}
    for a in data["articles"]:
        if keys is not None and a["key"] not in keys:
            continue
        published = datetime.fromisoformat(a["published"]) if a["published"] else None
        result = store_article(session, ArticleIn(a["url"], a["title"], a["text"], published,
                                                  "page" if published else None, outlet_id=outlets[a["outlet"]].id))
        assert result.created and result.article_id is not None
        tag = a["tag"]
        session.add(ArticleTag(article_id=result.article_id, relevant=tag["relevant"], score=1.0,
                               states=tag["states"], facilities=tag["facilities"], primary_states=tag["states"],
                               tagger_version="test"))
        ids[a["key"]] = result.article_id
    session.flush()
    return ids


def expected_groups() -> set[frozenset[str]]:
    data = json.loads(FIXTURE.read_text("utf-8"))
    groups: dict[str, set[str]] = {}
    for a in data["articles"]:
        groups.setdefault(a["story"], set()).add(a["key"])
    return {frozenset(g) for g in groups.values()}


def groups(session: Session, ids: dict[str, int]) -> set[frozenset[str]]:
    by_id = {v: k for k, v in ids.items()}
    found: dict[int, set[str]] = {}
    for member in session.scalars(select(StoryMember)):
        found.setdefault(member.story_id, set()).add(by_id[member.article_id])
    return {frozenset(g) for g in found.values()}


def story_of(session: Session, article_id: int) -> Story:
    member = session.get(StoryMember, article_id)
    assert member is not None
    return session.get_one(Story, member.story_id)


def test_fixture_clusters_exactly_as_expected(session: Session) -> None:
    ids = load(session)
    report = cluster_stories(session, now=NOW)
    assert groups(session, ids) == expected_groups()
    assert report.new_articles == len(ids)
    assert report.new_stories == len(expected_groups())
    assert report.exact == 1  # the Gulf Coast Register ran the wire text word for word


def test_story_summary_knows_first_appearance_outlets_and_states(session: Session) -> None:
    ids = load(session)
    cluster_stories(session, now=NOW)
    story = story_of(session, ids["nc-trimmed"])
    assert story.size == 5
    assert story.first_article_id == ids["wire"]
    assert story.first_seen == datetime(2026, 11, 16, 15, 5, tzinfo=UTC)
    assert story.title == "Hundreds refuse meals in South Carolina prison hunger strike"
    assert story.outlet_states == ["AL", "GA", "NC", "SC"]
    assert len(story.outlets) == 5
    assert story.states == ["SC"]
    assert [f["id"] for f in story.facilities] == ["sc-lee-ci"]
    assert story.relevant is True


def test_rerun_is_idempotent_and_new_copies_join(session: Session) -> None:
    ids = load(session, {"wire", "followup", "al-strike"})
    cluster_stories(session, now=NOW)
    before = session.scalar(select(Story.id).order_by(Story.id.desc()))
    again = cluster_stories(session, now=NOW)
    assert (again.new_articles, again.new_stories) == (0, 0)
    assert session.scalar(select(Story.id).order_by(Story.id.desc())) == before
    ids |= load(session, {"sc-copy", "al-movement"})
    late = cluster_stories(session, now=NOW)
    assert (late.new_articles, late.joined, late.new_stories) == (2, 2, 0)
    assert story_of(session, ids["sc-copy"]).id == story_of(session, ids["wire"]).id
    assert story_of(session, ids["al-movement"]).size == 2


def test_retagging_refreshes_the_story(session: Session) -> None:
    ids = load(session, {"wire", "sc-copy"})
    cluster_stories(session, now=NOW)
    tag = session.get_one(ArticleTag, ids["sc-copy"])
    tag.states, tag.tagged_at = ["SC", "GA"], datetime.now(UTC)
    session.flush()
    report = cluster_stories(session, now=NOW)
    assert report.refreshed == 1
    assert story_of(session, ids["wire"]).states == ["GA", "SC"]


def test_split_and_merge_pin_and_survive_a_rebuild(session: Session) -> None:
    ids = load(session)
    cluster_stories(session, now=NOW)
    lee = story_of(session, ids["wire"]).id
    alone = split_article(session, ids["nc-trimmed"])
    assert story_of(session, ids["nc-trimmed"]).id == alone.id != lee
    assert session.get_one(Story, lee).size == 4
    brief, followup = story_of(session, ids["brief"]).id, story_of(session, ids["followup"]).id
    merge_stories(session, followup, brief)
    assert session.get(Story, brief) is None
    assert session.get_one(Story, followup).size == 2
    cluster_stories(session, rebuild=True, now=NOW)
    assert story_of(session, ids["nc-trimmed"]).size == 1
    assert story_of(session, ids["brief"]).id == story_of(session, ids["followup"]).id
    assert story_of(session, ids["wire"]).size == 4


def test_merge_carries_review_decisions_over(session: Session) -> None:
    from datetime import date

    from sqlalchemy import select

    from pipeline.models import Review

    ids = load(session)
    cluster_stories(session, now=NOW)
    brief, followup = story_of(session, ids["brief"]).id, story_of(session, ids["followup"]).id
    day1, day2 = date(2026, 11, 20), date(2026, 11, 21)
    session.add_all([Review(day=day1, item_type="story", item_id=brief, status="approved"),
                     Review(day=day2, item_type="story", item_id=brief, status="rejected"),
                     Review(day=day2, item_type="story", item_id=followup, status="approved")])
    session.flush()
    merge_stories(session, followup, brief)
    reviews = session.execute(select(Review.day, Review.item_id, Review.status).order_by(Review.day)).all()
    assert [tuple(r) for r in reviews] == [(day1, followup, "approved"), (day2, followup, "approved")]


def test_undated_article_is_marked(session: Session) -> None:
    ids = load(session, {"undated"})
    cluster_stories(session, now=NOW)
    article = session.get_one(Article, ids["undated"])
    assert article.date_source == "fetched"
    [view] = list_stories(session, TZ)
    assert view.date_mark == "fetched"
    assert view.first_seen == article.fetched_at


def test_list_stories_filters_by_local_day(session: Session) -> None:
    load(session, {"wire", "al-exact", "al-strike"})
    cluster_stories(session, now=NOW)
    # the wire story appeared 2026-11-16 15:05 UTC = 10:05 in New York; the Alabama one 2026-11-17
    assert [s.title for s in list_stories(session, TZ, since=datetime(2026, 11, 17).date())] == [
        "Work stoppage spreads to three Alabama prisons"]
    [wire] = list_stories(session, TZ, until=datetime(2026, 11, 16).date())
    assert wire.size == 2


@pytest.mark.parametrize("short", ["Prison strike update", "Opinion"])
def test_short_texts_only_match_exactly(short: str) -> None:
    a, b = fingerprint(short, ""), fingerprint(short + " today", "")
    assert a.signature is None
    assert similarity(a, b, 0.5, 0.8) is None


def test_merge_refuses_unknown_or_same_story(session: Session) -> None:
    from pipeline.errors import InputError

    with pytest.raises(InputError):
        merge_stories(session, 1, 1)
    with pytest.raises(InputError):
        merge_stories(session, 1, 2)
    with pytest.raises(InputError):
        split_article(session, 99)


def test_cli_cluster_and_stories(cli: CliRunner, sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        load(s)
    first = cli("cluster")
    assert first.exit_code == 0, first.output
    assert "10 new article(s)" in first.stdout
    assert "5 new stories" in first.stdout
    assert "new breakthrough(s)" in first.stdout
    assert "0 new article(s)" in cli("cluster").stdout
    listed = cli("stories", "--since", "2026-11-16", "--until", "2026-11-16", "--json")
    assert listed.exit_code == 0, listed.output
    [story] = json.loads(listed.stdout)
    assert (story["size"], story["outlet_states"], story["day"]) == (5, ["AL", "GA", "NC", "SC"], "2026-11-16")
    text = cli("stories").stdout
    assert "[date: fetched]" in text
    assert "5 stories" in text
    assert cli("stories", "--since", "16/11/2026").exit_code == 2


def test_lsh_pairs_copies_and_caps_big_buckets() -> None:
    import numpy as np

    from pipeline.stories.lsh import candidate_pairs

    rng = np.random.default_rng(1)
    sigs = rng.integers(0, 2**32, size=(50, 128), dtype=np.uint64).astype(np.uint32)
    sigs[10] = sigs[3]  # a copy
    pairs = {tuple(p) for p in candidate_pairs(sigs, np.arange(50)).tolist()}
    assert pairs == {(3, 10)}
    same = np.repeat(sigs[:1], 100, axis=0)  # a hundred identical copies: each pairs with the 4 earliest only
    assert len(candidate_pairs(same, np.arange(100))) == 6 + 96 * 4


def test_cluster_stage_is_registered_and_runs(db_url: str, sessions: sessionmaker[Session]) -> None:
    from datetime import date

    from pipeline.config import load_settings
    from pipeline.runtime import Runtime
    from pipeline.stages import STAGES, stage

    with sessions() as s, s.begin():
        load(s, {"wire", "sc-copy", "al-strike"})
    assert "cluster" in STAGES
    rt = Runtime(load_settings().with_overrides(database_url=db_url))
    try:
        summary = stage("cluster")(rt, date(2026, 11, 20))
    finally:
        rt.close()
    assert summary.startswith("3 new article(s): 0 joined existing stories, 2 new stories")
    assert summary.endswith("4 breakthrough(s)")  # SC and AL mainstream; Lee and Limestone first covered
