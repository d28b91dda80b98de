"""Geometry of the SVG tile map and bar charts, computed from plain data; the markup is in templates/*.svg."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.states import all_states

TILE = 44
GAP = 4
PALETTE = ("#f0f0f0", "#c6dbef", "#6baed6", "#2171b5", "#08306b")  # sequential blues, light to dark
DAY_STEPS = (1, 2, 4, 8)  # articles: 0 | 1 | 2-3 | 4-7 | 8+
CAMPAIGN_STEPS = (1, 5, 20, 50)
KIND_ORDER = ("mainstream", "wire", "local", "movement")
KIND_COLOURS = {"mainstream": "#08519c", "wire": "#6baed6", "local": "#e6550d", "movement": "#31a354"}


@dataclass(frozen=True)
class Tile:
    code: str
    name: str
    x: int
    y: int
    fill: str
    ink: str  # text colour readable on ``fill``
    count: int
    flagged: bool  # action reported, no coverage
    href: str | None


@dataclass(frozen=True)
class Swatch:
    label: str
    fill: str
    x: int


@dataclass(frozen=True)
class TileMap:
    id: str
    title: str
    width: int
    height: int
    tile: int
    tiles: tuple[Tile, ...]
    legend: tuple[Swatch, ...]
    legend_y: int  # the legend sits under the grid, so the map stays wide on a phone


def level(count: int, steps: Sequence[int]) -> int:
    return sum(count >= s for s in steps)


def _legend_labels(steps: Sequence[int]) -> list[str]:
    labels = ["none"]
    for lo, hi in zip(steps, list(steps[1:]) + [0], strict=True):
        labels.append(f"{lo}+" if not hi else (f"{lo}" if hi == lo + 1 else f"{lo}–{hi - 1}"))
    return labels


def tile_map(map_id: str, title: str, counts: Mapping[str, int], flagged: set[str], steps: Sequence[int],
             links: Mapping[str, str]) -> TileMap:
    """Tiles of every state at its grid place, shaded by ``counts``; ``flagged`` states get the hatch and outline."""
    states = all_states()
    tiles = []
    for code, s in sorted(states.items(), key=lambda kv: (kv[1].tile_row, kv[1].tile_col)):
        n = counts.get(code, 0)
        lvl = level(n, steps)
        tiles.append(Tile(code, s.name, s.tile_col * (TILE + GAP), s.tile_row * (TILE + GAP), PALETTE[lvl],
                          "#ffffff" if lvl >= 3 else "#111111", n, code in flagged, links.get(code)))
    cols = max(s.tile_col for s in states.values()) + 1
    rows = max(s.tile_row for s in states.values()) + 1
    width = cols * (TILE + GAP)
    legend = tuple(Swatch(label, PALETTE[i], 84 + i * (width - 84) // 5)
                   for i, label in enumerate(_legend_labels(steps)))
    legend_y = rows * (TILE + GAP) + 10
    return TileMap(map_id, title, width, legend_y + 56, TILE, tuple(tiles), legend, legend_y)


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    fill: str
    title: str


@dataclass(frozen=True)
class Tick:
    x: float
    label: str


@dataclass(frozen=True)
class BarChart:
    id: str
    title: str
    width: int
    height: int
    plot_top: int
    plot_bottom: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    y_max: int
    legend: tuple[tuple[str, str], ...]  # (label, colour)


def stacked_bars(chart_id: str, title: str, series: Sequence[tuple[date, Mapping[str, int]]],
                 unit: str = "stories", width: int = 420, height: int = 200) -> BarChart:
    """One stacked bar per day, one segment per outlet kind (in ``KIND_ORDER``)."""
    left, top, bottom = 36, 10, height - 24
    y_max = max([sum(c.values()) for _d, c in series] + [1])
    slot = (width - left - 4) / max(len(series), 1)
    bars, ticks = [], []
    every = max(1, len(series) // 8)
    for i, (day, counts) in enumerate(series):
        x, base = left + i * slot, float(bottom)
        for kind in KIND_ORDER:
            n = counts.get(kind, 0)
            if n:
                h = (bottom - top) * n / y_max
                base -= h
                bars.append(Bar(round(x + slot * 0.1, 2), round(base, 2), round(max(slot * 0.8, 1), 2),
                                round(h, 2), KIND_COLOURS[kind], f"{day.isoformat()}: {n} {unit}, {kind}"))
        if i % every == 0:
            ticks.append(Tick(round(x + slot / 2, 2), day.strftime("%b %d")))
    used = [k for k in KIND_ORDER if any(c.get(k) for _d, c in series)]
    return BarChart(chart_id, title, width, height, top, bottom, tuple(bars), tuple(ticks), y_max,
                    tuple((k, KIND_COLOURS[k]) for k in used))
