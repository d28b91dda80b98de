"""Writes the static site: one folder per day, the index with the campaign chart, a page per state, the Atom feed.

Layout (relative links only, so the folder works offline and anywhere it is copied)::

    index.html  feed.atom
    days/YYYY-MM-DD/  index.html email.html digest.md digest.txt digest.json posts.json map-day.svg map-campaign.svg
    states/XX.html
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from feedgen.feed import FeedGenerator  # type: ignore[import-untyped]
from sqlalchemy.orm import Session

from digests import render
from digests.build import build_digest
from digests.campaign import Campaign, build_campaign
from digests.charts import CAMPAIGN_STEPS, DAY_STEPS, TileMap, tile_map
from digests.data import Digest
from digests.render import IndexEntry
from pipeline.config import Settings
from pipeline.runtime import Runtime

DAYS, STATES = "days", "states"


@dataclass(frozen=True)
class SiteResult:
    digest: Digest
    day_dir: Path
    files: tuple[Path, ...]


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8", newline="\n")
    return path


def day_maps(digest: Digest, links: dict[str, str]) -> tuple[TileMap, TileMap]:
    flagged = {b.code for b in digest.blackout}
    today = tile_map("map-day", f"Articles per state on {digest.day.isoformat()}",
                     {s.code: s.articles for s in digest.states}, flagged, DAY_STEPS, links)
    so_far = tile_map("map-campaign", f"Articles per state, campaign to {digest.day.isoformat()}",
                      {s.code: s.campaign_articles for s in digest.campaign_states}, flagged, CAMPAIGN_STEPS, links)
    return today, so_far


def write_day(out: Path, digest: Digest, state_codes: set[str]) -> list[Path]:
    folder = out / DAYS / digest.day.isoformat()
    links = {c: f"../../{STATES}/{c}.html" for c in sorted(state_codes)}
    today, so_far = day_maps(digest, links)
    return [
        _write(folder / "index.html", render.day_html(digest, today, so_far, links)),
        _write(folder / "email.html", render.email_html(digest)),
        _write(folder / "digest.md", render.markdown(digest)),
        _write(folder / "digest.txt", render.plain_text(digest)),
        _write(folder / "digest.json", render.json_text(digest.to_json())),
        _write(folder / "posts.json", render.json_text([asdict(p) for p in digest.posts])),
        _write(folder / "map-day.svg", render.map_svg(today)),
        _write(folder / "map-campaign.svg", render.map_svg(so_far)),
    ]


def read_entries(out: Path) -> list[IndexEntry]:
    """Every digest written so far, newest first (read back from its digest.json)."""
    entries = []
    for path in sorted((out / DAYS).glob("*/digest.json"), reverse=True):
        data = json.loads(path.read_text("utf-8"))
        f = data["figures"]
        entries.append(IndexEntry(data["day"], data["draft"], data["generated_at"], f["stories"], f["articles"],
                                  f["states"], tuple(s["title"] for s in data["top_stories"][:3])))
    return entries


def atom(entries: list[IndexEntry]) -> str:
    fg = FeedGenerator()
    fg.id("urn:strikewatch:digests")
    fg.title("Strike coverage digests")
    fg.link(href="index.html", rel="alternate")
    fg.language("en")
    updated = [datetime.fromisoformat(e.generated_at) for e in entries] or [datetime(1970, 1, 1, tzinfo=UTC)]
    fg.updated(max(updated))
    for e in reversed(entries):
        fe = fg.add_entry()
        fe.id(f"urn:strikewatch:digest:{e.day}")
        fe.title(f"{'DRAFT: ' if e.draft else ''}Strike coverage digest, {e.day}")
        fe.link(href=f"{DAYS}/{e.day}/index.html", rel="alternate")
        fe.updated(datetime.fromisoformat(e.generated_at))
        lines = [f"{e.stories} stories, {e.articles} articles, {e.states} states."] + [f"• {h}" for h in e.headlines]
        fe.content("\n".join(lines), type="text")
    return fg.atom_str(pretty=True).decode("utf-8")


def write_campaign(out: Path, campaign: Campaign) -> list[Path]:
    entries = read_entries(out)
    files = [_write(out / "index.html", render.index_html(entries, campaign)),
             _write(out / "feed.atom", atom(entries))]
    files += [_write(out / STATES / f"{page.code}.html", render.state_html(page)) for page in campaign.states]
    return files


def _latest_rendered(out: Path) -> date | None:
    days = [p.parent.name for p in (out / DAYS).glob("*/digest.json")]
    return date.fromisoformat(max(days)) if days else None


def write_site(session: Session, day: date, settings: Settings, out: Path | None = None,
               include_unreviewed: bool = False, now: datetime | None = None) -> SiteResult:
    """Render ``day`` into the site folder and refresh the index, state pages and feed."""
    out = out or settings.output_dir
    digest = build_digest(session, day, settings, include_unreviewed=include_unreviewed, now=now)
    until = max(day, _latest_rendered(out) or day)
    campaign = build_campaign(session, until, settings.tz, include_unreviewed=include_unreviewed, now=now)
    files = write_day(out, digest, {p.code for p in campaign.states})
    files += write_campaign(out, campaign)
    return SiteResult(digest, out / DAYS / day.isoformat(), tuple(files))


def run_stage(rt: Runtime, day: date) -> str:
    """The ``digest`` stage: render the day (as a draft unless reviewed) into the configured site folder."""
    with rt.sessions()() as session:
        result = write_site(session, day, rt.settings)
    f = result.digest.figures
    draft = " (draft)" if result.digest.draft else ""
    return f"digest {day}{draft}: {f.stories} stories, {f.articles} articles, {f.states} states → {result.day_dir}"
