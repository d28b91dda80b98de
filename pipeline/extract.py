"""Article extraction from HTML (trafilatura + htmldate) and from feed entries. Framework-free: no Scrapy here."""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import htmldate
import lxml.html
import trafilatura
from lxml.etree import ParserError
from trafilatura.settings import Document

from pipeline.store import check_published

_WS = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")
_LANG = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})*$")
MIN_TEXT_CHARS = 40
MAX_EXTRACT_CHARS = 3_000_000
_SCRIPTS = re.compile(r"<(script|style|svg|noscript)\b.*?</\1\s*>", re.S | re.I)
_HTMLDATE_FULL = "%Y-%m-%dT%H:%M:%S%z"


@dataclass(frozen=True)
class Extracted:
    """What a page (or a feed entry) tells about an article."""

    title: str = ""
    text: str = ""
    author: str | None = None
    published: datetime | None = None
    language: str | None = None
    description: str | None = None


def clean_text(text: str) -> str:
    """Fold runs of spaces, keep paragraph breaks (one blank line at most), strip the ends."""
    lines = (_WS.sub(" ", line).strip() for line in text.replace("\xa0", " ").splitlines())
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def normalize_language(value: str | None) -> str | None:
    """``en-US`` → ``en``; ``None`` for values that do not look like a language tag."""
    if not value:
        return None
    value = value.strip().split(",")[0].strip()
    if not _LANG.match(value):
        return None
    return re.split(r"[-_]", value)[0].lower()


def parse_when(value: str | None) -> datetime | None:
    """An ISO date or date-time as an aware datetime (a bare date means noon UTC); ``None`` when unparseable."""
    if not value:
        return None
    try:
        when = datetime.fromisoformat(value.strip())
    except ValueError:
        try:
            return datetime.combine(date.fromisoformat(value.strip()[:10]), time(12), tzinfo=UTC)
        except ValueError:
            return None
    if len(value.strip()) <= 10:
        when = when.replace(hour=12)
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def page_date(html: str) -> datetime | None:
    """The page's publication date (htmldate): a full timestamp from metadata when there is one, else a day."""
    try:
        full = htmldate.find_date(html, outputformat=_HTMLDATE_FULL, original_date=True, extensive_search=False)
        when = parse_when(full)
        if when is not None and (when.hour, when.minute, when.second, when.utcoffset()) == (0, 0, 0, timedelta(0)):
            return when.replace(hour=12)  # a bare day (htmldate pads it with midnight): noon is the safer guess
        if when is not None:
            return when
        return parse_when(htmldate.find_date(html, original_date=True, extensive_search=True))
    except (ValueError, TypeError):
        return None


def page_language(html: str) -> str | None:
    """The language declared by the page (``<html lang>``, ``og:locale``, ``content-language``)."""
    try:
        root = lxml.html.fromstring(html)
    except (ParserError, ValueError):
        return None
    candidates = [root.get("lang"), root.get("{http://www.w3.org/XML/1998/namespace}lang")]
    candidates += root.xpath("//meta[@property='og:locale']/@content")
    candidates += root.xpath("//meta[translate(@http-equiv,'CONTENTLANGUAGE','contentlanguage')"
                             "='content-language']/@content")
    return next((lang for lang in map(normalize_language, candidates) if lang), None)


def _optional(value: str | None) -> str | None:
    return clean_text(value) or None if value else None


def _drop_leading_title(text: str, title: str) -> str:
    first, _, rest = text.partition("\n")
    return rest.lstrip("\n") if title and first.strip() == title.strip() else text


def _within_budget(html: str) -> str:
    """The page without scripts and styles, cut at ``MAX_EXTRACT_CHARS``: extraction needs about 20 bytes of
    memory per byte of HTML, and no article needs megabytes of markup."""
    if len(html) <= MAX_EXTRACT_CHARS:
        return html
    return _SCRIPTS.sub(" ", html)[:MAX_EXTRACT_CHARS]


