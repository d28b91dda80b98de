"""What the tagger finds: plain records put on ``Doc._`` by the components and read by the tagger."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Doc


@dataclass(frozen=True)
class Hit:
    """One mention of a state or facility: ``cid`` is a postal code or facility id (``None`` if unresolved)."""

    kind: str  # state | facility
    cid: str | None
    name: str
    surface: str
    start: int  # character offsets in the processed text
    end: int
    how: str = ""  # name, abbrev, postal, dateline, city, facility, short, pattern ...
    state: str | None = None  # for facilities


@dataclass
class Relevance:
    relevant: bool
    score: float
    reasons: list[str] = field(default_factory=list)


def doc_text(doc: Doc) -> str:
    """``doc.text``, built once per doc (spaCy joins the tokens again on every access)."""
    text = doc.user_data.get("sw_text")
    if text is None:
        text = doc.user_data["sw_text"] = doc.text
    return str(text)
