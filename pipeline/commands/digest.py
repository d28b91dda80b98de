"""``strikewatch digest`` and ``strikewatch posts``: the daily digest as a static site, and ready-made posts."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.common import out, parse_day, print_json, runtime
from pipeline.errors import InputError
from pipeline.stories.dates import today

Day = Annotated[str | None, typer.Option("--date", help="The day (YYYY-MM-DD); default: today.")]
Unreviewed = Annotated[bool, typer.Option("--include-unreviewed",
                                          help="Show items not yet approved (the digest is marked DRAFT).")]


def digest(
    ctx: typer.Context,
    date: Day = None,
    out_dir: Annotated[Path | None, typer.Option("--out", help="Site folder (default: STRIKEWATCH_SITE_DIR or "
                                                 "site/ in the data folder).")] = None,
    include_unreviewed: Unreviewed = False,
) -> None:
    """Render one day's digest (HTML, e-mail HTML, Markdown, text, JSON, posts, map) and refresh the site."""
    from digests.site import write_site

    rt = runtime(ctx)
    day = parse_day(date, today(rt.settings.tz))
    assert day is not None
    with rt.sessions()() as session:
        result = write_site(session, day, rt.settings, out=out_dir, include_unreviewed=include_unreviewed)
    f = result.digest.figures
    state = "DRAFT" if result.digest.draft else "reviewed"
    out.print(f"digest {day} ({state}): {f.stories} stories, {f.articles} articles, {f.outlets} outlets, "
              f"{f.states} states; {len(result.files)} files → {result.day_dir}")


def posts(
    ctx: typer.Context,
    date: Day = None,
    platform: Annotated[str | None, typer.Option(help="x | bluesky | mastodon | long (default: all).")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON: platform, text, length, limit.")] = False,
    include_unreviewed: Unreviewed = False,
) -> None:
    """Ready-made posts for the day's top stories and for each state with news."""
    from digests.build import build_digest
    from digests.posts import PLATFORMS

    if platform is not None and platform not in PLATFORMS:
        raise InputError(f"--platform must be one of {', '.join(PLATFORMS)}, not {platform!r}")
    rt = runtime(ctx)
    day = parse_day(date, today(rt.settings.tz))
    assert day is not None
    with rt.sessions()() as session:
        result = build_digest(session, day, rt.settings, include_unreviewed=include_unreviewed)
    chosen = [p for p in result.posts if platform is None or p.platform == platform]
    if as_json:
        print_json([asdict(p) for p in chosen])
        return
    if result.draft:
        out.print("DRAFT: not (fully) reviewed\n", markup=False)
    for p in chosen:
        out.print(f"--- {p.platform} · {p.about} · {p.length}/{p.limit}", markup=False)
        out.print(p.text + "\n", markup=False)
    if not chosen:
        out.print(f"no posts for {day}: nothing to share", markup=False)


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)
    app.command("posts")(posts)
