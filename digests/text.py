"""Untrusted text made fit to show: whitespace folded, control and bidi-override characters dropped, URLs checked,
Markdown specials escaped. (HTML, XML and SVG escaping is Jinja2's autoescape.)"""

from __future__ import annotations

import re
from urllib.parse import quote, urlsplit

from pipeline.store import make_summary

MAX_TEXT = 600
SUMMARY_CHARS = 280
# C0/C1 controls and the bidi embeddings/overrides/isolates (text direction is set with dir="auto" instead).
_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff]")
_WS = re.compile(r"\s+")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~&])")


def clean(text: str | None, limit: int = MAX_TEXT) -> str:
    """One line of plain text, at most ``limit`` characters (cut at a word)."""
    folded = _WS.sub(" ", _UNSAFE.sub("", text or "")).strip()
    return make_summary(folded, limit) if len(folded) > limit else folded


def short_summary(text: str | None) -> str:
    return clean(text, SUMMARY_CHARS)


def safe_url(url: str | None) -> str | None:
    """The URL if it is an absolute http(s) URL without spaces or controls, else ``None`` (never linked)."""
    if not url or _UNSAFE.search(url) or any(c.isspace() for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.hostname:
        return None
    return quote(url, safe=":/?#[]@!$&'*+,;=%~-._")  # percent-encode anything else, e.g. <, >, ", ( and )


def md_escape(text: str) -> str:
    """Backslash-escape every Markdown special so untrusted text can't make links, emphasis or HTML."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def md_url(url: str) -> str:
    """A ``safe_url`` for a Markdown link target: parentheses encoded so it can't end the link early."""
    return url.replace("(", "%28").replace(")", "%29").replace("'", "%27")
