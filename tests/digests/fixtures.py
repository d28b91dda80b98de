"""A fixed fixture day (2024-08-21, America/New_York) inserted as rows, with hostile titles on purpose."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy.orm import Session

from pipeline.models import ActionReport, Article, ArticleTag, Breakthrough, Outlet, Story, StoryMember

DAY = date(2024, 8, 21)
NOW = datetime(2024, 8, 22, 7, 0, tzinfo=UTC)
DONALDSON = {"id": "al-donaldson", "name": "William E. Donaldson Correctional Facility", "state": "AL"}
HOSTILE = 'Guards say "calm" <script>alert(1)</script> [click](javascript:alert(1)) & more'
RTL = "إضراب السجناء في ألاباما يدخل يومه الثالث"


def _at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2024, 8, day, hour, minute, tzinfo=UTC)


def _article(session: Session, n: int, outlet: Outlet, title: str, at: datetime, states: list[str],
             facilities: list[dict[str, str]] | None = None, relevant: bool = True, score: float = 0.8,
             summary: str | None = None) -> Article:
    article = Article(canonical_url=f"https://{outlet.name.lower().replace(' ', '')}.example/{n}",
                      url=f"https://{outlet.name.lower().replace(' ', '')}.example/{n}", title=title,
                      published_at=at, fetched_at=at, text=f"Body of article {n}. " * 20, summary=summary,
                      outlet=outlet)
    session.add(article)
    session.flush()
    session.add(ArticleTag(article_id=article.id, relevant=relevant, score=score, reasons=[], states=states,
                           facilities=facilities or [], primary_states=states[:1], tagger_version="test"))
    return article


def _story(session: Session, title: str, articles: list[Article]) -> Story:
    story = Story(first_article_id=articles[0].id, first_seen=articles[0].published_at, title=title,
                  size=len(articles), relevant=True)
    session.add(story)
    session.flush()
    for a in articles:
        session.add(StoryMember(article_id=a.id, story_id=story.id))
    return story


def seed_day(session: Session) -> dict[str, int]:
    """The fixture rows; returns ids the tests refer to."""
    ledger = Outlet(name="Daily Ledger", kind="mainstream")
    wire = Outlet(name="Wire Service", kind="wire")
    local = Outlet(name="Montgomery Local", kind="local", home_state="AL")
    movement = Outlet(name="Prison Voices", kind="movement")
    session.add_all([ledger, wire, local, movement])
    session.flush()
    lead = _article(session, 1, ledger, 'Prisoners at "Donaldson" stop work 🔥 as strike spreads', _at(21, 13),
                    ["AL", "MS"], [DONALDSON], score=0.95,
                    summary="Incarcerated workers at three Alabama prisons refused kitchen and laundry shifts.")
    copy1 = _article(session, 2, wire, "Prisoners at Donaldson stop work as strike spreads", _at(21, 14), ["AL"],
                     [DONALDSON], score=0.9)
    copy2 = _article(session, 3, local, "Prisoners at Donaldson stop work", _at(21, 15, 30), ["AL"], [DONALDSON])
    story = _story(session, lead.title, [lead, copy1, copy2])
    hostile = _article(session, 4, movement, HOSTILE, _at(21, 16), ["SC"], score=0.7,
                       summary="<b>bold</b> *stars* _under_ `tick` # heading | pipe")
    rtl = _article(session, 5, local, RTL, _at(21, 18), ["AL"], score=0.6, summary=RTL)
    _article(session, 6, ledger, "Governor comments on Georgia prison conditions", _at(20, 15), ["GA"])
    _article(session, 7, ledger, "Local bake sale raises funds", _at(21, 12), [], relevant=False)
    session.add(Breakthrough(kind="state_mainstream", key="AL", article_id=lead.id, at=_at(21, 13)))
    session.add(Breakthrough(kind="facility_first", key="al-donaldson", article_id=lead.id, at=_at(21, 13)))
    session.add(ActionReport(state="TX", facility="Coffield Unit", day=date(2024, 8, 19), kind="hunger strike",
                             note="Reported by family members"))
    session.add(ActionReport(state="SC", facility="", day=date(2024, 8, 20), kind="work stoppage"))
    session.flush()
    return {"story": story.id, "hostile": hostile.id, "rtl": rtl.id, "lead": lead.id}
