"""The digest as plain data: what templates, posts and JSON receive (never ORM objects)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any


@dataclass(frozen=True)
class Figures:
    """Headline figures of one day; ``*_change`` is the difference from the day before."""

    stories: int
    articles: int
    outlets: int
    states: int
    stories_change: int = 0
    articles_change: int = 0
    outlets_change: int = 0
    states_change: int = 0


@dataclass(frozen=True)
class StoryItem:
    """One story of the day (or one article not yet clustered), ready to show."""

    item_type: str  # story | article (as reviews name them)
    item_id: int
    title: str
    url: str | None
    outlet: str
    outlet_kind: str
    time: str  # local time of the first article of the day, "HH:MM"
    states: tuple[str, ...]
    state_names: tuple[str, ...]
    facilities: tuple[str, ...]
    summary: str
    syndication: int  # copies of the story in other outlets that day
    outlets: tuple[str, ...]
    score: float
    pinned: bool = False
    breakthrough: bool = False


@dataclass(frozen=True)
class Breakthrough:
    kind: str  # state_mainstream | facility_first
    label: str  # "First mainstream coverage of Alabama"
    title: str
    url: str | None
    outlet: str


@dataclass(frozen=True)
class StateLine:
    """Coverage of one state: the day's and the campaign's so far."""

    code: str
    name: str
    articles: int
    stories: int
    outlets: int
    campaign_articles: int
    action_reported: bool
    lead: StoryItem | None = None  # the day's best story about the state


@dataclass(frozen=True)
class BlackoutLine:
    code: str
    name: str
    facilities: tuple[str, ...]
    last_action: str  # ISO date
    kinds: tuple[str, ...]
    reports: int


@dataclass(frozen=True)
class Post:
    """A ready-made post: text a sharer can paste, with its length as the platform counts it."""

    platform: str
    about: str  # "story:12" | "article:7" | "state:AL"
    label: str  # what it is about, for people: the story's title or the state's name
    text: str
    length: int
    limit: int


@dataclass(frozen=True)
class Digest:
    day: date
    generated_at: str  # ISO timestamp
    draft: bool
    reviewed: bool  # a review exists for the day
    figures: Figures
    breakthroughs: tuple[Breakthrough, ...]
    top_stories: tuple[StoryItem, ...]
    states: tuple[StateLine, ...]  # states with coverage that day, most covered first
    campaign_states: tuple[StateLine, ...]  # every state with coverage or reported action so far
    blackout: tuple[BlackoutLine, ...]  # states with reported action and no coverage
    quiet_facilities: tuple[BlackoutLine, ...]  # reported facilities not named in coverage of a covered state
    movement_only: tuple[str, ...]  # state names covered only by movement media
    movement: tuple[StoryItem, ...]
    posts: tuple[Post, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return self.figures.articles == 0

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["day"] = self.day.isoformat()
        data["empty"] = self.empty
        return data
