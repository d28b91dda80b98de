"""Coverage of a fixture week counted by hand; blackout watch; breakthroughs."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from pipeline.breakthroughs import list_breakthroughs, record_breakthroughs
from pipeline.coverage import blackout, coverage_by_day
from pipeline.errors import InputError
from pipeline.models import ActionReport, Article, ArticleTag, Outlet, Story, StoryMember
from tests.support.cli import CliRunner

TZ = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 22, 17, 0, tzinfo=UTC)
WEEK = (date(2026, 11, 16), date(2026, 11, 22))
LEE = {"id": "sc-lee-ci", "name": "Lee Correctional Institution", "state": "SC"}
OUTLETS = {"ap": ("wire", None), "state": ("local", "SC"), "ajc": ("mainstream", "GA"),
           "inside": ("movement", None), "bama": ("local", "AL")}
# key: outlet, published (UTC), fetched (UTC), date_source, relevant, states, facilities, story
ARTICLES = {
    "a1": ("ap", "2026-11-17T15:00", None, "page", True, ["SC"], [LEE], "S1"),
    "a2": ("state", "2026-11-17T20:00", None, "page", True, ["SC"], [], "S1"),
    "a3": ("ajc", "2026-11-18T03:00", None, "page", True, ["SC", "GA"], [LEE], "S1"),  # 22:00 on the 17th in NY
    "a4": ("inside", "2026-11-18T14:00", None, "feed", True, ["AL"], [], "S2"),
    "a5": ("inside", "2026-11-19T14:00", None, "feed", True, ["AL"], [], "S3"),
    "a6": ("bama", "2026-11-19T05:30", None, "page", True, ["AL", "SC"], [], "S4"),  # 00:30 on the 19th
    "a7": ("state", "2026-11-19T04:30", None, "page", True, ["SC"], [], "S5"),  # 23:30 on the 18th
    "a8": ("ap", "2026-11-17T10:00", None, "page", False, ["SC"], [], None),  # not relevant
    "a9": ("state", "2026-11-20T12:00", "2026-11-20T12:00", "fetched", True, ["SC"], [], "S6"),  # no date found
    "a10": ("bama", "2027-01-01T00:00", "2026-11-21T12:00", "page", True, ["AL"], [], None),  # future date
    "a11": ("ap", "2026-11-23T06:00", None, "page", True, ["SC"], [], None),  # 01:00 on the 23rd: after the week
    "a12": ("ap", "2026-11-16T04:00", None, "page", True, ["SC"], [], None),  # 23:00 on the 15th: before it
    "a13": ("inside", "2026-11-20T15:00", None, "feed", True, ["MS"], [], None),
}


def _utc(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


@pytest.fixture
def week(session: Session) -> dict[str, int]:
    outlets = {}
    for key, (kind, state) in OUTLETS.items():
        outlets[key] = Outlet(name=key, kind=kind, home_state=state)
    session.add_all(outlets.values())
    stories = {f"S{i}": Story(title=f"S{i}") for i in range(1, 7)}
    session.add_all(stories.values())
    session.flush()
    ids = {}
    for key, (outlet, published, fetched, source, relevant, states, facilities, story) in ARTICLES.items():
        article = Article(canonical_url=f"https://x.example/{key}", url=f"https://x.example/{key}", title=key,
                          published_at=_utc(published), fetched_at=_utc(fetched or published), date_source=source,
                          outlet_id=outlets[outlet].id)
        session.add(article)
        session.flush()
        session.add(ArticleTag(article_id=article.id, relevant=relevant, score=1.0, states=states,
                               facilities=facilities, tagger_version="test"))
        if story:
            session.add(StoryMember(article_id=article.id, story_id=stories[story].id))
        ids[key] = article.id
    session.flush()
    return ids


def kinds(mainstream: int = 0, local: int = 0, movement: int = 0, wire: int = 0) -> dict[str, int]:
    return {"mainstream": mainstream, "local": local, "movement": movement, "wire": wire}


def table(rows: list) -> dict[tuple[str, str], tuple]:  # type: ignore[type-arg]
    return {(r.day.isoformat(), r.state): (r.articles, r.stories, r.outlets, r.by_kind, r.undated) for r in rows}


def test_coverage_by_subject_state_matches_hand_count(session: Session, week: dict[str, int]) -> None:
    rows = coverage_by_day(session, *WEEK, by="subject", tz=TZ, now=NOW)
    assert table(rows) == {
        ("2026-11-17", "GA"): (1, 1, 1, kinds(mainstream=1), 0),
        ("2026-11-17", "SC"): (3, 1, 3, kinds(mainstream=1, local=1, wire=1), 0),
        ("2026-11-18", "AL"): (1, 1, 1, kinds(movement=1), 0),
        ("2026-11-18", "SC"): (1, 1, 1, kinds(local=1), 0),
        ("2026-11-19", "AL"): (2, 2, 2, kinds(local=1, movement=1), 0),
        ("2026-11-19", "SC"): (1, 1, 1, kinds(local=1), 0),
        ("2026-11-20", "MS"): (1, 1, 1, kinds(movement=1), 0),
        ("2026-11-20", "SC"): (1, 1, 1, kinds(local=1), 1),
        ("2026-11-21", "AL"): (1, 1, 1, kinds(local=1), 1),
    }


def test_coverage_by_outlet_home_state(session: Session, week: dict[str, int]) -> None:
    rows = coverage_by_day(session, *WEEK, by="outlet", tz=TZ, now=NOW)
    assert {k: v[0] for k, v in table(rows).items()} == {
        ("2026-11-17", "national"): 1, ("2026-11-17", "SC"): 1, ("2026-11-17", "GA"): 1,
        ("2026-11-18", "national"): 1, ("2026-11-18", "SC"): 1,
        ("2026-11-19", "national"): 1, ("2026-11-19", "AL"): 1,
        ("2026-11-20", "SC"): 1, ("2026-11-20", "national"): 1,
        ("2026-11-21", "AL"): 1,
    }


def test_days_follow_the_time_zone(session: Session, week: dict[str, int]) -> None:
    utc_rows = table(coverage_by_day(session, *WEEK, tz=ZoneInfo("UTC"), now=NOW))
    assert utc_rows[("2026-11-18", "GA")][0] == 1  # a3 is on the 18th in UTC, the 17th in New York
    assert ("2026-11-16", "SC") in utc_rows  # a12


def test_coverage_rejects_bad_arguments(session: Session) -> None:
    with pytest.raises(InputError):
        coverage_by_day(session, *WEEK, by="planet", tz=TZ)
    with pytest.raises(InputError):
        coverage_by_day(session, WEEK[1], WEEK[0], tz=TZ)


def _action(state: str, day: str, kind: str, facility: str = "") -> ActionReport:
    return ActionReport(state=state, day=date.fromisoformat(day), kind=kind, facility=facility)


def test_blackout_watch(session: Session, week: dict[str, int]) -> None:
    session.add_all([
        _action("TX", "2026-11-19", "work stoppage", "Ellis Unit"),
        _action("TX", "2026-11-20", "hunger strike", "Ellis Unit"),
        _action("MS", "2026-11-19", "sit-in", "Parchman"),
        _action("AL", "2026-11-18", "hunger strike", "Limestone Correctional Facility"),
        _action("SC", "2026-11-17", "hunger strike", "Lee Correctional"),
        _action("GA", "2026-11-01", "boycott"),  # before the window
    ])
    session.flush()
    report = blackout(session, date(2026, 11, 22), 7, TZ, now=NOW)
    [tx] = report.no_coverage
    assert (tx.state, tx.facilities, tx.last_action, tx.kinds, tx.reports) == (
        "TX", ["Ellis Unit"], date(2026, 11, 20), ["hunger strike", "work stoppage"], 2)
    assert report.movement_only == ["MS"]  # AL also has local coverage
    assert [(e.state, e.facilities) for e in report.facilities_uncovered] == [
        ("AL", ["Limestone Correctional Facility"]), ("MS", ["Parchman"])]  # Lee is covered (a1, a3)


def test_blackout_window_moves_with_as_of(session: Session, week: dict[str, int]) -> None:
    session.add(_action("SC", "2026-11-21", "boycott"))
    session.flush()
    assert [e.state for e in blackout(session, date(2026, 11, 22), 2, TZ, now=NOW).no_coverage] == ["SC"]
    assert blackout(session, date(2026, 11, 22), 3, TZ, now=NOW).no_coverage == []  # a9 on the 20th
    with pytest.raises(InputError):
        blackout(session, date(2026, 11, 22), 0, TZ)


def test_breakthroughs_are_first_mainstream_per_state_and_first_per_facility(
    session: Session, week: dict[str, int]
) -> None:
    assert record_breakthroughs(session, now=NOW) == 4
    found = {(b.kind, b.key): b.article_id for b in list_breakthroughs(session, TZ)}
    assert found == {
        ("state_mainstream", "SC"): week["a12"],  # the irrelevant a8 is earlier but does not count
        ("state_mainstream", "GA"): week["a3"],
        ("state_mainstream", "AL"): week["a6"],  # a4 is earlier but movement media; MS has movement media only
        ("facility_first", "sc-lee-ci"): week["a1"],
    }
    assert record_breakthroughs(session, now=NOW) == 0
    views = {b.key: b for b in list_breakthroughs(session, TZ, since=date(2026, 11, 17), until=date(2026, 11, 17))}
    assert views["sc-lee-ci"].label == "Lee Correctional Institution"
    assert views["GA"].label == "Georgia"


def test_cli_coverage_and_blackout(cli: CliRunner, sessions: sessionmaker[Session]) -> None:
    with sessions() as s, s.begin():
        s.add(Outlet(name="inside", kind="movement"))
        s.flush()
        article = Article(canonical_url="https://x.example/1", url="https://x.example/1", title="t",
                          published_at=datetime(2026, 11, 18, 15, tzinfo=UTC), date_source="page",
                          outlet_id=s.scalar(select(Outlet.id)))
        s.add(article)
        s.flush()
        s.add(ArticleTag(article_id=article.id, relevant=True, score=1.0, states=["MS"], tagger_version="t"))
        s.add(_action("MS", "2026-11-17", "sit-in"))
    csv_out = cli("coverage", "--since", "2026-11-16", "--until", "2026-11-22", "--csv")
    assert csv_out.exit_code == 0, csv_out.output
    assert csv_out.stdout.splitlines() == [
        "day,state,articles,stories,outlets,mainstream,local,movement,wire,undated",
        "2026-11-18,MS,1,1,1,0,0,1,0,0",
    ]
    by_outlet = json.loads(cli("coverage", "--since", "2026-11-18", "--until", "2026-11-18", "--by", "outlet",
                               "--json").stdout)
    assert [(r["state"], r["articles"]) for r in by_outlet] == [("national", 1)]
    assert cli("coverage", "--by", "planet").exit_code == 2
    report = json.loads(cli("blackout", "--as-of", "2026-11-20", "--days", "7", "--json").stdout)
    assert report["movement_only"] == ["MS"]
    assert report["no_coverage"] == []
    text = cli("blackout", "--as-of", "2026-11-20", "--days", "2").stdout
    assert "MS: 1 report(s) (sit-in), last 2026-11-17" not in text  # the action is outside a 2-day window
    assert "movement media only: MS" in cli("blackout", "--as-of", "2026-11-20").stdout
