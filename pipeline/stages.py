"""The stages after the crawl, in data-flow order, for ``strikewatch demo`` and ``strikewatch run``.

Each entry names a function ``(rt: Runtime, day: datetime.date) -> str`` that runs the stage over the database
and returns a one-line summary. An area adds its stage here when it lands.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from importlib import import_module

from pipeline.runtime import Runtime

StageFn = Callable[[Runtime, date], str]

# name -> "module:function"
STAGES: dict[str, str] = {
    "tag": "pipeline.tagging.service:run_stage",  # first: relevance, states, facilities
    "cluster": "pipeline.stories:run_stage",  # after tagging, before digests
    "digest": "digests.site:run_stage",  # last: renders the day into the site folder
}


def stage(name: str) -> StageFn:
    module, func = STAGES[name].split(":")
    fn: StageFn = getattr(import_module(module), func)
    return fn


def run_stages(rt: Runtime, day: date, report: Callable[[str, str], None]) -> None:
    """Run every registered stage in order, reporting (name, summary) after each."""
    for name in STAGES:
        report(name, stage(name)(rt, day))
