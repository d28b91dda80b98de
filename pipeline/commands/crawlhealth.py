"""``strikewatch sources check`` and ``strikewatch sources discover``: source health and feed discovery.

Both join the ``sources`` group defined in ``pipeline/commands/sources.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from urllib.parse import urlsplit

import typer

from pipeline.commands.common import out, print_json, runtime
from pipeline.commands.sources import sources_app
from pipeline.discover import discover, make_fetcher
from pipeline.health import SourceHealth, source_health
from pipeline.models import utcnow
from pipeline.netguard import NetGuard
from pipeline.sources import SourceSpec, add_source


def _when(value: datetime | None, now: datetime) -> str:
    if value is None:
        return "never"
    seconds = (now - value).total_seconds()
    ago = (f"{int(seconds // 86400)} d ago" if seconds >= 86400 else f"{int(seconds // 3600)} h ago"
           if seconds >= 3600 else f"{max(0, int(seconds // 60))} min ago")
    return f"{value:%Y-%m-%d %H:%M} UTC ({ago})" if seconds >= 0 else f"{value:%Y-%m-%d %H:%M} UTC"


def _lines(h: SourceHealth, now: datetime) -> list[str]:
    lines = [f"{h.status.upper():8} {h.outlet} — {h.url} [{h.kind}]"]
    detail = f"last success: {_when(h.last_success, now)} · articles in 7 days: {h.recent}"
    if h.usual_per_day is not None:
        detail += f" · {h.recent_per_day:.1f}/day, usually {h.usual_per_day:.1f}/day"
    lines.append("         " + detail)
    if h.failures:
        lines.append(f"         failing {h.failures} time(s) in a row · last error: {h.last_error}")
    if h.quiet:
        lines.append("         went quiet: far below its usual level — a dead feed, or a blackout? look at it")
    if h.enabled and h.next_check is not None:
        lines.append(f"         next check: {h.next_check:%Y-%m-%d %H:%M} UTC (interval {h.poll_interval // 60} min)")
    return lines


def check(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print as JSON.")] = False,
    problems: Annotated[bool, typer.Option("--problems", help="Only failing and quiet sources.")] = False,
) -> None:
    """Each source's health: last success, last error, failure streak, articles in 7 days; flags quiet ones."""
    now = utcnow()
    with runtime(ctx).sessions()() as session:
        report = source_health(session, now)
    if problems:
        report = [h for h in report if h.status in {"failing", "quiet"}]
    if as_json:
        print_json([{**h.__dict__, "status": h.status} for h in report])
        return
    for h in report:
        for line in _lines(h, now):
            out.print(line, markup=False)
    counts = {s: sum(1 for h in report if h.status == s) for s in ("ok", "failing", "quiet", "new", "disabled")}
    out.print(", ".join(f"{n} {s}" for s, n in counts.items() if n) or "no sources")


def discover_cmd(
    ctx: typer.Context,
    url: Annotated[str, typer.Argument(help="The outlet's homepage.")],
    add: Annotated[bool, typer.Option("--add", help="Add the outlet with the feeds and sitemaps found.")] = False,
    name: Annotated[str | None, typer.Option(help="Outlet name for --add (default: the page title).")] = None,
    kind: Annotated[str, typer.Option(help="Outlet kind for --add: mainstream | local | movement | wire")] = "local",
    state: Annotated[str | None, typer.Option(help="Home state for --add (postal code).")] = None,
    timeout: Annotated[float, typer.Option(help="Seconds to wait for each request.")] = 10.0,
) -> None:
    """Find an outlet's feeds (<link rel=alternate>, common paths) and sitemaps (robots.txt)."""
    rt = runtime(ctx)
    guard = NetGuard.from_strings(rt.settings.allowed_private_networks)
    title, found = discover(url, make_fetcher(guard, rt.settings.user_agent, timeout))
    for f in found:
        what = f"{f.entries} entries" if f.kind == "feed" else "from robots.txt"
        out.print(f"{f.kind:8} {f.url}  {f.title} ({what})", markup=False)
    if not found:
        out.print(f"no feeds or sitemaps found at {url}")
        return
    if add:
        spec_name = name or title or (urlsplit(url).hostname or url)
        with rt.sessions()() as session, session.begin():
            added = 0
            for feed_kind in ("feed", "sitemap"):
                spec = SourceSpec(spec_name, url, kind, state.upper() if state else None,
                                  [f.url for f in found if f.kind == feed_kind])
                spec.validate("sources discover")
                added += len(add_source(session, spec, feed_kind=feed_kind)[1])
        out.print(f"{spec_name}: {added} new source(s) added", markup=False)


def register(app: typer.Typer) -> None:
    sources_app.command("check")(check)
    sources_app.command("discover")(discover_cmd)