def extract_page(html: str, url: str) -> Extracted | None:
    """Main text and metadata of an article page; ``None`` when no article text can be found."""
    if not html.strip():
        return None
    html = _within_budget(html)
    doc = trafilatura.bare_extraction(html, url=url, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    if not isinstance(doc, Document) or not (doc.text or "").strip():
        return None
    title = clean_text(doc.title or "")
    text = _drop_leading_title(clean_text(doc.text or ""), title)
    if len(text) < MIN_TEXT_CHARS:  # a menu or a caption, not an article
        return None
    return Extracted(
        title=title,
        text=text,
        author=_optional(doc.author),
        published=page_date(html),
        language=normalize_language(doc.language) or page_language(html),
        description=_optional(doc.description),
    )


def fragment_text(fragment: str) -> str:
    """Plain text of an HTML fragment (a feed entry's content or summary), paragraphs kept."""
    if not fragment.strip():
        return ""
    if "<" not in fragment:
        return clean_text(fragment)
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (ParserError, ValueError):
        return clean_text(re.sub(r"<[^>]+>", " ", fragment))
    for block in root.iter("p", "br", "div", "li", "h1", "h2", "h3", "h4", "blockquote"):
        block.tail = "\n\n" + (block.tail or "")
    return clean_text(root.text_content())


def _struct_time_to_datetime(value: Any) -> datetime | None:
    if not value:
        return None
    try:
        year, month, day, hour, minute, second = value[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError):
        return None


def entry_published(entry: dict[str, Any]) -> datetime | None:
    """A feedparser entry's publication (else update) time, as an aware UTC datetime."""
    return _struct_time_to_datetime(entry.get("published_parsed")) or _struct_time_to_datetime(
        entry.get("updated_parsed")
    )


def extract_entry(entry: dict[str, Any], feed_language: str | None = None) -> Extracted:
    """What a feedparser entry itself says: its title, author, date and content (else summary) as text."""
    contents = entry.get("content") or []
    body = max((c.get("value", "") for c in contents), key=len, default="")
    summary = fragment_text(entry.get("summary", "") or "")
    text = fragment_text(body) if body else ""
    return Extracted(
        title=clean_text(fragment_text(entry.get("title", "") or "")),
        text=text if len(text) >= len(summary) else summary,
        author=clean_text(entry.get("author", "") or "") or None,
        published=entry_published(entry),
        language=normalize_language(entry.get("language") or feed_language),
        description=summary or None,
    )


@dataclass(frozen=True)
class Merged:
    """An article as the crawler stores it: the entry and the page combined."""

    data: Extracted
    date_source: str | None  # feed | page | None (the store then uses the fetch time)
    from_page: bool


def merge(entry: Extracted, page: Extracted | None, now: datetime | None = None) -> Merged:
    """The page's text (else the entry's own content), the entry's date (else the page's; future dates dropped)."""
    use_page = page is not None and bool(page.text) and len(page.text) >= min(len(entry.text), 200)
    best = page if use_page and page is not None else entry
    published, source = check_published(entry.published, now), "feed"
    if published is None and page is not None:
        published, source = check_published(page.published, now), "page"
    data = Extracted(
        title=entry.title or (page.title if page else ""),
        text=best.text,
        author=entry.author or (page.author if page else None),
        published=published,
        language=(page.language if page else None) or entry.language,
        description=entry.description or (page.description if page else None),
    )
    return Merged(data, source if published else None, use_page)


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_BOMS = ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        return codecs.lookup(name.strip().strip("\"'")).name
    except LookupError:
        return None


def declared_charset(content_type: str | None, body: bytes) -> str | None:
    """The charset a response declares: the Content-Type header first, then a ``<meta>`` in the first 4 KB."""
    match = re.search(r"charset\s*=\s*[\"']?([^\s;\"']+)", content_type or "", re.I)
    if match and _codec(match.group(1)):
        return _codec(match.group(1))
    meta = _META_CHARSET.search(body[:4096])
    return _codec(meta.group(1).decode("ascii", "ignore")) if meta else None


def decode_html(body: bytes, content_type: str | None = None) -> str:
    """Decode a page robustly: BOM, else strict UTF-8, else the declared charset, else Windows-1252.

    Strict UTF-8 first means a page that declares Latin-1 but is UTF-8 (or declares nothing) still reads right;
    a page that claims UTF-8 but is not falls back to its real legacy encoding instead of turning into U+FFFD.
    """
    for bom, encoding in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(encoding, errors="replace")
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    declared = declared_charset(content_type, body)
    if declared and declared not in {"utf-8", "ascii"}:
        return body.decode(declared, errors="replace")
    return body.decode("cp1252", errors="replace")
