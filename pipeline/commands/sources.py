"""``strikewatch sources …``: the outlets and feeds to crawl."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.common import out, print_json, runtime
from pipeline.crawlrules import rules_from_json
from pipeline.errors import InputError
from pipeline.sources import SourceSpec, add_source, list_sources, read_opml, remove_source, to_opml

SOURCE_TYPES = ("feed", "sitemap", "site")
sources_app = typer.Typer(help="List, add, remove, import and export sources (outlets and their feeds).",
                          no_args_is_help=True)


@sources_app.command("list")
def list_(ctx: typer.Context, as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """List outlets and their feeds."""
    with runtime(ctx).sessions()() as session:
        outlets = list_sources(session)
        if as_json:
            print_json([{"name": o.name, "kind": o.kind, "state": o.home_state, "homepage": o.homepage,
                         "feeds": [{"id": f.id, "url": f.url, "kind": f.kind, "enabled": f.enabled}
                                   for f in o.feeds]} for o in outlets])
            return
        for o in outlets:
            where = f", {o.home_state}" if o.home_state else ""
            out.print(f"{o.name} ({o.kind}{where})")
            for f in o.feeds:
                kind = "" if f.kind == "feed" else f" [{f.kind}]"
                out.print(f"  [{f.id}] {f.url}{kind}{'' if f.enabled else ' (disabled)'}", markup=False)
        out.print(f"{len(outlets)} outlets, {sum(len(o.feeds) for o in outlets)} feeds")


@sources_app.command()
def add(
    ctx: typer.Context,
    name: Annotated[str, typer.Argument(help="Outlet name, e.g. 'Alabama Reflector'.")],
    feed: Annotated[list[str], typer.Option("--feed", help="Feed URL (repeat for several).")],
    kind: Annotated[str, typer.Option(help="mainstream | local | movement | wire")] = "mainstream",
    state: Annotated[str | None, typer.Option(help="Home state of a local outlet (postal code).")] = None,
    homepage: Annotated[str | None, typer.Option(help="The outlet's homepage.")] = None,
    source_type: Annotated[str, typer.Option("--type", help="What the URLs are: feed (RSS/Atom) | sitemap (a "
                                             "sitemap or robots.txt) | site (a section page to follow links from)"
                                             )] = "feed",
    rules: Annotated[str | None, typer.Option(help="With --type site: link rules as JSON, e.g. "
                                              '\'{"article": ["/news/20"], "max_depth": 1}\'')] = None,
) -> None:
    """Add an outlet with one or more feeds (or sitemaps, or site sections: --type)."""
    spec = SourceSpec(name, homepage, kind, state.upper() if state else None, feed)
    spec.validate("sources add")
    if source_type not in SOURCE_TYPES:
        raise InputError(f"sources add: --type must be one of {', '.join(SOURCE_TYPES)}, not {source_type!r}")
    if rules is not None and source_type != "site":
        raise InputError("sources add: --rules goes with --type site")
    site_rules = [rules_from_json(url, rules) for url in feed] if rules is not None else []
    with runtime(ctx).sessions()() as session, session.begin():
        outlet, new = add_source(session, spec, feed_kind=source_type)
        for added in new:
            added.rules = site_rules[feed.index(added.url)] if site_rules else None
        out.print(f"{outlet.name}: {len(new)} new feed(s), {len(spec.feeds) - len(new)} already known")


@sources_app.command()
def remove(ctx: typer.Context, key: Annotated[str, typer.Argument(help="Feed URL or id, or outlet name.")]) -> None:
    """Remove a feed, or an outlet with all its feeds (its stored articles stay)."""
    with runtime(ctx).sessions()() as session, session.begin():
        out.print(f"removed {remove_source(session, key)}")


@sources_app.command("import-opml")
def import_opml(ctx: typer.Context, file: Annotated[Path, typer.Argument(help="OPML file.")]) -> None:
    """Add the outlets and feeds of an OPML file (as feed readers export them)."""
    specs = read_opml(file)
    with runtime(ctx).sessions()() as session, session.begin():
        added = sum(len(add_source(session, spec)[1]) for spec in specs)
    out.print(f"{len(specs)} outlets in {file}: {added} new feed(s)")


@sources_app.command("export-opml")
def export_opml(
    ctx: typer.Context,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write (default: stdout).")] = None,
) -> None:
    """Write every source as OPML."""
    with runtime(ctx).sessions()() as session:
        text = to_opml(list_sources(session))
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, "utf-8")
        out.print(f"wrote {output}")


def register(app: typer.Typer) -> None:
    app.add_typer(sources_app, name="sources")
