"""``strikewatch coverage``, ``blackout``, ``breakthroughs`` and ``actions``: who covers the strike, where not."""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer

from pipeline.actions import add_actions, check_action, list_actions, read_actions_csv
from pipeline.breakthroughs import list_breakthroughs
from pipeline.commands.common import out, parse_day, print_json, runtime
from pipeline.commands.stories import clean
from pipeline.coverage import BlackoutEntry, CoverageRow, blackout, coverage_by_day
from pipeline.errors import InputError
from pipeline.models import ACTION_KINDS, OUTLET_KINDS
from pipeline.stories.dates import today

actions_app = typer.Typer(help="Record and list actions reported from inside (work stoppages, hunger strikes...).",
                          no_args_is_help=True)
Since = Annotated[str | None, typer.Option("--since", help="First day (YYYY-MM-DD); default: 6 days before --until.")]
Until = Annotated[str | None, typer.Option("--until", help="Last day (YYYY-MM-DD); default: today.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON.")]


def _kinds(row: CoverageRow) -> str:
    return " ".join(f"{k} {n}" for k, n in row.by_kind.items())


def coverage(
    ctx: typer.Context, since: Since = None, until: Until = None,
    by: Annotated[str, typer.Option(help="subject: states the articles are about; outlet: outlets' home states.")]
    = "subject",
    as_json: Json = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """Relevant coverage per state per day: articles, stories, outlets, articles per outlet kind."""
    rt = runtime(ctx)
    tz = rt.settings.tz
    last = parse_day(until, today(tz), "--until")
    assert last is not None
    first = parse_day(since, last - timedelta(days=6), "--since")
    assert first is not None
    with rt.sessions()() as session:
        rows = coverage_by_day(session, first, last, by=by, tz=tz)
    if as_json:
        print_json([asdict(r) for r in rows])
    elif as_csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(["day", "state", "articles", "stories", "outlets", *OUTLET_KINDS, "undated"])
        for r in rows:
            writer.writerow([r.day, r.state, r.articles, r.stories, r.outlets,
                             *(r.by_kind.get(k, 0) for k in OUTLET_KINDS), r.undated])
    else:
        for r in rows:
            undated = f" ({r.undated} dated by fetch time)" if r.undated else ""
            out.print(f"{r.day} {r.state:<8} articles {r.articles:>3}  stories {r.stories:>3}  outlets "
                      f"{r.outlets:>3}  {_kinds(r)}{undated}", markup=False)
        out.print(f"{len(rows)} state-days from {first} to {last} by {by}")


def _entry_line(e: BlackoutEntry) -> str:
    where = f" at {', '.join(clean(f) for f in e.facilities)}" if e.facilities else ""
    return f"  {e.state}: {e.reports} report(s) ({', '.join(e.kinds)}){where}, last {e.last_action}"


def blackout_(
    ctx: typer.Context,
    as_of: Annotated[str | None, typer.Option("--as-of", help="Last day of the window; default: today.")] = None,
    days: Annotated[int, typer.Option(min=1, help="Window length in days.")] = 7,
    as_json: Json = False,
) -> None:
    """States and facilities with reported action but no relevant coverage; states with movement coverage only."""
    rt = runtime(ctx)
    day = parse_day(as_of, today(rt.settings.tz), "--as-of")
    assert day is not None
    with rt.sessions()() as session:
        report = blackout(session, day, days, rt.settings.tz)
    if as_json:
        print_json(asdict(report))
        return
    out.print(f"blackout watch, {days} day(s) to {day}:", markup=False)
    out.print(f"no coverage: {len(report.no_coverage)} state(s)")
    for e in report.no_coverage:
        out.print(_entry_line(e), markup=False)
    if report.facilities_uncovered:
        out.print(f"covered states with silent facilities: {len(report.facilities_uncovered)}")
        for e in report.facilities_uncovered:
            out.print(_entry_line(e), markup=False)
    out.print(f"movement media only: {', '.join(report.movement_only) or '-'}")


def breakthroughs(ctx: typer.Context, since: Annotated[str | None, typer.Option()] = None,
                  until: Annotated[str | None, typer.Option()] = None, as_json: Json = False) -> None:
    """Recorded breakthroughs: first mainstream article about a state, first coverage of a facility."""
    rt = runtime(ctx)
    with rt.sessions()() as session:
        found = list_breakthroughs(session, rt.settings.tz, parse_day(since, flag="--since"),
                                   parse_day(until, flag="--until"))
    if as_json:
        print_json([asdict(b) for b in found])
        return
    for b in found:
        out.print(f"{b.day} {b.kind} {clean(b.label)}: {clean(b.title)} ({clean(b.outlet)}) {b.url}", markup=False)
    out.print(f"{len(found)} breakthrough(s)")


@actions_app.command()
def add(
    ctx: typer.Context,
    state: Annotated[str, typer.Option(help="Postal code, e.g. SC.")],
    date_: Annotated[str, typer.Option("--date", help="Day of the action (YYYY-MM-DD).")],
    kind: Annotated[str, typer.Option(help=" | ".join(ACTION_KINDS))],
    facility: Annotated[str, typer.Option(help="Facility name, if known.")] = "",
    note: Annotated[str, typer.Option(help="Source note.")] = "",
) -> None:
    """Record one reported action."""
    rt = runtime(ctx)
    action = check_action(state, date_, kind, facility, note, today(rt.settings.tz))
    with rt.sessions()() as session, session.begin():
        result = add_actions(session, [action], who="cli")
    what = "recorded" if result.added else "already recorded"
    out.print(f"{what}: {action.state} {action.day} {action.kind}{' at ' + action.facility if action.facility else ''}",
              markup=False)


@actions_app.command("list")
def list_(ctx: typer.Context, as_json: Json = False) -> None:
    """List reported actions, newest first."""
    with runtime(ctx).sessions()() as session:
        found = list_actions(session)
    rows: list[dict[str, Any]] = [
        {"id": a.id, "state": a.state, "facility": a.facility, "date": a.day.isoformat(), "kind": a.kind,
         "note": a.note} for a in found]
    if as_json:
        print_json(rows)
        return
    for r in rows:
        where = f" at {clean(r['facility'])}" if r["facility"] else ""
        note = f" — {clean(r['note'], 80)}" if r["note"] else ""
        out.print(f"[{r['id']}] {r['date']} {r['state']} {r['kind']}{where}{note}", markup=False)
    out.print(f"{len(rows)} action report(s)")


@actions_app.command("import")
def import_(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="CSV: state,facility,date,kind,note.")]
            ) -> None:
    """Import action reports from CSV; a malformed row stops the import before anything is stored."""
    rt = runtime(ctx)
    try:
        text = file.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read {file}: {exc}") from exc
    actions = read_actions_csv(text, today(rt.settings.tz))
    with rt.sessions()() as session, session.begin():
        result = add_actions(session, actions, who="import")
    out.print(f"{result.rows} row(s) in {file}: {result.added} added, {result.already} already recorded",
              markup=False)


def register(app: typer.Typer) -> None:
    app.command("coverage")(coverage)
    app.command("blackout")(blackout_)
    app.command("breakthroughs")(breakthroughs)
    app.add_typer(actions_app, name="actions")
