"""Export the team's judgements as labeled passages in the ``strikewatch eval`` format (JSON Lines).

One line per judged article, i.e. an article the team corrected, or decided on (approved/rejected) alone or
within a story: ``{"text", "title", "relevant", "states", "facilities"}`` with corrections applied on top of the
tagger. An approved item counts as relevant unless a correction says otherwise.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.models import Article, ArticleTag, Correction, Review, StoryMember
from pipeline.review.tags import effective_tag


def _judged(session: Session) -> dict[int, set[str]]:
    """Article id -> the statuses its reviews gave it (empty set: corrected only)."""
    judged: dict[int, set[str]] = defaultdict(set)
    for aid in session.scalars(select(Correction.article_id).distinct()):
        judged.setdefault(aid, set())
    decided = select(Review.item_type, Review.item_id, Review.status).where(Review.status != "pending")
    for item_type, item_id, status in session.execute(decided).tuples():
        if item_type == "article":
            judged[item_id].add(status)
            continue
        for aid in session.scalars(select(StoryMember.article_id).where(StoryMember.story_id == item_id)):
            judged[aid].add(status)
    return judged


def label_for(session: Session, article: Article, statuses: set[str]) -> dict[str, Any] | None:
    corrections = list(session.scalars(select(Correction).where(Correction.article_id == article.id)))
    eff = effective_tag(session.get(ArticleTag, article.id), corrections)
    relevance_corrected = any(c.field == "relevant" for c in corrections)
    relevant = eff.relevant
    if "approved" in statuses and not relevance_corrected:
        relevant = True
    if relevant is None or not article.text.strip():
        return None
    return {"text": article.text, "title": article.title, "relevant": relevant,
            "states": sorted(set(eff.states)), "facilities": sorted(set(eff.facilities))}


def iter_labels(session: Session) -> Iterator[dict[str, Any]]:
    """The labeled passages, in article id order; articles with no text or no relevance judgement are skipped."""
    judged = _judged(session)
    for aid in sorted(judged):
        article = session.get(Article, aid)
        if article is not None:
            label = label_for(session, article, judged[aid])
            if label is not None:
                yield label
