"""``strikewatch sources check`` and ``strikewatch sources discover``: source health and feed discovery.

Both join the ``sources`` group defined in ``pipeline/commands/sources.py``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import typer

from pipeline.commands.common import out, print_json, runtime
from pipeline.commands.sources import sources_app
from pipeline.health import SourceHealth, source_health
from pipeline.models import utcnow


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


def register(app: typer.Typer) -> None:
    sources_app.command("check")(check)
