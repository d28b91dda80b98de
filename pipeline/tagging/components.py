"""The spaCy components of the tagger, registered with ``@Language.factory``; results go on ``Doc._``.

``sw_places`` (states, facilities) and ``sw_relevance`` read the package data once, when the pipeline is built.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.tagging import facilities as fac
from pipeline.tagging import places as pl
from pipeline.tagging.gazetteer import gazetteer
from pipeline.tagging.hits import Hit, Relevance, doc_text
from pipeline.tagging.relevance import score
from pipeline.tagging.vocabulary import places, vocabulary

_NORMS = {"saint": ["St.", "St", "ST.", "ST", "st.", "st", "Saint", "SAINT"], "fort": ["Ft.", "FT.", "Ft", "FT"],
          "mount": ["Mt.", "MT.", "Mt"], "and": ["&", "And", "AND"], "center": ["Ctr.", "CTR", "Centre", "CENTRE"]}


def register_extensions() -> None:
    """Register the ``Doc._`` attributes once (idempotent)."""
    for name, default in (("sw_states", None), ("sw_facilities", None), ("sw_relevance", None), ("sw_title_len", 0),
                          ("sw_persons", None), ("sw_candidate", True)):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


def _set_norms(nlp: Language) -> None:
    for norm, spellings in _NORMS.items():
        for spelling in spellings:
            nlp.vocab[spelling].norm_ = norm
    for letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
        nlp.vocab[f"{letter}."].norm_ = letter.lower()


class PlacesComponent:
    """States and facilities: facility names first (they hide the state names inside them), then states, then
    short facility names and unlisted ones with the article's state evidence."""

    def __init__(self, nlp: Language) -> None:
        register_extensions()
        _set_norms(nlp)
        self.places = pl.build_tables(nlp, places())
        self.facilities = fac.build_tables(nlp, gazetteer(), list(places()["cities"]))
        self.vocab = vocabulary()

    def __call__(self, doc: Doc) -> Doc:
        doc._.sw_persons = [(e.start, e.end) for e in doc.ents if e.label_ == "PERSON"] if doc.has_annotation(
            "ENT_IOB") else []
        spans = fac.match_spans(doc, self.facilities)
        prefixed = fac.prefixed_spans(doc, [s for s in spans if s.label_.startswith("F|")], self.facilities,
                                     self.vocab)
        spans = [s for s in spans if not any(p.start < s.end and s.start < p.end for p in prefixed)]
        blocked = [(s.start, s.end) for s in [*spans, *prefixed] if s.label_[:2] not in ("A|", "G|")]
        states = pl.find_states(doc, self.places, blocked)
        evidence = {h.cid for h in states if h.cid}
        facilities = fac.resolve(doc, spans, evidence, self.facilities, self.vocab)
        facilities += fac.prefixed(prefixed, self.facilities)
        facilities += fac.unlisted(doc, facilities, evidence, self.facilities)
        states = pl.drop_lone_cities(states + [_implied(h) for h in facilities if h.state],
                                     bool(self.vocab.foreign_re.search(doc_text(doc))))
        doc._.sw_states = states
        doc._.sw_facilities = facilities
        return doc


def _implied(h: Hit) -> Hit:
    from pipeline.states import state_name

    assert h.state is not None
    return Hit("state", h.state, state_name(h.state), h.surface, h.start, h.end, "facility")


class RelevanceComponent:
    """Strike coverage or not, with reasons. The tagger puts the title before the text; ``Doc._.sw_title_len``
    says where it ends."""

    def __init__(self) -> None:
        register_extensions()
        self.vocab = vocabulary()

    def __call__(self, doc: Doc) -> Doc:
        if not doc._.sw_candidate:  # the pre-filter found no strike and prison vocabulary
            doc._.sw_relevance = Relevance(False, 0.0, ["pre-filter: no strike and prison vocabulary"])
            return doc
        us = len(doc._.sw_states or []) + len(doc._.sw_facilities or [])
        cut = doc._.sw_title_len or 0
        named = tuple(dict.fromkeys(h.surface for h in doc._.sw_facilities or [] if len(h.surface) > 3))
        doc._.sw_relevance = score(doc_text(doc)[:cut], doc_text(doc)[cut:], us, self.vocab, named)
        return doc


@Language.factory("sw_places")
def make_places(nlp: Language, name: str) -> PlacesComponent:
    return PlacesComponent(nlp)


@Language.factory("sw_relevance")
def make_relevance(nlp: Language, name: str) -> RelevanceComponent:
    return RelevanceComponent()


__all__ = ["Relevance", "register_extensions"]
