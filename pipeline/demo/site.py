"""Render the demo newsroom (``newsroom.toml`` + templates) into pages served at a given base URL and time."""

from __future__ import annotations

import hashlib
import tomllib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from email.utils import format_datetime
from importlib import resources
from typing import Any

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from pipeline.sources import SourceSpec

FEED_TYPES = {"rss": "application/rss+xml", "rss-undated": "application/rss+xml", "atom": "application/atom+xml"}


@dataclass(frozen=True)
class Page:
    content_type: str
    body: bytes

    @property
    def etag(self) -> str:
        return '"' + hashlib.sha256(self.body).hexdigest()[:20] + '"'


@dataclass
class Outlet:
    slug: str
    name: str
    kind: str
    feed: str
    boilerplate: str
    base: str
    state: str | None = None
    articles: list[dict[str, Any]] = field(default_factory=list)

    @property
    def home_url(self) -> str:
        return f"{self.base}/{self.slug}/"

    @property
    def feed_url(self) -> str:
        return f"{self.base}/{self.slug}/feed.{'atom' if self.feed == 'atom' else 'rss'}"

    @property
    def feed_type(self) -> str:
        return FEED_TYPES[self.feed]

    def source(self) -> SourceSpec:
        return SourceSpec(self.name, self.home_url, self.kind, self.state, [self.feed_url])


def load_newsroom() -> dict[str, Any]:
    return tomllib.loads(resources.files("pipeline.demo").joinpath("newsroom.toml").read_text("utf-8"))


def _environment() -> Environment:
    return Environment(loader=PackageLoader("pipeline.demo", "templates"), undefined=StrictUndefined,
                       autoescape=select_autoescape(["html", "xml", "j2"]), keep_trailing_newline=True)


def _placed(raw: dict[str, Any], outlet: Outlet, now: datetime, via: str | None) -> dict[str, Any]:
    published = (now - timedelta(hours=raw["hours_ago"])).replace(microsecond=0)
    return {**raw, "url": f"{outlet.home_url}{raw['slug']}.html", "guid": f"{outlet.home_url}{raw['slug']}",
            "via": via, "published_iso": published.isoformat(), "published_rfc822": format_datetime(published, True),
            "published_human": published.strftime("%B %d, %Y, %H:%M UTC")}


def build_outlets(base_url: str, now: datetime) -> list[Outlet]:
    """The outlets with their articles (wire copies included), dated relative to ``now`` (UTC)."""
    data = load_newsroom()
    outlets = {o["slug"]: Outlet(base=base_url.rstrip("/"), **o) for o in data["outlet"]}
    for raw in data["article"]:
        home = outlets[raw["outlet"]]
        home.articles.append(_placed(raw, home, now, None))
        for slug in raw.get("copies", []):
            outlets[slug].articles.append(_placed(raw, outlets[slug], now, home.name))
    for outlet in outlets.values():
        outlet.articles.sort(key=lambda a: a["hours_ago"])
    return list(outlets.values())


def render_site(outlets: list[Outlet], now: datetime) -> dict[str, Page]:
    """Every page of the newsroom by path: index, outlet pages, articles, feeds and robots.txt."""
    env = _environment()
    pages = {"/": Page("text/html; charset=utf-8", env.get_template("index.html.j2").render(outlets=outlets).encode()),
             "/robots.txt": Page("text/plain", b"User-agent: *\nAllow: /\n")}
    for outlet in outlets:
        base = f"/{outlet.slug}/"
        pages[base] = Page("text/html; charset=utf-8", env.get_template("outlet.html.j2").render(
            outlet=outlet, articles=outlet.articles).encode())
        for article in outlet.articles:
            html = env.get_template("article.html.j2").render(outlet=outlet, article=article)
            pages[f"{base}{article['slug']}.html"] = Page("text/html; charset=utf-8", html.encode())
        template = "atom.xml.j2" if outlet.feed == "atom" else "rss.xml.j2"
        feed = env.get_template(template).render(outlet=outlet, articles=outlet.articles,
                                                 dated=outlet.feed != "rss-undated", updated=now.isoformat())
        pages[outlet.feed_url.removeprefix(outlet.base)] = Page(outlet.feed_type, feed.encode())
    return pages
