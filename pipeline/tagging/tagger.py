"""Tag articles: title + text in, relevance, states, facilities, primary states and mentions out.

The pre-filter sends articles without strike and prison vocabulary through the cheap rules pipeline only; the
rest go through the full pipeline (with the statistical model when enabled).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.tagging.cleaning import MAX_CHARS, blank_html, cap, detect_language
from pipeline.tagging.hits import Hit
from pipeline.tagging.nlp import build_nlp, uses_model
from pipeline.tagging.prefilter import could_be_relevant
from pipeline.tagging.vocabulary import data_fingerprint

CODE_VERSION = "1"
_SEP = "\n\n"
_DATELINE_CHARS = 120


@dataclass
class Mention:
    kind: str
    canonical_id: str
    name: str
    surface: str
    start: int
    end: int
    field: str  # title | text


@dataclass
class TagResult:
    relevant: bool
    score: float
    reasons: list[str]
    states: list[str]
    facilities: list[dict[str, Any]]
    primary_states: list[str]
    language: str | None
    notes: list[str]
    mentions: list[Mention] = field(default_factory=list)


@dataclass
class _Prepared:
    title: str
    text: str
    notes: list[str]
    language: str | None
    skip: str | None  # why no tagging at all
    candidate: bool


class Tagger:
    def __init__(self, use_model: bool | None = False, n_process: int = 1) -> None:
        self.rules = build_nlp(False)
        self.full = build_nlp(use_model)
        self.n_process = n_process
        model = "sm" if uses_model(self.full) else "rules"
        self.version = f"{CODE_VERSION}-{data_fingerprint()}-{model}"

    def tag(self, title: str, text: str) -> TagResult:
        return next(self.tag_many([(title, text)]))

    def tag_many(self, items: Iterable[tuple[str, str]], batch_size: int = 64) -> Iterator[TagResult]:
        """Results in input order; both pipelines run with ``nlp.pipe`` over the batch."""
        prepared = [_prepare(title, text) for title, text in items]
        docs: dict[int, Doc] = {}
        for nlp, want in ((self.rules, False), (self.full, True)):
            idx = [i for i, p in enumerate(prepared) if p.skip is None and p.candidate == want]
            inputs = [_make_doc(nlp, prepared[i]) for i in idx]
            n_process = self.n_process if len(inputs) >= 2 * batch_size else 1
            for i, doc in zip(idx, nlp.pipe(inputs, batch_size=batch_size, n_process=n_process), strict=True):
                docs[i] = doc
        for i, prep in enumerate(prepared):
            yield _result(prep, docs.get(i))


def _prepare(title: str | None, text: str | None) -> _Prepared:
    notes: list[str] = []
    title, text = (title or "").strip(), text or ""
    text, had_html = blank_html(text)
    title, _ = blank_html(title)
    if had_html:
        notes.append("HTML markup in text was ignored")
    text, truncated = cap(text)
    if truncated:
        notes.append(f"text truncated at {MAX_CHARS} chars")
    if not text.strip() and not title:
        return _Prepared(title, text, notes + ["empty text"], None, "empty text", False)
    language = detect_language(f"{title}\n{text}")
    if language not in (None, "en"):
        return _Prepared(title, text, notes + [f"non-English: {language}"], language,
                         f"non-English text ({language}): not assessed", False)
    if not text.strip():
        notes.append("empty text (title only)")
    return _Prepared(title, text, notes, language or "en", None, could_be_relevant(title, text))


def _make_doc(nlp: Language, prep: _Prepared) -> Doc:
    text = prep.title + _SEP + prep.text
    doc = nlp.make_doc(text)
    doc.user_data["sw_text"] = text  # read back by hits.doc_text, saves re-joining the tokens
    doc._.sw_title_len = len(prep.title) + len(_SEP)
    doc._.sw_candidate = prep.candidate
    return doc


def _result(prep: _Prepared, doc: Doc | None) -> TagResult:
    if doc is None:
        return TagResult(False, 0.0, [prep.skip or "not tagged"], [], [], [], prep.language, prep.notes)
    cut = len(prep.title) + len(_SEP)
    states: list[Hit] = doc._.sw_states or []
    facilities: list[Hit] = doc._.sw_facilities or []
    rel = doc._.sw_relevance
    reasons = rel.reasons if prep.candidate else ["pre-filter: no strike and prison vocabulary"]
    return TagResult(
        relevant=bool(rel.relevant and prep.candidate),
        score=rel.score,
        reasons=reasons,
        states=sorted({h.cid for h in states if h.cid}),
        facilities=_facility_list(facilities),
        primary_states=_primary(states, cut),
        language=prep.language,
        notes=prep.notes,
        mentions=[_mention(h, cut) for h in states + facilities],
    )


def _facility_list(hits: list[Hit]) -> list[dict[str, Any]]:
    seen: dict[str, dict[str, Any]] = {}
    for h in hits:
        if h.cid and not h.state:  # a listed facility outside the states (Guantánamo): not a US facility
            continue
        key = h.cid or f"name:{h.name.lower()}"
        seen.setdefault(key, {"id": h.cid, "name": h.name, "state": h.state})
    return list(seen.values())


def _primary(states: list[Hit], cut: int) -> list[str]:
    """Dateline state(s), headline state(s), then the most mentioned (if mentioned more than once or alone)."""
    out: list[str] = []
    dateline = [h.cid for h in states if cut <= h.start < cut + _DATELINE_CHARS and h.how in ("dateline", "postal",
                                                                                               "abbrev", "city")]
    headline = [h.cid for h in states if h.start < cut]
    counts = Counter(h.cid for h in states if h.cid)
    top = [c for c, n in counts.most_common() if n == counts.most_common(1)[0][1]] if counts else []
    if len(counts) > 1 and counts.most_common(1)[0][1] < 2:
        top = []
    for code in dateline[:1] + headline + top:
        if code and code not in out:
            out.append(code)
    return out


def _mention(h: Hit, cut: int) -> Mention:
    cid = h.cid or f"name:{h.name.lower()}"
    if h.start < cut:
        return Mention(h.kind, cid, h.name, h.surface, h.start, h.end, "title")
    return Mention(h.kind, cid, h.name, h.surface, h.start - cut, h.end - cut, "text")
