"""Stage functions for the run-command tests."""

from datetime import date

from pipeline.runtime import Runtime


def ok(rt: Runtime, day: date) -> str:
    return f"ran for {day.isoformat()}"


def boom(rt: Runtime, day: date) -> str:
    raise RuntimeError("stage broke")
