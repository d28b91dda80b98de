"""A small fixture day for the review tests, written by us: three stories and two lone articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

from sqlalchemy.orm import Session

from pipeline.models import Article, ArticleTag, Outlet, Story, StoryMember

DAY = date(2024, 8, 21)
NOON = datetime(2024, 8, 21, 16, 0, tzinfo=UTC)  # noon in New York


@dataclass
class Seeded:
    stories: dict[str, int] = field(default_factory=dict)
    articles: dict[str, int] = field(default_factory=dict)


def _outlet(session: Session, name: str, kind: str, state: str | None = None) -> Outlet:
    outlet = Outlet(name=name, kind=kind, home_state=state, homepage=f"https://{name.lower().replace(' ', '')}.test/")
    session.add(outlet)
    session.flush()
    return outlet


def _article(session: Session, slug: str, title: str, outlet: Outlet, hours: float, *, relevant: bool = True,
             score: float = 1.0, states: list[str] | None = None, facilities: list[str] | None = None,
             reasons: list[str] | None = None) -> Article:
    text = f"{title}. " + " ".join(f"Paragraph {i} about {title.lower()} and the people inside." for i in range(8))
    article = Article(canonical_url=f"https://{outlet.id}.test/{slug}", url=f"https://{outlet.id}.test/{slug}",
                      title=title, text=text, summary=f"Summary of {title}", outlet_id=outlet.id,
                      published_at=NOON + timedelta(hours=hours), fetched_at=NOON + timedelta(hours=hours))
    session.add(article)
    session.flush()
    session.add(ArticleTag(article_id=article.id, relevant=relevant, score=score, reasons=reasons or ["work stoppage"],
                           states=states or [], primary_states=(states or [])[:1],
                           facilities=[{"id": f.lower().replace(" ", "-"), "name": f, "state": (states or [""])[0]}
                                       for f in facilities or []],
                           tagger_version="test"))
    return article


def _story(session: Session, title: str, articles: list[Article]) -> Story:
    story = Story(title=title, size=len(articles), first_article_id=articles[0].id, first_seen=articles[0].published_at,
                  relevant=True)
    session.add(story)
    session.flush()
    for a in articles:
        session.add(StoryMember(article_id=a.id, story_id=story.id))
    return story


def seed_day(session: Session) -> Seeded:
    """Stories: 'alabama' (wire, 3 copies, AL), 'georgia' (movement, GA, with a facility), 'texas' (local, TX).
    Lone articles: 'xss' (a hostile title, SC) and 'teachers' (not relevant)."""
    wire = _outlet(session, "Wire Service", "wire")
    paper = _outlet(session, "Daily Paper", "mainstream", "AL")
    local = _outlet(session, "Local Gazette", "local", "TX")
    movement = _outlet(session, "Movement Voice", "movement")
    seeded = Seeded()
    al = [_article(session, f"al-{i}", "Alabama prisoners stop work", o, i, score=2.0, states=["AL"],
                   facilities=["Holman Correctional Facility"]) for i, o in enumerate([wire, paper, local])]
    ga = [_article(session, "ga", "Hunger strike at Georgia prison", movement, 1.5, score=1.5, states=["GA"],
                   facilities=["Smith State Prison"], reasons=["hunger strike"])]
    tx = [_article(session, "tx", "Texas inmates refuse meals", local, 2.5, score=1.2, states=["TX"])]
    for name, arts in (("alabama", al), ("georgia", ga), ("texas", tx)):
        seeded.stories[name] = _story(session, arts[0].title, arts).id
        seeded.articles[name] = arts[0].id
    xss = _article(session, "xss", '<script>alert("x")</script> Strike & "quotes"', paper, 3, score=0.9, states=["SC"])
    teachers = _article(session, "teachers", "Teachers strike in Ohio", paper, 4, relevant=False, score=0.1,
                        states=["OH"])
    seeded.articles.update(xss=xss.id, teachers=teachers.id)
    session.flush()
    return seeded
