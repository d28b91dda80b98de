"""US states and territories (package data ``pipeline/data/states.csv``; see its attribution in the README)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class State:
    code: str
    name: str
    ap_abbrev: str
    capital: str
    demonyms: tuple[str, ...]
    tile_row: int
    tile_col: int
    kind: str


# Territories with no slot in the tile grid get the free cells noted in shared/data/NOTES.md.
_EXTRA_TILES = {"AS": (7, 1), "GU": (7, 2), "MP": (7, 3)}


def _tile(row: dict[str, str]) -> tuple[int, int]:
    if row["tile_row"] and row["tile_col"]:
        return int(row["tile_row"]), int(row["tile_col"])
    return _EXTRA_TILES[row["code"]]


@cache
def all_states() -> dict[str, State]:
    text = resources.files("pipeline.data").joinpath("states.csv").read_text("utf-8")
    return {
        r["code"]: State(r["code"], r["name"], r["ap_abbrev"], r["capital"],
                         tuple(d for d in r["demonyms"].split(";") if d), *_tile(r), r["kind"])
        for r in csv.DictReader(text.splitlines())
    }


STATE_CODES = frozenset(all_states())


def state_name(code: str) -> str:
    state = all_states().get(code)
    return state.name if state else code
