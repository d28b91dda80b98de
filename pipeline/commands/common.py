"""Helpers shared by command modules."""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import Any

import typer
from rich.console import Console

from pipeline.errors import InputError
from pipeline.runtime import Runtime

out = Console(highlight=False, soft_wrap=True)


def runtime(ctx: typer.Context) -> Runtime:
    rt = ctx.find_root().obj
    assert isinstance(rt, Runtime)
    return rt


def print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, ensure_ascii=False, default=str) + "\n")


def parse_day(value: str | None, default: date | None = None, flag: str = "--date") -> date | None:
    """An ISO date from a flag, with a clear error."""
    if value is None:
        return default
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{flag} wants a date as YYYY-MM-DD, not {value!r}") from exc
