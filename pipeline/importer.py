"""``strikewatch import``: articles from JSON Lines, one object a line; bad lines reported, good ones stored."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy.orm import Session

from pipeline.canonical import is_http_url
from pipeline.errors import InputError
from pipeline.models import OUTLET_KINDS
from pipeline.states import STATE_CODES
from pipeline.store import ArticleIn, get_or_create_outlet, store_article


@dataclass
class ImportReport:
    stored: int = 0
    duplicates: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


@dataclass
class _Row:
    article: ArticleIn
    outlet: dict[str, str | None] | None


def _text(obj: dict[str, object], key: str, required: bool = False) -> str | None:
    value = obj.get(key)
    if value is None or value == "":
        if required:
            raise InputError(f"missing {key!r}")
        return None
    if not isinstance(value, str):
        raise InputError(f"{key!r} must be a string")
    return value


def parse_line(line: str) -> _Row:
    """One JSONL line as an article, or an ``InputError`` saying what is wrong with it."""
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(f"not valid JSON ({exc.msg} at column {exc.colno})") from exc
    if not isinstance(obj, dict):
        raise InputError("not a JSON object")
    url = _text(obj, "url", required=True)
    assert url is not None
    if not is_http_url(url):
        raise InputError(f"'url' is not an http(s) URL: {url!r}")
    title = _text(obj, "title", required=True) or ""
    text = _text(obj, "text", required=True) or ""
    published = None
    if (raw := _text(obj, "published")) is not None:
        try:
            published = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        except ValueError as exc:
            raise InputError(f"'published' is not an ISO 8601 date: {raw!r}") from exc
    outlet = None
    if (name := _text(obj, "outlet")) is not None:
        state, kind = _text(obj, "outlet_state"), _text(obj, "outlet_kind")
        if state is not None and state.upper() not in STATE_CODES:
            raise InputError(f"'outlet_state' is not a state postal code: {state!r}")
        if kind is not None and kind not in OUTLET_KINDS:
            raise InputError(f"'outlet_kind' must be one of {', '.join(OUTLET_KINDS)}: {kind!r}")
        outlet = {"name": name, "homepage": _text(obj, "outlet_url"), "state": state and state.upper(),
                  "kind": kind}
    article = ArticleIn(url=url, title=title, text=text, published=published,
                        date_source="import" if published else None, author=_text(obj, "author"),
                        found_by="import")
    return _Row(article, outlet)


def parse_lines(lines: Iterable[str]) -> Iterator[tuple[int, _Row | InputError]]:
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            yield number, parse_line(line)
        except InputError as exc:
            yield number, exc


def import_lines(session: Session, lines: Iterable[str]) -> ImportReport:
    """Store every valid line (idempotently); collect the invalid ones with their line numbers."""
    report = ImportReport()
    for number, row in parse_lines(lines):
        if isinstance(row, InputError):
            report.errors.append((number, str(row)))
            continue
        if row.outlet is not None:
            o = row.outlet
            outlet = get_or_create_outlet(session, o["name"] or "", o["homepage"], o["state"], o["kind"])
            row.article.outlet_id = outlet.id
        result = store_article(session, row.article)
        if result.created:
            report.stored += 1
        else:
            report.duplicates += 1
    return report
