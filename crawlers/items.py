"""What spiders yield: small typed dataclasses (no responses, no database ids; sources are named by URL)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass
class ArticleItem:
    """An article found through a source (``source_url``: the feed, sitemap or section that listed it)."""

    url: str
    source_url: str
    title: str = ""
    text: str = ""
    published: datetime | None = None
    date_source: str | None = None  # feed | page
    author: str | None = None
    language: str | None = None
    summary: str | None = None
    from_page: bool = True  # False: the page failed and the feed's own content was used
    found_by: str = "feeds"
    outlet: str | None = None  # outlet name for a page without a source (``strikewatch crawl --url --outlet``)
    keep: bool = False  # a person asked for this page: the pre-filter never drops it


@dataclass
class SourceResult:
    """How fetching one source went; yielded once per source, after its new articles."""

    source_url: str
    ok: bool
    status: int | None = None
    etag: str | None = None
    last_modified: str | None = None
    error: str | None = None
    entries: int = 0
    new_entries: int = 0
    content_hash: str | None = None  # fingerprint of the entries (pipeline.health): same entries = not modified

    @property
    def not_modified(self) -> bool:
        return self.ok and self.status == 304


@dataclass
class FetchNote:
    """Something worth logging against a source that did not make it fail (a malformed feed, a dead page)."""

    source_url: str
    url: str
    message: str
    status: int | None = None
    kind: str = "warning"
