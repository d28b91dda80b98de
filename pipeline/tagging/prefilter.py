"""The cheap pre-filter: could this article be strike coverage at all? Pure Python, no spaCy.

Used to skip the expensive steps (relevance scoring, the statistical model) and by the crawler. It passes an
article when its lowercased title + text holds an action stem and a subject stem from ``vocabulary.toml`` as
plain substrings; every scorer term contains such a stem, so it never drops what the scorer would keep.
"""

from __future__ import annotations

from pipeline.tagging.vocabulary import vocabulary


def could_be_relevant(title: str, text: str) -> bool:
    vocab = vocabulary()
    blob = f"{title or ''}\n{text or ''}".lower()
    return any(s in blob for s in vocab.action_stems) and any(s in blob for s in vocab.subject_stems)
