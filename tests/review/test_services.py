"""Review services on a real SQLite database: queue, decisions, corrections (surviving re-tagging), labels."""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.errors import InputError
from pipeline.models import ArticleTag, AuditEvent, Correction, Story
from pipeline.review import corrections, decisions, regroup
from pipeline.review.labels import iter_labels
from pipeline.review.queue import QueueFilter, build_queue, find_item
from pipeline.review.tags import effective_tag
from tests.review.seed import DAY, seed_day

TZ = ZoneInfo("America/New_York")


@pytest.fixture
def seeded(session: Session):  # type: ignore[no-untyped-def]
    data = seed_day(session)
    session.commit()
    return data


def keys(items) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.key for i in items]


def test_queue_lists_relevant_items_most_important_first(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    items = build_queue(session, DAY, TZ)
    assert keys(items)[0] == f"story-{seeded.stories['alabama']}"  # highest relevance, widest reach
    assert f"article-{seeded.articles['teachers']}" not in keys(items)
    alabama = items[0]
    assert alabama.syndication == 3 and alabama.outlets == ["Wire Service", "Daily Paper", "Local Gazette"]
    assert alabama.states == ["AL"] and alabama.facilities == ["Holman Correctional Facility"]
    assert alabama.reasons == ["work stoppage"] and alabama.status == "pending"
    everything = build_queue(session, DAY, TZ, QueueFilter(include_irrelevant=True))
    assert f"article-{seeded.articles['teachers']}" in keys(everything)


def test_queue_filters(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    assert keys(build_queue(session, DAY, TZ, QueueFilter(state="ga"))) == [f"story-{seeded.stories['georgia']}"]
    assert keys(build_queue(session, DAY, TZ, QueueFilter(facility="smith state"))) == [
        f"story-{seeded.stories['georgia']}"]
    movement = build_queue(session, DAY, TZ, QueueFilter(outlet_kind="movement"))
    assert keys(movement) == [f"story-{seeded.stories['georgia']}"]
    decisions.set_status(session, DAY, "story", seeded.stories["texas"], "approved", "ana")
    assert keys(build_queue(session, DAY, TZ, QueueFilter(status="approved"))) == [
        f"story-{seeded.stories['texas']}"]
    assert f"story-{seeded.stories['texas']}" not in keys(build_queue(session, DAY, TZ, QueueFilter(status="pending")))


def test_pin_moves_an_item_to_the_top_and_summary_is_kept(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    texas = seeded.stories["texas"]
    decisions.set_pinned(session, DAY, "story", texas, True, "ana")
    decisions.set_summary(session, DAY, "story", texas, "  Edited by the team.  ", "ben")
    first = build_queue(session, DAY, TZ)[0]
    assert (first.key, first.pinned, first.summary) == (f"story-{texas}", True, "Edited by the team.")
    events = [(e.who, e.action) for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))]
    assert events == [("ana", "pin"), ("ben", "edit_summary")]


def test_decisions_reject_bad_input(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        decisions.set_status(session, DAY, "story", seeded.stories["texas"], "maybe", "ana")
    with pytest.raises(InputError):
        decisions.set_status(session, DAY, "story", 9999, "approved", "ana")


def test_correcting_a_story_state_reaches_every_copy_and_the_story(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    story_id = seeded.stories["alabama"]
    item = find_item(session, DAY, TZ, "story", story_id)
    assert item is not None
    corrections.correct(session, item.article_ids, "state", "add", "ms", "ana")
    corrections.correct(session, item.article_ids, "state", "remove", "AL", "ana")
    session.commit()
    for aid in item.article_ids:
        assert session.get(ArticleTag, aid).states == ["MS"]  # type: ignore[union-attr]
    assert session.get(Story, story_id).states == ["MS"]  # type: ignore[union-attr]
    assert build_queue(session, DAY, TZ, QueueFilter(state="MS"))[0].key == f"story-{story_id}"
    assert session.scalar(select(AuditEvent.detail).where(AuditEvent.action == "correct"))["value"] == "MS"


def test_corrections_survive_retagging(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    aid = seeded.articles["georgia"]
    corrections.correct(session, [aid], "relevant", "set", "false", "ana")
    corrections.correct(session, [aid], "facility", "remove", "smith state prison", "ana")
    session.commit()
    tag = session.get(ArticleTag, aid)
    assert tag is not None
    tag.relevant, tag.facilities = True, [{"id": "smith", "name": "Smith State Prison", "state": "GA"}]  # re-tagged
    session.commit()
    stored = list(session.scalars(select(Correction).where(Correction.article_id == aid)))
    eff = effective_tag(tag, stored)
    assert (eff.relevant, eff.facilities, eff.states) == (False, [], ["GA"])
    assert f"story-{seeded.stories['georgia']}" not in keys(build_queue(session, DAY, TZ))


@pytest.mark.parametrize(("field", "action", "value"), [("state", "add", "XX"), ("relevant", "set", "perhaps"),
                                                        ("facility", "set", "A"), ("colour", "add", "red")])
def test_bad_corrections_are_refused(session: Session, seeded, field: str, action: str, value: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(InputError):
        corrections.correct(session, [seeded.articles["texas"]], field, action, value, "ana")
    assert session.scalar(select(Correction.id)) is None


def test_labels_export_judged_articles_with_corrections(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    assert list(iter_labels(session)) == []
    decisions.set_status(session, DAY, "story", seeded.stories["georgia"], "approved", "ana")
    corrections.correct(session, [seeded.articles["texas"]], "state", "add", "LA", "ana")
    corrections.correct(session, [seeded.articles["teachers"]], "relevant", "set", "false", "ana")
    decisions.set_status(session, DAY, "article", seeded.articles["teachers"], "approved", "ana")
    session.commit()
    labels = {label["title"]: label for label in iter_labels(session)}
    assert set(labels) == {"Hunger strike at Georgia prison", "Texas inmates refuse meals", "Teachers strike in Ohio"}
    assert labels["Hunger strike at Georgia prison"]["facilities"] == ["Smith State Prison"]
    assert labels["Texas inmates refuse meals"]["states"] == ["LA", "TX"]
    assert labels["Teachers strike in Ohio"]["relevant"] is False  # the correction wins over the approval
    assert set(labels["Texas inmates refuse meals"]) == {"text", "title", "relevant", "states", "facilities"}


def test_merge_and_split_are_audited(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    keep, other = seeded.stories["georgia"], seeded.stories["texas"]
    regroup.merge(session, keep, other, "ana")
    session.commit()
    merged = find_item(session, DAY, TZ, "story", keep)
    assert merged is not None and merged.syndication == 2 and set(merged.states) == {"GA", "TX"}
    new_id = regroup.split(session, seeded.articles["texas"], "ben")
    session.commit()
    assert find_item(session, DAY, TZ, "story", new_id) is not None
    assert [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == ["merge", "split"]


def test_an_added_facility_is_resolved_in_the_gazetteer(session: Session, seeded) -> None:  # type: ignore[no-untyped-def]
    aid = seeded.articles["texas"]
    corrections.correct(session, [aid], "facility", "add", "lieber correctional institution", "ana")
    session.commit()
    tag = session.get(ArticleTag, aid)
    assert tag is not None
    added = tag.facilities[-1]
    assert added["name"] == "Lieber Correctional Institution" and added["id"] and added["state"] == "SC"
    assert tag.states == ["SC", "TX"]  # a facility brings its state
    assert session.scalar(select(Correction.value)) == added["id"]
