"""Bad input made safe before tagging: HTML blanked out (offsets kept), enormous text capped, language guessed."""

from __future__ import annotations

import re
from collections import Counter


def _words(text: str) -> list[str]:
    return text.split()


MAX_CHARS = 60_000

_BLOCK = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[a-zA-Z/!][^<>]{0,2000}>")
_ENTITY = re.compile(r"&(?:[a-zA-Z]{2,8}|#\d{1,6}|#x[0-9a-fA-F]{1,6});")
_WORD = re.compile(r"[^\W\d_]+")

# The commonest short words of each language; English is assumed unless another language clearly dominates.
_STOPWORDS = {
    "en": _words(
        "the of and to in a is that for on with as was by at from are it be this have has were said "
    ),
    "es": _words(
        "el la de que y en los las del se por un una con para es al lo como más pero sus le ha "
    ),
    "fr": _words(
        "le la les de des et en un une du est que qui dans pour pas au sur par avec ce sont "
    ),
    "de": _words(
        "der die und das den von zu mit ist des im dem nicht ein eine auf für sich auch es "
    ),
    "pt": _words(
        "o a os as de do da dos das e em um uma que para com não por mais se na no foi "
    ),
    "it": _words(
        "il la di che e è un una per non con del della le gli sono da si nel alla "
    ),
}
_LOOKUP = {lang: frozenset(words) for lang, words in _STOPWORDS.items()}
_LANGS_OF: dict[str, tuple[str, ...]] = {}  # stopword -> the languages it is a stopword of, in _LOOKUP order
for _lang, _stopwords in _LOOKUP.items():  # not ``_words``: that would rebind the function above
    for _w in _stopwords:
        _LANGS_OF[_w] = (*_LANGS_OF.get(_w, ()), _lang)


def blank_html(text: str) -> tuple[str, bool]:
    """Replace markup by spaces of the same length, so character offsets still point into the stored text."""
    if "<" not in text and "&" not in text:
        return text, False
    out = _BLOCK.sub(lambda m: " " * len(m.group(0)), text)
    out = _TAG.sub(lambda m: " " * len(m.group(0)), out)
    out = _ENTITY.sub(lambda m: " " * len(m.group(0)), out)
    return out, out != text


def cap(text: str, limit: int = MAX_CHARS) -> tuple[str, bool]:
    return (text[:limit], True) if len(text) > limit else (text, False)


def detect_language(text: str, sample: int = 1500) -> str | None:
    """"en", another ISO code, or ``None`` when there are too few words to say."""
    words = [w.lower() for w in _WORD.findall(text[:sample])]
    if len(words) < 12:
        return None
    counts: Counter[str] = Counter()
    for word in words:
        for lang in _LANGS_OF.get(word, ()):
            counts[lang] += 1
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    if best != "en" and n >= 3 and n > 1.5 * counts.get("en", 0):
        return best
    return "en"
