"""The storage service on a real migrated SQLite database."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pipeline.models import Article, ArticleTag, Correction, Mention
from pipeline.tagging.corrections import apply_corrections
from pipeline.tagging.service import tag_articles
from pipeline.tagging.tagger import Tagger, TagResult

STRIKE = "LUMPKIN, Ga. (AP) — Men held at the Stewart Detention Center began a hunger strike over food."
OTHER = "The city council of Seattle approved a budget for parks."


def _add(session: Session, url: str, title: str, text: str) -> int:
    article = Article(canonical_url=url, url=url, title=title, text=text)
    session.add(article)
    session.flush()
    return article.id


def _mentions(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Mention)) or 0


def test_tags_untagged_articles_and_stores_mentions(session: Session, tagger: Tagger) -> None:
    strike = _add(session, "https://a.example/1", "Hunger strike in Georgia", STRIKE)
    other = _add(session, "https://a.example/2", "Parks", OTHER)
    _add(session, "https://a.example/3", "", "")
    session.commit()
    report = tag_articles(session, tagger, batch_size=2)
    assert (report.tagged, report.relevant, report.empty) == (3, 1, 1)
    tag = session.get(ArticleTag, strike)
    assert tag is not None and tag.relevant and tag.states == ["GA"] and tag.primary_states[0] == "GA"
    assert tag.facilities == [{"id": "hifld-10003934", "name": "Stewart Detention Center", "state": "GA"}]
    assert tag.tagger_version == tagger.version and tag.reasons
    other_tag = session.get(ArticleTag, other)
    assert other_tag is not None and not other_tag.relevant and other_tag.states == ["WA"]
    surfaces = set(session.scalars(select(Mention.surface).where(Mention.article_id == strike)))
    assert {"Stewart Detention Center", "Ga.", "Georgia"} <= surfaces
    assert tag_articles(session, tagger).tagged == 0  # nothing left untagged


def test_retag_all_is_idempotent_and_corrections_survive(session: Session, tagger: Tagger) -> None:
    aid = _add(session, "https://a.example/1", "", STRIKE)
    session.commit()
    tag_articles(session, tagger)
    before = _mentions(session)
    session.add_all([
        Correction(article_id=aid, field="state", action="add", value="AL", who="ed"),
        Correction(article_id=aid, field="relevant", action="set", value="false", who="ed"),
        Correction(article_id=aid, field="facility", action="remove", value="hifld-10003934", who="ed"),
    ])
    session.commit()
    report = tag_articles(session, tagger, retag_all=True)
    assert report.tagged == 1 and report.corrected == 1
    assert _mentions(session) == before
    tag = session.get(ArticleTag, aid)
    assert tag is not None
    session.refresh(tag)
    assert tag.states == ["AL", "GA"] and tag.relevant is False and tag.facilities == []
    assert any(n.startswith("corrected: ") for n in tag.notes)


def test_apply_corrections_is_pure() -> None:
    tag = TagResult(True, 3.0, [], ["GA"], [{"id": None, "name": "X Jail", "state": None}], [], "en", [])

    class C:
        def __init__(self, field: str, action: str, value: str) -> None:
            self.field, self.action, self.value = field, action, value

    out = apply_corrections(tag, [C("facility", "add", "hifld-10001138"), C("state", "remove", "GA"),
                                  C("facility", "remove", "x jail")])
    assert [f["name"] for f in out.facilities] == ["Lee Correctional Institution"]
    assert out.states == ["SC"] and out.relevant
    assert tag.states == ["GA"] and len(tag.facilities) == 1
