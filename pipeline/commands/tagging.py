"""``strikewatch tag`` and ``strikewatch eval``: tag stored articles; measure the tagger on labelled passages."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from pipeline.commands.common import out, print_json, runtime
from pipeline.errors import ConfigError

_MODEL_HELP = "Also use the small English model's entities, if installed."


def _check_positive(value: int, flag: str) -> int:
    if value < 1:
        raise ConfigError(f"{flag} wants a number of at least 1, not {value}")
    return value


def tag(
    ctx: typer.Context,
    all_: Annotated[bool, typer.Option("--all", help="Re-tag every article (after a data change).")] = False,
    workers: Annotated[int, typer.Option("--workers", help="Parallel tagging processes (only this one writes).")] = 1,
    batch_size: Annotated[int, typer.Option("--batch-size", help="Articles per batch (and per commit).")] = 200,
    model: Annotated[bool, typer.Option("--model", help=_MODEL_HELP)] = False,
) -> None:
    """Tag untagged articles: relevance with reasons, states, facilities, mentions; corrections applied on top."""
    from pipeline.tagging.service import tag_articles
    from pipeline.tagging.tagger import Tagger

    _check_positive(workers, "--workers")
    _check_positive(batch_size, "--batch-size")
    with runtime(ctx).sessions()() as session:
        report = tag_articles(session, Tagger(use_model=model or False), retag_all=all_, batch_size=batch_size,
                              workers=workers, use_model=model or False)
    out.print(report.summary())


def eval_(
    file: Annotated[Path, typer.Argument(help="JSON Lines: text, relevant, states, facilities, optional title.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object with the scores.")] = False,
    model: Annotated[bool, typer.Option("--model", help=_MODEL_HELP)] = False,
) -> None:
    """Precision, recall and F1 for relevance, states and facilities; without --json also each passage's misses
    and false alarms. Needs no database."""
    from pipeline.tagging.evaluate import evaluate
    from pipeline.tagging.tagger import Tagger

    report = evaluate(file, Tagger(use_model=model or False))
    if as_json:
        print_json(report.as_dict())
        return
    for p in report.passages:
        out.print(f"{p.id}:", markup=False)
        for key, items in p.misses.items():
            out.print(f"  missed {key}: {'; '.join(items)}", markup=False)
        for key, items in p.false_alarms.items():
            out.print(f"  false alarm {key}: {'; '.join(items)}", markup=False)
    out.print(f"{report.n} passage(s)")
    for key, scores in report.as_dict().items():
        if isinstance(scores, dict):
            out.print(f"{key:<11} precision {scores['precision']:.3f}  recall {scores['recall']:.3f}  "
                      f"F1 {scores['f1']:.3f}")


def register(app: typer.Typer) -> None:
    app.command("tag")(tag)
    app.command("eval")(eval_)
