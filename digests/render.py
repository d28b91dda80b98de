"""The one Jinja2 environment (StrictUndefined; autoescape for HTML, XML and SVG) and the render functions.

Render functions take plain data (``digests.data``, ``digests.campaign``, ``digests.charts``) and return text.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import css_inline
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from digests.campaign import Campaign, StatePage
from digests.charts import BarChart, TileMap
from digests.data import Digest
from digests.text import md_escape, md_url


def _signed(n: int) -> str:
    return f"+{n}" if n > 0 else ("±0" if n == 0 else f"−{-n}")


def _static(name: str) -> str:
    return resources.files("digests").joinpath("static", name).read_text("utf-8")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("digests", "templates"),
        autoescape=select_autoescape(["html", "xml", "svg"], default_for_string=True, default=False),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, md_url=md_url, signed=_signed)
    script = _static("copy.js")
    digest = base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    env.globals.update(
        css=_static("site.css"),
        copy_script=script,
        csp=f"default-src 'none'; style-src 'unsafe-inline'; img-src data:; script-src 'sha256-{digest}'; "
            "base-uri 'none'; form-action 'none'",
    )
    return env


@dataclass(frozen=True)
class IndexEntry:
    """One published day on the index page and in the feed (read back from its digest.json)."""

    day: str
    draft: bool
    generated_at: str
    stories: int
    articles: int
    states: int
    headlines: tuple[str, ...]


def _render(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def day_html(digest: Digest, day_map: TileMap, campaign_map: TileMap, state_links: dict[str, str]) -> str:
    return _render("day.html", d=digest, day_map=day_map, campaign_map=campaign_map, state_links=state_links)


def email_html(digest: Digest) -> str:
    html = _render("email.html", d=digest)
    return str(css_inline.inline(html, keep_style_tags=False))


def markdown(digest: Digest) -> str:
    return _render("digest.md", d=digest)


def plain_text(digest: Digest) -> str:
    return _render("digest.txt", d=digest)


def json_text(data: Any) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def map_svg(tile_map: TileMap, standalone: bool = True) -> str:
    return _render("map.svg", m=tile_map, standalone=standalone)


def chart_svg(chart: BarChart, standalone: bool = True) -> str:
    return _render("bars.svg", c=chart, standalone=standalone)


def index_html(entries: list[IndexEntry], campaign: Campaign) -> str:
    return _render("index.html", entries=entries, campaign=campaign)


def state_html(page: StatePage) -> str:
    return _render("state.html", s=page)
