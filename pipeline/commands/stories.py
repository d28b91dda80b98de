"""``strikewatch cluster`` and ``strikewatch stories``: syndicated copies grouped into stories."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Annotated

import typer

from pipeline.breakthroughs import record_breakthroughs
from pipeline.commands.common import out, parse_day, print_json, runtime
from pipeline.stories import ClusterParams, StoryView, cluster_stories, list_stories

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


def clean(text: str, limit: int = 160) -> str:
    """Scraped text made safe for a terminal: no control characters, capped."""
    text = _CONTROL.sub(" ", text).strip()
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cluster(
    ctx: typer.Context,
    rebuild: Annotated[bool, typer.Option(help="Drop unpinned memberships and cluster all articles anew.")] = False,
    refresh: Annotated[bool, typer.Option(help="Recompute every story's summary (outlets, states, tags).")] = False,
    window_days: Annotated[int, typer.Option(min=0, help="Compare new articles with stories this many days around.")]
    = ClusterParams.window_days,
    threshold: Annotated[float, typer.Option(min=0.05, max=1.0, help="Jaccard similarity that makes two copies.")]
    = ClusterParams.threshold,
) -> None:
    """Group new articles into stories (exact and near-duplicate copies), then record breakthroughs."""
    params = ClusterParams(threshold=threshold, window_days=window_days)
    with runtime(ctx).sessions()() as session, session.begin():
        report = cluster_stories(session, params, rebuild=rebuild, refresh_all=refresh)
        found = record_breakthroughs(session)
    if report.removed:
        out.print(f"rebuild: {report.removed} unpinned membership(s) dropped")
    out.print(f"{report.summary()}; {found} new breakthrough(s)")


def _line(s: StoryView) -> str:
    mark = f" [date: {s.date_mark}]" if s.date_mark else ""
    where = ",".join(s.states) or "-"
    flag = "" if s.relevant else " (not relevant)"
    return (f"#{s.id} {s.day}{mark} {clean(s.title)!s}\n    {s.size} article(s), {len(s.outlets)} outlet(s) "
            f"from {','.join(s.outlet_states) or '-'}; about {where}{flag}; first: {clean(s.first_outlet)} {s.url}")


def stories(
    ctx: typer.Context,
    since: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD), in the configured time zone.")] = None,
    until: Annotated[str | None, typer.Option(help="Last day (YYYY-MM-DD), in the configured time zone.")] = None,
    relevant: Annotated[bool, typer.Option("--relevant", help="Only stories with a relevant article.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """List stories by the day they were first seen, newest first."""
    rt = runtime(ctx)
    first, last = parse_day(since, flag="--since"), parse_day(until, flag="--until")
    with rt.sessions()() as session:
        found = list_stories(session, rt.settings.tz, first, last, relevant_only=relevant)
    if as_json:
        print_json([asdict(s) for s in found])
        return
    for s in found:
        out.print(_line(s), markup=False)
    out.print(f"{len(found)} stories")


def register(app: typer.Typer) -> None:
    app.command("cluster")(cluster)
    app.command("stories")(stories)
