"""Breakthroughs: the first relevant mainstream article about a state, the first coverage of a facility.

"Mainstream" here means every outlet that is not movement media: kinds ``mainstream``, ``wire`` and ``local``
(a local daily picking the strike up is exactly the breakthrough a campaign hopes for). A facility's first
coverage counts any relevant article, movement media included. Once recorded, a breakthrough stays (the digest
may have led with it): an older article found later does not replace it. Recording is idempotent.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import Session

from pipeline.db import insert_or_skip
from pipeline.models import Article, ArticleTag, Breakthrough, Outlet, utcnow
from pipeline.states import state_name
from pipeline.stories.dates import day_bounds, effective_time, local_day

MAINSTREAM_KINDS = ("mainstream", "wire", "local")
STATE_MAINSTREAM = "state_mainstream"
FACILITY_FIRST = "facility_first"


@dataclass(frozen=True)
class BreakthroughView:
    kind: str
    key: str  # a state's postal code or a facility id
    label: str  # the state's or facility's name
    day: date
    at: datetime
    article_id: int
    title: str
    url: str
    outlet: str
    outlet_kind: str


def _relevant_rows(session: Session) -> Iterator[Any]:
    stmt = (select(Article.id, Article.published_at, Article.fetched_at, Article.date_source, Outlet.kind,
                   ArticleTag.states, ArticleTag.facilities)
            .join(ArticleTag, ArticleTag.article_id == Article.id)
            .outerjoin(Outlet, Outlet.id == Article.outlet_id)
            .where(ArticleTag.relevant.is_(True)))
    yield from session.execute(stmt.execution_options(yield_per=2000))


def _keys(row: Any) -> Iterator[tuple[str, str]]:
    if row.kind in MAINSTREAM_KINDS:
        for state in row.states or ():
            yield STATE_MAINSTREAM, str(state)
    for facility in row.facilities or ():
        if isinstance(facility, dict) and facility.get("id"):
            yield FACILITY_FIRST, str(facility["id"])


def find_firsts(session: Session, now: datetime | None = None) -> dict[tuple[str, str], tuple[datetime, int]]:
    """(kind, key) -> (time, article id) of the earliest qualifying article (ties: the lowest id)."""
    now = now or utcnow()
    firsts: dict[tuple[str, str], tuple[datetime, int]] = {}
    for row in _relevant_rows(session):
        at, _mark = effective_time(row.published_at, row.fetched_at, row.date_source, now)
        for key in _keys(row):
            if key not in firsts or (at, row.id) < firsts[key]:
                firsts[key] = (at, row.id)
    return firsts


def record_breakthroughs(session: Session, now: datetime | None = None) -> int:
    """Record every breakthrough not yet recorded; returns how many are new."""
    known = set(session.execute(select(Breakthrough.kind, Breakthrough.key)).tuples())
    rows = [{"kind": kind, "key": key, "article_id": article_id, "at": at}
            for (kind, key), (at, article_id) in sorted(find_firsts(session, now).items())
            if (kind, key) not in known]
    if not rows:
        return 0
    session.execute(insert_or_skip(session, Breakthrough, "kind", "key"), rows)
    return len(rows)


def _label(kind: str, key: str, facilities: list[Any]) -> str:
    if kind == STATE_MAINSTREAM:
        return state_name(key)
    for facility in facilities or ():
        if isinstance(facility, dict) and str(facility.get("id")) == key:
            return str(facility.get("name") or key)
    return key


def list_breakthroughs(
    session: Session, tz: ZoneInfo, since: date | None = None, until: date | None = None
) -> list[BreakthroughView]:
    """Recorded breakthroughs on the calendar days ``since``..``until`` in ``tz``, oldest first."""
    stmt = (select(Breakthrough, Article, Outlet, ArticleTag.facilities)
            .join(Article, Article.id == Breakthrough.article_id)
            .outerjoin(Outlet, Outlet.id == Article.outlet_id)
            .outerjoin(ArticleTag, ArticleTag.article_id == Article.id))
    if since is not None:
        stmt = stmt.where(Breakthrough.at >= day_bounds(since, since, tz)[0])
    if until is not None:
        stmt = stmt.where(Breakthrough.at < day_bounds(until, until, tz)[1])
    stmt = stmt.order_by(Breakthrough.at, Breakthrough.kind, Breakthrough.key)
    return [
        BreakthroughView(b.kind, b.key, _label(b.kind, b.key, facilities), local_day(b.at, tz), b.at, a.id,
                         a.title, a.url, o.name if o else "", o.kind if o else "")
        for b, a, o, facilities in session.execute(stmt)
    ]
