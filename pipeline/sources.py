"""Sources: outlets and their feeds, the shipped default list, and OPML import/export."""

from __future__ import annotations

import json
import tomllib
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from defusedxml import ElementTree as SafeET
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from pipeline.canonical import is_http_url
from pipeline.errors import InputError, SourceError
from pipeline.models import OUTLET_KINDS, Feed, Outlet
from pipeline.states import STATE_CODES
from pipeline.store import get_or_create_outlet


@dataclass
class SourceSpec:
    """An outlet and its feed URLs, as written in a source list or an OPML file."""

    name: str
    homepage: str | None = None
    kind: str = "mainstream"
    state: str | None = None
    feeds: list[str] = field(default_factory=list)
    # URLs that are not RSS/Atom feeds: url -> (source kind "sitemap" | "site", site rules or None)
    other_kinds: dict[str, tuple[str, dict[str, Any] | None]] = field(default_factory=dict)

    def validate(self, where: str) -> None:
        if not self.name.strip():
            raise InputError(f"{where}: a source needs a name")
        if self.kind not in OUTLET_KINDS:
            raise InputError(f"{where}: kind must be one of {', '.join(OUTLET_KINDS)}, not {self.kind!r}")
        if self.state is not None and self.state not in STATE_CODES:
            raise InputError(f"{where}: unknown state code {self.state!r}")
        for url in self.feeds:
            if not is_http_url(url):
                raise InputError(f"{where}: not an http(s) feed URL: {url!r}")


def default_sources() -> list[SourceSpec]:
    """The shipped source list (``pipeline/data/sources.toml``)."""
    raw = tomllib.loads(resources.files("pipeline.data").joinpath("sources.toml").read_text("utf-8"))
    specs = [
        SourceSpec(o["name"], o.get("homepage"), o.get("kind", "mainstream"), o.get("state"), list(o["feeds"]))
        for o in raw["outlet"]
    ]
    for i, spec in enumerate(specs):
        spec.validate(f"sources.toml outlet {i + 1}")
    return specs


def add_source(session: Session, spec: SourceSpec, feed_kind: str = "feed") -> tuple[Outlet, list[Feed]]:
    """Add (or complete) an outlet and its feeds; existing feeds are left as they are. Returns the new feeds."""
    outlet = get_or_create_outlet(session, spec.name, spec.homepage, spec.state, spec.kind)
    new: list[Feed] = []
    for url in spec.feeds:
        if session.scalar(select(Feed.id).where(Feed.url == url)) is None:
            kind, rules = spec.other_kinds.get(url, (feed_kind, None))
            feed = Feed(outlet=outlet, url=url, kind=kind, rules=rules, consecutive_failures=0, enabled=True)
            session.add(feed)
            new.append(feed)
    session.flush()
    return outlet, new


def seed_defaults(session: Session) -> int:
    """Load the default list when the database has no sources yet; returns the number of feeds added."""
    if session.scalar(select(Feed.id).limit(1)) is not None:
        return 0
    return sum(len(add_source(session, spec)[1]) for spec in default_sources())


def list_sources(session: Session) -> list[Outlet]:
    return list(session.scalars(select(Outlet).options(selectinload(Outlet.feeds)).order_by(Outlet.name)))


def remove_source(session: Session, key: str) -> str:
    """Remove a feed (by URL or id) or an outlet with all its feeds (by name); returns what was removed."""
    feed = session.scalar(select(Feed).where(Feed.url == key))
    if feed is None and key.isdigit():
        feed = session.get(Feed, int(key))
    if feed is not None:
        session.delete(feed)
        return f"feed {feed.url}"
    outlet = session.scalar(select(Outlet).where(Outlet.name == key))
    if outlet is None:
        raise SourceError(f"no feed or outlet called {key!r} (see `strikewatch sources list`)")
    session.delete(outlet)
    return f"outlet {outlet.name} and its {len(outlet.feeds)} feed(s)"


# --- OPML -------------------------------------------------------------------------------------------------

def parse_opml(data: bytes, where: str = "OPML") -> list[SourceSpec]:
    """Outlets and feeds from an OPML file; feeds of one outlet (same ``text``) are grouped.

    strikewatch writes extra attributes that other readers ignore: ``kind`` and ``state`` of the outlet, and for
    sources that are not feeds ``type="sitemap"|"site"`` and the site's link ``rules`` as JSON.
    """
    try:
        root = SafeET.fromstring(data)
    except (ET.ParseError, ValueError) as exc:
        raise InputError(f"{where} is not valid OPML/XML: {exc}") from exc
    if root.tag != "opml" or root.find("body") is None:
        raise InputError(f"{where} is not OPML (no <opml><body>)")
    specs: dict[str, SourceSpec] = {}
    for n, node in enumerate(root.iter("outline"), 1):
        url = node.get("xmlUrl")
        if not url:
            continue
        name = (node.get("text") or node.get("title") or url).strip()
        spec = specs.setdefault(
            name, SourceSpec(name, node.get("htmlUrl"), node.get("kind") or "mainstream", node.get("state") or None)
        )
        spec.feeds.append(url.strip())
        if node.get("type") in ("sitemap", "site"):
            spec.other_kinds[url.strip()] = (node.get("type", ""), _rules(node.get("rules"), f"{where} outline {n}"))
        spec.validate(f"{where} outline {n} ({name})")
    return list(specs.values())


def _rules(raw: str | None, where: str) -> dict[str, Any] | None:
    if not raw:
        return None
    try:
        rules = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InputError(f"{where}: 'rules' is not JSON: {exc.msg}") from exc
    if not isinstance(rules, dict):
        raise InputError(f"{where}: 'rules' must be a JSON object")
    return rules


def read_opml(path: Path) -> list[SourceSpec]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    return parse_opml(data, str(path))


def to_opml(outlets: list[Outlet], title: str = "strikewatch sources") -> str:
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for outlet in outlets:
        for feed in outlet.feeds:
            attrs = {"type": "rss" if feed.kind == "feed" else feed.kind, "text": outlet.name,
                     "title": feed.title or outlet.name, "xmlUrl": feed.url, "kind": outlet.kind}
            if feed.rules:
                attrs["rules"] = json.dumps(feed.rules, sort_keys=True)
            if outlet.homepage:
                attrs["htmlUrl"] = outlet.homepage
            if outlet.home_state:
                attrs["state"] = outlet.home_state
            ET.SubElement(body, "outline", attrs)
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"
