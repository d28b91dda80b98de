"""Tag stored articles: one ``ArticleTag`` and its ``Mention`` rows per article, corrections applied on top.

Re-tagging replaces the old tag and mentions (idempotent); corrections live in their own table and are applied
after every tagging, so they survive ``--all``. Each batch is committed, so a crash loses one batch at most.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from pipeline.models import Article, ArticleTag, Correction, Mention
from pipeline.runtime import Runtime
from pipeline.tagging.corrections import apply_corrections
from pipeline.tagging.tagger import Tagger, TagResult

DEFAULT_BATCH = 200


@dataclass
class TagReport:
    tagged: int = 0
    relevant: int = 0
    empty: int = 0
    non_english: int = 0
    truncated: int = 0
    corrected: int = 0
    stale: int = 0  # tags by an older tagger version left alone (re-tag with --all)
    seconds: float = 0.0
    tagger_version: str = ""

    def summary(self) -> str:
        text = (f"{self.tagged} article(s) tagged, {self.relevant} relevant, {self.corrected} with corrections, "
                f"{self.empty} empty, {self.non_english} non-English, {self.truncated} truncated "
                f"in {self.seconds:.1f}s (tagger {self.tagger_version})")
        if self.stale:
            text += f"; {self.stale} tagged by an older version (run with --all to re-tag)"
        return text


def _ids_to_tag(session: Session, retag_all: bool) -> list[int]:
    query = select(Article.id).order_by(Article.id)
    if not retag_all:
        query = query.outerjoin(ArticleTag, ArticleTag.article_id == Article.id).where(ArticleTag.article_id.is_(None))
    return list(session.scalars(query))


def _batches(ids: list[int], size: int) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _load(session: Session, ids: list[int]) -> list[tuple[int, str, str]]:
    rows = session.execute(select(Article.id, Article.title, Article.text).where(Article.id.in_(ids))).all()
    return sorted((r[0], r[1] or "", r[2] or "") for r in rows)


def _store(session: Session, article_id: int, result: TagResult, version: str,
           corrections: list[Correction], existing: ArticleTag | None) -> bool:
    tag = existing or ArticleTag(article_id=article_id)
    corrected = apply_corrections(result, corrections)
    notes = list(result.notes) + [f"corrected: {a}" for a in corrected.applied]
    tag.relevant, tag.score, tag.reasons = corrected.relevant, result.score, list(result.reasons)
    tag.states, tag.facilities = corrected.states, corrected.facilities
    tag.primary_states, tag.language, tag.notes = list(result.primary_states), result.language, notes
    tag.tagger_version = version
    session.add(tag)
    session.add_all(Mention(article_id=article_id, kind=m.kind, canonical_id=m.canonical_id[:100], name=m.name[:500],
                            surface=m.surface[:500], start=m.start, end=m.end, field=m.field)
                    for m in result.mentions)
    return bool(corrected.applied)


def _corrections(session: Session, ids: list[int]) -> dict[int, list[Correction]]:
    out: dict[int, list[Correction]] = {}
    query = select(Correction).where(Correction.article_id.in_(ids)).order_by(Correction.at, Correction.id)
    for c in session.scalars(query):
        out.setdefault(c.article_id, []).append(c)
    return out


def _write_batch(session: Session, rows: list[tuple[int, str, str]], results: list[TagResult], version: str,
                 report: TagReport) -> None:
    ids = [r[0] for r in rows]
    session.execute(delete(Mention).where(Mention.article_id.in_(ids)))
    corrections = _corrections(session, ids)
    # One query for the batch's old tags (re-tagging), not a get per article: each get flushed the rows before it.
    existing = {t.article_id: t for t in session.scalars(select(ArticleTag).where(ArticleTag.article_id.in_(ids)))}
    for (article_id, _, _), result in zip(rows, results, strict=True):
        report.corrected += _store(session, article_id, result, version, corrections.get(article_id, []),
                                   existing.get(article_id))
        report.tagged += 1
        report.relevant += result.relevant
        report.empty += any(n.startswith("empty text") for n in result.notes)
        report.non_english += any(n.startswith("non-English") for n in result.notes)
        report.truncated += any(n.startswith("text truncated") for n in result.notes)
    session.commit()


def _count_stale(session: Session, version: str) -> int:
    return session.scalar(select(func.count()).select_from(ArticleTag).where(ArticleTag.tagger_version != version)) or 0


def tag_articles(session: Session, tagger: Tagger, retag_all: bool = False, batch_size: int = DEFAULT_BATCH,
                 workers: int = 1, use_model: bool | None = False) -> TagReport:
    """Tag untagged articles (or all of them), in batches; ``workers`` > 1 tags disjoint batches in parallel
    processes while this one alone writes to the database."""
    started = time.perf_counter()
    report = TagReport(tagger_version=tagger.version)
    batches = _batches(_ids_to_tag(session, retag_all), batch_size)
    if workers <= 1:
        for ids in batches:
            rows = _load(session, ids)
            _write_batch(session, rows, list(tagger.tag_many((r[1], r[2]) for r in rows)), tagger.version, report)
    else:
        _parallel(session, batches, tagger.version, workers, use_model, report)
    report.stale = _count_stale(session, tagger.version)
    report.seconds = time.perf_counter() - started
    return report


_WORKER: Tagger | None = None


def _init_worker(use_model: bool | None) -> None:
    global _WORKER
    _WORKER = Tagger(use_model)


def _work(items: list[tuple[str, str]]) -> list[TagResult]:
    assert _WORKER is not None
    return list(_WORKER.tag_many(items))


def _parallel(session: Session, batches: Iterator[list[int]], version: str, workers: int,
              use_model: bool | None, report: TagReport) -> None:
    with ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(use_model,)) as pool:
        pending: list[tuple[list[tuple[int, str, str]], object]] = []
        for ids in batches:
            rows = _load(session, ids)
            pending.append((rows, pool.submit(_work, [(r[1], r[2]) for r in rows])))
            if len(pending) >= 2 * workers:
                rows, future = pending.pop(0)
                _write_batch(session, rows, future.result(), version, report)  # type: ignore[attr-defined]
        for rows, future in pending:
            _write_batch(session, rows, future.result(), version, report)  # type: ignore[attr-defined]


def run_stage(rt: Runtime, day: date) -> str:
    """The ``tag`` stage of ``strikewatch run``/``demo``: tag what is untagged."""
    with rt.sessions()() as session:
        return tag_articles(session, Tagger()).summary()
