"""Reviewers' corrections of the tagger: stored as ``Correction`` rows, which win over every re-tagging."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import Article, ArticleTag, Correction, Story, StoryMember
from pipeline.review.audit import record
from pipeline.review.tags import effective_tag, reapply_to_stored
from pipeline.states import STATE_CODES
from pipeline.tagging.gazetteer import best_candidate, gazetteer
from pipeline.tagging.names import norm_name

FIELDS = {"state": ("add", "remove"), "facility": ("add", "remove"), "relevant": ("set",)}


def normalise(field: str, action: str, value: str) -> str:
    """The value to store, or ``InputError`` naming what is wrong."""
    if field not in FIELDS or action not in FIELDS[field]:
        raise InputError(f"cannot {action} a {field}")
    value = value.strip()
    if field == "state":
        value = value.upper()
        if value not in STATE_CODES:
            raise InputError(f"not a state postal code: {value!r}")
    elif field == "relevant":
        if value.lower() not in {"true", "false"}:
            raise InputError("relevant is true or false")
        value = value.lower()
    elif not value or len(value) > 500:
        raise InputError("a facility name has 1-500 characters")
    elif action == "add":
        value = resolve_facility(value)
    return value


def resolve_facility(value: str, states: Sequence[str] = ()) -> str:
    """The gazetteer id of the facility named ``value`` (an id, a name or a safe alias), else ``value`` itself."""
    gaz = gazetteer()
    if value in gaz.facilities:
        return value
    ids = gaz.safe.get(norm_name(value)) or []
    if not ids:
        return value
    in_states = [i for i in ids if gaz.facilities[i].state in states] or ids
    return best_candidate(gaz, in_states, norm_name(value)).id


def _corrections_of(session: Session, article_id: int) -> list[Correction]:
    return list(session.scalars(select(Correction).where(Correction.article_id == article_id)
                                .order_by(Correction.at, Correction.id)))


def refresh_story(session: Session, story_id: int) -> None:
    """Recompute a story's subject states, facilities and relevance from its members' corrected tags."""
    story = session.get(Story, story_id)
    if story is None:
        return
    ids = list(session.scalars(select(StoryMember.article_id).where(StoryMember.story_id == story_id)))
    effs = [effective_tag(session.get(ArticleTag, aid), _corrections_of(session, aid)) for aid in ids]
    story.states = list(dict.fromkeys(s for e in effs for s in e.states))
    story.facilities = list(dict.fromkeys(f for e in effs for f in e.facilities))
    story.relevant = any(e.relevant for e in effs)


def correct(session: Session, article_ids: Sequence[int], field: str, action: str, value: str,
            who: str) -> list[Correction]:
    """Record one correction per article, apply it to the stored tags and the stories they belong to."""
    value = normalise(field, action, value)
    if not article_ids:
        raise InputError("no article to correct")
    made = []
    for aid in article_ids:
        if session.get(Article, aid) is None:
            raise InputError(f"no article {aid}")
        corr = Correction(article_id=aid, field=field, action=action, value=value, who=who)
        session.add(corr)
        session.flush()
        reapply_to_stored(session.get(ArticleTag, aid), _corrections_of(session, aid))
        made.append(corr)
    stories = set(session.scalars(select(StoryMember.story_id).where(StoryMember.article_id.in_(article_ids))))
    for sid in stories:
        refresh_story(session, sid)
    record(session, who, "correct", article_ids=list(article_ids), field=field, action=action, value=value)
    return made
